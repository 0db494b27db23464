// The JSON a webhook POSTs for one event: what changed, and links to the report, the one before
// and the comparison of the two, on the origin the watch was made on.
import type { Watch, WatchEvent } from '@/lib/watch/watch-store';
import { comparePath, reportPath, watchFeedPath } from '@/lib/watch/watch-links';
import type { WatchChange } from '@/lib/watch/watch-change';

export interface WebhookPayload {
  type: 'watch.changed';
  event: string;
  watch: { id: string; feed: string };
  domain: string;
  at: string;
  status: WatchEvent['status'];
  report: string;
  previousReport: string;
  compare: string;
  changes: WatchChange[];
}

export function webhookPayload(watch: Pick<Watch, 'id' | 'origin'>, event: WatchEvent): WebhookPayload {
  const o = watch.origin;
  return {
    type: 'watch.changed',
    event: event.id,
    watch: { id: watch.id, feed: `${o}${watchFeedPath(watch.id)}` },
    domain: event.domain,
    at: event.createdAt,
    status: event.status,
    report: `${o}${reportPath(event.reportId)}`,
    previousReport: `${o}${reportPath(event.previousReportId)}`,
    compare: `${o}${comparePath(event.reportId, event.previousReportId)}`,
    changes: event.changes,
  };
}
