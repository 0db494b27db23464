// IP literals as people and configuration files write them. Strict on purpose: `010.1.1.1` and
// `0x7f.1` mean different addresses to different parsers, so they are refused, not guessed.
import ipaddr from 'ipaddr.js';

export type IpAddress = ipaddr.IPv4 | ipaddr.IPv6;

/** Parse an IP literal: dotted-quad decimal for IPv4; IPv4-mapped IPv6 comes back as IPv4. */
export function parseIp(text: string): IpAddress | null {
  const t = text.trim();
  if (t.includes(':')) {
    // A zone index (`fe80::1%eth0`) names a local interface: never a destination from DNS data.
    if (t.includes('%')) return null;
    if (!ipaddr.IPv6.isValid(t)) return null;
    return ipaddr.process(t); // unwraps ::ffff:a.b.c.d to IPv4 so it meets the IPv4 rules
  }
  if (!ipaddr.IPv4.isValidFourPartDecimal(t)) return null;
  // Leading zeros read as octal by some parsers: refuse the ambiguity rather than guess.
  if (t.split('.').some((p) => p.length > 1 && p.startsWith('0'))) return null;
  return ipaddr.IPv4.parse(t);
}

export type Cidr = [IpAddress, number];

/** Parse `192.0.2.0/24`, `2001:db8::/32` or a bare address (a /32 or /128). */
export function parseCidr(text: string): Cidr | null {
  const t = text.trim();
  const slash = t.indexOf('/');
  const ip = parseIp(slash < 0 ? t : t.slice(0, slash));
  if (!ip) return null;
  const max = ip.kind() === 'ipv4' ? 32 : 128;
  if (slash < 0) return [ip, max];
  const bits = t.slice(slash + 1);
  if (!/^\d{1,3}$/.test(bits) || Number(bits) > max) return null;
  return [ip, Number(bits)];
}

/** Whether `ip` is inside `cidr` (never across families). */
export function inCidr(ip: IpAddress, [net, bits]: Cidr): boolean {
  return ip.kind() === net.kind() && ip.match(net as never, bits);
}
