// Addresses as the walker keys them: one spelling per address (RFC 5952 for IPv6), so glue,
// child data and resolver answers for the same server meet in one entry and it is asked once.
import { parseIp } from '@/lib/domain/ip-literal';

/** The address in its one spelling, or undefined when it is not an IP literal. */
export function normalizeAddress(text: string): string | undefined {
  const ip = parseIp(text);
  return ip ? ip.toString() : undefined;
}

export function addressFamily(address: string): 4 | 6 {
  return address.includes(':') ? 6 : 4;
}

/** Where a probe goes: the address and port together (a hint may name a port other than 53). */
export function endpointKey(address: string, port: number): string {
  return `${address}#${port}`;
}
