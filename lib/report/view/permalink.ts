// What the permalink, history and compare pages say about a stored report: its tone, how long ago
// it was taken, and the title and description a pasted link unfurls with. Pure, isomorphic.
import { SEVERITIES, type Severity } from '@/lib/checks/catalogue';
import type { BadgeStatus } from '@/lib/report/badge-status';
import type { Tone } from '@/lib/report/view/status';
import { countWords } from '@/lib/report/view/count-words';

export function badgeTone(status: BadgeStatus): Tone {
  return status === 'unknown' ? 'muted' : status;
}

/** `just now`, `1 minute ago`, `5 minutes ago`, `2 hours ago`, `3 days ago`. */
export function timeAgo(then: string, now: Date): string {
  const minutes = Math.floor((now.getTime() - Date.parse(then)) / 60_000);
  if (!Number.isFinite(minutes) || minutes < 1) return 'just now';
  if (minutes < 60) return `${minutes} minute${minutes === 1 ? '' : 's'} ago`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} hour${hours === 1 ? '' : 's'} ago`;
  const days = Math.floor(hours / 24);
  return `${days} days ago`;
}

/** `2 errors, 1 warning, 3 notices` (the severities present), or `no findings`. */
export function countsText(counts: Record<Severity, number>): string {
  const parts = SEVERITIES.filter((s) => counts[s] > 0).map((s) => countWords(s, counts[s]));
  return parts.length > 0 ? parts.join(', ') : 'no findings';
}

/** The name as people read it: without the trailing dot (the root stays `.`). */
export function displayName(domain: string): string {
  return domain === '.' ? '.' : domain.replace(/\.$/, '');
}

export interface PermalinkMeta {
  title: string;
  description: string;
}

/** Title `<domain>: <status text>`, description with the counts and the time taken. */
export function permalinkMeta(summary: { domain: string; badge: { message: string }; counts: Record<Severity, number>; createdAt: string }): PermalinkMeta {
  const name = displayName(summary.domain);
  return {
    title: `${name}: ${summary.badge.message}`,
    description: `DNS delegation check of ${name}: ${countsText(summary.counts)}. Taken ${summary.createdAt.slice(0, 16).replace('T', ' ')} UTC by zonecut.`,
  };
}
