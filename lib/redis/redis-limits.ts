// The limits in Redis, shared by every instance: the same rules as their in-memory versions
// (lib/guard/rate-limit.ts, lib/guard/check-slots.ts, lib/dns/transport/server-rate.ts), each one
// Lua script, so that a read and its write are one atomic step however many instances ask at once,
// and timed by Redis's clock, so that instances whose clocks differ still agree.
import 'server-only';
import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { RateLimitPolicy, RateLimitResult } from '@/lib/guard/rate-limit';
import type { ServerRateLimiter, ServerRatePolicy } from '@/lib/dns/transport/server-rate';
import { createMemoryServerRateLimiter } from '@/lib/dns/transport/server-rate';
import { LUA_NOW_MS, REDIS_PREFIX, runScript, sharedOr } from '@/lib/redis/redis';

// A token bucket per key: {tokens, at}. Returns {1 | 0, tokens left as a string (Lua numbers
// become integers on the way out)}. The key expires once the bucket would be full again.
const TOKEN_BUCKET = `${LUA_NOW_MS}
local capacity = tonumber(ARGV[1]); local rate = tonumber(ARGV[2]); local cost = tonumber(ARGV[3])
local b = redis.call('HMGET', KEYS[1], 'tokens', 'at')
local tokens = capacity
if b[1] then tokens = math.min(capacity, tonumber(b[1]) + math.max(0, now - tonumber(b[2])) / 1000 * rate) end
local ok = 0
if tokens >= cost then tokens = tokens - cost; ok = 1 end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', now)
redis.call('PEXPIRE', KEYS[1], math.ceil((capacity - tokens) / rate * 1000) + 1000)
return {ok, tostring(tokens)}`;

export interface SharedRateLimiter {
  take(key: string, cost?: number): Promise<RateLimitResult>;
}

/** Per-client buckets in Redis under `name` (one per purpose: check, read). */
export function createRedisRateLimiter(redis: Redis, name: string, policy: RateLimitPolicy): SharedRateLimiter {
  return {
    async take(key, cost = 1) {
      const [ok, left] = (await runScript(redis, TOKEN_BUCKET, [`${REDIS_PREFIX}rate:${name}:${key}`], [policy.capacity, policy.refillPerSecond, cost])) as [
        number,
        string,
      ];
      const tokens = Number(left);
      if (ok === 1) return { ok: true, remaining: Math.floor(tokens) };
      return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((cost - tokens) / policy.refillPerSecond)) };
    },
  };
}

// Running checks as a sorted set of leases: member → when it lapses. Expired leases (an instance
// that crashed holding them) are dropped before counting.
const TAKE_SLOT = `${LUA_NOW_MS}
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[1]) then return 0 end
redis.call('ZADD', KEYS[1], now + tonumber(ARGV[2]), ARGV[3])
redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[2]))
return 1`;
const RENEW_SLOT = `${LUA_NOW_MS}
redis.call('ZADD', KEYS[1], 'XX', now + tonumber(ARGV[1]), ARGV[2])
redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[1]))
return 1`;

export interface SharedCheckSlots {
  /** A lease on one of `max` slots shared by every instance, as the function that gives it back; null when all are taken. */
  tryTake(): Promise<(() => void) | null>;
  readonly max: number;
}

export interface RedisCheckSlotOptions {
  /** How long a lease lasts unless renewed (default 30 s): a crashed instance's slots are free after this. */
  leaseMs?: number;
}

export function createRedisCheckSlots(redis: Redis, max: number, options: RedisCheckSlotOptions = {}): SharedCheckSlots {
  const leaseMs = options.leaseMs ?? 30_000;
  const key = `${REDIS_PREFIX}slots`;
  return {
    max,
    async tryTake() {
      const member = randomUUID();
      const taken = (await runScript(redis, TAKE_SLOT, [key], [max, leaseMs, member])) === 1;
      if (!taken) return null;
      // Renewed while held, a third of the lease at a time; never keeps the process alive.
      const renew = setInterval(() => void runScript(redis, RENEW_SLOT, [key], [leaseMs, member]).catch(() => undefined), leaseMs / 3);
      renew.unref();
      let held = true;
      return () => {
        if (!held) return;
        held = false;
        clearInterval(renew);
        void redis.zrem(key, member).catch(() => undefined); // else the lease lapses on its own
      };
    },
  };
}

// GCRA per server (the in-memory limiter's algorithm): the key holds the theoretical arrival time.
// Returns the wait in ms as a string, or -1 when the turn is further away than ARGV[3].
const SERVER_RATE = `${LUA_NOW_MS}
local interval = tonumber(ARGV[1]); local tolerance = tonumber(ARGV[2]); local maxWait = tonumber(ARGV[3])
local tat = tonumber(redis.call('GET', KEYS[1]) or now)
if tat < now then tat = now end
local wait = math.max(0, tat - tolerance - now)
if wait > maxWait then return -1 end
local nextTat = tat + interval
redis.call('SET', KEYS[1], tostring(nextTat), 'PX', math.ceil(nextTat - now) + 1000)
return tostring(wait)`;

/** The per-destination-server query rate shared by every instance. */
export function createRedisServerRateLimiter(redis: Redis, policy: ServerRatePolicy): ServerRateLimiter {
  const interval = 1000 / policy.perSecond;
  const tolerance = (policy.burst - 1) * interval;
  return {
    policy,
    async reserve(key, maxWaitMs) {
      const wait = await runScript(redis, SERVER_RATE, [`${REDIS_PREFIX}qps:${key}`], [interval, tolerance, maxWaitMs]);
      return wait === -1 ? null : Number(wait);
    },
  };
}

/** The Redis rate, and while Redis fails this instance's own (in memory). */
export function createSharedServerRateLimiter(redis: Redis, policy: ServerRatePolicy): ServerRateLimiter {
  const shared = createRedisServerRateLimiter(redis, policy);
  const local = createMemoryServerRateLimiter(policy);
  return {
    policy,
    reserve: (key, maxWaitMs) =>
      sharedOr(
        redis,
        'the query rate per server',
        () => shared.reserve(key, maxWaitMs),
        () => local.reserve(key, maxWaitMs),
      ),
  };
}

const RELEASE_CLAIM = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0`;

export interface Claims {
  /** The right to do `name` now, across instances, as the function that gives it back; null when another holder has it. */
  claim(name: string): Promise<(() => void) | null>;
}

/** Short locks (SET NX PX): one holder per name at a time; a holder that crashes loses it after `ttlMs`. */
export function createRedisClaims(redis: Redis, kind: string, ttlMs: number): Claims {
  return {
    async claim(name) {
      const key = `${REDIS_PREFIX}claim:${kind}:${name}`;
      const token = randomUUID();
      if ((await redis.set(key, token, 'PX', ttlMs, 'NX')) !== 'OK') return null;
      return () => void runScript(redis, RELEASE_CLAIM, [key], [token]).catch(() => undefined);
    },
  };
}
