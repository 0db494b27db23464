// The summary band's place while the walk runs: its own module, so the live page's first load
// carries this and not the band (summary-band.tsx comes with the report).

/** The band's box: the placeholder and the band are the same size. */
export const SUMMARY_BAND = 'min-h-44 rounded-lg border border-zinc-200 bg-white p-4 dark:border-zinc-800 dark:bg-zinc-900/40';

/** While the walk runs: the band's place, kept, so nothing below moves when the report arrives. */
export function SummaryPlaceholder() {
  return (
    <section aria-label="Summary" className={`${SUMMARY_BAND} flex items-center`}>
      <p className="text-sm text-zinc-500 dark:text-zinc-400">The verdict appears here when every server has answered or timed out.</p>
    </section>
  );
}
