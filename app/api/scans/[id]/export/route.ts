// GET /api/scans/<id>/export?format=csv|ndjson — every result so far, in the order the names were
// given, as a download: CSV (name, state, status, counts, codes, report URL, error) or NDJSON (one
// result object a line, as /results gives them, with the report URL).
import { ApiError, errorResponse } from '@/lib/api/api-error';
import { NDJSON_CONTENT_TYPE } from '@/lib/api/ndjson';
import { CSV_HEADER, csvRow, resultCsvRow, textStream } from '@/lib/scans/scan-export';
import { readScan } from '@/lib/scans/scan-http';
import { allScanResults } from '@/lib/scans/scan-store';
import { getDb } from '@/lib/store/get-store';
import { reportUrl } from '@/lib/store/report-url';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export async function GET(request: Request, context: { params: Promise<{ id: string }> }): Promise<Response> {
  try {
    const { id } = await context.params;
    const format = new URL(request.url).searchParams.get('format') ?? 'csv';
    if (format !== 'csv' && format !== 'ndjson') throw new ApiError('bad-request', 'format must be csv or ndjson');
    await readScan(request, id);
    const db = await getDb();
    const url = (reportId: string) => reportUrl(request, reportId);
    async function* lines(): AsyncGenerator<string> {
      if (format === 'csv') yield csvRow(CSV_HEADER);
      for await (const r of allScanResults(db, id)) {
        yield format === 'csv' ? resultCsvRow(r, url) : `${JSON.stringify({ ...r, report: r.reportId ? url(r.reportId) : null })}\n`;
      }
    }
    return new Response(textStream(lines()), {
      headers: {
        'content-type': format === 'csv' ? 'text/csv; charset=utf-8' : NDJSON_CONTENT_TYPE,
        'content-disposition': `attachment; filename="scan-${id}.${format}"`,
        'cache-control': 'no-store',
        'x-content-type-options': 'nosniff',
      },
    });
  } catch (err) {
    return errorResponse(err);
  }
}
