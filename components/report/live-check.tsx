'use client';

import { useEffect, useMemo, useState } from 'react';
import { diagramSubtitle } from '@/lib/report/view/diagram';
import { liveProgress } from '@/lib/report/view/live';
import { treeFromLive } from '@/lib/report/view/tree';
import { CheckFailed } from '@/components/report/check-failed';
import { CheckProgress } from '@/components/report/check-progress';
import { ReportView } from '@/components/report/report-view';
import { SummaryPlaceholder } from '@/components/report/summary-placeholder';
import { useCheckStream } from '@/components/report/use-check-stream';

type LiveReportModule = typeof import('@/components/report/live-report');

/**
 * live-report.tsx (what only a finished report needs), imported once `wanted` (the report is in)
 * and kept for the next check. Not part of the page's first load: that is the growing tree's.
 */
function useLiveReportModule(wanted: boolean): { module: LiveReportModule | null; error: string | null } {
  const [loaded, setLoaded] = useState<{ module: LiveReportModule | null; error: string | null }>({ module: null, error: null });
  const need = wanted && !loaded.module;
  useEffect(() => {
    if (!need) return;
    let current = true;
    import('@/components/report/live-report').then(
      (module) => current && setLoaded({ module, error: null }),
      (err: unknown) => current && setLoaded({ module: null, error: err instanceof Error ? err.message : String(err) }),
    );
    return () => {
      current = false;
    };
  }, [need]);
  return loaded;
}

/**
 * The live check of one domain: the tree grows from the stream's events (useCheckStream), and
 * when the report arrives the same tree (same node ids, same open nodes) fills in with findings,
 * and the summary, diagram and panels appear. Once the server has stored the report, its
 * permalink and the badge's embed snippets appear too.
 */
export function LiveCheck({ domain }: { domain: string }) {
  const { live: state, running, failure: broken, again } = useCheckStream(domain);
  const { module: shown, error: loadError } = useLiveReportModule(state.report !== null);
  // The report is shown once the code that shows it is here; until then, the tree as the walk left it.
  const report = shown ? state.report : null;
  const progress = liveProgress(state);
  const tree = useMemo(() => (report && shown ? shown.treeFromReport(report) : treeFromLive(state)), [report, shown, state]);

  const failure = broken
    ? { message: broken }
    : state.error
      ? { message: state.error.message, code: state.error.code }
      : loadError && state.report
        ? { message: `The report is in, but the page could not load the code that shows it: ${loadError}` }
        : null;
  // Only ever set in the browser (the stream runs there), so window is there too.
  const origin = state.reportId && typeof window !== 'undefined' ? window.location.origin : null;
  const stored =
    report && shown && state.reportId && origin && !running ? { shown, report, origin, url: `${origin}/r/${encodeURIComponent(state.reportId)}` } : null;

  return (
    <div className="space-y-6">
      <ReportView
        domain={domain}
        report={report}
        texts={state.texts}
        details={shown?.EvidenceDetails}
        panels={report && shown ? <shown.ReportPanels domain={domain} report={report} texts={state.texts} /> : null}
        tree={tree}
        summary={report && shown ? <shown.ReportSummary report={report} summary={state.summary} tree={tree} /> : failure ? null : <SummaryPlaceholder />}
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
            {stored ? <stored.shown.PermalinkBar url={stored.url} /> : null}
          </>
        )}
      />
      {stored ? <stored.shown.EmbedPanel origin={stored.origin} domain={stored.report.domain} /> : null}
    </div>
  );
}
