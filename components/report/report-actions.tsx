'use client';

// What the report's panels can ask of the page around them (ReportView): show a finding's
// evidence, or some records', in the evidence panel. A context, so the panels can be server
// components (/r renders them on the server) with only these buttons shipped to the browser.
import { createContext, useContext } from 'react';

export interface ReportActions {
  selectFinding: (index: number) => void;
  showRecords: (title: string, ids: string[]) => void;
}

export const ReportActionsContext = createContext<ReportActions>({ selectFinding: () => {}, showRecords: () => {} });

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
