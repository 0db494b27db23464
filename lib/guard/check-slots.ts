// A cap on the checks running at once in this process, from every route that starts one (the
// page's stream, GET /api/check, POST /api/reports, badges). A check holds a slot from its start
// until its report is stored or it is abandoned; when none is free the route answers 503 with
// Retry-After (lib/api/check-admission.ts) rather than queue work it may never get to. With
// REDIS_URL set the cap is for all instances together (takeCheckSlot): a lease in Redis that a
// crashed instance loses after 30 s, on top of this process's own slot.
import { getConfig } from '@/lib/config';
import { getRedis, sharedOr } from '@/lib/redis/redis';
import { createRedisCheckSlots, type SharedCheckSlots } from '@/lib/redis/redis-limits';

export interface CheckSlots {
  /** A slot, as the function that gives it back (calling it twice gives back one), or null when all are taken. */
  tryTake(): (() => void) | null;
  readonly running: number;
  readonly max: number;
}

export function createCheckSlots(max: number): CheckSlots {
  if (!Number.isInteger(max) || max < 1) throw new RangeError(`createCheckSlots: max must be a whole number ≥ 1, got ${max}`);
  let running = 0;
  return {
    tryTake() {
      if (running >= max) return null;
      running++;
      let held = true;
      return () => {
        if (!held) return;
        held = false;
        running--;
      };
    },
    get running() {
      return running;
    },
    max,
  };
}

const state = globalThis as unknown as { __zonecutCheckSlots?: CheckSlots; __zonecutSharedSlots?: SharedCheckSlots };

/** The process's slots (ZONECUT_MAX_CONCURRENT_CHECKS), shared by every route. */
export function getCheckSlots(): CheckSlots {
  state.__zonecutCheckSlots ??= createCheckSlots(getConfig().maxConcurrentChecks);
  return state.__zonecutCheckSlots;
}

/** Tests: the process's slots become `slots` (or, with none, are rebuilt from the configuration on next use). */
export function setCheckSlots(slots?: CheckSlots): void {
  state.__zonecutCheckSlots = slots;
}

/**
 * A slot for one check, from every route: this process's (getCheckSlots), and with REDIS_URL set
 * also one of the same number shared by every instance. Null when either is full. While Redis
 * fails, the process's slot alone decides.
 */
export async function takeCheckSlot(slots: CheckSlots = getCheckSlots()): Promise<(() => void) | null> {
  const local = slots.tryTake();
  if (!local) return null;
  const redis = getRedis();
  const shared = await sharedOr(
    redis,
    'the cap on checks running at once',
    (r) => {
      if (state.__zonecutSharedSlots?.max !== slots.max) state.__zonecutSharedSlots = createRedisCheckSlots(r, slots.max);
      return state.__zonecutSharedSlots.tryTake();
    },
    () => () => {},
  );
  if (!shared) {
    local();
    return null;
  }
  return () => {
    shared();
    local();
  };
}
