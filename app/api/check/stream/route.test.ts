import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createCheckSlots, setCheckSlots } from '@/lib/guard/check-slots';
import { RATE_LIMITS, resetRateLimits, takeRateLimitToken } from '@/lib/guard/rate-limit';
import { withTemporaryStore } from '@/lib/store/with-temporary-store';
import { readCheckStream, type CheckStreamLine } from '@/lib/api/check-stream';
import { GET } from './route';

const getTestStore = withTemporaryStore('check-route');

const URL_BASE = 'http://localhost/api/check/stream';

async function readAll(response: Response): Promise<CheckStreamLine[]> {
  if (!response.body) throw new Error('no body');
  const lines: CheckStreamLine[] = [];
  for await (const line of readCheckStream(response.body)) lines.push(line);
  return lines;
}

describe('GET /api/check/stream', () => {
  it('streams the walk as NDJSON, then the report', async () => {
    const response = await GET(new Request(`${URL_BASE}?domain=healthy.test`));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/x-ndjson/);
    expect(response.headers.get('cache-control')).toBe('no-store, no-transform');
    expect(response.headers.get('x-accel-buffering')).toBe('no');
    const lines = await readAll(response);
    expect(lines[0]).toMatchObject({ type: 'start', target: 'healthy.test.' });
    const cuts = lines.flatMap((l) => (l.type === 'cut' ? [l.zone] : []));
    expect(cuts).toEqual(['.', 'test.', 'healthy.test.']);
    expect(lines.at(-2)).toMatchObject({ type: 'done', outcome: 'complete' });
    const last = lines.at(-1);
    expect(last?.type).toBe('report');
    if (last?.type !== 'report') return;
    expect(last.report).toMatchObject({ domain: 'healthy.test.', summary: { status: 'ok' } });
    // The completed check was stored: the last line names it and its permalink.
    expect(last.id).toMatch(/^[A-Za-z0-9_-]{20}$/);
    expect(last.url).toBe(`/r/${last.id}`);
    expect((await getTestStore().getReport(last.id ?? ''))?.report.domain).toBe('healthy.test.');
    // Every query announced was answered, and the report holds each of them.
    const queries = lines.filter((l) => l.type === 'query').length;
    expect(lines.filter((l) => l.type === 'answer').length).toBe(queries);
    expect(last.report.capture.observations.length).toBe(queries);
  });

  it('every line is one JSON object', async () => {
    const response = await GET(new Request(`${URL_BASE}?domain=lame.test`));
    const text = await response.text();
    expect(text.endsWith('\n')).toBe(true);
    const lines = text.slice(0, -1).split('\n');
    expect(lines.length).toBeGreaterThan(10);
    for (const line of lines) expect(JSON.parse(line)).toHaveProperty('type');
  });

  it("sends the checks' verdict with each answer to a zone's apex question", async () => {
    const lines = await readAll(await GET(new Request(`${URL_BASE}?domain=lame.test`)));
    const apex = lines.flatMap((l) => (l.type === 'answer' && l.zone === 'lame.test.' && (l.purpose === 'apex-soa' || l.purpose === 'apex-ns') ? [l] : []));
    const asked = new Map(lines.flatMap((l) => (l.type === 'query' ? [[l.id, l.server.address] as const] : [])));
    const byAddress = (address: string) => apex.filter((l) => asked.get(l.id) === address).map((l) => l.status);
    expect(byAddress('203.0.113.24').length).toBeGreaterThan(0);
    for (const status of byAddress('203.0.113.24')) expect(status).toEqual({ kind: 'lame', reason: 'refused', detail: 'REFUSED' });
    for (const status of byAddress('198.51.100.24')) expect(status).toEqual({ kind: 'authoritative' });
    // Referrals are the walker's business, not a verdict on a server's own zone.
    expect(lines.some((l) => l.type === 'answer' && l.purpose === 'referral' && l.status !== undefined)).toBe(false);
    // The report line carries the summary decided on the server: the page only shows it.
    const last = lines.at(-1);
    expect(last?.type === 'report' && last.summary).toEqual({
      overall: { status: 'warning', message: '1 warning', headline: 'Lame nameserver' },
      note: null,
      own: [0, 1],
      context: [],
    });
  });

  it.each([
    ['bad input', `?domain=${encodeURIComponent('exa mple.com')}`, 'invalid-character'],
    ['a missing parameter', '', 'bad-request'],
  ])('answers %s with a 400 JSON error, not a stream', async (_, query, code) => {
    const response = await GET(new Request(`${URL_BASE}${query}`));
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await response.json()).toEqual({ error: { code, message: expect.any(String) } });
  });

  it('stops the walk when the client goes away', async () => {
    // silent.test: one server never answers, so the walk would wait out its timeouts (3 × 1.5 s).
    const client = new AbortController();
    const response = await GET(new Request(`${URL_BASE}?domain=silent.test`, { signal: client.signal }));
    if (!response.body) throw new Error('no body');
    const lines: CheckStreamLine[] = [];
    let abortedAt = 0;
    for await (const line of readCheckStream(response.body)) {
      lines.push(line);
      // Abort once a query to the silent server (203.0.113.27) is out.
      if (!abortedAt && line.type === 'query' && line.server.address === '203.0.113.27') {
        abortedAt = Date.now();
        client.abort();
      }
    }
    expect(abortedAt).toBeGreaterThan(0);
    // Well before the silent server's first timeout would have expired.
    expect(Date.now() - abortedAt).toBeLessThan(1000);
    expect(lines.at(-2)).toMatchObject({ type: 'done', outcome: 'aborted' });
    expect(lines.at(-1)).toMatchObject({ type: 'report', report: { capture: { outcome: 'aborted' } } });
  });

  it('ends at once when the reader cancels the body', async () => {
    const response = await GET(new Request(`${URL_BASE}?domain=silent.test`));
    if (!response.body) throw new Error('no body');
    let brokeAt = 0;
    for await (const line of readCheckStream(response.body)) {
      if (line.type === 'cut' && line.zone === 'silent.test.') {
        brokeAt = Date.now();
        break; // cancels the body, which aborts the walk (lib/api/check-stream.test.ts)
      }
    }
    expect(brokeAt).toBeGreaterThan(0);
    expect(Date.now() - brokeAt).toBeLessThan(1000);
  });
});

describe('GET /api/check/stream limits', () => {
  beforeEach(() => resetRateLimits());
  afterEach(() => setCheckSlots());
  const from = (ip: string, domain = 'healthy.test', signal?: AbortSignal) =>
    new Request(`${URL_BASE}?domain=${domain}`, { headers: { 'x-forwarded-for': ip }, signal });

  it("answers 429 with Retry-After as a JSON error, not a stream, past the client's rate", async () => {
    for (let i = 0; i < RATE_LIMITS.check.capacity; i++) takeRateLimitToken(from('192.0.2.70'), 'check');
    const response = await GET(from('192.0.2.70'));
    expect(response.status).toBe(429);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(Number(response.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(await response.json()).toEqual({ error: { code: 'rate-limited', message: expect.any(String) } });
  });

  it('answers 503 with Retry-After as a JSON error when every slot is taken', async () => {
    const slots = createCheckSlots(1);
    setCheckSlots(slots);
    const held = slots.tryTake();
    const response = await GET(from('192.0.2.71'));
    expect(response.status).toBe(503);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(response.headers.get('retry-after')).toBe('5');
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe('busy');
    held?.();
  });

  it('holds its slot until the stream ends, and gives it back when the reader leaves', async () => {
    const slots = createCheckSlots(1);
    setCheckSlots(slots);
    const whole = await GET(from('192.0.2.72'));
    expect(slots.running).toBe(1);
    expect((await GET(from('192.0.2.73'))).status).toBe(503);
    await readAll(whole);
    await vi.waitFor(() => expect(slots.running).toBe(0));

    const client = new AbortController();
    const left = await GET(from('192.0.2.72', 'silent.test', client.signal));
    expect(slots.running).toBe(1);
    client.abort();
    await left.text().catch(() => '');
    await vi.waitFor(() => expect(slots.running).toBe(0));
  });
});
