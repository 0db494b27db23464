// The process's job queue, chosen by the configured database (lib/config.ts `database`, from
// DATABASE_URL): pg-boss on PostgreSQL, the in-process engine on the embedded SQLite database
// (its table in the same database file as the reports). Opened once, shared by every route.
import 'server-only';
import { getConfig } from '@/lib/config';
import type { JobQueue } from '@/lib/jobs/job-queue';
import { getDb } from '@/lib/store/get-store';

const state = globalThis as unknown as { __zonecutJobQueue?: Promise<JobQueue> };

export function getJobQueue(): Promise<JobQueue> {
  if (!state.__zonecutJobQueue) {
    const database = getConfig().database;
    const opening: Promise<JobQueue> =
      database.kind === 'postgres'
        ? import('@/lib/jobs/pg-boss-queue').then((m) => m.createPgBossQueue(database.url))
        : Promise.all([import('@/lib/jobs/in-process-queue'), getDb()]).then(([m, db]) => m.createInProcessQueue(db));
    // A failed open (database down) is retried by the next call.
    opening.catch(() => {
      if (state.__zonecutJobQueue === opening) state.__zonecutJobQueue = undefined;
    });
    state.__zonecutJobQueue = opening;
  }
  return state.__zonecutJobQueue;
}

/** For tests and tools: serve `queue` from getJobQueue() (null: open the configured one again). */
export function setJobQueue(queue: JobQueue | null): void {
  state.__zonecutJobQueue = queue ? Promise.resolve(queue) : undefined;
}
