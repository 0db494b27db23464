'use client';

// What the report's panels can ask of the page around them (ReportView): show a finding's
// evidence, or some records', in the evidence panel, or a finding's node in the tree. A context, so the panels can be server
// components (/r renders them on the server) with only these buttons shipped to the browser.
import { createContext, useContext, type ReactNode } from 'react';

export interface ReportActions {
  selectFinding: (index: number) => void;
  showRecords: (title: string, ids: string[]) => void;
  /** Select a finding and move focus to its node in the tree (the summary band's links). */
  revealFinding: (index: number) => void;
}

export const ReportActionsContext = createContext<ReportActions>({ selectFinding: () => {}, showRecords: () => {}, revealFinding: () => {} });

const LINK = 'text-sky-700 hover:underline dark:text-sky-400';

export function ShowEvidenceButton({ index, count }: { index: number; count: number }) {
  const { selectFinding } = useContext(ReportActionsContext);
  return (
    <button type="button" className={LINK} onClick={() => selectFinding(index)}>
      Show the evidence ({count} response{count === 1 ? '' : 's'})
    </button>
  );
}

export function ShowRecordsButton({ title, ids }: { title: string; ids: string[] }) {
  const { showRecords } = useContext(ReportActionsContext);
  return (
    <button type="button" onClick={() => showRecords(title, ids)} className={`text-xs ${LINK}`}>
      Responses ({ids.length})
    </button>
  );
}

export function RevealFindingButton({ index, label, children }: { index: number; label: string; children: ReactNode }) {
  const { revealFinding } = useContext(ReportActionsContext);
  return (
    <button type="button" onClick={() => revealFinding(index)} className="whitespace-nowrap text-sky-700 hover:underline dark:text-sky-400" aria-label={label}>
      {children}
    </button>
  );
}
