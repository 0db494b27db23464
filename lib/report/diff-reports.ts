// What changed between two reports of one domain, for /r/<id>/compare/<other>: per zone cut the
// NS sets on each side and the glue, then the target zone's DS, DNSKEY, CDS and CSYNC, each
// server's status, and the findings added and resolved. Pure and isomorphic; sets are compared as
// sets (order and case do not count) and every list comes out sorted, so the view is stable.
import { familyOf, type Finding, type Severity } from '@/lib/checks/catalogue';
import type { Capture, ZoneCut } from '@/lib/dns/capture';
import { canonicalName } from '@/lib/dns/wire/name';
import type { Report } from '@/lib/report/report';
import { cdsView, csyncView, dnssecView } from '@/lib/report/view/dnssec';

export interface SetDiff {
  before: string[];
  after: string[];
  added: string[];
  removed: string[];
}

export interface CutDiff {
  zone: string;
  /** The cut is in one report only. */
  presence: 'both' | 'before-only' | 'after-only';
  parentNs: SetDiff;
  childNs: SetDiff;
  /** `name address` pairs of the parent's glue. */
  glue: SetDiff;
}

export interface ServerChange {
  server: string;
  before: string | null;
  after: string | null;
}

export interface FindingRef {
  code: string;
  zone: string;
  severity: Severity;
  summary: string;
}

export interface ReportDiff {
  domain: string;
  cuts: CutDiff[];
  ds: SetDiff;
  /** `tag/algorithm (KSK|ZSK)` per key. */
  dnskey: SetDiff;
  cds: SetDiff;
  csync: SetDiff;
  servers: ServerChange[];
  findingsAdded: FindingRef[];
  findingsResolved: FindingRef[];
  /** Nothing above changed. */
  same: boolean;
}

const sorted = (values: Iterable<string>) => [...new Set(values)].sort();

export function setDiff(before: Iterable<string>, after: Iterable<string>): SetDiff {
  const b = sorted(before);
  const a = sorted(after);
  return { before: b, after: a, added: a.filter((x) => !b.includes(x)), removed: b.filter((x) => !a.includes(x)) };
}

const changed = (d: SetDiff) => d.added.length > 0 || d.removed.length > 0;

/** `name address` pairs of a cut's glue (addresses the parent handed out). */
export function glueOf(cut: ZoneCut | undefined): string[] {
  if (!cut) return [];
  return cut.nameservers.flatMap((ns) =>
    ns.addresses.filter((a) => a.origins.includes('glue')).map((a) => `${canonicalName(ns.name)} ${a.address.toLowerCase()}`),
  );
}

function cutsByZone(capture: Capture): Map<string, ZoneCut> {
  return new Map(capture.cuts.filter((c) => c.parent !== null).map((c) => [canonicalName(c.zone), c]));
}

/**
 * Params that differ from check to check without anything changing in the zone (how much of its
 * budget a walk used): not part of a finding's identity, or every comparison and every run of a
 * watch of such a domain would show the finding resolved and found again.
 */
const VOLATILE_PARAMS: Partial<Record<string, readonly string[]>> = { 'check.budget-exhausted': ['used'] };

/** A finding's identity across reports: its code, zone and params (not its wording, evidence or volatile params). */
export function findingKey(f: Finding): string {
  const volatile = VOLATILE_PARAMS[f.code] ?? [];
  const params = Object.keys(f.params)
    .filter((k) => !volatile.includes(k))
    .sort()
    .map((k) => {
      const v = f.params[k];
      return `${k}=${Array.isArray(v) ? [...v].map(String).sort().join(',') : String(v)}`;
    });
  return [f.code, canonicalName(f.zone), f.nameserver ?? '', f.address ?? '', ...params].join('|');
}

function serverStatus(s: Report['servers'][number]): string {
  if (s.blocked > 0 && s.queries === 0) return 'blocked';
  if (s.queries === 0) return s.cached > 0 ? 'answered from cache' : 'not asked';
  if (s.answered === 0) return 'no answer';
  if (s.answered < s.queries) return `answered ${s.answered} of ${s.queries}`;
  return 'answering';
}

function serverMap(report: Report): Map<string, string> {
  return new Map(
    report.servers.filter((s) => s.role === 'authoritative').map((s) => [`${s.address.toLowerCase()}${s.port === 53 ? '' : `:${s.port}`}`, serverStatus(s)]),
  );
}

const ref = (f: Finding): FindingRef => ({ code: f.code, zone: f.zone, severity: f.severity, summary: f.summary });

const dsText = (d: { keyTag: number; algorithm: number; digestType: number; digest: string }) =>
  `${d.keyTag} ${d.algorithm} ${d.digestType} ${d.digest.toUpperCase()}`;

/** The target zone's DS, DNSKEY, CDS/CDNSKEY and CSYNC, each as a set of comparable strings. */
export function dnssecSets(report: Report) {
  const dnssec = dnssecView(report);
  const cds = cdsView(report, familyOf);
  const csync = csyncView(report, familyOf);
  return {
    ds: (dnssec?.ds ?? []).map((d) => dsText(d.ds)),
    dnskey: (dnssec?.keys ?? []).map((k) => `${k.tag}/${k.key.algorithm} ${k.role}`),
    cds: [...(cds?.cds ?? []).map((d) => `CDS ${dsText(d)}`), ...(cds?.cdnskey ?? []).map((k) => `CDNSKEY ${k.tag}/${k.key.algorithm}`)],
    csync: (csync?.records ?? []).map((r) => `${r.serial} ${r.flags} ${[...r.types].join(' ')}`),
  };
}

/** `before` is the older report, `after` the newer; both of the same domain. */
export function diffReports(before: Report, after: Report): ReportDiff {
  const bc = cutsByZone(before.capture);
  const ac = cutsByZone(after.capture);
  const zones = [...new Set([...bc.keys(), ...ac.keys()])];
  // Root side first: the zones as the newer walk met them, then any only the older one had.
  const order = (z: string) => (ac.has(z) ? [...ac.keys()].indexOf(z) : 1000 + [...bc.keys()].indexOf(z));
  zones.sort((x, y) => order(x) - order(y));
  const cuts = zones.map((zone): CutDiff => {
    const b = bc.get(zone);
    const a = ac.get(zone);
    return {
      zone,
      presence: b && a ? 'both' : b ? 'before-only' : 'after-only',
      parentNs: setDiff((b?.parentNs ?? []).map(canonicalName), (a?.parentNs ?? []).map(canonicalName)),
      childNs: setDiff((b?.childNs ?? []).map(canonicalName), (a?.childNs ?? []).map(canonicalName)),
      glue: setDiff(glueOf(b), glueOf(a)),
    };
  });

  const bs = dnssecSets(before);
  const as = dnssecSets(after);
  const ds = setDiff(bs.ds, as.ds);
  const dnskey = setDiff(bs.dnskey, as.dnskey);
  const cds = setDiff(bs.cds, as.cds);
  const csync = setDiff(bs.csync, as.csync);

  const sb = serverMap(before);
  const sa = serverMap(after);
  const servers = sorted([...sb.keys(), ...sa.keys()])
    .map((server) => ({ server, before: sb.get(server) ?? null, after: sa.get(server) ?? null }))
    .filter((s) => s.before !== s.after);

  const bk = new Map(before.findings.map((f) => [findingKey(f), f]));
  const ak = new Map(after.findings.map((f) => [findingKey(f), f]));
  const findingsAdded = [...ak].filter(([k]) => !bk.has(k)).map(([, f]) => ref(f));
  const findingsResolved = [...bk].filter(([k]) => !ak.has(k)).map(([, f]) => ref(f));

  const same =
    cuts.every((c) => c.presence === 'both' && !changed(c.parentNs) && !changed(c.childNs) && !changed(c.glue)) &&
    ![ds, dnskey, cds, csync].some(changed) &&
    servers.length === 0 &&
    findingsAdded.length === 0 &&
    findingsResolved.length === 0;
  return { domain: after.domain, cuts, ds, dnskey, cds, csync, servers, findingsAdded, findingsResolved, same };
}

export { changed as setChanged };
