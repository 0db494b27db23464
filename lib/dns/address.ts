// Server addresses: one module for how zonecut spells, keys and classifies them. The walker
// writes every address it records in its canonical spelling (`canonicalAddress`), so glue, child
// data and resolver answers for one server meet in one entry and it is asked once; checks and
// views then compare the recorded text (`addressKey`) without parsing it again. Parsing is
// ipaddr.js's, through lib/domain/ip-literal (strict: no octal, no zone index).
import ipaddr from 'ipaddr.js';
import { parseIp } from '@/lib/domain/ip-literal';
import { KeptTable } from '@/lib/dns/kept-table';

/**
 * An IP literal in its one spelling (RFC 5952 for IPv6, IPv4-mapped IPv6 as IPv4), or undefined
 * when the text is not an IP literal.
 */
export function canonicalAddress(text: string): string | undefined {
  const known = CANONICAL.get(text);
  if (known !== undefined) return known ?? undefined;
  const ip = parseIp(text);
  const canonical = ip ? ip.toString() : null;
  // A walk spells the same few addresses hundreds of times; parsing each was a tenth of its CPU.
  CANONICAL.keep(text, canonical);
  return canonical ?? undefined;
}

/** Spellings already read (null: not an IP literal), the oldest dropped first past the bound. */
const CANONICAL = new KeptTable<string, string | null>(4096);

/**
 * An address as a capture recorded it, as a comparison key. Recorded addresses are already
 * canonical; lowercasing covers captures written by hand (tests, older reports) at no parsing cost.
 */
export function addressKey(recorded: string): string {
  return recorded.toLowerCase();
}

/**
 * The /24 (IPv4) or /48 (IPv6) an address sits in, as text (`192.0.2.0/24`, `2001:db8:1::/48`);
 * null when it is not an IP literal or is an IPv4-embedded IPv6 form (not a server address we judge).
 */
export function networkOf(address: string): string | null {
  if (address.includes(':') && address.includes('.')) return null;
  const ip = parseIp(address);
  if (!ip) return null;
  return ip.kind() === 'ipv4' ? `${ipaddr.IPv4.networkAddressFromCIDR(`${ip}/24`)}/24` : `${ipaddr.IPv6.networkAddressFromCIDR(`${ip}/48`)}/48`;
}

export function addressFamily(address: string): 4 | 6 {
  return address.includes(':') ? 6 : 4;
}

/** Where a probe goes: the address and port together (a hint may name a port other than 53). */
export function endpointKey(address: string, port: number): string {
  return `${address}#${port}`;
}
