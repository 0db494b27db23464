import { beforeEach, describe, expect, it } from 'vitest';
import { createCheckSlots, setCheckSlots } from '@/lib/guard/check-slots';
import { RATE_LIMITS, resetRateLimits } from '@/lib/guard/rate-limit';
import type { Report } from '@/lib/report/report';
import { withTemporaryStore } from '@/lib/store/with-temporary-store';
import type { StoredReport } from '@/lib/store/report-store';
import { GET } from './[id]/route';
import { POST } from './route';

const getTestStore = withTemporaryStore('api-reports');
beforeEach(() => resetRateLimits());

const post = (body: string, headers: Record<string, string> = {}) =>
  POST(new Request('http://localhost:3000/api/reports', { method: 'POST', body, headers: { 'content-type': 'application/json', ...headers } }));
const get = (id: string) => GET(new Request(`http://localhost:3000/api/reports/${id}`), { params: Promise.resolve({ id }) });

describe('POST /api/reports', () => {
  it('runs the check, stores it and answers 201 with the id and permalink', async () => {
    const response = await post(JSON.stringify({ domain: 'https://Lame.TEST./x' }));
    expect(response.status).toBe(201);
    const body = (await response.json()) as { id: string; url: string };
    expect(Object.keys(body).sort()).toEqual(['id', 'url']);
    expect(body.id).toMatch(/^[A-Za-z0-9_-]{20}$/);
    expect(body.url).toBe(`http://localhost:3000/r/${body.id}`);
    expect(response.headers.get('location')).toBe(body.url);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const stored = await getTestStore().getReport(body.id);
    expect(stored?.report.domain).toBe('lame.test.');
    expect(stored?.report.findings.map((f) => f.code)).toContain('ns.lame');
  });

  it('gives every check its own id', async () => {
    const ids = await Promise.all([1, 2, 3].map(() => post('{"domain":"healthy.test"}').then((r) => r.json() as Promise<{ id: string }>)));
    expect(new Set(ids.map((b) => b.id)).size).toBe(3);
  });

  it.each([
    ['not JSON', 'domain=healthy.test', 'bad-request'],
    ['no domain', '{}', 'bad-request'],
    ['a number', '{"domain": 42}', 'bad-request'],
    ['JSON null', 'null', 'bad-request'],
    ['a body too large', JSON.stringify({ domain: 'a.test', pad: 'x'.repeat(10_000) }), 'bad-request'],
    ['an IP address', '{"domain":"192.0.2.1"}', 'ip-address'],
    ['a bad name', '{"domain":"exa mple.com"}', 'invalid-character'],
  ])('answers 400 for %s', async (_, body, code) => {
    const response = await post(body);
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ error: { code, message: expect.any(String) } });
  });

  it('rate-limits checks per client with 429 and Retry-After', async () => {
    const as = (ip: string) => ({ 'x-forwarded-for': ip });
    const statuses: number[] = [];
    for (let i = 0; i <= RATE_LIMITS.check.capacity; i++) statuses.push((await post('{"domain":"healthy.test"}', as('192.0.2.77'))).status);
    expect(statuses.slice(0, -1).every((s) => s === 201)).toBe(true);
    const limited = await post('{"domain":"healthy.test"}', as('192.0.2.77'));
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(((await limited.json()) as { error: { code: string } }).error.code).toBe('rate-limited');
    // Another client is not affected; bad input is refused before it costs a token.
    expect((await post('{"domain":"healthy.test"}', as('192.0.2.78'))).status).toBe(201);
    expect((await post('{"domain":"192.0.2.1"}', as('192.0.2.77'))).status).toBe(400);
  });

  it('answers 503 busy with Retry-After when every check slot is taken, and gives its slot back', async () => {
    const slots = createCheckSlots(1);
    setCheckSlots(slots);
    try {
      const held = slots.tryTake();
      const busy = await post('{"domain":"healthy.test"}', { 'x-forwarded-for': '192.0.2.80' });
      expect(busy.status).toBe(503);
      expect(busy.headers.get('retry-after')).toBe('5');
      expect(((await busy.json()) as { error: { code: string } }).error.code).toBe('busy');
      held?.();
      expect((await post('{"domain":"healthy.test"}', { 'x-forwarded-for': '192.0.2.80' })).status).toBe(201);
      expect(slots.running).toBe(0);
    } finally {
      setCheckSlots();
    }
  });
});

describe('GET /api/reports/<id>', () => {
  it('returns the stored report whole, cacheable for good', async () => {
    const created = (await (await post('{"domain":"ds-mismatch.test"}')).json()) as { id: string };
    const response = await get(created.id);
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    const body = (await response.json()) as StoredReport & { url: string };
    expect(body).toMatchObject({ id: created.id, url: `http://localhost:3000/r/${created.id}`, domain: 'ds-mismatch.test.', status: 'error' });
    expect(body.badge.message).toMatch(/errors?$/);
    const report: Report = body.report;
    expect(report).toEqual((await getTestStore().getReport(created.id))!.report);
    expect(report.schemaVersion).toBe(1);
    expect(report.catalogueVersion).toBeGreaterThanOrEqual(1);
    expect(report.capture.cuts.length).toBeGreaterThan(1);
  });

  it.each([['AAAAAAAAAAAAAAAAAAAA'], ['not-an-id'], ['%3Cscript%3E'], ['']])('answers 404 for %j', async (id) => {
    const response = await get(id);
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ error: { code: 'not-found', message: 'No report has this id' } });
  });
});
