// The Redis implementations against a real redis-server (Debian's, started on loopback for this
// file by scripts/redis/start-redis.ts). Two clients stand for two instances of zonecut: what one
// takes, the other sees.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { getConfig } from '@/lib/config';
import { createWalkCache } from '@/lib/dns/walk/walk-cache';
import { walkDelegation } from '@/lib/dns/walk/walk-delegation';
import type { WalkDeps } from '@/lib/dns/walk/walk-deps';
import { takeCheckSlot, createCheckSlots } from '@/lib/guard/check-slots';
import { resetRateLimits, takeRateLimitToken } from '@/lib/guard/rate-limit';
import { buildLab } from '@/lib/lab/build-lab';
import { createLabResolverTransport } from '@/lib/lab/lab-resolver-transport';
import { createLabTransport } from '@/lib/lab/lab-transport';
import { createRedisClient, getRedis, sharedOr, verifyRedis, type RedisClient } from '@/lib/redis/redis';
import {
  createRedisCheckSlots,
  createRedisClaims,
  createRedisRateLimiter,
  createRedisServerRateLimiter,
  createSharedServerRateLimiter,
} from '@/lib/redis/redis-limits';
import { createRedisWalkCache } from '@/lib/redis/redis-walk-cache';
import { startRedis, type RedisServer } from '@/scripts/redis/start-redis';

let server: RedisServer;
let a: RedisClient;
let b: RedisClient;

beforeAll(async () => {
  server = await startRedis();
  a = createRedisClient(server.url);
  b = createRedisClient(server.url);
  await Promise.all([verifyRedis(a, server.url), verifyRedis(b, server.url)]);
}, 20_000);

afterAll(async () => {
  a?.disconnect();
  b?.disconnect();
  await server?.stop();
});

afterEach(async () => {
  await a.flushall();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('per-client rate limit in Redis', () => {
  it('is one bucket for a client however many instances it reaches: the 11th check gets a Retry-After', async () => {
    const policy = { capacity: 10, refillPerSecond: 10 / 60 };
    const [onA, onB] = [createRedisRateLimiter(a, 'check', policy), createRedisRateLimiter(b, 'check', policy)];
    const results = await Promise.all(Array.from({ length: 10 }, (_, i) => (i % 2 ? onA : onB).take('192.0.2.7')));
    expect(results.every((r) => r.ok)).toBe(true);
    expect(await onA.take('192.0.2.7')).toEqual({ ok: false, retryAfterSeconds: 6 });
    expect(await onB.take('192.0.2.7')).toMatchObject({ ok: false });
    // Another client has its own bucket.
    expect(await onB.take('192.0.2.8')).toEqual({ ok: true, remaining: 9 });
  });

  it('refills continuously', async () => {
    const policy = { capacity: 1, refillPerSecond: 20 };
    const limiter = createRedisRateLimiter(a, 'read', policy);
    expect((await limiter.take('c')).ok).toBe(true);
    expect((await limiter.take('c')).ok).toBe(false);
    await sleep(80);
    expect((await limiter.take('c')).ok).toBe(true);
  });

  it('is what takeRateLimitToken uses when REDIS_URL is set', async () => {
    const cache = globalThis as unknown as { __zonecutConfig?: ReturnType<typeof getConfig> };
    cache.__zonecutConfig = { ...getConfig(), redisUrl: server.url, checksPerMinute: 3 };
    try {
      await verifyRedis(getRedis()!, server.url);
      const request = new Request('http://localhost/', { headers: { 'x-forwarded-for': '198.51.100.9' } });
      for (let i = 0; i < 3; i++) expect((await takeRateLimitToken(request, 'check')).ok).toBe(true);
      resetRateLimits(); // the in-process buckets: not where these tokens were taken
      expect((await takeRateLimitToken(request, 'check')).ok).toBe(false);
      expect(await a.keys('zonecut:rate:check:*')).toEqual(['zonecut:rate:check:198.51.100.9']);
    } finally {
      getRedis()?.disconnect();
      cache.__zonecutConfig = undefined;
    }
  });
});

describe('the cap on running checks in Redis', () => {
  it('is for all instances together, and a slot given back is free again', async () => {
    const [onA, onB] = [createRedisCheckSlots(a, 2), createRedisCheckSlots(b, 2)];
    const first = await onA.tryTake();
    const second = await onB.tryTake();
    expect(first && second).toBeTruthy();
    expect(await onA.tryTake()).toBeNull();
    expect(await onB.tryTake()).toBeNull();
    second!();
    await sleep(20);
    expect(await onA.tryTake()).not.toBeNull();
  });

  it('frees the slots of an instance that died holding them once their lease lapses, and renews live ones', async () => {
    const doomed = createRedisClient(server.url);
    await verifyRedis(doomed, server.url);
    expect(await createRedisCheckSlots(doomed, 2, { leaseMs: 300 }).tryTake()).not.toBeNull();
    const live = await createRedisCheckSlots(a, 2, { leaseMs: 300 }).tryTake(); // renewed every 100 ms
    doomed.disconnect(); // no release: a crash
    expect(await createRedisCheckSlots(b, 2, { leaseMs: 300 }).tryTake()).toBeNull();
    await sleep(450);
    expect(await createRedisCheckSlots(b, 2, { leaseMs: 300 }).tryTake()).not.toBeNull();
    expect(await createRedisCheckSlots(b, 2, { leaseMs: 300 }).tryTake()).toBeNull(); // the live lease still holds
    live!();
  });

  it('takeCheckSlot gives back the process slot when the shared cap refuses', async () => {
    const cache = globalThis as unknown as { __zonecutConfig?: ReturnType<typeof getConfig> };
    cache.__zonecutConfig = { ...getConfig(), redisUrl: server.url };
    try {
      await verifyRedis(getRedis()!, server.url);
      const elsewhere = createRedisCheckSlots(b, 1);
      const held = await elsewhere.tryTake(); // another instance runs the one check allowed
      const local = createCheckSlots(1);
      expect(await takeCheckSlot(local)).toBeNull();
      expect(local.running).toBe(0);
      held!();
      await sleep(20);
      const release = await takeCheckSlot(local);
      expect(release).not.toBeNull();
      expect(local.running).toBe(1);
      expect(await elsewhere.tryTake()).toBeNull();
      release!();
    } finally {
      getRedis()?.disconnect();
      cache.__zonecutConfig = undefined;
    }
  });
});

describe('the query rate per server in Redis', () => {
  it('books turns for all instances together, in order', async () => {
    const policy = { perSecond: 10, burst: 2 };
    const [onA, onB] = [createRedisServerRateLimiter(a, policy), createRedisServerRateLimiter(b, policy)];
    const waits = [
      await onA.reserve('192.0.2.53', 10_000),
      await onB.reserve('192.0.2.53', 10_000),
      await onA.reserve('192.0.2.53', 10_000),
      await onB.reserve('192.0.2.53', 10_000),
    ];
    expect(waits[0]).toBe(0);
    expect(waits[1]).toBeLessThan(5);
    expect(waits[2]).toBeGreaterThan(90);
    expect(waits[2]).toBeLessThanOrEqual(100);
    expect(waits[3]).toBeGreaterThan(190);
    expect(waits[3]).toBeLessThanOrEqual(200);
    // A turn further away than allowed is not booked.
    expect(await onB.reserve('192.0.2.53', 50)).toBeNull();
    expect(await onA.reserve('192.0.2.54', 0)).toBe(0);
  });
});

describe('claims (badge checks in flight)', () => {
  it('lets one instance hold a name at a time, and lapse after its TTL', async () => {
    const [onA, onB] = [createRedisClaims(a, 'badge', 300), createRedisClaims(b, 'badge', 300)];
    const mine = await onA.claim('example.com.');
    expect(mine).not.toBeNull();
    expect(await onB.claim('example.com.')).toBeNull();
    expect(await onB.claim('example.org.')).not.toBeNull();
    mine!();
    await sleep(20);
    const theirs = await onB.claim('example.com.');
    expect(theirs).not.toBeNull();
    mine!(); // a stale release does not free another holder's claim
    await sleep(20);
    expect(await onA.claim('example.com.')).toBeNull();
    await sleep(320);
    expect(await onA.claim('example.com.')).not.toBeNull();
  });
});

describe('the walk cache in Redis', () => {
  const lab = buildLab();
  const deps = (cache: WalkDeps['cache'], transport = createLabTransport(lab, { sleep: () => Promise.resolve(), timeoutMs: 300 })): WalkDeps => {
    const resolver = createLabResolverTransport(lab);
    return { transport, resolver: { transport: resolver, server: resolver.server }, rootHints: lab.rootHints, policy: null, cache };
  };

  it("serves one instance's root referrals to another, as the in-memory cache would within a process", async () => {
    await walkDelegation('healthy.test', deps(createRedisWalkCache(a, { namespace: 'lab' })));
    await sleep(50); // stores are not awaited by the walk
    const fromRedis = await walkDelegation('lame.test', deps(createRedisWalkCache(b, { namespace: 'lab' })));
    const memory = createWalkCache();
    await walkDelegation('healthy.test', deps(memory));
    const fromMemory = await walkDelegation('lame.test', deps(memory));
    const cachedOf = (c: typeof fromRedis) => c.observations.filter((o) => o.cached).map((o) => `${o.server.address} ${o.question.name} ${o.question.type}`);
    expect(cachedOf(fromRedis).length).toBeGreaterThan(0);
    expect(cachedOf(fromRedis)).toEqual(cachedOf(fromMemory));
    // The evidence survives the trip through JSON: the same records as the in-memory cache's.
    const records = (c: typeof fromRedis) =>
      c.observations.filter((o) => o.cached).map((o) => [o.response?.answer, o.response?.authority, o.response?.additional, typeof o.responseBase64]);
    expect(records(fromRedis)).toEqual(records(fromMemory));
  });

  it('keeps an entry for its TTL only, and no failed exchange', async () => {
    const cache = createRedisWalkCache(a, { namespace: 't', maxTtlSeconds: 1 });
    const capture = await walkDelegation('healthy.test', deps(createWalkCache()));
    const referral = capture.observations.find((o) => o.response && o.purpose === 'referral')!;
    expect(await cache.set('k', referral, Date.now())).toBe(true);
    expect(await a.pttl('zonecut:walk:t:k')).toBeGreaterThan(900);
    expect((await cache.get('k', Date.now()))?.observation.response).toEqual(referral.response);
    expect(await cache.get('k', Date.now() + 1500)).toBeUndefined();
    expect(await cache.set('e', { ...referral, error: { kind: 'timeout', message: 'timed out' } }, Date.now())).toBe(false);
  });
});

describe('when Redis does not answer', () => {
  it('says so at start, naming the address', async () => {
    const url = 'redis://127.0.0.1:1';
    const dead = createRedisClient(url);
    try {
      await expect(verifyRedis(dead, url, 500)).rejects.toThrow(/^REDIS_URL is set but Redis at 127\.0\.0\.1:1 does not answer/);
    } finally {
      dead.disconnect();
    }
  });

  it('falls back to this instance alone at run time: limits stay, caches miss', async () => {
    const dead = createRedisClient('redis://127.0.0.1:1');
    try {
      const limiter = createSharedServerRateLimiter(dead, { perSecond: 10, burst: 1 });
      expect(await limiter.reserve('192.0.2.1', 10_000)).toBe(0);
      expect(await limiter.reserve('192.0.2.1', 10_000)).toBeGreaterThan(50); // the in-memory rate (100 ms apart), not none
      expect(
        await sharedOr(
          dead,
          'x',
          (r) => r.get('x').then(() => 'shared'),
          () => 'local',
        ),
      ).toBe('local');
      expect(await createRedisWalkCache(dead, { namespace: 'x' }).get('k', Date.now())).toBeUndefined();
    } finally {
      dead.disconnect();
    }
  });
});
