// Turns due watches into 'watch-run' jobs. Every process that works jobs runs it (the app, each
// `npm run worker`): claiming is atomic per watch (watch-store.ts claimDueWatches), and the job's
// singletonKey admits one run of a watch at a time, so several schedulers never run a watch twice.
import type { JobQueue } from '@/lib/jobs/job-queue';
import { WATCH_RUN_OPTIONS, WEBHOOK_JOB_OPTIONS, type WatchRunJob, type WebhookDeliveryJob } from '@/lib/watch/run-watch';
import type { WatchStore } from '@/lib/watch/watch-store';

/** How often due watches are looked for: a run starts at most this late. */
export const SCHEDULE_EVERY_MS = 20_000;

/**
 * An event still 'pending' this long after it was recorded, with no delivery job queued or running,
 * lost its job (the process died between recording the event and queuing the delivery).
 */
export const ORPHANED_DELIVERY_AFTER_MS = 120_000;

/**
 * One pass: claims what is due at `now` and queues it, and queues again the delivery of events
 * whose job was lost; resolves to how many runs were queued.
 */
export async function scheduleDueWatches(store: WatchStore, queue: Pick<JobQueue, 'send'>, now: Date): Promise<number> {
  let queued = 0;
  for (const watch of await store.claimDueWatches(now)) {
    if ((await queue.send<WatchRunJob>('watch-run', { watchId: watch.id }, WATCH_RUN_OPTIONS(watch.id))) !== null) queued++;
  }
  // The same singletonKey as the first send: while the event's job is queued, retrying or running, this sends nothing.
  for (const eventId of await store.undeliveredEvents(new Date(now.getTime() - ORPHANED_DELIVERY_AFTER_MS))) {
    await queue.send<WebhookDeliveryJob>('webhook-delivery', { eventId }, WEBHOOK_JOB_OPTIONS(eventId));
  }
  return queued;
}

export interface WatchSchedulerOptions {
  store: () => Promise<WatchStore>;
  queue: Pick<JobQueue, 'send'>;
  now?: () => Date;
  everyMs?: number;
  setInterval?: (run: () => void, ms: number) => { unref?: () => void };
  clearInterval?: (timer: unknown) => void;
  log?: (message: string) => void;
}

/** Schedules now and then every `everyMs`; passes never overlap; a failed pass is logged and the next tries again. */
export function startWatchScheduler(options: WatchSchedulerOptions): { first: Promise<number | null>; stop(): void } {
  const now = options.now ?? (() => new Date());
  const log = options.log ?? ((m: string) => console.error(m));
  let running: Promise<number | null> | null = null;
  const run = (): Promise<number | null> => {
    running ??= (async () => {
      try {
        return await scheduleDueWatches(await options.store(), options.queue, now());
      } catch (err) {
        log(`zonecut: scheduling watches failed (will try again): ${err instanceof Error ? err.message : String(err)}`);
        return null;
      } finally {
        running = null;
      }
    })();
    return running;
  };
  const first = run();
  const timer = (options.setInterval ?? setInterval)(() => void run(), options.everyMs ?? SCHEDULE_EVERY_MS);
  timer.unref?.();
  return { first, stop: () => (options.clearInterval ?? ((t) => clearInterval(t as ReturnType<typeof setInterval>)))(timer) };
}
