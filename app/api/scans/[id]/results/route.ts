// GET /api/scans/<id>/results?offset=0&limit=50 — one page of the results, in the order the names
// were given: {offset, limit, total, results: [{name, position, state, status, reportId, counts,
// codes, changes, error, finishedAt}]}. limit 1–1000 (default 50).
import { ApiError, errorResponse } from '@/lib/api/api-error';
import { readScan } from '@/lib/scans/scan-http';
import { listScanResults, MAX_PAGE } from '@/lib/scans/scan-store';
import { getDb } from '@/lib/store/get-store';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

function wholeParam(url: URL, name: string, fallback: number, min: number, max: number): number {
  const raw = url.searchParams.get(name);
  if (raw === null || raw === '') return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) throw new ApiError('bad-request', `${name} must be a whole number from ${min} to ${max}`);
  return Number(raw);
}

export async function GET(request: Request, context: { params: Promise<{ id: string }> }): Promise<Response> {
  try {
    const { id } = await context.params;
    const url = new URL(request.url);
    const offset = wholeParam(url, 'offset', 0, 0, 10_000_000);
    const limit = wholeParam(url, 'limit', 50, 1, MAX_PAGE);
    const progress = await readScan(request, id);
    const results = await listScanResults(await getDb(), id, offset, limit);
    return Response.json({ offset, limit, total: progress.total, results }, { headers: { 'cache-control': 'no-store' } });
  } catch (err) {
    return errorResponse(err);
  }
}
