// The network wiring honours the configured address policy: a regression test for a cached wiring
// that was shared between configurations with different allow-lists (the looser one won).
import { describe, expect, it } from 'vitest';
import { loadConfig } from '@/lib/config';
import { runCheck } from '@/lib/run-check';

// Nothing listens on port 1: an allowed query fails fast (port unreachable), and nothing here ever
// leaves the loopback. The DoH URL is pinned to loopback too, though no look-up is reached.
const base = { ZONECUT_LAB: 'off', ZONECUT_ROOT_HINTS: '127.0.0.1:1', ZONECUT_DOH_URL: 'http://127.0.0.1:1/dns-query' };

async function check(env: Record<string, string>) {
  const r = await runCheck('example.test', { config: loadConfig(env), timeoutMs: 200, limits: { timeMs: 3000 } });
  if (!r.ok) throw new Error(r.error.message);
  expect(r.mode).toBe('network');
  return r.report;
}

describe('runCheck on the network path', () => {
  it('sends to an allow-listed loopback root, and refuses it once the allow-list is gone', async () => {
    const allowed = await check({ ...base, ZONECUT_ALLOW_TARGETS: '127.0.0.0/8' });
    expect(allowed.capture.observations.length).toBeGreaterThan(0);
    expect(allowed.findings.map((f) => f.code)).toContain('ns.unreachable');
    expect(allowed.findings.map((f) => f.code)).not.toContain('ns.private-address');

    const refused = await check(base);
    expect(refused.capture.observations).toEqual([]); // nothing was sent
    expect(refused.capture.outcome).toBe('unreachable');
    const finding = refused.findings.find((f) => f.code === 'ns.private-address');
    expect(finding?.zone).toBe('.');
    expect(finding?.summary).toMatch(/127\.0\.0\.1.*loopback/);
    expect(refused.summary.status).toBe('error');
  });
});

describe('ZONECUT_TRUST_ANCHOR on the network path', () => {
  it('is parsed and recorded in the capture', async () => {
    const anchor = '. 172800 IN DS 12345 13 2 0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef';
    const config = loadConfig({ ...base, ZONECUT_TRUST_ANCHOR: '/lab/anchor.zone' }, { readFile: () => anchor });
    const r = await runCheck('example.test', { config, timeoutMs: 200 });
    if (!r.ok) throw new Error(r.error.message);
    expect(r.report.capture.trustAnchor?.source).toBe('/lab/anchor.zone');
    expect(r.report.capture.trustAnchor?.records).toEqual([
      {
        name: '.',
        type: 'DS',
        class: 'IN',
        ttl: 172800,
        data: { keyTag: 12345, algorithm: 13, digestType: 2, digest: '0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef' },
      },
    ]);
  });
});
