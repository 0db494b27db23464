// Word of each report this process stores (getStore() announces every save): what a badge shows
// must change at once, not when a memory of the old status runs out. On globalThis, as Next's
// route bundles each hold their own copy of this module.
import type { StoredReportSummary } from '@/lib/store/report-store';

type Listener = (summary: StoredReportSummary) => void;

const state = globalThis as unknown as { __zonecutReportSaved?: Set<Listener> };

/** Calls `listener` after each save through getStore(); returns the function that stops it. */
export function onReportSaved(listener: Listener): () => void {
  const listeners = (state.__zonecutReportSaved ??= new Set());
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function reportSaved(summary: StoredReportSummary): void {
  for (const listener of state.__zonecutReportSaved ?? []) {
    try {
      listener(summary);
    } catch (err) {
      // A listener's failure is its own: the report is stored and the save succeeded.
      console.error('zonecut: a listener of saved reports failed:', err);
    }
  }
}
