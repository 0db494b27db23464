import { describe, expect, it } from 'vitest';
import { analyze } from '@/lib/checks/analyze';
import { captureBuilder, codes, EXAMPLE, NOW, rcode, run, type ZoneSpec } from '@/lib/checks/test-capture';

const ROOT: ZoneSpec = { parent: null, ns: { 'a.root.test.': ['203.0.113.1'] } };
const TLD: ZoneSpec = {
  parent: '.',
  parentServers: [{ name: 'a.root.test.', address: '203.0.113.1' }],
  ns: { 'a.nic.test.': ['203.0.113.53', '2001:db8:53::1'], 'b.nic.test.': ['198.51.100.53', '2001:db8:54::1'] },
};

describe('analyze', () => {
  it("judges every cut, the DNSSEC side only for the target, never the root's delegation", () => {
    const c = captureBuilder().cut('.', ROOT).cut('test.', TLD).cut('example.test.', EXAMPLE).build();
    // The root has one NS name and no IPv6: not delegation findings, nothing delegates the root.
    expect(run(c).map((f) => `${f.zone} ${f.code}`)).toEqual(['example.test. ds.absent']);
  });

  it('sorts most severe first, then the deepest zone first', () => {
    const c = captureBuilder()
      .cut('test.', { ...TLD, ns: { 'a.nic.test.': ['203.0.113.53'] } })
      .cut('example.test.', {
        ns: { ...EXAMPLE.ns, 'ns3.example.test.': ['203.0.113.3'] },
        parentNs: ['ns1.example.test.', 'ns2.example.test.'],
        childNs: ['ns3.example.test.'],
      })
      .respond({ address: '198.51.100.2', purpose: ['apex-soa', 'apex-ns'] }, rcode('REFUSED'))
      .build();
    const found = run(c).map((f) => `${f.severity} ${f.zone} ${f.code}`);
    expect(found).toEqual([
      'error example.test. ns.mismatch',
      'warning example.test. delegation.single-ns',
      'warning example.test. ns.lame',
      'warning example.test. resolution.flapping',
      'warning test. delegation.single-ns',
      'notice test. ns.no-ipv6',
      'info example.test. ds.absent',
    ]);
  });

  it('lists evidence in capture order, without duplicates', () => {
    const c = captureBuilder().cut('example.test.', EXAMPLE).respond({ purpose: 'apex-ns', address: '192.0.2.1' }, rcode('REFUSED')).build();
    const lame = run(c).find((f) => f.code === 'ns.lame');
    const order = c.observations.map((o) => o.id);
    const positions = (lame?.evidence ?? []).map((id) => order.indexOf(id));
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
    expect(new Set(lame?.evidence).size).toBe(lame?.evidence.length);
  });

  it('is pure: the same capture gives the same findings and is not changed', () => {
    const c = captureBuilder()
      .cut('example.test.', { ...EXAMPLE, childNs: ['ns1.example.test.'] })
      .build();
    const before = JSON.stringify(c);
    const first = analyze(c, { now: NOW });
    expect(analyze(JSON.parse(before), { now: new Date(0) })).toEqual(first);
    expect(JSON.stringify(c)).toBe(before);
  });

  it('survives a capture with no cuts (the walk reached nothing)', () => {
    const c = captureBuilder('example.test.').set({ outcome: 'unreachable', targetZone: null }).build();
    expect(codes(c)).toEqual([]);
  });
});
