// Per-client rate limits: a token bucket per client and purpose, in this process's memory. Each
// bucket holds `capacity` tokens and refills continuously; a request takes one, and an empty bucket
// answers with how long until the next token (HTTP 429 + Retry-After). With REDIS_URL set the
// buckets live in Redis, shared by every instance (lib/redis/redis-limits.ts); if Redis fails, each
// instance falls back to its own buckets here until it answers again.
//
// Who the client is: route handlers do not see the socket, so the address comes from headers.
// `next start` sets X-Forwarded-For to the socket's address when the request has none; a reverse
// proxy appends the address it saw. So the LAST entry is the one the nearest hop vouches for (the
// earlier ones are whatever the client wrote); then X-Real-IP; else everyone shares `anonymous`.
// Behind a CDN in front of that proxy, the last entry is the CDN's edge, which would put every user
// in one bucket: ZONECUT_TRUSTED_PROXIES names further proxies to skip (a count or their CIDRs).
// Exposed directly (no proxy), a client can still write its own X-Forwarded-For: put zonecut behind
// a proxy that sets it. IPv6 clients are bucketed by /64, as one host usually holds a whole /64.
import type ipaddr from 'ipaddr.js';
import { DEFAULT_CHECKS_PER_MINUTE, getConfig, type ProxyTrust } from '@/lib/config';
import { inCidr, type IpAddress, parseIp } from '@/lib/domain/ip-literal';
import { getRedis, sharedOr } from '@/lib/redis/redis';
import { createRedisRateLimiter, type SharedRateLimiter } from '@/lib/redis/redis-limits';

export interface RateLimitPolicy {
  /** Requests allowed at once (burst). */
  capacity: number;
  /** Tokens added per second, continuously. */
  refillPerSecond: number;
}

/** `n` at once, then `n` a minute. */
export const perMinute = (n: number): RateLimitPolicy => ({ capacity: n, refillPerSecond: n / 60 });

export const RATE_LIMITS = {
  /**
   * Starts a check (the page's stream, GET /api/check, POST /api/reports, a badge that needs a
   * fresh check): 10 at once, then 10 a minute by default (ZONECUT_CHECKS_PER_MINUTE).
   */
  check: perMinute(DEFAULT_CHECKS_PER_MINUTE),
  /** Reads stored data (a report, a history; not badges, which are not limited per client): 120 at once, then 2 a second. */
  read: { capacity: 120, refillPerSecond: 2 },
} as const satisfies Record<string, RateLimitPolicy>;

export type RateLimitBucket = keyof typeof RATE_LIMITS;

export type RateLimitResult = { ok: true; remaining: number } | { ok: false; retryAfterSeconds: number };

export interface RateLimiter {
  take(key: string, cost?: number): RateLimitResult;
  /** Clients currently tracked. */
  readonly size: number;
}

interface Bucket {
  tokens: number;
  at: number;
}

export interface RateLimiterOptions {
  now?: () => number;
  /** Clients remembered at most; the least recently seen is forgotten first. */
  maxKeys?: number;
}

export function createRateLimiter(policy: RateLimitPolicy, options: RateLimiterOptions = {}): RateLimiter {
  const now = options.now ?? Date.now;
  const maxKeys = options.maxKeys ?? 10_000;
  const buckets = new Map<string, Bucket>();
  return {
    take(key, cost = 1) {
      const t = now();
      const previous = buckets.get(key);
      const elapsed = previous ? Math.max(0, t - previous.at) / 1000 : 0;
      const tokens = previous ? Math.min(policy.capacity, previous.tokens + elapsed * policy.refillPerSecond) : policy.capacity;
      // Map order is insertion order: re-inserting keeps the least recently seen first.
      buckets.delete(key);
      if (tokens >= cost) {
        buckets.set(key, { tokens: tokens - cost, at: t });
        trim();
        return { ok: true, remaining: Math.floor(tokens - cost) };
      }
      buckets.set(key, { tokens, at: t });
      trim();
      return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((cost - tokens) / policy.refillPerSecond)) };
    },
    get size() {
      return buckets.size;
    },
  };

  function trim(): void {
    while (buckets.size > maxKeys) {
      const oldest = buckets.keys().next().value;
      if (oldest === undefined) break;
      buckets.delete(oldest);
    }
  }
}

/**
 * The client's address as far as headers tell (see the top of this file), or `anonymous`. `trust`
 * (ZONECUT_TRUSTED_PROXIES) says which X-Forwarded-For entry that is: by default the last; with
 * `hops: n`, the n-th before it (a CDN in front of your proxy: 1); with `cidrs`, the last one that
 * is not one of those proxies. A chain shorter than that (a request that went around the CDN)
 * gives its first entry, the one the nearest proxy saw.
 */
export function clientKey(headers: Headers, trust: ProxyTrust = { hops: 0 }): string {
  const entries = (headers.get('x-forwarded-for') ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  for (const candidate of [forwardedClient(entries, trust), headers.get('x-real-ip')?.trim()]) {
    if (!candidate) continue;
    const ip = parseEntry(candidate);
    if (!ip) continue;
    if (ip.kind() === 'ipv6') {
      const parts = (ip as ipaddr.IPv6).parts.slice(0, 4);
      return `${parts.map((p) => p.toString(16)).join(':')}::/64`;
    }
    return ip.toString();
  }
  return 'anonymous';
}

/** An X-Forwarded-For entry: an address, possibly `[v6]:port`. */
function parseEntry(entry: string): IpAddress | null {
  return parseIp(entry.replace(/^\[(.*)\](?::\d+)?$/, '$1'));
}

function forwardedClient(entries: readonly string[], trust: ProxyTrust): string | undefined {
  if (entries.length === 0) return undefined;
  if ('hops' in trust) return entries[Math.max(0, entries.length - 1 - trust.hops)];
  for (let i = entries.length - 1; i > 0; i--) {
    const entry = entries[i] ?? '';
    const ip = parseEntry(entry);
    if (!ip || !trust.cidrs.some((c) => inCidr(ip, c))) return entry;
  }
  return entries[0];
}

const state = globalThis as unknown as {
  __zonecutRateLimiters?: Map<RateLimitBucket, RateLimiter>;
  __zonecutSharedRateLimiters?: Map<string, SharedRateLimiter>;
};

function policyOf(bucket: RateLimitBucket): RateLimitPolicy {
  return bucket === 'check' ? perMinute(getConfig().checksPerMinute) : RATE_LIMITS[bucket];
}

/**
 * Takes one token from the `bucket` of the client that sent `request`: in Redis, shared by every
 * instance, when REDIS_URL is set; else (or while Redis fails) in this process.
 */
export async function takeRateLimitToken(request: Request, bucket: RateLimitBucket): Promise<RateLimitResult> {
  const key = clientKey(request.headers, getConfig().trustedProxies);
  const redis = getRedis();
  const local = () => {
    state.__zonecutRateLimiters ??= new Map();
    let limiter = state.__zonecutRateLimiters.get(bucket);
    if (!limiter) {
      limiter = createRateLimiter(policyOf(bucket));
      state.__zonecutRateLimiters.set(bucket, limiter);
    }
    return limiter.take(key);
  };
  return sharedOr(
    redis,
    'the per-client rate limit',
    (r) => {
      const policy = policyOf(bucket);
      state.__zonecutSharedRateLimiters ??= new Map();
      const id = `${bucket}:${policy.capacity}:${policy.refillPerSecond}`;
      let shared = state.__zonecutSharedRateLimiters.get(id);
      if (!shared) {
        shared = createRedisRateLimiter(r, bucket, policy);
        state.__zonecutSharedRateLimiters.set(id, shared);
      }
      return shared.take(key);
    },
    local,
  );
}

/** Forgets every client (tests; the in-process buckets only). */
export function resetRateLimits(): void {
  state.__zonecutRateLimiters?.clear();
}
