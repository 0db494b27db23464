// What a badge shows: the latest stored report while it is younger than the freshness window,
// otherwise the result of a new check — one check per domain at a time however many requests
// arrive, and no longer awaited than `waitMs`: past that the answer is the last known report (or
// none) and the check finishes in the background, storing its report for the next request.
import { storeDomainKey, type StoredReportSummary } from '@/lib/store/report-store';

/** stored: fresh from the store; checked: a new check just now; stale: an old report, as no new one
 * came in time (or none could start); none: nothing known. */
export type FreshReportSource = 'stored' | 'checked' | 'stale' | 'none';

export interface FreshReport {
  summary: StoredReportSummary | null;
  source: FreshReportSource;
}

export interface FreshReportDeps {
  latest(fqdn: string): Promise<StoredReportSummary | null>;
  /** Runs a check and stores its report; resolves to what was stored (null: nothing was). */
  check(fqdn: string): Promise<StoredReportSummary | null>;
  /** How old a stored report may be and still be served (0: always check). */
  maxAgeMs: number;
  /** How long a request waits for a running check. */
  waitMs: number;
  /** Checks running at once across all domains; past that, requests get what is stored. */
  maxInFlight?: number;
  /**
   * A slot of the process's cap on running checks (lib/guard/check-slots.ts), held until the check
   * ends; null: none free, and the request gets what is stored. Taken before `mayStartCheck`.
   */
  takeSlot?: () => (() => void) | null;
  now?: () => number;
  onError?: (fqdn: string, err: unknown) => void;
}

export interface FreshReportOptions {
  /** Asked before a new check starts (not when joining one already running): a rate limit. */
  mayStartCheck?: () => boolean;
}

export interface FreshReports {
  get(domain: string, options?: FreshReportOptions): Promise<FreshReport>;
  /** Checks running now. */
  readonly inFlight: number;
}

const TIMED_OUT = Symbol('timed out');

export function createFreshReports(deps: FreshReportDeps): FreshReports {
  const now = deps.now ?? Date.now;
  const maxInFlight = deps.maxInFlight ?? 16;
  const onError = deps.onError ?? ((fqdn, err) => console.error(`zonecut badge: the check of ${fqdn} failed:`, err));
  const running = new Map<string, Promise<StoredReportSummary | null>>();

  function start(key: string, release: () => void): Promise<StoredReportSummary | null> {
    const check = deps
      .check(key)
      .catch((err: unknown) => {
        onError(key, err);
        return null;
      })
      .finally(() => {
        running.delete(key);
        release();
      });
    running.set(key, check);
    return check;
  }

  return {
    async get(domain, options = {}) {
      const key = storeDomainKey(domain);
      const latest = await deps.latest(key);
      if (latest && now() - Date.parse(latest.createdAt) < deps.maxAgeMs) return { summary: latest, source: 'stored' };
      const fallback: FreshReport = latest ? { summary: latest, source: 'stale' } : { summary: null, source: 'none' };

      let check = running.get(key);
      if (!check) {
        if (running.size >= maxInFlight) return fallback;
        const release = deps.takeSlot ? deps.takeSlot() : () => {};
        if (!release) return fallback;
        if (options.mayStartCheck && !options.mayStartCheck()) {
          release();
          return fallback;
        }
        check = start(key, release);
      }
      let timer: ReturnType<typeof setTimeout> | undefined;
      const timeout = new Promise<typeof TIMED_OUT>((resolve) => {
        timer = setTimeout(() => resolve(TIMED_OUT), deps.waitMs);
      });
      try {
        const result = await Promise.race([check, timeout]);
        if (result === TIMED_OUT || result === null) return fallback;
        return { summary: result, source: 'checked' };
      } finally {
        clearTimeout(timer);
      }
    },
    get inFlight() {
      return running.size;
    },
  };
}
