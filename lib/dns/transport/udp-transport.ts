import 'server-only';
import type { AddressPolicy } from '@/lib/guard/address-policy';
import { createExchangeTransport } from './create-exchange-transport';
import { exchangeOverNetwork } from './exchange-over-network';
import type { ServerPacing } from './server-rate';
import { sharedServerTimeouts, type ServerTimeouts } from './server-timeouts';
import type { Transport } from './types';

export interface UdpTransportOptions {
  /** Checked before every packet; a refused address gets `blocked-by-policy` and no packet. */
  policy: AddressPolicy;
  /** Per-attempt timeout unless a query sets `timeoutMs` (default 1500 ms). */
  timeoutMs?: number;
  /** Each attempt waits for its turn at the server's query rate (server-rate.ts). */
  pacing?: ServerPacing;
  /** Adaptive per-server timeouts (default the table every check of the process shares). */
  timeouts?: ServerTimeouts;
}

/**
 * Queries an authoritative server the way a resolver would (RFC 1035 4.2.1, RFC 7766 5): UDP
 * with EDNS(0) and a 1232-octet buffer, one retry on timeout, once more without EDNS after a
 * FORMERR from a server that predates it, then TCP when the answer is truncated or UDP fails
 * (createExchangeTransport). Every attempt is kept in the Observation with its reason.
 */
export function createUdpTransport(opts: UdpTransportOptions): Transport {
  return createExchangeTransport({
    kind: 'udp',
    protocol: 'udp',
    exchange: exchangeOverNetwork,
    policy: opts.policy,
    timeoutMs: opts.timeoutMs,
    pacing: opts.pacing,
    timeouts: opts.timeouts ?? sharedServerTimeouts,
  });
}
