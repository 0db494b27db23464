// The walk cache (lib/dns/walk/walk-cache.ts) in Redis, shared by every instance: the root's and
// the TLDs' referrals are then asked once per TTL by all instances together, not by each. The
// same rules decide what is kept and for how long (walkCacheLifetimeMs); Redis expires each entry
// at its TTL, and its own memory limit (maxmemory) bounds the whole. While Redis fails, a lookup is
// a miss (the servers are asked, at the query rate per server) and a store is skipped.
import 'server-only';
import type { Redis } from 'ioredis';
import type { Observation } from '@/lib/dns/capture';
import { walkCacheLifetimeMs, type WalkCache, type WalkCacheEntry } from '@/lib/dns/walk/walk-cache';
import { REDIS_PREFIX, sharedOr } from '@/lib/redis/redis';

export interface RedisWalkCacheOptions {
  /** Keeps caches apart that must not mix (another root, another host's view). */
  namespace: string;
  maxTtlSeconds?: number;
  maxZoneLabels?: number;
}

export function createRedisWalkCache(redis: Redis, options: RedisWalkCacheOptions): WalkCache {
  const maxTtl = options.maxTtlSeconds ?? 86_400;
  const keyOf = (key: string) => `${REDIS_PREFIX}walk:${options.namespace}:${key}`;
  return {
    maxZoneLabels: options.maxZoneLabels ?? 1,
    get(key, nowMs) {
      return sharedOr(
        redis,
        'the walk cache',
        async (r) => {
          const text = await r.get(keyOf(key));
          if (!text) return undefined;
          const entry = JSON.parse(text) as WalkCacheEntry;
          return entry.expiresAt > nowMs ? entry : undefined;
        },
        () => undefined,
      );
    },
    set(key, observation: Observation, nowMs) {
      const lifetime = walkCacheLifetimeMs(observation, maxTtl);
      if (lifetime === null) return false;
      const entry: WalkCacheEntry = { observation, storedAt: nowMs, expiresAt: nowMs + lifetime };
      return sharedOr(
        redis,
        'the walk cache',
        async (r) => (await r.set(keyOf(key), JSON.stringify(entry), 'PX', Math.ceil(lifetime))) === 'OK',
        () => false,
      );
    },
  };
}
