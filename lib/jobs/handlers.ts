// Every job handler, registered in one place: the app process (in-process engine, or on PostgreSQL
// unless ZONECUT_WORK_JOBS=off) and `npm run worker` both call registerJobHandlers(), so a job
// runs the same code wherever it is worked.
import 'server-only';
import type { JobQueue } from '@/lib/jobs/job-queue';
import { runScanNameJob, type ScanNameJob } from '@/lib/scans/scan-job';
import { registerWatchHandlers } from '@/lib/watch/watch-jobs';

export interface HandlerOptions {
  /** Jobs of one kind run at once in this process (ZONECUT_JOB_CONCURRENCY). */
  concurrency: number;
}

export async function registerJobHandlers(queue: JobQueue, options: HandlerOptions): Promise<void> {
  await queue.work<ScanNameJob>('scan-name', { concurrency: options.concurrency }, runScanNameJob);
  // 'watch-run' and 'webhook-delivery', and the scheduler that turns due watches into runs.
  await registerWatchHandlers(queue, options);
}
