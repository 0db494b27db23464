// What the top of a report says: the overall status in words, the counts, and how the walk ended
// when that needs a note (stopped at a limit, nothing reachable, no delegation). Pure, isomorphic.
import type { Finding, FindingCode, FindingTexts } from '@/lib/checks/catalogue';
import { canonicalName } from '@/lib/dns/wire/name';
import { badgeStatus, type BadgeStatus } from '@/lib/report/badge-status';
import { contextFindingTest } from '@/lib/report/finding-scope';
import { textOf } from '@/lib/report/finding-text';
import type { Report } from '@/lib/report/report';

export interface OverallStatus {
  status: BadgeStatus;
  /** `2 errors`, `1 warning`, `ok`, `unknown` */
  message: string;
  /** One line for the reader at 2 a.m. */
  headline: string;
}

type Stored = Pick<Report, 'findings' | 'capture' | 'summary'>;

/**
 * Which findings the summary counted as context (build-report.ts summarizeFindings). A report
 * stored before the split counted every finding as its own; one that stored only the context
 * counts was split by finding-scope.ts's rule, applied again here.
 */
function storedContextTest(report: Stored): (finding: Finding, index: number) => boolean {
  const { context, contextFindings } = report.summary;
  if (contextFindings) {
    const stored = new Set(contextFindings);
    return (_, i) => stored.has(i);
  }
  if (context === undefined) return () => false;
  return contextFindingTest(report.capture);
}

/** The report's findings split as its summary counted them: the domain's own, and those about the zones above it (context). */
export function splitFindings(report: Stored): { own: number[]; context: number[] } {
  const isContext = storedContextTest(report);
  const own: number[] = [];
  const context: number[] = [];
  report.findings.forEach((f, i) => (isContext(f, i) ? context : own).push(i));
  return { own, context };
}

/** `titleOf` names a finding's code (the catalogue's title; pages pass the words they were sent). */
export function overallStatus(report: Report, titleOf: (code: FindingCode) => string): OverallStatus {
  const badge = badgeStatus(report);
  const own = splitFindings(report).own.flatMap((i) => report.findings[i] ?? []);
  const first = own[0];
  const headline =
    badge.status === 'error' || badge.status === 'warning'
      ? `${first ? titleOf(first.code) : 'Problems found'}${own.filter((f) => f.severity === 'error' || f.severity === 'warning').length > 1 ? ', and more' : ''}`
      : badge.status === 'ok'
        ? 'No problems found in the delegation'
        : 'The check could not see enough to say';
  return { status: badge.status, message: badge.message, headline };
}

export type OutcomeNote =
  | { kind: 'budget'; limit: string; used: number; max: number }
  | { kind: 'root-unreachable' }
  | { kind: 'unreachable'; zone: string }
  | { kind: 'no-delegation'; name: string }
  | { kind: 'no-server-asked'; zone: string }
  | { kind: 'aborted' };

/** A note for walks that did not complete, so a partial report is never read as a whole one. */
export function outcomeNote(report: Report): OutcomeNote | null {
  const c = report.capture;
  switch (c.outcome) {
    case 'complete':
      return null;
    case 'budget-exhausted': {
      const limit = c.budget.exhausted ?? 'time';
      const field = limit === 'time' ? 'timeMs' : limit;
      return { kind: 'budget', limit, used: c.budget.used[field], max: c.budget.limits[field] };
    }
    case 'unreachable': {
      const hints = new Set(c.rootHints.map((h) => h.address.toLowerCase()));
      const rootAnswered = c.observations.some((o) => hints.has(o.server.address.toLowerCase()) && o.response);
      if (!rootAnswered) return { kind: 'root-unreachable' };
      return { kind: 'unreachable', zone: c.targetZone ?? c.cuts.at(-1)?.zone ?? '.' };
    }
    case 'no-delegation':
      return { kind: 'no-delegation', name: canonicalName(c.target) };
    case 'no-server-asked':
      return { kind: 'no-server-asked', zone: canonicalName(c.targetZone ?? c.target) };
    case 'aborted':
      return { kind: 'aborted' };
  }
}

/**
 * What the top of a report shows, decided once on the server: /r renders it there, and the
 * stream's report line carries it, so the live page never loads these rules.
 */
export interface SummaryView {
  overall: OverallStatus;
  note: OutcomeNote | null;
  /** splitFindings: indexes of the domain's own findings, and of those about the zones above. */
  own: number[];
  context: number[];
}

export function summaryView(report: Report, texts: FindingTexts): SummaryView {
  return { overall: overallStatus(report, (code) => textOf(texts, code).title), note: outcomeNote(report), ...splitFindings(report) };
}
