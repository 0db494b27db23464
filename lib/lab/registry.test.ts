// The lab's synthetic registry (ZONECUT_LAB_REGISTRY): children shaped like a registry's, checked
// end to end, and what a parent would change for them.
process.env.ZONECUT_LAB_REGISTRY = '60';
import { describe, expect, it } from 'vitest';
import { buildLab } from '@/lib/lab/build-lab';
import { LAB_SCENARIOS } from '@/lib/lab/manifest';
import { registryChildKind, registryChildName } from '@/lib/lab/registry';
import { runCheck } from '@/lib/run-check';
import { childChanges } from '@/lib/scans/change-set';

const check = async (name: string) => {
  const r = await runCheck(name, { timeoutMs: 150 });
  if (!r.ok) throw new Error(r.error.message);
  return r.report;
};
const codes = (findings: { code: string }[]) => [...new Set(findings.map((f) => f.code))].sort();

describe('the synthetic registry', () => {
  it('adds its zones and servers only when asked, leaving the scenarios as they are', () => {
    const plain = buildLab();
    const withRegistry = buildLab({ registryChildren: 60 });
    expect(plain.zones.has('registry.test.')).toBe(false);
    expect(withRegistry.zones.has('registry.test.')).toBe(true);
    expect(withRegistry.zones.has(registryChildName(60))).toBe(true);
    expect(withRegistry.zones.has(registryChildName(61))).toBe(false);
    expect(withRegistry.scenarios).toBe(LAB_SCENARIOS);
    expect(withRegistry.servers.length - plain.servers.length).toBe(8); // the registry's two, three providers' two each
  });

  it('gives every kind of child its own findings', async () => {
    expect([1, 10, 20, 25].map(registryChildKind)).toEqual(['plain', 'cds', 'csync', 'lame']);
    const plain = await check('c0001.registry.test');
    expect(plain.domain).toBe('c0001.registry.test.');
    expect(plain.summary.status).not.toBe('error');
    expect(childChanges(plain)).toBeNull();
    const rollover = await check('c0010.registry.test');
    expect(codes(rollover.findings)).toContain('cds.pending');
    const move = await check('c0020.registry.test');
    expect(codes(move.findings)).toEqual(expect.arrayContaining(['csync.pending', 'ns.mismatch']));
    const lame = await check('c0025.registry.test');
    expect(lame.summary.status).toBe('error');
  }, 30_000);

  it('changes the DS of a rollover and the NS of a provider move, as the checks judged them', async () => {
    const ds = childChanges(await check('c0010.registry.test'));
    expect(ds?.ds?.action).toBe('replace');
    expect(ds?.delegation).toBeUndefined();
    // c0020: 20 % 3 = 2, the parent lists reghost-c; the child moved to reghost-a.
    const ns = childChanges(await check('c0020.registry.test'));
    expect(ns?.delegation).toMatchObject({ action: 'update' });
    expect(ns?.delegation?.add.join(' ')).toContain('ns1.reghost-a.test.');
    expect(ns?.delegation?.remove.join(' ')).toContain('ns1.reghost-c.test.');
  }, 30_000);
});
