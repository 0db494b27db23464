// A small response cache shared by the walks of one process, so that the root's and the TLDs'
// servers are asked once per TTL and not once per check (architecture.md: "cached by TTL … and
// (bounded) across checks"). Bounded (least recently used goes first) and TTL-aware.
//
// What is stored is the Observation the transport returned: the evidence as it arrived. A walk that
// reuses it gives it a fresh id in its own capture (ids are unique per capture, and findings cite
// them) and marks it `cached` with when it was stored and its age, so a reader can tell a reused
// answer from a fresh one and compute the TTL left. Which probes may use the cache is the walker's
// decision (walk-session.ts): only those about the root and TLDs, never the target's own zone.
import type { Observation } from '@/lib/dns/capture';
import type { DecodedMessage, SoaData } from '@/lib/dns/wire/types';

export interface WalkCacheOptions {
  /** Entries kept at most (default 2000); the least recently used goes first. */
  maxEntries?: number;
  /** TTLs above this are capped (default one day). */
  maxTtlSeconds?: number;
  /**
   * Probes about zones with at most this many labels use the cache (default 1: the root and the
   * TLDs). Deeper zones are someone's own and are always asked afresh.
   */
  maxZoneLabels?: number;
}

export interface WalkCacheEntry {
  observation: Observation;
  /** Milliseconds since the epoch. */
  storedAt: number;
  expiresAt: number;
}

/** In this process's memory (createWalkCache), or in Redis shared by every instance (lib/redis/redis-walk-cache.ts). */
export interface WalkCache {
  readonly maxZoneLabels: number;
  /** A live entry, or undefined (expired entries are dropped). */
  get(key: string, nowMs: number): WalkCacheEntry | undefined | Promise<WalkCacheEntry | undefined>;
  /** Stores when the reply has a usable TTL; returns whether it did. */
  set(key: string, observation: Observation, nowMs: number): boolean | Promise<boolean>;
}

export interface MemoryWalkCache extends WalkCache {
  readonly size: number;
  get(key: string, nowMs: number): WalkCacheEntry | undefined;
  set(key: string, observation: Observation, nowMs: number): boolean;
  clear(): void;
}

/** How long `observation` may be kept, in ms, under the cache's rules; null when it must not be. */
export function walkCacheLifetimeMs(observation: Observation, maxTtlSeconds: number): number | null {
  const ttl = observation.response ? cacheTtlSeconds(observation.response) : null;
  if (ttl === null || ttl <= 0 || observation.error) return null;
  return Math.min(ttl, maxTtlSeconds) * 1000;
}

export function createWalkCache(options: WalkCacheOptions = {}): MemoryWalkCache {
  const maxEntries = Math.max(1, options.maxEntries ?? 2000);
  const maxTtl = options.maxTtlSeconds ?? 86_400;
  // A Map iterates in insertion order: re-inserting on use keeps the least recently used first.
  const entries = new Map<string, WalkCacheEntry>();
  return {
    maxZoneLabels: options.maxZoneLabels ?? 1,
    get size() {
      return entries.size;
    },
    get(key, nowMs) {
      const entry = entries.get(key);
      if (!entry) return undefined;
      entries.delete(key);
      if (entry.expiresAt <= nowMs) return undefined;
      entries.set(key, entry);
      return entry;
    },
    set(key, observation, nowMs) {
      const lifetime = walkCacheLifetimeMs(observation, maxTtl);
      if (lifetime === null) return false;
      entries.delete(key);
      entries.set(key, { observation, storedAt: nowMs, expiresAt: nowMs + lifetime });
      while (entries.size > maxEntries) {
        const oldest = entries.keys().next();
        if (oldest.done) break;
        entries.delete(oldest.value);
      }
      return true;
    },
    clear() {
      entries.clear();
    },
  };
}

/**
 * How long a reply may be reused, in seconds, or null when it must not be: errors, truncated
 * replies and replies with no record to take a TTL from. A positive reply lives as long as its
 * shortest record (RFC 2181 5.2); a negative one per RFC 2308 5, min(SOA TTL, SOA MINIMUM).
 */
export function cacheTtlSeconds(message: DecodedMessage): number | null {
  if (message.flags.tc) return null;
  if (message.rcode !== 'NOERROR' && message.rcode !== 'NXDOMAIN') return null;
  const records = [...message.answer, ...message.authority, ...message.additional];
  if (records.length === 0) return null;
  const soa = message.authority.find((rr) => rr.type === 'SOA');
  if (message.answer.length === 0 && soa) {
    const minimum = (soa.data as Partial<SoaData>).minimum;
    return typeof minimum === 'number' ? Math.min(soa.ttl, minimum) : soa.ttl;
  }
  return Math.min(...records.map((rr) => rr.ttl));
}
