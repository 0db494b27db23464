// POST /api/reports — run a check and store it: `{"domain": "example.com"}` → 201 `{id, url}` with
// Location: the permalink /r/<id>. 400 when the body or the name is not right, 429 past the rate
// limit for checks (ZONECUT_CHECKS_PER_MINUTE per client), 503 when this instance runs as many
// checks as it may (ZONECUT_MAX_CONCURRENT_CHECKS); both with Retry-After.
import { z } from 'zod';
import { ApiError, errorResponse } from '@/lib/api/api-error';
import { admitCheck } from '@/lib/api/check-admission';
import { readJsonBody } from '@/lib/api/read-json-body';
import { normalizeDomain } from '@/lib/domain/normalize-domain';
import { runStoredCheck } from '@/lib/run-stored-check';
import { reportUrl } from '@/lib/store/report-url';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

const MAX_BODY = 8192;

const reportRequestSchema = z.object({
  domain: z.string({ error: 'The body needs a domain, e.g. {"domain": "example.com"}' }).max(2048, 'The domain is longer than 2048 characters'),
});

export async function POST(request: Request): Promise<Response> {
  try {
    const parsed = reportRequestSchema.safeParse(await readJsonBody(request, MAX_BODY, '{"domain": "example.com"}'));
    if (!parsed.success) throw new ApiError('bad-request', parsed.error.issues[0]?.message ?? 'Bad request');
    const name = normalizeDomain(parsed.data.domain);
    if (!name.ok) throw new ApiError(name.code, name.message);
    const release = await admitCheck(request);
    const result = await runStoredCheck(name.domain, { signal: request.signal }).finally(release);
    if (!result.ok) throw new ApiError(result.error.code, result.error.message);
    if (!result.stored) throw new ApiError('bad-request', 'The check was cancelled before it finished');
    const url = reportUrl(request, result.stored.id);
    return Response.json({ id: result.stored.id, url }, { status: 201, headers: { location: url, 'cache-control': 'no-store' } });
  } catch (err) {
    return errorResponse(err);
  }
}
