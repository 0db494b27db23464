// Issue 13's test of the real thing: a 1,000-name scan over the lab's synthetic registry, worked
// by two `npm run worker` processes on a real PostgreSQL; one is SIGKILLed mid-scan. Every name
// must end with exactly one result, the killed worker's jobs taken back and finished by the other.
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPgBossQueue } from '@/lib/jobs/pg-boss-queue';
import type { JobQueue } from '@/lib/jobs/job-queue';
import { registryChildName } from '@/lib/lab/registry';
import { parseScanNames } from '@/lib/scans/parse-scan-names';
import { startScan } from '@/lib/scans/scan-job';
import { getScanProgress, scanResultsWithChanges, type ScanProgress } from '@/lib/scans/scan-store';
import { openDatabase, setDb } from '@/lib/store/get-store';
import type { SqlDb } from '@/lib/store/sql-db';
import { startPostgres, type PostgresServer } from '@/scripts/pg/start-postgres';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const NAMES = 1000;

let postgres: PostgresServer;
let url: string;
let db: SqlDb;
let queue: JobQueue;
const workers: { child: ChildProcess; output: string[]; exit: Promise<number | null> }[] = [];

/** `npm run worker`'s command, in its own process group (a SIGKILL to the group kills it outright). */
function startWorker(env: Record<string, string>) {
  const child = spawn(process.execPath, ['scripts/worker/worker.mjs'], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/tmp', NODE_ENV: 'production', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  const output: string[] = [];
  child.stdout!.on('data', (d: Buffer) => output.push(d.toString()));
  child.stderr!.on('data', (d: Buffer) => output.push(d.toString()));
  const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const worker = { child, output, exit };
  workers.push(worker);
  return worker;
}

async function until<T>(what: string, read: () => Promise<T>, done: (v: T) => boolean, ms: number): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await read();
    if (done(v)) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(v)}`);
    await sleep(250);
  }
}

beforeAll(async () => {
  postgres = await startPostgres();
  url = await postgres.createDatabase('scan_workers');
  db = await openDatabase({ kind: 'postgres', url });
  setDb(db);
  queue = await createPgBossQueue(url, { log: () => undefined });
}, 60_000);

afterAll(async () => {
  for (const w of workers) {
    try {
      process.kill(-w.child.pid!, 'SIGKILL');
    } catch {
      /* gone */
    }
  }
  await queue?.stop(0);
  setDb(null);
  await db?.close();
  await postgres?.stop();
});

describe('a scan worked by `npm run worker` processes on PostgreSQL', () => {
  it('says clearly that it needs PostgreSQL when DATABASE_URL is not', async () => {
    const w = startWorker({ DATABASE_URL: '/tmp/zonecut-not-postgres' });
    expect(await w.exit).toBe(2);
    expect(w.output.join('')).toMatch(/DATABASE_URL is not PostgreSQL/);
  }, 30_000);

  it('survives a worker SIGKILLed mid-scan: every name ends with exactly one result', async () => {
    const names = Array.from({ length: NAMES }, (_, i) => registryChildName(i + 1));
    const parsed = parseScanNames(names.join('\n'));
    if (!parsed.ok) throw new Error(parsed.message);
    const id = await startScan(queue, parsed.value);

    const env = { DATABASE_URL: url, ZONECUT_LAB_REGISTRY: String(NAMES), ZONECUT_JOB_CONCURRENCY: '4' };
    const doomed = startWorker(env);
    const survivor = startWorker(env);
    const progress = () => getScanProgress(db, id) as Promise<ScanProgress>;
    await until(
      'both workers to start',
      async () => workers.slice(-2).map((w) => w.output.join('')),
      (o) => o.every((t) => t.includes('working jobs')),
      60_000,
    );
    const atKill = await until('a fifth of the names', progress, (p) => p.done >= NAMES / 5, 120_000);
    expect(atKill.finished).toBe(false);
    process.kill(-doomed.child.pid!, 'SIGKILL');
    expect(await doomed.exit).toBeNull(); // killed, not exited

    const end = await until('the scan to finish', progress, (p) => p.finished, 150_000);
    expect(end).toMatchObject({ total: NAMES, done: NAMES, queued: 0, errors: 0 });
    const rows = await db.query('SELECT name, state, report_id FROM scan_results WHERE scan_id = ?', [id]);
    expect(rows).toHaveLength(NAMES);
    expect(new Set(rows.map((r) => r.name))).toEqual(new Set(names.map((n) => n.replace(/\.$/, ''))));
    expect(rows.every((r) => r.state === 'done' && typeof r.report_id === 'string')).toBe(true);
    // Every result points at a report that exists.
    const [{ n }] = (await db.query('SELECT COUNT(*) AS n FROM scan_results s JOIN reports r ON r.id = s.report_id WHERE s.scan_id = ?', [id])) as [
      { n: unknown },
    ];
    expect(Number(n)).toBe(NAMES);
    // The registry's change set: the 50 CSYNC moves and the 50 CDS rollovers.
    const changes: string[] = [];
    for await (const r of scanResultsWithChanges(db, id)) changes.push(`${r.changes?.ds?.action ?? '-'} ${r.changes?.delegation?.action ?? '-'}`);
    expect(changes.filter((c) => c === 'replace -')).toHaveLength(NAMES / 20);
    expect(changes.filter((c) => c === '- update')).toHaveLength(NAMES / 20);

    // The survivor stops gracefully on SIGTERM.
    process.kill(-survivor.child.pid!, 'SIGTERM');
    expect(await survivor.exit).toBe(0);
    expect(survivor.output.join('')).toMatch(/zonecut worker: stopped/);
  }, 300_000);
});
