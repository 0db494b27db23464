// The one job interface that scans and watches run on. Two engines sit behind it: pg-boss on
// PostgreSQL (DATABASE_URL is PostgreSQL; `npm run worker` processes anywhere work the jobs) and an
// in-process queue on the embedded SQLite database (the app process works the jobs). Both keep jobs
// in the database, so a restart or a killed worker loses none: a job is done at least once, and
// its handler makes doing it twice harmless (results are keyed, never appended blindly).

/** Every kind of job zonecut runs. */
export type JobName = 'scan-name' | 'watch-run' | 'webhook-delivery';

export interface Job<T> {
  id: string;
  name: JobName;
  data: T;
  /** 0 the first time, 1 on the first retry, … */
  retryCount: number;
}

export interface SendOptions {
  /** At most one queued or active job with this key per name (e.g. one run of a watch at a time). */
  singletonKey?: string;
  /** Not before this moment. */
  startAfter?: Date;
  /** How often a failed job is tried again (default 2). */
  retryLimit?: number;
  /** Seconds before the first retry (default 10); doubled each time when retryBackoff is true. */
  retryDelaySeconds?: number;
  retryBackoff?: boolean;
  /** A job still active after this long is taken to be lost (its worker died) and is run again. */
  expireInSeconds?: number;
}

export interface WorkOptions {
  /** Jobs of this name this process runs at once. */
  concurrency: number;
}

export interface JobQueue {
  readonly engine: 'in-process' | 'pg-boss';
  /** Resolves to the job's id, or null when a singletonKey job is already queued or active. */
  send<T extends object>(name: JobName, data: T, options?: SendOptions): Promise<string | null>;
  /** Many jobs in one round trip (a scan's names). */
  sendMany<T extends object>(name: JobName, items: readonly { data: T; options?: SendOptions }[]): Promise<void>;
  /** Runs handler for jobs of `name` until stop(); a handler that throws fails the job (retried per its options). */
  work<T extends object>(name: JobName, options: WorkOptions, handler: (job: Job<T>) => Promise<void>): Promise<void>;
  /** Stops taking jobs; waits up to `graceMs` for running handlers. */
  stop(graceMs?: number): Promise<void>;
}
