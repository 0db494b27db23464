// GET /api/scans/<id>/stream — NDJSON, live: {"type":"progress",…} about every second while it
// changes, {"type":"result","result":{…}} once per finished name (those done before the request
// first), and {"type":"end","progress":{…}} when every name is done — or after 30 minutes, when a
// client reconnects for the rest (results it already has come again).
import { errorResponse } from '@/lib/api/api-error';
import { NDJSON_CONTENT_TYPE } from '@/lib/api/ndjson';
import { setTimeout as sleep } from 'node:timers/promises';
import { textStream } from '@/lib/scans/scan-export';
import { readScan } from '@/lib/scans/scan-http';
import { allScanResults, getScanProgress, scanResultsFinishedAfter, type FinishedCursor, type ScanProgress } from '@/lib/scans/scan-store';
import { getDb } from '@/lib/store/get-store';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

const POLL_MS = 1000;
const MAX_STREAM_MS = 30 * 60_000;

export async function GET(request: Request, context: { params: Promise<{ id: string }> }): Promise<Response> {
  try {
    const { id } = await context.params;
    await readScan(request, id);
    const db = await getDb();
    const line = (value: unknown) => `${JSON.stringify(value)}\n`;
    async function* lines(): AsyncGenerator<string> {
      const deadline = Date.now() + MAX_STREAM_MS;
      const sent = new Set<string>();
      let cursor: FinishedCursor | null = null;
      let last = '';
      for (;;) {
        const progress: ScanProgress | null = await getScanProgress(db, id);
        if (!progress) return;
        // Results finished since the cursor, by the database's clock.
        for (;;) {
          const page = await scanResultsFinishedAfter(db, id, cursor);
          for (const r of page) {
            if (!sent.has(r.name)) yield line({ type: 'result', result: r });
            sent.add(r.name);
            cursor = { finishedAt: r.finishedAt!, name: r.name };
          }
          if (page.length === 0 || request.signal.aborted) break;
        }
        const text = JSON.stringify(progress);
        if (text !== last) yield line({ type: 'progress', progress });
        last = text;
        if (progress.finished || Date.now() > deadline || request.signal.aborted) {
          // A result whose transaction committed after a later one was read: sent now.
          if (progress.finished) {
            for await (const r of allScanResults(db, id)) if (r.state !== 'queued' && !sent.has(r.name)) yield line({ type: 'result', result: r });
          }
          yield line({ type: 'end', progress, reason: progress.finished ? 'finished' : 'timeout' });
          return;
        }
        await sleep(POLL_MS);
      }
    }
    return new Response(textStream(lines()), { headers: { 'content-type': NDJSON_CONTENT_TYPE, 'cache-control': 'no-store', 'x-accel-buffering': 'no' } });
  } catch (err) {
    return errorResponse(err);
  }
}
