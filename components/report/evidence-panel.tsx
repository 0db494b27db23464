'use client';

import { useState } from 'react';
import type { Observation } from '@/lib/dns/capture';
import type { Report } from '@/lib/report/report';
import { isLabCapture, observationsFor } from '@/lib/report/view/evidence';
import { addressStatus, nameserverStatus, ORIGIN_WORDS, SIDE_WORDS, zoneStatus } from '@/lib/report/view/status';
import type { TreeModel, TreeNode } from '@/lib/report/view/tree';
import { FindingCard } from '@/components/report/finding-card';
import { ObservationEvidence } from '@/components/report/observation-evidence';
import type { Selection } from '@/components/report/report-view-state';
import { StatusChip } from '@/components/report/status-chip';

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

function NodeHeader({ node }: { node: TreeNode }) {
  const status = node.kind === 'zone' ? zoneStatus(node) : node.kind === 'nameserver' ? nameserverStatus(node) : addressStatus(node);
  const kind =
    node.kind === 'zone' ? (node.isTarget ? 'Zone (target)' : 'Zone') : node.kind === 'nameserver' ? `Nameserver of ${node.zone}` : `Address of ${node.name}`;
  return (
    <div className="space-y-1">
      <p className="text-xs font-medium uppercase tracking-wide text-zinc-500 dark:text-zinc-400">{kind}</p>
      <p className="break-all font-mono text-base font-semibold">{node.label}</p>
      <div className="flex flex-wrap items-center gap-2">
        <StatusChip tone={status.tone} text={status.text} />
        {node.kind === 'nameserver' && node.side ? (
          <span className="text-xs text-zinc-600 dark:text-zinc-400">in the NS set of: {SIDE_WORDS[node.side]}</span>
        ) : null}
        {node.kind === 'address' && node.origins.length > 0 ? (
          <span className="text-xs text-zinc-600 dark:text-zinc-400">from: {node.origins.map((o) => ORIGIN_WORDS[o]).join(', ')}</span>
        ) : null}
      </div>
    </div>
  );
}

export interface EvidencePanelProps {
  report: Report | null;
  tree: TreeModel;
  selection: Selection;
  onSelectFinding: (index: number) => void;
  onRevealNode: (id: string) => void;
}

/** What lies behind the selected node or finding: its problems explained, and the raw responses. */
export function EvidencePanel({ report, tree, selection, onSelectFinding, onRevealNode }: EvidencePanelProps) {
  const lab = report ? isLabCapture(report.capture) : false;
  const observations = (ids: readonly string[]) => (report ? observationsFor(report.capture, ids) : []);
  const waiting = !report ? <p className="text-sm text-zinc-500 dark:text-zinc-400">The responses are here once the check completes.</p> : null;

  if (!selection) {
    return (
      <p className="text-sm text-zinc-600 dark:text-zinc-400">
        Select a zone, nameserver or address in the tree (or a finding) to see the responses behind it, each with the <code>dig</code> command that asks the
        same question again.
      </p>
    );
  }

  if (selection.kind === 'finding' && report) {
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
        {waiting ?? <ObservationList key={selection.ids.join()} observations={observations(selection.ids)} lab={lab} />}
      </div>
    );
  }

  if (selection.kind !== 'node') return null;
  const node = tree.byId.get(selection.id);
  if (!node) return <p className="text-sm text-zinc-500 dark:text-zinc-400">That node is not in the tree any more.</p>;
  const problems = report ? node.findings.map((i) => ({ i, f: report.findings[i] })).filter((x) => x.f !== undefined) : [];
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
      {waiting ?? (
        <>
          <ObservationList key={`${node.id} asked`} observations={observations(node.evidence)} lab={lab} title={ASKED[node.kind]} />
          <ObservationList key={`${node.id} sources`} observations={observations(node.sources)} lab={lab} title={SOURCES[node.kind]} />
          {node.evidence.length + node.sources.length === 0 ? <p className="text-sm text-zinc-500 dark:text-zinc-400">Nothing was asked of it.</p> : null}
        </>
      )}
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
