import type { Report } from '@/lib/report/report';
import type { TreeModel } from '@/lib/report/view-tree';
import { FindingCard } from '@/components/report/finding-card';

/** Every finding, most severe first, with why it matters and how to fix it, and a way to its evidence. */
export function FindingsSection({ report, tree, onSelectFinding }: { report: Report; tree: TreeModel; onSelectFinding: (index: number) => void }) {
  if (report.findings.length === 0) {
    const complete = report.capture.outcome === 'complete';
    return (
      <p className="text-sm text-zinc-600 dark:text-zinc-400">
        {complete ? 'No findings: every check passed.' : 'No findings, but the walk did not complete: the checks had little or nothing to judge.'}
      </p>
    );
  }
  return (
    <ol className="divide-y divide-zinc-200 rounded-lg border border-zinc-200 bg-white dark:divide-zinc-800 dark:border-zinc-800 dark:bg-zinc-900/40">
      {report.findings.map((f, i) => {
        const nodeId = tree.findingNode.get(i);
        const node = nodeId ? tree.byId.get(nodeId) : undefined;
        return (
          <li key={i} className="p-3">
            <FindingCard finding={f}>
              <p className="flex flex-wrap gap-x-3 text-xs">
                <button type="button" className="text-sky-700 hover:underline dark:text-sky-400" onClick={() => onSelectFinding(i)}>
                  Show the evidence ({f.evidence.length} response{f.evidence.length === 1 ? '' : 's'})
                </button>
                {node ? (
                  <span className="text-zinc-500 dark:text-zinc-400">
                    at <span className="break-all font-mono">{node.label}</span>
                  </span>
                ) : null}
              </p>
            </FindingCard>
          </li>
        );
      })}
    </ol>
  );
}
