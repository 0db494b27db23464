// The watch store on both engines: the same statements over SQLite and a real PostgreSQL.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSqlStore } from '@/lib/store/create-sql-store';
import { migrate } from '@/lib/store/migrations';
import { openPostgresDb } from '@/lib/store/open-postgres-db';
import { openSqliteDb } from '@/lib/store/open-sqlite-db';
import type { SqlDb } from '@/lib/store/sql-db';
import { createWatchStore, isWatchToken, tokenHash } from '@/lib/watch/watch-store';
import type { WatchChange } from '@/lib/watch/watch-change';
import { startPostgres, type PostgresServer } from '@/scripts/pg/start-postgres';

const scratch = mkdtempSync(join(tmpdir(), 'zonecut-watch-store-'));
let postgres: PostgresServer | null = null;
let n = 0;

beforeAll(async () => {
  postgres = await startPostgres();
}, 60_000);
afterAll(async () => {
  await postgres?.stop();
  rmSync(scratch, { recursive: true, force: true });
});

const ENGINES = [
  { name: 'embedded SQLite', open: () => openSqliteDb(join(scratch, `db-${++n}`)) },
  { name: 'PostgreSQL', open: async () => openPostgresDb(await postgres!.createDatabase(`zonecut_watch_${++n}`)) },
];

function manualClock(start = Date.UTC(2026, 11, 3, 12, 0, 0)) {
  let t = start;
  return { now: () => new Date(t), advance: (minutes: number) => (t += minutes * 60_000) };
}

const CHANGES: WatchChange[] = [{ kind: 'parent-ns', added: ['ns3.x.test.'], removed: ['ns2.x.test.'] }];
const input = { domain: 'X.test', intervalMinutes: 5, webhookUrl: 'http://127.0.0.1:9/hook', origin: 'http://localhost:3000' };

describe.each(ENGINES)('watch store on $name', (engine) => {
  let db: SqlDb;
  beforeAll(async () => {
    db = await engine.open();
    await migrate(db);
  });
  afterAll(() => db.close());

  it('a new watch: due one interval on, its token returned once and stored only as a hash', async () => {
    const clock = manualClock();
    const store = createWatchStore(db, { now: clock.now });
    const { watch, token, secret } = await store.createWatch(input, 'whsec_x');
    expect(isWatchToken(token)).toBe(true);
    expect(secret).toBe('whsec_x');
    expect(watch).toMatchObject({
      domain: 'x.test.',
      intervalMinutes: 5,
      nextRunAt: new Date(clock.now().getTime() + 5 * 60_000).toISOString(),
      runs: 0,
      stoppedAt: null,
    });
    expect((await store.getWatchByToken(token))?.id).toBe(watch.id);
    expect(await store.getWatchByToken(token.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A')))).toBeNull();
    const rows = await db.query('SELECT token_sha256 FROM watches WHERE id = ?', [watch.id]);
    expect(rows[0]?.token_sha256).toBe(tokenHash(token));
    expect(JSON.stringify(await db.query('SELECT * FROM watches'))).not.toContain(token);
    // Without a webhook no secret is kept.
    const plain = await store.createWatch({ ...input, webhookUrl: null }, 'whsec_unused');
    expect(plain.secret).toBeNull();
    expect(await store.webhookSecret(plain.watch.id)).toBeNull();
    await expect(store.createWatch({ ...input, intervalMinutes: 4 }, null)).rejects.toThrow(RangeError);
  });

  it('claims each due watch once, even when two claim at the same moment; then one interval on', async () => {
    await db.batch([{ sql: 'DELETE FROM watches' }]);
    const clock = manualClock();
    const store = createWatchStore(db, { now: clock.now });
    const a = await store.createWatch({ ...input, intervalMinutes: 5 }, null);
    const b = await store.createWatch({ ...input, intervalMinutes: 60 }, null);
    expect(await store.claimDueWatches(clock.now())).toEqual([]);
    clock.advance(60);
    const [first, second] = await Promise.all([store.claimDueWatches(clock.now()), store.claimDueWatches(clock.now())]);
    expect([...first!, ...second!].map((w) => w.id).sort()).toEqual([a.watch.id, b.watch.id].sort());
    expect(await store.claimDueWatches(clock.now())).toEqual([]);
    clock.advance(4);
    expect(await store.claimDueWatches(clock.now())).toEqual([]);
    clock.advance(1);
    expect((await store.claimDueWatches(clock.now())).map((w) => w.id)).toEqual([a.watch.id]);
    await store.stopWatch(a.watch.id);
    clock.advance(60);
    expect((await store.claimDueWatches(clock.now())).map((w) => w.id)).toEqual([b.watch.id]);
    expect((await store.getWatch(a.watch.id))?.stoppedAt).not.toBeNull();
  });

  it('a changed interval moves the next run; the webhook keeps its secret across a new URL', async () => {
    const clock = manualClock();
    const store = createWatchStore(db, { now: clock.now });
    const { watch } = await store.createWatch(input, 'whsec_1');
    const updated = await store.updateWatch(watch.id, { intervalMinutes: 30, webhookUrl: 'http://127.0.0.1:10/other' }, 'whsec_2');
    expect(updated).toMatchObject({
      intervalMinutes: 30,
      webhookUrl: 'http://127.0.0.1:10/other',
      nextRunAt: new Date(clock.now().getTime() + 30 * 60_000).toISOString(),
    });
    expect(await store.webhookSecret(watch.id)).toBe('whsec_1');
    await store.updateWatch(watch.id, { webhookUrl: null }, null);
    expect(await store.webhookSecret(watch.id)).toBeNull();
    await store.updateWatch(watch.id, { webhookUrl: 'http://127.0.0.1:11/' }, 'whsec_3');
    expect(await store.webhookSecret(watch.id)).toBe('whsec_3');
  });

  it('the first run is the baseline; a changed run is one event; a run that raced another records nothing', async () => {
    const clock = manualClock();
    const store = createWatchStore(db, { now: clock.now });
    const { watch } = await store.createWatch(input, 'whsec_x');
    expect(await store.recordRun(watch.id, null, { reportId: 'r1'.padEnd(20, 'a'), status: 'warning', snapshot: '{"s":1}', changes: CHANGES })).toBeNull();
    expect(await store.lastSnapshot(watch.id)).toEqual({ reportId: 'r1'.padEnd(20, 'a'), snapshot: '{"s":1}' });
    clock.advance(5);
    const event = await store.recordRun(watch.id, 'r1'.padEnd(20, 'a'), {
      reportId: 'r2'.padEnd(20, 'a'),
      status: 'ok',
      snapshot: '{"s":2}',
      changes: CHANGES,
    });
    expect(event).toMatchObject({
      watchId: watch.id,
      domain: 'x.test.',
      reportId: 'r2'.padEnd(20, 'a'),
      previousReportId: 'r1'.padEnd(20, 'a'),
      changes: CHANGES,
      delivery: 'pending',
    });
    // Compared with r1, but r2 is the last run now: not recorded, no event.
    expect(
      await store.recordRun(watch.id, 'r1'.padEnd(20, 'a'), { reportId: 'r3'.padEnd(20, 'a'), status: 'ok', snapshot: '{}', changes: CHANGES }),
    ).toBeNull();
    // No change: recorded, no event.
    expect(
      await store.recordRun(watch.id, 'r2'.padEnd(20, 'a'), { reportId: 'r4'.padEnd(20, 'a'), status: 'ok', snapshot: '{"s":2}', changes: [] }),
    ).toBeNull();
    expect(await store.getWatch(watch.id)).toMatchObject({ runs: 3, lastReportId: 'r4'.padEnd(20, 'a'), lastStatus: 'ok' });
    expect((await store.listEvents(watch.id)).map((e) => e.id)).toEqual([event!.id]);
    expect((await store.listDomainEvents('x.test')).map((e) => e.id)).toContain(event!.id);

    await store.recordAttempt(event!, { attempt: 1, ok: false, httpStatus: 500, error: 'HTTP 500' }, false);
    await store.recordAttempt(event!, { attempt: 1, ok: false, httpStatus: 500, error: 'HTTP 500' }, false); // the same attempt again
    expect((await store.getEvent(event!.id))?.delivery).toBe('pending');
    await store.recordAttempt(event!, { attempt: 2, ok: true, httpStatus: 204, error: null }, false);
    expect((await store.getEvent(event!.id))?.delivery).toBe('delivered');
    expect((await store.listAttempts(watch.id)).map((a) => [a.attempt, a.ok, a.httpStatus])).toEqual([
      [2, true, 204],
      [1, false, 500],
    ]);
  });

  it('lists the events still waiting for delivery that are older than a moment; retention takes old events with their reports', async () => {
    await db.batch([{ sql: 'DELETE FROM watch_events' }, { sql: 'DELETE FROM webhook_deliveries' }]);
    const clock = manualClock();
    const store = createWatchStore(db, { now: clock.now });
    const { watch } = await store.createWatch(input, 'whsec_x');
    const id = (k: string) => k.padEnd(20, 'b');
    await store.recordRun(watch.id, null, { reportId: id('r1'), status: 'ok', snapshot: '{}', changes: [] });
    const old = (await store.recordRun(watch.id, id('r1'), { reportId: id('r2'), status: 'ok', snapshot: '{}', changes: CHANGES }))!;
    clock.advance(10);
    const delivered = (await store.recordRun(watch.id, id('r2'), { reportId: id('r3'), status: 'ok', snapshot: '{}', changes: CHANGES }))!;
    await store.recordAttempt(delivered, { attempt: 1, ok: true, httpStatus: 204, error: null }, false);
    clock.advance(10);
    const young = (await store.recordRun(watch.id, id('r3'), { reportId: id('r4'), status: 'ok', snapshot: '{}', changes: CHANGES }))!;
    await store.recordAttempt(old, { attempt: 1, ok: false, httpStatus: 500, error: 'HTTP 500' }, false);

    // Pending and recorded before the moment: the old one only (the delivered one is done, the young one too new).
    expect(await store.undeliveredEvents(new Date(clock.now().getTime() - 60_000))).toEqual([old.id]);
    expect((await store.undeliveredEvents(new Date(clock.now().getTime() + 1))).sort()).toEqual([old.id, young.id].sort());

    const reports = createSqlStore(db);
    await reports.deleteReportsBefore(new Date(clock.now().getTime() - 60_000));
    expect((await store.listEvents(watch.id)).map((e) => e.id)).toEqual([young.id]);
    expect(await store.listAttempts(watch.id)).toEqual([]);
  });

  it('retention takes a young event that compares with a report it deletes, and old scans with their results', async () => {
    await db.batch([{ sql: 'DELETE FROM watch_events' }, { sql: 'DELETE FROM scans' }, { sql: 'DELETE FROM scan_results' }]);
    const clock = manualClock();
    const store = createWatchStore(db, { now: clock.now });
    const { watch } = await store.createWatch(input, null);
    const id = (k: string) => k.padEnd(20, 'd');
    const oldReport = (reportId: string, at: Date) => ({
      sql: `INSERT INTO reports (id, domain, created_at, status, badge_status, badge_message, count_error, count_warning, count_notice, count_info,
              schema_version, zonecut_version, catalogue_version, body, body_sha256) VALUES (?, 'x.test.', ?, 'ok', 'ok', 'ok', 0, 0, 0, 0, 1, 'test', 1, '{}', '')`,
      args: [reportId, at.toISOString()],
    });
    await db.batch([
      oldReport(id('p1'), clock.now()),
      { sql: 'INSERT INTO scans (id, created_at, total, invalid, duplicates) VALUES (?, ?, 1, 0, 0)', args: [id('s1'), clock.now().toISOString()] },
      { sql: "INSERT INTO scan_results (scan_id, name, position, state) VALUES (?, 'x.test', 0, 'queued')", args: [id('s1')] },
    ]);
    await store.recordRun(watch.id, null, { reportId: id('p1'), status: 'ok', snapshot: '{}', changes: [] });
    clock.advance(7 * 24 * 60); // a weekly watch: its next run compares with a report a week older
    const event = (await store.recordRun(watch.id, id('p1'), { reportId: id('p2'), status: 'warning', snapshot: '{}', changes: CHANGES }))!;
    expect((await store.listEvents(watch.id)).map((e) => e.id)).toEqual([event.id]);

    await createSqlStore(db).deleteReportsBefore(new Date(clock.now().getTime() - 60_000));
    expect(await store.listEvents(watch.id)).toEqual([]); // its "what changed" would link a deleted report
    expect(await db.query('SELECT id FROM scans')).toEqual([]);
    expect(await db.query('SELECT name FROM scan_results')).toEqual([]);
  });
});
