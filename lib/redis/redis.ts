// Redis, when REDIS_URL is set: what several instances behind one load balancer share — the
// per-client rate limits, the cap on checks running at once, the query rate per destination
// server, which badge checks are running where, and the walk cache of root and TLD referrals.
// Without REDIS_URL none of this module runs and every instance keeps its own, in memory.
//
// When Redis stops answering at run time, every use falls back to what an instance does alone
// (sharedOr): the limits to this instance's own in-memory ones (never to no limit: with N
// instances the sum is then N times the limit, until Redis answers again), the walk cache to a
// miss (the servers are asked), badge deduplication to this instance's own. Failing closed would
// take zonecut down whenever Redis blinks; failing wide open would make it a weapon. The first
// failure of an outage is logged, and the first success after it. At start, a Redis that does not
// answer stops the server (verifyRedis, from instrumentation.ts).
import 'server-only';
import { createHash } from 'node:crypto';
import { Redis } from 'ioredis';
import { getConfig } from '@/lib/config';

export type { Redis as RedisClient } from 'ioredis';

/** Every key zonecut writes starts with this. */
export const REDIS_PREFIX = 'zonecut:';

/** `host:port` of a redis:// URL, for messages (never its password). */
export function redisAddress(url: string): string {
  const u = new URL(url);
  return `${u.hostname}:${u.port || '6379'}`;
}

export function createRedisClient(url: string): Redis {
  const client = new Redis(url, {
    // Fail fast rather than queue: a command while disconnected, or one that takes over a second,
    // fails at once and its caller falls back (sharedOr). Reconnects keep trying in the background.
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    commandTimeout: 1000,
    connectTimeout: 2000,
    retryStrategy: (times) => Math.min(200 * times, 2000),
  });
  // Errors reach the callers of the commands that failed; the connection's own are expected while
  // Redis is down, and sharedOr already says so once.
  client.on('error', () => undefined);
  return client;
}

/** Resolves once `client` answers PING, or throws the error to start with. */
export async function verifyRedis(client: Redis, url: string, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = 'no connection';
  const onError = (err: Error) => (last = err.message);
  client.on('error', onError);
  try {
    await untilPong();
  } finally {
    client.off('error', onError);
  }

  async function untilPong(): Promise<void> {
    while (Date.now() < deadline) {
      if (client.status === 'ready') {
        try {
          if ((await client.ping()) === 'PONG') return;
        } catch (err) {
          last = (err as Error).message;
        }
      } else if (client.status === 'end') {
        break;
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`REDIS_URL is set but Redis at ${redisAddress(url)} does not answer (${last}) within ${timeoutMs / 1000} s`);
  }
}

const state = globalThis as unknown as { __zonecutRedis?: { url: string; client: Redis; down: boolean } };

/** The process's client, or null when REDIS_URL is not set. */
export function getRedis(): Redis | null {
  const url = getConfig().redisUrl;
  if (!url) return null;
  if (state.__zonecutRedis?.url !== url || state.__zonecutRedis.client.status === 'end') {
    state.__zonecutRedis?.client.disconnect();
    state.__zonecutRedis = { url, client: createRedisClient(url), down: false };
  }
  return state.__zonecutRedis.client;
}

/**
 * `op` against Redis, or `fallback` when Redis is not configured (`redis` null) or fails. See the
 * top of this file for why each use falls back rather than fails.
 */
export async function sharedOr<T>(redis: Redis | null, what: string, op: (r: Redis) => Promise<T>, fallback: () => T | Promise<T>): Promise<T> {
  if (!redis) return fallback();
  const health = state.__zonecutRedis?.client === redis ? state.__zonecutRedis : undefined;
  try {
    const result = await op(redis);
    if (health?.down) {
      health.down = false;
      console.error('zonecut: Redis answers again: limits and caches are shared again');
    }
    return result;
  } catch (err) {
    if (!health || !health.down) {
      if (health) health.down = true;
      console.error(`zonecut: Redis failed (${(err as Error).message}): ${what} falls back to this instance alone until it answers`);
    }
    return fallback();
  }
}

/** Runs a Lua script by its SHA1, loading it the first time a server has not seen it. */
export async function runScript(redis: Redis, script: string, keys: readonly string[], args: readonly (string | number)[]): Promise<unknown> {
  const sha = scriptSha(script);
  try {
    return await redis.evalsha(sha, keys.length, ...keys, ...args);
  } catch (err) {
    if (!String((err as Error).message).startsWith('NOSCRIPT')) throw err;
    return redis.eval(script, keys.length, ...keys, ...args);
  }
}

const shas = new Map<string, string>();
function scriptSha(script: string): string {
  let sha = shas.get(script);
  if (!sha) {
    sha = createHash('sha1').update(script).digest('hex');
    shas.set(script, sha);
  }
  return sha;
}

/** The server's clock in milliseconds, in a script: every instance then agrees on the time. */
export const LUA_NOW_MS = "local t = redis.call('TIME'); local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)";
