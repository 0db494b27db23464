// Validation down a chain of cuts that share their servers (shop.corp.zonehost.test: a DNS host's
// zone, its NSEC3 opt-out customer and that customer's unsigned child, all on the host's servers),
// as registries and DNS providers run them. No referral ever carries corp's DS there: the chain
// rests on the walker's `<zone> DS` question to the parent.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Capture } from '@/lib/dns/capture';
import { analyzeCapture } from '@/lib/checks/analyze';
import { loadConfig } from '@/lib/config';
import { runCheck } from '@/lib/run-check';

let capture: Capture;

beforeAll(async () => {
  const r = await runCheck('shop.corp.zonehost.test', { config: loadConfig({}), timeoutMs: 150 });
  if (!r.ok) throw new Error(r.error.message);
  capture = r.report.capture;
});

const zonesOf = (c: Capture) => analyzeCapture(c, { now: new Date() }).zones;
const verdicts = (c: Capture) => Object.fromEntries(zonesOf(c).map((z) => [z.zone, z.validation?.verdict]));

describe('validation where parent and child share servers', () => {
  it("the opt-out customer is secure through its parent's answer to the DS question, and its unsigned child insecure", () => {
    expect(verdicts(capture)).toEqual({
      '.': 'secure',
      'test.': 'secure',
      'zonehost.test.': 'secure',
      'corp.zonehost.test.': 'secure',
      'shop.corp.zonehost.test.': 'insecure',
    });
    const zones = zonesOf(capture);
    const corp = zones.find((z) => z.zone === 'corp.zonehost.test.')!.validation!;
    expect(corp.anchor.kind).toBe('ds');
    const dsProbes = new Set(capture.observations.filter((o) => o.purpose === 'ds' && o.zone === 'corp.zonehost.test.').map((o) => o.id));
    expect(corp.anchor.evidence.length).toBeGreaterThan(0);
    expect(corp.anchor.evidence.every((id) => dsProbes.has(id))).toBe(true);
    const shop = zones.find((z) => z.zone === 'shop.corp.zonehost.test.')!.validation!;
    expect(shop.anchor).toMatchObject({
      kind: 'no-ds-proven',
      detail: 'corp.zonehost.test. proves there is no DS for shop.corp.zonehost.test. (NSEC3 opt-out, signed)',
    });
  });

  it('without that answer the chain stops at the customer: indeterminate, never insecure', () => {
    const c = structuredClone(capture);
    c.observations = c.observations.filter((o) => !(o.purpose === 'ds' && o.zone === 'corp.zonehost.test.'));
    expect(verdicts(c)).toMatchObject({ 'corp.zonehost.test.': 'indeterminate', 'shop.corp.zonehost.test.': 'indeterminate' });
  });
});
