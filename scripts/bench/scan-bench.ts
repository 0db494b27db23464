// npm run bench -- scan [--names N] [--rtt MS] [--concurrency N] [--workers 1,2] — how fast
// `npm run worker` processes get through a scan, and what each weighs. For each worker count: a
// fresh database on a throwaway PostgreSQL (scripts/pg/start-postgres.ts), that many workers
// started (the real command, scripts/worker/worker.mjs) over the lab's synthetic registry
// (ZONECUT_LAB_REGISTRY=N) with every lab server and the lab resolver a simulated round trip away
// (ZONECUT_LAB_RTT_MS, 40 ms by default), then a scan of its N children (1,000 by default) sent,
// timed from the send until every name has its result. names/s = N / that time; peak RSS = each
// worker's VmHWM (/proc) at the end. A benchmark, not a test: it prints figures and exits 0.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { createPgBossQueue } from '@/lib/jobs/pg-boss-queue';
import { registryChildName } from '@/lib/lab/registry';
import { parseScanNames } from '@/lib/scans/parse-scan-names';
import { startScan } from '@/lib/scans/scan-job';
import { getScanProgress } from '@/lib/scans/scan-store';
import { openDatabase, setDb } from '@/lib/store/get-store';
import { startPostgres } from '@/scripts/pg/start-postgres';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

function option(args: readonly string[], name: string, fallback: string): string {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] !== undefined ? args[i + 1]! : fallback;
}

/** Peak resident set of a process and its descendants' largest (the wrapper's child is the worker). */
function peakRssMb(pid: number): number {
  const hwm = (p: number): number => {
    try {
      const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${p}/status`, 'utf8'));
      return m ? Number(m[1]) / 1024 : 0;
    } catch {
      return 0;
    }
  };
  let children: number[] = [];
  try {
    children = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    /* no children */
  }
  return Math.max(hwm(pid), ...children.map(hwm));
}

function startWorker(env: Record<string, string>): { child: ChildProcess; ready: Promise<void>; exit: Promise<void> } {
  const child = spawn(process.execPath, ['scripts/worker/worker.mjs'], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/tmp', NODE_ENV: 'production', ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const ready = new Promise<void>((resolve) => child.stdout!.on('data', (d: Buffer) => d.toString().includes('working jobs') && resolve()));
  const exit = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return { child, ready, exit };
}

export async function main(args: readonly string[]): Promise<number> {
  const names = Number(option(args, 'names', '1000'));
  const rtt = Number(option(args, 'rtt', '40'));
  const concurrency = Number(option(args, 'concurrency', '8'));
  const counts = option(args, 'workers', '1,2').split(',').map(Number);
  const postgres = await startPostgres();
  console.log(
    `zonecut scan benchmark: ${names} names of the lab's registry, ${rtt} ms simulated RTT, ${concurrency} jobs at once per worker, PostgreSQL + pg-boss`,
  );
  try {
    for (const count of counts) {
      const url = await postgres.createDatabase(`bench_${count}_${Date.now() % 100000}`);
      const db = await openDatabase({ kind: 'postgres', url });
      setDb(db);
      const queue = await createPgBossQueue(url, { log: () => undefined });
      const env = { DATABASE_URL: url, ZONECUT_LAB_REGISTRY: String(names), ZONECUT_LAB_RTT_MS: String(rtt), ZONECUT_JOB_CONCURRENCY: String(concurrency) };
      const workers = Array.from({ length: count }, () => startWorker(env));
      await Promise.all(workers.map((w) => w.ready));
      const parsed = parseScanNames(Array.from({ length: names }, (_, i) => registryChildName(i + 1)).join('\n'));
      if (!parsed.ok) throw new Error(parsed.message);
      const started = performance.now();
      const id = await startScan(queue, parsed.value);
      for (;;) {
        const p = await getScanProgress(db, id);
        if (p?.finished) break;
        await sleep(100);
      }
      const seconds = (performance.now() - started) / 1000;
      const rss = workers.map((w) => peakRssMb(w.child.pid!));
      console.log(
        `${count} worker${count === 1 ? ' ' : 's'}: ${(names / seconds).toFixed(1)} names/s (${names} in ${seconds.toFixed(1)} s); peak RSS per worker ${rss.map((r) => `${r.toFixed(0)} MB`).join(', ')}`,
      );
      for (const w of workers) w.child.kill('SIGTERM');
      await Promise.all(workers.map((w) => w.exit));
      await queue.stop(0);
      setDb(null);
      await db.close();
    }
  } finally {
    await postgres.stop();
  }
  return 0;
}
