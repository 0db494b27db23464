// The job queue on PostgreSQL: pg-boss 10 (its own schema, `pgboss`, created on first start; SKIP
// LOCKED fetches, so any number of `npm run worker` processes on any machines share the work).
// Workers are our own loops over fetch/complete/fail rather than boss.work(): a worker takes its
// next job as soon as one is done (boss.work waits out its polling interval after each batch), and
// one job's failure never fails another's.
import PgBoss from 'pg-boss';
import pg from 'pg';
import { JOB_DEFAULTS } from '@/lib/jobs/in-process-queue';
import { createWakers } from '@/lib/jobs/wakers';
import type { Job, JobName, JobQueue, SendOptions, WorkOptions } from '@/lib/jobs/job-queue';

const JOB_NAMES: readonly JobName[] = ['scan-name', 'watch-run', 'webhook-delivery'];

export interface PgBossQueueOptions {
  /** How long an idle worker waits before it looks again (ms). */
  pollMs?: number;
  /** How often pg-boss expires lost active jobs (one process at a time does it). */
  maintenanceIntervalSeconds?: number;
  log?: (message: string) => void;
}

function toBossOptions(options: SendOptions | undefined): PgBoss.SendOptions {
  const o = { ...JOB_DEFAULTS, ...options };
  return {
    retryLimit: o.retryLimit,
    retryDelay: o.retryDelaySeconds,
    retryBackoff: o.retryBackoff,
    expireInSeconds: o.expireInSeconds,
    ...(o.singletonKey !== undefined ? { singletonKey: o.singletonKey } : {}),
    ...(o.startAfter ? { startAfter: o.startAfter } : {}),
  };
}

export async function createPgBossQueue(url: string, options: PgBossQueueOptions = {}): Promise<JobQueue> {
  const log = options.log ?? ((m: string) => console.error(m));
  const pollMs = options.pollMs ?? 1000;
  const boss = new PgBoss({ connectionString: url, max: 6, maintenanceIntervalSeconds: options.maintenanceIntervalSeconds ?? 10 });
  boss.on('error', (err: Error) => log(`zonecut jobs (pg-boss): ${err.message}`));
  await boss.start();
  // Standard queues: any number of jobs per name. (pg-boss's own singleton policies count queued and
  // active jobs apart, and a key-less job would count as a key; send() keeps our promise itself.)
  for (const name of JOB_NAMES) await boss.createQueue(name, { name, policy: 'standard' });
  // For singleton sends: one short transaction under an advisory lock per key.
  const pool = new pg.Pool({ connectionString: url, max: 2, idleTimeoutMillis: 30_000 });
  pool.on('error', (err) => log(`zonecut jobs: PostgreSQL connection lost: ${err.message}`));

  let stopping = false;
  const lanes: Promise<void>[] = [];
  const running = new Map<string, JobName>();
  const sleepers = createWakers();

  async function lane<T extends object>(name: JobName, handler: (job: Job<T>) => Promise<void>): Promise<void> {
    while (!stopping) {
      let job: PgBoss.JobWithMetadata<T> | undefined;
      try {
        [job] = await boss.fetch<T>(name, { batchSize: 1, includeMetadata: true });
      } catch (err) {
        if (!stopping) log(`zonecut jobs: could not fetch a ${name} job: ${(err as Error).message}`);
      }
      if (!job) {
        if (stopping) break;
        await sleepers.sleep(pollMs);
        continue;
      }
      running.set(job.id, name);
      let error: unknown = undefined;
      try {
        await handler({ id: job.id, name, data: job.data, retryCount: job.retryCount });
      } catch (err) {
        error = err ?? new Error('the handler failed');
      }
      running.delete(job.id);
      try {
        if (error === undefined) await boss.complete(name, job.id);
        else await boss.fail(name, job.id, { message: (error instanceof Error ? error.message : String(error)).slice(0, 2000) });
      } catch (err) {
        // The job stays active until it expires, then runs again: at least once.
        log(`zonecut jobs: could not record the end of ${name} job ${job.id}: ${(err as Error).message}`);
      }
    }
  }

  return {
    engine: 'pg-boss',
    async send(name, data, sendOptions) {
      const bossOptions = toBossOptions(sendOptions);
      if (sendOptions?.singletonKey === undefined) return boss.send(name, data, bossOptions);
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`zonecut-job:${name}:${sendOptions.singletonKey}`]);
        const { rowCount } = await client.query("SELECT 1 FROM pgboss.job WHERE name = $1 AND singleton_key = $2 AND state < 'completed' LIMIT 1", [
          name,
          sendOptions.singletonKey,
        ]);
        const id = rowCount ? null : await boss.send(name, data, { ...bossOptions, db: { executeSql: (text, values) => client.query(text, values) } });
        await client.query('COMMIT');
        return id;
      } catch (err) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw err;
      } finally {
        client.release();
      }
    },
    async sendMany(name, items) {
      // pg-boss inserts a whole array in one statement; a few thousand per statement keeps it small.
      for (let i = 0; i < items.length; i += 2000) {
        await boss.insert(
          items.slice(i, i + 2000).map(({ data, options: o }) => {
            const b = toBossOptions(o);
            return {
              name,
              data,
              retryLimit: b.retryLimit,
              retryDelay: b.retryDelay,
              retryBackoff: b.retryBackoff,
              expireInSeconds: b.expireInSeconds,
              singletonKey: b.singletonKey,
              startAfter: o?.startAfter?.toISOString(),
            };
          }),
        );
      }
    },
    async work(name, workOptions: WorkOptions, handler) {
      if (stopping) throw new Error('the job queue is stopped');
      const n = Math.max(1, Math.floor(workOptions.concurrency));
      for (let i = 0; i < n; i++) lanes.push(lane(name, handler));
    },
    async stop(graceMs = 10_000) {
      if (stopping) return;
      stopping = true;
      sleepers.wakeAll();
      let timer: ReturnType<typeof setTimeout> | undefined;
      await Promise.race([Promise.all(lanes), new Promise((resolve) => (timer = setTimeout(resolve, graceMs)))]);
      clearTimeout(timer);
      // Jobs still running after the grace go back to the queue now rather than when they expire.
      // Not counted as a failure: the job did nothing wrong. (boss.retry() takes back failed jobs only.)
      for (const [id, name] of running) {
        await pool
          .query("UPDATE pgboss.job SET state = 'retry', start_after = now(), started_on = NULL WHERE name = $1 AND id = $2 AND state = 'active'", [name, id])
          .catch(() => undefined);
      }
      await boss.stop({ graceful: false, wait: true });
      await pool.end().catch(() => undefined);
    },
  };
}
