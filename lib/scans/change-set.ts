// The registry's view of a scan: for each child, the DS and NS/glue changes that processing its
// CDS/CDNSKEY (RFC 7344, RFC 8078, RFC 9615) and CSYNC (RFC 7477) now would make. Nothing is
// judged here: the verdicts are the ones the report's CDS and CSYNC panels show
// (lib/report/view/dnssec.ts cdsView and csyncView, from the checks' findings), reshaped.
import { familyOf } from '@/lib/checks/catalogue';
import type { Report } from '@/lib/report/report';
import { cdsView, csyncView } from '@/lib/report/view/dnssec';

/** What a parent would do to the child's DS RRset. */
export type DsChange =
  | { action: 'replace'; add: string[]; remove: string[]; install: string[] }
  | { action: 'delete'; remove: string[] }
  | { action: 'bootstrap'; install: string[] }
  /** Signals exist but a parent must not act on them (the reason in words). */
  | { action: 'blocked'; reason: string };

/** What a parent would do to the child's delegation (NS RRset and in-domain glue). */
export type DelegationChange =
  { action: 'update'; parent: string; add: string[]; remove: string[] } | { action: 'blocked'; add: string[]; remove: string[]; reasons: string[] };

export interface ChildChanges {
  ds?: DsChange;
  delegation?: DelegationChange;
}

/** null when processing the child's signals would change nothing (or it publishes none). */
export function childChanges(report: Pick<Report, 'capture' | 'zones' | 'findings'>): ChildChanges | null {
  const out: ChildChanges = {};
  const cds = cdsView(report, familyOf);
  const v = cds?.verdict;
  if (v?.kind === 'pending' && (v.add.length > 0 || v.remove.length > 0)) out.ds = { action: 'replace', add: v.add, remove: v.remove, install: v.install };
  else if (v?.kind === 'delete') out.ds = { action: 'delete', remove: v.remove };
  else if (v?.kind === 'bootstrap' && v.state === 'ready') out.ds = { action: 'bootstrap', install: v.install };
  else if (v?.kind === 'bootstrap' && v.install.length > 0) out.ds = { action: 'blocked', reason: v.stateWords };
  else if (v?.kind === 'inconsistent') out.ds = { action: 'blocked', reason: v.problem };

  const csync = csyncView(report, familyOf);
  if (csync?.effect.kind === 'pending') {
    const { parent, add, remove } = csync.effect;
    out.delegation =
      csync.blockers.length === 0
        ? { action: 'update', parent, add, remove }
        : { action: 'blocked', add, remove, reasons: csync.blockers.map((b) => b.reason) };
  }
  return out.ds || out.delegation ? out : null;
}
