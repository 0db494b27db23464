// runCheck, then store the report: what POST /api/reports and badges call. Every completed check is
// kept; one the caller aborted (the client went away) is not a finished check and is not stored.
import 'server-only';
import { getConfig } from '@/lib/config';
import { boundReport } from '@/lib/report/bound-report';
import type { Report } from '@/lib/report/report';
import { runCheck, type CheckMode, type RunCheckOptions, type RunCheckResult } from '@/lib/run-check';
import { getStore } from '@/lib/store/get-store';
import type { StoredReportSummary } from '@/lib/store/report-store';

export type RunStoredCheckResult =
  | { ok: true; report: Report; mode: CheckMode; /** null when the check was aborted */ stored: StoredReportSummary | null }
  | Extract<RunCheckResult, { ok: false }>;

/** runCheck, its report within the storage limits (bound-report.ts): what is stored is what is answered. */
async function runBoundedCheck(input: string, options: RunCheckOptions): Promise<RunCheckResult> {
  const result = await runCheck(input, options);
  if (!result.ok) return result;
  return { ...result, report: boundReport(result.report, (options.config ?? getConfig()).storageLimits) };
}

export async function runStoredCheck(input: string, options: RunCheckOptions = {}): Promise<RunStoredCheckResult> {
  const result = await runBoundedCheck(input, options);
  if (!result.ok) return result;
  if (result.report.capture.outcome === 'aborted') return { ...result, stored: null };
  const stored = await (await getStore()).saveReport(result.report);
  return { ...result, stored };
}

/**
 * For the check routes (the page's stream, GET /api/check): like runStoredCheck, but a store that
 * fails (database down) does not fail the check: the report is still answered, without an id.
 */
export async function runCheckKeepingReport(input: string, options: RunCheckOptions = {}): Promise<RunStoredCheckResult> {
  const result = await runBoundedCheck(input, options);
  if (!result.ok) return result;
  if (result.report.capture.outcome === 'aborted' || options.signal?.aborted) return { ...result, stored: null };
  try {
    const stored = await (await getStore()).saveReport(result.report);
    return { ...result, stored };
  } catch (err) {
    console.error('zonecut: could not store the report of', result.report.domain, err);
    return { ...result, stored: null };
  }
}
