// analyze(capture) → findings: every check family over one reading of the capture, most severe
// first; analyzeCapture also returns the per-zone facts the findings rest on (zone-facts.ts). Pure: no clock (pass `now`), no network; the same capture always gives the same findings.
import type { Capture } from '@/lib/dns/capture';
import { severityRank, type Finding } from '@/lib/checks/catalogue';
import { checkContext, type Check } from '@/lib/checks/check-context';
import { checkCds } from '@/lib/checks/check-cds';
import { checkConsistency } from '@/lib/checks/check-consistency';
import { checkCoverage } from '@/lib/checks/check-coverage';
import { checkCsync } from '@/lib/checks/check-csync';
import { checkDelegation } from '@/lib/checks/check-delegation';
import { checkDnssec } from '@/lib/checks/check-dnssec';
import { checkGlue } from '@/lib/checks/check-glue';
import { checkNameservers } from '@/lib/checks/check-nameservers';
import { checkResolution } from '@/lib/checks/check-resolution';
import { zoneFacts, type ZoneFacts } from '@/lib/checks/zone-facts';

export interface AnalyzeOptions {
  now: Date;
}

export const CHECKS: readonly Check[] = [
  checkDelegation,
  checkGlue,
  checkNameservers,
  checkConsistency,
  checkDnssec,
  checkCds,
  checkCsync,
  checkResolution,
  checkCoverage,
];

function zoneDepth(zone: string): number {
  return zone === '.' ? 0 : zone.split('.').length - 1;
}

/** Most severe first; then the deepest zone (the target's) first; then code, server, address. */
export function compareFindings(a: Finding, b: Finding): number {
  return (
    severityRank(a.severity) - severityRank(b.severity) ||
    zoneDepth(b.zone) - zoneDepth(a.zone) ||
    a.zone.localeCompare(b.zone) ||
    a.code.localeCompare(b.code) ||
    (a.nameserver ?? '').localeCompare(b.nameserver ?? '') ||
    (a.address ?? '').localeCompare(b.address ?? '') ||
    a.summary.localeCompare(b.summary)
  );
}

export interface Analysis {
  /** Most severe first. */
  findings: Finding[];
  /** Per zone cut, root first: each address's status, the DS-to-key matches. */
  zones: ZoneFacts[];
}

export function analyzeCapture(capture: Capture, options: AnalyzeOptions): Analysis {
  const ctx = checkContext(capture, options.now);
  const order = new Map<string, number>();
  capture.observations.forEach((o, i) => order.set(o.id, i));
  const position = (id: string) => order.get(id) ?? Number.MAX_SAFE_INTEGER;
  const findings = CHECKS.flatMap((check) => check(ctx))
    .map((f) => ({ ...f, evidence: [...f.evidence].sort((x, y) => position(x) - position(y)) }))
    .sort(compareFindings);
  return { findings, zones: zoneFacts(ctx) };
}

export function analyze(capture: Capture, options: AnalyzeOptions): Finding[] {
  return analyzeCapture(capture, options).findings;
}
