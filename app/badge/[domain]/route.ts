// GET /badge/<domain>.svg — shields-style status badge: DNS | ok, N warnings, N errors, unknown.
// `?label=` replaces DNS, `?style=flat|flat-square|for-the-badge`. Shows the latest stored report
// while it is fresh (ZONECUT_BADGE_MAX_AGE), else runs one check per domain at a time and waits
// for it at most 3 s before falling back to the last known status. ETag, 304, Cache-Control.
import { errorResponse } from '@/lib/api/api-error';
import { badgeHeaders, badgeResponse, SVG_CONTENT_TYPE, type BadgeResponseInit } from '@/lib/badge/badge-response';
import { badgeResponseCache } from '@/lib/badge/badge-response-cache';
import { getBadge } from '@/lib/badge/get-badge';
import { parseBadgeRequest } from '@/lib/badge/parse-badge-request';
import { renderedBadges } from '@/lib/badge/rendered-badges';
import { takeRateLimitToken } from '@/lib/guard/rate-limit';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export async function GET(request: Request, context: { params: Promise<{ domain: string }> }): Promise<Response> {
  try {
    const url = new URL(request.url);
    const q = parseBadgeRequest((await context.params).domain, url, '.svg');
    const cache = badgeResponseCache();
    const dropsBefore = cache?.drops() ?? 0;
    // Serving a stored status is a read of one row: no per-client limit, as every viewer of a README
    // arrives through a few image-proxy addresses. Only starting a check costs the client a token.
    const answer = await getBadge(q.fqdn, { mayStartCheck: async () => (await takeRateLimitToken(request, 'check')).ok });
    // Rendered once per status, label and style, then served from memory.
    const { body, bytes, etag } = renderedBadges.get(answer.badge, q);
    const init: BadgeResponseInit = {
      body,
      bytes,
      etag,
      contentType: SVG_CONTENT_TYPE,
      answer,
      // Opened on its own, the SVG may run nothing and load nothing.
      extraHeaders: { 'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'" },
    };
    // Under `npm start` (scripts/serve.mjs), the next requests for this very badge are answered
    // from memory for a few seconds: only a stored status, never one that started or awaited a check.
    if (cache && answer.source === 'stored') {
      cache.publish(url.pathname + url.search, {
        fqdn: q.fqdn,
        headers: badgeHeaders(init),
        body: bytes,
        maxAgeSeconds: answer.cache.maxAgeSeconds,
        dropsBefore,
      });
    }
    return badgeResponse(request, init);
  } catch (err) {
    return errorResponse(err);
  }
}
