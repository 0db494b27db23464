import type { Report } from '@/lib/report/report';
import { splitFindings } from '@/lib/report/view/summary';
import type { TreeModel } from '@/lib/report/view/tree';
import { FindingCard } from '@/components/report/finding-card';
import { ShowEvidenceButton } from '@/components/report/report-actions';

const LIST = 'divide-y divide-zinc-200 rounded-lg border border-zinc-200 bg-white dark:divide-zinc-800 dark:border-zinc-800 dark:bg-zinc-900/40';

/**
 * Every finding, most severe first, with why it matters and how to fix it, and a way to its
 * evidence. The domain's own come first; those about the zones above it (the root, a TLD) follow,
 * set apart: context the status and badge do not count.
 */
export function FindingsSection({ report, tree }: { report: Report; tree: TreeModel }) {
  const { own, context } = splitFindings(report);
  const item = (i: number) => {
    const f = report.findings[i];
    if (!f) return null;
    const nodeId = tree.findingNode.get(i);
    const node = nodeId ? tree.byId.get(nodeId) : undefined;
    return (
      <li key={i} className="p-3">
        <FindingCard finding={f}>
          <p className="flex flex-wrap gap-x-3 text-xs">
            <ShowEvidenceButton index={i} count={f.evidence.length} />
            {node ? (
              <span className="text-zinc-500 dark:text-zinc-400">
                at <span className="break-all font-mono">{node.label}</span>
              </span>
            ) : null}
          </p>
        </FindingCard>
      </li>
    );
  };
  const complete = report.capture.outcome === 'complete';
  return (
    <div className="space-y-4">
      {own.length === 0 ? (
        <p className="text-sm text-zinc-600 dark:text-zinc-400">
          {complete
            ? `No findings${context.length > 0 ? ` about ${report.domain}` : ''}: every check passed.`
            : 'No findings, but the walk did not complete: the checks had little or nothing to judge.'}
        </p>
      ) : (
        <ol className={LIST}>{own.map(item)}</ol>
      )}
      {context.length > 0 ? (
        <section aria-labelledby="context-findings-heading" id="context-findings" className="space-y-2 border-l-4 border-zinc-300 pl-3 dark:border-zinc-700">
          <h3 id="context-findings-heading" className="text-sm font-semibold">
            About the zones above ({context.length})
          </h3>
          <p className="text-xs text-zinc-600 dark:text-zinc-400">
            Context: these concern the parents of the zone checked (the root, a top-level domain), not the domain itself or its delegation, so the status and
            the badge do not count them.
          </p>
          <ol className={LIST}>{context.map(item)}</ol>
        </section>
      ) : null}
    </div>
  );
}
