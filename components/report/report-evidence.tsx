'use client';

// What the evidence panel shows once there is a report: the selected finding or node's problems,
// and the raw responses behind them, each with its dig command. Its own module: /r loads it at
// once (StoredReportView), the live page with its report (live-report.tsx), so the wire
// formatter and the finding cards stay off the live page's first load.
import { useState } from 'react';
import type { Observation } from '@/lib/dns/capture';
import { isLabCapture, observationsFor } from '@/lib/report/view/evidence';
import { FindingCard } from '@/components/report/finding-card';
import { NodeHeader, NotInTree, type EvidenceDetailsProps } from '@/components/report/evidence-panel';
import { ObservationEvidence } from '@/components/report/observation-evidence';
import type { TreeNode } from '@/lib/report/view/tree';

const FIRST = 8;

function ObservationList({ observations, lab, title = 'Responses' }: { observations: Observation[]; lab: boolean; title?: string }) {
  const [all, setAll] = useState(false);
  if (observations.length === 0) return null;
  const shown = all ? observations : observations.slice(0, FIRST);
  return (
    <div>
      <h4 className="text-xs font-medium uppercase tracking-wide text-zinc-500 dark:text-zinc-400">
        {title} ({observations.length})
      </h4>
      <ul>
        {shown.map((o) => (
          <ObservationEvidence key={o.id} observation={o} lab={lab} />
        ))}
      </ul>
      {observations.length > shown.length ? (
        <button type="button" onClick={() => setAll(true)} className="mt-1 text-sm text-sky-700 hover:underline dark:text-sky-400">
          Show all {observations.length} responses
        </button>
      ) : null}
    </div>
  );
}

/** The evidence of a report: what lies behind the selected node or finding. */
export function EvidenceDetails({ report, tree, selection, onSelectFinding, onRevealNode }: EvidenceDetailsProps) {
  const lab = isLabCapture(report.capture);
  const observations = (ids: readonly string[]) => observationsFor(report.capture, ids);

  if (selection.kind === 'finding') {
    const finding = report.findings[selection.index];
    if (!finding) return null;
    const where = selection.nodeId ? tree.byId.get(selection.nodeId) : undefined;
    return (
      <div className="space-y-3">
        <FindingCard finding={finding} compact>
          {where ? (
            <p className="text-xs text-zinc-600 dark:text-zinc-400">
              Where:{' '}
              <button type="button" className="font-mono text-sky-700 hover:underline dark:text-sky-400" onClick={() => onRevealNode(where.id)}>
                {where.label}
              </button>
            </p>
          ) : null}
        </FindingCard>
        <ObservationList key={`f${selection.index}`} observations={observations(finding.evidence)} lab={lab} title="Responses behind this finding" />
      </div>
    );
  }

  if (selection.kind === 'records') {
    return (
      <div className="space-y-3">
        <p className="font-semibold">{selection.title}</p>
        <ObservationList key={selection.ids.join()} observations={observations(selection.ids)} lab={lab} />
      </div>
    );
  }

  const node = tree.byId.get(selection.id);
  if (!node) return <NotInTree />;
  const problems = node.findings.map((i) => ({ i, f: report.findings[i] })).filter((x) => x.f !== undefined);
  return (
    <div className="space-y-3">
      <NodeHeader node={node} />
      {problems.length > 0 ? (
        <ul className="space-y-3 border-y border-zinc-200 py-3 dark:border-zinc-800">
          {problems.map(({ i, f }) =>
            f ? (
              <li key={i}>
                <FindingCard finding={f} compact>
                  <button type="button" className="text-xs text-sky-700 hover:underline dark:text-sky-400" onClick={() => onSelectFinding(i)}>
                    Only the responses behind this finding ({f.evidence.length})
                  </button>
                </FindingCard>
              </li>
            ) : null,
          )}
        </ul>
      ) : null}
      <ObservationList key={`${node.id} asked`} observations={observations(node.evidence)} lab={lab} title={ASKED[node.kind]} />
      <ObservationList key={`${node.id} sources`} observations={observations(node.sources)} lab={lab} title={SOURCES[node.kind]} />
      {node.evidence.length + node.sources.length === 0 ? <p className="text-sm text-zinc-500 dark:text-zinc-400">Nothing was asked of it.</p> : null}
    </div>
  );
}

const ASKED: Record<TreeNode['kind'], string> = {
  zone: 'The zone’s NS set, from each of its servers',
  nameserver: 'Asked of this nameserver',
  address: 'Asked of this address',
};

const SOURCES: Record<TreeNode['kind'], string> = {
  zone: 'The delegation, from the parent’s servers',
  nameserver: 'Looking up its address',
  address: 'Where this address came from',
};
