// `npm run bench -- badge [--connections 50] [--seconds 10] [--port 3917] [--no-build]`: how fast the
// app serves a badge from a stored status, beside the same server's 404 page, in one run. Builds
// when the build is not current (scripts/start.mjs; --no-build: serve .next as it is), starts the
// server `npm start` runs (scripts/serve.mjs) on 127.0.0.1 only, with a fresh embedded database
// and the lab, stores one report of healthy.test (the first badge request checks it), then
// drives each URL with `connections` keep-alive connections, each sending its next request as
// soon as the last is answered: first a warm-up, then the badge and the 404 page in turn, twice
// each, for `seconds` in all per URL. Prints requests a second and the 99th-percentile latency of
// each, and the badge's rate as a share of the 404 page's (goal ≥ 0.7, badge p99 < 50 ms).
// A benchmark, not a test: it prints figures and exits 0 whatever they are (1 when it cannot run).
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';

const HOST = '127.0.0.1';

function option(args: readonly string[], name: string, fallback: number): number {
  const i = args.indexOf(`--${name}`);
  const value = i >= 0 ? Number(args[i + 1]) : fallback;
  if (!Number.isFinite(value) || value <= 0) throw new Error(`--${name} takes a positive number`);
  return value;
}

interface Load {
  requests: number;
  seconds: number;
  latencies: number[];
  statuses: Map<number, number>;
}

/** `connections` loops on keep-alive sockets, each asking `url` again as soon as it is answered. */
async function drive(port: number, urlPath: string, connections: number, ms: number): Promise<Load> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
  const latencies: number[] = [];
  const statuses = new Map<number, number>();
  const started = performance.now();
  const until = started + ms;
  const one = () =>
    new Promise<void>((resolve, reject) => {
      const t0 = performance.now();
      const req = http.get({ host: HOST, port, path: urlPath, agent }, (res) => {
        res.on('data', () => {});
        res.on('end', () => {
          latencies.push(performance.now() - t0);
          statuses.set(res.statusCode ?? 0, (statuses.get(res.statusCode ?? 0) ?? 0) + 1);
          resolve();
        });
        res.on('error', reject);
      });
      req.on('error', reject);
    });
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (performance.now() < until) await one();
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  agent.destroy();
  return { requests: latencies.length, seconds, latencies, statuses };
}

function merge(a: Load, b: Load): Load {
  const statuses = new Map(a.statuses);
  for (const [k, v] of b.statuses) statuses.set(k, (statuses.get(k) ?? 0) + v);
  return { requests: a.requests + b.requests, seconds: a.seconds + b.seconds, latencies: [...a.latencies, ...b.latencies], statuses };
}

function p99(values: number[]): number {
  const sorted = [...values].sort((x, y) => x - y);
  return sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * 0.99) - 1)] ?? NaN;
}

async function get(port: number, urlPath: string): Promise<{ status: number; headers: http.IncomingHttpHeaders }> {
  return new Promise((resolve, reject) => {
    http
      .get({ host: HOST, port, path: urlPath }, (res) => {
        res.resume();
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers }));
      })
      .on('error', reject);
  });
}

async function waitForServer(port: number, child: ChildProcess, ms: number): Promise<void> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (child.exitCode !== null) throw new Error(`the server exited (${child.exitCode})`);
    try {
      await get(port, '/');
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  throw new Error(`the server did not answer on ${HOST}:${port} within ${ms / 1000} s`);
}

export async function main(args: readonly string[]): Promise<number> {
  const connections = Math.round(option(args, 'connections', 50));
  const seconds = option(args, 'seconds', 10);
  const port = Math.round(option(args, 'port', 3917));
  const root = path.resolve(__dirname, '..', '..');

  if (args.includes('--no-build')) {
    if (!existsSync(path.join(root, '.next', 'BUILD_ID'))) throw new Error('--no-build, and there is no build in .next');
  } else {
    // @ts-expect-error -- a plain ES module without types: ensureBuild() builds when the sources changed.
    const { ensureBuild } = (await import('../start.mjs')) as { ensureBuild: (o?: { quiet?: boolean }) => void };
    ensureBuild();
  }

  const data = mkdtempSync(path.join(tmpdir(), 'zonecut-badge-bench-'));
  const child = spawn(process.execPath, [path.join(root, 'scripts', 'serve.mjs'), '--host', HOST], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, PORT: String(port), NEXT_TELEMETRY_DISABLED: '1', DATABASE_URL: data, ZONECUT_LAB: 'on', REDIS_URL: '' },
  });
  try {
    await waitForServer(port, child, 60_000);
    const badge = '/badge/healthy.test.svg';
    const notFound = '/no-such-page';
    // The first request checks healthy.test (in the lab) and stores it; then it is a stored status.
    let source = '';
    for (let i = 0; i < 20 && source !== 'stored'; i++) {
      source = String((await get(port, badge)).headers['x-zonecut-badge-source'] ?? '');
      if (source !== 'stored') await new Promise((r) => setTimeout(r, 500));
    }
    if (source !== 'stored') throw new Error(`the badge never came from a stored report (source: ${source || 'none'})`);
    if ((await get(port, notFound)).status !== 404) throw new Error(`${notFound} is not a 404`);

    const half = (seconds * 1000) / 2;
    await drive(port, badge, connections, 1500);
    await drive(port, notFound, connections, 1500);
    let b = await drive(port, badge, connections, half);
    let n = await drive(port, notFound, connections, half);
    b = merge(b, await drive(port, badge, connections, half));
    n = merge(n, await drive(port, notFound, connections, half));

    const row = (name: string, l: Load) => {
      const codes = [...l.statuses].map(([k, v]) => `${k}×${v}`).join(' ');
      return `${name.padEnd(24)} ${(l.requests / l.seconds).toFixed(0).padStart(8)} ${p99(l.latencies).toFixed(1).padStart(9)}   ${codes}`;
    };
    const ratio = b.requests / b.seconds / (n.requests / n.seconds);
    console.log(`zonecut badge benchmark: npm start's server on ${HOST}:${port}, ${connections} connections, ${seconds} s per URL (two turns each)\n`);
    console.log(`${'url'.padEnd(24)} ${'req/s'.padStart(8)} ${'p99 ms'.padStart(9)}   statuses`);
    console.log(row(`${badge} (stored)`, b));
    console.log(row(`${notFound} (404)`, n));
    const p = p99(b.latencies);
    console.log(
      `\nbadge / 404 rate: ${ratio.toFixed(2)} (goal ≥ 0.70) — ${ratio >= 0.7 ? 'met' : 'not met'}; badge p99 ${p.toFixed(1)} ms (goal < 50) — ${p < 50 ? 'met' : 'not met'}`,
    );
    return 0;
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => (child.exitCode !== null ? r(null) : child.once('exit', r)));
    rmSync(data, { recursive: true, force: true });
  }
}
