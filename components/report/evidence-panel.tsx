'use client';

import type { ComponentType } from 'react';
import type { Report } from '@/lib/report/report';
import { addressStatus, nameserverStatus, ORIGIN_WORDS, SIDE_WORDS, zoneStatus } from '@/lib/report/view/status';
import type { TreeModel, TreeNode } from '@/lib/report/view/tree';
import type { Selection } from '@/components/report/report-view-state';
import { StatusChip } from '@/components/report/status-chip';

export function NodeHeader({ node }: { node: TreeNode }) {
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

export function NotInTree() {
  return <p className="text-sm text-zinc-500 dark:text-zinc-400">That node is not in the tree any more.</p>;
}

/** What EvidenceDetails (report-evidence.tsx) is handed: a report and something selected. */
export interface EvidenceDetailsProps {
  report: Report;
  tree: TreeModel;
  selection: NonNullable<Selection>;
  onSelectFinding: (index: number) => void;
  onRevealNode: (id: string) => void;
}

export interface EvidencePanelProps extends Omit<EvidenceDetailsProps, 'report' | 'selection'> {
  report: Report | null;
  selection: Selection;
  /** What is shown once there is a report (EvidenceDetails); until it is here, what the tree knows. */
  details?: ComponentType<EvidenceDetailsProps>;
}

/** What lies behind the selected node or finding: its problems explained, and the raw responses. */
export function EvidencePanel({ report, tree, selection, details: Details, onSelectFinding, onRevealNode }: EvidencePanelProps) {
  if (!selection) {
    return (
      <p className="text-sm text-zinc-600 dark:text-zinc-400">
        Select a zone, nameserver or address in the tree (or a finding) to see the responses behind it, each with the <code>dig</code> command that asks the
        same question again.
      </p>
    );
  }
  if (report && Details) return <Details report={report} tree={tree} selection={selection} onSelectFinding={onSelectFinding} onRevealNode={onRevealNode} />;

  // The walk is running (or the report's evidence is on its way): the node as the tree knows it.
  const waiting = <p className="text-sm text-zinc-500 dark:text-zinc-400">The responses are here once the check completes.</p>;
  if (selection.kind === 'records') {
    return (
      <div className="space-y-3">
        <p className="font-semibold">{selection.title}</p>
        {waiting}
      </div>
    );
  }
  if (selection.kind !== 'node') return null;
  const node = tree.byId.get(selection.id);
  if (!node) return <NotInTree />;
  return (
    <div className="space-y-3">
      <NodeHeader node={node} />
      {waiting}
    </div>
  );
}
