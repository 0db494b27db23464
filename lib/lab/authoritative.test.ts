import { beforeAll, describe, expect, it } from 'vitest';
import type { DecodedMessage } from '@/lib/dns/wire/types';
import { decodeMessage, encodeMessage } from '@/lib/dns/wire';
import { acceptsTcp, serveQuery } from '@/lib/lab/authoritative';
import { buildLab, type Lab } from '@/lib/lab/build-lab';
import { ask, lines } from '@/lib/lab/test-helpers';
import { proveDsAbsence } from '@/lib/dns/dnssec/denial';
import type { Nsec3Data } from '@/lib/dns/wire/types';

const ROOT = '192.0.2.1';
const TLD1 = '192.0.2.11';
const TLD2 = '198.51.100.11';

let lab: Lab;
beforeAll(() => {
  lab = buildLab({ now: new Date('2026-11-22T00:00:00Z') });
});

const must = (m: DecodedMessage | null): DecodedMessage => {
  expect(m).not.toBeNull();
  return m!;
};
const types = (records: DecodedMessage['answer']) => records.map((rr) => rr.type);

describe('answers like an authoritative server', () => {
  it('root priming: the root NS, authoritatively, with the server address as additional data', () => {
    const m = must(ask(lab, ROOT, '.', 'NS'));
    expect(m.flags).toMatchObject({ qr: true, aa: true, ra: false });
    expect(lines(m.answer)).toEqual(['. NS a.root-servers.test.']);
    expect(lines(m.additional)).toEqual(['a.root-servers.test. A 192.0.2.1', 'a.root-servers.test. AAAA 2001:db8:2::1']);
  });

  it('refers from the root to test. with glue, without AA', () => {
    const m = must(ask(lab, ROOT, 'www.healthy.test', 'A'));
    expect(m.rcode).toBe('NOERROR');
    expect(m.flags.aa).toBe(false);
    expect(m.answer).toEqual([]);
    expect(lines(m.authority)).toEqual(['test. NS ns1.nic.test.', 'test. NS ns2.nic.test.']);
    expect(lines(m.additional)).toEqual([
      'ns1.nic.test. A 192.0.2.11',
      'ns1.nic.test. AAAA 2001:db8:2::11',
      'ns2.nic.test. A 198.51.100.11',
      'ns2.nic.test. AAAA 2001:db8:100::11',
    ]);
  });

  it('refers from test. to healthy.test with v4 and v6 glue; DS and its RRSIG only with DO', () => {
    const plain = must(ask(lab, TLD1, 'www.healthy.test', 'A'));
    expect(types(plain.authority)).toEqual(['NS', 'NS']);
    expect(lines(plain.additional)).toEqual([
      'ns1.healthy.test. A 198.51.100.20',
      'ns1.healthy.test. AAAA 2001:db8:100::20',
      'ns2.healthy.test. A 203.0.113.20',
      'ns2.healthy.test. AAAA 2001:db8:113::20',
    ]);
    const secure = must(ask(lab, TLD1, 'www.healthy.test', 'A', { dnssecOk: true }));
    expect(types(secure.authority)).toEqual(['NS', 'NS', 'DS', 'RRSIG']);
    expect(secure.edns?.dnssecOk).toBe(true);
  });

  it('proves an insecure delegation with the signed NSEC at the cut (RFC 4035 3.1.4.1)', () => {
    const m = must(ask(lab, TLD1, 'lame.test', 'SOA', { dnssecOk: true }));
    expect(types(m.authority)).toEqual(['NS', 'NS', 'NSEC', 'RRSIG']);
    expect(m.authority[2]!.data).toMatchObject({ types: ['NS', 'RRSIG', 'NSEC'] });
  });

  it('gives no glue for glue-missing.test, and takes no AA for a referral', () => {
    const m = must(ask(lab, TLD1, 'glue-missing.test', 'NS'));
    expect(m.flags.aa).toBe(false);
    expect(lines(m.authority)).toEqual(['glue-missing.test. NS ns1.glue-missing.test.', 'glue-missing.test. NS ns2.glue-missing.test.']);
    expect(m.additional).toEqual([]);
  });

  it('answers NXDOMAIN for names that exist nowhere, with the SOA at its negative TTL (RFC 2308)', () => {
    const m = must(ask(lab, TLD1, 'nonexistent.test', 'A'));
    expect(m.rcode).toBe('NXDOMAIN');
    expect(m.flags.aa).toBe(true);
    expect(lines(m.authority)).toEqual([
      'test. SOA ' +
        JSON.stringify({ mname: 'ns1.nic.test.', rname: 'hostmaster.nic.test.', serial: 2026112201, refresh: 1800, retry: 900, expire: 604800, minimum: 3600 }),
    ]);
    expect(m.authority[0]!.ttl).toBe(3600);
    expect(must(ask(lab, ROOT, 'example.com', 'A')).rcode).toBe('NXDOMAIN');
    expect(must(ask(lab, TLD1, 'expired-dns.test', 'NS')).rcode).toBe('NXDOMAIN');
  });

  it('proves NXDOMAIN with NSEC over the name and over the wildcard when DO is set', () => {
    const m = must(ask(lab, TLD1, 'nonexistent.test', 'A', { dnssecOk: true }));
    expect(types(m.authority)).toEqual(['SOA', 'RRSIG', 'NSEC', 'RRSIG', 'NSEC', 'RRSIG']);
    const spans = m.authority.filter((rr) => rr.type === 'NSEC').map((rr) => `${rr.name}→${(rr.data as { nextDomain: string }).nextDomain}`);
    // nonexistent.test sorts between no-denial.test and ns-mismatch.test; *.test before algo-rollover.test.
    expect(spans).toEqual(['no-denial.test.→ns-mismatch.test.', 'test.→algo-rollover.test.']);
  });

  it('answers NODATA with the SOA, also for an empty non-terminal', () => {
    const nodata = must(ask(lab, '198.51.100.20', 'www.healthy.test', 'MX'));
    expect(nodata).toMatchObject({ rcode: 'NOERROR', answer: [], flags: { aa: true } });
    expect(types(nodata.authority)).toEqual(['SOA']);
    const ent = must(ask(lab, TLD1, 'nic.test', 'A', { dnssecOk: true }));
    expect(ent).toMatchObject({ rcode: 'NOERROR', answer: [] });
    expect(types(ent.authority)).toEqual(['SOA', 'RRSIG', 'NSEC', 'RRSIG']);
  });

  it('answers authoritatively, with RRSIGs only when DO is set', () => {
    const m = must(ask(lab, '198.51.100.20', 'www.healthy.test', 'A'));
    expect(m.flags.aa).toBe(true);
    expect(lines(m.answer)).toEqual(['www.healthy.test. A 203.0.113.80']);
    expect(types(must(ask(lab, '198.51.100.20', 'www.healthy.test', 'A', { dnssecOk: true })).answer)).toEqual(['A', 'RRSIG']);
  });

  it('answers a question for RRSIG with every signature at the name', () => {
    const m = must(ask(lab, '198.51.100.20', 'healthy.test', 'RRSIG'));
    expect(m.answer.length).toBeGreaterThan(3);
    expect(new Set(m.answer.map((rr) => rr.type))).toEqual(new Set(['RRSIG']));
    expect(must(ask(lab, '198.51.100.24', 'lame.test', 'RRSIG')).answer).toEqual([]);
  });

  it('adds the addresses of NS and MX targets it holds', () => {
    const ns = must(ask(lab, '198.51.100.20', 'healthy.test', 'NS'));
    expect(types(ns.additional)).toEqual(['A', 'AAAA', 'A', 'AAAA']);
    const mx = must(ask(lab, '198.51.100.20', 'healthy.test', 'MX'));
    expect(lines(mx.additional)).toEqual(['mail.healthy.test. A 203.0.113.81', 'mail.healthy.test. AAAA 2001:db8:113::81']);
  });

  it('follows a CNAME within the zone', () => {
    const m = must(ask(lab, '198.51.100.28', 'ns2.cname-ns.test', 'A'));
    expect(lines(m.answer)).toEqual(['ns2.cname-ns.test. CNAME host.cname-ns.test.', 'host.cname-ns.test. A 203.0.113.28']);
    expect(lines(must(ask(lab, '198.51.100.28', 'ns2.cname-ns.test', 'CNAME')).answer)).toEqual(['ns2.cname-ns.test. CNAME host.cname-ns.test.']);
  });

  it('answers DS from the parent side; a child-only server has none (RFC 4035 3.1.4.1)', () => {
    const parent = must(ask(lab, TLD1, 'healthy.test', 'DS'));
    expect(parent.flags.aa).toBe(true);
    expect(types(parent.answer)).toEqual(['DS']);
    const child = must(ask(lab, '198.51.100.20', 'healthy.test', 'DS'));
    expect(child).toMatchObject({ rcode: 'NOERROR', answer: [] });
    expect(child.authority[0]!.name).toBe('healthy.test.');
  });

  it('serves parent and child from one server: the child for its data, the parent for DS', () => {
    const soa = must(ask(lab, '198.51.100.51', 'b.c.deep.test', 'SOA'));
    expect(soa.flags.aa).toBe(true);
    expect(soa.answer[0]!.name).toBe('b.c.deep.test.');
    const ds = must(ask(lab, '198.51.100.51', 'b.c.deep.test', 'DS'));
    expect(ds.authority[0]).toMatchObject({ name: 'c.deep.test.', type: 'SOA' });
    const below = must(ask(lab, '198.51.100.51', 'www.a.b.c.deep.test', 'A'));
    expect(lines(below.authority)).toEqual(['a.b.c.deep.test. NS ns1.a.b.c.deep.test.', 'a.b.c.deep.test. NS ns2.a.b.c.deep.test.']);
  });

  it('refuses names outside its zones', () => {
    const m = must(ask(lab, '198.51.100.20', 'lame.test', 'SOA'));
    expect(m).toMatchObject({ rcode: 'REFUSED', flags: { aa: false }, answer: [] });
  });
});

describe('EDNS and message handling', () => {
  it('echoes OPT only when the query had one, with DO copied (RFC 6891 7, RFC 3225 3)', () => {
    expect(must(ask(lab, TLD1, 'test', 'SOA', { edns: false })).edns).toBeUndefined();
    expect(must(ask(lab, TLD1, 'test', 'SOA')).edns).toMatchObject({ udpSize: 1232, version: 0, dnssecOk: false });
  });

  it('answers BADVERS to EDNS version 1 (RFC 6891 6.1.3)', () => {
    const packet = encodeMessage({ id: 7, question: [{ name: 'test.', type: 'SOA' }], edns: { udpSize: 1232, version: 1 } });
    const reply = decodeMessage(serveQuery(lab.serverAt(TLD1)!, packet, 'udp')!);
    expect(reply.ok && reply.message.rcode).toBe('BADVERS');
  });

  it('answers NOTIMP to other opcodes, FORMERR to garbage with a header, nothing to responses or scraps', () => {
    const server = lab.serverAt(TLD1)!;
    const notify = decodeMessage(serveQuery(server, encodeMessage({ id: 8, opcode: 'NOTIFY', question: [{ name: 'test.', type: 'SOA' }] }), 'udp')!);
    expect(notify.ok && notify.message.rcode).toBe('NOTIMP');
    const garbage = Buffer.from('0009000000010000000000000377777700', 'hex');
    const formerr = decodeMessage(serveQuery(server, garbage, 'udp')!);
    expect(formerr.ok && formerr.message).toMatchObject({ id: 9, rcode: 'FORMERR' });
    expect(serveQuery(server, encodeMessage({ id: 10, flags: { qr: true }, question: [{ name: 'test.', type: 'SOA' }] }), 'udp')).toBeNull();
    expect(serveQuery(server, Buffer.from([1, 2, 3]), 'udp')).toBeNull();
  });

  it('gives a query asked again the same reply under its own ID, and each wire its own', () => {
    const server = lab.serverAt(TLD1)!;
    const query = (id: number) => encodeMessage({ id, question: [{ name: 'big-referral.test.', type: 'NS' }] });
    const first = serveQuery(server, query(11), 'udp')!;
    const again = serveQuery(server, query(12), 'udp')!;
    expect(first.readUInt16BE(0)).toBe(11);
    expect(again.readUInt16BE(0)).toBe(12);
    expect(again.subarray(2)).toEqual(first.subarray(2));
    // Without EDNS over UDP the referral is cut (TC); over TCP the same packet gets it whole.
    const tcp = serveQuery(server, query(13), 'tcp')!;
    expect(tcp.readUInt16BE(0)).toBe(13);
    expect(tcp.length).toBeGreaterThan(first.length);
    const [udpReply, tcpReply] = [decodeMessage(first), decodeMessage(tcp)];
    expect(udpReply.ok && udpReply.message.flags.tc).toBe(true);
    expect(tcpReply.ok && tcpReply.message.flags.tc).toBe(false);
  });

  it('truncates the big referral to 512 octets without EDNS, with TC (RFC 9471), and fits it with EDNS', () => {
    const classic = serveQuery(lab.serverAt(TLD1)!, Buffer.from(encodeQueryBytes('big-referral.test', 'NS', false)), 'udp')!;
    expect(classic.length).toBeLessThanOrEqual(512);
    const small = must(decodeOk(classic));
    expect(small.flags.tc).toBe(true);
    expect(small.authority).toHaveLength(10);
    expect(small.additional.length).toBeLessThan(20);
    const edns = must(ask(lab, TLD1, 'big-referral.test', 'NS'));
    expect(edns.flags.tc).toBe(false);
    expect(edns.additional).toHaveLength(20);
    expect(edns.size).toBeGreaterThan(512);
    expect(must(ask(lab, TLD1, 'big-referral.test', 'NS', { edns: false, wire: 'tcp' })).flags.tc).toBe(false);
  });
});

describe('behaviours', () => {
  it('refused, servfail: the rcode, no AA, no data', () => {
    expect(must(ask(lab, '203.0.113.24', 'lame.test', 'SOA'))).toMatchObject({ rcode: 'REFUSED', flags: { aa: false }, answer: [] });
    expect(must(ask(lab, '203.0.113.25', 'lame-servfail.test', 'SOA'))).toMatchObject({ rcode: 'SERVFAIL', flags: { aa: false }, answer: [] });
    expect(must(ask(lab, '198.51.100.24', 'lame.test', 'SOA')).flags.aa).toBe(true);
  });

  it('no-aa: the right data without the AA bit', () => {
    const m = must(ask(lab, '203.0.113.26', 'lame-noaa.test', 'SOA'));
    expect(m.flags.aa).toBe(false);
    expect(types(m.answer)).toEqual(['SOA']);
  });

  it('silent: no reply at all, over UDP and TCP', () => {
    expect(ask(lab, '203.0.113.27', 'silent.test', 'SOA')).toBeNull();
    expect(ask(lab, '203.0.113.27', 'silent.test', 'SOA', { wire: 'tcp' })).toBeNull();
    expect(ask(lab, '198.51.100.142', 'flapping.test', 'SOA')).toBeNull();
  });

  it('udp-only: answers over UDP and takes no TCP connection', () => {
    expect(must(ask(lab, '203.0.113.41', 'tcp-broken.test', 'SOA')).flags.aa).toBe(true);
    expect(acceptsTcp(lab.serverAt('203.0.113.41')!)).toBe(false);
    expect(acceptsTcp(lab.serverAt('198.51.100.41')!)).toBe(true);
  });

  it('formerr-on-edns: FORMERR without OPT to EDNS queries, a normal answer without EDNS', () => {
    const withEdns = must(ask(lab, '203.0.113.43', 'edns-broken.test', 'SOA'));
    expect(withEdns.rcode).toBe('FORMERR');
    expect(withEdns.edns).toBeUndefined();
    expect(must(ask(lab, '203.0.113.43', 'edns-broken.test', 'SOA', { edns: false }))).toMatchObject({ rcode: 'NOERROR', flags: { aa: true } });
  });

  it('glue-without-tc: without EDNS, all A glue and the AAAA that fits, no TC (NSD 4.6, BIND 9.18); TC when no glue fits', () => {
    const m = must(ask(lab, '198.51.100.65', 'physics.campus.test', 'NS', { edns: false }));
    expect(m.flags.tc).toBe(false);
    expect(m.size).toBeLessThanOrEqual(512);
    expect(m.authority).toHaveLength(6);
    const a = m.additional.filter((r) => r.type === 'A');
    const aaaa = m.additional.filter((r) => r.type === 'AAAA');
    expect(a).toHaveLength(6);
    expect(aaaa.length).toBeGreaterThan(0);
    expect(aaaa.length).toBeLessThan(6);
    // With EDNS everything fits; the same question to an RFC 9471 server would have set TC.
    expect(must(ask(lab, '198.51.100.65', 'physics.campus.test', 'NS')).additional).toHaveLength(12);
  });

  it("out-of-zone-glue: referrals carry the zone file's address for an NS name outside the zone", () => {
    const m = must(ask(lab, '198.51.100.63', 'store.brand.test', 'NS'));
    expect(m.flags.aa).toBe(false);
    expect(lines(m.authority)).toEqual(['store.brand.test. NS ns1.dns-provider.test.', 'store.brand.test. NS ns2.dns-provider.test.']);
    expect(lines(m.additional)).toEqual(['ns1.dns-provider.test. A 198.51.100.183', 'ns1.dns-provider.test. AAAA 2001:db8:100::183']);
    // Out-of-zone data is not zone data: never an answer.
    expect(must(ask(lab, '198.51.100.63', 'ns1.dns-provider.test', 'A')).rcode).toBe('REFUSED');
  });

  it('nxdomain-for-ent: NXDOMAIN for an empty non-terminal, the rest as usual', () => {
    expect(must(ask(lab, '198.51.100.66', 'dept.broken-ent.test', 'NS'))).toMatchObject({ rcode: 'NXDOMAIN', flags: { aa: true } });
    expect(must(ask(lab, '198.51.100.66', 'cs.dept.broken-ent.test', 'NS')).authority.filter((rr) => rr.type === 'NS')).toHaveLength(2);
    expect(must(ask(lab, '198.51.100.66', 'www.broken-ent.test', 'A')).rcode).toBe('NOERROR');
    expect(must(ask(lab, '198.51.100.66', 'nothing.broken-ent.test', 'A')).rcode).toBe('NXDOMAIN');
  });

  it('no-denial: the DS NODATA, the referral and NXDOMAIN with no NSEC or its RRSIG; the signed data as usual', () => {
    for (const address of ['198.51.100.82', '203.0.113.82']) {
      const ds = must(ask(lab, address, 'shop.no-denial.test', 'DS', { dnssecOk: true }));
      expect(ds).toMatchObject({ rcode: 'NOERROR', flags: { aa: true }, answer: [] });
      expect(types(ds.authority)).toEqual(['SOA', 'RRSIG']);
      const referral = must(ask(lab, address, 'www.shop.no-denial.test', 'A', { dnssecOk: true }));
      expect(types(referral.authority)).toEqual(['NS', 'NS']);
      expect(types(must(ask(lab, address, 'nothing.no-denial.test', 'A', { dnssecOk: true })).authority)).toEqual(['SOA', 'RRSIG']);
      expect(types(must(ask(lab, address, 'www.no-denial.test', 'A', { dnssecOk: true })).answer)).toEqual(['A', 'RRSIG']);
    }
    // The zone has its NSEC chain: a normal server (the export's) would send it.
    expect(lab.zones.get('no-denial.test.')!.current.rrsets.get('shop.no-denial.test.')!.has('NSEC')).toBe(true);
  });

  it('NSEC3 opt-out (optout.test): DS absence and referrals by the closest encloser proof, which proveDsAbsence accepts (RFC 5155 7.2)', () => {
    const REGISTRY = '198.51.100.86';
    const ds = must(ask(lab, REGISTRY, 'shop.optout.test', 'DS', { dnssecOk: true }));
    expect(ds).toMatchObject({ rcode: 'NOERROR', flags: { aa: true }, answer: [] });
    expect(types(ds.authority)).toEqual(['SOA', 'RRSIG', 'NSEC3', 'RRSIG', 'NSEC3', 'RRSIG']);
    const covering = ds.authority.filter((rr) => rr.type === 'NSEC3').map((rr) => rr.data as Nsec3Data);
    expect(covering.every((d) => d.flags === 1 && d.iterations === 0 && d.salt === '')).toBe(true);
    expect(proveDsAbsence('shop.optout.test.', 'optout.test.', ds.authority)).toMatchObject({ proven: true, by: 'nsec3-opt-out' });

    const referral = must(ask(lab, REGISTRY, 'www.shop.optout.test', 'A', { dnssecOk: true }));
    expect(referral.flags.aa).toBe(false);
    expect(types(referral.authority)).toEqual(['NS', 'NS', 'NSEC3', 'RRSIG', 'NSEC3', 'RRSIG']);
    expect(proveDsAbsence('shop.optout.test.', 'optout.test.', referral.authority)).toMatchObject({ proven: true, by: 'nsec3-opt-out' });

    // The signed registrant: its DS, signed; no NSEC3 needed.
    expect(types(must(ask(lab, REGISTRY, 'www.bank.optout.test', 'A', { dnssecOk: true })).authority)).toEqual(['NS', 'NS', 'DS', 'RRSIG']);
    // NODATA at a name with an NSEC3 of its own: that one NSEC3.
    const nodata = must(ask(lab, REGISTRY, 'whois.optout.test', 'TXT', { dnssecOk: true }));
    expect(types(nodata.authority)).toEqual(['SOA', 'RRSIG', 'NSEC3', 'RRSIG']);
    expect((nodata.authority[2]!.data as Nsec3Data).types).toEqual(['A', 'AAAA', 'RRSIG']);
    // NXDOMAIN: the closest encloser (the apex), the next closer name and the wildcard, at most three NSEC3.
    const nx = must(ask(lab, REGISTRY, 'nothing.optout.test', 'A', { dnssecOk: true }));
    expect(nx.rcode).toBe('NXDOMAIN');
    expect(nx.authority.filter((rr) => rr.type === 'NSEC3').length).toBeGreaterThanOrEqual(2);
    expect(nx.authority.some((rr) => rr.type === 'NSEC')).toBe(false);
    // Without DO, no proofs at all.
    expect(types(must(ask(lab, REGISTRY, 'shop.optout.test', 'DS')).authority)).toEqual(['SOA']);
  });

  it('stale: an older serial and older data on the stale server only', () => {
    const serial = (address: string) => (must(ask(lab, address, 'serial-drift.test', 'SOA')).answer[0]!.data as { serial: number }).serial;
    expect(serial('198.51.100.30')).toBe(2026112201);
    expect(serial('203.0.113.30')).toBe(2026111501);
    expect(lines(must(ask(lab, '203.0.113.30', 'www.serial-drift.test', 'A')).answer)).toEqual(['www.serial-drift.test. A 203.0.113.79']);
  });

  it('stale with staleFaults: the stale server serves the old serial with signatures that expired 10 days ago', () => {
    const now = new Date('2026-11-22T00:00:00Z').getTime() / 1000;
    const soa = (address: string) => must(ask(lab, address, 'stale-sigs.test', 'SOA', { dnssecOk: true })).answer;
    const [fresh, old] = [soa('198.51.100.85'), soa('203.0.113.85')];
    expect([fresh[0]!.data, old[0]!.data]).toMatchObject([{ serial: 2026120301 }, { serial: 2026102301 }]);
    expect(fresh[1]!.data).toMatchObject({ expiration: now + 30 * 86400 });
    expect(old[1]!.data).toMatchObject({ expiration: now - 10 * 86400 });
  });

  it('stale test. copy: the two TLD servers disagree on parent-split.test only', () => {
    const ns = (address: string, name: string) =>
      must(ask(lab, address, name, 'NS'))
        .authority.filter((rr) => rr.type === 'NS')
        .map((rr) => rr.data);
    expect(ns(TLD1, 'parent-split.test')).toEqual(['ns1.parent-split.test.', 'ns2.parent-split.test.']);
    expect(ns(TLD2, 'parent-split.test')).toEqual(['ns1.parent-split.test.', 'ns2.parent-split.test.', 'ns3.parent-split.test.']);
    expect(ns(TLD2, 'healthy.test')).toEqual(ns(TLD1, 'healthy.test'));
    expect(must(ask(lab, TLD2, 'test', 'SOA')).answer[0]!.data).toEqual(must(ask(lab, TLD1, 'test', 'SOA')).answer[0]!.data);
  });
});

function encodeQueryBytes(name: string, type: string, edns: boolean): Buffer {
  return encodeMessage({ id: 11, question: [{ name, type }], ...(edns ? { edns: { udpSize: 1232 } } : {}) });
}

function decodeOk(bytes: Buffer): DecodedMessage | null {
  const d = decodeMessage(bytes);
  return d.ok ? d.message : null;
}
