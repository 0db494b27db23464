// Where zonecut may send a packet. Nameserver addresses come from strangers' DNS data, so every
// destination is checked before anything leaves: only globally routable unicast, unless an
// operator allow-lists a range (ZONECUT_ALLOW_TARGETS) for a private DNS hierarchy or a lab.
import ipaddr from 'ipaddr.js';
import { type Cidr, inCidr, type IpAddress, parseIp } from '@/lib/domain/ip-literal';

export type AddressVerdict =
  { allowed: true; /** true when allowed only because of the allow-list */ allowListed: boolean } | { allowed: false; reason: AddressRefusal; message: string };

export type AddressRefusal = 'invalid' | 'non-global';

/** ipaddr.js range names that are never a public nameserver, with the words we show. */
const RANGE_WORDS: Record<string, string> = {
  unspecified: 'unspecified',
  broadcast: 'broadcast',
  multicast: 'multicast',
  linkLocal: 'link-local',
  loopback: 'loopback',
  carrierGradeNat: 'carrier-grade NAT (RFC 6598)',
  private: 'private (RFC 1918)',
  reserved: 'reserved, documentation or benchmarking',
  as112: 'AS112',
  amt: 'AMT (RFC 7450)',
  uniqueLocal: 'unique local (RFC 4193)',
  deprecatedSiteLocal: 'site-local (deprecated)',
  ipv4Mapped: 'IPv4-mapped',
  rfc6145: 'IPv4-translated (RFC 6145)',
  rfc6052: 'NAT64 (RFC 6052)',
  '6to4': '6to4',
  teredo: 'Teredo',
  benchmarking: 'benchmarking (RFC 5180)',
  discard: 'discard-only (RFC 6666)',
  orchid2: 'ORCHIDv2',
  droneRemoteIdProtocolEntityTags: 'DRIP entity tag',
};

// ipaddr.js knows 192.0.2/24 etc. as 'reserved' for IPv4 but has no name for some IPv6
// special-purpose blocks; these come from the IANA IPv6 Special-Purpose Address Registry.
const EXTRA_NON_GLOBAL: [string, string][] = [
  ['2001:db8::/32', 'documentation (RFC 3849)'],
  ['3fff::/20', 'documentation (RFC 9637)'],
  ['2001::/23', 'IETF protocol assignments'],
  ['fec0::/10', 'site-local (deprecated)'],
  ['64:ff9b:1::/48', 'local-use NAT64 (RFC 8215)'],
  ['5f00::/16', 'SRv6 SIDs (RFC 9602)'],
];
const EXTRA_CIDRS = EXTRA_NON_GLOBAL.map(([cidr, words]) => ({ range: ipaddr.parseCIDR(cidr), words }));

/** Which kind of non-global address this is, or null when it is global unicast. */
export function nonGlobalRange(ip: IpAddress): string | null {
  const range = ip.range();
  if (range !== 'unicast') return RANGE_WORDS[range] ?? range;
  if (ip.kind() === 'ipv6') {
    for (const { range: cidr, words } of EXTRA_CIDRS) if (inCidr(ip, cidr)) return words;
    // Only 2000::/3 is allocated global unicast today.
    if (!inCidr(ip, [ipaddr.IPv6.parse('2000::'), 3])) return 'not in global unicast (2000::/3)';
  }
  return null;
}

export interface AddressPolicy {
  check(address: string): AddressVerdict;
}

export function createAddressPolicy(allowTargets: readonly Cidr[] = []): AddressPolicy {
  return {
    check(address) {
      const ip = parseIp(address);
      if (!ip) return { allowed: false, reason: 'invalid', message: `"${address}" is not an IP address` };
      if (allowTargets.some((c) => inCidr(ip, c))) return { allowed: true, allowListed: true };
      const range = nonGlobalRange(ip);
      if (range) {
        return {
          allowed: false,
          reason: 'non-global',
          message: `${address} is a ${range} address; zonecut does not query it (allow it with ZONECUT_ALLOW_TARGETS)`,
        };
      }
      return { allowed: true, allowListed: false };
    },
  };
}
