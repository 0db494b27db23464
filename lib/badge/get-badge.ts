// A domain's badge: its freshest known status (create-fresh-reports.ts over the store and
// runStoredCheck), and how long caches may keep it.
import 'server-only';
import { getConfig } from '@/lib/config';
import { takeCheckSlot } from '@/lib/guard/check-slots';
import { getRedis, sharedOr } from '@/lib/redis/redis';
import { createRedisClaims } from '@/lib/redis/redis-limits';
import { createFreshReports, type FreshReportOptions, type FreshReports, type FreshReportSource } from '@/lib/badge/create-fresh-reports';
import { UNKNOWN_BADGE, type Badge } from '@/lib/report/badge-status';
import { runStoredCheck } from '@/lib/run-stored-check';
import { getStore } from '@/lib/store/get-store';
import { onReportSaved } from '@/lib/store/report-saved';

/** How long a badge request waits for a check it started or joined. */
export const BADGE_WAIT_MS = 3000;
/** The longest a cache keeps a badge before asking again (it may serve it stale meanwhile). */
const MAX_CACHE_SECONDS = 300;
/** A badge that shows an old or no status because the check is still running: ask again soon. */
const FALLBACK_CACHE_SECONDS = 15;

export interface BadgeAnswer {
  badge: Badge;
  source: FreshReportSource;
  /** The stored report the badge shows, when there is one. */
  reportId: string | null;
  cache: { maxAgeSeconds: number; staleWhileRevalidateSeconds: number };
}

export function badgeCachePolicy(source: FreshReportSource, ageSeconds: number, windowSeconds: number): BadgeAnswer['cache'] {
  if (source === 'stale' || source === 'none') return { maxAgeSeconds: FALLBACK_CACHE_SECONDS, staleWhileRevalidateSeconds: 60 };
  const freshFor = Math.max(0, Math.floor(windowSeconds - Math.max(0, ageSeconds)));
  return { maxAgeSeconds: Math.min(MAX_CACHE_SECONDS, freshFor), staleWhileRevalidateSeconds: Math.max(60, windowSeconds) };
}

const state = globalThis as unknown as { __zonecutFreshReports?: FreshReports };

/** The process's one FreshReports, so that every badge route shares its in-flight checks. */
export function getFreshReports(): FreshReports {
  if (state.__zonecutFreshReports) return state.__zonecutFreshReports;
  const fresh = createFreshReports({
    latest: async (fqdn) => (await getStore()).latestSummary(fqdn),
    // No abort signal: a check a badge started finishes and is stored even if that request is gone.
    check: async (fqdn) => {
      const result = await runStoredCheck(fqdn);
      return result.ok ? result.stored : null;
    },
    takeSlot: () => takeCheckSlot(),
    // With REDIS_URL, one check per domain across instances. A claim outlives the longest check (its
    // 20 s budget, then storing); while Redis fails, each instance checks on its own.
    claim: (fqdn) => {
      const redis = getRedis();
      return sharedOr(
        redis,
        'badge check deduplication',
        (r) => createRedisClaims(r, 'badge', 60_000).claim(fqdn),
        () => () => {},
      );
    },
    // A stored status is read once a second per domain, not once per request (a README's badge
    // arrives in bursts); this process's own checks replace it at once.
    latestMs: 1000,
    maxAgeMs: getConfig().badgeMaxAgeSeconds * 1000,
    waitMs: BADGE_WAIT_MS,
  });
  // Any report stored here (a check from the page, the API or a badge) is the latest at once.
  onReportSaved((summary) => fresh.saved(summary));
  state.__zonecutFreshReports = fresh;
  return fresh;
}

export async function getBadge(fqdn: string, options: FreshReportOptions = {}): Promise<BadgeAnswer> {
  const { summary, source } = await getFreshReports().get(fqdn, options);
  const ageSeconds = summary ? (Date.now() - Date.parse(summary.createdAt)) / 1000 : 0;
  return {
    badge: summary?.badge ?? UNKNOWN_BADGE,
    source,
    reportId: summary?.id ?? null,
    cache: badgeCachePolicy(source, ageSeconds, getConfig().badgeMaxAgeSeconds),
  };
}
