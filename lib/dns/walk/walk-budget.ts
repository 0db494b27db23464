// The limits of one walk (product.md "Good citizenship"): zonecut sends packets to servers that
// strangers' DNS data names, so every check is bounded in queries, depth of cuts, NS names looked
// up (an NXNS-style fan-out, CVE-2020-12662, must stop cleanly) and wall time.
import type { BudgetLimit, WalkBudget } from '@/lib/dns/capture';

export const DEFAULT_WALK_LIMITS: Readonly<WalkBudget['limits']> = {
  queries: 400,
  depth: 16,
  names: 40,
  timeMs: 20_000,
};

export interface WalkBudgetTracker {
  readonly limits: WalkBudget['limits'];
  /** The first limit hit, or null. */
  readonly exhausted: BudgetLimit | null;
  /** One more query may go out (counts it); false once any limit is hit. */
  spendQuery(): boolean;
  /** One more NS name may be looked up (each name counts once per walk). */
  takeName(name: string): boolean;
  /** A cut at this level (the root is 1) may be entered. */
  reachDepth(level: number): boolean;
  /** Whether the wall time is up (and if so, marks it). */
  checkTime(): boolean;
  /** Marks a limit as hit from outside (the deadline timer). */
  exhaust(limit: BudgetLimit): void;
  snapshot(): WalkBudget;
}

export function createWalkBudget(limits: WalkBudget['limits'], elapsedMs: () => number, onExhausted: (limit: BudgetLimit) => void): WalkBudgetTracker {
  const used = { queries: 0, depth: 0, names: 0, timeMs: 0 };
  const names = new Set<string>();
  let exhausted: BudgetLimit | null = null;

  const exhaust = (limit: BudgetLimit) => {
    if (exhausted !== null) return;
    exhausted = limit;
    onExhausted(limit);
  };
  const checkTime = () => {
    if (exhausted === null && elapsedMs() >= limits.timeMs) exhaust('time');
    return exhausted === 'time';
  };

  return {
    limits,
    get exhausted() {
      return exhausted;
    },
    spendQuery() {
      if (exhausted !== null || checkTime()) return false;
      if (used.queries >= limits.queries) {
        exhaust('queries');
        return false;
      }
      used.queries++;
      return true;
    },
    takeName(name) {
      if (names.has(name)) return exhausted === null;
      if (exhausted !== null) return false;
      if (names.size >= limits.names) {
        exhaust('names');
        return false;
      }
      names.add(name);
      used.names = names.size;
      return true;
    },
    reachDepth(level) {
      if (exhausted !== null) return false;
      if (level > limits.depth) {
        exhaust('depth');
        return false;
      }
      used.depth = Math.max(used.depth, level);
      return true;
    },
    checkTime,
    exhaust,
    snapshot() {
      return { limits: { ...limits }, used: { ...used, timeMs: Math.max(0, Math.round(elapsedMs())) }, exhausted };
    },
  };
}
