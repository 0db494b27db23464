import { afterEach, describe, expect, it } from 'vitest';
import { getConfig } from '@/lib/config';
import { setLabSwitch } from '@/lib/lab/lab-switches';
import { resetLabWiring, runCheck } from '@/lib/run-check';
import { POST } from './route';

const cache = globalThis as unknown as { __zonecutConfig?: ReturnType<typeof getConfig> };

function withSwitches(on: boolean) {
  cache.__zonecutConfig = { ...getConfig(), lab: true, labSwitches: on };
}

const post = (body: unknown) =>
  POST(new Request('http://localhost/api/lab/switch', { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }));

afterEach(() => {
  setLabSwitch('csync-pending', 'original');
  resetLabWiring();
  cache.__zonecutConfig = undefined;
});

async function parentNs(): Promise<{ ns: string[]; codes: string[] }> {
  const result = await runCheck('csync-pending.test');
  if (!result.ok) throw new Error(result.error.message);
  const cut = result.report.capture.cuts.find((c) => c.zone === 'csync-pending.test.');
  return { ns: [...(cut?.parentNs ?? [])].sort(), codes: result.report.findings.map((f) => f.code) };
}

describe('POST /api/lab/switch', () => {
  it('is a 404 unless ZONECUT_LAB_SWITCHES is on', async () => {
    withSwitches(false);
    expect((await post({ scenario: 'csync-pending', state: 'applied' })).status).toBe(404);
  });

  it('rejects unknown scenarios and states', async () => {
    withSwitches(true);
    expect((await post({ scenario: 'healthy', state: 'applied' })).status).toBe(400);
    expect((await post({ scenario: 'csync-pending', state: 'broken' })).status).toBe(400);
  });

  it('applies csync-pending.test’s CSYNC at the parent, and undoes it; the walk cache does not keep the old delegation', async () => {
    withSwitches(true);
    const before = await parentNs();
    expect(before.ns).toEqual(['ns1.csync-pending.test.', 'ns2.csync-pending.test.']);
    expect(before.codes).toEqual(expect.arrayContaining(['ns.mismatch', 'csync.pending']));

    const applied = await post({ scenario: 'csync-pending', state: 'applied' });
    expect(applied.status).toBe(200);
    expect(await applied.json()).toEqual({ scenario: 'csync-pending', state: 'applied' });
    const after = await parentNs();
    expect(after.ns).toEqual(['ns1.csync-pending.test.', 'ns3.csync-pending.test.']);
    expect(after.codes).not.toContain('ns.mismatch');
    expect(after.codes).not.toContain('csync.pending');

    expect((await post({ scenario: 'csync-pending', state: 'original' })).status).toBe(200);
    expect((await parentNs()).ns).toEqual(before.ns);
  });
});
