// The scheduler with an injected clock, on the real in-process queue over SQLite: due watches
// become one 'watch-run' job each, at their interval; a watch whose run is still queued is not
// queued twice; a stopped watch never runs.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createInProcessQueue } from '@/lib/jobs/in-process-queue';
import type { JobQueue } from '@/lib/jobs/job-queue';
import { openDatabase } from '@/lib/store/get-store';
import type { SqlDb } from '@/lib/store/sql-db';
import type { WatchRunJob } from '@/lib/watch/run-watch';
import { scheduleDueWatches, startWatchScheduler } from '@/lib/watch/watch-scheduler';
import { createWatchStore } from '@/lib/watch/watch-store';

const dir = mkdtempSync(join(tmpdir(), 'zonecut-watch-scheduler-'));
let db: SqlDb;
let queue: JobQueue;

beforeAll(async () => {
  db = await openDatabase({ kind: 'embedded', dir });
  queue = await createInProcessQueue(db, { pollMs: 20, log: () => undefined });
});
afterAll(async () => {
  await queue.stop(0);
  await db.close();
  rmSync(dir, { recursive: true, force: true });
});

function manualClock(start = Date.UTC(2026, 11, 3, 12, 0, 0)) {
  let t = start;
  return { now: () => new Date(t), advance: (minutes: number) => (t += minutes * 60_000) };
}

const input = { domain: 'healthy.test', webhookUrl: null, origin: 'http://localhost' };

describe('scheduleDueWatches', () => {
  it('queues each watch at its interval, never twice while its run is queued, never once stopped', async () => {
    const clock = manualClock();
    const store = createWatchStore(db, { now: clock.now });
    const fast = (await store.createWatch({ ...input, intervalMinutes: 5 }, null)).watch;
    const slow = (await store.createWatch({ ...input, intervalMinutes: 60 }, null)).watch;

    expect(await scheduleDueWatches(store, queue, clock.now())).toBe(0); // a new watch is due one interval on (its maker queues the first run)
    clock.advance(5);
    expect(await scheduleDueWatches(store, queue, clock.now())).toBe(1);
    clock.advance(5);
    // Nobody works the queue yet: the fast watch's first run is still queued, so its second is not.
    expect(await scheduleDueWatches(store, queue, clock.now())).toBe(0);

    const ran: string[] = [];
    await queue.work<WatchRunJob>('watch-run', { concurrency: 1 }, async (job) => {
      ran.push(job.data.watchId);
    });
    const deadline = Date.now() + 5000;
    while (ran.length < 1 && Date.now() < deadline) await sleep(20);
    expect(ran).toEqual([fast.id]);

    clock.advance(5);
    expect(await scheduleDueWatches(store, queue, clock.now())).toBe(1);
    clock.advance(45);
    await store.stopWatch(fast.id);
    expect(await scheduleDueWatches(store, queue, clock.now())).toBe(1); // the slow one, at 60 minutes
    while (ran.length < 3 && Date.now() < deadline) await sleep(20);
    expect(ran).toEqual([fast.id, fast.id, slow.id]);
    clock.advance(600);
    expect(await scheduleDueWatches(store, queue, clock.now())).toBe(1);
    while (ran.length < 4 && Date.now() < deadline) await sleep(20);
    expect(ran.filter((id) => id === fast.id)).toHaveLength(2);
  });

  it('queues again the delivery of an event whose job was lost, once, and only after a while', async () => {
    const clock = manualClock(Date.UTC(2026, 11, 4, 12, 0, 0));
    const store = createWatchStore(db, { now: clock.now });
    const { watch } = await store.createWatch({ ...input, intervalMinutes: 60, webhookUrl: 'http://127.0.0.1:9/hook' }, 'whsec_x');
    const id = (k: string) => k.padEnd(20, 'c');
    await store.recordRun(watch.id, null, { reportId: id('r1'), status: 'ok', snapshot: '{}', changes: [] });
    // Recorded, but its process died before queuing the delivery: no job.
    const event = (await store.recordRun(watch.id, id('r1'), {
      reportId: id('r2'),
      status: 'warning',
      snapshot: '{}',
      changes: [{ kind: 'status', before: 'ok', after: 'warning' }],
    }))!;
    const deliveries = async () =>
      (await db.query("SELECT data FROM job_queue WHERE name = 'webhook-delivery'")).filter((r) => String(r.data).includes(event.id)).length;
    await scheduleDueWatches(store, queue, clock.now());
    expect(await deliveries()).toBe(0); // too young: its first send may still be on its way
    clock.advance(3);
    await scheduleDueWatches(store, queue, clock.now());
    expect(await deliveries()).toBe(1);
    await scheduleDueWatches(store, queue, clock.now());
    expect(await deliveries()).toBe(1); // queued already: not twice
  });

  it('startWatchScheduler: a pass at once, then one per tick; a failing store is logged, not thrown', async () => {
    const ticks: (() => void)[] = [];
    const logged: string[] = [];
    const scheduler = startWatchScheduler({
      store: () => Promise.reject(new Error('database down')),
      queue,
      setInterval: (run) => {
        ticks.push(run);
        return {};
      },
      clearInterval: () => undefined,
      log: (m) => logged.push(m),
    });
    expect(await scheduler.first).toBeNull();
    expect(ticks).toHaveLength(1);
    ticks[0]!();
    await sleep(10);
    expect(logged).toHaveLength(2);
    expect(logged[0]).toMatch(/scheduling watches failed \(will try again\): database down/);
    scheduler.stop();
  });
});
