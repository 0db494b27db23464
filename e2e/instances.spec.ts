// Two instances of the built app (scripts/start.mjs, as the e2e stage runs it) on one PostgreSQL
// and one Redis, both started on loopback for this file: what README's "Several instances"
// promises. A client's checks are counted across both instances, and two badge requests for one
// domain, one to each instance at the same moment, run one check between them. A third instance
// whose REDIS_URL answers nothing must refuse to start, saying so. No browser.
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { startPostgres, type PostgresServer } from '../scripts/pg/start-postgres';
import { startRedis, type RedisServer } from '../scripts/redis/start-redis';
import { freePort } from '../scripts/free-port';

const ROOT = join(__dirname, '..');

interface Instance {
  base: string;
  process: ChildProcess;
  output: () => string;
}

async function launch(env: Record<string, string>): Promise<Instance> {
  const port = await freePort();
  let output = '';
  const child = spawn(process.execPath, [join(ROOT, 'scripts', 'start.mjs')], {
    cwd: ROOT,
    detached: true, // its own process group: start.mjs and what it spawns (a build) end together
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, PORT: String(port), ZONECUT_LAB: 'on', NEXT_TELEMETRY_DISABLED: '1', ...env },
  });
  for (const stream of [child.stdout, child.stderr]) stream?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return { base: `http://127.0.0.1:${port}`, process: child, output: () => output };
}

const exited = (p: ChildProcess) => p.exitCode !== null || p.signalCode !== null;

async function waitUntilServing(instance: Instance): Promise<void> {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    if (exited(instance.process)) throw new Error(`the server exited before serving:\n${instance.output()}`);
    if (
      await fetch(`${instance.base}/`).then(
        (r) => r.ok,
        () => false,
      )
    )
      return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${instance.base} did not serve within 120 s:\n${instance.output()}`);
}

async function stop(instance: Instance | undefined): Promise<void> {
  if (!instance?.process.pid || exited(instance.process)) return;
  const gone = new Promise((resolve) => instance.process.once('exit', resolve));
  process.kill(-instance.process.pid, 'SIGTERM');
  await gone;
}

test.describe.configure({ mode: 'serial' });

let redis: RedisServer | undefined;
let postgres: PostgresServer | undefined;
let a: Instance | undefined;
let b: Instance | undefined;

test.beforeAll(async () => {
  test.setTimeout(180_000);
  [redis, postgres] = await Promise.all([startRedis(), startPostgres()]);
  const env = { REDIS_URL: redis.url, DATABASE_URL: await postgres.createDatabase('instances'), ZONECUT_CHECKS_PER_MINUTE: '10' };
  [a, b] = await Promise.all([launch(env), launch(env)]);
  await Promise.all([waitUntilServing(a), waitUntilServing(b)]);
});

test.afterAll(async () => {
  await Promise.all([stop(a), stop(b)]);
  await Promise.all([redis?.stop(), postgres?.stop()]);
});

test("a client's 11th check across both instances gets 429", async () => {
  // The live page's stream answers as soon as the check is admitted (its token taken), so ten of
  // them take seconds less than the 6 s a token takes to come back at 10 a minute.
  const headers = { 'x-forwarded-for': '192.0.2.10' };
  const started = await Promise.all(Array.from({ length: 10 }, (_, i) => fetch(`${(i % 2 ? b! : a!).base}/api/check/stream?domain=healthy.test`, { headers })));
  const refused = await Promise.all([a!, b!].map((instance) => fetch(`${instance.base}/api/check?domain=healthy.test`, { headers })));
  await Promise.all(started.map((r) => r.body?.cancel()));
  expect(started.map((r) => r.status)).toEqual(Array(10).fill(200));
  for (const response of refused) {
    expect(response.status).toBe(429);
    expect(Number(response.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
  }
  // Another client still has its own ten.
  expect((await fetch(`${b!.base}/api/check?domain=healthy.test`, { headers: { 'x-forwarded-for': '192.0.2.11' } })).status).toBe(200);
});

test('two badge requests for one domain, one to each instance at once, start one check', async () => {
  const domain = 'lame.test';
  const [onA, onB] = await Promise.all(
    [a!, b!].map((instance, i) => fetch(`${instance.base}/api/badge/${domain}`, { headers: { 'x-forwarded-for': `192.0.2.${20 + i}` } })),
  );
  expect([onA!.status, onB!.status]).toEqual([200, 200]);
  // Every check a badge starts is stored, also one that outlives the badge's 3 s wait: once the
  // first report is in, give a second check (were there one) time to land too.
  const reports = async () => ((await (await fetch(`${a!.base}/api/domains/${domain}/reports`)).json()) as { reports: { id: string }[] }).reports;
  await expect.poll(async () => (await reports()).length, { timeout: 20_000 }).toBeGreaterThan(0);
  await new Promise((resolve) => setTimeout(resolve, 1000));
  const ids = (await reports()).map((r) => r.id);
  expect(ids).toHaveLength(1);
  // Normally (a lab check takes well under the 3 s wait) both show that check's report: one
  // instance ran it, the other read it from the store. Under load, one may fall back to no status.
  const shown = [onA!, onB!].map((r) => `${r.headers.get('x-zonecut-badge-source')} ${r.headers.get('x-zonecut-report') ?? ''}`.trim());
  for (const answer of shown) expect([`checked ${ids[0]}`, 'none']).toContain(answer);
});

test('an instance whose REDIS_URL answers nothing refuses to start, and says why', async () => {
  test.setTimeout(90_000);
  const port = await freePort(); // nothing listens there
  const dead = await launch({ REDIS_URL: `redis://127.0.0.1:${port}`, DATABASE_URL: await postgres!.createDatabase('dead_redis') });
  try {
    const code = await new Promise<number | null>((resolve) => dead.process.once('exit', (c) => resolve(c)));
    expect(code).not.toBe(0);
    expect(dead.output()).toContain(`REDIS_URL is set but Redis at 127.0.0.1:${port} does not answer`);
  } finally {
    await stop(dead);
  }
});
