// One run of a watch (a 'watch-run' job): check the domain and store the report, snapshot it,
// compare with the previous run's snapshot, and record the run with its event when something
// changed; an event of a watch with a webhook becomes a 'webhook-delivery' job.
import type { JobQueue, SendOptions } from '@/lib/jobs/job-queue';
import type { Report } from '@/lib/report/report';
import { diffSnapshots, parseSnapshot, watchSnapshot } from '@/lib/watch/watch-snapshot';
import type { WatchEvent, WatchStore } from '@/lib/watch/watch-store';

/** A delivery is tried 1 + this many times: after 30 s, 1, 2, 4 and 8 minutes. */
export const WEBHOOK_RETRY_LIMIT = 5;
export const WEBHOOK_JOB_OPTIONS = (eventId: string): SendOptions => ({
  singletonKey: `webhook:${eventId}`,
  retryLimit: WEBHOOK_RETRY_LIMIT,
  retryDelaySeconds: 30,
  retryBackoff: true,
  expireInSeconds: 120,
});

/** One run at a time per watch, whichever process sends it (the scheduler or "run now"). */
export const WATCH_RUN_OPTIONS = (watchId: string): SendOptions => ({
  singletonKey: `watch:${watchId}`,
  retryLimit: 1,
  retryDelaySeconds: 30,
  expireInSeconds: 300,
});

export interface WatchRunJob {
  watchId: string;
}
export interface WebhookDeliveryJob {
  eventId: string;
}

export type StoredCheck = (domain: string) => Promise<{ ok: true; reportId: string; report: Report } | { ok: false; message: string }>;

export interface RunWatchDeps {
  store: WatchStore;
  check: StoredCheck;
  queue: Pick<JobQueue, 'send'>;
}

/** Resolves to the run's event, or null (the baseline, nothing changed, a stopped watch, a failed check). */
export async function runWatch(watchId: string, deps: RunWatchDeps): Promise<WatchEvent | null> {
  const watch = await deps.store.getWatch(watchId);
  if (!watch || watch.stoppedAt) return null;
  const previous = await deps.store.lastSnapshot(watchId);
  const result = await deps.check(watch.domain);
  if (!result.ok) {
    await deps.store.recordRunError(watchId, result.message);
    return null;
  }
  const snapshot = watchSnapshot(result.report);
  // A snapshot this version cannot read (an older format) makes this run a new baseline.
  const before = parseSnapshot(previous?.snapshot ?? null);
  const changes = before ? diffSnapshots(before, snapshot) : [];
  const event = await deps.store.recordRun(watchId, previous?.reportId ?? null, {
    reportId: result.reportId,
    status: result.report.summary.status,
    snapshot: JSON.stringify(snapshot),
    changes,
  });
  if (event?.delivery === 'pending') await deps.queue.send<WebhookDeliveryJob>('webhook-delivery', { eventId: event.id }, WEBHOOK_JOB_OPTIONS(event.id));
  return event;
}
