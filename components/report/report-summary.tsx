// What ReportView shows above the tree (the outcome note and the summary band) and the diagram's
// subtitle. No hooks and no directive: /r renders these on the server and hands ReportView the
// result, so summary.ts stays off its first load; the live page renders them in the browser.
import type { FindingTexts } from '@/lib/checks/catalogue';
import { textOf } from '@/lib/report/finding-text';
import type { Report } from '@/lib/report/report';
import { outcomeNote, overallStatus } from '@/lib/report/view/summary';
import type { TreeModel } from '@/lib/report/view/tree';
import { OutcomeNote } from '@/components/report/outcome-note';
import { SummaryBand, SummaryPlaceholder } from '@/components/report/summary-band';

export function ReportSummary({ report, tree, texts, failed = false }: { report: Report | null; tree: TreeModel; texts: FindingTexts; failed?: boolean }) {
  const note = report ? outcomeNote(report) : null;
  return (
    <>
      {note ? <OutcomeNote note={note} /> : null}
      {report ? <SummaryBand report={report} tree={tree} texts={texts} /> : failed ? null : <SummaryPlaceholder />}
    </>
  );
}

/** The diagram's subtitle: the verdict and when the report was taken, or that the walk is running. */
export function diagramSubtitle(report: Report | null, texts: FindingTexts): string {
  const overall = report ? overallStatus(report, (code) => textOf(texts, code).title) : null;
  return overall ? `${overall.status === 'ok' ? 'ok' : overall.message} · ${report?.capture.startedAt.slice(0, 16).replace('T', ' ')} UTC` : 'checking…';
}
