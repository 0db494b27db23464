// One webhook delivery attempt at a time, as the queue's retries make them: logged, signed, and the
// event's delivery state moved on; the address policy applies at every attempt.
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCidr } from '@/lib/domain/ip-literal';
import { createAddressPolicy } from '@/lib/guard/address-policy';
import { openDatabase } from '@/lib/store/get-store';
import type { SqlDb } from '@/lib/store/sql-db';
import { DeliveryFailed, deliverEvent, type DeliverDeps } from '@/lib/watch/deliver-event';
import { createWatchStore, type WatchEvent, type WatchStore } from '@/lib/watch/watch-store';
import { verifyWebhookSignature } from '@/lib/watch/webhook-signature';

const dir = mkdtempSync(join(tmpdir(), 'zonecut-deliver-'));
let db: SqlDb;
let store: WatchStore;
let server: Server;
let port: number;
const statuses: number[] = [];
const received: { headers: IncomingHttpHeaders; body: string }[] = [];

beforeAll(async () => {
  db = await openDatabase({ kind: 'embedded', dir });
  store = createWatchStore(db);
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      res.writeHead(statuses.shift() ?? 200).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  port = (server.address() as AddressInfo).port;
});
afterAll(async () => {
  await new Promise<void>((r) => server.close(() => r()));
  await db.close();
  rmSync(dir, { recursive: true, force: true });
});

const loopbackAllowed: Omit<DeliverDeps, 'store'> = {
  policy: createAddressPolicy([parseCidr('127.0.0.1/32')!]),
  lookup: async () => {
    throw new Error('an IP literal is never looked up');
  },
};

async function eventFor(webhookUrl: string): Promise<{ event: WatchEvent; secret: string }> {
  const { watch, secret } = await store.createWatch({ domain: 'x.test', intervalMinutes: 5, webhookUrl, origin: 'http://z.example' }, 'whsec_deliver');
  await store.recordRun(watch.id, null, { reportId: 'a'.repeat(20), status: 'warning', snapshot: '{}', changes: [] });
  const event = await store.recordRun(watch.id, 'a'.repeat(20), {
    reportId: 'b'.repeat(20),
    status: 'ok',
    snapshot: '{}',
    changes: [{ kind: 'status', before: 'warning', after: 'ok' }],
  });
  return { event: event!, secret: secret! };
}

describe('deliverEvent', () => {
  it('a failed attempt throws (the queue retries) and is logged; the retry delivers', async () => {
    const { event, secret } = await eventFor(`http://127.0.0.1:${port}/in`);
    statuses.push(503);
    received.length = 0;
    await expect(deliverEvent(event.id, 0, 5, { store, ...loopbackAllowed })).rejects.toThrow(DeliveryFailed);
    expect((await store.getEvent(event.id))?.delivery).toBe('pending');
    expect(await deliverEvent(event.id, 1, 5, { store, ...loopbackAllowed })).toEqual({ ok: true, status: 200 });
    expect((await store.getEvent(event.id))?.delivery).toBe('delivered');
    // Delivered: a stray retry sends nothing more.
    expect(await deliverEvent(event.id, 2, 5, { store, ...loopbackAllowed })).toBeNull();
    expect(received).toHaveLength(2);
    expect((await store.listAttempts(event.watchId)).map((a) => [a.attempt, a.ok, a.httpStatus])).toEqual([
      [2, true, 200],
      [1, false, 503],
    ]);
    for (const r of received) {
      expect(
        verifyWebhookSignature(
          secret,
          r.body,
          { timestamp: String(r.headers['x-zonecut-timestamp']), signature: String(r.headers['x-zonecut-signature']) },
          new Date(),
        ),
      ).toBe(true);
    }
  });

  it('the last retry failing marks the delivery failed', async () => {
    const { event } = await eventFor(`http://127.0.0.1:${port}/in`);
    statuses.push(500);
    await expect(deliverEvent(event.id, 5, 5, { store, ...loopbackAllowed })).rejects.toThrow(/attempt 1: HTTP 500/);
    expect((await store.getEvent(event.id))?.delivery).toBe('failed');
  });

  it('a delivery queued again (its job was lost) goes on numbering its attempts: none is dropped from the log', async () => {
    const { event } = await eventFor(`http://127.0.0.1:${port}/in`);
    statuses.push(502);
    await expect(deliverEvent(event.id, 0, 5, { store, ...loopbackAllowed })).rejects.toThrow(/attempt 1: HTTP 502/);
    // A new job for the same event starts at retryCount 0 again.
    statuses.push(504);
    await expect(deliverEvent(event.id, 0, 5, { store, ...loopbackAllowed })).rejects.toThrow(/attempt 2: HTTP 504/);
    expect((await store.listAttempts(event.watchId)).map((a) => [a.attempt, a.httpStatus])).toEqual([
      [2, 504],
      [1, 502],
    ]);
  });

  it('an address the policy refuses is never sent to: the attempt is logged as refused', async () => {
    const { event } = await eventFor(`http://127.0.0.1:${port}/in`);
    received.length = 0;
    await expect(deliverEvent(event.id, 0, 5, { store, policy: createAddressPolicy(), lookup: loopbackAllowed.lookup })).rejects.toThrow(/loopback/);
    expect(received).toHaveLength(0);
    const [attempt] = await store.listAttempts(event.watchId);
    expect(attempt).toMatchObject({ ok: false, httpStatus: null });
    expect(attempt?.error).toMatch(/ZONECUT_ALLOW_TARGETS/);
  });

  it('a webhook removed since the event: nothing to deliver', async () => {
    const { event } = await eventFor(`http://127.0.0.1:${port}/in`);
    await store.updateWatch(event.watchId, { webhookUrl: null }, null);
    received.length = 0;
    expect(await deliverEvent(event.id, 0, 5, { store, ...loopbackAllowed })).toBeNull();
    expect(received).toHaveLength(0);
    // Never offered again, nor sent to a webhook set later.
    expect((await store.getEvent(event.id))?.delivery).toBe('none');
    expect(await store.undeliveredEvents(new Date(Date.now() + 60_000), 1000)).not.toContain(event.id);
  });

  it('removing the webhook takes the waiting events out of delivery at once', async () => {
    const { event } = await eventFor(`http://127.0.0.1:${port}/in`);
    expect((await store.getEvent(event.id))?.delivery).toBe('pending');
    await store.updateWatch(event.watchId, { webhookUrl: null }, null);
    expect((await store.getEvent(event.id))?.delivery).toBe('none');
  });
});
