// The live page's side of the limits: a 429 or 503 from the stream route (a JSON error before any
// stream) becomes the page's error state with the server's code and message, which CheckFailed shows.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { GET } from '@/app/api/check/stream/route';
import { checkStreamLines } from '@/components/report/check-stream-query';
import { createCheckSlots, setCheckSlots } from '@/lib/guard/check-slots';
import { RATE_LIMITS, resetRateLimits, takeRateLimitToken } from '@/lib/guard/rate-limit';
import { INITIAL_LIVE_STATE, reduceLiveLine, type LiveState } from '@/lib/report/view/live';
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
