import { SEVERITIES } from '@/lib/checks/severity';
import type { Report } from '@/lib/report/report';
import { countWords } from '@/lib/report/view/count-words';
import type { SummaryView } from '@/lib/report/view/summary';
import type { Tone } from '@/lib/report/view/status';
import type { TreeModel } from '@/lib/report/view/tree';
import { RevealFindingButton } from '@/components/report/report-actions';
import { StatusChip } from '@/components/report/status-chip';
import { TONE_TEXT } from '@/components/report/tone';
import { ToneIcon } from '@/components/report/tone-icon';
import { VantageNote } from '@/components/report/vantage-note';
import { SUMMARY_BAND as BAND } from '@/components/report/summary-placeholder';

const SHOWN = 5;

function formatTime(iso: string): string {
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)} UTC`;
}

/**
 * The answer first: overall status, counts per severity, and the worst findings, each linked to its
 * node. No hooks: /r renders it on the server; only the links (RevealFindingButton) reach the browser.
 * `summary` is the server's (summaryView): the live page is sent it with the report.
 */
export function SummaryBand({ report, tree, summary }: { report: Report; tree: TreeModel; summary: SummaryView }) {
  const { overall, own, context } = summary;
  const tone: Tone = overall.status === 'unknown' ? 'muted' : overall.status;
  // The domain's own problems; its ancestors' findings are context, listed under the findings.
  const problems = own.flatMap((i) => {
    const f = report.findings[i];
    return f && f.severity !== 'info' ? [{ f, i }] : [];
  });
  const shown = problems.slice(0, SHOWN);
  return (
    <section aria-labelledby="summary-heading" className={`${BAND} grid gap-4 md:grid-cols-[minmax(0,15rem)_minmax(0,1fr)]`}>
      <div className="space-y-2">
        <h2 id="summary-heading" className="sr-only">
          Summary
        </h2>
        <p className={`flex items-center gap-2 text-xl font-semibold ${TONE_TEXT[tone]}`} data-testid="overall-status">
          <ToneIcon tone={tone} className="size-6" />
          {overall.status === 'ok' ? 'OK' : overall.status === 'unknown' ? 'Unknown' : overall.message}
        </p>
        <p className="text-sm text-zinc-700 dark:text-zinc-300">{overall.headline}</p>
        <ul className="flex flex-wrap gap-1.5" aria-label="Findings per severity">
          {SEVERITIES.map((s) => (
            <li key={s}>
              <StatusChip tone={report.summary.counts[s] > 0 ? s : 'muted'} text={countWords(s, report.summary.counts[s])} />
            </li>
          ))}
        </ul>
        <p className="text-xs text-zinc-500 dark:text-zinc-400">Checked {formatTime(report.capture.startedAt)}</p>
        <VantageNote report={report} />
      </div>
      <div className="min-w-0">
        <h3 className="mb-1.5 text-xs font-medium uppercase tracking-wide text-zinc-500 dark:text-zinc-400">
          {problems.length > 0 ? 'Most severe first' : overall.status === 'unknown' ? 'Nothing seen' : 'Nothing to fix'}
        </h3>
        {problems.length === 0 ? (
          <p className="text-sm text-zinc-700 dark:text-zinc-300">
            {overall.status === 'unknown'
              ? 'No problem was seen, but the walk did not complete (see the note above): this is not a clean bill of health.'
              : `Every server asked answered as it should.${report.findings.length > 0 ? ' The notes below are for information.' : ''}`}
          </p>
        ) : (
          <ol className="space-y-1.5">
            {shown.map(({ f, i }) => {
              const nodeId = tree.findingNode.get(i);
              const node = nodeId ? tree.byId.get(nodeId) : undefined;
              return (
                <li key={i} className="flex items-start gap-2 text-sm">
                  <ToneIcon tone={f.severity} className={`mt-0.5 size-4 ${TONE_TEXT[f.severity]}`} />
                  <span className="min-w-0">
                    <span className="sr-only">{f.severity}: </span>
                    <span className="break-words">{f.summary}</span>{' '}
                    {node ? (
                      <RevealFindingButton index={i} label={`Show ${node.label} in the tree`}>
                        → <span className="font-mono">{fitLabel(node.label)}</span>
                      </RevealFindingButton>
                    ) : null}
                  </span>
                </li>
              );
            })}
          </ol>
        )}
        {context.length > 0 ? (
          <p className="mt-2 text-xs text-zinc-600 dark:text-zinc-400">
            <a href="#context-findings" className="text-sky-700 hover:underline dark:text-sky-400">
              {context.length} finding{context.length === 1 ? '' : 's'} about the zones above
            </a>{' '}
            {context.length === 1 ? 'is' : 'are'} shown as context, not counted.
          </p>
        ) : null}
        {problems.length > SHOWN || report.findings.length > problems.length ? (
          <a href="#findings" className="mt-2 inline-block text-sm text-sky-700 hover:underline dark:text-sky-400">
            {report.findings.length === 1 ? 'The finding' : `All ${report.findings.length} findings`}, with why{' '}
            {report.findings.length === 1 ? 'it matters' : 'they matter'} and how to fix {report.findings.length === 1 ? 'it' : 'them'}
          </a>
        ) : null}
      </div>
    </section>
  );
}

function fitLabel(label: string): string {
  return label.length > 40 ? `${label.slice(0, 39)}…` : label;
}
