// GET /api/domains/<domain>/reports — the domain's stored reports, newest first, without their
// bodies: `{domain, reports: [{id, url, createdAt, status, badge, counts, …}], next}`. `?limit=`
// (1–100, default 20); `?before=<id>` gives the page after that report, and `next` is the cursor
// for the page after this one (null at the end).
import { z } from 'zod';
import { ApiError, errorResponse } from '@/lib/api/api-error';
import { normalizeDomain } from '@/lib/domain/normalize-domain';
import { takeRateLimitToken } from '@/lib/guard/rate-limit';
import { getStore } from '@/lib/store/get-store';
import { isReportId } from '@/lib/store/report-id';
import { reportUrl } from '@/lib/store/report-url';
import { DEFAULT_LIST_LIMIT, MAX_LIST_LIMIT } from '@/lib/store/report-store';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

const listQuerySchema = z.object({
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(MAX_LIST_LIMIT, { error: `limit must be a whole number from 1 to ${MAX_LIST_LIMIT}` })
    .nullable()
    .transform((n) => n ?? DEFAULT_LIST_LIMIT),
  before: z.string().refine(isReportId, 'before must be a report id').nullable(),
});

export async function GET(request: Request, context: { params: Promise<{ domain: string }> }): Promise<Response> {
  try {
    const url = new URL(request.url);
    const query = listQuerySchema.safeParse({ limit: url.searchParams.get('limit'), before: url.searchParams.get('before') });
    if (!query.success) throw new ApiError('bad-request', query.error.issues[0]?.message ?? 'Bad request');
    const name = normalizeDomain(decodeParam((await context.params).domain));
    if (!name.ok) throw new ApiError(name.code, name.message);
    const limited = await takeRateLimitToken(request, 'read');
    if (!limited.ok) throw new ApiError('rate-limited', 'Too many requests: slow down', limited);
    const { limit, before } = query.data;
    const reports = await (await getStore()).listReports(name.fqdn, { limit, before: before ?? undefined });
    return Response.json(
      {
        domain: name.fqdn,
        reports: reports.map((r) => ({ ...r, url: reportUrl(request, r.id) })),
        next: reports.length === limit ? (reports.at(-1)?.id ?? null) : null,
      },
      { headers: { 'cache-control': 'no-store' } },
    );
  } catch (err) {
    return errorResponse(err);
  }
}

function decodeParam(param: string): string {
  try {
    return decodeURIComponent(param);
  } catch {
    throw new ApiError('bad-request', 'The domain in the URL is not valid percent-encoding');
  }
}
