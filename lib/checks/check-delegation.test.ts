import { describe, expect, it } from 'vitest';
import {
  answerData,
  captureBuilder,
  codes,
  edit,
  EXAMPLE,
  findings,
  msg,
  obs,
  one,
  referralMsg,
  respondWith,
  rr,
  type ZoneSpec,
} from '@/lib/checks/test-capture';
import { networkOfKept } from '@/lib/checks/check-delegation';
import { networkOf } from '@/lib/dns/address';

const TLD: ZoneSpec = {
  parent: '.',
  parentServers: [{ name: 'a.root.test.', address: '203.0.113.1' }],
  ns: { 'a.nic.test.': ['203.0.113.53'], 'b.nic.test.': ['198.51.100.53'] },
};
const NS1 = 'ns1.example.test.';
const NS2 = 'ns2.example.test.';
const P2 = { name: 'ns2.parent.test.', address: '203.0.113.54' };
const P1 = { name: 'ns.parent.test.', address: '203.0.113.53' };

describe('healthy', () => {
  it('a healthy unsigned zone reports only that it is unsigned', () => {
    expect(codes(captureBuilder().cut('example.test.', EXAMPLE).build())).toEqual(['ds.absent']);
  });
});

describe('delegation.missing', () => {
  const noDelegation = (response: ReturnType<typeof msg>) =>
    captureBuilder('www.missing.test.')
      .cut('test.', TLD)
      .observe(
        obs({
          id: 'ask missing',
          purpose: 'referral',
          zone: 'missing.test.',
          server: { address: '203.0.113.53', port: 53, name: 'a.nic.test.' },
          question: { name: 'missing.test.', type: 'NS' },
          response,
        }),
      )
      .set({ outcome: 'no-delegation', targetZone: 'test.' })
      .build();

  it('fires as an error on NXDOMAIN from the parent, naming the missing zone', () => {
    const f = one(
      noDelegation(
        msg({
          rcode: 'NXDOMAIN',
          aa: true,
          authority: [rr('test.', 'SOA', { mname: 'a.nic.test.', rname: 'h.test.', serial: 1, refresh: 1, retry: 1, expire: 1, minimum: 1 })],
        }),
      ),
      'delegation.missing',
    );
    expect(f).toMatchObject({
      severity: 'error',
      zone: 'missing.test.',
      params: { name: 'missing.test.', parent: 'test.', rcode: 'NXDOMAIN' },
      evidence: ['ask missing'],
    });
    expect(f.summary).toBe('test. has no delegation for missing.test.: its servers answer NXDOMAIN');
  });

  it("fires on authoritative NODATA with the parent's own SOA", () => {
    const f = one(
      noDelegation(
        msg({ aa: true, authority: [rr('test.', 'SOA', { mname: 'a.nic.test.', rname: 'h.test.', serial: 1, refresh: 1, retry: 1, expire: 1, minimum: 1 })] }),
      ),
      'delegation.missing',
    );
    expect(f.params).toMatchObject({ rcode: 'NODATA', name: 'missing.test.' });
  });

  it('does not fire when the walk found the zone', () => {
    expect(findings(captureBuilder().cut('test.', TLD).cut('example.test.', EXAMPLE).build(), 'delegation.missing')).toEqual([]);
  });
});

describe('zone.not-apex', () => {
  it('fires (info) when the name is inside a zone, and covers the enclosing zone', () => {
    const f = one(captureBuilder('www.example.test.').cut('example.test.', EXAMPLE).build(), 'zone.not-apex');
    expect(f).toMatchObject({ severity: 'info', zone: 'example.test.', params: { name: 'www.example.test.' } });
    expect(f.evidence).toContain('example.test. target 192.0.2.1');
    expect(f.summary).toContain('www.example.test. is not a zone cut');
  });
  it('does not fire for the apex itself', () => {
    expect(findings(captureBuilder('example.test.').cut('example.test.', EXAMPLE).build(), 'zone.not-apex')).toEqual([]);
  });
});

describe('delegation.parent-inconsistent', () => {
  const twoParents: ZoneSpec = { ...EXAMPLE, parentServers: [P1, P2] };
  it('fires when one parent server returns another NS set', () => {
    const c = captureBuilder()
      .cut('example.test.', twoParents)
      .respond({ purpose: 'referral', address: P2.address }, respondWith(referralMsg('example.test.', [NS1], { [NS1]: ['192.0.2.1', '2001:db8:1::1'] })))
      .build();
    const f = one(c, 'delegation.parent-inconsistent');
    expect(f).toMatchObject({ severity: 'warning', zone: 'example.test.', params: { parent: 'test.', aspect: 'NS set' } });
    expect(f.params.variants).toEqual([`NS ${NS1} ${NS2} at ns.parent.test./203.0.113.53`, `NS ${NS1} at ns2.parent.test./203.0.113.54`]);
    expect(f.evidence).toEqual(['example.test. referral 203.0.113.53', 'example.test. referral 203.0.113.54']);
  });
  it('fires when one parent server gives other in-domain glue', () => {
    const c = captureBuilder()
      .cut('example.test.', twoParents)
      .respond(
        { purpose: 'referral', address: P2.address },
        respondWith(referralMsg('example.test.', [NS1, NS2], { [NS1]: ['192.0.2.99', '2001:db8:1::1'], [NS2]: ['198.51.100.2', '2001:db8:2::2'] })),
      )
      .build();
    const f = one(c, 'delegation.parent-inconsistent');
    expect(f.params.aspect).toBe('glue');
    expect(String(f.params.variants)).toContain('192.0.2.99');
  });
  it('fires when one parent server says NXDOMAIN', () => {
    const c = captureBuilder()
      .cut('example.test.', twoParents)
      .respond({ purpose: 'referral', address: P2.address }, respondWith(msg({ rcode: 'NXDOMAIN', aa: true })))
      .build();
    expect(one(c, 'delegation.parent-inconsistent').params.variants).toContain('NXDOMAIN at ns2.parent.test./203.0.113.54');
  });
  it('does not count a parent server that answers from the child zone itself (AA) as disagreeing', () => {
    const c = captureBuilder()
      .cut('example.test.', {
        ...twoParents,
        ns: { ...EXAMPLE.ns, 'ns3.example.test.': ['203.0.113.3'] },
        parentNs: [NS1, NS2],
        childNs: [NS1, NS2, 'ns3.example.test.'],
      })
      .respond(
        { purpose: 'referral', address: P2.address },
        respondWith(msg({ aa: true, answer: [NS1, NS2, 'ns3.example.test.'].map((n) => rr('example.test.', 'NS', n)) })),
      )
      .build();
    expect(findings(c, 'delegation.parent-inconsistent')).toEqual([]);
    // The delegation is what the true referral says: ns3 is only in the child.
    expect(one(c, 'ns.mismatch').params).toMatchObject({ onlyParent: [], onlyChild: ['ns3.example.test.'] });
  });
  it('does not fire when the parent servers agree (whatever the order and case of names)', () => {
    const c = captureBuilder()
      .cut('example.test.', twoParents)
      .respond(
        { purpose: 'referral', address: P2.address },
        respondWith(
          referralMsg('example.test.', ['NS2.example.TEST.', NS1], {
            [NS1]: ['2001:db8:1::1', '192.0.2.1'],
            'NS2.Example.test.': ['198.51.100.2', '2001:db8:2::2'],
          }),
        ),
      )
      .build();
    expect(findings(c, 'delegation.parent-inconsistent')).toEqual([]);
  });
});

describe('delegation.single-ns', () => {
  it('fires when parent and child list one name', () => {
    const f = one(
      captureBuilder()
        .cut('example.test.', { ns: { [NS1]: ['192.0.2.1', '2001:db8:1::1'] } })
        .build(),
      'delegation.single-ns',
    );
    expect(f).toMatchObject({ severity: 'warning', params: { side: 'parent and child', count: 1, names: [NS1] } });
    expect(f.summary).toBe(`The parent and child NS set of example.test. has 1 name: ${NS1}`);
    expect(f.evidence).toContain('example.test. referral 203.0.113.53');
    expect(f.evidence).toContain('example.test. apex-ns 192.0.2.1');
  });
  it('fires for the child side alone', () => {
    const f = one(
      captureBuilder()
        .cut('example.test.', { ...EXAMPLE, childNs: [NS1] })
        .build(),
      'delegation.single-ns',
    );
    expect(f.params).toMatchObject({ side: 'child', names: [NS1] });
  });
  it('does not fire with two names', () => {
    expect(findings(captureBuilder().cut('example.test.', EXAMPLE).build(), 'delegation.single-ns')).toEqual([]);
  });
});

describe('delegation.shared-address', () => {
  it('fires when two NS names share an address, and only for that address', () => {
    const c = captureBuilder()
      .cut('example.test.', { ns: { [NS1]: ['192.0.2.1', '2001:db8:1::1'], [NS2]: ['192.0.2.1', '2001:db8:2::2'] } })
      .build();
    const shared = one(c, 'delegation.shared-address');
    expect(shared).toMatchObject({ severity: 'warning', address: '192.0.2.1', params: { names: [NS1, NS2], address: '192.0.2.1' } });
    expect(shared.summary).toBe(`The NS names ${NS1}, ${NS2} of example.test. share the address 192.0.2.1: they are one server`);
    expect(shared.evidence).toContain('example.test. referral 203.0.113.53');
    // One IPv4 address is no network of its own to judge; the IPv6 ones are in different /48s.
    expect(findings(c, 'delegation.single-prefix')).toEqual([]);
  });
  it('does not fire for distinct addresses, even in one /24', () => {
    const c = captureBuilder()
      .cut('example.test.', { ns: { [NS1]: ['192.0.2.1', '2001:db8:1::1'], [NS2]: ['192.0.2.2', '2001:db8:2::2'] } })
      .build();
    expect(findings(c, 'delegation.shared-address')).toEqual([]);
    expect(findings(captureBuilder().cut('example.test.', EXAMPLE).build(), 'delegation.shared-address')).toEqual([]);
  });
});

describe('delegation.single-prefix', () => {
  it('fires when all IPv4 addresses sit in one /24', () => {
    const c = captureBuilder()
      .cut('example.test.', { ns: { [NS1]: ['192.0.2.1', '2001:db8:1::1'], [NS2]: ['192.0.2.2', '2001:db8:2::2'] } })
      .build();
    const f = one(c, 'delegation.single-prefix');
    expect(f).toMatchObject({
      severity: 'warning',
      params: { family: 'IPv4', network: '192.0.2.0/24', addresses: ['192.0.2.1', '192.0.2.2'], names: [NS1, NS2] },
    });
    expect(f.summary).toBe(
      'Every IPv4 address of the nameservers of example.test. is in 192.0.2.0/24 (192.0.2.1, 192.0.2.2): one outage or routing problem there reaches them all',
    );
    expect(findings(c, 'delegation.shared-address')).toEqual([]);
  });
  it('fires when all IPv6 addresses sit in one /48', () => {
    const f = one(
      captureBuilder()
        .cut('example.test.', { ns: { [NS1]: ['192.0.2.1', '2001:db8:1::1'], [NS2]: ['198.51.100.2', '2001:db8:1:ff::2'] } })
        .build(),
      'delegation.single-prefix',
    );
    expect(f.params).toMatchObject({ family: 'IPv6', network: '2001:db8:1::/48' });
  });
  it('fires once per family when both families sit in one network', () => {
    const c = captureBuilder()
      .cut('example.test.', { ns: { [NS1]: ['192.0.2.1', '2001:db8:1::1'], [NS2]: ['192.0.2.129', '2001:db8:1:ff::2'] } })
      .build();
    expect(findings(c, 'delegation.single-prefix').map((f) => f.params.family)).toEqual(['IPv4', 'IPv6']);
  });
  it('does not fire for distinct networks', () => {
    expect(findings(captureBuilder().cut('example.test.', EXAMPLE).build(), 'delegation.single-prefix')).toEqual([]);
  });
});

describe('delegation.truncated-referral', () => {
  it('fires when the referral without EDNS is truncated', () => {
    const c = captureBuilder()
      .cut('example.test.', EXAMPLE)
      .respond(
        { purpose: 'referral-no-edns' },
        edit((m) => ({ ...m, flags: { ...m.flags, tc: true }, additional: [] })),
      )
      .build();
    const f = one(c, 'delegation.truncated-referral');
    expect(f).toMatchObject({ severity: 'warning', params: { servers: ['203.0.113.53'] }, evidence: ['example.test. referral-no-edns 203.0.113.53'] });
    expect(f.summary).toContain('is truncated (TC set)');
  });
  it('fires when it drops in-domain glue without TC', () => {
    const c = captureBuilder()
      .cut('example.test.', EXAMPLE)
      .respond(
        { purpose: 'referral-no-edns' },
        edit((m) => ({ ...m, additional: m.additional.filter((r) => r.name !== NS2) })),
      )
      .build();
    expect(one(c, 'delegation.truncated-referral').params).toMatchObject({ dropped: [NS2] });
  });
  it('fires when it keeps the A glue and drops the AAAA glue without TC (NSD 4.6, BIND 9.18)', () => {
    const c = captureBuilder()
      .cut('example.test.', EXAMPLE)
      .respond(
        { purpose: 'referral-no-edns' },
        edit((m) => ({ ...m, additional: m.additional.filter((r) => !(r.name === NS2 && r.type === 'AAAA')) })),
      )
      .build();
    const f = one(c, 'delegation.truncated-referral');
    expect(f.params).toMatchObject({ dropped: [`${NS2} (AAAA)`] });
    expect(f.summary).toBe(`The referral for example.test. from 203.0.113.53 without EDNS drops in-domain glue without setting TC: ${NS2} (AAAA)`);
  });
  it('does not fire when the parent has no AAAA glue to drop', () => {
    const v4only = { [NS1]: ['192.0.2.1'], [NS2]: ['198.51.100.2'] };
    expect(
      findings(
        captureBuilder()
          .cut('example.test.', { ...EXAMPLE, glue: v4only })
          .build(),
        'delegation.truncated-referral',
      ),
    ).toEqual([]);
  });
  it('does not fire when the 512-octet referral carries all in-domain glue (sibling glue may go)', () => {
    const spec: ZoneSpec = {
      ns: { [NS1]: ['192.0.2.1'], 'ns.other.test.': ['198.51.100.9'] },
      glue: { [NS1]: ['192.0.2.1'], 'ns.other.test.': ['198.51.100.9'] },
    };
    const c = captureBuilder()
      .cut('example.test.', spec)
      .respond(
        { purpose: 'referral-no-edns' },
        edit((m) => ({ ...m, additional: m.additional.filter((r) => r.name === NS1) })),
      )
      .build();
    expect(findings(c, 'delegation.truncated-referral')).toEqual([]);
  });
});

describe('ns.mismatch', () => {
  it('is a warning when the sets overlap, listing names only at each side', () => {
    const c = captureBuilder()
      .cut('example.test.', { ns: { ...EXAMPLE.ns, 'ns3.example.test.': ['203.0.113.3'] }, parentNs: [NS1, NS2], childNs: [NS1, 'ns3.example.test.'] })
      .build();
    const f = one(c, 'ns.mismatch');
    expect(f).toMatchObject({ severity: 'warning', params: { onlyParent: [NS2], onlyChild: ['ns3.example.test.'] } });
    expect(f.summary).toBe(`The NS sets of example.test. differ: only at the parent: ${NS2}; only at the child: ns3.example.test.`);
    expect(f.evidence).toContain('example.test. referral 203.0.113.53');
    expect(f.evidence).toContain('example.test. apex-ns 192.0.2.1');
  });
  it('is an error when the sets share no name', () => {
    const c = captureBuilder()
      .cut('example.test.', { ns: { ...EXAMPLE.ns, 'ns3.example.test.': ['203.0.113.3'] }, parentNs: [NS1, NS2], childNs: ['ns3.example.test.'] })
      .build();
    expect(one(c, 'ns.mismatch').severity).toBe('error');
  });
  it('does not fire for the same names in another order and case', () => {
    const c = captureBuilder()
      .cut('example.test.', { ...EXAMPLE, childNs: ['NS2.EXAMPLE.test.', NS1] })
      .build();
    expect(findings(c, 'ns.mismatch')).toEqual([]);
  });
  it('ignores the NS set a lame server hands out in a referral to itself', () => {
    const c = captureBuilder()
      .cut('example.test.', EXAMPLE)
      .respond({ purpose: 'apex-ns', address: '198.51.100.2' }, respondWith(referralMsg('example.test.', ['ns9.example.test.'])))
      .build();
    expect(findings(c, 'ns.mismatch')).toEqual([]);
  });
});

describe('ns.child-inconsistent', () => {
  it("fires when the zone's servers return different apex NS sets", () => {
    const c = captureBuilder()
      .cut('example.test.', EXAMPLE)
      .respond({ purpose: 'apex-ns', address: '198.51.100.2' }, answerData('NS', [NS1]))
      .build();
    const f = one(c, 'ns.child-inconsistent');
    expect(f.severity).toBe('warning');
    expect(f.params.variants).toContain(`NS ${NS1} at ns2.example.test./198.51.100.2`);
    expect(f.evidence).toHaveLength(4);
  });
  it('does not fire when they agree', () => {
    expect(findings(captureBuilder().cut('example.test.', EXAMPLE).build(), 'ns.child-inconsistent')).toEqual([]);
  });
});

describe('networkOfKept', () => {
  it("gives networkOf's answer when first asked and when kept, odd addresses and past its bound too", () => {
    const odd = ['192.0.2.1', '2001:DB8:1::53', '2001:db8:1::53', '::ffff:192.0.2.1', 'not an address', '', 'x'.repeat(100)];
    // More distinct addresses than it keeps (4096): it empties itself and goes on answering.
    const many = Array.from({ length: 5000 }, (_, i) => `10.${i >> 8}.${i & 255}.1`);
    const all = [...odd, ...many, ...odd];
    const expected = all.map(networkOf);
    expect(expected.slice(0, 5)).toEqual(['192.0.2.0/24', '2001:db8:1::/48', '2001:db8:1::/48', null, null]);
    expect(all.map(networkOfKept)).toEqual(expected);
    expect(all.map(networkOfKept)).toEqual(expected);
  });
});
