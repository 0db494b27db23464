// GET /api/reports/<id> — one stored report, as it was: `{id, url, domain, createdAt, status,
// badge, counts, zonecutVersion, catalogueVersion, report}`. A report never changes, so caches may
// keep it for good. 404 for an id that is unknown or not an id at all.
import { ApiError, errorResponse } from '@/lib/api/api-error';
import { takeRateLimitToken } from '@/lib/guard/rate-limit';
import { getStore } from '@/lib/store/get-store';
import { isReportId } from '@/lib/store/report-id';
import { reportUrl } from '@/lib/store/report-url';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export async function GET(request: Request, context: { params: Promise<{ id: string }> }): Promise<Response> {
  try {
    const { id } = await context.params;
    const limited = await takeRateLimitToken(request, 'read');
    if (!limited.ok) throw new ApiError('rate-limited', 'Too many requests: slow down', limited);
    const stored = isReportId(id) ? await (await getStore()).getReport(id) : null;
    if (!stored) throw new ApiError('not-found', 'No report has this id');
    const url = reportUrl(request, stored.id);
    return Response.json({ ...stored, url }, { headers: { 'cache-control': 'public, max-age=31536000, immutable' } });
  } catch (err) {
    return errorResponse(err);
  }
}
