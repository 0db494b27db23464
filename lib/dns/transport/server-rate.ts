// A query rate per destination server, shared by every check in the process (product.md, "Good
// citizenship": zonecut rate-limits per target server, so that many checks of names on one
// provider's servers never add up to a flood). It wraps a transport's Exchange, the one place
// every attempt goes through (UDP, its retry, TCP), keyed by the server's address: a query over
// the rate waits for its turn rather than fails. The wait is bounded twice: the walk's time budget
// aborts it (the attempt is then recorded as aborted, like any other at the deadline), and a turn
// further away than `maxWaitMs` is not booked at all (the attempt fails as `budget-exhausted`,
// nothing sent). The rate itself lives behind ServerRateLimiter, asynchronous so that a store
// shared by several instances (Redis) can take the in-memory one's place.
import 'server-only';
import { abortableSleep } from './abortable-sleep';
import type { ExchangeResult } from './exchange-result';
import type { ServerAddress } from './options';

/** What pacing needs of an attempt (createExchangeTransport's ExchangeRequest, without importing it). */
interface PacedRequest {
  server: ServerAddress;
  signal?: AbortSignal;
}

export interface ServerRatePolicy {
  /** Queries a second to one server address, on average. */
  perSecond: number;
  /** Queries that may go out at once to a server that has been quiet. */
  burst: number;
}

export interface ServerRateLimiter {
  readonly policy: ServerRatePolicy;
  /**
   * Books the next query to `key`: resolves to the milliseconds to wait before sending it (0: now),
   * or null when its turn is more than `maxWaitMs` away (then nothing is booked).
   */
  reserve(key: string, maxWaitMs: number): Promise<number | null>;
}

export interface MemoryServerRateOptions {
  now?: () => number;
  /** Servers remembered at most; the least recently asked is forgotten first (it has long been quiet). */
  maxKeys?: number;
}

/**
 * The rate in this process's memory (GCRA, the token bucket as one time per server): `burst` queries
 * at once, then one every 1/perSecond s; queries booked while waiting keep their order.
 */
export function createMemoryServerRateLimiter(policy: ServerRatePolicy, options: MemoryServerRateOptions = {}): ServerRateLimiter {
  if (!(policy.perSecond > 0) || !Number.isInteger(policy.burst) || policy.burst < 1) {
    throw new RangeError(`server rate: perSecond must be > 0 and burst a whole number ≥ 1, got ${policy.perSecond}/s, burst ${policy.burst}`);
  }
  const now = options.now ?? Date.now;
  const maxKeys = options.maxKeys ?? 10_000;
  const interval = 1000 / policy.perSecond;
  const tolerance = (policy.burst - 1) * interval;
  /** Per server: when its bucket would be full again (the theoretical arrival time). */
  const tat = new Map<string, number>();
  return {
    policy,
    reserve(key, maxWaitMs) {
      const t = now();
      const next = Math.max(tat.get(key) ?? t, t);
      const wait = Math.max(0, next - tolerance - t);
      if (wait > maxWaitMs) return Promise.resolve(null);
      tat.delete(key); // re-inserted last: Map order is then least recently asked first
      tat.set(key, next + interval);
      while (tat.size > maxKeys) {
        const oldest = tat.keys().next().value;
        if (oldest === undefined) break;
        tat.delete(oldest);
      }
      return Promise.resolve(wait);
    },
  };
}

export interface ServerPacing {
  limiter: ServerRateLimiter;
  /** The longest a query waits for its turn (default 10 s; the walk's 20 s budget also ends it). */
  maxWaitMs?: number;
  /** How a wait passes (default: real time, cut short by the query's signal). Tests pass a fake clock's. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

export const DEFAULT_PACING_MAX_WAIT_MS = 10_000;

/** `exchange`, each attempt taking its turn at its server's rate first. */
export function paceExchange<R extends PacedRequest>(
  exchange: (request: R) => Promise<ExchangeResult>,
  pacing: ServerPacing,
): (request: R) => Promise<ExchangeResult> {
  const sleep = pacing.sleep ?? abortableSleep;
  const maxWaitMs = pacing.maxWaitMs ?? DEFAULT_PACING_MAX_WAIT_MS;
  const { perSecond } = pacing.limiter.policy;
  return async (request) => {
    const key = request.server.address;
    const wait = await pacing.limiter.reserve(key, maxWaitMs);
    if (wait === null) {
      return notSent(
        'budget-exhausted',
        `not sent: ${key} is at zonecut's query rate for one server (${perSecond}/s), and its turn is more than ${maxWaitMs} ms away`,
      );
    }
    if (wait > 0) await sleep(wait, request.signal);
    if (request.signal?.aborted) return notSent('timeout', 'aborted');
    const result = await exchange(request);
    if (wait <= 0 || !result.ok) return result;
    const waited = `waited ${Math.round(wait)} ms for its turn at zonecut's query rate for one server`;
    return { ...result, note: result.note ? `${result.note}; ${waited}` : waited };
  };
}

function notSent(kind: 'budget-exhausted' | 'timeout', message: string): ExchangeResult {
  return { ok: false, kind, message, rttMs: 0, ignored: [] };
}
