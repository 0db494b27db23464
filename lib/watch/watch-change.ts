// The changes a watch reports between two runs, and their words: small and isomorphic, for the
// pages, the feeds and the webhook body (watch-snapshot.ts computes them).

export interface SnapshotFinding {
  /** The finding's identity across reports (diff-reports.ts findingKey). */
  key: string;
  code: string;
  severity: string;
  summary: string;
}

/** What changed, one entry per fact. Sets list what was added and removed; single values, before and after. */
export type WatchChange =
  | { kind: 'parent-ns' | 'child-ns' | 'glue' | 'ds' | 'dnskey' | 'cds' | 'csync'; added: string[]; removed: string[] }
  | { kind: 'csync-state' | 'status' | 'zone'; before: string; after: string }
  | { kind: 'findings'; added: SnapshotFinding[]; resolved: SnapshotFinding[] };

export type WatchChangeKind = WatchChange['kind'];

/** Words for each kind, for feeds, pages and webhook readers. */
export const CHANGE_WORDS: Record<WatchChangeKind, string> = {
  zone: 'zone',
  'parent-ns': 'NS at the parent',
  'child-ns': 'NS at the zone',
  glue: 'glue',
  ds: 'DS',
  dnskey: 'DNSKEY',
  cds: 'CDS/CDNSKEY',
  csync: 'CSYNC',
  'csync-state': 'CSYNC state',
  findings: 'findings',
  status: 'status',
};

/** One line per change, for a feed entry or a page: `NS at the parent: + ns3.x. − ns2.x.` */
export function describeChange(change: WatchChange): string {
  const words = CHANGE_WORDS[change.kind];
  if ('before' in change) return `${words}: ${change.before} → ${change.after}`;
  if (change.kind === 'findings') {
    const parts = [...change.added.map((f) => `+ ${f.code}`), ...change.resolved.map((f) => `− ${f.code}`)];
    return `${words}: ${parts.join(' ')}`;
  }
  return `${words}: ${[...change.added.map((x) => `+ ${x}`), ...change.removed.map((x) => `− ${x}`)].join(' ')}`;
}
