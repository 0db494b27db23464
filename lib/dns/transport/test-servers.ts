// Loopback DNS and DoH servers with scripted behaviours, for the transport tests. They parse and
// build messages with dns-packet's message layer rather than our encodeQuery/decodeMessage, so a
// bug there cannot cancel itself out (names still go through the codec lib/dns/wire installs
// into dns-packet once it is loaded).
import 'server-only';
import { execFileSync } from 'node:child_process';
import dgram from 'node:dgram';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import http2 from 'node:http2';
import https from 'node:https';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import dnsPacket from 'dns-packet';

export interface TestQuery {
  raw: Buffer;
  packet: dnsPacket.DecodedPacket;
  id: number;
  name: string;
  type: string;
}

export function parseQuery(raw: Buffer): TestQuery | null {
  try {
    const packet = dnsPacket.decode(raw);
    const q = packet.questions?.[0];
    return { raw, packet, id: packet.id ?? 0, name: q?.name ?? '', type: q?.type ?? '' };
  } catch {
    return null;
  }
}

export interface ReplyOptions {
  id?: number;
  /** Question name to echo (default: the query's, case kept). */
  name?: string;
  type?: dnsPacket.RecordType;
  tc?: boolean;
  qr?: boolean;
  answers?: dnsPacket.Answer[];
  /** Leave the question section out. */
  noQuestion?: boolean;
  /** Numeric rcode (1 = FORMERR…), carried in the header flags. */
  rcode?: number;
}

/** A reply to `q`: by default an A record 192.0.2.1 (or a TXT for other types), AA set. */
export function buildReply(q: TestQuery, o: ReplyOptions = {}): Buffer {
  const name = o.name ?? q.name;
  const type = o.type ?? (q.type as dnsPacket.RecordType);
  const answers =
    o.answers ??
    (type === 'A'
      ? [{ name, type: 'A', ttl: 300, data: '192.0.2.1' } as dnsPacket.Answer]
      : [{ name, type: 'TXT', ttl: 300, data: 'hello' } as dnsPacket.Answer]);
  let flags = dnsPacket.AUTHORITATIVE_ANSWER;
  if (o.tc) flags |= dnsPacket.TRUNCATED_RESPONSE;
  if (o.rcode) flags |= o.rcode & 0xf;
  return dnsPacket.encode({
    id: o.id ?? q.id,
    type: o.qr === false ? 'query' : 'response',
    flags,
    questions: o.noQuestion ? [] : [{ name, type, class: 'IN' }],
    answers,
  } as dnsPacket.Packet);
}

/** Enough TXT records to overflow a 1232-octet UDP payload. */
export function bigAnswers(name: string, count = 12): dnsPacket.Answer[] {
  return Array.from({ length: count }, (_, i) => ({ name, type: 'TXT', ttl: 300, data: `${i}:${'x'.repeat(200)}` }) as dnsPacket.Answer);
}

// ---------------------------------------------------------------- UDP + TCP

export interface UdpIo {
  from: dgram.RemoteInfo;
  reply(bytes: Buffer): void;
  /** Sends from a different socket (another source port) on the server's address. */
  replyFromOtherPort(bytes: Buffer): Promise<void>;
  /** Sends from 127.0.0.2 (IPv4 only): another source address on loopback. */
  replyFromOtherAddress(bytes: Buffer): Promise<void>;
}
export type UdpHandler = (q: TestQuery, io: UdpIo) => void | Promise<void>;

export interface TcpIo {
  /** Writes one length-prefixed message. */
  write(bytes: Buffer): void;
  /** Writes bytes as they are (no prefix added). */
  writeRaw(bytes: Buffer): void;
  /** Writes a framed message one byte per write, with a pause between them. */
  writeByteByByte(bytes: Buffer, gapMs?: number): Promise<void>;
  end(): void;
}
export type TcpHandler = (q: TestQuery, io: TcpIo) => void | Promise<void>;

export interface DnsServer {
  address: string;
  port: number;
  /** Every datagram received over UDP, parsed or not. */
  udpDatagrams: Buffer[];
  tcpQueries: TestQuery[];
  tcpConnections: number;
  close(): Promise<void>;
}

export const answerNormally: UdpHandler & TcpHandler = (q, io) => {
  if ('reply' in io) io.reply(buildReply(q));
  else io.write(buildReply(q));
};

export function frame(bytes: Buffer): Buffer {
  const out = Buffer.alloc(bytes.length + 2);
  out.writeUInt16BE(bytes.length, 0);
  bytes.copy(out, 2);
  return out;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function sendFrom(bindAddress: string, bytes: Buffer, to: dgram.RemoteInfo): Promise<void> {
  const s = dgram.createSocket(net.isIPv6(bindAddress) ? 'udp6' : 'udp4');
  await new Promise<void>((resolve) => s.bind(0, bindAddress, resolve));
  await new Promise<void>((resolve) => s.send(bytes, to.port, to.address, () => resolve()));
  s.close();
}

/**
 * A DNS server on one loopback port for UDP and TCP (either may be left out: that protocol's
 * port is then closed, so UDP gets ICMP port unreachable and TCP a RST).
 */
export async function startDnsServer(opts: { udp?: UdpHandler; tcp?: TcpHandler; host?: string }): Promise<DnsServer> {
  const host = opts.host ?? '127.0.0.1';
  for (let tries = 0; tries < 20; tries++) {
    const udp = dgram.createSocket(net.isIPv6(host) ? 'udp6' : 'udp4');
    await new Promise<void>((resolve) => udp.bind(0, host, resolve));
    const port = udp.address().port;
    const tcp = net.createServer();
    const listening = await new Promise<boolean>((resolve) => {
      tcp.once('error', () => resolve(false));
      tcp.listen(port, host, () => resolve(true));
    });
    if (!listening) {
      udp.close();
      continue;
    }
    return wire(host, port, udp, tcp, opts);
  }
  throw new Error('could not find a free port for UDP and TCP');
}

function wire(host: string, port: number, udp: dgram.Socket, tcp: net.Server, opts: { udp?: UdpHandler; tcp?: TcpHandler }): DnsServer {
  const server: DnsServer = {
    address: host,
    port,
    udpDatagrams: [],
    tcpQueries: [],
    tcpConnections: 0,
    async close() {
      try {
        udp.close();
      } catch {
        // closed already
      }
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => (tcp.listening ? tcp.close(() => resolve()) : resolve()));
    },
  };
  const sockets = new Set<net.Socket>();

  if (!opts.udp) udp.close();
  else {
    const handler = opts.udp;
    udp.on('message', (raw, from) => {
      server.udpDatagrams.push(raw);
      const q = parseQuery(raw);
      if (!q) return;
      void handler(q, {
        from,
        reply: (bytes) => udp.send(bytes, from.port, from.address),
        replyFromOtherPort: (bytes) => sendFrom(host, bytes, from),
        replyFromOtherAddress: (bytes) => sendFrom('127.0.0.2', bytes, from),
      });
    });
  }

  if (!opts.tcp) tcp.close();
  else {
    const handler = opts.tcp;
    tcp.on('connection', (socket) => {
      server.tcpConnections++;
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.on('error', () => {});
      let buf = Buffer.alloc(0);
      socket.on('data', (chunk: Buffer) => {
        buf = Buffer.concat([buf, chunk]);
        while (buf.length >= 2 && buf.length >= 2 + buf.readUInt16BE(0)) {
          const raw = buf.subarray(2, 2 + buf.readUInt16BE(0));
          buf = buf.subarray(2 + raw.length);
          const q = parseQuery(Buffer.from(raw));
          if (!q) continue;
          server.tcpQueries.push(q);
          void handler(q, {
            write: (bytes) => socket.write(frame(bytes)),
            writeRaw: (bytes) => socket.write(bytes),
            async writeByteByByte(bytes, gapMs = 1) {
              for (const byte of frame(bytes)) {
                if (socket.destroyed) return;
                socket.write(Uint8Array.of(byte));
                await sleep(gapMs);
              }
            },
            end: () => socket.end(),
          });
        }
      });
    });
  }
  return server;
}

/** A UDP port with nothing behind it (bound, noted, closed): probes get ICMP port unreachable. */
export async function closedUdpPort(host = '127.0.0.1'): Promise<number> {
  const s = dgram.createSocket(net.isIPv6(host) ? 'udp6' : 'udp4');
  await new Promise<void>((resolve) => s.bind(0, host, resolve));
  const { port } = s.address();
  await new Promise<void>((resolve) => s.close(() => resolve()));
  return port;
}

// ---------------------------------------------------------------- DoH

export interface TestCertificate {
  key: Buffer;
  cert: Buffer;
  /** The certificate's file, e.g. for NODE_EXTRA_CA_CERTS. */
  certPath: string;
  remove(): void;
}

/** A throwaway self-signed certificate for 127.0.0.1 and ::1 (IP SANs: we never use names). */
export function createTestCertificate(): TestCertificate {
  const dir = mkdtempSync(join(tmpdir(), 'zonecut-doh-'));
  const keyPath = join(dir, 'key.pem');
  const certPath = join(dir, 'cert.pem');
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:P-256',
      '-nodes',
      '-keyout',
      keyPath,
      '-out',
      certPath,
      '-days',
      '1',
      '-subj',
      '/CN=zonecut test DoH',
      '-addext',
      'subjectAltName=IP:127.0.0.1,IP:::1',
    ],
    { stdio: 'ignore' },
  );
  return {
    key: readFileSync(keyPath),
    cert: readFileSync(certPath),
    certPath,
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

export interface DohRequest {
  method: string;
  path: string;
  httpVersion: string;
  contentType?: string;
  body: Buffer;
  /** The DNS query, from the body (POST) or `?dns=` (GET). */
  query: TestQuery | null;
}

export interface DohReply {
  status?: number;
  contentType?: string;
  body?: Buffer;
  /** Wait this long before answering. */
  delayMs?: number;
}

export type DohHandler = (req: DohRequest) => DohReply | Promise<DohReply>;

export const dohAnswer: DohHandler = (req) =>
  req.query ? { body: buildReply(req.query) } : { status: 400, contentType: 'text/plain', body: Buffer.from('no query') };

export interface DohServer {
  url: string;
  requests: DohRequest[];
  /** HTTP/2 sessions (or HTTP/1.1 connections) the server accepted. */
  connections: number;
  /** Sends HTTP/2 GOAWAY on every open session (RFC 9113 6.8). */
  goAwayAll(): void;
  close(): Promise<void>;
}

/**
 * A DoH endpoint: `h2` speaks only HTTP/2 over TLS (as Unbound does), `http1` only HTTP/1.1
 * over TLS, `http` plain HTTP/1.1.
 */
export async function startDohServer(opts: {
  kind: 'h2' | 'http1' | 'http';
  handler?: DohHandler;
  cert?: TestCertificate;
  host?: string;
  path?: string;
}): Promise<DohServer> {
  const host = opts.host ?? '127.0.0.1';
  const path = opts.path ?? '/dns-query';
  const handler = opts.handler ?? dohAnswer;
  const sockets = new Set<net.Socket>();
  const sessions = new Set<http2.ServerHttp2Session>();

  const respond = async (
    method: string,
    url: string,
    httpVersion: string,
    contentType: string | undefined,
    body: Buffer,
    send: (status: number, contentType: string, body: Buffer) => void,
  ) => {
    const u = new URL(url, 'http://x');
    let raw: Buffer | null = null;
    if (method === 'POST') raw = body;
    else if (u.searchParams.has('dns')) raw = Buffer.from(u.searchParams.get('dns') ?? '', 'base64url');
    const req: DohRequest = { method, path: u.pathname + u.search, httpVersion, contentType, body, query: raw ? parseQuery(raw) : null };
    server.requests.push(req);
    if (u.pathname !== path) return send(404, 'text/plain', Buffer.from('not found'));
    const r = await handler(req);
    if (r.delayMs) await sleep(r.delayMs);
    send(r.status ?? 200, r.contentType ?? 'application/dns-message', r.body ?? Buffer.alloc(0));
  };

  const onHttp1 = (req: http.IncomingMessage, res: http.ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void respond(req.method ?? 'GET', req.url ?? '/', req.httpVersion, req.headers['content-type'], Buffer.concat(chunks), (status, ct, body) => {
        if (res.destroyed) return;
        res.writeHead(status, { 'content-type': ct, 'content-length': body.length });
        res.end(body);
      });
    });
  };

  let listener: net.Server;
  if (opts.kind === 'h2') {
    if (!opts.cert) throw new Error('h2 needs a certificate');
    const h2 = http2.createSecureServer({ key: opts.cert.key, cert: opts.cert.cert, allowHTTP1: false });
    h2.on('session', (s) => {
      server.connections++;
      sessions.add(s);
      s.on('close', () => sessions.delete(s));
      s.on('error', () => {});
    });
    h2.on('stream', (stream, headers) => {
      stream.on('error', () => {});
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        void respond(String(headers[':method']), String(headers[':path']), '2.0', headers['content-type'], Buffer.concat(chunks), (status, ct, body) => {
          if (stream.destroyed || stream.closed) return;
          stream.respond({ ':status': status, 'content-type': ct, 'content-length': body.length });
          stream.end(body);
        });
      });
    });
    listener = h2;
  } else if (opts.kind === 'http1') {
    if (!opts.cert) throw new Error('http1 over TLS needs a certificate');
    // ALPN offers only http/1.1, like a server without HTTP/2.
    listener = https.createServer({ key: opts.cert.key, cert: opts.cert.cert, ALPNProtocols: ['http/1.1'] }, onHttp1);
    listener.on('secureConnection', () => server.connections++);
  } else {
    listener = http.createServer(onHttp1);
    listener.on('connection', () => server.connections++);
  }
  listener.on('connection', (s: net.Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });

  await new Promise<void>((resolve) => listener.listen(0, host, resolve));
  const { port } = listener.address() as net.AddressInfo;
  const hostPart = net.isIPv6(host) ? `[${host}]` : host;
  const server: DohServer = {
    url: `${opts.kind === 'http' ? 'http' : 'https'}://${hostPart}:${port}${path}`,
    requests: [],
    connections: 0,
    goAwayAll() {
      for (const s of sessions) s.goaway();
    },
    async close() {
      for (const s of sessions) s.destroy();
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => listener.close(() => resolve()));
    },
  };
  return server;
}
