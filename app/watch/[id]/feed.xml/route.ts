// GET /watch/<id>/feed.xml — the Atom feed of one watch's events, by its public id (never the
// management token). 404 for an id that names no watch.
import { errorResponse } from '@/lib/api/api-error';
import { publicOrigin } from '@/lib/store/report-url';
import { ATOM_CONTENT_TYPE, renderAtomFeed } from '@/lib/watch/atom-feed';
import { getWatchStore } from '@/lib/watch/get-watch-store';
import { watchFeedPath } from '@/lib/watch/watch-links';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  try {
    const store = await getWatchStore();
    const watch = await store.getWatch((await params).id);
    if (!watch) return new Response('No such watch\n', { status: 404, headers: { 'content-type': 'text/plain; charset=utf-8' } });
    const origin = publicOrigin(request);
    const xml = renderAtomFeed({
      selfUrl: `${origin}${watchFeedPath(watch.id)}`,
      pageUrl: `${origin}/domain/${encodeURIComponent(watch.domain.replace(/\.$/, ''))}`,
      title: `zonecut watch of ${watch.domain.replace(/\.$/, '')}`,
      origin,
      events: await store.listEvents(watch.id),
      emptyUpdated: watch.createdAt,
    });
    return new Response(xml, { headers: { 'content-type': ATOM_CONTENT_TYPE, 'cache-control': 'no-cache' } });
  } catch (err) {
    return errorResponse(err);
  }
}
