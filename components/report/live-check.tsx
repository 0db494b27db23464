'use client';

import dynamic from 'next/dynamic';
import { useMemo } from 'react';
import { liveProgress } from '@/lib/report/view/live';
import { treeFromLive, treeFromReport } from '@/lib/report/view/tree';
import { CheckFailed } from '@/components/report/check-failed';
import { CheckProgress } from '@/components/report/check-progress';
import { EmbedPanel } from '@/components/report/embed-panel';
import { PermalinkBar } from '@/components/report/permalink-bar';
import { ReportSummary, diagramSubtitle } from '@/components/report/report-summary';
import { ReportView } from '@/components/report/report-view';
import { useCheckStream } from '@/components/report/use-check-stream';

/** Shown only once the report arrives, so loaded then: the page's first load is the tree's. */
const ReportPanels = dynamic(() => import('@/components/report/report-panels').then((m) => m.ReportPanels));

/**
 * The live check of one domain: the tree grows from the stream's events (useCheckStream), and
 * when the report arrives the same tree (same node ids, same open nodes) fills in with findings,
 * and the summary, diagram and panels appear. Once the server has stored the report, its
 * permalink and the badge's embed snippets appear too.
 */
export function LiveCheck({ domain }: { domain: string }) {
  const { live: state, running, failure: broken, again } = useCheckStream(domain);
  const report = state.report;
  const progress = liveProgress(state);
  // The tree grows from the stream's events in the browser until the report arrives.
  const tree = useMemo(() => (report ? treeFromReport(report) : treeFromLive(state)), [report, state]);

  const failure = broken ? { message: broken } : state.error ? { message: state.error.message, code: state.error.code } : null;
  // Only ever set in the browser (the stream runs there), so window is there too.
  const origin = state.reportId && typeof window !== 'undefined' ? window.location.origin : null;

  return (
    <div className="space-y-6">
      <ReportView
        domain={domain}
        report={report}
        texts={state.texts}
        panels={report ? <ReportPanels domain={domain} report={report} texts={state.texts} /> : null}
        tree={tree}
        summary={<ReportSummary report={report} summary={state.summary} tree={tree} failed={failure !== null} />}
        subtitle={diagramSubtitle(report, state.summary)}
        header={(clear) => (
          <>
            <div className="flex items-start gap-3">
              <div className="min-w-0 flex-1">
                <CheckProgress progress={progress} report={report} />
              </div>
              <button
                type="button"
                onClick={() => {
                  clear();
                  again();
                }}
                disabled={running}
                className="shrink-0 rounded-md border border-zinc-300 px-2.5 py-1 text-sm font-medium hover:bg-zinc-100 disabled:opacity-50 dark:border-zinc-700 dark:hover:bg-zinc-800"
              >
                {running ? 'Checking…' : 'Check again'}
              </button>
            </div>
            {failure ? <CheckFailed message={failure.message} code={failure.code} onRetry={again} /> : null}
            {state.reportId && origin && !running ? <PermalinkBar url={`${origin}/r/${encodeURIComponent(state.reportId)}`} /> : null}
          </>
        )}
      />
      {report && state.reportId && origin && !running ? <EmbedPanel origin={origin} domain={report.domain} /> : null}
    </div>
  );
}
