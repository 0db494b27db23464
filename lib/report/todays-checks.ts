// A stored report was analysed by the catalogue of its day (Report.catalogueVersion). When today's
// catalogue is newer, the permalink re-analyses the stored capture — the evidence does not change,
// only the judgement — and shows both. Pure: the re-analysis uses the time of the original one, so
// whatever differs comes from the catalogue, not the clock. The stored row is never rewritten.
import { CATALOGUE_VERSION, type Finding } from '@/lib/checks/catalogue';
import { buildReport } from '@/lib/report/build-report';
import { findingKey, type FindingRef } from '@/lib/report/diff-reports';
import type { Report } from '@/lib/report/report';

/** The catalogue a report was analysed by; reports stored before it was recorded are version 1. */
export function catalogueVersionOf(report: { catalogueVersion?: unknown }): number {
  const v = report.catalogueVersion;
  return typeof v === 'number' && Number.isInteger(v) && v >= 1 ? v : 1;
}

/**
 * Only an older catalogue calls for a re-analysis (a newer one is a rollback: keep what was). A
 * report whose evidence was cut to be stored (storageCut) is not re-analysed: its capture is no
 * longer the whole check, and today's checks would judge what is missing.
 */
export function isAnalysedByOlderCatalogue(report: { catalogueVersion?: unknown; storageCut?: unknown }, current: number = CATALOGUE_VERSION): boolean {
  return report.storageCut === undefined && catalogueVersionOf(report) < current;
}

export interface FindingsDiff {
  /** Reported by today's checks only. */
  added: FindingRef[];
  /** Reported as checked only. */
  removed: FindingRef[];
  /** The codes of both lists, sorted, each once. */
  codes: string[];
}

const ref = (f: Finding): FindingRef => ({ code: f.code, zone: f.zone, severity: f.severity, summary: f.summary });
// A finding whose severity changed counts as one removed and one added: the reader sees both.
const key = (f: Finding) => `${findingKey(f)}|${f.severity}`;

export function diffFindings(asChecked: readonly Finding[], today: readonly Finding[]): FindingsDiff {
  const before = new Set(asChecked.map(key));
  const after = new Set(today.map(key));
  const added = today.filter((f) => !before.has(key(f))).map(ref);
  const removed = asChecked.filter((f) => !after.has(key(f))).map(ref);
  return { added, removed, codes: [...new Set([...added, ...removed].map((f) => f.code))].sort() };
}

export interface TodaysChecks {
  asCheckedVersion: number;
  todayVersion: number;
  /** The stored capture analysed by today's catalogue. */
  report: Report;
  diff: FindingsDiff;
}

/**
 * The stored report re-analysed by today's catalogue, with what changed; null when it was
 * analysed by today's catalogue (or a newer one) already.
 */
export function todaysChecks(stored: Report, options: { version: string }): TodaysChecks | null {
  if (!isAnalysedByOlderCatalogue(stored)) return null;
  const analyzedAt = new Date(stored.analyzedAt);
  const now = Number.isNaN(analyzedAt.getTime()) ? new Date(stored.capture.startedAt) : analyzedAt;
  if (Number.isNaN(now.getTime())) throw new Error('the stored report records neither when it was analysed nor when its walk started');
  const report = buildReport(stored.capture, { now, version: options.version });
  return { asCheckedVersion: catalogueVersionOf(stored), todayVersion: report.catalogueVersion, report, diff: diffFindings(stored.findings, report.findings) };
}
