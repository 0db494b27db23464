// /api/watches/manage/<token> — one watch, by the token of its management link:
//   GET    → `{watch, events, deliveries}` (the management page polls it)
//   PATCH  `{"intervalMinutes": 30}` and/or `{"webhookUrl": "https://…" | null}` → `{watch, secret}`
//          (`secret` only when a webhook was added where there was none)
//   DELETE → stops the watch (its events and feed stay) → `{watch}`
// 404 for a token that names no watch; 400 on bad input, which changes nothing.
import { errorResponse } from '@/lib/api/api-error';
import { readJsonBody } from '@/lib/api/read-json-body';
import { getWatchStore } from '@/lib/watch/get-watch-store';
import { stopWatch, updateWatch, watchByToken, watchDetails } from '@/lib/watch/manage-watch';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

type Context = { params: Promise<{ token: string }> };
const NO_STORE = { 'cache-control': 'no-store' };

export async function GET(_request: Request, { params }: Context): Promise<Response> {
  try {
    const store = await getWatchStore();
    const watch = await watchByToken(store, (await params).token);
    return Response.json(await watchDetails(store, watch), { headers: NO_STORE });
  } catch (err) {
    return errorResponse(err);
  }
}

export async function PATCH(request: Request, { params }: Context): Promise<Response> {
  try {
    const body = await readJsonBody(request, 8192, '{"intervalMinutes": 30}');
    return Response.json(await updateWatch((await params).token, body, await getWatchStore()), { headers: NO_STORE });
  } catch (err) {
    return errorResponse(err);
  }
}

export async function DELETE(_request: Request, { params }: Context): Promise<Response> {
  try {
    return Response.json({ watch: await stopWatch((await params).token, await getWatchStore()) }, { headers: NO_STORE });
  } catch (err) {
    return errorResponse(err);
  }
}
