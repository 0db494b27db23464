import { afterEach, describe, expect, it } from 'vitest';
import { getConfig, loadConfig } from '@/lib/config';
import { parseCidr } from '@/lib/domain/ip-literal';
import { clientKey, createRateLimiter, RATE_LIMITS, resetRateLimits, takeRateLimitToken } from '@/lib/guard/rate-limit';

function clock() {
  let t = 1_000_000;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}

describe('createRateLimiter', () => {
  it('allows a burst of `capacity`, then says when to come back', () => {
    const c = clock();
    const limiter = createRateLimiter({ capacity: 3, refillPerSecond: 0.5 }, { now: c.now });
    expect([1, 2, 3].map(() => limiter.take('a'))).toEqual([
      { ok: true, remaining: 2 },
      { ok: true, remaining: 1 },
      { ok: true, remaining: 0 },
    ]);
    expect(limiter.take('a')).toEqual({ ok: false, retryAfterSeconds: 2 });
    c.advance(1000);
    expect(limiter.take('a')).toEqual({ ok: false, retryAfterSeconds: 1 });
    c.advance(1000);
    expect(limiter.take('a')).toEqual({ ok: true, remaining: 0 });
  });

  it('refills continuously up to capacity, never beyond', () => {
    const c = clock();
    const limiter = createRateLimiter({ capacity: 2, refillPerSecond: 1 }, { now: c.now });
    limiter.take('a');
    limiter.take('a');
    c.advance(60_000);
    expect(limiter.take('a')).toEqual({ ok: true, remaining: 1 });
    expect(limiter.take('a')).toEqual({ ok: true, remaining: 0 });
    expect(limiter.take('a').ok).toBe(false);
  });

  it('keeps clients apart', () => {
    const limiter = createRateLimiter({ capacity: 1, refillPerSecond: 0.01 }, { now: clock().now });
    expect(limiter.take('a').ok).toBe(true);
    expect(limiter.take('a').ok).toBe(false);
    expect(limiter.take('b').ok).toBe(true);
  });

  it('remembers a bounded number of clients, forgetting the least recently seen', () => {
    const limiter = createRateLimiter({ capacity: 1, refillPerSecond: 0.01 }, { now: clock().now, maxKeys: 3 });
    for (const k of ['a', 'b', 'c']) limiter.take(k);
    limiter.take('a'); // a is now the most recent
    limiter.take('d'); // b goes
    expect(limiter.size).toBe(3);
    expect(limiter.take('a').ok).toBe(false);
    expect(limiter.take('b').ok).toBe(true); // forgotten, so a full bucket again
  });

  it('the policies are sane', () => {
    for (const p of Object.values(RATE_LIMITS)) {
      expect(p.capacity).toBeGreaterThanOrEqual(1);
      expect(p.refillPerSecond).toBeGreaterThan(0);
    }
  });
});

describe('clientKey', () => {
  const key = (h: Record<string, string>) => clientKey(new Headers(h));
  it.each([
    [{ 'x-forwarded-for': '203.0.113.7' }, '203.0.113.7'],
    [{ 'x-forwarded-for': '198.51.100.1, 203.0.113.7' }, '203.0.113.7'], // the nearest proxy's view
    [{ 'x-forwarded-for': ' 203.0.113.7 ,' }, '203.0.113.7'],
    [{ 'x-forwarded-for': '::ffff:203.0.113.7' }, '203.0.113.7'],
    [{ 'x-forwarded-for': '2001:db8:1:2:3:4:5:6' }, '2001:db8:1:2::/64'],
    [{ 'x-forwarded-for': '[2001:db8::1]:443' }, '2001:db8:0:0::/64'],
    [{ 'x-forwarded-for': 'not-an-ip', 'x-real-ip': '192.0.2.9' }, '192.0.2.9'],
    [{ 'x-real-ip': '192.0.2.9' }, '192.0.2.9'],
    [{ 'x-forwarded-for': 'garbage' }, 'anonymous'],
    [{}, 'anonymous'],
  ])('%j → %s', (headers, expected) => {
    expect(key(headers)).toBe(expected);
  });
});

describe('clientKey behind trusted proxies (ZONECUT_TRUSTED_PROXIES)', () => {
  const chain = { 'x-forwarded-for': '10.9.9.9, 192.0.2.7, 173.245.48.5' }; // written by the client, the user, the CDN's edge
  const cdn = parseCidr('173.245.48.0/20');
  if (!cdn) throw new Error('bad test CIDR');
  it.each([
    [{ hops: 0 }, chain, '173.245.48.5'], // today's default: the CDN's edge puts everyone in one bucket
    [{ hops: 1 }, chain, '192.0.2.7'],
    [{ hops: 5 }, chain, '10.9.9.9'], // shorter than the trust: the first entry
    [{ cidrs: [cdn] }, chain, '192.0.2.7'],
    [{ cidrs: [cdn] }, { 'x-forwarded-for': '10.9.9.9, 192.0.2.7' }, '192.0.2.7'], // around the CDN: nothing skipped
    [{ cidrs: [cdn] }, { 'x-forwarded-for': '173.245.48.9, 173.245.48.5' }, '173.245.48.9'], // all trusted: the first
    [{ cidrs: [cdn] }, { 'x-forwarded-for': 'junk, 173.245.48.5' }, 'anonymous'], // what the CDN vouches for is not an address
  ] as const)('%j, %j → %s', (trust, headers, expected) => {
    expect(clientKey(new Headers(headers), trust)).toBe(expected);
  });
});

describe('takeRateLimitToken', () => {
  it('limits each client per bucket across calls', async () => {
    resetRateLimits();
    const request = new Request('http://localhost/', { headers: { 'x-forwarded-for': '192.0.2.50' } });
    const results = [];
    for (let i = 0; i <= RATE_LIMITS.check.capacity; i++) results.push(await takeRateLimitToken(request, 'check'));
    expect(results.slice(0, -1).every((r) => r.ok)).toBe(true);
    expect(results.at(-1)).toMatchObject({ ok: false, retryAfterSeconds: expect.any(Number) });
    expect((await takeRateLimitToken(request, 'read')).ok).toBe(true);
    expect((await takeRateLimitToken(new Request('http://localhost/', { headers: { 'x-forwarded-for': '192.0.2.51' } }), 'check')).ok).toBe(true);
    resetRateLimits();
    expect((await takeRateLimitToken(request, 'check')).ok).toBe(true);
  });
});

describe('takeRateLimitToken behind a CDN', () => {
  const cache = globalThis as unknown as { __zonecutConfig?: ReturnType<typeof getConfig> };
  afterEach(() => {
    cache.__zonecutConfig = undefined;
    resetRateLimits();
  });
  const viaCdn = (user: string) => new Request('http://localhost/', { headers: { 'x-forwarded-for': `${user}, 173.245.48.5` } });
  const drain = async (user: string) => {
    const oks = [];
    for (let i = 0; i <= RATE_LIMITS.check.capacity; i++) oks.push((await takeRateLimitToken(viaCdn(user), 'check')).ok);
    return oks;
  };

  it('by default puts every user behind one edge in one bucket', async () => {
    cache.__zonecutConfig = { ...getConfig(), trustedProxies: { hops: 0 } };
    resetRateLimits();
    expect((await drain('192.0.2.1')).at(-1)).toBe(false);
    expect((await takeRateLimitToken(viaCdn('192.0.2.2'), 'check')).ok).toBe(false);
  });

  it('with ZONECUT_TRUSTED_PROXIES=1 gives each user their own', async () => {
    cache.__zonecutConfig = { ...getConfig(), trustedProxies: loadConfig({ ZONECUT_TRUSTED_PROXIES: '1' }).trustedProxies };
    resetRateLimits();
    expect((await drain('192.0.2.1')).at(-1)).toBe(false);
    expect((await takeRateLimitToken(viaCdn('192.0.2.2'), 'check')).ok).toBe(true);
  });
});
