import 'server-only';
import type { AddressPolicy } from '@/lib/guard/address-policy';
import type { ServerPacing } from './server-rate';
import type { Transport } from './types';
import { createUdpTransport } from './udp-transport';

export interface NetworkTransportOptions {
  policy: AddressPolicy;
  /** Per-attempt timeout (default 1500 ms). */
  timeoutMs?: number;
  /** The per-server query rate shared by every check (server-rate.ts). */
  pacing?: ServerPacing;
}

/**
 * The transport for authoritative servers: UDP with EDNS(0), one retry, TCP on truncation or
 * UDP failure. For recursive look-ups use createDohTransport.
 */
export function createNetworkTransport(opts: NetworkTransportOptions): Transport {
  return createUdpTransport({ policy: opts.policy, timeoutMs: opts.timeoutMs, pacing: opts.pacing });
}
