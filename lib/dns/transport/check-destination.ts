import 'server-only';
import { isIP } from 'node:net';
import type { ObservationError } from '@/lib/dns/capture';
import type { AddressPolicy } from '@/lib/guard/address-policy';

/**
 * Whether a packet may go to `address`:`port`. Runs before any socket exists, so a refused
 * destination never sees a packet. Also the place where a name instead of an IP literal stops:
 * nothing after this point could resolve it.
 */
export function checkDestination(policy: AddressPolicy, address: string, port: number): ObservationError | null {
  if (isIP(address) === 0) {
    return { kind: 'blocked-by-policy', message: `"${address}" is not an IP literal; zonecut never resolves names through the system` };
  }
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    return { kind: 'blocked-by-policy', message: `port ${port} is not a valid destination port` };
  }
  const verdict = policy.check(address);
  return verdict.allowed ? null : { kind: 'blocked-by-policy', message: verdict.message };
}
