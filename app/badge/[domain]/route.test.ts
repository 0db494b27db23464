import { setTimeout as sleep } from 'node:timers/promises';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { resetRateLimits, RATE_LIMITS } from '@/lib/guard/rate-limit';
import { assertWellFormedXml } from '@/lib/report/test-xml';
import { withTemporaryStore } from '@/lib/store/with-temporary-store';
import { GET } from './route';

// Count the checks that really run, and make each take a moment so concurrent requests overlap.
const checks = vi.hoisted(() => ({ names: [] as string[] }));
vi.mock('@/lib/run-check', async (importOriginal) => {
  const actual = await importOriginal<typeof import('@/lib/run-check')>();
  return {
    ...actual,
    runCheck: async (input: string, options?: Parameters<typeof actual.runCheck>[1]) => {
      checks.names.push(input);
      await sleep(100);
      return actual.runCheck(input, { ...options, timeoutMs: 150 });
    },
  };
});

const getTestStore = withTemporaryStore('badge');
beforeEach(() => {
  resetRateLimits();
  checks.names.length = 0;
});

const badge = (param: string, query = '', headers: Record<string, string> = {}) =>
  GET(new Request(`http://localhost/badge/${param}${query}`, { headers }), { params: Promise.resolve({ domain: param }) });

describe('GET /badge/<domain>.svg', () => {
  it('draws the status of a lab domain with the headers a badge needs', async () => {
    const response = await badge('healthy.test.svg');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('image/svg+xml; charset=utf-8');
    expect(response.headers.get('cache-control')).toMatch(/^public, max-age=\d+, stale-while-revalidate=\d+$/);
    expect(Number(/max-age=(\d+)/.exec(response.headers.get('cache-control')!)![1])).toBeGreaterThan(0);
    expect(response.headers.get('etag')).toMatch(/^"[A-Za-z0-9_-]{27}"$/);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(response.headers.get('x-zonecut-badge-source')).toBe('checked');
    const svg = await response.text();
    assertWellFormedXml(svg);
    expect(svg).toContain('<title>DNS: ok</title>');
    expect(svg).toContain('fill="#4b0"');
    // The check was stored: the badge points at it.
    const latest = await getTestStore().latestSummary('healthy.test');
    expect(response.headers.get('x-zonecut-report')).toBe(latest?.id);
  });

  it('says N errors in red for a broken delegation', async () => {
    const svg = await (await badge('ds-mismatch.test.svg')).text();
    expect(svg).toMatch(/<title>DNS: \d+ errors?<\/title>/);
    expect(svg).toContain('fill="#dd4343"');
  });

  it('serves the stored report while it is fresh, without checking again', async () => {
    await badge('lame.test.svg');
    expect(checks.names).toHaveLength(1);
    const again = await badge('lame.test.svg');
    expect(again.headers.get('x-zonecut-badge-source')).toBe('stored');
    expect(await again.text()).toMatch(/<title>DNS: \d+ warnings?<\/title>/);
    expect(checks.names).toHaveLength(1);
  });

  it('runs one check for 20 concurrent requests of a domain', async () => {
    const responses = await Promise.all(Array.from({ length: 20 }, () => badge('single-ns.test.svg')));
    expect(checks.names).toEqual(['single-ns.test.']);
    expect(responses.map((r) => r.status)).toEqual(Array(20).fill(200));
    expect(new Set(responses.map((r) => r.headers.get('etag'))).size).toBe(1);
    expect(await getTestStore().listReports('single-ns.test')).toHaveLength(1);
  });

  it('answers 304 to a client that holds the current version', async () => {
    const first = await badge('healthy.test.svg');
    const etag = first.headers.get('etag')!;
    for (const inm of [etag, `W/${etag}`, `"other", ${etag}`, '*']) {
      const cached = await badge('healthy.test.svg', '', { 'if-none-match': inm });
      expect(cached.status).toBe(304);
      expect(cached.headers.get('etag')).toBe(etag);
      expect(cached.headers.get('cache-control')).toMatch(/max-age=\d+, stale-while-revalidate/);
      expect(await cached.text()).toBe('');
    }
    const changed = await badge('healthy.test.svg', '', { 'if-none-match': '"stale"' });
    expect(changed.status).toBe(200);
    // Another label or style is another body, so another ETag.
    expect((await badge('healthy.test.svg', '?style=flat-square')).headers.get('etag')).not.toBe(etag);
  });

  it.each(['flat', 'flat-square', 'for-the-badge'])('draws the %s style', async (style) => {
    const response = await badge('healthy.test.svg', `?style=${style}&label=zone`);
    expect(response.status).toBe(200);
    const svg = await response.text();
    assertWellFormedXml(svg);
    expect(svg).toContain(style === 'for-the-badge' ? 'ZONE' : 'zone');
  });

  it('escapes a hostile label: well-formed XML, no script', async () => {
    const label = '<script>alert("x")</script> & </svg><svg onload=alert(1)>';
    const response = await badge('healthy.test.svg', `?label=${encodeURIComponent(label)}`);
    const svg = await response.text();
    assertWellFormedXml(svg);
    expect(svg).not.toMatch(/<script/i);
    for (const [, name] of svg.matchAll(/\s([\w:.-]+)="[^"]*"/g)) expect(name).not.toMatch(/^on/i);
    expect(svg).toContain('&lt;script&gt;');
    expect(svg.match(/<svg/g)).toHaveLength(1);
  });

  it('takes a Unicode name, percent-encoded in the path', async () => {
    const response = await badge('b%C3%BCcher.test.svg');
    expect(response.status).toBe(200);
    expect(checks.names).toEqual(['xn--bcher-kva.test.']);
  });

  it.each([
    ['healthy.test', '', 404, 'not-found'],
    ['healthy.test.png', '', 404, 'not-found'],
    ['exa mple.test.svg', '', 400, 'invalid-character'],
    ['192.0.2.1.svg', '', 400, 'ip-address'],
    ['.svg', '', 400, 'empty'],
    ['healthy.test.svg', '?style=plastic', 400, 'bad-request'],
    ['healthy.test.svg', `?label=${'x'.repeat(65)}`, 400, 'bad-request'],
  ])('answers %s%s with %d %s', async (param, query, status, code) => {
    const response = await badge(param, query);
    expect(response.status).toBe(status);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe(code);
    expect(checks.names).toEqual([]);
  });

  it('serves a fresh stored status to one client however often it asks: no per-client limit', async () => {
    const as = { 'x-forwarded-for': '198.51.100.9' }; // e.g. GitHub's image proxy, for every README viewer
    await badge('healthy.test.svg', '', as); // stored by now, whether or not it was before
    const answers = new Set<string>();
    for (let i = 0; i < 2 * RATE_LIMITS.read.capacity + RATE_LIMITS.check.capacity; i++) {
      const response = await badge('healthy.test.svg', '', as);
      answers.add(`${response.status} ${response.headers.get('x-zonecut-badge-source')}`);
    }
    expect([...answers]).toEqual(['200 stored']);
    expect(checks.names.length).toBeLessThanOrEqual(1);
  });

  it('starts no check beyond the client’s check budget: says unknown instead', async () => {
    const as = { 'x-forwarded-for': '198.51.100.10' };
    const names = Array.from({ length: RATE_LIMITS.check.capacity + 1 }, (_, i) => `budget-${i}.test.svg`);
    const responses = [];
    for (const name of names) responses.push(await badge(name, '', as));
    expect(checks.names).toHaveLength(RATE_LIMITS.check.capacity);
    const last = responses.at(-1)!;
    expect(last.headers.get('x-zonecut-badge-source')).toBe('none');
    expect(await last.text()).toContain('<title>DNS: unknown</title>');
    expect(last.headers.get('cache-control')).toBe('public, max-age=15, stale-while-revalidate=60');
  });
});
