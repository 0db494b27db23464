// What a badge says about a report: ok, N warnings, N errors, or unknown when the check could not
// see enough to say ok (the walk stopped at a limit or reached no server) and found nothing worse.
import type { Report } from '@/lib/report/report';

export type BadgeStatus = 'ok' | 'warning' | 'error' | 'unknown';

export interface Badge {
  status: BadgeStatus;
  message: string;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

export function badgeStatus(report: Pick<Report, 'summary' | 'capture'>): Badge {
  const { counts } = report.summary;
  if (counts.error > 0) return { status: 'error', message: plural(counts.error, 'error') };
  if (counts.warning > 0) return { status: 'warning', message: plural(counts.warning, 'warning') };
  // Stopped at a limit, reached no server, or aborted: not having seen a problem is not "ok".
  const outcome = report.capture.outcome;
  if (outcome !== 'complete' && outcome !== 'no-delegation') return { status: 'unknown', message: 'unknown' };
  return { status: 'ok', message: 'ok' };
}

/** Badge colours by status, as shields.io names them (badge-maker and the endpoint JSON both take them). */
export const BADGE_COLORS: Record<BadgeStatus, 'brightgreen' | 'yellow' | 'red' | 'lightgrey'> = {
  ok: 'brightgreen',
  warning: 'yellow',
  error: 'red',
  unknown: 'lightgrey',
};

export const UNKNOWN_BADGE: Badge = { status: 'unknown', message: 'unknown' };
