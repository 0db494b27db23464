import type { Metadata } from 'next';
import { ScanForm } from '@/components/scans/scan-form';
import { MAX_SCAN_NAMES } from '@/lib/scans/scan-limits';

export const metadata: Metadata = { title: 'Scan many domains' };

export default function ScansPage() {
  return (
    <div className="max-w-3xl space-y-4">
      <h1 className="text-2xl font-semibold tracking-tight">Scan many domains</h1>
      <p className="text-zinc-700 dark:text-zinc-300">
        Paste up to {MAX_SCAN_NAMES.toLocaleString('en')} names, one per line, or upload a text file. Each name is checked like a single check and gets its own
        report; the scan page shows progress, counts per status and finding, and the results as CSV or NDJSON. For registries, it also gives one change set: the
        DS and NS/glue changes that processing every child&rsquo;s CDS and CSYNC would make.
      </p>
      <ScanForm />
    </div>
  );
}
