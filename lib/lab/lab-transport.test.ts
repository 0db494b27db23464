import { beforeAll, describe, expect, it } from 'vitest';
import type { Observation } from '@/lib/dns/capture';
import type { QueryOptions } from '@/lib/dns/transport/options';
import { decodeMessage } from '@/lib/dns/wire';
import { buildLab, type Lab } from '@/lib/lab/build-lab';
import { getLab } from '@/lib/lab/get-lab';
import { createLabResolverTransport } from '@/lib/lab/lab-resolver-transport';
import { createLabTransport } from '@/lib/lab/lab-transport';

let lab: Lab;
const slept: number[] = [];
const noSleep = async (ms: number) => {
  slept.push(ms);
};
beforeAll(() => {
  lab = buildLab();
});

const query = (address: string, name: string, type: string, options: QueryOptions = {}, transportOptions = {}): Promise<Observation> =>
  createLabTransport(lab, { sleep: noSleep, ...transportOptions }).query({ address, port: 53 }, { name, type }, options);

const nsNames = (o: Observation) => (o.response?.authority ?? []).filter((rr) => rr.type === 'NS').map((rr) => rr.data);
const outcomes = (o: Observation) => o.attempts.map((a) => `${a.transport}:${a.reason}:${a.outcome}`);

describe('createLabTransport', () => {
  it('is a Transport of kind lab whose observations carry the decoded reply and its raw bytes', async () => {
    const o = await query('192.0.2.11', 'healthy.test', 'NS', {}, { now: () => new Date('2026-11-22T10:00:00Z') });
    expect(createLabTransport(lab).kind).toBe('lab');
    expect(o).toMatchObject({ transport: 'udp', server: { address: '192.0.2.11', port: 53 }, question: { name: 'healthy.test.', type: 'NS', class: 'IN' } });
    expect(o.options).toEqual({ edns: true, udpSize: 1232, dnssecOk: false, recursionDesired: false, checkingDisabled: false, tcp: false });
    expect(o.startedAt).toBe('2026-11-22T10:00:00.000Z');
    expect(o.error).toBeUndefined();
    const raw = decodeMessage(Buffer.from(o.responseBase64!, 'base64'));
    expect(raw.ok && raw.message).toEqual(o.response);
    expect(outcomes(o)).toEqual(['udp:initial:response']);
  });

  it('parent-split.test: the two test. servers give different NS sets', async () => {
    const [a, b] = await Promise.all([query('192.0.2.11', 'parent-split.test', 'NS'), query('2001:db8:100::11', 'parent-split.test', 'NS')]);
    expect(nsNames(a)).toEqual(['ns1.parent-split.test.', 'ns2.parent-split.test.']);
    expect(nsNames(b)).toEqual(['ns1.parent-split.test.', 'ns2.parent-split.test.', 'ns3.parent-split.test.']);
  });

  it('glue-missing.test: a referral with no glue', async () => {
    const o = await query('192.0.2.11', 'glue-missing.test', 'NS');
    expect(nsNames(o)).toHaveLength(2);
    expect(o.response!.additional).toEqual([]);
  });

  it('big-referral.test without EDNS: TC at 512 octets, then the whole referral over TCP', async () => {
    const truncated = await query('192.0.2.11', 'big-referral.test', 'NS', { edns: false, noTcpFallback: true });
    expect(truncated.response!.flags.tc).toBe(true);
    expect(truncated.response!.size).toBeLessThanOrEqual(512);
    expect(outcomes(truncated)).toEqual(['udp:initial:truncated']);
    const full = await query('192.0.2.11', 'big-referral.test', 'NS', { edns: false });
    expect(outcomes(full)).toEqual(['udp:initial:truncated', 'tcp:tcp-after-truncation:response']);
    expect(full.transport).toBe('tcp');
    expect(full.response!.additional).toHaveLength(20);
  });

  it('tcp-broken.test: UDP answers, TCP is refused', async () => {
    const udp = await query('203.0.113.41', 'tcp-broken.test', 'SOA');
    expect(udp.response?.flags.aa).toBe(true);
    const tcp = await query('203.0.113.41', 'tcp-broken.test', 'SOA', { tcp: true });
    expect(tcp.error?.kind).toBe('refused-connection');
    expect(outcomes(tcp)).toEqual(['tcp:initial:refused-connection']);
    expect((await query('198.51.100.41', 'tcp-broken.test', 'SOA', { tcp: true })).response?.flags.aa).toBe(true);
  });

  it('silent: the first attempt waits the unknown-server timeout, the retry twice that, and no third wait over TCP', async () => {
    slept.length = 0;
    const started = performance.now();
    const o = await query('203.0.113.27', 'silent.test', 'SOA', { timeoutMs: 1500 });
    expect(performance.now() - started).toBeLessThan(200);
    expect(o.error?.kind).toBe('timeout');
    expect(outcomes(o)).toEqual(['udp:initial:timeout', 'udp:retry-after-timeout:timeout']);
    expect(o.attempts.map((a) => a.rttMs)).toEqual([400, 800]);
    expect(o.rttMs).toBe(1200);
    expect(slept).toEqual([400, 800]);
  });

  it('silent, with fixed timeouts: the requested timeout, retried as the UDP transport does', async () => {
    slept.length = 0;
    const o = await query('203.0.113.27', 'silent.test', 'SOA', { timeoutMs: 800 }, { timeouts: false });
    expect(outcomes(o)).toEqual(['udp:initial:timeout', 'udp:retry-after-timeout:timeout', 'tcp:tcp-after-udp-failure:timeout']);
    expect(o.attempts.map((a) => a.rttMs)).toEqual([800, 800, 800]);
    expect(slept).toEqual([800, 800, 800]);
  });

  it('adaptive timeouts: learnt from answers, within the floor; a silent server asked by several queries at once waits once', async () => {
    const transport = createLabTransport(lab, { sleep: noSleep, rttMs: 40 });
    const ask = (address: string, name: string, options: QueryOptions = {}) => transport.query({ address, port: 53 }, { name, type: 'SOA' }, options);
    // An answered server: its timeout is learnt (2 × 40 ms, under the 250 ms floor).
    expect((await ask('198.51.100.27', 'silent.test')).response?.flags.aa).toBe(true);
    const together = await Promise.all(
      ['SOA', 'NS', 'DNSKEY'].map((type) => transport.query({ address: '203.0.113.27', port: 53 }, { name: 'silent.test', type })),
    );
    for (const o of together) expect(outcomes(o)).toEqual(['udp:initial:timeout']);
    expect(together.map((o) => o.rttMs)).toEqual([400, 400, 400]);
    // Known silent now: one attempt, at the backed-off timeout.
    const again = await ask('203.0.113.27', 'silent.test');
    expect(outcomes(again)).toEqual(['udp:initial:timeout']);
    expect(again.rttMs).toBe(800);
  });

  it('an address with no lab server: unreachable at once', async () => {
    const o = await query('198.51.100.123', 'glue-stale.test', 'SOA');
    expect(o.error?.kind).toBe('unreachable');
    expect(o.rttMs).toBe(0);
    expect(outcomes(o)).toEqual(['udp:initial:unreachable', 'tcp:tcp-after-udp-failure:unreachable']);
  });

  it('another port than 53: refused, as a closed port on a real host', async () => {
    const o = await createLabTransport(lab, { sleep: noSleep }).query({ address: '192.0.2.1', port: 5353 }, { name: '.', type: 'NS' });
    expect(o.error?.kind).toBe('refused-connection');
  });

  it('simulates a per-server round trip', async () => {
    const o = await query('192.0.2.1', '.', 'NS', {}, { rttMs: (s: { name: string }) => (s.name === 'a.root-servers.test.' ? 20 : 0) });
    expect(o.rttMs).toBe(20);
    expect(o.attempts[0]!.rttMs).toBe(20);
  });

  it('formerr-on-edns: asked once more without EDNS, as the network transports do (RFC 6891 7)', async () => {
    const o = await query('203.0.113.43', 'edns-broken.test', 'SOA', { dnssecOk: true });
    expect(outcomes(o)).toEqual(['udp:initial:response', 'udp:no-edns-after-formerr:response']);
    expect(o.attempts.map((a) => a.edns)).toEqual([true, false]);
    expect(o.options.edns).toBe(true); // what was asked for; the attempts say what was sent
    expect(o.response).toMatchObject({ rcode: 'NOERROR', flags: { aa: true } });
    expect(o.response?.edns).toBeUndefined();
    // Over TCP too, and a normal server is asked once.
    expect(outcomes(await query('203.0.113.43', 'edns-broken.test', 'SOA', { tcp: true }))).toEqual([
      'tcp:initial:response',
      'tcp:no-edns-after-formerr:response',
    ]);
    expect(outcomes(await query('198.51.100.43', 'edns-broken.test', 'SOA'))).toEqual(['udp:initial:response']);
  });

  it('an aborted signal ends the query without waiting', async () => {
    const controller = new AbortController();
    controller.abort();
    const o = await query('203.0.113.27', 'silent.test', 'SOA', { signal: controller.signal });
    expect(o.error).toEqual({ kind: 'timeout', message: 'aborted' });
  });

  it('records our own failures as the network transports do: a bug is internal, an unencodable question invalid-query', async () => {
    // Regression: the lab's copy of the rules called both `malformed`, blaming the server.
    const bug = await query(
      '192.0.2.1',
      '.',
      'NS',
      {},
      {
        rttMs: () => {
          throw new Error('boom');
        },
      },
    );
    expect(bug.error).toEqual({ kind: 'internal', message: 'internal error: boom' });
    const unencodable = await query('192.0.2.1', `${'a'.repeat(64)}.test`, 'A');
    expect(unencodable.error?.kind).toBe('invalid-query');
    expect(unencodable.attempts).toEqual([]);
  });

  it('passes DO, CD and RD through to the server', async () => {
    const o = await query('198.51.100.20', 'healthy.test', 'DNSKEY', { dnssecOk: true, checkingDisabled: true, recursionDesired: true });
    expect(o.response!.flags).toMatchObject({ rd: true, cd: true, aa: true });
    expect(o.response!.answer.map((rr) => rr.type)).toEqual(['DNSKEY', 'DNSKEY', 'RRSIG']);
  });
});

describe('createLabResolverTransport', () => {
  it('answers recursive questions from the lab resolver, as an Observation', async () => {
    const resolver = createLabResolverTransport(lab, { now: () => new Date('2026-11-22T10:00:00Z') });
    const o = await resolver.query(resolver.server, { name: 'ns1.c.deep.test', type: 'A' });
    expect(o).toMatchObject({ transport: 'lab', server: { address: '192.0.2.53' }, options: { recursionDesired: true } });
    expect(o.response).toMatchObject({ rcode: 'NOERROR', flags: { ra: true, rd: true, aa: false } });
    expect(o.response!.answer.map((rr) => rr.data)).toEqual(['198.51.100.51']);
    expect(outcomes(o)).toEqual(['lab:initial:response']);
    expect((await resolver.query(resolver.server, { name: 'ns.expired-dns.test', type: 'AAAA' })).response?.rcode).toBe('NXDOMAIN');
  });
});

describe('getLab', () => {
  it('builds once per process and again when the signatures grow old', () => {
    const first = getLab(new Date('2026-11-22T00:00:00Z'));
    expect(getLab(new Date('2026-11-25T00:00:00Z'))).toBe(first);
    expect(getLab(new Date('2026-12-01T00:00:00Z'))).not.toBe(first);
  });
});
