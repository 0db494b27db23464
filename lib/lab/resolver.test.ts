import { beforeAll, describe, expect, it } from 'vitest';
import type { DecodedMessage } from '@/lib/dns/wire/types';
import { decodeMessage, encodeMessage, encodeQuery } from '@/lib/dns/wire';
import { buildLab, type Lab } from '@/lib/lab/build-lab';
import { LAB_SERVERS } from '@/lib/lab/manifest';
import { resolveInLab } from '@/lib/lab/resolver';
import { ask, lines } from '@/lib/lab/test-helpers';
import { createLabResolverTransport } from '@/lib/lab/lab-resolver-transport';

let lab: Lab;
beforeAll(() => {
  lab = buildLab();
});

async function resolve(name: string, type: string, options: { dnssecOk?: boolean; maxQueries?: number; edns?: boolean } = {}): Promise<DecodedMessage> {
  const query = decodeMessage(encodeQuery({ name, type }, { id: 77, recursionDesired: true, dnssecOk: options.dnssecOk ?? false, edns: options.edns ?? true }));
  if (!query.ok) throw new Error(query.error.message);
  const reply = decodeMessage(encodeMessage(await resolveInLab(lab, query.message, { maxQueries: options.maxQueries })));
  if (!reply.ok) throw new Error(reply.error.message);
  return reply.message;
}

describe('resolveInLab', () => {
  it('as a transport, answers a question asked again the same, each reply under its own query ID', async () => {
    const resolver = createLabResolverTransport(lab);
    const [first, again, other] = await Promise.all([
      resolver.query(resolver.server, { name: 'www.healthy.test.', type: 'A' }),
      resolver.query(resolver.server, { name: 'www.healthy.test.', type: 'A' }),
      resolver.query(resolver.server, { name: 'www.healthy.test.', type: 'AAAA' }),
    ]);
    // Each query goes out under a fresh random ID; a reply under another would be 'mismatched'.
    for (const o of [first, again, other]) expect(o.error).toBeUndefined();
    expect(lines(first.response!.answer)).toEqual(['www.healthy.test. A 203.0.113.80']);
    expect(lines(again.response!.answer)).toEqual(lines(first.response!.answer));
    expect(other.response!.answer.every((rr) => rr.type === 'AAAA')).toBe(true);
  });

  it('resolves from the lab root like a recursive resolver: RA set, RD echoed, no AA, no AD', async () => {
    const m = await resolve('www.healthy.test', 'A');
    expect(m).toMatchObject({ id: 77, rcode: 'NOERROR', flags: { qr: true, ra: true, rd: true, aa: false, ad: false } });
    expect(lines(m.answer)).toEqual(['www.healthy.test. A 203.0.113.80']);
    expect(m.edns?.udpSize).toBe(1232);
    expect((await resolve('www.healthy.test', 'A', { edns: false })).edns).toBeUndefined();
  });

  it('returns RRSIGs when asked with DO', async () => {
    expect((await resolve('healthy.test', 'DNSKEY', { dnssecOk: true })).answer.map((rr) => rr.type)).toEqual(['DNSKEY', 'DNSKEY', 'RRSIG']);
  });

  it('follows CNAMEs', async () => {
    expect(lines((await resolve('ns2.cname-ns.test', 'AAAA')).answer)).toEqual([
      'ns2.cname-ns.test. CNAME host.cname-ns.test.',
      'host.cname-ns.test. AAAA 2001:db8:113::28',
    ]);
  });

  it('answers NXDOMAIN with the SOA for names that exist nowhere, and NODATA with the SOA', async () => {
    const nx = await resolve('nonexistent.test', 'A');
    expect(nx.rcode).toBe('NXDOMAIN');
    expect(nx.authority.map((rr) => rr.type)).toEqual(['SOA']);
    expect((await resolve('ns.expired-dns.test', 'A')).rcode).toBe('NXDOMAIN');
    expect((await resolve('www.example.com', 'A')).rcode).toBe('NXDOMAIN');
    const nodata = await resolve('www.healthy.test', 'TXT');
    expect(nodata).toMatchObject({ rcode: 'NOERROR', answer: [] });
    expect(nodata.authority.map((rr) => rr.type)).toEqual(['SOA']);
  });

  it('walks all four cuts of deep.test, through a parent and child on one server', async () => {
    expect(lines((await resolve('www.a.b.c.deep.test', 'A')).answer)).toEqual(['www.a.b.c.deep.test. A 203.0.113.80']);
  });

  it('gets past lame, silent, TCP-less and EDNS-broken servers to a working one', async () => {
    for (const zone of ['lame.test', 'lame-servfail.test', 'lame-noaa.test', 'silent.test', 'tcp-broken.test', 'edns-broken.test', 'flapping.test']) {
      expect((await resolve(`www.${zone}`, 'A')).rcode, zone).toBe('NOERROR');
    }
  });

  it('retries a truncated referral over TCP', async () => {
    expect(lines((await resolve('www.big-referral.test', 'A')).answer)).toEqual(['www.big-referral.test. A 203.0.113.80']);
  });

  it('fails with SERVFAIL where resolution is impossible: no glue for in-domain servers', async () => {
    expect((await resolve('www.glue-missing.test', 'A')).rcode).toBe('SERVFAIL');
  });

  it('stops at its query budget', async () => {
    expect((await resolve('www.a.b.c.deep.test', 'A', { maxQueries: 3 })).rcode).toBe('SERVFAIL');
  });

  it("resolves every lab server's name to its addresses (the manifest and the zone files agree)", async () => {
    for (const server of LAB_SERVERS) {
      // Unreachable through the resolver by design: no glue; a provider gone dark; one that drops the resolver.
      if (['.glue-missing.test.', '.gone-dns.test.', '.firewalled-dns.test.', '.lame-all.test.'].some((z) => server.name.endsWith(z))) continue;
      const a = (await resolve(server.name, 'A')).answer.filter((rr) => rr.type === 'A').map((rr) => rr.data);
      const aaaa = (await resolve(server.name, 'AAAA')).answer.filter((rr) => rr.type === 'AAAA').map((rr) => rr.data);
      expect([...a, ...aaaa], server.name).toEqual([server.ipv4, server.ipv6].filter(Boolean));
    }
  });

  it('gets no answer from servers that drop its queries, while they answer anyone else (firewalled-dns.test)', async () => {
    expect((await resolve('dns1.firewalled-dns.test', 'A')).rcode).toBe('SERVFAIL');
    expect((await resolve('www.resolver-fallback.test', 'A')).rcode).toBe('SERVFAIL');
    expect(lines(ask(lab, '198.51.100.60', 'dns1.firewalled-dns.test', 'A')!.answer)).toEqual(['dns1.firewalled-dns.test. A 198.51.100.60']);
    // The delegation itself comes from test., which the resolver reaches.
    expect((await resolve('firewalled-dns.test', 'DS')).rcode).toBe('NOERROR');
  });

  it('refuses other classes and answers FORMERR to responses', async () => {
    const ch = decodeMessage(encodeMessage({ id: 1, flags: { rd: true }, question: [{ name: 'version.bind.', type: 'TXT', class: 'CH' }] }));
    expect(ch.ok && (await resolveInLab(lab, ch.message)).rcode).toBe('REFUSED');
    const response = decodeMessage(encodeMessage({ id: 1, flags: { qr: true }, question: [{ name: 'test.', type: 'SOA' }] }));
    expect(response.ok && (await resolveInLab(lab, response.message)).rcode).toBe('FORMERR');
  });
});
