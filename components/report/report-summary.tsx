// What ReportView shows above the tree (the outcome note and the summary band), from the summary
// the server decided (summaryView). No hooks and no directive: /r renders these on the server; the
// live page loads them with its report (live-report.tsx), so summary.ts stays off both pages'
// first load.
import type { Report } from '@/lib/report/report';
import type { SummaryView } from '@/lib/report/view/summary';
import type { TreeModel } from '@/lib/report/view/tree';
import { OutcomeNote } from '@/components/report/outcome-note';
import { StorageCutNote } from '@/components/report/storage-cut-note';
import { SummaryBand } from '@/components/report/summary-band';
import { SummaryPlaceholder } from '@/components/report/summary-placeholder';

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
