import type { Report } from '@/lib/report/report';
import type { LiveProgress } from '@/lib/report/view/live';

function seconds(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}

/**
 * Progress of the walk: levels done of those found, servers that answered of those asked, and a
 * bar of queries finished. When the report is in, the same line says what the check cost. One
 * height in both states, so nothing below it moves.
 */
export function CheckProgress({ progress, report }: { progress: LiveProgress; report: Report | null }) {
  const max = Math.max(progress.queriesSent, 1);
  const value = report ? max : progress.queriesFinished;
  const totals = report?.summary.totals;
  return (
    <div className="space-y-1.5">
      <div className="flex flex-wrap items-baseline justify-between gap-x-4 gap-y-0.5 text-sm tabular-nums">
        <p className="text-zinc-700 dark:text-zinc-300" aria-live="polite">
          {report && totals ? (
            <>
              Checked in {seconds(totals.durationMs)}: {report.capture.cuts.length} levels, {totals.queries} queries to {totals.servers} servers
              {totals.cached > 0 ? `, ${totals.cached} answers reused` : ''}.
            </>
          ) : progress.queriesSent === 0 ? (
            'Starting at the root…'
          ) : (
            <>
              Levels {progress.levelsDone} of {progress.levelsFound} done · servers answered {progress.serversAnswered} / {progress.serversAsked}
              {progress.pending > 0 ? ` · ${progress.pending} waiting` : ''}
            </>
          )}
        </p>
        {report ? null : (
          <p className="text-xs text-zinc-500 dark:text-zinc-400">
            {progress.queriesFinished} / {progress.queriesSent} queries
          </p>
        )}
      </div>
      <div
        role="progressbar"
        aria-label="Check progress"
        aria-valuemin={0}
        aria-valuemax={max}
        aria-valuenow={value}
        aria-valuetext={report ? 'complete' : `${progress.queriesFinished} of ${progress.queriesSent} queries answered`}
        className="h-1.5 overflow-hidden rounded-full bg-zinc-200 dark:bg-zinc-800"
      >
        <div
          className={`h-full rounded-full transition-[width] duration-300 motion-reduce:transition-none ${report ? 'bg-zinc-400 dark:bg-zinc-600' : 'bg-sky-600 dark:bg-sky-500'}`}
          style={{ width: `${(value / max) * 100}%` }}
        />
      </div>
    </div>
  );
}
