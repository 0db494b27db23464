'use client';

import { useReducer, type ComponentType, type ReactNode } from 'react';
import type { FindingTexts } from '@/lib/checks/catalogue';
import type { Report } from '@/lib/report/report';
import type { TreeModel } from '@/lib/report/view/tree';
import { ancestorsOf } from '@/lib/report/view/tree-rows';
import { ChainDiagram } from '@/components/report/chain-diagram';
import { DelegationTree } from '@/components/report/delegation-tree';
import { EvidencePanel, type EvidenceDetailsProps } from '@/components/report/evidence-panel';
import { FindingTextsContext } from '@/components/report/finding-texts';
import { ReportActionsContext } from '@/components/report/report-actions';
import { INITIAL_VIEW_STATE, reportViewReducer, selectedNodeId, type Selection } from '@/components/report/report-view-state';
import { ReportSection } from '@/components/report/report-section';

/** On narrow screens the evidence sits below the tree: bring it into view when something is picked. */
function showEvidence() {
  requestAnimationFrame(() => document.getElementById('evidence')?.scrollIntoView({ block: 'nearest', behavior: 'smooth' }));
}

/**
 * One report as the page shows it: summary, tree, evidence, diagram and panels. `tree` is the
 * report's tree model (treeFromReport, or treeFromLive while the live page's stream grows: same
 * node ids, same open nodes): /r builds it on the server and hands it over as props, so the
 * browser never loads the tree builders; the live page builds it in the browser. `header` draws
 * what goes above the summary (progress, buttons, permalink); `clear` resets the reader's
 * selection and open nodes. `summary` is what goes above the tree (ReportSummary) and `subtitle`
 * the diagram's (diagramSubtitle), both rendered on the server for /r. `texts` are the
 * catalogue's words for the report's findings (findingTexts, made on the server). `panels` are
 * the parts shown once there is a report (ReportPanels: rendered on the server for /r, loaded
 * when the report arrives on the live page). `details` shows a report's evidence in the evidence
 * panel (EvidenceDetails: /r hands it over at once through StoredReportView, the live page when
 * its report is in).
 */
export function ReportView({
  domain,
  report,
  texts,
  tree,
  summary,
  subtitle,
  header,
  panels,
  details,
}: {
  domain: string;
  report: Report | null;
  texts: FindingTexts;
  tree: TreeModel;
  summary: ReactNode;
  subtitle: string;
  header?: ReactNode | ((clear: () => void) => ReactNode);
  panels?: ReactNode;
  details?: ComponentType<EvidenceDetailsProps>;
}) {
  const [view, dispatch] = useReducer(reportViewReducer, INITIAL_VIEW_STATE);
  // Until the reader picks something, the evidence panel explains the worst problem.
  const worst = report?.findings[0];
  const selection: Selection =
    view.selection ?? (worst && worst.severity !== 'info' ? { kind: 'finding', index: 0, nodeId: tree.findingNode.get(0) ?? null } : null);
  const selectedId = selectedNodeId(selection);

  const revealNode = (id: string, focus: boolean) => dispatch({ type: 'reveal-node', id, ancestors: ancestorsOf(tree, id), focus });
  const selectFinding = (index: number, focus = false) => {
    const nodeId = tree.findingNode.get(index) ?? null;
    dispatch({ type: 'select-finding', index, nodeId, ancestors: nodeId ? ancestorsOf(tree, nodeId) : [], focus });
    if (!focus) showEvidence();
  };

  const actions = {
    selectFinding: (i: number) => selectFinding(i),
    showRecords: (title: string, ids: string[]) => {
      dispatch({ type: 'select-records', title, ids });
      showEvidence();
    },
    revealFinding: (i: number) => selectFinding(i, true),
  };

  return (
    <FindingTextsContext value={texts}>
      <ReportActionsContext value={actions}>
        <div className="space-y-6">
          <div className="space-y-3">
            {typeof header === 'function' ? header(() => dispatch({ type: 'clear' })) : header}
            {summary}
          </div>

          <div className="grid gap-6 lg:grid-cols-[minmax(0,7fr)_minmax(0,5fr)]">
            <section aria-labelledby="tree-heading" className="min-w-0 space-y-2">
              <div className="flex flex-wrap items-baseline justify-between gap-2">
                <h2 id="tree-heading" className="text-base font-semibold">
                  Delegation tree
                </h2>
                <p className="text-xs text-zinc-500 dark:text-zinc-400">Arrow keys move, Enter selects, Right/Left open and close</p>
              </div>
              <div className="rounded-lg border border-zinc-200 bg-white p-1.5 dark:border-zinc-800 dark:bg-zinc-900/40">
                <DelegationTree
                  tree={tree}
                  findings={report?.findings ?? []}
                  selectedId={selectedId}
                  overrides={view.overrides}
                  focusId={view.focusId}
                  focusRequest={view.focusRequest}
                  onToggle={(id, expanded) => dispatch({ type: 'toggle', id, expanded })}
                  onFocusItem={(id) => dispatch({ type: 'focus', id })}
                  onSelect={(id, via) => {
                    dispatch({ type: 'select-node', id });
                    // A tap on a phone: the evidence is below the tree, take the reader there.
                    if (via === 'pointer' && !window.matchMedia('(min-width: 64rem)').matches) showEvidence();
                  }}
                  labelledBy="tree-heading"
                />
              </div>
            </section>
            <aside
              id="evidence"
              aria-labelledby="evidence-heading"
              className="min-w-0 scroll-mt-4 lg:sticky lg:top-4 lg:max-h-[calc(100vh-2rem)] lg:self-start lg:overflow-y-auto"
            >
              <h2 id="evidence-heading" className="mb-2 text-base font-semibold">
                Evidence
              </h2>
              <div className="rounded-lg border border-zinc-200 bg-white p-3 dark:border-zinc-800 dark:bg-zinc-900/40">
                <EvidencePanel
                  report={report}
                  tree={tree}
                  selection={selection}
                  details={details}
                  onSelectFinding={selectFinding}
                  onRevealNode={(id) => revealNode(id, true)}
                />
              </div>
            </aside>
          </div>

          {tree.zones.length > 0 ? (
            <ReportSection
              id="diagram"
              title="The chain at a glance"
              description="Zones from the root down, each with its nameservers. Click a box to select it in the tree."
            >
              <ChainDiagram
                tree={tree}
                title={domain}
                subtitle={subtitle}
                selectedId={selectedId}
                onSelect={(id) => {
                  revealNode(id, false);
                  showEvidence();
                }}
              />
            </ReportSection>
          ) : null}

          {report ? panels : null}
        </div>
      </ReportActionsContext>
    </FindingTextsContext>
  );
}
