// GET /api/check/stream speaks NDJSON (lib/api/ndjson.ts): every WalkEvent as the walk makes it,
// then one `report` line with the whole Report, or, if something broke on our side, one `error`
// line. Both ends are here: checkStreamResponse() for the route handler, readCheckStream() for
// the page that shows the tree filling in. Isomorphic: it is handed the check to run, so it never
// imports run-check (nor anything server-only) itself.
import { toApiErrorBody, type ApiErrorBody } from '@/lib/api/api-error';
import { encodeNdjsonLine, NDJSON_CONTENT_TYPE, parseNdjsonStream } from '@/lib/api/ndjson';
import type { CheckEvent } from '@/lib/checks/live-answer';
import type { DomainErrorCode } from '@/lib/domain/normalize-domain';
import type { FindingTexts } from '@/lib/checks/catalogue';
import type { Report } from '@/lib/report/report';
import type { StreamLine } from '@/lib/report/view/live';
import type { SummaryView } from '@/lib/report/view/summary';

/**
 * One line of the stream. The last one is `report` or `error`; `done` comes just before `report`.
 * `id` and `url` (the permalink, `/r/<id>`) are on the report line when the report was stored.
 */
export type CheckStreamLine = StreamLine<ApiErrorBody['error']>;

export type CheckStreamLineType = CheckStreamLine['type'];

const LINE_TYPES: ReadonlySet<string> = new Set<CheckStreamLineType>(['start', 'cut', 'query', 'answer', 'budget', 'done', 'report', 'error']);

/** runCheck's shape, as far as the stream needs it. */
export type CheckRunner = (
  input: string,
  options: { onEvent: (event: CheckEvent) => void; signal: AbortSignal },
) => Promise<
  | { ok: true; report: Report; /** Set when the report was stored: its id. */ stored?: { id: string } | null }
  | { ok: false; error: { code: DomainErrorCode; message: string } }
>;

/**
 * Headers that keep every hop from holding lines back: no caching, no compression (`no-transform`
 * stops Next's and most proxies' gzip, which buffers), and nginx's `X-Accel-Buffering: no`.
 */
export const CHECK_STREAM_HEADERS: Readonly<Record<string, string>> = {
  'content-type': `${NDJSON_CONTENT_TYPE}; charset=utf-8`,
  'cache-control': 'no-store, no-transform',
  'x-accel-buffering': 'no',
};

/**
 * Runs the check and streams it. When the client goes away (`signal` aborts, or the body is
 * cancelled) the walk is aborted: nothing more is sent to DNS servers for a reader who left.
 */
/**
 * `describe` gives the catalogue's words for the report's findings and its summary (summaryView),
 * handed in like the check: this module is also the page's, and importing the catalogue or the
 * summary's rules here would ship them to the browser.
 */
export function checkStreamResponse(
  run: CheckRunner,
  describe: (report: Report) => { texts: FindingTexts; summary: SummaryView },
  domain: string,
  signal?: AbortSignal,
): Response {
  const walk = new AbortController();
  const abortWalk = () => walk.abort();
  let open = true;

  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      const send = (line: CheckStreamLine) => {
        if (!open) return;
        try {
          controller.enqueue(encodeNdjsonLine(line));
        } catch {
          open = false; // the reader is gone; the walk is being aborted
        }
      };
      if (signal?.aborted) walk.abort();
      else signal?.addEventListener('abort', abortWalk, { once: true });

      // Not awaited: start() returning early lets the first lines out while the walk goes on.
      void (async () => {
        try {
          const result = await run(domain, { onEvent: send, signal: walk.signal });
          if (!result.ok) send({ type: 'error', error: result.error });
          else {
            const words = describe(result.report);
            if (result.stored)
              send({ type: 'report', report: result.report, ...words, id: result.stored.id, url: `/r/${encodeURIComponent(result.stored.id)}` });
            else send({ type: 'report', report: result.report, ...words });
          }
        } catch (err) {
          send({ type: 'error', ...toApiErrorBody(err) });
        } finally {
          signal?.removeEventListener('abort', abortWalk);
          if (open) {
            open = false;
            try {
              controller.close();
            } catch {
              // Already cancelled.
            }
          }
        }
      })();
    },
    cancel() {
      open = false;
      walk.abort();
    },
  });

  return new Response(body, { headers: CHECK_STREAM_HEADERS });
}

/** Whether a parsed line is one of ours (its `type` is known); anything else is skipped. */
export function isCheckStreamLine(value: unknown): value is CheckStreamLine {
  return typeof value === 'object' && value !== null && 'type' in value && typeof value.type === 'string' && LINE_TYPES.has(value.type);
}

/**
 * The lines of a /api/check/stream body, for clients. Lines of an unknown type (a newer server)
 * are skipped; a line that is not JSON throws NdjsonParseError.
 */
export async function* readCheckStream(body: ReadableStream<Uint8Array>): AsyncGenerator<CheckStreamLine, void, undefined> {
  for await (const value of parseNdjsonStream(body)) {
    if (isCheckStreamLine(value)) yield value;
  }
}
