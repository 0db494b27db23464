// Where a lab server lives when the lab runs on real sockets: documentation addresses cannot be
// bound, so each maps to one in 127.53.0.0/16 (all of 127/8 reaches the loopback interface on
// Linux with no configuration). The map keeps the last octet, so 198.51.100.20 ↔ 127.53.100.20.
// IPv6 has a single loopback address, so lab IPv6 addresses have no socket of their own.
// It sits with the address policy, below every floor that needs it: the lab binds and exports
// with it, and the report (isomorphic, never importing lib/lab) writes the lab's `dig` commands.

const BLOCKS: Record<string, string> = {
  '192.0.2.': '127.53.2.', // RFC 5737 TEST-NET-1: the lab's infrastructure
  '198.51.100.': '127.53.100.', // TEST-NET-2
  '203.0.113.': '127.53.113.', // TEST-NET-3
};

/** The loopback IPv4 address for a lab (documentation) IPv4 address; null for anything else. */
export function loopbackAddress(labAddress: string): string | null {
  for (const [from, to] of Object.entries(BLOCKS)) {
    if (labAddress.startsWith(from) && /^\d{1,3}$/.test(labAddress.slice(from.length))) return to + labAddress.slice(from.length);
  }
  return null;
}

/** Whether an address is loopback (127.0.0.0/8 or ::1): the only places the lab may bind or send to. */
export function isLoopback(address: string): boolean {
  return /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(address) || address === '::1';
}

/**
 * The lab's A/AAAA data as served on sockets and exported for real servers: IPv4 moved onto the
 * loopback, IPv6 dropped (one loopback address cannot stand for many servers), so whatever follows
 * the referrals only ever sends packets to 127.53.0.0/16.
 */
export function rewriteToLoopback(address: string): string | null {
  return address.includes(':') ? null : loopbackAddress(address);
}
