// Capture → Report: analyse, count, figure. Pure (the time comes in as `now`), so a stored
// capture can be re-analysed anywhere, any time, with the same result for the same catalogue.
import { analyzeCapture } from '@/lib/checks/analyze';
import { checkContext } from '@/lib/checks/check-context';
import { zoneFacts } from '@/lib/checks/zone-facts';
import { CATALOGUE_VERSION, SEVERITIES, type Finding, type Severity } from '@/lib/checks/catalogue';
import type { Capture, WalkOutcome } from '@/lib/dns/capture';
import { judgeStatus } from '@/lib/report/badge-status';
import { canonicalName } from '@/lib/dns/wire/pure';
import { contextFindingTest } from '@/lib/report/finding-scope';
import { REPORT_SCHEMA_VERSION, type CheckTotals, type Report, type ReportSummary, type ReportVantage } from '@/lib/report/report';
import { serverFigures } from '@/lib/report/server-figures';

export interface BuildReportOptions {
  now: Date;
  /** The zonecut version (package.json `version`, plus a build id if any). */
  version: string;
}

/**
 * Status and counts of the domain's own findings, and which findings are context; `isContext`
 * picks those about its ancestors, and
 * the walk's `outcome` says whether enough was seen to judge (badge-status.ts judgeStatus).
 */
export function summarizeFindings(
  findings: readonly Finding[],
  totals: CheckTotals,
  isContext: (f: Finding) => boolean = () => false,
  outcome: WalkOutcome = 'complete',
): ReportSummary {
  const zero = () => Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
  const counts = zero();
  const context = zero();
  const contextFindings: number[] = [];
  findings.forEach((f, i) => {
    if (isContext(f)) contextFindings.push(i);
    (isContext(f) ? context : counts)[f.severity] += 1;
  });
  return { status: judgeStatus(counts, outcome), counts, context, contextFindings, totals };
}

export function describeVantage(capture: Capture): ReportVantage {
  return {
    // A capture from before the vantage was recorded sent to every address it learnt.
    families: capture.vantage?.families ?? [4, 6],
    ipv6: capture.vantage?.ipv6 ?? null,
    resolver: capture.resolver,
  };
}

export function buildReport(capture: Capture, options: BuildReportOptions): Report {
  const { findings, zones } = analyzeCapture(capture, { now: options.now });
  const { servers, totals } = serverFigures(capture);
  return {
    schemaVersion: REPORT_SCHEMA_VERSION,
    zonecutVersion: options.version,
    catalogueVersion: CATALOGUE_VERSION,
    domain: canonicalName(capture.target),
    analyzedAt: options.now.toISOString(),
    capture,
    findings,
    zones,
    summary: summarizeFindings(findings, totals, contextFindingTest(capture), capture.outcome),
    vantage: describeVantage(capture),
    servers,
  };
}

/**
 * A report stored before the facts were recorded, given them (read from its own capture): before
 * any zone facts, or before the target's CDS and CSYNC records were among them.
 */
export function withZoneFacts(report: Report): Report {
  if (Array.isArray(report.zones) && report.zones.every((z) => z.dnssec === undefined || (z.dnssec.cds !== undefined && z.dnssec.csync !== undefined)))
    return report;
  return { ...report, zones: zoneFacts(checkContext(report.capture, new Date(report.analyzedAt))) };
}
