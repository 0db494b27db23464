// GET /domain/<domain>/feed.xml — the Atom feed of a domain's changes: every watch's events of it,
// newest first. A domain nobody watches has an empty (valid) feed; a name that is not a domain, 404.
import { errorResponse } from '@/lib/api/api-error';
import { normalizeDomain } from '@/lib/domain/normalize-domain';
import { publicOrigin } from '@/lib/store/report-url';
import { ATOM_CONTENT_TYPE, renderAtomFeed } from '@/lib/watch/atom-feed';
import { getWatchStore } from '@/lib/watch/get-watch-store';
import { domainFeedPath } from '@/lib/watch/watch-links';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** The feed of an unwatched domain has no entry; its `updated` is a fixed moment, so it never looks new. */
const NEVER = '1970-01-01T00:00:00.000Z';

export async function GET(request: Request, { params }: { params: Promise<{ domain: string }> }): Promise<Response> {
  try {
    let text = (await params).domain;
    try {
      text = decodeURIComponent(text);
    } catch {
      // validated as typed
    }
    const name = normalizeDomain(text);
    if (!name.ok) return new Response(`${name.message}\n`, { status: 404, headers: { 'content-type': 'text/plain; charset=utf-8' } });
    const origin = publicOrigin(request);
    const xml = renderAtomFeed({
      selfUrl: `${origin}${domainFeedPath(name.fqdn)}`,
      pageUrl: `${origin}/domain/${encodeURIComponent(name.domain)}`,
      title: `zonecut: changes to ${name.domain}`,
      origin,
      events: await (await getWatchStore()).listDomainEvents(name.fqdn),
      emptyUpdated: NEVER,
    });
    return new Response(xml, { headers: { 'content-type': ATOM_CONTENT_TYPE, 'cache-control': 'no-cache' } });
  } catch (err) {
    return errorResponse(err);
  }
}
