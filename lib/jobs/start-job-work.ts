// The app process's share of the job queue (instrumentation.ts starts it, as it starts retention):
// on the embedded database the app is the only process that can work jobs; on PostgreSQL it works
// them too unless ZONECUT_WORK_JOBS=off leaves them to `npm run worker` processes.
import 'server-only';
import { getConfig } from '@/lib/config';
import { getJobQueue } from '@/lib/jobs/get-job-queue';
import { registerJobHandlers } from '@/lib/jobs/handlers';

/** Resolves once the handlers are registered; a queue that cannot open is logged, not thrown. */
export async function startJobWork(): Promise<void> {
  const config = getConfig();
  if (!config.workJobs) {
    if (config.database.kind === 'embedded') {
      console.warn('zonecut: ZONECUT_WORK_JOBS=off on the embedded database: nothing works queued jobs, so scans and watches will not run');
    }
    return;
  }
  try {
    await registerJobHandlers(await getJobQueue(), { concurrency: config.jobConcurrency });
  } catch (err) {
    console.error(`zonecut: could not start working jobs: ${err instanceof Error ? err.message : String(err)}`);
  }
}
