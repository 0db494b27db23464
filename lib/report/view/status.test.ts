import { describe, expect, it } from 'vitest';
import { runCheck } from '@/lib/run-check';
import { diagramLayout, fit } from '@/lib/report/view/diagram';
import { addressStatus, nameserverStatus, zoneStatus } from '@/lib/report/view/status';
import { addressId, nameserverId, treeFromReport, zoneId, type AddressNode, type NameserverNode, type TreeModel, type ZoneNode } from '@/lib/report/view/tree';

async function labTree(name: string): Promise<TreeModel> {
  const r = await runCheck(name, { timeoutMs: 40 });
  if (!r.ok) throw new Error(r.error.message);
  return treeFromReport(r.report);
}

describe('status words', () => {
  it('says how each address answered', async () => {
    const t = await labTree('tcp-broken.test');
    const a = t.byId.get(addressId('tcp-broken.test.', 'ns2.tcp-broken.test.', '203.0.113.41')) as AddressNode;
    expect(addressStatus(a)).toEqual({ tone: 'warning', text: expect.stringMatching(/^authoritative · serial \d+ · TCP broken: TCP connection refused$/) });
    expect(nameserverStatus(t.byId.get(nameserverId('tcp-broken.test.', 'ns2.tcp-broken.test.')) as NameserverNode)).toEqual({
      tone: 'warning',
      text: 'authoritative · TCP broken',
    });
  });

  it('reads one shared problem as that problem, and a mix as a count', async () => {
    const silent = await labTree('silent.test');
    expect(nameserverStatus(silent.byId.get(nameserverId('silent.test.', 'ns2.silent.test.')) as NameserverNode)).toEqual({
      tone: 'warning',
      text: 'unreachable: no response (timeout)',
    });
    const stale = await labTree('glue-stale.test');
    expect(nameserverStatus(stale.byId.get(nameserverId('glue-stale.test.', 'ns1.glue-stale.test.')) as NameserverNode)).toEqual({
      tone: 'warning',
      text: '1 of 3 addresses not answering',
    });
    expect(zoneStatus(stale.byId.get(zoneId('glue-stale.test.')) as ZoneNode)).toEqual({
      tone: 'warning',
      text: '2 nameservers, 1 of 2 answering as they should',
    });
  });

  it('an address not tested from here is neither a problem nor a pass: the rest decide', async () => {
    const t = await labTree('ipv4-vantage.test');
    const v6 = t.byId.get(addressId('ipv4-vantage.test.', 'ns1.ipv4-vantage.test.', '2001:db8:100::74')) as AddressNode;
    expect(addressStatus(v6)).toEqual({ tone: 'muted', text: 'not tested from here (no IPv6)' });
    expect(nameserverStatus(t.byId.get(nameserverId('ipv4-vantage.test.', 'ns1.ipv4-vantage.test.')) as NameserverNode)).toEqual({
      tone: 'ok',
      text: 'authoritative · 1 not tested from here',
    });
    expect(zoneStatus(t.byId.get(zoneId('ipv4-vantage.test.')) as ZoneNode)).toEqual({ tone: 'ok', text: '2 nameservers, all authoritative' });
  });

  it('says why a nameserver has no address', async () => {
    const t = await labTree('glue-missing.test');
    expect(nameserverStatus(t.byId.get(nameserverId('glue-missing.test.', 'ns1.glue-missing.test.')) as NameserverNode)).toEqual({
      tone: 'error',
      text: 'no address: look-up failed',
    });
  });
});

describe('diagram layout', () => {
  it('puts zones top to bottom with their nameservers beside them, labelled', async () => {
    const layout = diagramLayout(await labTree('ns-mismatch.test'));
    expect(layout.rows.map((r) => r.zone.title)).toEqual(['.', 'test.', 'ns-mismatch.test.']);
    expect(layout.arrows).toHaveLength(2);
    const target = layout.rows[2];
    expect(target?.zone).toMatchObject({ status: '3 NS · target · warning', tone: 'warning' });
    expect(target?.servers.map((s) => [s.label, s.status, s.tone])).toEqual([
      ['ns1.ns-mismatch.test.', 'authoritative', 'ok'],
      ['ns2.ns-mismatch.test.', 'parent only · authoritative', 'warning'],
      ['ns3.ns-mismatch.test.', 'child only · authoritative', 'warning'],
    ]);
    // Two per line: the third server starts a second line, and the band grows to hold it.
    expect(target?.servers[2]?.y).toBeGreaterThan(target?.servers[0]?.y ?? 0);
    expect(layout.height).toBeGreaterThan((target?.servers[2]?.y ?? 0) + 50);
  });

  it('shortens long names from the middle', () => {
    expect(fit('short.', 10)).toBe('short.');
    expect(fit('ns1.a-very-long-name.example.', 15)).toBe('ns1.a-v…xample.');
    expect(fit('ns1.a-very-long-name.example.', 15)).toHaveLength(15);
  });
});
