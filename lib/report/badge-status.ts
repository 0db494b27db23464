// What a badge says about a report: ok, N warnings, N errors, or unknown when the check could not
// see enough to say ok (the walk stopped at a limit or reached no server) and found nothing worse.
import type { Severity } from '@/lib/checks/catalogue';
import type { WalkOutcome } from '@/lib/dns/capture';
import type { Report } from '@/lib/report/report';

export type BadgeStatus = 'ok' | 'warning' | 'error' | 'unknown';

export interface Badge {
  status: BadgeStatus;
  message: string;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/**
 * The one verdict on a check, for the report's summary and its badge: errors first; then, when
 * no server of the target's zone was asked, unknown (warnings about how its NS names were looked
 * up say nothing of the zone itself); then warnings; then unknown when the walk did not finish
 * (stopped at a limit, reached no server, aborted): not having seen a problem is not "ok".
 */
export function judgeStatus(counts: Record<Severity, number>, outcome: WalkOutcome): BadgeStatus {
  if (counts.error > 0) return 'error';
  if (outcome === 'no-server-asked') return 'unknown';
  if (counts.warning > 0) return 'warning';
  if (outcome !== 'complete' && outcome !== 'no-delegation') return 'unknown';
  return 'ok';
}

export function badgeStatus(report: Pick<Report, 'summary' | 'capture'>): Badge {
  const { counts } = report.summary;
  const status = judgeStatus(counts, report.capture.outcome);
  switch (status) {
    case 'error':
      return { status, message: plural(counts.error, 'error') };
    case 'warning':
      return { status, message: plural(counts.warning, 'warning') };
    case 'unknown':
    case 'ok':
      return { status, message: status };
  }
}

/** Badge colours by status, as shields.io names them (badge-maker and the endpoint JSON both take them). */
export const BADGE_COLORS: Record<BadgeStatus, 'brightgreen' | 'yellow' | 'red' | 'lightgrey'> = {
  ok: 'brightgreen',
  warning: 'yellow',
  error: 'red',
  unknown: 'lightgrey',
};

export const UNKNOWN_BADGE: Badge = { status: 'unknown', message: 'unknown' };
