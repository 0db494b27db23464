import { describe, expect, it } from 'vitest';
import { captureBuilder, edit, EXAMPLE, findings, msg, one, rcode, respondWith, rr, timeout, type ZoneSpec } from '@/lib/checks/test-capture';

const NS1 = 'ns1.example.test.';
const NS2 = 'ns2.example.test.';
const glueOf = (ns: ZoneSpec['ns']) => ({ ...ns });

describe('glue.missing', () => {
  it('is a warning when one in-domain name lacks glue', () => {
    const c = captureBuilder()
      .cut('example.test.', { ...EXAMPLE, glue: { [NS1]: EXAMPLE.ns[NS1] ?? [] } })
      .build();
    const f = one(c, 'glue.missing');
    expect(f).toMatchObject({ severity: 'warning', zone: 'example.test.', nameserver: NS2, params: { nameserver: NS2, parent: 'test.' } });
    expect(f.summary).toBe(`test. gives no A/AAAA glue for ${NS2}, an in-domain nameserver of example.test.`);
    expect(f.evidence).toEqual(['example.test. referral 203.0.113.53']);
  });
  it('is an error when no in-domain name has any glue', () => {
    const f = findings(
      captureBuilder()
        .cut('example.test.', { ...EXAMPLE, glue: {} })
        .build(),
      'glue.missing',
    );
    expect(f.map((x) => [x.nameserver, x.severity])).toEqual([
      [NS1, 'error'],
      [NS2, 'error'],
    ]);
  });
  it('does not judge a truncated referral, which may lawfully lack glue', () => {
    const c = captureBuilder()
      .cut('example.test.', EXAMPLE)
      .respond(
        { purpose: 'referral' },
        edit((m) => ({ ...m, flags: { ...m.flags, tc: true }, additional: [] })),
      )
      .build();
    expect(findings(c, 'glue.missing')).toEqual([]);
  });
  it('does not fire for out-of-domain names, which need no glue', () => {
    const c = captureBuilder()
      .cut('example.test.', { ns: { 'ns1.host.test.': ['192.0.2.1'], 'ns2.host.test.': ['198.51.100.2'] } })
      .build();
    expect(findings(c, 'glue.missing')).toEqual([]);
  });
});

describe('glue.mismatch', () => {
  it("is a warning when glue differs from the zone's own A, naming both", () => {
    const c = captureBuilder()
      .cut('example.test.', { ...EXAMPLE, glue: { ...glueOf(EXAMPLE.ns), [NS1]: ['192.0.2.99', '2001:db8:1::1'] } })
      .build();
    const f = one(c, 'glue.mismatch');
    expect(f).toMatchObject({
      severity: 'warning',
      nameserver: NS1,
      params: { glue: ['192.0.2.99', '2001:db8:1::1'], child: ['192.0.2.1', '2001:db8:1::1'], onlyGlue: ['192.0.2.99'], onlyChild: ['192.0.2.1'] },
    });
    expect(f.summary).toBe(`Glue for ${NS1} at test. is 192.0.2.99, 2001:db8:1::1, but the zone example.test. says 192.0.2.1, 2001:db8:1::1`);
    expect(f.evidence).toContain('example.test. referral 203.0.113.53');
    expect(f.evidence).toContain(`example.test. ns-address 192.0.2.1 ${NS1} A`);
  });
  it('is an error when no glue address answers for the zone', () => {
    const spec: ZoneSpec = { ns: { [NS1]: ['192.0.2.1'], [NS2]: ['198.51.100.2'] }, glue: { [NS1]: ['192.0.2.91'], [NS2]: ['198.51.100.92'] } };
    const c = captureBuilder()
      .cut('example.test.', spec)
      .respond({ address: '192.0.2.91' }, timeout())
      .respond({ address: '198.51.100.92' }, timeout())
      .build();
    const f = findings(c, 'glue.mismatch');
    expect(f.map((x) => [x.nameserver, x.severity])).toEqual([
      [NS1, 'error'],
      [NS2, 'error'],
    ]);
  });
  it('compares out-of-domain (sibling) glue with what the resolver found', () => {
    const spec: ZoneSpec = {
      ns: { [NS1]: ['192.0.2.1'], 'ns.host.test.': ['198.51.100.7'] },
      glue: { [NS1]: ['192.0.2.1'], 'ns.host.test.': ['198.51.100.70'] },
    };
    const f = one(captureBuilder().cut('example.test.', spec).build(), 'glue.mismatch');
    expect(f.params).toMatchObject({ nameserver: 'ns.host.test.', onlyGlue: ['198.51.100.70'], onlyChild: ['198.51.100.7'] });
    expect(f.evidence).toContain('example.test. resolve ns.host.test. A');
  });
  it('does not fire when glue matches, or when only AAAA glue is absent (that is glue.ipv6-missing)', () => {
    expect(findings(captureBuilder().cut('example.test.', EXAMPLE).build(), 'glue.mismatch')).toEqual([]);
    const c = captureBuilder()
      .cut('example.test.', { ...EXAMPLE, glue: { [NS1]: ['192.0.2.1'], [NS2]: ['198.51.100.2'] } })
      .build();
    expect(findings(c, 'glue.mismatch')).toEqual([]);
  });
});

describe('glue.ipv6-missing', () => {
  it('fires (notice) when the zone has AAAA for an in-domain name and the parent only A glue', () => {
    const c = captureBuilder()
      .cut('example.test.', { ...EXAMPLE, glue: { ...glueOf(EXAMPLE.ns), [NS1]: ['192.0.2.1'] } })
      .build();
    const f = one(c, 'glue.ipv6-missing');
    expect(f).toMatchObject({ severity: 'notice', nameserver: NS1, params: { child: ['2001:db8:1::1'] } });
    expect(f.evidence).toContain(`example.test. ns-address 192.0.2.1 ${NS1} AAAA`);
  });
  it('does not fire when the zone publishes no AAAA either', () => {
    const c = captureBuilder()
      .cut('example.test.', { ns: { [NS1]: ['192.0.2.1'], [NS2]: ['198.51.100.2'] } })
      .build();
    expect(findings(c, 'glue.ipv6-missing')).toEqual([]);
  });
});

describe('glue.sibling', () => {
  it('reports (info) glue for names outside the delegated zone', () => {
    const spec: ZoneSpec = {
      ns: { [NS1]: ['192.0.2.1'], 'ns.sibling.test.': ['198.51.100.7'] },
      glue: { [NS1]: ['192.0.2.1'], 'ns.sibling.test.': ['198.51.100.7'] },
    };
    const f = one(captureBuilder().cut('example.test.', spec).build(), 'glue.sibling');
    expect(f).toMatchObject({
      severity: 'info',
      params: { names: ['ns.sibling.test.'], glue: ['ns.sibling.test. 198.51.100.7'] },
      evidence: ['example.test. referral 203.0.113.53'],
    });
  });
  it('does not fire for in-domain glue only', () => {
    expect(findings(captureBuilder().cut('example.test.', EXAMPLE).build(), 'glue.sibling')).toEqual([]);
  });
  it("does not call the parent's own nameservers' addresses sibling glue: they are its authoritative data", () => {
    const parent: ZoneSpec = { parent: '.', ns: { 'ns1.test.': ['192.0.2.53'], 'ns2.test.': ['198.51.100.53'] } };
    const spec: ZoneSpec = { ns: { [NS1]: ['192.0.2.1'], 'ns1.test.': ['192.0.2.53'] }, glue: { [NS1]: ['192.0.2.1'], 'ns1.test.': ['192.0.2.53'] } };
    expect(findings(captureBuilder().cut('test.', parent).cut('example.test.', spec).build(), 'glue.sibling')).toEqual([]);
  });
  it('does not count addresses for names outside the parent zone: those are no glue at all', () => {
    const spec: ZoneSpec = {
      ns: { [NS1]: ['192.0.2.1'], 'ns.provider.net.': ['198.51.100.7'] },
      glue: { [NS1]: ['192.0.2.1'], 'ns.provider.net.': ['198.51.100.7'] },
    };
    const c = captureBuilder().cut('example.test.', spec).build();
    expect(findings(c, 'glue.sibling')).toEqual([]);
    expect(findings(c, 'glue.mismatch')).toEqual([]);
  });
});

describe('glue.out-of-bailiwick', () => {
  const PROVIDER = 'ns.provider.net.';
  const spec = (carried: string[]): ZoneSpec => ({
    ns: { [NS1]: ['192.0.2.1'], [PROVIDER]: ['198.51.100.7'] },
    glue: { [NS1]: ['192.0.2.1'], [PROVIDER]: carried },
  });
  it('is a notice when the parent hands out the real address of a name outside its zone', () => {
    const f = one(
      captureBuilder()
        .cut('example.test.', spec(['198.51.100.7']))
        .build(),
      'glue.out-of-bailiwick',
    );
    expect(f).toMatchObject({
      severity: 'notice',
      params: { parent: 'test.', names: [PROVIDER], data: [`${PROVIDER} 198.51.100.7`], wrong: [] },
      evidence: ['example.test. referral 203.0.113.53'],
    });
    expect(f.summary).toBe(
      `The referral for example.test. from test. carries addresses for names outside test., which cannot be glue: ${PROVIDER} 198.51.100.7`,
    );
  });
  it('is a warning when the address is not where the name really is', () => {
    const f = one(
      captureBuilder()
        .cut('example.test.', spec(['192.0.2.66']))
        .build(),
      'glue.out-of-bailiwick',
    );
    expect(f).toMatchObject({ severity: 'warning', params: { wrong: [PROVIDER] } });
    expect(f.evidence).toContain(`example.test. resolve ${PROVIDER} A`);
  });
  it("does not fire for an answer from a server that serves the child too (its other zones' data)", () => {
    const answer = msg({
      aa: true,
      question: { name: 'example.test.', type: 'NS' },
      answer: [rr('example.test.', 'NS', NS1), rr('example.test.', 'NS', PROVIDER)],
      additional: [rr(PROVIDER, 'A', '198.51.100.7')],
    });
    const c = captureBuilder().cut('example.test.', spec([])).respond({ purpose: 'referral' }, respondWith(answer)).build();
    expect(findings(c, 'glue.out-of-bailiwick')).toEqual([]);
  });
  it('does not fire for in-domain and sibling glue', () => {
    const sib: ZoneSpec = {
      ns: { [NS1]: ['192.0.2.1'], 'ns.sibling.test.': ['198.51.100.7'] },
      glue: { [NS1]: ['192.0.2.1'], 'ns.sibling.test.': ['198.51.100.7'] },
    };
    expect(findings(captureBuilder().cut('example.test.', sib).build(), 'glue.out-of-bailiwick')).toEqual([]);
    expect(findings(captureBuilder().cut('example.test.', EXAMPLE).build(), 'glue.out-of-bailiwick')).toEqual([]);
  });
});

describe('glue.unverified', () => {
  it("says so when no server answered authoritatively for the in-domain names' addresses", () => {
    const c = captureBuilder().cut('example.test.', EXAMPLE).respond({ purpose: 'ns-address' }, rcode('REFUSED')).build();
    const f = one(c, 'glue.unverified');
    expect(f).toMatchObject({ severity: 'info', zone: 'example.test.', params: { names: [NS1, NS2], parent: 'test.' } });
    expect(f.summary).toMatch(/^The glue for ns1\.example\.test\., ns2\.example\.test\. in test\. could not be compared/);
    expect(f.evidence.length).toBeGreaterThan(0);
    expect(findings(c, 'glue.mismatch')).toEqual([]);
  });
  it('names only the names nobody answered for', () => {
    const c = captureBuilder().cut('example.test.', EXAMPLE).respond({ purpose: 'ns-address', qname: NS2 }, timeout()).build();
    expect(one(c, 'glue.unverified').params.names).toEqual([NS2]);
  });
  it('is quiet when the comparison was made, and for names without glue (glue.missing says it)', () => {
    expect(findings(captureBuilder().cut('example.test.', EXAMPLE).build(), 'glue.unverified')).toEqual([]);
    const noGlue = captureBuilder()
      .cut('example.test.', { ...EXAMPLE, glue: {} })
      .respond({ purpose: 'ns-address' }, rcode('REFUSED'))
      .build();
    expect(findings(noGlue, 'glue.unverified')).toEqual([]);
  });
});
