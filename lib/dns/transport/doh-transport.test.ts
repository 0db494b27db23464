import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import tls from 'node:tls';
import dnsPacket from 'dns-packet';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Observation } from '@/lib/dns/capture';
import { parseCidr } from '@/lib/domain/ip-literal';
import { createAddressPolicy } from '@/lib/guard/address-policy';
import { createDohTransport, parseDohUrl, type DohTransport, type DohTransportOptions } from './doh-transport';
import { buildReply, createTestCertificate, dohAnswer, startDohServer, type DohHandler, type DohServer, type TestCertificate } from './test-servers';

const loopback = createAddressPolicy([parseCidr('127.0.0.0/8')!, parseCidr('::1')!]);
const A = { name: 'example.test', type: 'A' };

let cert: TestCertificate;
beforeAll(() => {
  cert = createTestCertificate();
});
afterAll(() => cert.remove());

let servers: DohServer[] = [];
let transports: DohTransport[] = [];
async function server(kind: 'h2' | 'http1' | 'http', handler?: DohHandler, host?: string): Promise<DohServer> {
  const s = await startDohServer({ kind, handler, cert, ...(host ? { host } : {}) });
  servers.push(s);
  return s;
}
function doh(url: string, extra: Partial<DohTransportOptions> = {}): DohTransport {
  const t = createDohTransport({ url, policy: loopback, timeoutMs: 1000, ca: cert.cert, ...extra });
  transports.push(t);
  return t;
}
afterEach(async () => {
  vi.restoreAllMocks();
  for (const t of transports) t.close();
  transports = [];
  await Promise.all(servers.map((s) => s.close()));
  servers = [];
});

const summary = (o: Observation) => o.attempts.map((a) => `${a.reason}:${a.outcome}`);

describe('DoH transport (RFC 8484)', () => {
  it('POSTs application/dns-message over HTTP/2 with id 0 and RD set', async () => {
    const s = await server('h2');
    const t = doh(s.url);
    const o = await t.query(t.server, A);

    expect(o.error).toBeUndefined();
    expect(o.transport).toBe('doh');
    expect(o.server).toEqual({ address: '127.0.0.1', port: Number(new URL(s.url).port), url: s.url });
    expect(o.options.recursionDesired).toBe(true);
    expect(o.attempts).toHaveLength(1);
    expect(o.attempts[0]).toMatchObject({ transport: 'doh', reason: 'initial', outcome: 'response', message: 'HTTP/2 POST 200' });
    expect(o.response?.answer[0]?.data).toBe('192.0.2.1');

    const req = s.requests[0]!;
    expect(req).toMatchObject({ method: 'POST', httpVersion: '2.0', contentType: 'application/dns-message', path: '/dns-query' });
    expect(req.query?.id).toBe(0);
    expect(req.query!.packet.flags! & dnsPacket.RECURSION_DESIRED).toBeTruthy();
  });

  it('reuses one HTTP/2 session for many queries, sequential and parallel', async () => {
    const s = await server('h2');
    const t = doh(s.url);
    for (let i = 0; i < 3; i++) expect((await t.query(t.server, A)).error).toBeUndefined();
    const parallel = await Promise.all(Array.from({ length: 5 }, () => t.query(t.server, A)));
    expect(parallel.every((o) => o.response)).toBe(true);
    expect(s.requests).toHaveLength(8);
    expect(s.connections).toBe(1);
  });

  it('opens a new session after the server sends GOAWAY', async () => {
    const s = await server('h2');
    const t = doh(s.url);
    expect((await t.query(t.server, A)).error).toBeUndefined();
    s.goAwayAll();
    await new Promise((r) => setTimeout(r, 50));
    expect((await t.query(t.server, A)).error).toBeUndefined();
    expect(s.connections).toBe(2);
  });

  it('closes an idle session and opens a new one when needed', async () => {
    const s = await server('h2');
    const t = doh(s.url, { idleMs: 50 });
    expect((await t.query(t.server, A)).error).toBeUndefined();
    await new Promise((r) => setTimeout(r, 200));
    expect((await t.query(t.server, A)).error).toBeUndefined();
    expect(s.connections).toBe(2);
  });

  it('falls back to GET ?dns= (base64url, no padding) when POST gets 405', async () => {
    const s = await server('h2', (req) => (req.method === 'POST' ? { status: 405, contentType: 'text/plain' } : dohAnswer(req)));
    const t = doh(s.url);
    const o = await t.query(t.server, A);
    expect(summary(o)).toEqual(['initial:http-error', 'get-after-post-failure:response']);
    expect(o.attempts[0]?.message).toBe('HTTP 405 (HTTP/2 POST)');
    const get = s.requests[1]!;
    expect(get.method).toBe('GET');
    expect(get.path).toMatch(/^\/dns-query\?dns=[A-Za-z0-9_-]+$/);
    expect(get.query?.name).toMatch(/^example\.test\.?$/);
  });

  it('keeps an endpoint query string when adding dns=', async () => {
    const s = await server('h2', (req) => (req.method === 'POST' ? { status: 415 } : dohAnswer(req)));
    const t = doh(`${s.url}?ct=1`);
    const o = await t.query(t.server, A);
    expect(o.error).toBeUndefined();
    expect(s.requests[1]?.path).toMatch(/^\/dns-query\?ct=1&dns=/);
  });

  it('speaks HTTP/1.1 to a server whose ALPN offers no h2', async () => {
    const s = await server('http1');
    const t = doh(s.url);
    const first = await t.query(t.server, A);
    const second = await t.query(t.server, A);
    expect(first.error).toBeUndefined();
    expect(first.attempts[0]?.message).toBe('HTTP/1.1 POST 200');
    expect(second.response?.answer).toHaveLength(1);
    expect(s.requests.every((r) => r.httpVersion === '1.1')).toBe(true);
  });

  it('speaks plain HTTP/1.1 to a loopback http:// endpoint', async () => {
    const s = await server('http');
    const t = doh(s.url);
    const o = await t.query(t.server, A);
    expect(o.error).toBeUndefined();
    expect(o.attempts[0]?.message).toBe('HTTP/1.1 POST 200');
  });

  it('works over IPv6 loopback', async () => {
    const s = await server('h2', undefined, '::1');
    const t = doh(s.url);
    const o = await t.query(t.server, A);
    expect(o.error).toBeUndefined();
    expect(o.server.address).toBe('::1');
  });

  it('turns HTTP 500 into http-error with the status', async () => {
    const s = await server('h2', () => ({ status: 500, contentType: 'text/html', body: Buffer.from('<h1>oops</h1>') }));
    const t = doh(s.url);
    const o = await t.query(t.server, A);
    expect(o.error).toEqual({ kind: 'http-error', message: 'HTTP 500 (HTTP/2 POST)' });
    expect(summary(o)).toEqual(['initial:http-error']);
  });

  it('refuses a 200 with the wrong content type', async () => {
    const s = await server('http1', (req) => ({ contentType: 'text/html; charset=utf-8', body: buildReply(req.query!) }));
    const t = doh(s.url);
    const o = await t.query(t.server, A);
    expect(o.error?.kind).toBe('http-error');
    expect(o.error?.message).toMatch(/content type "text\/html; charset=utf-8", expected application\/dns-message/);
  });

  it('accepts a content type with parameters', async () => {
    const s = await server('h2', (req) => ({ contentType: 'Application/DNS-Message; foo=bar', body: buildReply(req.query!) }));
    const t = doh(s.url);
    expect((await t.query(t.server, A)).error).toBeUndefined();
  });

  it.each(['h2', 'http1'] as const)('refuses an oversized body (%s)', async (kind) => {
    const s = await server(kind, () => ({ body: Buffer.alloc(70_000) }));
    const t = doh(s.url);
    const o = await t.query(t.server, A);
    expect(o.error?.kind).toBe('http-error');
    expect(o.error?.message).toMatch(/larger than 65535 octets/);
  });

  it('reports an undecodable body as malformed', async () => {
    const s = await server('h2', () => ({ body: Buffer.from([0, 0, 0x81, 0x80, 0, 1, 0, 1]) }));
    const t = doh(s.url);
    const o = await t.query(t.server, A);
    expect(o.error?.kind).toBe('malformed');
    expect(o.responseBase64).toBe(Buffer.from([0, 0, 0x81, 0x80, 0, 1, 0, 1]).toString('base64'));
  });

  it('reports a reply to another question as mismatched', async () => {
    const s = await server('h2', (req) => ({ body: buildReply(req.query!, { name: 'other.test' }) }));
    const t = doh(s.url);
    const o = await t.query(t.server, A);
    expect(o.error?.kind).toBe('mismatched');
    expect(o.responseBase64).toBeDefined();
  });

  it('times out a slow server', async () => {
    const s = await server('h2', async (req) => ({ ...(await dohAnswer(req)), delayMs: 400 }));
    const t = doh(s.url);
    const o = await t.query(t.server, A, { timeoutMs: 100 });
    expect(o.error).toEqual({ kind: 'timeout', message: 'no HTTP/2 response within 100 ms' });
  });

  it('aborts promptly', async () => {
    const s = await server('http1', async (req) => ({ ...(await dohAnswer(req)), delayMs: 2000 }));
    const t = doh(s.url);
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 30);
    const started = Date.now();
    const o = await t.query(t.server, A, { signal: controller.signal, timeoutMs: 5000 });
    expect(o.error).toEqual({ kind: 'timeout', message: 'aborted' });
    expect(Date.now() - started).toBeLessThan(500);
  });

  it('fails TLS to an endpoint it does not trust', async () => {
    const s = await server('h2');
    const t = createDohTransport({ url: s.url, policy: loopback, timeoutMs: 1000 }); // Node's default CAs only
    transports.push(t);
    const o = await t.query(t.server, A);
    expect(o.error?.kind).toBe('http-error');
    expect(o.error?.message).toMatch(/^TLS: .*self[- ]signed/i);
    expect(s.requests).toHaveLength(0);
  });

  it('reports refused-connection when nothing listens', async () => {
    const s = await server('h2');
    const url = s.url;
    await s.close();
    servers = [];
    const o = await doh(url).query({ address: '', port: 0, url }, A);
    expect(o.error?.kind).toBe('refused-connection');
  });

  it('goes to server.url when the caller names another endpoint', async () => {
    const a = await server('h2');
    const b = await server('http');
    const t = doh(a.url);
    const o = await t.query({ address: '127.0.0.1', port: 0, url: b.url, name: 'resolver-b' }, A);
    expect(o.error).toBeUndefined();
    expect(o.server).toMatchObject({ url: b.url, name: 'resolver-b' });
    expect(a.requests).toHaveLength(0);
    expect(b.requests).toHaveLength(1);
  });
});

describe('DoH transport: where it may connect', () => {
  it('never resolves a host name', async () => {
    const connect = vi.spyOn(tls, 'connect');
    const o = await doh('https://localhost/dns-query').query({ address: '', port: 0 }, A);
    expect(o.error?.kind).toBe('blocked-by-policy');
    expect(o.error?.message).toMatch(/IP literal/);
    expect(connect).not.toHaveBeenCalled();
  });

  it('turns nonsense from a caller into an error, never a throw', async () => {
    const o = await doh('https://127.0.0.1:1/dns-query').query(null as never, null as never, { timeoutMs: 300 });
    expect(o.error).toMatchObject({ kind: 'invalid-query', message: expect.stringMatching(/cannot encode/) });
  });

  it('allows plain http only on loopback', () => {
    expect(parseDohUrl('http://127.0.0.1:8053/dns-query').ok).toBe(true);
    expect(parseDohUrl('http://[::1]/dns-query').ok).toBe(true);
    const off = parseDohUrl('http://192.0.2.1/dns-query');
    expect(off.ok).toBe(false);
    expect(parseDohUrl('ftp://1.1.1.1/').ok).toBe(false);
    expect(parseDohUrl('not a url').ok).toBe(false);
  });

  it('parses the default endpoint', () => {
    const r = parseDohUrl('https://1.1.1.1/dns-query');
    expect(r).toEqual({
      ok: true,
      endpoint: { protocol: 'https:', host: '1.1.1.1', port: 443, origin: 'https://1.1.1.1:443' },
      path: '/dns-query',
      href: 'https://1.1.1.1/dns-query',
    });
  });

  it('checks the URL host against the address policy and sends nothing when refused', async () => {
    const s = await server('h2');
    const connect = vi.spyOn(net, 'connect');
    const tlsConnect = vi.spyOn(tls, 'connect');
    const t = createDohTransport({ url: s.url, policy: createAddressPolicy(), ca: cert.cert });
    transports.push(t);
    const o = await t.query(t.server, A);
    expect(o.error?.kind).toBe('blocked-by-policy');
    expect(o.error?.message).toMatch(/loopback/);
    expect(s.requests).toHaveLength(0);
    expect(s.connections).toBe(0);
    expect(connect).not.toHaveBeenCalled();
    expect(tlsConnect).not.toHaveBeenCalled();
  });
});

describe('DoH transport in a fresh process', () => {
  // NODE_EXTRA_CA_CERTS is read once at process start, so this needs a process of its own. The
  // child also never calls close(): it must exit by itself, the kept session unref'd.
  const script = `
import { createDohTransport } from '@/lib/dns/transport/doh-transport';
import { createAddressPolicy } from '@/lib/guard/address-policy';
import { parseCidr } from '@/lib/domain/ip-literal';
const t = createDohTransport({ url: process.argv[2]!, policy: createAddressPolicy([parseCidr('127.0.0.0/8')!]) });
void t.query(t.server, { name: 'example.test', type: 'A' }).then((o) =>
  console.log(JSON.stringify({ error: o.error ?? null, answers: o.response?.answer.length ?? 0 })),
);
`;

  function runChild(url: string, env: NodeJS.ProcessEnv): Promise<{ code: number | null; stdout: string; stderr: string }> {
    const dir = mkdtempSync(join(tmpdir(), 'zonecut-doh-child-'));
    const file = join(dir, 'query.ts');
    writeFileSync(file, script);
    return new Promise((resolve) => {
      // react-server: the condition under which `server-only` is an empty module, as in Next.
      execFile(
        process.execPath,
        ['--conditions=react-server', '--import', 'tsx', file, url],
        { cwd: process.cwd(), env, timeout: 8000 },
        (err, stdout, stderr) => {
          rmSync(dir, { recursive: true, force: true });
          resolve({ code: err ? ((err as { code?: number }).code ?? null) : 0, stdout, stderr });
        },
      );
    });
  }

  it('trusts a self-signed endpoint through NODE_EXTRA_CA_CERTS, and lets the process exit', async () => {
    const s = await server('h2');
    const env = { ...process.env };
    delete env.NODE_EXTRA_CA_CERTS;
    const [trusted, untrusted] = await Promise.all([runChild(s.url, { ...env, NODE_EXTRA_CA_CERTS: cert.certPath }), runChild(s.url, env)]);
    expect(trusted.code, trusted.stderr).toBe(0);
    expect(JSON.parse(trusted.stdout)).toEqual({ error: null, answers: 1 });
    expect(untrusted.code, untrusted.stderr).toBe(0);
    expect(JSON.parse(untrusted.stdout).error.kind).toBe('http-error');
    expect(trusted.stderr).not.toMatch(/Warning/); // e.g. an IP address as TLS servername
  });
});
