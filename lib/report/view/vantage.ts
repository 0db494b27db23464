// The vantage point in words: which address families the check could test, why, and which
// resolver looked names up. Shown on every report (page and command line), so that an address
// "not tested from here" is never read as one that answered. Pure, isomorphic.
import type { Report, ReportVantage } from '@/lib/report/report';

export interface VantageView {
  /** `IPv4 and IPv6`, `IPv4 only` */
  families: string;
  /** Not every family was tested: addresses of the other are "not tested from here". */
  partial: boolean;
  /** How IPv6 was decided. */
  ipv6: string;
  resolver: string;
}

const FAMILY = { 4: 'IPv4', 6: 'IPv6' } as const;

export function viewVantage(report: Pick<Report, 'vantage' | 'capture'>): VantageView {
  const v: ReportVantage = report.vantage ?? { families: [4, 6], ipv6: null, resolver: report.capture.resolver };
  const has6 = v.families.includes(6);
  const families = v.families.length === 2 ? 'IPv4 and IPv6' : `${v.families.map((f) => FAMILY[f]).join(' and ')} only`;
  const ipv6 =
    v.ipv6 === 'auto'
      ? has6
        ? 'IPv6 detected on this host'
        : 'this host has no IPv6 route: IPv6 servers not tested from here'
      : v.ipv6 === 'on'
        ? 'IPv6 forced on (ZONECUT_IPV6=on)'
        : v.ipv6 === 'off'
          ? 'IPv6 turned off (ZONECUT_IPV6=off): IPv6 servers not tested'
          : 'not recorded (an older report)';
  const r = v.resolver;
  const resolver = r.kind === 'none' ? 'none' : r.kind === 'lab' ? "the lab's resolver" : r.url ? `${r.kind.toUpperCase()} ${r.url}` : r.kind.toUpperCase();
  return { families, partial: v.families.length < 2, ipv6, resolver };
}
