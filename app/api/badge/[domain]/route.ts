// GET /api/badge/<domain> — the badge as shields.io endpoint JSON ({schemaVersion, label, message,
// color, cacheSeconds}), for https://img.shields.io/endpoint?url=… and shields.io's own styles.
// Same status, freshness, `?label=`, ETag and caching as /badge/<domain>.svg.
import { errorResponse } from '@/lib/api/api-error';
import { badgeResponse } from '@/lib/badge/badge-response';
import { getBadge } from '@/lib/badge/get-badge';
import { parseBadgeRequest } from '@/lib/badge/parse-badge-request';
import { takeRateLimitToken } from '@/lib/guard/rate-limit';
import { shieldsEndpoint } from '@/lib/report/render-badge';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export async function GET(request: Request, context: { params: Promise<{ domain: string }> }): Promise<Response> {
  try {
    const q = parseBadgeRequest((await context.params).domain, new URL(request.url), null);
    // Serving a stored status is a read of one row: no per-client limit, as every viewer of a README
    // arrives through a few image-proxy addresses. Only starting a check costs the client a token.
    const answer = await getBadge(q.fqdn, { mayStartCheck: async () => (await takeRateLimitToken(request, 'check')).ok });
    return badgeResponse(request, {
      body: JSON.stringify(shieldsEndpoint(answer.badge, { label: q.label, cacheSeconds: answer.cache.maxAgeSeconds })),
      contentType: 'application/json',
      answer,
      extraHeaders: { 'access-control-allow-origin': '*' },
    });
  } catch (err) {
    return errorResponse(err);
  }
}
