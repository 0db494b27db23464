import net from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { parseCidr } from '@/lib/domain/ip-literal';
import { createAddressPolicy } from '@/lib/guard/address-policy';
import { createTcpTransport } from './tcp-transport';
import { answerNormally, bigAnswers, buildReply, frame, startDnsServer, type DnsServer } from './test-servers';

const loopback = createAddressPolicy([parseCidr('127.0.0.0/8')!, parseCidr('::1')!]);
const tcp = createTcpTransport({ policy: loopback, timeoutMs: 200 });
const A = { name: 'example.test.', type: 'A' };

let servers: DnsServer[] = [];
async function server(opts: Parameters<typeof startDnsServer>[0]): Promise<DnsServer> {
  const s = await startDnsServer(opts);
  servers.push(s);
  return s;
}
afterEach(async () => {
  vi.restoreAllMocks();
  await Promise.all(servers.map((s) => s.close()));
  servers = [];
});
const at = (s: DnsServer) => ({ address: s.address, port: s.port });

describe('TCP transport', () => {
  it('answers over one length-prefixed exchange', async () => {
    const s = await server({ tcp: answerNormally });
    const o = await tcp.query(at(s), A);
    expect(o.error).toBeUndefined();
    expect(o.transport).toBe('tcp');
    expect(o.options.tcp).toBe(true);
    expect(o.attempts.map((a) => `${a.transport}:${a.reason}:${a.outcome}`)).toEqual(['tcp:initial:response']);
    expect(s.tcpQueries).toHaveLength(1);
  });

  it('asks once more without EDNS after a FORMERR without OPT, on a new connection', async () => {
    const s = await server({
      tcp: (q, io) => io.write((q.packet.additionals ?? []).some((r) => r.type === 'OPT') ? buildReply(q, { answers: [], rcode: 1 }) : buildReply(q)),
    });
    const o = await tcp.query(at(s), A);
    expect(o.attempts.map((a) => `${a.transport}:${a.reason}:${a.outcome}:${a.edns}`)).toEqual([
      'tcp:initial:response:true',
      'tcp:no-edns-after-formerr:response:false',
    ]);
    expect(s.tcpConnections).toBe(2);
    expect(o.response?.rcode).toBe('NOERROR');
  });

  it('reassembles a reply written one byte at a time', async () => {
    const s = await server({ tcp: (q, io) => io.writeByteByByte(buildReply(q), 0) });
    const o = await tcp.query(at(s), A, { timeoutMs: 2000 });
    expect(o.error).toBeUndefined();
    expect(o.response?.answer[0]?.data).toBe('192.0.2.1');
  });

  it('splits two messages written together, passing over the one that is not ours', async () => {
    const s = await server({ tcp: (q, io) => io.writeRaw(Buffer.concat([frame(buildReply(q, { id: q.id ^ 1 })), frame(buildReply(q))])) });
    const o = await tcp.query(at(s), A);
    expect(o.error).toBeUndefined();
    expect(o.attempts[0]?.message).toMatch(/ignored 1 non-matching reply: id/);
  });

  it('carries a reply larger than any UDP payload', async () => {
    const s = await server({ tcp: (q, io) => io.write(buildReply(q, { answers: bigAnswers(q.name, 200) })) });
    const o = await tcp.query(at(s), { name: 'big.example.test.', type: 'TXT' });
    expect(o.response?.answer).toHaveLength(200);
    expect(o.response!.size).toBeGreaterThan(40_000);
  });

  it('reports refused-connection on a closed port', async () => {
    const s = await server({ udp: answerNormally }); // TCP closed
    const o = await tcp.query(at(s), A);
    expect(o.error?.kind).toBe('refused-connection');
    expect(o.error?.message).toMatch(/ECONNREFUSED/);
  });

  it('reports a server that hangs up without answering', async () => {
    const s = await server({ tcp: (_q, io) => io.end() });
    const o = await tcp.query(at(s), A);
    expect(o.error).toEqual({ kind: 'refused-connection', message: 'connection closed by the server without a reply' });
  });

  it('reports a connection closed in the middle of a message as malformed', async () => {
    const s = await server({
      tcp: (q, io) => {
        io.writeRaw(frame(buildReply(q)).subarray(0, 10));
        io.end();
      },
    });
    const o = await tcp.query(at(s), A);
    expect(o.error?.kind).toBe('malformed');
    expect(o.error?.message).toMatch(/closed inside a message \(10 octets/);
  });

  it('reports undecodable reply bytes as malformed, keeping them', async () => {
    const s = await server({ tcp: (q, io) => io.write(Buffer.from([q.id >> 8, q.id & 0xff, 0x84, 0, 0, 1, 0, 0, 0, 0, 0, 0])) });
    const o = await tcp.query(at(s), A);
    expect(o.error?.kind).toBe('malformed');
    expect(Buffer.from(o.responseBase64!, 'base64')).toHaveLength(12);
  });

  it('times out waiting for a reply', async () => {
    const s = await server({ tcp: () => {} });
    const o = await tcp.query(at(s), A, { timeoutMs: 100 });
    expect(o.error).toEqual({ kind: 'timeout', message: 'no reply within 100 ms' });
  });

  it('is mismatched when only wrong replies come before the deadline', async () => {
    const s = await server({ tcp: (q, io) => io.write(buildReply(q, { name: 'elsewhere.test' })) });
    const o = await tcp.query(at(s), A, { timeoutMs: 100 });
    expect(o.error?.kind).toBe('mismatched');
  });

  it('aborts promptly and closes the connection', async () => {
    const s = await server({ tcp: () => {} });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 30);
    const started = Date.now();
    const o = await tcp.query(at(s), A, { timeoutMs: 5000, signal: controller.signal });
    expect(o.error).toEqual({ kind: 'timeout', message: 'aborted' });
    expect(Date.now() - started).toBeLessThan(500);
  });

  it('connects to nothing that the policy refuses', async () => {
    const connect = vi.spyOn(net, 'connect');
    const o = await createTcpTransport({ policy: createAddressPolicy() }).query({ address: '192.168.1.1', port: 53 }, A);
    expect(o.error?.kind).toBe('blocked-by-policy');
    expect(connect).not.toHaveBeenCalled();
  });
});
