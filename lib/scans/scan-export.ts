// A scan's results as files: CSV (RFC 4180) and NDJSON, and the registry's change set as one JSON
// document. Each is written a page at a time from the database, never held whole.
import type { ScanResult } from '@/lib/scans/scan-store';

export const CSV_HEADER = ['name', 'state', 'status', 'errors', 'warnings', 'notices', 'infos', 'codes', 'report', 'error'] as const;

/**
 * One CSV field: quoted when it holds a comma, quote or line break (quotes doubled). A field that a
 * spreadsheet would run as a formula (= + - @, tab, CR first) gets a leading apostrophe: names of
 * invalid entries and error messages are the submitter's text.
 */
export function csvField(value: string | number | null): string {
  let s = value === null ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function csvRow(fields: readonly (string | number | null)[]): string {
  return `${fields.map(csvField).join(',')}\r\n`;
}

/** `reportUrl(id)` gives a report's permalink. */
export function resultCsvRow(r: ScanResult, reportUrl: (id: string) => string): string {
  return csvRow([
    r.name,
    r.state,
    r.status,
    r.counts?.error ?? null,
    r.counts?.warning ?? null,
    r.counts?.notice ?? null,
    r.counts?.info ?? null,
    r.codes.join(' '),
    r.reportId ? reportUrl(r.reportId) : null,
    r.error,
  ]);
}

/** A ReadableStream of the strings an async generator yields (cancelled: the generator is returned). */
export function textStream(source: AsyncGenerator<string>): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const { done, value } = await source.next();
        if (done) controller.close();
        else controller.enqueue(encoder.encode(value));
      } catch (err) {
        controller.error(err);
      }
    },
    async cancel() {
      await source.return(undefined);
    },
  });
}
