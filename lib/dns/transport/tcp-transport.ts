import 'server-only';
import type { AddressPolicy } from '@/lib/guard/address-policy';
import { createExchangeTransport } from './create-exchange-transport';
import type { ServerPacing } from './server-rate';
import { exchangeOverNetwork } from './exchange-over-network';
import type { Transport } from './types';

export interface TcpTransportOptions {
  policy: AddressPolicy;
  /** Connect timeout, and again the reply timeout, unless a query sets `timeoutMs` (default 1500 ms). */
  timeoutMs?: number;
  /** Each attempt waits for its turn at the server's query rate (server-rate.ts). */
  pacing?: ServerPacing;
}

/**
 * DNS over TCP only (RFC 7766): one connection per query, no retry on timeout (TCP retransmits
 * for us); only the FORMERR-to-EDNS retry without OPT (createExchangeTransport). For probing
 * whether a server answers over TCP at all.
 */
export function createTcpTransport(opts: TcpTransportOptions): Transport {
  return createExchangeTransport({
    kind: 'tcp',
    protocol: 'tcp',
    exchange: exchangeOverNetwork,
    policy: opts.policy,
    timeoutMs: opts.timeoutMs,
    pacing: opts.pacing,
  });
}
