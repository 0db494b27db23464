import dgram from 'node:dgram';
import net from 'node:net';
import dnsPacket from 'dns-packet';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Observation } from '@/lib/dns/capture';
import { parseCidr } from '@/lib/domain/ip-literal';
import { createAddressPolicy } from '@/lib/guard/address-policy';
import { answerNormally, bigAnswers, buildReply, closedUdpPort, parseQuery, startDnsServer, type DnsServer, type TestQuery } from './test-servers';
import { createExchangeTransport } from './create-exchange-transport';
import { exchangeOverNetwork } from './exchange-over-network';
import { createUdpTransport } from './udp-transport';

const loopback = createAddressPolicy([parseCidr('127.0.0.0/8')!, parseCidr('::1')!]);
const udp = createUdpTransport({ policy: loopback, timeoutMs: 200 });
const A = { name: 'example.test', type: 'A' };

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
const summary = (o: Observation) => o.attempts.map((a) => `${a.transport}:${a.reason}:${a.outcome}`);

describe('UDP transport', () => {
  it('asks with EDNS(0) 1232, RD off, and records a complete Observation', async () => {
    const s = await server({ udp: answerNormally });
    const o = await udp.query({ ...at(s), name: 'ns1.example.test.' }, A);

    expect(o.error).toBeUndefined();
    expect(o.transport).toBe('udp');
    expect(o.question).toEqual({ name: 'example.test.', type: 'A', class: 'IN' });
    expect(o.options).toEqual({ edns: true, udpSize: 1232, dnssecOk: false, recursionDesired: false, checkingDisabled: false, tcp: false });
    expect(o.server).toEqual({ ...at(s), name: 'ns1.example.test.' });
    expect(summary(o)).toEqual(['udp:initial:response']);
    expect(o.response?.answer[0]?.data).toBe('192.0.2.1');
    expect(o.response?.flags.aa).toBe(true);
    expect(Buffer.from(o.responseBase64!, 'base64').readUInt16BE(0)).toBe(o.response?.id);
    expect(o.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(Date.parse(o.startedAt)).not.toBeNaN();
    expect(o.rttMs).toBeGreaterThanOrEqual(o.attempts[0]!.rttMs);

    const sent = dnsPacket.decode(s.udpDatagrams[0]!);
    expect(sent.flags! & dnsPacket.RECURSION_DESIRED).toBe(0);
    const opt = sent.additionals?.find((r) => r.type === 'OPT') as { udpPayloadSize?: number } | undefined;
    expect(opt?.udpPayloadSize).toBe(1232);
  });

  it('is not a timeout when the reply came in time but the event loop was held past the deadline', async () => {
    // The server replies at once, then holds this process's event loop (as signature checks of
    // other checks would) well past the client's deadline: the reply waits in the socket while
    // the timer expires, and must still be read as the answer.
    const s = await server({
      udp: (q, io) => {
        io.reply(buildReply(q));
        setImmediate(() => {
          const until = Date.now() + 250;
          while (Date.now() < until) {
            // busy: the event loop is held
          }
        });
      },
    });
    const o = await udp.query(at(s), A, { timeoutMs: 50 });
    expect(o.error).toBeUndefined();
    expect(summary(o)).toEqual(['udp:initial:response']);
  });

  it('sends without OPT when edns is off, and says so', async () => {
    const s = await server({ udp: answerNormally });
    const o = await udp.query(at(s), A, { edns: false });
    expect(o.options.edns).toBe(false);
    expect(o.options).not.toHaveProperty('udpSize');
    expect(o.attempts[0]?.edns).toBe(false);
    expect(dnsPacket.decode(s.udpDatagrams[0]!).additionals ?? []).toHaveLength(0);
  });

  it('uses a fresh random id and source port for every query (RFC 5452)', async () => {
    const sources: number[] = [];
    const s = await server({
      udp: (q, io) => {
        sources.push(io.from.port);
        io.reply(buildReply(q));
      },
    });
    await Promise.all(Array.from({ length: 6 }, () => udp.query(at(s), A)));
    const ids = s.udpDatagrams.map((d) => d.readUInt16BE(0));
    expect(new Set(ids).size).toBeGreaterThan(1);
    expect(new Set(sources).size).toBe(6);
  });

  it('works over IPv6 loopback', async () => {
    const s = await server({ udp: answerNormally, host: '::1' });
    const o = await udp.query(at(s), A);
    expect(o.error).toBeUndefined();
    expect(o.response?.answer).toHaveLength(1);
  });

  it('falls back to TCP on TC=1 and keeps both attempts', async () => {
    const s = await server({
      udp: (q, io) => io.reply(buildReply(q, { tc: true, answers: [] })),
      tcp: (q, io) => io.write(buildReply(q, { answers: bigAnswers(q.name) })),
    });
    const o = await udp.query(at(s), { name: 'big.example.test', type: 'TXT' });
    expect(summary(o)).toEqual(['udp:initial:truncated', 'tcp:tcp-after-truncation:response']);
    expect(o.transport).toBe('tcp');
    expect(o.response?.answer).toHaveLength(12);
    expect(o.response?.flags.tc).toBe(false);
    expect(o.response!.size).toBeGreaterThan(1232);
  });

  it('keeps the truncated answer when noTcpFallback is set', async () => {
    const s = await server({
      udp: (q, io) => io.reply(buildReply(q, { tc: true, answers: [] })),
      tcp: answerNormally,
    });
    const o = await udp.query(at(s), A, { noTcpFallback: true });
    expect(summary(o)).toEqual(['udp:initial:truncated']);
    expect(o.response?.flags.tc).toBe(true);
    expect(s.tcpConnections).toBe(0);
  });

  it('goes straight to TCP when asked', async () => {
    const s = await server({ udp: answerNormally, tcp: answerNormally });
    const o = await udp.query(at(s), A, { tcp: true });
    expect(summary(o)).toEqual(['tcp:initial:response']);
    expect(o.options.tcp).toBe(true);
    expect(s.udpDatagrams).toHaveLength(0);
  });

  it('passes over a reply with the wrong id, records it, and takes the right one', async () => {
    const s = await server({
      udp: (q, io) => {
        io.reply(buildReply(q, { id: q.id ^ 0x5a5a }));
        setTimeout(() => io.reply(buildReply(q)), 20);
      },
    });
    const o = await udp.query(at(s), A);
    expect(o.error).toBeUndefined();
    expect(summary(o)).toEqual(['udp:initial:response']);
    expect(o.attempts[0]?.message).toMatch(/ignored 1 non-matching reply: id \d+, expected \d+/);
  });

  it('is mismatched when only replies to another question arrive', async () => {
    const s = await server({ udp: (q, io) => io.reply(buildReply(q, { name: 'other.test' })) });
    const o = await udp.query(at(s), A, { noTcpFallback: true });
    expect(o.error?.kind).toBe('mismatched');
    expect(o.error?.message).toMatch(/question other\.test\.? IN A, expected example\.test\. IN A/);
    expect(summary(o)).toEqual(['udp:initial:mismatched', 'udp:retry-after-timeout:mismatched']);
    expect(o.response).toBeUndefined();
  });

  it('accepts the question name in another case (RFC 4343)', async () => {
    const s = await server({ udp: (q, io) => io.reply(buildReply(q, { name: 'ExAmPlE.TeSt' })) });
    const o = await udp.query(at(s), A);
    expect(o.error).toBeUndefined();
    expect(o.response?.question[0]?.name).toBe('ExAmPlE.TeSt.');
  });

  it('ignores a datagram from another address, records it, and takes the right one', async () => {
    let n = 0;
    const s = await server({
      udp: async (q, io) => {
        // Stay silent on the first (connected) attempt so the retry, which listens
        // unconnected, is the one that meets the stray datagram.
        if (n++ === 0) return;
        await io.replyFromOtherAddress(buildReply(q));
        setTimeout(() => io.reply(buildReply(q)), 20);
      },
    });
    const o = await udp.query(at(s), A);
    expect(summary(o)).toEqual(['udp:initial:timeout', 'udp:retry-after-timeout:response']);
    expect(o.attempts[1]?.message).toMatch(/from 127\.0\.0\.2 port \d+, expected 127\.0\.0\.1 port \d+/);
    expect(o.response?.answer).toHaveLength(1);
  });

  it('takes the right reply when one from another port came first', async () => {
    const s = await server({
      udp: async (q, io) => {
        await io.replyFromOtherPort(buildReply(q));
        io.reply(buildReply(q));
      },
    });
    const o = await udp.query(at(s), A);
    expect(summary(o)).toEqual(['udp:initial:response']);
  });

  it('records replies from the wrong port, then falls back to TCP', async () => {
    const s = await server({
      udp: (q, io) => io.replyFromOtherPort(buildReply(q)),
      tcp: answerNormally,
    });
    const o = await udp.query(at(s), A);
    expect(summary(o)).toEqual(['udp:initial:timeout', 'udp:retry-after-timeout:mismatched', 'tcp:tcp-after-udp-failure:response']);
    expect(o.attempts[1]?.message).toMatch(new RegExp(`from 127\\.0\\.0\\.1 port (?!${s.port}\\b)\\d+, expected 127\\.0\\.0\\.1 port ${s.port}`));
    expect(o.transport).toBe('tcp');
  });

  it('times out after one retry on silence, and waits no third time over TCP', async () => {
    const s = await server({ udp: () => {}, tcp: answerNormally });
    const o = await udp.query(at(s), A);
    expect(summary(o)).toEqual(['udp:initial:timeout', 'udp:retry-after-timeout:timeout']);
    expect(s.udpDatagrams).toHaveLength(2);
    expect(s.tcpConnections).toBe(0);
  });

  it('with fixed timeouts (no table), times out after one retry on silence, then tries TCP', async () => {
    const fixed = createExchangeTransport({ kind: 'udp', protocol: 'udp', exchange: exchangeOverNetwork, policy: loopback, timeoutMs: 200 });
    const s = await server({ udp: () => {}, tcp: answerNormally });
    const o = await fixed.query(at(s), A);
    expect(summary(o)).toEqual(['udp:initial:timeout', 'udp:retry-after-timeout:timeout', 'tcp:tcp-after-udp-failure:response']);
    expect(s.udpDatagrams).toHaveLength(2);
  });

  it("asks a server already silent once per query, and queries sent together are each other's retry", async () => {
    const s = await server({ udp: () => {} });
    const together = await Promise.all([1, 2, 3].map(() => udp.query(at(s), A, { noTcpFallback: true, timeoutMs: 100 })));
    for (const o of together) expect(summary(o)).toEqual(['udp:initial:timeout']);
    const later = await udp.query(at(s), A, { noTcpFallback: true, timeoutMs: 100 });
    expect(summary(later)).toEqual(['udp:initial:timeout']);
    expect(s.udpDatagrams).toHaveLength(4);
  });

  it('is a timeout when nothing answers and fallback is off', async () => {
    const s = await server({ udp: () => {} });
    const o = await udp.query(at(s), A, { noTcpFallback: true, timeoutMs: 100 });
    expect(o.error).toEqual({ kind: 'timeout', message: 'no reply within 100 ms' });
    expect(o.transport).toBe('udp');
    expect(o.attempts).toHaveLength(2);
    expect(o.rttMs).toBeGreaterThanOrEqual(190);
  });

  it('learns of a closed UDP port from ICMP at once and falls back to TCP', async () => {
    const s = await server({ tcp: answerNormally }); // UDP port closed, TCP open
    const started = Date.now();
    const o = await udp.query(at(s), A, { timeoutMs: 2000 });
    expect(summary(o)).toEqual(['udp:initial:unreachable', 'tcp:tcp-after-udp-failure:response']);
    expect(o.attempts[0]?.message).toMatch(/ICMP port unreachable/);
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('reports refused-connection when neither UDP nor TCP listens', async () => {
    const port = await closedUdpPort();
    const o = await udp.query({ address: '127.0.0.1', port }, A, { timeoutMs: 2000 });
    expect(summary(o)).toEqual(['udp:initial:unreachable', 'tcp:tcp-after-udp-failure:refused-connection']);
    expect(o.error?.kind).toBe('refused-connection');
  });

  it('reports malformed reply bytes and keeps them as evidence', async () => {
    const s = await server({
      udp: (q, io) => {
        // Our id, QR set, one question announced, none present.
        const junk = Buffer.from([q.id >> 8, q.id & 0xff, 0x84, 0x00, 0, 1, 0, 0, 0, 0, 0, 0, 0xc0]);
        io.reply(junk);
      },
      tcp: answerNormally,
    });
    const o = await udp.query(at(s), A);
    expect(o.error?.kind).toBe('malformed');
    expect(summary(o)).toEqual(['udp:initial:malformed']);
    expect(Buffer.from(o.responseBase64!, 'base64')).toHaveLength(13);
    expect(o.response).toBeUndefined();
  });

  it('accepts a FORMERR without a question section (RFC 6891 7 fallback needs it)', async () => {
    const s = await server({ udp: (q, io) => io.reply(buildReply(q, { noQuestion: true, answers: [], rcode: 1 })) });
    const o = await udp.query(at(s), A);
    expect(o.response?.rcode).toBe('FORMERR');
  });

  it('asks once more without EDNS after a FORMERR without OPT (RFC 6891 7), and stays without it over TCP', async () => {
    const hasOpt = (raw: Buffer) => (dnsPacket.decode(raw).additionals ?? []).some((r) => r.type === 'OPT');
    const preEdns = (q: TestQuery) => (hasOpt(q.raw) ? buildReply(q, { answers: [], rcode: 1 }) : buildReply(q, { tc: true }));
    const s = await server({
      udp: (q, io) => io.reply(preEdns(q)),
      tcp: (q, io) => io.write(hasOpt(q.raw) ? buildReply(q, { answers: [], rcode: 1 }) : buildReply(q)),
    });
    const o = await udp.query(at(s), A, { dnssecOk: true });
    expect(summary(o)).toEqual(['udp:initial:response', 'udp:no-edns-after-formerr:truncated', 'tcp:tcp-after-truncation:response']);
    expect(o.attempts.map((a) => a.edns)).toEqual([true, false, false]);
    expect(s.udpDatagrams.map(hasOpt)).toEqual([true, false]);
    expect(s.tcpQueries.map((q) => hasOpt(q.raw))).toEqual([false]);
    expect(o.options.edns).toBe(true);
    expect(o.response?.rcode).toBe('NOERROR');
    expect(o.response?.answer[0]?.data).toBe('192.0.2.1');
  });

  it('keeps a FORMERR that carries an OPT (the server speaks EDNS and rejects the query) and one to a query without EDNS', async () => {
    const withOpt = await server({
      udp: (q, io) =>
        io.reply(
          dnsPacket.encode({
            id: q.id,
            type: 'response',
            flags: 1,
            questions: [{ name: q.name, type: 'A', class: 'IN' }],
            additionals: [
              { type: 'OPT', name: '.', udpPayloadSize: 1232, extendedRcode: 0, ednsVersion: 0, flags: 0, flag_do: false, options: [] } as dnsPacket.Answer,
            ],
          } as dnsPacket.Packet),
        ),
    });
    const rejected = await udp.query(at(withOpt), A);
    expect(summary(rejected)).toEqual(['udp:initial:response']);
    expect(rejected.response?.rcode).toBe('FORMERR');

    const plain = await server({ udp: (q, io) => io.reply(buildReply(q, { answers: [], rcode: 1 })) });
    const noEdns = await udp.query(at(plain), A, { edns: false });
    expect(summary(noEdns)).toEqual(['udp:initial:response']);
    expect(plain.udpDatagrams).toHaveLength(1);
  });

  it('passes over a message with QR=0', async () => {
    const s = await server({ udp: (q, io) => io.reply(buildReply(q, { qr: false })) });
    const o = await udp.query(at(s), A, { noTcpFallback: true, timeoutMs: 50 });
    expect(o.error?.kind).toBe('mismatched');
    expect(o.error?.message).toMatch(/QR=0/);
  });
});

describe('UDP transport: address policy', () => {
  it('sends nothing to a private address', async () => {
    const createSocket = vi.spyOn(dgram, 'createSocket');
    const connect = vi.spyOn(net, 'connect');
    const o = await createUdpTransport({ policy: createAddressPolicy() }).query({ address: '10.0.0.53', port: 53 }, A);
    expect(o.error?.kind).toBe('blocked-by-policy');
    expect(o.error?.message).toMatch(/private/);
    expect(o.attempts).toEqual([]);
    expect(createSocket).not.toHaveBeenCalled();
    expect(connect).not.toHaveBeenCalled();
  });

  it('sends nothing to loopback unless allow-listed', async () => {
    const s = await server({ udp: answerNormally, tcp: answerNormally });
    const strict = createUdpTransport({ policy: createAddressPolicy(), timeoutMs: 100 });
    const o = await strict.query(at(s), A);
    expect(o.error?.kind).toBe('blocked-by-policy');
    await new Promise((r) => setTimeout(r, 50));
    expect(s.udpDatagrams).toHaveLength(0);
    expect(s.tcpConnections).toBe(0);
  });

  it('refuses a host name instead of resolving it', async () => {
    const createSocket = vi.spyOn(dgram, 'createSocket');
    const o = await udp.query({ address: 'localhost', port: 53 }, A);
    expect(o.error?.kind).toBe('blocked-by-policy');
    expect(createSocket).not.toHaveBeenCalled();
  });

  it('refuses port 0', async () => {
    const o = await udp.query({ address: '127.0.0.1', port: 0 }, A);
    expect(o.error?.kind).toBe('blocked-by-policy');
  });
});

describe('UDP transport: abort and failures as data', () => {
  it('ends promptly on abort with a timeout-kind "aborted", and does not fall back', async () => {
    const s = await server({ udp: () => {}, tcp: answerNormally });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const started = Date.now();
    const o = await udp.query(at(s), A, { timeoutMs: 5000, signal: controller.signal });
    expect(Date.now() - started).toBeLessThan(500);
    expect(o.error).toEqual({ kind: 'timeout', message: 'aborted' });
    expect(summary(o)).toEqual(['udp:initial:timeout']);
    expect(s.tcpConnections).toBe(0);
  });

  it('sends nothing when the signal is already aborted', async () => {
    const s = await server({ udp: answerNormally });
    const o = await udp.query(at(s), A, { signal: AbortSignal.abort() });
    expect(o.error).toEqual({ kind: 'timeout', message: 'aborted' });
    expect(o.attempts).toEqual([]);
    expect(s.udpDatagrams).toHaveLength(0);
  });

  it('returns a question it cannot encode as an error with no attempts', async () => {
    const o = await udp.query({ address: '127.0.0.1', port: 53 }, { name: `${'a'.repeat(64)}.test`, type: 'A' });
    expect(o.error?.kind).toBe('invalid-query');
    expect(o.error?.message).toMatch(/cannot encode/);
    expect(o.attempts).toEqual([]);
  });

  it('turns nonsense from a caller into an error, never a throw', async () => {
    const o = await udp.query(null as never, null as never, null as never);
    expect(o.error?.kind).toBe('blocked-by-policy');
    const p = await udp.query({ address: '127.0.0.1', port: 53 }, { name: 'x.test', type: 'NOSUCHTYPE' });
    expect(p.error?.kind).toBe('invalid-query');
    expect(p.attempts).toEqual([]);
  });

  it('gives every Observation its own id', async () => {
    const s = await server({ udp: answerNormally });
    const [a, b] = await Promise.all([udp.query(at(s), A), udp.query(at(s), A)]);
    expect(a.id).not.toBe(b.id);
  });
});

// Keep the helper honest: what the test server parses is what the transport sent.
it('test server parses queries', () => {
  expect(parseQuery(Buffer.alloc(3))).toBeNull();
});
