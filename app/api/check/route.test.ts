import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { getConfig } from '@/lib/config';
import { createCheckSlots, setCheckSlots } from '@/lib/guard/check-slots';
import { RATE_LIMITS, resetRateLimits, takeRateLimitToken } from '@/lib/guard/rate-limit';
import { withTemporaryStore } from '@/lib/store/with-temporary-store';
import type { Report } from '@/lib/report/report';
import { GET } from './route';

const getTestStore = withTemporaryStore('check-route');

const get = (query: string) => GET(new Request(`http://localhost/api/check${query}`));

describe('GET /api/check', () => {
  it('stores the completed check and names it in X-Zonecut-Report and Location', async () => {
    const response = await GET(new Request('http://localhost:3000/api/check?domain=lame.test', { headers: { host: 'zonecut.example:3000' } }));
    expect(response.status).toBe(200);
    const id = response.headers.get('x-zonecut-report');
    expect(id).toMatch(/^[A-Za-z0-9_-]{20}$/);
    expect(response.headers.get('location')).toBe(`http://zonecut.example:3000/r/${id}`);
    const stored = await getTestStore().getReport(id ?? '');
    expect(stored?.report.domain).toBe('lame.test.');
    expect(((await response.json()) as Report).domain).toBe('lame.test.');
  });

  it('returns the report of a lab domain', async () => {
    const response = await get('?domain=healthy.test');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const report = (await response.json()) as Report;
    expect(report).toMatchObject({ schemaVersion: 1, domain: 'healthy.test.', summary: { status: 'ok' } });
    expect(report.capture.cuts.map((c) => c.zone)).toEqual(['.', 'test.', 'healthy.test.']);
    // Where it was taken from: the families tested (the lab's default host has both) and the resolver.
    expect(report.vantage).toMatchObject({ families: [4, 6], resolver: { kind: 'lab' } });
  });

  it('normalizes what a person pastes', async () => {
    const response = await get(`?domain=${encodeURIComponent('https://Lame.TEST./some/path')}`);
    expect(response.status).toBe(200);
    const report = (await response.json()) as Report;
    expect(report.domain).toBe('lame.test.');
    expect(report.findings.map((f) => f.code)).toContain('ns.lame');
  });

  it.each([
    ['a space', `?domain=${encodeURIComponent('exa mple.com')}`, 'invalid-character'],
    ['an IP address', '?domain=192.0.2.1', 'ip-address'],
    ['an empty value', '?domain=', 'empty'],
    ['no domain parameter', '', 'bad-request'],
    ['another parameter only', '?name=example.com', 'bad-request'],
  ])('answers 400 with a code for %s', async (_, query, code) => {
    const response = await get(query);
    expect(response.status).toBe(400);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const body = (await response.json()) as { error: { code: string; message: string } };
    expect(body).toEqual({ error: { code, message: expect.any(String) } });
    expect(body.error.message.length).toBeGreaterThan(10);
  });
});

describe('GET /api/check limits', () => {
  beforeEach(() => resetRateLimits());
  afterEach(() => setCheckSlots());
  const from = (ip: string) => new Request('http://localhost/api/check?domain=healthy.test', { headers: { 'x-forwarded-for': ip } });

  it("answers 429 with Retry-After past the client's rate of checks, before running one", async () => {
    for (let i = 0; i < RATE_LIMITS.check.capacity; i++) expect((await takeRateLimitToken(from('192.0.2.60'), 'check')).ok).toBe(true);
    const response = await GET(from('192.0.2.60'));
    expect(response.status).toBe(429);
    expect(Number(response.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(await response.json()).toEqual({
      error: { code: 'rate-limited', message: expect.stringMatching(/^Too many checks from your address: try again in \d+ s$/) },
    });
    // Another client is not affected.
    expect((await GET(from('192.0.2.61'))).status).toBe(200);
  });

  it('answers 503 with Retry-After when every slot is taken, without charging the client', async () => {
    const slots = createCheckSlots(1);
    setCheckSlots(slots);
    const held = slots.tryTake();
    const response = await GET(from('192.0.2.62'));
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBe('5');
    expect(await response.json()).toEqual({ error: { code: 'busy', message: expect.stringContaining('(1)') } });
    held?.();
    // The refused request took no token: the whole burst is still there.
    for (let i = 0; i < RATE_LIMITS.check.capacity; i++) expect((await takeRateLimitToken(from('192.0.2.62'), 'check')).ok).toBe(true);
  });

  it('holds a slot while the check runs and gives it back when it ends', async () => {
    const slots = createCheckSlots(1);
    setCheckSlots(slots);
    const pending = GET(from('192.0.2.63'));
    expect(slots.running).toBe(1);
    expect((await GET(from('192.0.2.64'))).status).toBe(503);
    expect((await pending).status).toBe(200);
    expect(slots.running).toBe(0);
    expect((await GET(from('192.0.2.64'))).status).toBe(200);
  });
});

describe('GET /api/check storage bounds', () => {
  const cache = globalThis as unknown as { __zonecutConfig?: ReturnType<typeof getConfig> };
  afterEach(() => {
    cache.__zonecutConfig = undefined;
  });

  it('answers and stores the same bounded report, with a note of what was cut', async () => {
    cache.__zonecutConfig = { ...getConfig(), storageLimits: { observations: 20, answerBytes: 4096 } };
    const response = await GET(new Request('http://localhost/api/check?domain=lame.test', { headers: { 'x-forwarded-for': '192.0.2.65' } }));
    expect(response.status).toBe(200);
    const report = (await response.json()) as Report;
    expect(report.capture.observations).toHaveLength(20);
    expect(report.storageCut).toMatchObject({ limits: { observations: 20, answerBytes: 4096 }, observations: { dropped: expect.any(Number) } });
    expect(report.storageCut?.observations.total).toBeGreaterThan(20);
    expect(report.storageCut?.answers.keptBytes).toBeLessThanOrEqual(4096);
    // The findings are the whole check's: lame.test is still lame.
    expect(report.findings.map((f) => f.code)).toContain('ns.lame');
    const stored = await getTestStore().getReport(response.headers.get('x-zonecut-report') ?? '');
    expect(stored?.report).toEqual(report);
  });
});
