// Retention of stored reports (ZONECUT_REPORT_RETENTION_DAYS): reports older than the limit are
// deleted when the server starts and then every hour. Unset, nothing is ever deleted: a permalink
// is promised to stay. A report younger than the limit is never deleted, whatever the clock does
// between runs: the cutoff is computed at each run from that run's time.
import type { ReportStore } from '@/lib/store/report-store';

const DAY_MS = 86_400_000;
/** How often retention runs after the first time. */
export const RETENTION_INTERVAL_MS = 3_600_000;

/** Reports stored before this are older than `days` at `now`. */
export function retentionCutoff(now: Date, days: number): Date {
  if (!Number.isInteger(days) || days < 1) throw new RangeError(`retention: days must be a whole number ≥ 1, got ${days}`);
  return new Date(now.getTime() - days * DAY_MS);
}

export async function applyRetention(store: ReportStore, days: number, now: Date): Promise<number> {
  return store.deleteReportsBefore(retentionCutoff(now, days));
}

export interface RetentionOptions {
  days: number;
  store: () => Promise<ReportStore>;
  now?: () => Date;
  everyMs?: number;
  /** Timers (tests pass their own); the default interval does not keep the process alive. */
  setInterval?: (run: () => void, ms: number) => { unref?: () => void };
  clearInterval?: (timer: unknown) => void;
  log?: (message: string) => void;
}

export interface Retention {
  /** The first run, started at once (never rejects: a failure is logged, and the next run tries again). */
  readonly first: Promise<number | null>;
  stop(): void;
}

/** Runs retention now and then every `everyMs`; runs never overlap. */
export function startRetention(options: RetentionOptions): Retention {
  const now = options.now ?? (() => new Date());
  const log = options.log ?? ((m: string) => console.log(m));
  let running: Promise<number | null> | null = null;
  const run = (): Promise<number | null> => {
    running ??= (async () => {
      try {
        const deleted = await applyRetention(await options.store(), options.days, now());
        if (deleted > 0) log(`zonecut: retention deleted ${deleted} report${deleted === 1 ? '' : 's'} older than ${options.days} days`);
        return deleted;
      } catch (err) {
        log(`zonecut: retention failed (will try again): ${err instanceof Error ? err.message : String(err)}`);
        return null;
      } finally {
        running = null;
      }
    })();
    return running;
  };
  const first = run();
  const timer = (options.setInterval ?? setInterval)(() => void run(), options.everyMs ?? RETENTION_INTERVAL_MS);
  timer.unref?.();
  return {
    first,
    stop: () => (options.clearInterval ?? ((t) => clearInterval(t as ReturnType<typeof setInterval>)))(timer),
  };
}
