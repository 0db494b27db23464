// The job queue on the embedded SQLite database: jobs are rows of one table (job_queue), so a
// restart loses none, and the app process works them (lib/jobs/start-job-work.ts). The same
// semantics as pg-boss where the JobQueue contract names them: retries with (exponential) backoff,
// an active job whose worker died is taken back when it expires, a singletonKey admits one queued
// or active job. The table belongs to this engine (as pg-boss keeps its own schema), so it is
// created here rather than by the store's migrations; PostgreSQL never gets it.
import { randomUUID } from 'node:crypto';
import type { Job, JobName, JobQueue, SendOptions, WorkOptions } from '@/lib/jobs/job-queue';
import { createWakers, type Wakers } from '@/lib/jobs/wakers';
import type { SqlDb, SqlRow, SqlStatement, SqlValue } from '@/lib/store/sql-db';

export const JOB_DEFAULTS = { retryLimit: 2, retryDelaySeconds: 10, retryBackoff: false, expireInSeconds: 15 * 60 } as const;

/** A running job's expiry is moved on while its handler runs, up to this many times its expireInSeconds. */
export const HEARTBEAT_FOR = 4;
/** Finished jobs are kept this long (for inspection), then deleted by the maintenance run. */
const KEEP_FINISHED_MS = 7 * 86_400_000;
/** Rows per INSERT in sendMany (11 values each, well inside SQLite's variable limit). */
const INSERT_ROWS = 200;

const SCHEMA: readonly string[] = [
  // Times are epoch milliseconds (INTEGER), so expiry and backoff are plain arithmetic in SQL.
  `CREATE TABLE IF NOT EXISTS job_queue (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    data TEXT NOT NULL,
    state TEXT NOT NULL,
    singleton_key TEXT,
    retry_count INTEGER NOT NULL DEFAULT 0,
    retry_limit INTEGER NOT NULL,
    retry_delay INTEGER NOT NULL,
    retry_backoff INTEGER NOT NULL,
    expire_seconds INTEGER NOT NULL,
    start_after INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    claim TEXT,
    expires_at INTEGER,
    finished_at INTEGER,
    last_error TEXT
  )`,
  'CREATE INDEX IF NOT EXISTS job_queue_next ON job_queue (name, state, start_after)',
  // The singletonKey promise, kept by the database itself: one queued or active job per key.
  `CREATE UNIQUE INDEX IF NOT EXISTS job_queue_singleton ON job_queue (name, singleton_key)
    WHERE singleton_key IS NOT NULL AND state IN ('created', 'retry', 'active')`,
  'CREATE INDEX IF NOT EXISTS job_queue_finished ON job_queue (finished_at) WHERE finished_at IS NOT NULL',
];

export interface InProcessQueueOptions {
  /** How often an idle worker looks for jobs that became due (ms; a send() in this process wakes it at once). */
  pollMs?: number;
  /** How often lost active jobs are expired and old finished jobs deleted (ms). */
  maintenanceMs?: number;
  now?: () => number;
  log?: (message: string) => void;
}

interface Row {
  id: string;
  data: string;
  retry_count: number;
  retry_limit: number;
  retry_delay: number;
  retry_backoff: number;
}

const toRow = (r: SqlRow): Row => ({
  id: String(r.id),
  data: String(r.data),
  retry_count: Number(r.retry_count),
  retry_limit: Number(r.retry_limit),
  retry_delay: Number(r.retry_delay),
  retry_backoff: Number(r.retry_backoff),
});

/** The row values of one job, in the column order of INSERT_COLUMNS. */
function values(name: JobName, data: object, options: SendOptions | undefined, now: number): SqlValue[] {
  const o = { ...JOB_DEFAULTS, ...options };
  const startAfter = o.startAfter ? o.startAfter.getTime() : now;
  return [
    randomUUID(),
    name,
    JSON.stringify(data),
    'created',
    o.singletonKey ?? null,
    Math.max(0, Math.floor(o.retryLimit)),
    Math.max(0, Math.floor(o.retryDelaySeconds)),
    o.retryBackoff ? 1 : 0,
    Math.max(1, Math.floor(o.expireInSeconds)),
    startAfter,
    now,
  ];
}

const INSERT_COLUMNS = 'id, name, data, state, singleton_key, retry_limit, retry_delay, retry_backoff, expire_seconds, start_after, created_at';
const ROW_PLACEHOLDERS = `(${INSERT_COLUMNS.split(',')
  .map(() => '?')
  .join(', ')})`;

/** Seconds before retry number `attempt` (1-based): the delay, doubled each time with backoff. */
export function retryDelayMs(row: Pick<Row, 'retry_delay' | 'retry_backoff'>, attempt: number): number {
  const factor = row.retry_backoff ? 2 ** Math.min(attempt - 1, 20) : 1;
  return row.retry_delay * factor * 1000;
}

export async function createInProcessQueue(db: SqlDb, options: InProcessQueueOptions = {}): Promise<JobQueue> {
  const now = options.now ?? Date.now;
  const pollMs = options.pollMs ?? 1000;
  const log = options.log ?? ((m: string) => console.error(m));
  await db.batch(SCHEMA.map((sql) => ({ sql })));

  let stopping = false;
  /** Lanes waiting for work, woken by send() or stop(). */
  const sleepers = new Map<JobName, Wakers>();
  const lanesOf = (name: JobName): Wakers => {
    let wakers = sleepers.get(name);
    if (!wakers) sleepers.set(name, (wakers = createWakers()));
    return wakers;
  };
  const wake = (name: JobName): void => sleepers.get(name)?.wakeAll();
  const lanes: Promise<void>[] = [];
  /** Jobs this process is running now (claim → id, when claimed, its expiry), released on stop. */
  const running = new Map<string, { id: string; since: number; expireMs: number }>();

  const maintain = async (): Promise<void> => {
    const t = now();
    // A job this process is still running is alive, not lost: its expiry moves on, for up to
    // HEARTBEAT_FOR times its expireInSeconds (a handler hung longer than that is taken back).
    const alive = [...running].filter(([, r]) => t - r.since < HEARTBEAT_FOR * r.expireMs);
    if (alive.length > 0) {
      await db.batch(
        alive.map(([token, r]) => ({
          sql: "UPDATE job_queue SET expires_at = ? WHERE claim = ? AND state = 'active'",
          args: [t + r.expireMs, token],
        })),
      );
    }
    const expired = await db.batch([
      {
        sql: `UPDATE job_queue SET
            state = CASE WHEN retry_count < retry_limit THEN 'retry' ELSE 'failed' END,
            finished_at = CASE WHEN retry_count < retry_limit THEN NULL ELSE ? END,
            retry_count = CASE WHEN retry_count < retry_limit THEN retry_count + 1 ELSE retry_count END,
            start_after = ?, claim = NULL, expires_at = NULL, last_error = 'expired: still active after its expireInSeconds (its worker died?)'
          WHERE state = 'active' AND expires_at <= ?`,
        args: [t, t, t],
      },
      { sql: 'DELETE FROM job_queue WHERE finished_at IS NOT NULL AND finished_at < ?', args: [t - KEEP_FINISHED_MS] },
    ]);
    if (expired[0]! > 0) {
      log(`zonecut jobs: ${expired[0]} expired active job(s) taken back`);
      for (const name of sleepers.keys()) wake(name);
    }
  };
  const maintenance = setInterval(() => {
    maintain().catch((err: unknown) => log(`zonecut jobs: maintenance failed: ${(err as Error).message}`));
  }, options.maintenanceMs ?? 10_000);
  maintenance.unref();

  async function claim(name: JobName): Promise<(Row & { claim: string; expireMs: number }) | null> {
    const token = randomUUID();
    const t = now();
    const rows = await db.query(
      `UPDATE job_queue SET state = 'active', claim = ?, expires_at = ? + expire_seconds * 1000
        WHERE id = (SELECT id FROM job_queue WHERE name = ? AND state IN ('created', 'retry') AND start_after <= ?
                    ORDER BY start_after, created_at LIMIT 1)
          AND state IN ('created', 'retry')
        RETURNING id, data, retry_count, retry_limit, retry_delay, retry_backoff, expire_seconds`,
      [token, t, name, t],
    );
    return rows[0] ? { ...toRow(rows[0]), claim: token, expireMs: Number(rows[0].expire_seconds) * 1000 } : null;
  }

  async function finish(row: Row & { claim: string }, error: unknown): Promise<void> {
    const t = now();
    if (error === undefined) {
      await db.batch([
        {
          sql: "UPDATE job_queue SET state = 'completed', finished_at = ?, claim = NULL, expires_at = NULL WHERE id = ? AND claim = ?",
          args: [t, row.id, row.claim],
        },
      ]);
      return;
    }
    const message = (error instanceof Error ? error.message : String(error)).slice(0, 2000);
    const retry = row.retry_count < row.retry_limit;
    const statement: SqlStatement = retry
      ? {
          sql: "UPDATE job_queue SET state = 'retry', retry_count = retry_count + 1, start_after = ?, claim = NULL, expires_at = NULL, last_error = ? WHERE id = ? AND claim = ?",
          args: [t + retryDelayMs(row, row.retry_count + 1), message, row.id, row.claim],
        }
      : {
          sql: "UPDATE job_queue SET state = 'failed', finished_at = ?, claim = NULL, expires_at = NULL, last_error = ? WHERE id = ? AND claim = ?",
          args: [t, message, row.id, row.claim],
        };
    await db.batch([statement]);
  }

  async function lane<T extends object>(name: JobName, handler: (job: Job<T>) => Promise<void>): Promise<void> {
    while (!stopping) {
      let row: (Row & { claim: string; expireMs: number }) | null = null;
      try {
        row = await claim(name);
      } catch (err) {
        log(`zonecut jobs: could not fetch a ${name} job: ${(err as Error).message}`);
      }
      if (!row) {
        await lanesOf(name).sleep(pollMs);
        continue;
      }
      running.set(row.claim, { id: row.id, since: now(), expireMs: row.expireMs });
      let error: unknown = undefined;
      try {
        await handler({ id: row.id, name, data: JSON.parse(row.data) as T, retryCount: row.retry_count });
      } catch (err) {
        error = err ?? new Error('the handler failed');
      }
      running.delete(row.claim);
      try {
        await finish(row, error);
      } catch (err) {
        // The job stays active until it expires, then runs again: at least once.
        log(`zonecut jobs: could not record the end of ${name} job ${row.id}: ${(err as Error).message}`);
      }
    }
  }

  return {
    engine: 'in-process',
    async send(name, data, sendOptions) {
      const v = values(name, data, sendOptions, now());
      const [inserted] = await db.batch([{ sql: `INSERT INTO job_queue (${INSERT_COLUMNS}) VALUES ${ROW_PLACEHOLDERS} ON CONFLICT DO NOTHING`, args: v }]);
      if (inserted === 0) return null;
      wake(name);
      return String(v[0]);
    },
    async sendMany(name, items) {
      if (items.length === 0) return;
      const t = now();
      const statements: SqlStatement[] = [];
      for (let i = 0; i < items.length; i += INSERT_ROWS) {
        const chunk = items.slice(i, i + INSERT_ROWS);
        statements.push({
          sql: `INSERT INTO job_queue (${INSERT_COLUMNS}) VALUES ${chunk.map(() => ROW_PLACEHOLDERS).join(', ')} ON CONFLICT DO NOTHING`,
          args: chunk.flatMap((item) => values(name, item.data, item.options, t)),
        });
      }
      await db.batch(statements);
      wake(name);
    },
    async work(name, workOptions: WorkOptions, handler) {
      if (stopping) throw new Error('the job queue is stopped');
      const n = Math.max(1, Math.floor(workOptions.concurrency));
      for (let i = 0; i < n; i++) lanes.push(lane(name, handler));
    },
    async stop(graceMs = 10_000) {
      if (stopping) return;
      stopping = true;
      clearInterval(maintenance);
      for (const name of sleepers.keys()) wake(name);
      let timer: ReturnType<typeof setTimeout> | undefined;
      await Promise.race([Promise.all(lanes), new Promise((resolve) => (timer = setTimeout(resolve, graceMs)))]);
      clearTimeout(timer);
      // Jobs still running after the grace go back to the queue now (not after they expire),
      // without counting as a failure: the job did nothing wrong. Their finish() finds no claim.
      const left = [...running.keys()];
      if (left.length > 0) {
        await db
          .batch(
            left.map((token) => ({
              sql: "UPDATE job_queue SET state = 'retry', start_after = ?, claim = NULL, expires_at = NULL WHERE claim = ? AND state = 'active'",
              args: [now(), token],
            })),
          )
          .catch((err: unknown) => log(`zonecut jobs: could not hand back ${left.length} running job(s): ${(err as Error).message}`));
      }
    },
  };
}
