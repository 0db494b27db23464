// What a watch remembers of each run, and what counts as a change between two runs. A snapshot is
// the facts of one report that an operator in a migration watches: the domain's own delegation (NS
// on both sides of its cut, the glue), its DS, DNSKEY, CDS/CDNSKEY and CSYNC, what a parent would do
// with the CSYNC, its own findings and its status. The zones above it (root, TLD) are left out, as
// the status leaves them out: a TLD's change is not this domain's event.
// Pure and isomorphic: report in, snapshot out; two snapshots in, changes out.
import { canonicalName } from '@/lib/dns/wire/name';
import { familyOf } from '@/lib/checks/catalogue';
import { dnssecSets, findingKey, glueOf } from '@/lib/report/diff-reports';
import type { Report, ReportStatus } from '@/lib/report/report';
import { splitFindings } from '@/lib/report/view/summary';
import { csyncView } from '@/lib/report/view/dnssec';
import type { SnapshotFinding, WatchChange } from '@/lib/watch/watch-change';

export const WATCH_SNAPSHOT_VERSION = 1;

/** A snapshot keeps at most this many findings (a report rarely has a tenth of it). */
export const MAX_SNAPSHOT_FINDINGS = 200;

export interface WatchSnapshot {
  version: typeof WATCH_SNAPSHOT_VERSION;
  status: ReportStatus;
  /** The zone the domain sits in (its own cut), or null when the walk found none. */
  zone: string | null;
  parentNs: string[];
  childNs: string[];
  /** `name address` pairs. */
  glue: string[];
  ds: string[];
  dnskey: string[];
  /** `CDS …` and `CDNSKEY …` entries. */
  cds: string[];
  csync: string[];
  /** What a parent processing the CSYNC would do: `pending: +NS ns3.x., -NS ns2.x.`, `in-sync`, `unknown`, or `none`. */
  csyncState: string;
  findings: SnapshotFinding[];
}

const sorted = (values: Iterable<string>) => [...new Set(values)].sort();

export function watchSnapshot(report: Report): WatchSnapshot {
  const target = report.capture.cuts.find((c) => c.isTarget && c.parent !== null);
  const sets = dnssecSets(report);
  const csync = csyncView(report, familyOf);
  const effect = csync?.effect;
  const csyncState = !effect
    ? 'none'
    : effect.kind === 'pending'
      ? `pending: ${[...sorted(effect.add).map((n) => `+${n}`), ...sorted(effect.remove).map((n) => `-${n}`)].join(', ')}`
      : effect.kind;
  const own = splitFindings(report).own.flatMap((i) => report.findings[i] ?? []);
  const findings = new Map<string, SnapshotFinding>();
  for (const f of own) {
    if (findings.size >= MAX_SNAPSHOT_FINDINGS) break;
    const key = findingKey(f);
    if (!findings.has(key)) findings.set(key, { key, code: f.code, severity: f.severity, summary: f.summary });
  }
  return {
    version: WATCH_SNAPSHOT_VERSION,
    status: report.summary.status,
    zone: target ? canonicalName(target.zone) : null,
    parentNs: sorted((target?.parentNs ?? []).map(canonicalName)),
    childNs: sorted((target?.childNs ?? []).map(canonicalName)),
    glue: sorted(glueOf(target)),
    ds: sorted(sets.ds),
    dnskey: sorted(sets.dnskey),
    cds: sorted(sets.cds),
    csync: sorted(sets.csync),
    csyncState,
    findings: [...findings.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)),
  };
}

const SET_KINDS = [
  ['parent-ns', 'parentNs'],
  ['child-ns', 'childNs'],
  ['glue', 'glue'],
  ['ds', 'ds'],
  ['dnskey', 'dnskey'],
  ['cds', 'cds'],
  ['csync', 'csync'],
] as const;

/**
 * The changes from `before` (the previous run) to `after`; empty when nothing a watch follows
 * changed. Sets compare as sets. The first run has no `before`: it is the baseline, never an event.
 */
export function diffSnapshots(before: WatchSnapshot, after: WatchSnapshot): WatchChange[] {
  const changes: WatchChange[] = [];
  if ((before.zone ?? 'none') !== (after.zone ?? 'none')) changes.push({ kind: 'zone', before: before.zone ?? 'none', after: after.zone ?? 'none' });
  for (const [kind, field] of SET_KINDS) {
    const b = new Set(before[field]);
    const a = new Set(after[field]);
    const added = sorted([...a].filter((x) => !b.has(x)));
    const removed = sorted([...b].filter((x) => !a.has(x)));
    if (added.length > 0 || removed.length > 0) changes.push({ kind, added, removed });
  }
  if (before.csyncState !== after.csyncState) changes.push({ kind: 'csync-state', before: before.csyncState, after: after.csyncState });
  const bk = new Set(before.findings.map((f) => f.key));
  const ak = new Set(after.findings.map((f) => f.key));
  const added = after.findings.filter((f) => !bk.has(f.key));
  const resolved = before.findings.filter((f) => !ak.has(f.key));
  if (added.length > 0 || resolved.length > 0) changes.push({ kind: 'findings', added, resolved });
  if (before.status !== after.status) changes.push({ kind: 'status', before: before.status, after: after.status });
  return changes;
}

/** Reads a stored snapshot: null when it is not one this version wrote (then the next run is a new baseline). */
export function parseSnapshot(text: string | null): WatchSnapshot | null {
  if (!text) return null;
  try {
    const value = JSON.parse(text) as Partial<WatchSnapshot>;
    return value && value.version === WATCH_SNAPSHOT_VERSION && Array.isArray(value.parentNs) && Array.isArray(value.findings)
      ? (value as WatchSnapshot)
      : null;
  } catch {
    return null;
  }
}
