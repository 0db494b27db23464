// The watch jobs' handlers and the scheduler that makes their runs, registered by
// lib/jobs/handlers.ts in every process that works jobs (the app, `npm run worker`).
import 'server-only';
import { getConfig } from '@/lib/config';
import { createAddressPolicy } from '@/lib/guard/address-policy';
import type { JobQueue } from '@/lib/jobs/job-queue';
import { lookupHostAddresses } from '@/lib/run-check';
import { runStoredCheck } from '@/lib/run-stored-check';
import { deliverEvent } from '@/lib/watch/deliver-event';
import { getWatchStore } from '@/lib/watch/get-watch-store';
import { runWatch, WEBHOOK_RETRY_LIMIT, type StoredCheck, type WatchRunJob, type WebhookDeliveryJob } from '@/lib/watch/run-watch';
import { startWatchScheduler } from '@/lib/watch/watch-scheduler';

/** A watch's check: runStoredCheck, as POST /api/reports runs it. */
export const storedCheck: StoredCheck = async (domain) => {
  const result = await runStoredCheck(domain);
  if (!result.ok) return { ok: false, message: result.error.message };
  if (!result.stored) return { ok: false, message: 'the check was cancelled' };
  return { ok: true, reportId: result.stored.id, report: result.report };
};

const state = globalThis as unknown as { __zonecutWatchScheduler?: { stop(): void } };

export async function registerWatchHandlers(queue: JobQueue, options: { concurrency: number }): Promise<void> {
  await queue.work<WatchRunJob>('watch-run', options, async (job) => {
    await runWatch(job.data.watchId, { store: await getWatchStore(), check: storedCheck, queue });
  });
  await queue.work<WebhookDeliveryJob>('webhook-delivery', options, async (job) => {
    const config = getConfig();
    await deliverEvent(job.data.eventId, job.retryCount, WEBHOOK_RETRY_LIMIT, {
      store: await getWatchStore(),
      policy: createAddressPolicy(config.allowTargets),
      lookup: (host) => lookupHostAddresses(host, config),
    });
  });
  state.__zonecutWatchScheduler?.stop();
  state.__zonecutWatchScheduler = startWatchScheduler({ store: getWatchStore, queue });
}

/** Stops this process's watch scheduler (tests, tools); registerWatchHandlers starts it again. */
export function stopWatchScheduler(): void {
  state.__zonecutWatchScheduler?.stop();
  state.__zonecutWatchScheduler = undefined;
}
