import { describe, expect, it } from 'vitest';
import { captureBuilder, EXAMPLE, findings, one, rcode, timeout, type ZoneSpec } from '@/lib/checks/test-capture';

const NS1 = 'ns1.example.test.';
const NS2 = 'ns2.example.test.';
const NS3 = 'ns3.example.test.';
const split: ZoneSpec = { ns: { ...EXAMPLE.ns, [NS3]: ['203.0.113.3'] }, parentNs: [NS1, NS2], childNs: [NS1, NS3] };

describe('resolution.flapping', () => {
  it('fires when a server only in the child set is lame', () => {
    const c = captureBuilder()
      .cut('example.test.', split)
      .respond({ address: '203.0.113.3', purpose: ['apex-soa', 'apex-ns'] }, rcode('REFUSED'))
      .build();
    const f = one(c, 'resolution.flapping');
    expect(f).toMatchObject({ severity: 'warning', nameserver: NS3, params: { side: 'child', status: 'lame' } });
    expect(f.summary).toBe(`${NS3} is only in the child NS set of example.test. and is lame: resolvers will fail intermittently`);
    expect(f.evidence).toContain('example.test. apex-ns 192.0.2.1');
    expect(f.evidence).toContain('example.test. apex-soa 203.0.113.3');
  });
  it('fires when a server only in the parent set is unreachable', () => {
    const c = captureBuilder()
      .cut('example.test.', split)
      .respond({ address: '198.51.100.2' }, timeout())
      .respond({ address: '2001:db8:2::2' }, timeout())
      .build();
    const f = one(c, 'resolution.flapping');
    expect(f).toMatchObject({ nameserver: NS2, params: { side: 'parent', status: 'unreachable' } });
    expect(f.evidence).toContain('example.test. referral 203.0.113.53');
  });
  it('does not fire when the sets differ but every server works', () => {
    expect(findings(captureBuilder().cut('example.test.', split).build(), 'resolution.flapping')).toEqual([]);
  });
  it('does not fire for a broken server in both sets (every resolver sees it)', () => {
    const c = captureBuilder()
      .cut('example.test.', split)
      .respond({ address: '192.0.2.1', purpose: ['apex-soa', 'apex-ns'] }, rcode('REFUSED'))
      .build();
    expect(findings(c, 'resolution.flapping')).toEqual([]);
  });
});
