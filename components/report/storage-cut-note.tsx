import type { Report } from '@/lib/report/report';
import { storageCutLine } from '@/lib/report/bound-report';

/** One line when the report left evidence out to stay within what zonecut keeps (Report.storageCut). */
export function StorageCutNote({ report }: { report: Report }) {
  const line = storageCutLine(report.storageCut);
  if (!line) return null;
  return (
    <p role="note" data-testid="storage-cut" className="rounded-md border border-zinc-300 bg-zinc-50 px-3 py-2 text-sm dark:border-zinc-700 dark:bg-zinc-900">
      {line}
    </p>
  );
}
