// A DNS relay of the interop tests: listens on one loopback address and port, passes every UDP
// datagram and TCP connection on to one upstream server unchanged, and records the questions.
// Two uses: a root hint on another port than 53 (ZONECUT_ROOT_HINTS=ip:port), and the resolver
// that `dig +trace`'s system look-ups are sent to (dig-trace.ts), so that a test can see every
// name they asked for. Both ends must be in the harness's range: nothing leaves the loopback.
import dgram from 'node:dgram';
import net from 'node:net';
import type { Question } from '@/lib/dns/wire/types';
import { decodeMessage } from '@/lib/dns/wire';
import { inInteropRange } from './in-interop-range';
import { INTEROP_RANGE } from './interop-layout';

export interface DnsRelay {
  address: string;
  port: number;
  /** Every question received, in order, with the transport it came over. */
  questions: (Question & { transport: 'udp' | 'tcp' })[];
  close(): Promise<void>;
}

export interface DnsRelayOptions {
  address: string;
  port: number;
  upstream: { address: string; port: number };
  /** How long an upstream answer is waited for (default 3000 ms). */
  timeoutMs?: number;
}

function assertInRange(what: string, address: string): void {
  if (!inInteropRange(address)) {
    throw new Error(`dns-relay: ${what} ${address} is outside ${INTEROP_RANGE}`);
  }
}

export async function startDnsRelay(opts: DnsRelayOptions): Promise<DnsRelay> {
  assertInRange('listen address', opts.address);
  assertInRange('upstream', opts.upstream.address);
  const timeoutMs = opts.timeoutMs ?? 3000;
  const questions: DnsRelay['questions'] = [];
  const record = (bytes: Buffer, transport: 'udp' | 'tcp') => {
    const decoded = decodeMessage(bytes);
    if (decoded.ok) for (const q of decoded.message.question) questions.push({ ...q, transport });
  };

  const open = new Set<{ close(): void }>();
  const udp = dgram.createSocket('udp4');
  udp.on('error', () => {});
  udp.on('message', (msg, from) => {
    record(msg, 'udp');
    const up = dgram.createSocket('udp4');
    const done = () => {
      clearTimeout(timer);
      open.delete(handle);
      up.close();
    };
    const handle = { close: done };
    open.add(handle);
    const timer = setTimeout(done, timeoutMs);
    up.on('error', done);
    up.once('message', (reply) => {
      udp.send(reply, from.port, from.address);
      done();
    });
    up.send(msg, opts.upstream.port, opts.upstream.address);
  });
  await new Promise<void>((resolve, reject) => {
    udp.once('error', reject);
    udp.bind(opts.port, opts.address, () => resolve());
  });

  const sockets = new Set<net.Socket>();
  const tcp = net.createServer((client) => {
    const up = net.connect(opts.upstream.port, opts.upstream.address);
    for (const s of [client, up]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => {
        client.destroy();
        up.destroy();
      });
      s.setTimeout(timeoutMs, () => {
        client.destroy();
        up.destroy();
      });
    }
    // Each message is a 2-octet length and the message (RFC 1035 4.2.2); record the first one of
    // each chunk, which is all a stub sends per connection in practice.
    client.on('data', (chunk) => {
      if (chunk.length > 2) record(chunk.subarray(2, 2 + chunk.readUInt16BE(0)), 'tcp');
    });
    client.pipe(up).pipe(client);
  });
  try {
    await new Promise<void>((resolve, reject) => {
      tcp.once('error', reject);
      tcp.listen(opts.port, opts.address, () => resolve());
    });
  } catch (err) {
    udp.close();
    throw err;
  }

  return {
    address: opts.address,
    port: opts.port,
    questions,
    async close() {
      for (const h of [...open]) h.close();
      for (const s of sockets) s.destroy();
      await Promise.all([new Promise<void>((r) => udp.close(() => r())), new Promise<void>((r) => tcp.close(() => r()))]);
    },
  };
}
