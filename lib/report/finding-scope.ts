// Whose finding is it? A check judges the domain asked about: its zone and that zone's own
// delegation (the cut between it and its parent: ns.mismatch, glue.*, ds.* of that cut carry the
// zone's name, not the parent's). Findings about the zones above it — a TLD's serial drift, a root
// server's IPv6 — are context: shown, never counted in the status or the badge, or every child of
// a troubled TLD would carry the TLD's colour. Decided by the zone a finding is about, not its code.
import type { Finding } from '@/lib/checks/catalogue';
import type { Capture } from '@/lib/dns/capture';
import { canonicalName, isSubdomain } from '@/lib/dns/wire/name';

/**
 * The zones a check judges: the target's zone — when the walk did not find it (no delegation, a
 * limit), the deepest zone it reached on the way, which answers for the name — and the zone of each
 * alias target followed from it (the name's answers come from there).
 */
export function judgedZones(capture: Pick<Capture, 'target' | 'targetZone' | 'cuts' | 'cnames'>): Set<string> {
  const zones = new Set([canonicalName(capture.targetZone ?? deepestCutAbove(capture, capture.target) ?? capture.target)]);
  for (const alias of capture.cnames) {
    const zone = deepestCutAbove(capture, alias.target);
    if (zone) zones.add(zone);
  }
  return zones;
}

function deepestCutAbove(capture: Pick<Capture, 'cuts'>, name: string): string | null {
  let best: string | null = null;
  for (const cut of capture.cuts) {
    if (isSubdomain(name, cut.zone) && (best === null || isSubdomain(cut.zone, best))) best = canonicalName(cut.zone);
  }
  return best;
}

/** A predicate: is this finding about an ancestor of the judged zones (context, not counted)? */
export function contextFindingTest(capture: Pick<Capture, 'target' | 'targetZone' | 'cuts' | 'cnames'>): (finding: Pick<Finding, 'zone'>) => boolean {
  const judged = [...judgedZones(capture)];
  return (finding) => {
    const zone = canonicalName(finding.zone);
    return !judged.includes(zone) && judged.some((j) => isSubdomain(j, zone));
  };
}
