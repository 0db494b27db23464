import 'server-only';
import http from 'node:http';
import http2 from 'node:http2';
import https from 'node:https';
import { performance } from 'node:perf_hooks';
import tls from 'node:tls';
import type { ObservationErrorKind } from '@/lib/dns/capture';
import { deadlineMessage, startDeadline } from './attempt-deadline';
import { socketErrorKind } from './exchange-result';
import { ipOnlyLookup } from './ip-only-lookup';

/** A DoH endpoint whose host is an IP literal (checked by the caller; see parseDohUrl). */
export interface DohEndpoint {
  protocol: 'https:' | 'http:';
  /** IP literal, without brackets. */
  host: string;
  port: number;
  /** `https://[::1]:8443`: the key sessions are kept under. */
  origin: string;
}

export interface DohHttpRequest {
  method: 'GET' | 'POST';
  /** Path and query string. */
  path: string;
  body?: Buffer;
}

export type HttpVersion = 'HTTP/2' | 'HTTP/1.1';

export type DohHttpResult =
  | {
      ok: true;
      version: HttpVersion;
      status: number;
      contentType: string | undefined;
      /** At most `maxBytes`; `oversized` when the server had more (we stopped reading). */
      body: Buffer;
      oversized: boolean;
    }
  | { ok: false; kind: ObservationErrorKind; message: string };

export interface DohRequestLimits {
  /** For the whole request, connection set-up included. */
  timeoutMs: number;
  signal?: AbortSignal;
  maxBytes: number;
}

export interface DohConnectionPool {
  request(endpoint: DohEndpoint, req: DohHttpRequest, limits: DohRequestLimits): Promise<DohHttpResult>;
  /** Closes every kept session and connection. */
  close(): void;
}

export interface DohConnectionPoolOptions {
  /**
   * Trust exactly these CAs, replacing Node's defaults: for tests with their own throwaway CA.
   * In deployment leave it unset and add a private CA with NODE_EXTRA_CA_CERTS, which node:tls
   * adds to the defaults only as long as no `ca` is passed.
   */
  ca?: string | Buffer | (string | Buffer)[];
  /** Close a kept connection after this long without traffic (default 30 s). */
  idleMs?: number;
}

type Origin = { kind: 'h2'; session: http2.ClientHttp2Session } | { kind: 'http1'; agent: http.Agent };

type Connecting = Promise<{ ok: true; origin: Origin } | { ok: false; kind: ObservationErrorKind; message: string }>;

/**
 * Connections to DoH endpoints, one per origin, reused across queries (RFC 8484 5.2 expects
 * HTTP/2 with connection reuse; Unbound's endpoint speaks nothing else). TLS offers h2 and
 * http/1.1 by ALPN and the server's pick decides (RFC 7301); plain http is HTTP/1.1.
 */
export function createDohConnectionPool(opts: DohConnectionPoolOptions = {}): DohConnectionPool {
  const idleMs = opts.idleMs ?? 30_000;
  const tlsTrust = opts.ca === undefined ? {} : { ca: opts.ca };
  const origins = new Map<string, Connecting>();

  const forget = (key: string, entry: Connecting) => {
    if (origins.get(key) === entry) origins.delete(key);
  };

  function connect(endpoint: DohEndpoint, timeoutMs: number): Connecting {
    const existing = origins.get(endpoint.origin);
    if (existing) return existing;
    const entry: Connecting = open(endpoint, timeoutMs).then((r) => {
      if (!r.ok) forget(endpoint.origin, entry);
      else if (r.origin.kind === 'h2') {
        const session = r.origin.session;
        const drop = () => forget(endpoint.origin, entry);
        // A session that errs or is told to go away serves no new streams (RFC 9113 6.8).
        session.on('error', drop);
        session.on('goaway', drop);
        session.on('close', drop);
      }
      return r;
    });
    origins.set(endpoint.origin, entry);
    return entry;
  }

  async function open(endpoint: DohEndpoint, timeoutMs: number): Promise<Awaited<Connecting>> {
    if (endpoint.protocol === 'http:') {
      return { ok: true, origin: { kind: 'http1', agent: new http.Agent({ keepAlive: true, maxSockets: 4, timeout: idleMs }) } };
    }
    const probe = await connectTls(endpoint, tlsTrust, timeoutMs);
    if (!probe.ok) return probe;
    const socket = probe.socket;
    if (socket.alpnProtocol !== 'h2') {
      // The server chose HTTP/1.1 (or did not do ALPN). Node's https agent keeps its own
      // connections, so this probe has done its job.
      socket.destroy();
      const agent = new https.Agent({ keepAlive: true, maxSockets: 4, timeout: idleMs });
      return { ok: true, origin: { kind: 'http1', agent } };
    }
    const session = http2.connect(endpoint.origin, { createConnection: () => socket });
    session.on('error', () => {}); // reported per stream; an unhandled 'error' would crash the process
    session.setTimeout(idleMs, () => session.close());
    // A kept session must not hold the process open; an in-flight request's deadline timer does.
    session.unref();
    return { ok: true, origin: { kind: 'h2', session } };
  }

  return {
    async request(endpoint, req, limits) {
      const t0 = performance.now();
      const remaining = () => Math.max(1, limits.timeoutMs - (performance.now() - t0));
      for (let tries = 0; ; tries++) {
        const entry = connect(endpoint, limits.timeoutMs);
        const conn = await raceDeadline(entry, limits.timeoutMs, limits.signal);
        if (!conn.ok) return conn;
        const { origin } = conn;
        if (origin.kind === 'http1') {
          return http1Request(endpoint, origin.agent, tlsTrust, req, limits, remaining());
        }
        const result = await h2Request(origin.session, req, limits, remaining());
        if (!('stale' in result)) return result;
        // The session closed between being kept and being used (GOAWAY, idle close, a reset
        // connection): one fresh connection, then give up.
        forget(endpoint.origin, entry);
        if (tries > 0) return { ok: false, kind: 'unreachable', message: `HTTP/2 session unusable: ${result.stale}` };
      }
    },
    close() {
      for (const entry of origins.values()) {
        void entry.then((r) => {
          if (!r.ok) return;
          if (r.origin.kind === 'h2') r.origin.session.close();
          else r.origin.agent.destroy();
        });
      }
      origins.clear();
    },
  };
}

/** Waits for a shared connection attempt, but no longer than this query's own deadline. */
function raceDeadline<T>(
  p: Promise<T>,
  timeoutMs: number,
  signal: AbortSignal | undefined,
): Promise<T | { ok: false; kind: ObservationErrorKind; message: string }> {
  return new Promise((resolve) => {
    const cancel = startDeadline(timeoutMs, signal, (reason) =>
      resolve({ ok: false, kind: 'timeout', message: deadlineMessage(reason, timeoutMs, 'connection') }),
    );
    void p.then((v) => {
      cancel();
      resolve(v);
    });
  });
}

function connectTls(
  endpoint: DohEndpoint,
  trust: { ca?: DohConnectionPoolOptions['ca'] },
  timeoutMs: number,
): Promise<{ ok: true; socket: tls.TLSSocket } | { ok: false; kind: ObservationErrorKind; message: string }> {
  return new Promise((resolve) => {
    // No `servername`: SNI carries host names only (RFC 6066 3), and ours is an IP literal.
    // Certificate checks still run, against the certificate's IP addresses.
    const socket = tls.connect({
      host: endpoint.host,
      port: endpoint.port,
      ALPNProtocols: ['h2', 'http/1.1'],
      lookup: ipOnlyLookup,
      ...trust,
    });
    const timer = setTimeout(() => {
      socket.destroy();
      resolve({ ok: false, kind: 'timeout', message: `no TLS connection within ${timeoutMs} ms` });
    }, timeoutMs);
    socket.once('secureConnect', () => {
      clearTimeout(timer);
      socket.removeAllListeners('error');
      socket.on('error', () => {}); // from here on, errors belong to the session or request
      resolve({ ok: true, socket });
    });
    socket.once('error', (err: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      socket.destroy();
      const described = describeHttpError(err);
      resolve({ ok: false, ...described, ...(described.kind === 'http-error' ? { message: `TLS: ${described.message}` } : {}) });
    });
  });
}

/** Socket-level codes map to the same kinds as UDP/TCP; anything else (TLS, HTTP) is http-error. */
export function describeHttpError(err: NodeJS.ErrnoException): { kind: ObservationErrorKind; message: string } {
  const code = err.code ?? '';
  if (/^E[A-Z]+$/.test(code) && code !== 'EPROTO') {
    const kind = socketErrorKind(code);
    return { kind: kind === 'unreachable' && code === 'ECONNRESET' ? 'refused-connection' : kind, message: `${err.syscall ?? 'connect'} ${code}` };
  }
  return { kind: 'http-error', message: code ? `${code}: ${err.message}` : err.message };
}

function h2Request(
  session: http2.ClientHttp2Session,
  req: DohHttpRequest,
  limits: DohRequestLimits,
  remainingMs: number,
): Promise<DohHttpResult | { stale: string }> {
  return new Promise((resolve) => {
    let stream: http2.ClientHttp2Stream;
    const headers: http2.OutgoingHttpHeaders = {
      ':method': req.method,
      ':path': req.path,
      accept: 'application/dns-message',
    };
    if (req.body) {
      headers['content-type'] = 'application/dns-message';
      headers['content-length'] = String(req.body.length);
    }
    if (session.closed || session.destroyed) return resolve({ stale: 'closed' });
    try {
      stream = session.request(headers, { endStream: !req.body });
    } catch (err) {
      return resolve({ stale: err instanceof Error ? err.message : String(err) });
    }
    let settled = false;
    let status = 0;
    let contentType: string | undefined;
    const body = new BodyCollector(limits.maxBytes);
    const settle = (r: DohHttpResult) => {
      if (settled) return;
      settled = true;
      cancel();
      if (!stream.closed) stream.close(http2.constants.NGHTTP2_CANCEL);
      resolve(r);
    };
    const cancel = startDeadline(remainingMs, limits.signal, (reason) =>
      settle({ ok: false, kind: 'timeout', message: deadlineMessage(reason, limits.timeoutMs, 'HTTP/2 response') }),
    );
    const done = () =>
      settle(
        status === 0
          ? { ok: false, kind: 'http-error', message: 'HTTP/2 stream ended without a response' }
          : { ok: true, version: 'HTTP/2', status, contentType, body: body.bytes(), oversized: body.oversized },
      );

    stream.on('response', (h) => {
      status = Number(h[':status']);
      const ct = h['content-type'];
      contentType = Array.isArray(ct) ? ct[0] : ct;
      if (body.announce(h['content-length'])) done();
    });
    stream.on('data', (chunk: Buffer) => {
      if (body.add(chunk)) done();
    });
    stream.on('end', done);
    stream.on('error', (err: NodeJS.ErrnoException) => settle({ ok: false, ...describeHttpError(err) }));
    stream.on('close', () => {
      if (!settled && stream.rstCode !== http2.constants.NGHTTP2_NO_ERROR) {
        settle({ ok: false, kind: 'http-error', message: `HTTP/2 stream reset by the server (code ${stream.rstCode})` });
      } else done();
    });
    if (req.body) stream.end(req.body);
  });
}

function http1Request(
  endpoint: DohEndpoint,
  agent: http.Agent,
  trust: { ca?: DohConnectionPoolOptions['ca'] },
  req: DohHttpRequest,
  limits: DohRequestLimits,
  remainingMs: number,
): Promise<DohHttpResult> {
  return new Promise((resolve) => {
    const headers: http.OutgoingHttpHeaders = { accept: 'application/dns-message' };
    if (req.body) {
      headers['content-type'] = 'application/dns-message';
      headers['content-length'] = req.body.length;
    }
    const options: https.RequestOptions = {
      host: endpoint.host,
      port: endpoint.port,
      method: req.method,
      path: req.path,
      headers,
      agent,
      lookup: ipOnlyLookup,
    };
    const request = endpoint.protocol === 'https:' ? https.request({ ...options, ...trust }) : http.request(options);

    let settled = false;
    const settle = (r: DohHttpResult) => {
      if (settled) return;
      settled = true;
      cancel();
      resolve(r);
    };
    const cancel = startDeadline(remainingMs, limits.signal, (reason) => {
      settle({ ok: false, kind: 'timeout', message: deadlineMessage(reason, limits.timeoutMs, 'HTTP/1.1 response') });
      request.destroy();
    });
    request.on('error', (err: NodeJS.ErrnoException) => settle({ ok: false, ...describeHttpError(err) }));
    request.on('response', (res) => {
      const body = new BodyCollector(limits.maxBytes);
      const ct = res.headers['content-type'];
      const done = () => {
        settle({ ok: true, version: 'HTTP/1.1', status: res.statusCode ?? 0, contentType: ct, body: body.bytes(), oversized: body.oversized });
        // Unread bytes would leave the connection unusable: drop it rather than keep it.
        if (!res.complete) request.destroy();
      };
      if (body.announce(res.headers['content-length'])) return done();
      res.on('data', (chunk: Buffer) => {
        if (body.add(chunk)) done();
      });
      res.on('end', done);
      res.on('error', (err: NodeJS.ErrnoException) => settle({ ok: false, ...describeHttpError(err) }));
    });
    request.end(req.body);
  });
}

/** Collects a response body up to a cap; `add` and `announce` return true once it is over. */
class BodyCollector {
  private chunks: Buffer[] = [];
  private length = 0;
  oversized = false;

  constructor(private readonly max: number) {}

  announce(contentLength: string | string[] | undefined): boolean {
    const n = Number(Array.isArray(contentLength) ? contentLength[0] : contentLength);
    if (Number.isFinite(n) && n > this.max) this.oversized = true;
    return this.oversized;
  }

  add(chunk: Buffer): boolean {
    const room = this.max - this.length;
    if (chunk.length > room) {
      this.oversized = true;
      chunk = chunk.subarray(0, room);
    }
    this.chunks.push(chunk);
    this.length += chunk.length;
    return this.oversized;
  }

  bytes(): Buffer {
    return Buffer.concat(this.chunks);
  }
}
