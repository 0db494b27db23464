import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_RESPONSE_BYTES, postWebhook } from '@/lib/watch/post-webhook';
import { parseWebhookUrl } from '@/lib/watch/webhook-target';

interface Received {
  path: string;
  host: string | undefined;
  headers: IncomingMessage['headers'];
  body: string;
}

const received: Received[] = [];
let reply: (res: ServerResponse) => void = (res) => res.end('ok');
let server: Server;
let port: number;

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ path: req.url ?? '', host: req.headers.host, headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      reply(res);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

function target(url: string) {
  const t = parseWebhookUrl(url);
  if (!t.ok) throw new Error(t.message);
  return t.target;
}

describe('postWebhook to a loopback receiver', () => {
  it('POSTs the body to the checked address with the URL host in Host', async () => {
    received.length = 0;
    reply = (res) => res.writeHead(204).end();
    // The name is never looked up: the address is the one handed in.
    const r = await postWebhook({
      target: target(`http://hooks.example.com:${port}/in?x=1`),
      address: '127.0.0.1',
      body: '{"a":1}',
      headers: { 'x-test': 'y' },
    });
    expect(r).toEqual({ ok: true, status: 204 });
    expect(received).toHaveLength(1);
    expect(received[0]).toMatchObject({ path: '/in?x=1', host: `hooks.example.com:${port}`, body: '{"a":1}' });
    expect(received[0]?.headers['content-type']).toBe('application/json');
    expect(received[0]?.headers['x-test']).toBe('y');
  });

  it('does not follow a redirect', async () => {
    received.length = 0;
    reply = (res) => res.writeHead(302, { location: `http://127.0.0.1:${port}/elsewhere` }).end();
    const r = await postWebhook({ target: target(`http://127.0.0.1:${port}/in`), address: '127.0.0.1', body: '{}', headers: {} });
    expect(r).toEqual({ ok: false, status: 302, error: 'redirect not followed' });
    expect(received.map((x) => x.path)).toEqual(['/in']);
  });

  it('an error status fails the attempt', async () => {
    reply = (res) => res.writeHead(500).end('x'.repeat(1_000_000));
    expect(await postWebhook({ target: target(`http://127.0.0.1:${port}/`), address: '127.0.0.1', body: '{}', headers: {} })).toEqual({
      ok: false,
      status: 500,
      error: 'HTTP 500',
    });
  });

  it('an answer that never ends is read no further than MAX_RESPONSE_BYTES: the attempt ends long before its timeout', async () => {
    let sent = 0;
    reply = (res) => {
      res.writeHead(200);
      const chunk = 'x'.repeat(4096);
      const timer = setInterval(() => {
        sent += chunk.length;
        res.write(chunk);
      }, 5);
      res.on('close', () => clearInterval(timer));
    };
    const r = await postWebhook({ target: target(`http://127.0.0.1:${port}/`), address: '127.0.0.1', body: '{}', headers: {}, timeoutMs: 20_000 });
    expect(r).toEqual({ ok: true, status: 200 });
    // Without the cap it would read on until the 20 s timeout and fail the attempt with it.
    expect(sent).toBeLessThan(MAX_RESPONSE_BYTES * 8);
  });

  it('a receiver that never answers: the attempt ends with an error', async () => {
    reply = () => undefined; // holds the request open
    const r = await postWebhook({ target: target(`http://127.0.0.1:${port}/`), address: '127.0.0.1', body: '{}', headers: {}, timeoutMs: 300 });
    expect(r).toMatchObject({ ok: false, status: null, error: 'no answer within 300 ms' });
    server.closeAllConnections();
  });

  it('nothing listening: an error, not a throw', async () => {
    const r = await postWebhook({ target: target('http://127.0.0.1:1/'), address: '127.0.0.1', body: '{}', headers: {} });
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error).toMatch(/ECONNREFUSED/);
  });
});
