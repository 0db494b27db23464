import { describe, expect, it } from 'vitest';
import type { Observation } from '@/lib/dns/capture';
import {
  captureBuilder,
  edit,
  EXAMPLE,
  findings,
  msg,
  noAa,
  noOpt,
  obs,
  one,
  rcode,
  referralMsg,
  respondWith,
  rr,
  timeout,
  type Override,
  type ZoneSpec,
} from '@/lib/checks/test-capture';

const NS1 = 'ns1.example.test.';
const NS2 = 'ns2.example.test.';
const APEX = ['apex-soa', 'apex-ns'] as const;
const B = '198.51.100.2'; // ns2's IPv4 address
const zone = () => captureBuilder().cut('example.test.', EXAMPLE);
const SOA_TEST = rr('test.', 'SOA', { mname: 'a.nic.test.', rname: 'h.test.', serial: 1, refresh: 1, retry: 1, expire: 1, minimum: 1 });

describe('ns.lame', () => {
  it('is a warning for one server answering REFUSED, citing both apex probes', () => {
    const f = one(
      zone()
        .respond({ address: B, purpose: [...APEX] }, rcode('REFUSED'))
        .build(),
      'ns.lame',
    );
    expect(f).toMatchObject({
      severity: 'warning',
      zone: 'example.test.',
      nameserver: NS2,
      address: B,
      params: { addresses: [B], reason: 'REFUSED', reasons: ['refused'] },
    });
    expect(f.summary).toBe(`${NS2} (${B}) answers for example.test. but not authoritatively: REFUSED`);
    expect(f.evidence).toEqual([`example.test. apex-soa ${B}`, `example.test. apex-ns ${B}`]);
  });
  it('is an error when every server is lame; one finding per NS name, listing its addresses', () => {
    const f = findings(
      zone()
        .respond({ purpose: [...APEX] }, rcode('SERVFAIL'))
        .build(),
      'ns.lame',
    );
    expect(f.map((x) => [x.severity, x.nameserver, x.address, x.params.addresses])).toEqual([
      ['error', NS1, undefined, ['192.0.2.1', '2001:db8:1::1']],
      ['error', NS2, undefined, ['198.51.100.2', '2001:db8:2::2']],
    ]);
    expect(f[0]?.summary).toBe(`${NS1} (192.0.2.1, 2001:db8:1::1) answers for example.test. but not authoritatively: SERVFAIL`);
    expect(f[0]?.evidence).toHaveLength(4);
  });
  it('keeps addresses of one name apart when they fail differently', () => {
    const c = zone()
      .respond({ address: B, purpose: [...APEX] }, rcode('REFUSED'))
      .respond({ address: '2001:db8:2::2', purpose: [...APEX] }, noAa)
      .build();
    expect(findings(c, 'ns.lame').map((f) => [f.address, f.params.reason])).toEqual([
      [B, 'REFUSED'],
      ['2001:db8:2::2', 'NOERROR without the AA flag'],
    ]);
  });
  it.each([
    ['NOERROR without AA', noAa, 'NOERROR without the AA flag'],
    ['a referral to the zone itself', respondWith(referralMsg('example.test.', [NS1, NS2])), 'a referral to example.test. itself instead of an answer'],
    ['an upward referral', respondWith(msg({ authority: [rr('.', 'NS', 'a.root.test.')] })), 'an upward referral to .'],
    ['authority for another zone', respondWith(msg({ aa: true, authority: [SOA_TEST] })), 'authoritative for test., not for example.test.'],
    ['NXDOMAIN for the apex', rcode('NXDOMAIN', { aa: true }), "NXDOMAIN for the zone's own apex"],
  ])('counts %s as lame', (_, override, reason) => {
    const f = one(
      zone()
        .respond({ address: B, purpose: [...APEX] }, override)
        .build(),
      'ns.lame',
    );
    expect(f.params.reason).toBe(reason);
  });
  it('does not fire for a server that does not answer at all (that is ns.unreachable)', () => {
    const c = zone().respond({ address: B }, timeout()).build();
    expect(findings(c, 'ns.lame')).toEqual([]);
    expect(one(c, 'ns.unreachable').address).toBe(B);
  });
  it('does not fire for FORMERR to EDNS when the server answers authoritatively without EDNS', () => {
    const c = zone()
      .respond({ address: B, purpose: [...APEX] }, rcode('FORMERR', { edns: false }))
      .build();
    expect(findings(c, 'ns.lame')).toEqual([]);
    expect(one(c, 'ns.edns-broken').address).toBe(B);
  });
});

describe('ns.unreachable', () => {
  it('is a warning for one silent address, with every probe as evidence', () => {
    const c = zone().respond({ address: B }, timeout()).build();
    const f = one(c, 'ns.unreachable');
    expect(f).toMatchObject({ severity: 'warning', nameserver: NS2, address: B, params: { reason: 'no response (timeout)', transports: ['tcp', 'udp'] } });
    expect(f.evidence).toContain(`example.test. apex-soa ${B}`);
    expect(f.evidence).toContain(`example.test. soa-tcp ${B}`);
  });
  it('says port unreachable when ICMP says so', () => {
    expect(one(zone().respond({ address: B }, timeout('unreachable')).build(), 'ns.unreachable').params.reason).toBe('port unreachable');
  });
  it('is an error when no server answers', () => {
    const f = findings(
      zone()
        .respond(
          { zone: 'example.test.', purpose: ['apex-soa', 'apex-ns', 'soa-no-edns', 'soa-tcp', 'ns-address', 'dnskey', 'cds', 'cdnskey', 'csync'] },
          timeout(),
        )
        .build(),
      'ns.unreachable',
    );
    expect(f.map((x) => x.nameserver)).toEqual([NS1, NS2]);
    expect(f.every((x) => x.severity === 'error')).toBe(true);
  });
  it('does not fire for a server that answers some probes', () => {
    expect(findings(zone().respond({ address: B, purpose: 'soa-tcp' }, timeout()).build(), 'ns.unreachable')).toEqual([]);
  });
  it('does not fire for an address never queried (policy)', () => {
    const c = captureBuilder()
      .cut('example.test.', { ...EXAMPLE, blocked: { [B]: 'a documentation address' } })
      .build();
    expect(findings(c, 'ns.unreachable')).toEqual([]);
  });
});

describe('ns.tcp-broken', () => {
  it('fires when the TCP probe fails while UDP answers', () => {
    const f = one(zone().respond({ address: B, purpose: 'soa-tcp' }, timeout('refused-connection')).build(), 'ns.tcp-broken');
    expect(f).toMatchObject({ severity: 'warning', nameserver: NS2, address: B, params: { reason: 'TCP connection refused' } });
    expect(f.evidence).toEqual([`example.test. apex-soa ${B}`, `example.test. soa-tcp ${B}`]);
  });
  it('fires when a truncated UDP answer cannot be fetched over TCP', () => {
    const truncatedThenNothing = (o: Observation): Observation => ({
      ...o,
      response: undefined,
      transport: 'tcp',
      attempts: [
        { transport: 'udp', reason: 'initial', edns: true, rttMs: 10, outcome: 'truncated' },
        { transport: 'tcp', reason: 'tcp-after-truncation', edns: true, rttMs: 1500, outcome: 'timeout' },
      ],
      error: { kind: 'timeout', message: 'timeout' },
    });
    const f = one(zone().respond({ address: B, purpose: 'dnskey' }, truncatedThenNothing).build(), 'ns.tcp-broken');
    expect(f.params.reason).toBe('truncated over UDP, then no response (timeout) over TCP');
  });
  it('does not fire when the whole server is down (UDP and TCP)', () => {
    expect(findings(zone().respond({ address: B }, timeout()).build(), 'ns.tcp-broken')).toEqual([]);
  });
  it('does not fire when TCP answers', () => {
    expect(findings(zone().build(), 'ns.tcp-broken')).toEqual([]);
  });
});

describe('ns.edns-broken', () => {
  it('fires on a reply without OPT to a query with EDNS', () => {
    const f = one(zone().respond({ address: B, purpose: 'apex-soa' }, noOpt).build(), 'ns.edns-broken');
    expect(f).toMatchObject({ severity: 'warning', address: B, params: { reason: 'no OPT record in the reply (RFC 6891 7)' } });
    expect(f.evidence).toEqual([`example.test. apex-soa ${B}`, `example.test. soa-no-edns ${B}`]);
  });
  it('fires on a FORMERR the transport answered by asking again without EDNS, and judges the server by that answer', () => {
    const retried: Override = (o) => ({
      ...noOpt(o),
      attempts: [
        { transport: 'udp', reason: 'initial', edns: true, rttMs: 5, outcome: 'response' },
        { transport: 'udp', reason: 'no-edns-after-formerr', edns: false, rttMs: 5, outcome: 'response' },
      ],
    });
    const c = zone()
      .respond({ address: B, purpose: [...APEX] }, retried)
      .build();
    const f = one(c, 'ns.edns-broken');
    expect(f.params.reason).toBe('FORMERR to a query with EDNS');
    expect(f.evidence).toContain(`example.test. apex-soa ${B}`);
    expect(findings(c, 'ns.lame')).toEqual([]);
  });
  it('fires on silence only when EDNS is sent', () => {
    const c = zone()
      .respond({ address: B, purpose: ['apex-soa', 'apex-ns', 'soa-tcp', 'ns-address', 'dnskey', 'cds', 'cdnskey', 'csync'] }, timeout())
      .build();
    expect(one(c, 'ns.edns-broken').params.reason).toBe('no response to queries with EDNS, answers without it');
    expect(findings(c, 'ns.unreachable')).toEqual([]);
  });
  it('fires on an EDNS version other than 0 in the reply', () => {
    const c = zone()
      .respond(
        { address: B, purpose: 'apex-soa' },
        edit((m) => ({ ...m, edns: { ...(m.edns as NonNullable<typeof m.edns>), version: 1 } })),
      )
      .build();
    expect(one(c, 'ns.edns-broken').params.reason).toContain('EDNS version 1');
  });
  it("does not fire for a lame server's REFUSED without OPT", () => {
    expect(
      findings(
        zone()
          .respond({ address: B, purpose: [...APEX] }, rcode('REFUSED', { edns: false }))
          .build(),
        'ns.edns-broken',
      ),
    ).toEqual([]);
  });
  it('does not fire for a healthy server', () => {
    expect(findings(zone().build(), 'ns.edns-broken')).toEqual([]);
  });
});

describe('ns.ent-nxdomain', () => {
  const P1 = { name: 'ns1.example.', address: '192.0.2.10' };
  const P2 = { name: 'ns2.example.', address: '2001:db8::10' };
  const SUB = 'sub.dept.example.';
  const soaExample = rr('example.', 'SOA', { mname: 'ns1.example.', rname: 'h.example.', serial: 1, refresh: 1, retry: 1, expire: 1, minimum: 300 });
  const denial = (server: { name: string; address: string }, id: string, aa = true) =>
    obs({
      id,
      purpose: 'referral',
      zone: 'dept.example.',
      server: { ...server, port: 53 },
      question: { name: 'dept.example.', type: 'NS' },
      response: msg({ rcode: 'NXDOMAIN', aa, question: { name: 'dept.example.', type: 'NS' }, authority: [soaExample] }),
    });
  const sub = () => captureBuilder(SUB).cut(SUB, { parent: 'example.', parentServers: [P1, P2], ns: { 'ns.sub.dept.example.': ['198.51.100.50'] } });

  it('names each parent server that denies the empty non-terminal its own referral shows to exist', () => {
    const c = sub().observe(denial(P1, 'nx1'), denial(P2, 'nx2')).build();
    const f = findings(c, 'ns.ent-nxdomain');
    expect(f.map((x) => [x.severity, x.zone, x.nameserver, x.address])).toEqual([
      ['warning', SUB, 'ns1.example.', '192.0.2.10'],
      ['warning', SUB, 'ns2.example.', '2001:db8::10'],
    ]);
    expect(f[0]?.summary).toBe(`ns1.example. (192.0.2.10) answers NXDOMAIN for dept.example., though ${SUB} exists below it`);
    expect(new Set(f[0]?.evidence)).toEqual(new Set(['nx1', `${SUB} referral 192.0.2.10`]));
  });

  it('does not fire on the word of a server that showed nothing below the name, nor without AA, nor when all is well', () => {
    const other = { name: 'ns3.example.', address: '192.0.2.11' };
    expect(findings(sub().observe(denial(other, 'nx3')).build(), 'ns.ent-nxdomain')).toEqual([]);
    expect(
      findings(
        sub()
          .observe(denial(P1, 'nx1', false))
          .build(),
        'ns.ent-nxdomain',
      ),
    ).toEqual([]);
    expect(findings(sub().build(), 'ns.ent-nxdomain')).toEqual([]);
  });
});

describe('ns.cname', () => {
  it('fires when the walker found an NS name to be an alias', () => {
    const spec: ZoneSpec = {
      ns: { [NS1]: ['192.0.2.1'], 'ns.alias.test.': ['198.51.100.7'] },
      resolution: { 'ns.alias.test.': { status: 'cname', cnameTarget: 'real.host.test.' } },
    };
    const f = one(captureBuilder().cut('example.test.', spec).build(), 'ns.cname');
    expect(f).toMatchObject({ severity: 'error', nameserver: 'ns.alias.test.', params: { target: 'real.host.test.' } });
    expect(f.summary).toBe('The NS name ns.alias.test. of example.test. is an alias (CNAME to real.host.test.)');
    expect(f.evidence).toContain('example.test. resolve ns.alias.test. A');
  });
  it('fires when the zone itself answers an in-domain NS name with a CNAME', () => {
    const c = zone()
      .respond(
        { purpose: 'ns-address', qname: NS2, address: '192.0.2.1' },
        edit((m) => ({ ...m, answer: [rr(NS2, 'CNAME', 'host.example.test.'), ...m.answer] })),
      )
      .build();
    expect(one(c, 'ns.cname').params).toMatchObject({ nameserver: NS2, target: 'host.example.test.' });
  });
  it('does not fire for plain names', () => {
    expect(findings(zone().build(), 'ns.cname')).toEqual([]);
  });
});

describe('ns.unresolvable', () => {
  it('fires when an NS name has no A and no AAAA (NODATA)', () => {
    const f = one(
      captureBuilder()
        .cut('example.test.', { ns: { [NS1]: ['192.0.2.1'], 'ns.empty.test.': [] } })
        .build(),
      'ns.unresolvable',
    );
    expect(f).toMatchObject({ severity: 'error', nameserver: 'ns.empty.test.', params: { status: 'NODATA' } });
    expect(f.evidence).toEqual(['example.test. resolve ns.empty.test. A', 'example.test. resolve ns.empty.test. AAAA']);
  });
  it('fires on NXDOMAIN', () => {
    const spec: ZoneSpec = { ns: { [NS1]: ['192.0.2.1'], 'ns.gone.test.': [] }, resolution: { 'ns.gone.test.': { status: 'nxdomain' } } };
    expect(one(captureBuilder().cut('example.test.', spec).build(), 'ns.unresolvable').params.status).toBe('NXDOMAIN');
  });
  it('does not fire when the look-up failed (SERVFAIL says nothing about the name)', () => {
    const spec: ZoneSpec = { ns: { [NS1]: ['192.0.2.1'], 'ns.flaky.test.': [] }, resolution: { 'ns.flaky.test.': { status: 'failed' } } };
    expect(findings(captureBuilder().cut('example.test.', spec).build(), 'ns.unresolvable')).toEqual([]);
  });
});

describe('ns.address-unknown', () => {
  const flaky: ZoneSpec = { ns: { [NS1]: ['192.0.2.1'], 'ns.flaky.test.': [] }, resolution: { 'ns.flaky.test.': { status: 'failed' } } };
  it('fires when an out-of-domain NS name has no address and its look-up failed, and says how it was looked up', () => {
    const c = captureBuilder().cut('example.test.', flaky).respond({ purpose: 'resolve' }, rcode('SERVFAIL')).build();
    const f = one(c, 'ns.address-unknown');
    expect(f).toMatchObject({ severity: 'warning', zone: 'example.test.', nameserver: 'ns.flaky.test.', params: { tried: ['the resolver: SERVFAIL'] } });
    expect(f.summary).toBe(
      'No address of the NS name ns.flaky.test. of example.test. could be learnt (the resolver: SERVFAIL): that server was not asked anything',
    );
    expect(f.evidence).toEqual(['example.test. resolve ns.flaky.test. A', 'example.test. resolve ns.flaky.test. AAAA']);
  });
  it('names the walk from the root hints and where it stopped', () => {
    const walk = obs({
      id: 'walk 1',
      purpose: 'resolve-walk',
      zone: 'example.test.',
      server: { address: '203.0.113.9', port: 53 },
      question: { name: 'ns.flaky.test.', type: 'A' },
      error: 'timeout',
    });
    const spec: ZoneSpec = {
      ...flaky,
      resolution: { 'ns.flaky.test.': { status: 'failed', observationIds: ['example.test. resolve ns.flaky.test. A', 'walk 1'] } },
    };
    const c = captureBuilder().cut('example.test.', spec).respond({ purpose: 'resolve' }, rcode('SERVFAIL')).observe(walk).build();
    expect(one(c, 'ns.address-unknown').params.tried).toEqual([
      'the resolver: SERVFAIL',
      'a walk from the root hints: no response (timeout) to ns.flaky.test. A at 203.0.113.9',
    ]);
  });
  it('does not fire for a name that does not exist, one with an address, or an in-domain one (glue.missing says it)', () => {
    const gone: ZoneSpec = { ns: { [NS1]: ['192.0.2.1'], 'ns.gone.test.': [] }, resolution: { 'ns.gone.test.': { status: 'nxdomain' } } };
    expect(findings(captureBuilder().cut('example.test.', gone).build(), 'ns.address-unknown')).toEqual([]);
    const found: ZoneSpec = { ns: { [NS1]: ['192.0.2.1'], 'ns.flaky.test.': ['198.51.100.9'] }, resolution: { 'ns.flaky.test.': { status: 'failed' } } };
    expect(findings(captureBuilder().cut('example.test.', found).build(), 'ns.address-unknown')).toEqual([]);
    const inside: ZoneSpec = { ns: { [NS1]: ['192.0.2.1'], 'ns2.example.test.': [] }, resolution: { 'ns2.example.test.': { status: 'failed' } } };
    expect(findings(captureBuilder().cut('example.test.', inside).build(), 'ns.address-unknown')).toEqual([]);
  });
});

describe('ns.takeover-risk', () => {
  const spec = (exists: 'NXDOMAIN' | 'NOERROR'): ZoneSpec => ({
    ns: { [NS1]: ['192.0.2.1'], 'ns1.expired-dns.test.': [] },
    resolution: { 'ns1.expired-dns.test.': { status: 'nxdomain' } },
    takeover: { 'expired-dns.test.': exists },
  });
  it("fires when the NS name's registrable domain does not exist", () => {
    const f = one(captureBuilder().cut('example.test.', spec('NXDOMAIN')).build(), 'ns.takeover-risk');
    expect(f).toMatchObject({
      severity: 'error',
      nameserver: 'ns1.expired-dns.test.',
      params: { domain: 'expired-dns.test.' },
      evidence: ['takeover expired-dns.test.'],
    });
    expect(f.summary).toContain('whoever registers it controls example.test.');
  });
  it('does not fire when the domain exists', () => {
    expect(findings(captureBuilder().cut('example.test.', spec('NOERROR')).build(), 'ns.takeover-risk')).toEqual([]);
  });
  it('judges only the registrable domain: a missing name below it is no takeover risk', () => {
    // A capture from before issue 8: the walker probed one label below the NXDOMAIN's SOA
    // (old.provider.test.), which nobody can register while provider.test. exists.
    const stale: ZoneSpec = {
      ns: { [NS1]: ['192.0.2.1'], 'ns9.old.provider.test.': [] },
      resolution: { 'ns9.old.provider.test.': { status: 'nxdomain' } },
      takeover: { 'old.provider.test.': 'NXDOMAIN' },
    };
    expect(findings(captureBuilder().cut('example.test.', stale).build(), 'ns.takeover-risk')).toEqual([]);
    expect(one(captureBuilder().cut('example.test.', stale).build(), 'ns.unresolvable').nameserver).toBe('ns9.old.provider.test.');
    // Under a public suffix of the list, the domain is the one below the suffix.
    const coUk: ZoneSpec = {
      ns: { [NS1]: ['192.0.2.1'], 'ns9.old.provider.co.uk.': [] },
      resolution: { 'ns9.old.provider.co.uk.': { status: 'nxdomain' } },
      takeover: { 'provider.co.uk.': 'NXDOMAIN', 'co.uk.': 'NXDOMAIN' },
    };
    const [f, ...rest] = findings(captureBuilder().cut('example.test.', coUk).build(), 'ns.takeover-risk');
    expect(rest).toEqual([]);
    expect(f?.params.domain).toBe('provider.co.uk.');
  });
});

describe('ns.private-address', () => {
  it('fires for an address the policy refused, with where it came from', () => {
    const spec: ZoneSpec = { ns: { [NS1]: ['10.0.0.1'], [NS2]: ['198.51.100.2'] }, blocked: { '10.0.0.1': 'private (RFC 1918)' } };
    const f = one(captureBuilder().cut('example.test.', spec).build(), 'ns.private-address');
    expect(f).toMatchObject({ severity: 'error', nameserver: NS1, address: '10.0.0.1', params: { reason: 'private (RFC 1918)', origins: ['glue', 'child'] } });
    expect(f.evidence).toContain('example.test. referral 203.0.113.53');
    expect(f.evidence).toContain('example.test. apex-soa 10.0.0.1');
  });
  it('does not fire for global addresses (or allow-listed ones, which the walker does not block)', () => {
    expect(findings(zone().build(), 'ns.private-address')).toEqual([]);
  });
});

describe('ns.no-ipv6 / ns.no-ipv4', () => {
  it('ns.no-ipv6 fires (notice) when no server has an IPv6 address', () => {
    const f = one(
      captureBuilder()
        .cut('example.test.', { ns: { [NS1]: ['192.0.2.1'], [NS2]: ['198.51.100.2'] } })
        .build(),
      'ns.no-ipv6',
    );
    expect(f).toMatchObject({ severity: 'notice', params: { count: 2, addresses: ['192.0.2.1', '198.51.100.2'] } });
  });
  it('ns.no-ipv4 fires when no server has an IPv4 address', () => {
    expect(
      one(
        captureBuilder()
          .cut('example.test.', { ns: { [NS1]: ['2001:db8:1::1'], [NS2]: ['2001:db8:2::2'] } })
          .build(),
        'ns.no-ipv4',
      ).params.count,
    ).toBe(2);
  });
  it('a refused IPv6 address does not count', () => {
    const spec: ZoneSpec = { ns: { [NS1]: ['192.0.2.1', 'fe80::1'], [NS2]: ['198.51.100.2'] }, blocked: { 'fe80::1': 'link-local' } };
    expect(findings(captureBuilder().cut('example.test.', spec).build(), 'ns.no-ipv6')).toHaveLength(1);
  });
  it('neither fires with both families', () => {
    const c = zone().build();
    expect([...findings(c, 'ns.no-ipv6'), ...findings(c, 'ns.no-ipv4')]).toEqual([]);
  });
});

describe('ns.ttl-range', () => {
  it('fires for a parent NS TTL below an hour', () => {
    const f = one(
      captureBuilder()
        .cut('example.test.', { ...EXAMPLE, parentNsTtl: 300 })
        .build(),
      'ns.ttl-range',
    );
    expect(f).toMatchObject({ severity: 'notice', params: { side: 'parent', ttl: 300 }, evidence: ['example.test. referral 203.0.113.53'] });
    expect(f.summary).toBe('The parent NS TTL of example.test. is 300 s, outside 3600-604800 s');
  });
  it('fires for a child NS TTL above a week', () => {
    const f = one(
      captureBuilder()
        .cut('example.test.', { ...EXAMPLE, childNsTtl: 1209600 })
        .build(),
      'ns.ttl-range',
    );
    expect(f.params).toMatchObject({ side: 'child', ttl: 1209600 });
    expect(f.evidence).toHaveLength(4);
  });
  it('does not fire at the bounds', () => {
    expect(
      findings(
        captureBuilder()
          .cut('example.test.', { ...EXAMPLE, parentNsTtl: 3600, childNsTtl: 604800 })
          .build(),
        'ns.ttl-range',
      ),
    ).toEqual([]);
  });
});
