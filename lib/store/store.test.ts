// One behaviour suite, two engines: the embedded SQLite database and a real PostgreSQL that
// scripts/pg/start-postgres.ts starts on loopback for this file. Includes the crash test: a child
// process writing a burst of reports is SIGKILLed, and every report must read back whole.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '@/lib/config';
import type { Report } from '@/lib/report/report';
import { runCheck } from '@/lib/run-check';
import { createSqlStore } from '@/lib/store/create-sql-store';
import { openStore, type DatabaseConfig } from '@/lib/store/get-store';
import { LATEST_SCHEMA_VERSION, migrate, MIGRATIONS } from '@/lib/store/migrations';
import { openPostgresDb, toPgPlaceholders } from '@/lib/store/open-postgres-db';
import { openSqliteDb } from '@/lib/store/open-sqlite-db';
import { isReportId, newReportId } from '@/lib/store/report-id';
import { StoreError, type ReportStore } from '@/lib/store/report-store';
import { applyRetention } from '@/lib/store/retention';
import type { SqlDb } from '@/lib/store/sql-db';
import { startPostgres, type PostgresServer } from '@/scripts/pg/start-postgres';

const root = fileURLToPath(new URL('../..', import.meta.url));

const scratch = mkdtempSync(join(tmpdir(), 'zonecut-store-test-'));
let postgres: PostgresServer | null = null;
let healthy: Report;
let lame: Report;
let dbCount = 0;

beforeAll(async () => {
  const config = loadConfig({});
  const [h, l, server] = await Promise.all([
    runCheck('healthy.test', { config, timeoutMs: 150 }),
    runCheck('ds-mismatch.test', { config, timeoutMs: 150 }),
    startPostgres(),
  ]);
  if (!h.ok || !l.ok || l.report.summary.status !== 'error') throw new Error('lab check failed');
  healthy = h.report;
  lame = l.report;
  postgres = server;
}, 60_000);

afterAll(async () => {
  await postgres?.stop();
  rmSync(scratch, { recursive: true, force: true });
});

interface Engine {
  name: string;
  /** A new, empty database. */
  fresh(): Promise<DatabaseConfig>;
  /** The raw SQL connection to it, for tests that look underneath the store. */
  raw(database: DatabaseConfig): Promise<SqlDb>;
}

const ENGINES: Engine[] = [
  {
    name: 'embedded SQLite',
    fresh: async () => ({ kind: 'embedded', dir: join(scratch, `sqlite-${++dbCount}`, 'nested') }),
    raw: (d) => (d.kind === 'embedded' ? openSqliteDb(d.dir) : Promise.reject(new Error('not sqlite'))),
  },
  {
    name: 'PostgreSQL',
    fresh: async () => ({ kind: 'postgres', url: await postgres!.createDatabase(`zonecut_test_${++dbCount}`) }),
    raw: (d) => (d.kind === 'postgres' ? openPostgresDb(d.url) : Promise.reject(new Error('not postgres'))),
  },
];

/** A clock that only moves when told to. */
function manualClock(start = Date.UTC(2026, 10, 22, 12, 0, 0)) {
  let t = start;
  return { now: () => new Date(t), advance: (ms: number) => (t += ms) };
}

const withDomain = (report: Report, domain: string): Report => ({ ...report, domain });

describe.each(ENGINES)('report store on $name', (engine) => {
  let database: DatabaseConfig;
  let store: ReportStore;
  const clock = manualClock();

  beforeAll(async () => {
    database = await engine.fresh();
    store = await openStore(database, { now: clock.now });
  });
  afterAll(() => store?.close());

  it('stores a report whole and reads it back equal', async () => {
    const saved = await store.saveReport(lame);
    expect(store.engine).toBe(engine.name === 'PostgreSQL' ? 'postgres' : 'sqlite');
    expect(isReportId(saved.id)).toBe(true);
    expect(saved).toMatchObject({
      domain: 'ds-mismatch.test.',
      createdAt: clock.now().toISOString(),
      status: lame.summary.status,
      counts: lame.summary.counts,
      zonecutVersion: lame.zonecutVersion,
      catalogueVersion: lame.catalogueVersion,
    });
    expect(saved.badge.status).toBe('error');
    const back = await store.getReport(saved.id);
    expect(back).not.toBeNull();
    expect(back!.report).toEqual(lame);
    expect(back!.report.capture).toEqual(lame.capture);
    expect(back!.report.findings).toEqual(lame.findings);
    expect({ ...back!, report: undefined }).toEqual({ ...saved, report: undefined });
  });

  it('gives short, URL-safe, unguessable ids and never the same one twice', async () => {
    const ids = await Promise.all(Array.from({ length: 40 }, () => store.saveReport(withDomain(healthy, 'ids.test.')).then((s) => s.id)));
    expect(new Set(ids).size).toBe(40);
    for (const id of ids) {
      expect(id).toMatch(/^[A-Za-z0-9_-]{20}$/); // 20 base64url characters = 120 random bits
      expect(Buffer.from(id, 'base64url')).toHaveLength(15);
    }
    expect(await store.listReports('ids.test', { limit: 100 })).toHaveLength(40);
  });

  it('draws another id when one is taken, and never overwrites', async () => {
    const first = await store.saveReport(withDomain(healthy, 'collide.test.'));
    const drawn = [first.id, first.id, newReportId()];
    const colliding = createSqlStore(await engine.raw(database), { now: clock.now, newId: () => drawn.shift()! });
    try {
      const second = await colliding.saveReport(withDomain(lame, 'collide.test.'));
      expect(second.id).not.toBe(first.id);
      expect((await store.getReport(first.id))!.report.capture).toEqual(healthy.capture);
      expect((await store.getReport(second.id))!.report.capture).toEqual(lame.capture);
    } finally {
      await colliding.close();
    }
  });

  it('answers null for unknown and malformed ids', async () => {
    expect(await store.getReport(newReportId())).toBeNull();
    for (const bad of ['', 'short', "x' OR '1'='1", '../../etc/passwd', 'A'.repeat(21), 'A'.repeat(19) + '=']) {
      expect(await store.getReport(bad)).toBeNull();
    }
  });

  it('lists a domain newest first, whatever case or trailing dot it is asked with', async () => {
    const ids: string[] = [];
    for (const r of [healthy, lame, healthy]) {
      clock.advance(1000);
      ids.push((await store.saveReport(withDomain(r, 'history.test.'))).id);
    }
    await store.saveReport(withDomain(lame, 'other.test.'));
    for (const name of ['history.test', 'HISTORY.test.', 'history.test.']) {
      const list = await store.listReports(name);
      expect(list.map((s) => s.id)).toEqual([...ids].reverse());
    }
    const [newest, middle] = await store.listReports('history.test');
    expect(newest).toMatchObject({ domain: 'history.test.', status: 'ok', badge: { status: 'ok', message: 'ok' } });
    expect(middle).toMatchObject({ status: 'error', counts: lame.summary.counts });
    expect(middle!.badge.message).toMatch(/^\d+ errors?$/);
    expect(Date.parse(newest!.createdAt) - Date.parse(middle!.createdAt)).toBe(1000);
    expect(await store.listReports('nothing-here.test')).toEqual([]);
  });

  it('pages through reports saved in the same millisecond, each exactly once', async () => {
    const ids = new Set<string>();
    for (let i = 0; i < 7; i++) ids.add((await store.saveReport(withDomain(healthy, 'paging.test.'))).id);
    const seen: string[] = [];
    let before: string | undefined;
    for (let page = 0; page < 10; page++) {
      const list = await store.listReports('paging.test', { limit: 3, before });
      if (list.length === 0) break;
      expect(list.length).toBeLessThanOrEqual(3);
      seen.push(...list.map((s) => s.id));
      before = list.at(-1)!.id;
    }
    expect(seen).toHaveLength(7);
    expect(new Set(seen)).toEqual(ids);
    expect(seen).toEqual((await store.listReports('paging.test', { limit: 100 })).map((s) => s.id));
  });

  it('clamps the page size and ignores a cursor from elsewhere', async () => {
    expect(await store.listReports('paging.test', { limit: 0 })).toHaveLength(1);
    expect(await store.listReports('ids.test', { limit: 1000 })).toHaveLength(40);
    expect(await store.listReports('paging.test', { before: 'not an id' })).toEqual([]);
    expect(await store.listReports('paging.test', { before: newReportId() })).toEqual([]);
  });

  it('finds the latest report and its summary', async () => {
    clock.advance(1000);
    const older = await store.saveReport(withDomain(lame, 'latest.test.'));
    clock.advance(1000);
    const newer = await store.saveReport(withDomain(healthy, 'latest.test.'));
    const latest = await store.latestReport('latest.test');
    expect(latest?.id).toBe(newer.id);
    expect(latest?.report.capture).toEqual(healthy.capture);
    expect(await store.latestSummary('LATEST.test.')).toEqual(newer);
    expect(older.createdAt < newer.createdAt).toBe(true);
    expect(await store.latestReport('never.test')).toBeNull();
    expect(await store.latestSummary('never.test')).toBeNull();
  });

  it('stores 30 concurrent saves, all whole', async () => {
    const saved = await Promise.all(Array.from({ length: 30 }, (_, i) => store.saveReport({ ...withDomain(healthy, 'burst.test.'), zonecutVersion: `v${i}` })));
    const back = await Promise.all(saved.map((s) => store.getReport(s.id)));
    expect(back.map((b) => b?.report.zonecutVersion).sort()).toEqual(saved.map((s) => s.zonecutVersion).sort());
  });

  it('refuses what is not a report', async () => {
    await expect(store.saveReport({} as Report)).rejects.toThrow(StoreError);
    await expect(store.saveReport({ ...healthy, findings: null } as unknown as Report)).rejects.toThrow(/not a report/);
  });

  it('notices a body that no longer matches its checksum', async () => {
    const saved = await store.saveReport(withDomain(healthy, 'tamper.test.'));
    const raw = await engine.raw(database);
    try {
      await raw.batch([{ sql: 'UPDATE reports SET body = ? WHERE id = ?', args: ['{"domain":"evil.test."}', saved.id] }]);
    } finally {
      await raw.close();
    }
    await expect(store.getReport(saved.id)).rejects.toMatchObject({ name: 'StoreError', code: 'corrupt' });
  });

  it('deletes reports stored before a cutoff, and none at or after it (retention)', async () => {
    const own = await openStore(await engine.fresh(), { now: clock.now });
    try {
      const day = 86_400_000;
      const old = await own.saveReport(withDomain(healthy, 'old.test.'));
      clock.advance(10 * day);
      const edge = await own.saveReport(withDomain(healthy, 'edge.test.'));
      clock.advance(1);
      const young = await own.saveReport(withDomain(healthy, 'young.test.'));
      expect(await applyRetention(own, 10, new Date(Date.parse(edge.createdAt) + 10 * day))).toBe(1);
      expect(await own.getReport(old.id)).toBeNull();
      // Exactly 10 days old is not older than 10 days.
      expect((await own.getReport(edge.id))?.report.domain).toBe('edge.test.');
      expect((await own.getReport(young.id))?.report.domain).toBe('young.test.');
      expect(await own.deleteReportsBefore(new Date(Date.parse(young.createdAt) + 1))).toBe(2);
      expect(await own.latestSummary('young.test')).toBeNull();
    } finally {
      await own.close();
    }
  });

  it('applies each migration once, recorded in schema_migrations', async () => {
    const fresh = await engine.fresh();
    const raw = await engine.raw(fresh);
    try {
      expect(await migrate(raw)).toEqual(MIGRATIONS.map((m) => m.version));
      expect(await migrate(raw)).toEqual([]);
      const rows = await raw.query('SELECT version, name FROM schema_migrations ORDER BY version');
      expect(rows.map((r) => [Number(r.version), r.name])).toEqual(MIGRATIONS.map((m) => [m.version, m.name]));
      // Two processes starting at once: both succeed, the work is done once.
      const again = await engine.fresh();
      const [a, b] = await Promise.all([engine.raw(again), engine.raw(again)]);
      const results = await Promise.all([migrate(a), migrate(b)]);
      expect(results.flat().sort()).toEqual(MIGRATIONS.map((m) => m.version));
      await Promise.all([a.close(), b.close()]);
    } finally {
      await raw.close();
    }
  });

  it('applies a later migration on reopen and refuses a database newer than itself', async () => {
    const fresh = await engine.fresh();
    const raw = await engine.raw(fresh);
    try {
      await migrate(raw);
      const next = { version: LATEST_SCHEMA_VERSION + 1, name: 'extra', statements: ['CREATE TABLE extra_things (id TEXT PRIMARY KEY)'] };
      expect(await migrate(raw, undefined, [...MIGRATIONS, next])).toEqual([next.version]);
      expect(await raw.query('SELECT id FROM extra_things')).toEqual([]);
      await expect(openStore(fresh)).rejects.toMatchObject({ code: 'schema-too-new' });
    } finally {
      await raw.close();
    }
  });

  it('a failed migration leaves nothing behind', async () => {
    const fresh = await engine.fresh();
    const raw = await engine.raw(fresh);
    try {
      await migrate(raw);
      const broken = { version: LATEST_SCHEMA_VERSION + 1, name: 'broken', statements: ['CREATE TABLE half_done (id TEXT)', 'THIS IS NOT SQL'] };
      await expect(migrate(raw, undefined, [...MIGRATIONS, broken])).rejects.toThrow();
      const versions = (await raw.query('SELECT version FROM schema_migrations')).map((r) => Number(r.version));
      expect(versions.sort((a, b) => a - b)).toEqual(MIGRATIONS.map((m) => m.version));
      await expect(raw.query('SELECT id FROM half_done')).rejects.toThrow();
    } finally {
      await raw.close();
    }
  });

  it('survives a writer killed in the middle of a burst: every report reads back whole', async () => {
    const crashDb = await engine.fresh();
    const template = join(scratch, `template-${dbCount}.json`);
    writeFileSync(template, JSON.stringify(withDomain(lame, 'crash.test.')));
    const { acknowledged, inFlight } = await burstThenKill(crashDb, template, 60);
    expect(acknowledged.length).toBeGreaterThanOrEqual(60);
    expect(inFlight).toBeGreaterThan(0); // writes were under way when the kill came

    const reopened = await openStore(crashDb);
    try {
      const all: string[] = [];
      let before: string | undefined;
      for (;;) {
        const page = await reopened.listReports('crash.test', { limit: 100, before });
        if (page.length === 0) break;
        all.push(...page.map((s) => s.id));
        before = page.at(-1)!.id;
      }
      // Every write the child saw committed is there (durable), and nothing else is half there.
      expect(all.length).toBeGreaterThanOrEqual(acknowledged.length);
      expect(new Set(all)).toEqual(new Set([...all, ...acknowledged]));
      for (const id of all) {
        const r = await reopened.getReport(id); // verifies the checksum, throws when torn
        expect(r?.report.domain).toBe('crash.test.');
        expect(r?.report.capture).toEqual(lame.capture);
        expect(r?.report.zonecutVersion).toMatch(/^burst-\d-(\d+)-x*$/);
        const i = Number(/^burst-\d-(\d+)-/.exec(r!.report.zonecutVersion)![1]);
        expect(r!.report.zonecutVersion.length).toBe(`burst-0-${i}-`.length + (i % 997));
      }
      // And the store still takes writes.
      expect((await reopened.saveReport(withDomain(healthy, 'crash.test.'))).id).toMatch(/^[A-Za-z0-9_-]{20}$/);
    } finally {
      await reopened.close();
    }
    if (crashDb.kind === 'embedded') {
      const raw = await engine.raw(crashDb);
      try {
        expect(await raw.query('PRAGMA integrity_check')).toEqual([{ integrity_check: 'ok' }]);
      } finally {
        await raw.close();
      }
    }
  }, 60_000);
});

/** Starts the burst writer, waits for `count` acknowledged saves, SIGKILLs it mid-burst. */
function burstThenKill(database: DatabaseConfig, templateFile: string, count: number): Promise<{ acknowledged: string[]; inFlight: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--conditions=react-server', '--import', 'tsx', join(root, 'lib/store/testing/burst-writer.ts'), JSON.stringify(database), templateFile],
      { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const acknowledged: string[] = [];
    let begun = 0;
    let inFlight = 0;
    let stderr = '';
    let buffered = '';
    let killed = false;
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdout.on('data', (d: Buffer) => {
      buffered += d.toString();
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) {
        const m = /^saved (\S+) /.exec(line);
        if (m) acknowledged.push(m[1]!);
        if (line === 'begin') begun++;
      }
      if (!killed && acknowledged.length >= count) {
        killed = true;
        inFlight = begun - acknowledged.length;
        child.kill('SIGKILL');
      }
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), 40_000);
    child.once('exit', (_code, signal) => {
      clearTimeout(timer);
      if (signal === 'SIGKILL' && killed) resolve({ acknowledged, inFlight });
      else reject(new Error(`burst writer ended on its own (${signal ?? _code}) after ${acknowledged.length} saves:\n${stderr}`));
    });
  });
}

describe('toPgPlaceholders', () => {
  it.each([
    ['SELECT ? , ?', 'SELECT $1 , $2'],
    ["SELECT '?' , ?", "SELECT '?' , $1"],
    ['SELECT "a?b" FROM t WHERE x = ?', 'SELECT "a?b" FROM t WHERE x = $1'],
    ["SELECT 'it''s ?', ?", "SELECT 'it''s ?', $1"],
    ['SELECT 1', 'SELECT 1'],
  ])('%s', (sql, expected) => {
    expect(toPgPlaceholders(sql)).toBe(expected);
  });
});
