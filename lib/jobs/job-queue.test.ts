// Both engines behind the JobQueue contract, on real databases: the embedded SQLite file and a
// throwaway PostgreSQL (pg-boss). Each test opens its queues on a fresh database; a second queue
// on the same database stands for a second process.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createInProcessQueue, retryDelayMs } from '@/lib/jobs/in-process-queue';
import type { Job, JobQueue } from '@/lib/jobs/job-queue';
import { createPgBossQueue } from '@/lib/jobs/pg-boss-queue';
import { openDatabase } from '@/lib/store/get-store';
import type { SqlDb } from '@/lib/store/sql-db';
import { startPostgres, type PostgresServer } from '@/scripts/pg/start-postgres';

const scratch = mkdtempSync(join(tmpdir(), 'zonecut-jobs-test-'));
let postgres: PostgresServer | null = null;
let databases = 0;

beforeAll(async () => {
  postgres = await startPostgres();
}, 60_000);

afterAll(async () => {
  await postgres?.stop();
  rmSync(scratch, { recursive: true, force: true });
});

/** Opens queues on one fresh database: each call is one more process on it. */
type Opener = () => Promise<JobQueue>;

interface Engine {
  name: string;
  fresh(): Promise<Opener>;
}

const open: { queue: JobQueue; db?: SqlDb }[] = [];

afterEach(async () => {
  for (const { queue, db } of open.splice(0)) {
    await queue.stop(0);
    await db?.close();
  }
});

const ENGINES: Engine[] = [
  {
    name: 'in-process (SQLite)',
    async fresh() {
      const dir = join(scratch, `db${++databases}`);
      return async () => {
        const db = await openDatabase({ kind: 'embedded', dir });
        const queue = await createInProcessQueue(db, { pollMs: 50, maintenanceMs: 200, log: () => undefined });
        open.push({ queue, db });
        return queue;
      };
    },
  },
  {
    name: 'pg-boss (PostgreSQL)',
    async fresh() {
      const url = await postgres!.createDatabase(`jobs${++databases}`);
      return async () => {
        const queue = await createPgBossQueue(url, { pollMs: 50, maintenanceIntervalSeconds: 1, log: () => undefined });
        open.push({ queue });
        return queue;
      };
    },
  },
];

/** Resolves when `check` holds, polling; fails the test after `ms`. */
async function until(check: () => boolean, ms = 15_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await sleep(20);
  }
}

describe.each(ENGINES)('job queue: $name', (engine) => {
  it('runs each of many jobs exactly once, with the data it was sent, across concurrent workers', async () => {
    const openQueue = await engine.fresh();
    const queue = await openQueue();
    await queue.sendMany(
      'scan-name',
      Array.from({ length: 300 }, (_, i) => ({ data: { n: i } })),
    );
    const seen: number[] = [];
    await queue.work<{ n: number }>('scan-name', { concurrency: 4 }, async (job) => {
      expect(job.name).toBe('scan-name');
      seen.push(job.data.n);
    });
    await until(() => seen.length >= 300, 30_000);
    await sleep(200); // a job done twice would show up now
    expect([...seen].sort((a, b) => a - b)).toEqual(Array.from({ length: 300 }, (_, i) => i));
  }, 40_000);

  it('retries a failing job up to its retryLimit, counting the retries, then gives up', async () => {
    const queue = await (await engine.fresh())();
    const id = await queue.send('webhook-delivery', { url: 'x' }, { retryLimit: 2, retryDelaySeconds: 0 });
    expect(id).toEqual(expect.any(String));
    const attempts: Job<object>[] = [];
    await queue.work('webhook-delivery', { concurrency: 1 }, async (job) => {
      attempts.push(job);
      throw new Error(`attempt ${attempts.length} fails`);
    });
    await until(() => attempts.length >= 3);
    await sleep(1500); // no fourth attempt comes
    expect(attempts.map((j) => j.retryCount)).toEqual([0, 1, 2]);
    expect(new Set(attempts.map((j) => j.id))).toEqual(new Set([id]));
  }, 20_000);

  it('a job that succeeds on a retry is done once more, not again', async () => {
    const queue = await (await engine.fresh())();
    await queue.send('watch-run', { w: 1 }, { retryLimit: 3, retryDelaySeconds: 0 });
    let calls = 0;
    await queue.work('watch-run', { concurrency: 2 }, async () => {
      calls++;
      if (calls === 1) throw new Error('first try fails');
    });
    await until(() => calls >= 2);
    await sleep(1000);
    expect(calls).toBe(2);
  });

  it('admits one queued or active job per singletonKey, and a new one once it is done', async () => {
    const queue = await (await engine.fresh())();
    const first = await queue.send('watch-run', { n: 1 }, { singletonKey: 'w1' });
    expect(first).toEqual(expect.any(String));
    expect(await queue.send('watch-run', { n: 2 }, { singletonKey: 'w1' })).toBeNull();
    expect(await queue.send('watch-run', { n: 3 }, { singletonKey: 'w2' })).toEqual(expect.any(String));
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const ran: number[] = [];
    await queue.work<{ n: number }>('watch-run', { concurrency: 2 }, async (job) => {
      ran.push(job.data.n);
      if (job.data.n === 1) await gate;
    });
    await until(() => ran.includes(1));
    // Active now: still no second one.
    expect(await queue.send('watch-run', { n: 4 }, { singletonKey: 'w1' })).toBeNull();
    release();
    let again: string | null = null;
    await until(() => ran.length >= 2);
    for (let i = 0; i < 100 && again === null; i++) {
      again = await queue.send('watch-run', { n: 5 }, { singletonKey: 'w1' });
      if (again === null) await sleep(50);
    }
    expect(again).toEqual(expect.any(String));
    await until(() => ran.includes(5));
    expect(ran.sort()).toEqual([1, 3, 5]);
  });

  it('keeps queued jobs when the process stops, for the next one to run', async () => {
    const openQueue = await engine.fresh();
    const first = await openQueue();
    await first.sendMany(
      'scan-name',
      [1, 2, 3].map((n) => ({ data: { n } })),
    );
    await first.stop(0);
    const second = await openQueue();
    const ran: number[] = [];
    await second.work<{ n: number }>('scan-name', { concurrency: 2 }, async (job) => void ran.push(job.data.n));
    await until(() => ran.length >= 3);
    expect(ran.sort()).toEqual([1, 2, 3]);
  });

  it('hands a job still running at stop() back to the queue, not counted as a retry', async () => {
    const openQueue = await engine.fresh();
    const first = await openQueue();
    await first.send('scan-name', { n: 1 }, { retryLimit: 0 });
    let started = false;
    await first.work('scan-name', { concurrency: 1 }, () => {
      started = true;
      return new Promise<void>(() => undefined); // never ends
    });
    await until(() => started);
    await first.stop(50);
    const second = await openQueue();
    const ran: Job<{ n: number }>[] = [];
    await second.work<{ n: number }>('scan-name', { concurrency: 1 }, async (job) => void ran.push(job));
    await until(() => ran.length >= 1);
    expect(ran[0]!.data).toEqual({ n: 1 });
    expect(ran[0]!.retryCount).toBe(0);
  });

  it('takes back an active job whose worker died once it expires, and runs it elsewhere', async () => {
    const openQueue = await engine.fresh();
    const dying = await openQueue();
    await dying.send('scan-name', { n: 7 }, { expireInSeconds: 1, retryLimit: 1 });
    let started = false;
    // This worker hangs forever, as a SIGKILLed one would never finish.
    await dying.work('scan-name', { concurrency: 1 }, () => {
      started = true;
      return new Promise<void>(() => undefined);
    });
    await until(() => started);
    const other = await openQueue();
    const ran: Job<{ n: number }>[] = [];
    await other.work<{ n: number }>('scan-name', { concurrency: 1 }, async (job) => void ran.push(job));
    await until(() => ran.length >= 1, 20_000);
    expect(ran[0]!.data).toEqual({ n: 7 });
    expect(ran[0]!.retryCount).toBe(1);
  }, 30_000);
});

describe('job queue: in-process (SQLite), a slow job', () => {
  it('is not taken back while its handler still runs here: it runs once, past its expireInSeconds', async () => {
    const openQueue = await ENGINES[0]!.fresh();
    const queue = await openQueue();
    const second = await openQueue();
    await queue.send('scan-name', { n: 9 }, { expireInSeconds: 1, retryLimit: 2 });
    let runs = 0;
    let finished = false;
    const slow = async () => {
      runs++;
      await sleep(2500); // past its expiry, within HEARTBEAT_FOR × 1 s
      finished = true;
    };
    await queue.work('scan-name', { concurrency: 1 }, slow);
    await second.work('scan-name', { concurrency: 1 }, slow);
    await until(() => finished);
    await sleep(600); // a maintenance pass or two after the end
    expect(runs).toBe(1);
  }, 20_000);
});

describe('retryDelayMs', () => {
  it('doubles the delay on each retry with backoff, and keeps it without', () => {
    expect([1, 2, 3, 4].map((a) => retryDelayMs({ retry_delay: 10, retry_backoff: 1 }, a))).toEqual([10_000, 20_000, 40_000, 80_000]);
    expect([1, 2, 3].map((a) => retryDelayMs({ retry_delay: 10, retry_backoff: 0 }, a))).toEqual([10_000, 10_000, 10_000]);
  });
});
