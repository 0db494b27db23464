// What ReportView shows above the tree (the outcome note and the summary band) and the diagram's
// subtitle, from the summary the server decided (summaryView). No hooks and no directive: /r
// renders these on the server; the live page renders them from the stream's report line, so
// summary.ts stays off both pages' first load.
import type { Report } from '@/lib/report/report';
import type { SummaryView } from '@/lib/report/view/summary';
import type { TreeModel } from '@/lib/report/view/tree';
import { OutcomeNote } from '@/components/report/outcome-note';
import { StorageCutNote } from '@/components/report/storage-cut-note';
import { SummaryBand, SummaryPlaceholder } from '@/components/report/summary-band';

export function ReportSummary({
  report,
  summary,
  tree,
  failed = false,
}: {
  report: Report | null;
  summary: SummaryView | null;
  tree: TreeModel;
  failed?: boolean;
}) {
  return (
    <>
      {summary?.note ? <OutcomeNote note={summary.note} /> : null}
      {report?.storageCut ? <StorageCutNote report={report} /> : null}
      {report && summary ? <SummaryBand report={report} tree={tree} summary={summary} /> : failed ? null : <SummaryPlaceholder />}
    </>
  );
}

/** The diagram's subtitle: the verdict and when the report was taken, or that the walk is running. */
export function diagramSubtitle(report: Report | null, summary: SummaryView | null): string {
  const overall = report ? (summary?.overall ?? null) : null;
  return overall ? `${overall.status === 'ok' ? 'ok' : overall.message} · ${report?.capture.startedAt.slice(0, 16).replace('T', ' ')} UTC` : 'checking…';
}
