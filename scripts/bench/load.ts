// npm run bench -- load [--clients N] [--duration S] [--port P] — many
// clients at once against a production server of the lab. Builds when the build is not current
// (scripts/start.mjs), then runs the server `npm start` runs (scripts/serve.mjs) on 127.0.0.1 with the production defaults (every
// limit as shipped), the lab on, and the network pointed at loopback nothing
// (ZONECUT_ROOT_HINTS=127.0.0.1:9, a DoH URL on 127.0.0.1:9): only `.test` names are asked, which
// the lab answers in the server's memory. The embedded store lives in a fresh temporary
// directory. One check runs before the clock starts (its time is
// printed). The server keeps idle connections 65 s (serve.mjs): with Node's 5 s default, an event
// loop held longer than that let the idle timeout fire before a request already sent on a
// kept-alive connection was read, and the client saw ECONNRESET ("no answer" below). In the lab a check never waits on a socket (the simulated
// servers answer in the same process), so it holds the event loop for its whole CPU time: checks
// run one after another, the concurrent-check cap (503) is hardly reached, and the figures are
// the server's CPU throughput for checks, not its behaviour with checks waiting on the network.
// --clients (default 200) clients, each as fast as it can for --duration seconds (default 60),
// each its own user behind one reverse proxy (X-Forwarded-For: 10.x.y.z, the entry the server takes
// as the client by default), each request drawn from the mix: 40% a check of a lab scenario
// (GET /api/check), 30% a badge (/badge/<zone>.svg or /api/badge/<zone>), 30% a stored report
// read (/api/reports/<id> or the page /r/<id>, ids from earlier checks; a badge while none is known).
// Prints: requests by status, 5xx (must be 0), 429 and 503 (the limits refusing, with Retry-After),
// failures without a status (timeouts, resets), p50/p99/max latency overall and by kind (a
// check, badge or report read answered; a request refused with 429 or 503),
// requests/s, and the server's peak memory: the sum of VmHWM (each process's peak RSS) over the
// server's process tree, and the largest sum of VmRSS seen while sampling every 250 ms. The load
// generator runs on the same machine: note the load average (printed) with the figures.
// Exit status 1 when there was a 5xx other than the limits' 503, or a request got no answer.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { LAB_SCENARIOS } from '@/lib/lab/manifest';
import { seededRandom } from '@/scripts/bench/fuzz-packets';
import { numberOption } from '@/scripts/bench/options';
import { summarize } from '@/scripts/bench/stats';
import { freePort } from '../free-port';

const root = fileURLToPath(new URL('../..', import.meta.url));
const REQUEST_TIMEOUT_MS = 60_000;

type Kind = 'check' | 'badge' | 'report' | 'refused';

/** Every process in the tree under `pid`, itself included (from /proc/<pid>/stat's ppid). */
function processTree(pid: number): number[] {
  const children = new Map<number, number[]>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(name)]);
    } catch {
      /* gone */
    }
  }
  const tree: number[] = [];
  const walk = (p: number) => {
    tree.push(p);
    for (const c of children.get(p) ?? []) walk(c);
  };
  walk(pid);
  return tree;
}

/** kB from a /proc/<pid>/status field, summed over the tree. */
function treeKb(pid: number, field: 'VmHWM' | 'VmRSS'): number {
  let kb = 0;
  for (const p of processTree(pid)) {
    try {
      const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${p}/status`, 'utf8'));
      if (m) kb += Number(m[1]);
    } catch {
      /* gone */
    }
  }
  return kb;
}

export async function main(args: readonly string[]): Promise<number> {
  const clients = numberOption(args, 'clients', 200, { min: 1 });
  const duration = numberOption(args, 'duration', 60, { min: 1 });
  const port = numberOption(args, 'port', 0) || (await freePort());
  const base = `http://127.0.0.1:${port}`;

  const build = spawnSync(process.execPath, ['--input-type=module', '-e', "const { ensureBuild } = await import('./scripts/start.mjs'); ensureBuild();"], {
    cwd: root,
    stdio: 'inherit',
  });
  if (build.status !== 0) throw new Error('the build failed');

  const data = mkdtempSync(join(tmpdir(), 'zonecut-load-bench-'));
  const server = spawn(process.execPath, [join(root, 'scripts', 'serve.mjs'), '--host', '127.0.0.1'], {
    cwd: root,
    detached: true, // its own process group: stopped whole at the end
    stdio: ['ignore', 'ignore', 'pipe'],
    env: {
      PATH: process.env.PATH,
      NODE_ENV: 'production',
      NEXT_TELEMETRY_DISABLED: '1',
      ZONECUT_LAB: 'on',
      ZONECUT_ROOT_HINTS: '127.0.0.1:9',
      ZONECUT_DOH_URL: 'https://127.0.0.1:9/dns-query',
      DATABASE_URL: data,
      PORT: String(port),
    },
  });
  let serverErr = '';
  server.stderr.on('data', (d: Buffer) => (serverErr = (serverErr + d.toString()).slice(-4000)));
  const stop = async () => {
    try {
      process.kill(-server.pid!, 'SIGTERM');
      await sleep(1000);
      process.kill(-server.pid!, 'SIGKILL');
    } catch {
      /* gone */
    }
    rmSync(data, { recursive: true, force: true });
  };

  try {
    for (let deadline = Date.now() + 60_000; ; await sleep(250)) {
      if (server.exitCode !== null) throw new Error(`the server exited (${server.exitCode}):\n${serverErr}`);
      if (Date.now() > deadline) throw new Error(`the server did not answer within 60 s:\n${serverErr}`);
      try {
        if ((await fetch(`${base}/api/badge/healthy.test`)).status < 500) break;
      } catch {
        /* not listening yet */
      }
    }

    // One check before the clock, so the first requests do not also pay for the server's first check.
    const warm = performance.now();
    const first = await fetch(`${base}/api/check?domain=healthy.test`, { headers: { 'x-forwarded-for': '10.255.255.255' } });
    await first.arrayBuffer();
    console.log(`load: warm-up check of healthy.test: ${first.status} in ${((performance.now() - warm) / 1000).toFixed(1)} s`);

    const zones = LAB_SCENARIOS.map((s) => (s.check ?? s.zone).replace(/\.$/, ''));
    const reportIds: string[] = [];
    const byStatus = new Map<string, number>();
    const latency: Record<Kind, number[]> = { check: [], badge: [], report: [], refused: [] };
    let failures = 0;
    const failureKinds = new Map<string, number>();
    let peakRssKb = 0;
    const load0 = loadavg();
    console.log(
      `load: ${clients} clients for ${duration} s against ${base} (serve.mjs, lab on, production limits); load average before ${load0.map((l) => l.toFixed(2)).join(' ')}`,
    );

    const sampler = setInterval(() => (peakRssKb = Math.max(peakRssKb, treeKb(server.pid!, 'VmRSS'))), 250);
    const started = performance.now();
    const end = started + duration * 1000;

    const client = async (c: number) => {
      const rng = seededRandom(c + 1);
      const forwardedFor = `10.${(c >> 16) & 255}.${(c >> 8) & 255}.${c & 255}`;
      while (performance.now() < end) {
        const r = rng();
        const zone = zones[Math.floor(rng() * zones.length)]!;
        let kind: Kind;
        let path: string;
        if (r < 0.3 && reportIds.length > 0) {
          kind = 'report';
          const id = reportIds[Math.floor(rng() * reportIds.length)]!;
          path = rng() < 0.5 ? `/api/reports/${id}` : `/r/${id}`;
        } else if (r < 0.6) {
          kind = 'badge';
          path = rng() < 0.5 ? `/badge/${zone}.svg` : `/api/badge/${zone}`;
        } else {
          kind = 'check';
          path = `/api/check?domain=${encodeURIComponent(zone)}`;
        }
        const t = performance.now();
        try {
          const res = await fetch(base + path, { headers: { 'x-forwarded-for': forwardedFor }, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
          await res.arrayBuffer();
          latency[res.status === 429 || res.status === 503 ? 'refused' : kind].push(performance.now() - t);
          byStatus.set(String(res.status), (byStatus.get(String(res.status)) ?? 0) + 1);
          const id = res.headers.get('x-zonecut-report');
          if (id && reportIds.length < 10_000) reportIds.push(id);
        } catch (err) {
          failures++;
          const what = err instanceof Error ? (err.cause instanceof Error ? `${err.name}: ${err.cause.message}` : `${err.name}: ${err.message}`) : String(err);
          const name = `${kind} ${what}`;
          failureKinds.set(name, (failureKinds.get(name) ?? 0) + 1);
        }
      }
    };
    await Promise.all(Array.from({ length: clients }, (_, c) => client(c)));
    const seconds = (performance.now() - started) / 1000;
    clearInterval(sampler);
    const hwmKb = treeKb(server.pid!, 'VmHWM');
    const tree = processTree(server.pid!).length;

    const count = (pred: (status: number) => boolean) => [...byStatus].filter(([s]) => pred(Number(s))).reduce((n, [, k]) => n + k, 0);
    const all = [...latency.check, ...latency.badge, ...latency.report, ...latency.refused];
    const fmt = (ms: number) => (Number.isNaN(ms) ? '-' : `${ms.toFixed(ms < 10 ? 1 : 0)} ms`);
    const line = (label: string, values: number[]) => {
      const s = summarize(values);
      return `${label.padEnd(8)} ${String(s.count).padStart(7)} requests  p50 ${fmt(s.p50)}  p99 ${fmt(s.p99)}  max ${fmt(s.max)}`;
    };
    const total = all.length + failures;
    console.log(`requests: ${total} in ${seconds.toFixed(1)} s = ${(total / seconds).toFixed(1)} requests/s`);
    console.log(
      `status:   ${[...byStatus]
        .sort()
        .map(([s, n]) => `${s}×${n}`)
        .join('  ')}`,
    );
    console.log(
      `5xx:      ${count((s) => s >= 500)}  (503 from the limits: ${count((s) => s === 503)}; any other 5xx: ${count((s) => s >= 500 && s !== 503)})`,
    );
    console.log(`429:      ${count((s) => s === 429)}`);
    console.log(`503:      ${count((s) => s === 503)}`);
    console.log(`no answer: ${failures}${failures ? ` (${[...failureKinds].map(([k, n]) => `${k} ×${n}`).join('; ')})` : ''}`);
    console.log(line('all', all));
    console.log(line('check', latency.check));
    console.log(line('badge', latency.badge));
    console.log(line('report', latency.report));
    console.log(line('refused', latency.refused));
    console.log(
      `server RSS: peak ${(hwmKb / 1024).toFixed(0)} MB (sum of VmHWM over ${tree} process${tree === 1 ? '' : 'es'}); largest sampled sum of VmRSS ${(peakRssKb / 1024).toFixed(0)} MB`,
    );
    console.log(
      `load average after: ${loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}`,
    );
    const fiveHundreds = count((s) => s >= 500 && s !== 503);
    return fiveHundreds === 0 && failures === 0 ? 0 : 1;
  } finally {
    await stop();
  }
}
