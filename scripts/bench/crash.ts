// npm run bench -- crash [--kills N] [--burst N] [--seed S] [--engines sqlite,postgres] — kill -9
// during a burst of report writes, then count what survived. For each engine (the embedded SQLite
// store, and a real PostgreSQL started on loopback by scripts/pg/start-postgres.ts as the tests do)
// and each of --kills runs (default 3): a fresh database; a child process
// (lib/store/testing/burst-writer.ts) saves a burst of --burst reports (default 1000; variants of a
// lab report of ds-mismatch.test, four writes at a time) as fast as it can and prints each
// acknowledged id with the SHA-256 of the report it wrote; the parent SIGKILLs it when a number of
// acknowledgements drawn from [10%, 90%] of the burst (seeded: --seed, default 1) has arrived.
// Then the store is opened again and every acknowledged report is read back: present (it loads,
// its checksum holds, its JSON hashes as the writer's did), lost (absent) or partial (torn, or
// another content). Every other stored report (writes in flight at the kill that committed) must
// load too, and SQLite's integrity_check must say ok.
// Prints per run: acknowledged / present / lost / partial, in flight at the kill, stored in all,
// and the totals; exit status 1 when anything was lost or partial. With PostgreSQL the killed
// process is the client: the server runs on (it is started with fsync off, as in the tests, which
// matters only if the server itself crashes).
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '@/lib/config';
import { runCheck } from '@/lib/run-check';
import { openStore, type DatabaseConfig } from '@/lib/store/get-store';
import { openSqliteDb } from '@/lib/store/open-sqlite-db';
import { seededRandom } from '@/scripts/bench/fuzz-packets';
import { numberOption } from '@/scripts/bench/options';
import { startPostgres, type PostgresServer } from '@/scripts/pg/start-postgres';

const root = fileURLToPath(new URL('../..', import.meta.url));
const sha256 = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

interface Burst {
  /** id → the writer's hash of the report's JSON. */
  acknowledged: Map<string, string>;
  inFlight: number;
}

/** Runs the burst writer and SIGKILLs it once `killAt` saves are acknowledged. */
function burstThenKill(database: DatabaseConfig, templateFile: string, burst: number, killAt: number): Promise<Burst> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--conditions=react-server', '--import', 'tsx', join(root, 'lib/store/testing/burst-writer.ts'), JSON.stringify(database), templateFile, String(burst)],
      { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const acknowledged = new Map<string, string>();
    let begun = 0;
    let inFlight = 0;
    let killed = false;
    let stderr = '';
    let buffered = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdout.on('data', (d: Buffer) => {
      if (killed) return; // what arrives after the kill was never seen by us: not acknowledged
      buffered += d.toString();
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) {
        const m = /^saved (\S+) ([0-9a-f]{64})$/.exec(line);
        if (m) acknowledged.set(m[1]!, m[2]!);
        else if (line === 'begin') begun++;
        if (acknowledged.size >= killAt) {
          killed = true;
          inFlight = begun - acknowledged.size;
          child.kill('SIGKILL');
          break;
        }
      }
    });
    child.once('exit', (code, signal) => {
      if (signal === 'SIGKILL' && killed) resolve({ acknowledged, inFlight });
      else reject(new Error(`the burst writer ended on its own (${signal ?? code}) after ${acknowledged.size} saves:\n${stderr}`));
    });
  });
}

interface Tally {
  acknowledged: number;
  present: number;
  lost: number;
  partial: number;
  inFlight: number;
  stored: number;
  /** Stored reports that were never acknowledged: writes in flight at the kill that committed. */
  others: number;
  tornOther: number;
}

async function verify(database: DatabaseConfig, domain: string, burst: Burst): Promise<Tally> {
  const store = await openStore(database);
  const t: Tally = { acknowledged: burst.acknowledged.size, present: 0, lost: 0, partial: 0, inFlight: burst.inFlight, stored: 0, others: 0, tornOther: 0 };
  try {
    for (const [id, hash] of burst.acknowledged) {
      try {
        const r = await store.getReport(id); // checks the stored checksum; throws when torn
        if (r === null) t.lost++;
        else if (sha256(JSON.stringify(r.report)) === hash) t.present++;
        else t.partial++;
      } catch {
        t.partial++;
      }
    }
    const all: string[] = [];
    for (let before: string | undefined; ;) {
      const page = await store.listReports(domain, { limit: 100, before });
      if (page.length === 0) break;
      all.push(...page.map((s) => s.id));
      before = page.at(-1)!.id;
    }
    t.stored = all.length;
    for (const id of all) {
      if (burst.acknowledged.has(id)) continue;
      t.others++;
      try {
        if ((await store.getReport(id)) === null) t.tornOther++;
      } catch {
        t.tornOther++;
      }
    }
    await store.saveReport((await store.getReport(all[0]!))!.report); // and it still takes writes
  } finally {
    await store.close();
  }
  return t;
}

async function sqliteIntegrity(dir: string): Promise<string> {
  const raw = await openSqliteDb(dir);
  try {
    const rows = await raw.query('PRAGMA integrity_check');
    return rows.map((r) => String(r.integrity_check)).join(', ');
  } finally {
    await raw.close();
  }
}

export async function main(args: readonly string[]): Promise<number> {
  const kills = numberOption(args, 'kills', 3, { min: 1 });
  const burst = numberOption(args, 'burst', 1000, { min: 10 });
  const seed = numberOption(args, 'seed', 1);
  const i = args.indexOf('--engines');
  const engines = (i >= 0 ? (args[i + 1] ?? '') : 'sqlite,postgres').split(',');
  for (const e of engines) if (e !== 'sqlite' && e !== 'postgres') throw new Error(`--engines: "${e}" is neither sqlite nor postgres`);
  const rng = seededRandom(seed);

  const scratch = mkdtempSync(join(tmpdir(), 'zonecut-crash-bench-'));
  let postgres: PostgresServer | null = null;
  let bad = 0;
  try {
    const checked = await runCheck('ds-mismatch.test', { config: loadConfig({}), timeoutMs: 150 });
    if (!checked.ok) throw new Error(`the lab check failed: ${checked.error.message}`);
    const template = join(scratch, 'template.json');
    writeFileSync(template, JSON.stringify(checked.report));
    console.log(
      `crash: ${kills} kill(s) per engine, bursts of ${burst} reports (ds-mismatch.test, ${Math.round(JSON.stringify(checked.report).length / 1024)} KB each), --seed ${seed}`,
    );
    if (engines.includes('postgres')) postgres = await startPostgres();

    for (const engine of engines) {
      const total: Tally = { acknowledged: 0, present: 0, lost: 0, partial: 0, inFlight: 0, stored: 0, others: 0, tornOther: 0 };
      for (let k = 1; k <= kills; k++) {
        const database: DatabaseConfig =
          engine === 'sqlite'
            ? { kind: 'embedded', dir: join(scratch, `sqlite-${k}`) }
            : { kind: 'postgres', url: await postgres!.createDatabase(`crash_${k}`) };
        const killAt = Math.round(burst * (0.1 + 0.8 * rng()));
        const started = Date.now();
        const b = await burstThenKill(database, template, burst, killAt);
        const seconds = (Date.now() - started) / 1000;
        const t = await verify(database, checked.report.domain, b);
        const integrity = database.kind === 'embedded' ? `, integrity_check ${await sqliteIntegrity(database.dir)}` : '';
        console.log(
          `${engine} kill ${k}: SIGKILL after ${b.acknowledged.size} acknowledged (${seconds.toFixed(1)} s, ${t.inFlight} in flight): acknowledged ${t.acknowledged} / present ${t.present} / lost ${t.lost} / partial ${t.partial}; stored in all ${t.stored} (${t.others} of the in-flight writes committed), unreadable others ${t.tornOther}${integrity}`,
        );
        if (integrity && !integrity.endsWith(' ok')) bad++;
        for (const key of Object.keys(total) as (keyof Tally)[]) total[key] += t[key];
        if (database.kind === 'embedded') rmSync(database.dir, { recursive: true, force: true });
      }
      console.log(
        `${engine} total: ${kills} kills: acknowledged ${total.acknowledged} / present ${total.present} / lost ${total.lost} / partial ${total.partial} (unreadable others ${total.tornOther})`,
      );
      bad += total.lost + total.partial + total.tornOther;
    }
  } finally {
    await postgres?.stop();
    rmSync(scratch, { recursive: true, force: true });
  }
  return bad === 0 ? 0 : 1;
}
