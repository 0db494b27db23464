// The test: a watch on csync-pending.test fires exactly one event and one signed webhook
// (to a loopback receiver this test owns) when the lab's parent applies the zone's CSYNC. The whole
// path is real: the job queue (in-process on SQLite; pg-boss on a real PostgreSQL), the handlers
// as the app registers them, the lab check stored as a report, the HTTP request.
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getConfig, type Config } from '@/lib/config';
import { parseCidr } from '@/lib/domain/ip-literal';
import { registerJobHandlers } from '@/lib/jobs/handlers';
import { createInProcessQueue } from '@/lib/jobs/in-process-queue';
import type { JobQueue } from '@/lib/jobs/job-queue';
import { createPgBossQueue } from '@/lib/jobs/pg-boss-queue';
import { setLabSwitch } from '@/lib/lab/lab-switches';
import { resetLabWiring } from '@/lib/run-check';
import { createSqlStore } from '@/lib/store/create-sql-store';
import { openDatabase, setDb, setStore } from '@/lib/store/get-store';
import type { SqlDb } from '@/lib/store/sql-db';
import { createWatch, runWatchNow } from '@/lib/watch/manage-watch';
import { stopWatchScheduler } from '@/lib/watch/watch-jobs';
import { createWatchStore, type WatchStore } from '@/lib/watch/watch-store';
import type { WebhookPayload } from '@/lib/watch/webhook-payload';
import { verifyWebhookSignature } from '@/lib/watch/webhook-signature';
import { startPostgres, type PostgresServer } from '@/scripts/pg/start-postgres';

const scratch = mkdtempSync(join(tmpdir(), 'zonecut-watch-lab-'));
let postgres: PostgresServer | null = null;

interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}
const received: Received[] = [];
let receiver: Server;
let port: number;

const configCache = globalThis as unknown as { __zonecutConfig?: Config };

beforeAll(async () => {
  postgres = await startPostgres();
  receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ path: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
  port = (receiver.address() as AddressInfo).port;
  // The receiver is on loopback: allowed as an operator would allow a lab (ZONECUT_ALLOW_TARGETS).
  configCache.__zonecutConfig = { ...getConfig(), allowTargets: [parseCidr('127.0.0.0/8')!] };
}, 60_000);

afterAll(async () => {
  configCache.__zonecutConfig = undefined;
  await new Promise<void>((r) => receiver.close(() => r()));
  await postgres?.stop();
  rmSync(scratch, { recursive: true, force: true });
});

const ENGINES = [
  {
    name: 'the embedded SQLite with the in-process queue',
    async open(): Promise<{ db: SqlDb; queue: JobQueue }> {
      const db = await openDatabase({ kind: 'embedded', dir: join(scratch, 'sqlite') });
      return { db, queue: await createInProcessQueue(db, { pollMs: 50, log: () => undefined }) };
    },
  },
  {
    name: 'PostgreSQL with pg-boss',
    async open(): Promise<{ db: SqlDb; queue: JobQueue }> {
      const url = await postgres!.createDatabase('zonecut_watch_lab');
      const db = await openDatabase({ kind: 'postgres', url });
      return { db, queue: await createPgBossQueue(url, { pollMs: 50, log: () => undefined }) };
    },
  },
];

async function until(what: string, check: () => Promise<boolean> | boolean, ms = 20_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

describe.each(ENGINES)('a watch of csync-pending.test on $name', (engine) => {
  let db: SqlDb;
  let queue: JobQueue;
  let store: WatchStore;

  beforeAll(async () => {
    ({ db, queue } = await engine.open());
    setDb(db);
    setStore(createSqlStore(db));
    store = createWatchStore(db);
    await registerJobHandlers(queue, { concurrency: 2 });
  }, 60_000);

  afterAll(async () => {
    stopWatchScheduler();
    await queue.stop(0);
    setLabSwitch('csync-pending', 'original');
    resetLabWiring();
    setStore(null);
    setDb(null);
    await db.close();
  });

  it('one event and one signed webhook when the parent applies the CSYNC; none before, none after', async () => {
    received.length = 0;
    setLabSwitch('csync-pending', 'original');
    resetLabWiring();
    const created = await createWatch(
      { domain: 'csync-pending.test', intervalMinutes: 5, webhookUrl: `http://127.0.0.1:${port}/hook?w=1` },
      'http://zonecut.example',
      store,
      queue,
    );
    expect(created.secret).toMatch(/^whsec_/);
    const token = created.manage.split('/').pop()!;
    const id = created.watch.id;
    const runs = async () => (await store.getWatch(id))?.runs ?? 0;

    // The first run (queued at creation) is the baseline; a second run with nothing changed is no event.
    await until('the baseline run', async () => (await runs()) === 1);
    expect(await runWatchNow(token, store, queue)).toBe(true);
    await until('the second run', async () => (await runs()) === 2);
    expect(await store.listEvents(id)).toEqual([]);

    // The lab's parent follows the CSYNC: ns2 leaves the delegation, ns3 joins it.
    setLabSwitch('csync-pending', 'applied');
    resetLabWiring();
    expect(await runWatchNow(token, store, queue)).toBe(true);
    await until('the run after the switch', async () => (await runs()) === 3);
    await until('the webhook delivery', async () => (await store.listEvents(id))[0]?.delivery === 'delivered');

    // And once more with nothing new: still one event, one webhook.
    expect(await runWatchNow(token, store, queue)).toBe(true);
    await until('the fourth run', async () => (await runs()) === 4);
    await sleep(300); // room for a wrong second delivery to arrive

    const events = await store.listEvents(id);
    expect(events).toHaveLength(1);
    const [event] = events;
    const kinds = event!.changes.map((c) => c.kind);
    expect(kinds).toEqual(expect.arrayContaining(['parent-ns', 'csync-state', 'findings']));
    expect(event!.changes.find((c) => c.kind === 'parent-ns')).toEqual({
      kind: 'parent-ns',
      added: ['ns3.csync-pending.test.'],
      removed: ['ns2.csync-pending.test.'],
    });

    expect(received).toHaveLength(1);
    const [hook] = received;
    expect(hook!.path).toBe('/hook?w=1');
    expect(hook!.headers['content-type']).toBe('application/json');
    const signed = verifyWebhookSignature(
      created.secret!,
      hook!.body,
      { timestamp: hook!.headers['x-zonecut-timestamp'] as string, signature: hook!.headers['x-zonecut-signature'] as string },
      new Date(),
    );
    expect(signed).toBe(true);
    expect(
      verifyWebhookSignature(
        'whsec_wrong',
        hook!.body,
        { timestamp: hook!.headers['x-zonecut-timestamp'] as string, signature: hook!.headers['x-zonecut-signature'] as string },
        new Date(),
      ),
    ).toBe(false);
    const payload = JSON.parse(hook!.body) as WebhookPayload;
    expect(payload).toMatchObject({
      type: 'watch.changed',
      event: event!.id,
      domain: 'csync-pending.test.',
      watch: { id, feed: `http://zonecut.example/watch/${id}/feed.xml` },
      compare: `http://zonecut.example/r/${event!.reportId}/compare/${event!.previousReportId}`,
    });
    expect(payload.changes).toEqual(event!.changes);
    // Both reports are stored: the event links real permalinks.
    const reports = createSqlStore(db);
    expect((await reports.getReport(event!.reportId))?.domain).toBe('csync-pending.test.');
    expect((await reports.getReport(event!.previousReportId))?.domain).toBe('csync-pending.test.');

    const log = await store.listAttempts(id);
    expect(log.map((a) => [a.attempt, a.ok, a.httpStatus])).toEqual([[1, true, 204]]);
  }, 60_000);
});
