// What a badge shows: the latest stored report while it is younger than the freshness window,
// otherwise the result of a new check — one check per domain at a time however many requests
// arrive, and no longer awaited than `waitMs`: past that the answer is the last known report (or
// none) and the check finishes in the background, storing its report for the next request. With
// `claim` (REDIS_URL: lib/redis/redis-limits.ts) the one check per domain holds across instances:
// a request whose domain another instance is checking watches the store for that check's report,
// for the same `waitMs` at most, rather than start a second one.
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
  takeSlot?: () => (() => void) | null | Promise<(() => void) | null>;
  /**
   * Across instances: the right to check a domain now, as the function that gives it back, or null
   * when another instance is checking it (then this one watches `latest` for its report).
   */
  claim?: (fqdn: string) => Promise<(() => void) | null>;
  /**
   * How long one read of `latest` serves every request for its domain (default 0: each request
   * reads). Requests arriving while it is read share that read; past this age it is still served
   * while a new read replaces it in the background; a check of this process replaces it at once.
   * Another instance's new report shows after about this long.
   */
  latestMs?: number;
  /** Domains whose read is kept (default 10000; the oldest go first). */
  latestEntries?: number;
  /** How often a request waiting for another instance's check reads `latest` (default 250 ms). */
  pollMs?: number;
  now?: () => number;
  onError?: (fqdn: string, err: unknown) => void;
}

export interface FreshReportOptions {
  /** Asked before a new check starts (not when joining one already running): a rate limit. */
  mayStartCheck?: () => boolean | Promise<boolean>;
}

export interface FreshReports {
  get(domain: string, options?: FreshReportOptions): Promise<FreshReport>;
  /** A report this process just stored: the latest of its domain from now on, without a read. */
  saved(summary: StoredReportSummary): void;
  /** Checks running now. */
  readonly inFlight: number;
}

const TIMED_OUT = Symbol('timed out');

export function createFreshReports(deps: FreshReportDeps): FreshReports {
  const now = deps.now ?? Date.now;
  const maxInFlight = deps.maxInFlight ?? 16;
  const onError = deps.onError ?? ((fqdn, err) => console.error(`zonecut badge: the check of ${fqdn} failed:`, err));
  const running = new Map<string, Promise<StoredReportSummary | null>>();
  const latestMs = deps.latestMs ?? 0;
  const latestEntries = Math.max(1, deps.latestEntries ?? 10_000);
  const reads = new Map<string, { at: number; read: Promise<StoredReportSummary | null>; refreshing?: boolean }>();

  /**
   * The latest stored report of `key`, from memory: a read older than `latestMs` is still served
   * while one new read (at most) replaces it in the background, so no request waits on the store
   * but the first for a domain.
   */
  function latestOf(key: string): Promise<StoredReportSummary | null> {
    if (latestMs <= 0) return deps.latest(key);
    const at = Date.now();
    const held = reads.get(key);
    if (held && (at - held.at < latestMs || held.refreshing)) return held.read;
    const read = deps.latest(key);
    if (!held) {
      remember(key, read, at);
      // A failed read is not kept: the next request tries again.
      read.catch(() => {
        if (reads.get(key)?.read === read) reads.delete(key);
      });
      return read;
    }
    held.refreshing = true;
    read.then(
      (summary) => {
        if (reads.get(key) === held) remember(key, Promise.resolve(summary), Date.now());
      },
      () => {
        held.refreshing = false;
      },
    );
    return held.read;
  }

  function remember(key: string, read: Promise<StoredReportSummary | null>, at: number): void {
    if (latestMs <= 0) return;
    reads.delete(key);
    while (reads.size >= latestEntries) {
      const oldest = reads.keys().next().value;
      if (oldest === undefined) break;
      reads.delete(oldest);
    }
    reads.set(key, { at, read });
  }

  /**
   * A check of `key`, in `running` before anything is awaited, so that every request for the domain
   * that arrives meanwhile joins it: claimed across instances (or, when another instance has the
   * claim, that instance's report), a slot, the first request's rate limit, then the check. Null
   * when no report comes of it.
   */
  function begin(key: string, before: StoredReportSummary | null, options: FreshReportOptions): Promise<StoredReportSummary | null> {
    const attempt = (async () => {
      const claimed = deps.claim ? await deps.claim(key).catch(() => () => {}) : () => {};
      if (!claimed) return elsewhere(key, before);
      const slot = deps.takeSlot ? await deps.takeSlot() : () => {};
      try {
        if (!slot || (options.mayStartCheck && !(await options.mayStartCheck()))) return null;
        const stored = await deps.check(key);
        if (stored) remember(key, Promise.resolve(stored), Date.now());
        return stored;
      } catch (err) {
        onError(key, err);
        return null;
      } finally {
        slot?.();
        claimed();
      }
    })().finally(() => running.delete(key));
    running.set(key, attempt);
    return attempt;
  }

  /** Another instance's check of `key`: its report once the store has another than `before`; null after `waitMs`. */
  async function elsewhere(key: string, before: StoredReportSummary | null): Promise<StoredReportSummary | null> {
    // Real time: this is a wait, whatever clock judges the reports' age.
    const deadline = Date.now() + deps.waitMs;
    const pollMs = deps.pollMs ?? 250;
    while (Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, Math.min(pollMs, Math.max(0, deadline - Date.now()))));
      const latest = await deps.latest(key).catch(() => null);
      if (latest && latest.id !== before?.id) return latest;
    }
    return null;
  }

  return {
    async get(domain, options = {}) {
      const key = storeDomainKey(domain);
      const latest = await latestOf(key);
      if (latest && now() - Date.parse(latest.createdAt) < deps.maxAgeMs) return { summary: latest, source: 'stored' };
      const fallback: FreshReport = latest ? { summary: latest, source: 'stale' } : { summary: null, source: 'none' };

      let check = running.get(key);
      if (!check) {
        if (running.size >= maxInFlight) return fallback;
        check = begin(key, latest, options);
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
    saved(summary) {
      remember(storeDomainKey(summary.domain), Promise.resolve(summary), Date.now());
    },
    get inFlight() {
      return running.size;
    },
  };
}
