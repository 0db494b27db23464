// The live page's stream: a 429 or 503 from the stream route (a JSON error before any stream)
// becomes the page's error state with the server's code and message, which CheckFailed shows; the
// fold publishes every line, says when the stream broke or ended short, and publishes nothing once
// aborted (the page left, or the reader asked again).
import { afterEach, describe, expect, it, vi } from 'vitest';
import { GET } from '@/app/api/check/stream/route';
import { checkStreamLines, foldCheckStream, type CheckStreamView } from '@/components/report/use-check-stream';
import { createCheckSlots, setCheckSlots } from '@/lib/guard/check-slots';
import { RATE_LIMITS, resetRateLimits, takeRateLimitToken } from '@/lib/guard/rate-limit';
import { encodeNdjsonLine } from '@/lib/api/ndjson';
import { INITIAL_LIVE_STATE, reduceLiveLine, type LiveState, type StreamLine } from '@/lib/report/view/live';
import { withTemporaryStore } from '@/lib/store/with-temporary-store';

withTemporaryStore('live-page-limits');

const CLIENT = { 'x-forwarded-for': '192.0.2.90' };

/** The page's fetch of /api/check/stream, answered by the real route handler. */
function serveFromRoute() {
  vi.stubGlobal('fetch', (url: string, init?: RequestInit) => GET(new Request(new URL(url, 'http://localhost'), { ...init, headers: CLIENT })));
}

async function pageState(domain: string): Promise<LiveState> {
  let state = INITIAL_LIVE_STATE;
  for await (const line of checkStreamLines(domain, new AbortController().signal)) state = reduceLiveLine(state, line);
  return state;
}

afterEach(() => {
  vi.unstubAllGlobals();
  setCheckSlots();
  resetRateLimits();
});

describe('the live page on a refused check', () => {
  it("shows the server's rate-limited message and code", async () => {
    serveFromRoute();
    for (let i = 0; i < RATE_LIMITS.check.capacity; i++) takeRateLimitToken(new Request('http://localhost/', { headers: CLIENT }), 'check');
    const state = await pageState('healthy.test');
    expect(state.error).toEqual({ code: 'rate-limited', message: expect.stringMatching(/^Too many checks from your address: try again in \d+ s$/) });
    expect(state.report).toBeNull();
  });

  it("shows the server's busy message and code", async () => {
    serveFromRoute();
    const slots = createCheckSlots(1);
    setCheckSlots(slots);
    slots.tryTake();
    const state = await pageState('healthy.test');
    expect(state.error).toEqual({ code: 'busy', message: expect.stringContaining('try again in a few seconds') });
  });

  it('still streams a check that is admitted', async () => {
    serveFromRoute();
    const state = await pageState('healthy.test');
    expect(state.error).toBeNull();
    expect(state.report?.domain).toBe('healthy.test.');
  });
});

/** Views the fold publishes for `lines`, with `signal`. */
async function fold(lines: AsyncIterable<StreamLine>, signal = new AbortController().signal): Promise<CheckStreamView[]> {
  const views: CheckStreamView[] = [];
  await foldCheckStream(lines, signal, (v) => views.push(v));
  return views;
}

async function* fromArray(lines: StreamLine[], thenThrow?: Error): AsyncGenerator<StreamLine> {
  for (const line of lines) yield line;
  if (thenThrow) throw thenThrow;
}

const START: StreamLine = { type: 'start', target: 'x.test.', at: '2026-01-01T00:00:00.000Z' };
const CUT: StreamLine = { type: 'cut', zone: 'test.', parent: '.', nameservers: ['ns1.nic.test.'] };

describe('foldCheckStream', () => {
  it('publishes the state after every line, then once more with the stream closed', async () => {
    serveFromRoute();
    const views = await fold(checkStreamLines('healthy.test', new AbortController().signal));
    expect(views.length).toBeGreaterThan(3);
    expect(views.slice(0, -1).every((v) => v.running && v.failure === null)).toBe(true);
    const last = views.at(-1);
    expect(last?.running).toBe(false);
    expect(last?.failure).toBeNull();
    expect(last?.live.report?.domain).toBe('healthy.test.');
    expect(last?.live.reportId).toMatch(/\S/);
    // The tree grew before the report: queries were in the state while it was still running.
    expect(views.some((v) => v.live.report === null && Object.keys(v.live.queries).length > 0)).toBe(true);
  });

  it('says the stream ended short when it closes without a report or an error', async () => {
    const views = await fold(fromArray([START, CUT]));
    expect(views.map((v) => v.running)).toEqual([true, true, false]);
    expect(views.at(-1)?.failure).toMatch(/ended before the report/);
    expect(views.at(-1)?.live.cuts).toHaveLength(1);
  });

  it("keeps the server's own error as the state's error, not a stream failure", async () => {
    const views = await fold(fromArray([START, { type: 'error', error: { code: 'internal', message: 'boom' } }]));
    expect(views.at(-1)).toMatchObject({ running: false, failure: null, live: { error: { code: 'internal', message: 'boom' } } });
  });

  it('says why the stream broke, keeping what had arrived', async () => {
    const views = await fold(fromArray([START, CUT], new TypeError('network error')));
    expect(views.at(-1)?.running).toBe(false);
    expect(views.at(-1)?.failure).toBe("The check could not be streamed from zonecut's server: network error");
    expect(views.at(-1)?.live.target).toBe('x.test.');
  });

  it('reports a line that is not JSON as a broken stream', async () => {
    const bytes = [encodeNdjsonLine(START), new TextEncoder().encode('{"type":"cut",\n')];
    vi.stubGlobal('fetch', async () => new Response(new ReadableStream({ start: (c) => (bytes.forEach((b) => c.enqueue(b)), c.close()) })));
    const views = await fold(checkStreamLines('x.test', new AbortController().signal));
    expect(views.at(-1)?.failure).toMatch(/line 2 of the stream is not JSON/);
  });

  it('publishes nothing once aborted, and stops reading the source', async () => {
    const controller = new AbortController();
    let pulled = 0;
    let closed = false;
    async function* source(): AsyncGenerator<StreamLine> {
      try {
        for (;;) {
          pulled++;
          yield START;
        }
      } finally {
        closed = true;
      }
    }
    const views: CheckStreamView[] = [];
    await foldCheckStream(source(), controller.signal, (v) => {
      views.push(v);
      if (views.length === 3) controller.abort();
    });
    expect(views).toHaveLength(3);
    expect(views.every((v) => v.running)).toBe(true);
    expect(pulled).toBe(4);
    expect(closed).toBe(true);
  });

  it('publishes nothing when aborted while waiting for a line that then fails', async () => {
    const controller = new AbortController();
    async function* source(): AsyncGenerator<StreamLine> {
      yield START;
      await new Promise((resolve) => setTimeout(resolve, 5));
      throw new DOMException('The operation was aborted.', 'AbortError');
    }
    const views: CheckStreamView[] = [];
    const done = foldCheckStream(source(), controller.signal, (v) => views.push(v));
    await new Promise((resolve) => setTimeout(resolve, 1));
    controller.abort();
    await done;
    expect(views).toHaveLength(1);
  });

  it('aborts the request of a check the page left: the fetch sees the signal', async () => {
    const controller = new AbortController();
    let seen: AbortSignal | undefined;
    vi.stubGlobal('fetch', (_url: string, init?: RequestInit) => {
      seen = init?.signal ?? undefined;
      return new Promise<Response>((_resolve, reject) => seen?.addEventListener('abort', () => reject(seen?.reason)));
    });
    const views: CheckStreamView[] = [];
    const done = foldCheckStream(checkStreamLines('x.test', controller.signal), controller.signal, (v) => views.push(v));
    controller.abort();
    await done;
    expect(seen?.aborted).toBe(true);
    expect(views).toEqual([]);
  });
});
