// The lab's scenarios, end to end through the one entry point: each must produce exactly the
// finding codes its story implies (lib/lab/manifest.ts), healthy.test nothing above notice.
import { describe, expect, it } from 'vitest';
import { loadConfig } from '@/lib/config';
import { LAB_RESOLVER_ADDRESS, LAB_SCENARIOS } from '@/lib/lab/manifest';
import { badgeStatus } from '@/lib/report/badge-status';
import type { Report } from '@/lib/report/report';
import { checkMode, runCheck } from '@/lib/run-check';

const config = loadConfig({});
const walkConfig = loadConfig({ ZONECUT_RESOLVE: 'walk' });
// Silent lab servers cost a real timeout: keep it short so the table runs in seconds.
const run = (name: string) => runCheck(name, { config, timeoutMs: 150 });

describe('runCheck over the lab', () => {
  it.each(LAB_SCENARIOS.map((s) => [s.check ?? s.zone, s] as const))('%s produces exactly its expected codes', async (name, scenario) => {
    const r = await run(name);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.mode).toBe('lab');
    const codes = [...new Set(r.report.findings.map((f) => f.code))].sort();
    expect(codes).toEqual([...scenario.expect].sort());
    if (scenario.status) {
      expect(r.report.summary.status).toBe(scenario.status);
      expect(badgeStatus(r.report).status).toBe(scenario.status);
    }
  });

  it.each(LAB_SCENARIOS.map((s) => [s.check ?? s.zone, s] as const))(
    '%s gives the same codes with ZONECUT_RESOLVE=walk, never asking the resolver',
    async (name, scenario) => {
      const r = await runCheck(name, { config: walkConfig, timeoutMs: 150 });
      if (!r.ok) throw new Error(r.error.message);
      // Not one query of any kind (look-ups, takeover probes, RFC 9615 signalling) to the resolver.
      expect(r.report.capture.observations.filter((o) => o.server.address === LAB_RESOLVER_ADDRESS || o.server.url !== undefined)).toEqual([]);
      // The signalling lives at the DNS operator and is asked only through the resolver: in walk
      // mode it is not asked, so the bootstrap state stays unknown and is never called incomplete.
      const expected = scenario.expect.filter((code) => code !== 'cds.bootstrap-incomplete');
      expect([...new Set(r.report.findings.map((f) => f.code))].sort()).toEqual([...expected].sort());
      for (const f of r.report.findings.filter((x) => x.code === 'cds.bootstrap')) {
        expect(f.params?.state).toBe('unknown');
        expect(f.params?.signalStates).toEqual((f.params?.signalStates as string[]).map(() => 'not-asked'));
      }
    },
  );

  it('resolver-fallback.test is found by walking once the resolver fails, and the evidence shows it', async () => {
    const r = await run('resolver-fallback.test');
    if (!r.ok) throw new Error(r.error.message);
    expect(r.report.summary.status).toBe('ok');
    const cut = r.report.capture.cuts.find((c) => c.isTarget)!;
    expect(cut.nameservers.flatMap((n) => n.addresses.map((a) => a.origins.join(','))).sort()).toEqual(['walk', 'walk', 'walk', 'walk']);
    expect(r.report.capture.observations.filter((o) => o.purpose === 'resolve').map((o) => o.response?.rcode)).toEqual(Array(4).fill('SERVFAIL'));
    expect(r.report.capture.observations.some((o) => o.purpose === 'resolve-walk' && o.response?.flags.aa && o.response.answer.length > 0)).toBe(true);
  });

  it('stranded.test: no server of the zone was asked, so the status and the badge say unknown, never ok', async () => {
    const r = await run('stranded.test');
    if (!r.ok) throw new Error(r.error.message);
    expect(r.report.capture.outcome).toBe('no-server-asked');
    expect(r.report.summary.status).toBe('unknown');
    expect(badgeStatus(r.report)).toEqual({ status: 'unknown', message: 'unknown' });
    expect(r.report.findings.filter((f) => f.code === 'ns.address-unknown').map((f) => f.nameserver)).toEqual(['dns1.gone-dns.test.', 'dns2.gone-dns.test.']);
  });

  it('www.stranded.test: a name inside a zone no server of which could be asked is unknown too, not a warning', async () => {
    const r = await run('www.stranded.test');
    if (!r.ok) throw new Error(r.error.message);
    expect(r.report.capture.outcome).toBe('no-server-asked');
    expect(r.report.capture.targetZone).toBe('stranded.test.');
    expect(r.report.summary.status).toBe('unknown');
    expect(badgeStatus(r.report)).toEqual({ status: 'unknown', message: 'unknown' });
    expect([...new Set(r.report.findings.map((f) => f.code))].sort()).toEqual(['ds.absent', 'ns.address-unknown']);
  });

  it('healthy.test has no warning or error and reports per-server figures', async () => {
    const r = await run('healthy.test');
    if (!r.ok) throw new Error(r.error.message);
    expect(r.report.summary.status).toBe('ok');
    expect(r.report.summary.counts.error + r.report.summary.counts.warning).toBe(0);
    expect(r.report.servers.length).toBeGreaterThan(3);
    expect(r.report.summary.totals.queries).toBeGreaterThan(10);
  });

  it('a.b.c.deep.test shows every cut from the root', async () => {
    const r = await run('a.b.c.deep.test');
    if (!r.ok) throw new Error(r.error.message);
    expect(r.report.capture.cuts.map((c) => c.zone)).toEqual(['.', 'test.', 'deep.test.', 'c.deep.test.', 'b.c.deep.test.', 'a.b.c.deep.test.']);
  });

  it('csync-pending.test names the NS changes a parent would make', async () => {
    const r = await run('csync-pending.test');
    if (!r.ok) throw new Error(r.error.message);
    const pending = r.report.findings.find((f) => f.code === 'csync.pending');
    expect(pending).toBeDefined();
    expect(pending?.summary).toMatch(/ns3\.csync-pending\.test/);
  });

  it('www.healthy.test ends at its enclosing zone', async () => {
    const r = await run('www.healthy.test');
    if (!r.ok) throw new Error(r.error.message);
    expect(r.report.capture.targetZone).toBe('healthy.test.');
    expect(r.report.findings.map((f) => f.code)).toContain('zone.not-apex');
  });

  it('nonexistent.test has no delegation', async () => {
    const r = await run('nonexistent.test');
    if (!r.ok) throw new Error(r.error.message);
    expect(r.report.capture.outcome).toBe('no-delegation');
    expect(r.report.findings.map((f) => f.code)).toContain('delegation.missing');
    expect(r.report.summary.status).toBe('error');
  });

  it('streams progress events in order', async () => {
    const types: string[] = [];
    await runCheck('healthy.test', { config, onEvent: (e) => types.push(e.type) });
    expect(types[0]).toBe('start');
    expect(types.at(-1)).toBe('done');
    expect(types).toContain('cut');
    expect(types.filter((t) => t === 'query').length).toBe(types.filter((t) => t === 'answer').length);
  });

  it('bad input is an error with a code and changes nothing', async () => {
    const r = await runCheck('exa mple.com', { config });
    expect(r).toEqual({ ok: false, error: { code: 'invalid-character', message: expect.stringMatching(/spaces/) } });
  });
});

describe('checkMode', () => {
  it('sends test. to the lab only while the lab is on', () => {
    expect(checkMode('healthy.test.', config)).toBe('lab');
    expect(checkMode('test.', config)).toBe('lab');
    expect(checkMode('example.com.', config)).toBe('network');
    expect(checkMode('healthy.test.', loadConfig({ ZONECUT_LAB: 'off' }))).toBe('network');
    expect(checkMode('attest.', config)).toBe('network');
  });
});

describe('the trust anchor', () => {
  it('every capture records the anchor it ran under: the lab root key in the lab', async () => {
    const r = await run('healthy.test');
    if (!r.ok) throw new Error(r.error.message);
    expect(r.report.capture.trustAnchor?.source).toBe('the lab root key');
    expect(r.report.capture.trustAnchor?.records[0]).toMatchObject({ name: '.', type: 'DS' });
  });
});

describe('the vantage point (ZONECUT_IPV6)', () => {
  const ipv6Addresses = (report: Report) =>
    report.capture.cuts.flatMap((c) => [...c.nameservers.flatMap((ns) => ns.addresses), ...(c.unnamedAddresses ?? [])]).filter((a) => a.family === 6);

  it('from an IPv4-only host (ipv4-vantage.test), IPv6 addresses are not tested, and the report says so', async () => {
    const r = await run('ipv4-vantage.test');
    if (!r.ok) throw new Error(r.error.message);
    const v6 = ipv6Addresses(r.report);
    expect(v6.length).toBeGreaterThan(4); // the root's, test.'s and the zone's own
    for (const a of v6) expect(a.untested).toBe('no-ipv6-here');
    expect(r.report.capture.observations.filter((o) => o.server.address.includes(':'))).toEqual([]);
    expect(r.report.vantage).toEqual({ families: [4], ipv6: 'auto', resolver: r.report.capture.resolver });
  });

  it('forced on from that host, every IPv6 server fails as it did before detection', async () => {
    const r = await runCheck('ipv4-vantage.test', { config: { ...config, ipv6: 'on' }, timeoutMs: 150 });
    if (!r.ok) throw new Error(r.error.message);
    const unreachable = r.report.findings.filter((f) => f.code === 'ns.unreachable');
    expect([...new Set(unreachable.map((f) => f.zone))].sort()).toEqual(['.', 'ipv4-vantage.test.', 'test.']);
    expect(unreachable.every((f) => f.address?.includes(':'))).toBe(true);
    expect(r.report.summary.status).toBe('warning');
    expect(r.report.vantage?.families).toEqual([4, 6]);
  });

  it('off on a host with IPv6: healthy.test stays clean, its IPv6 servers untested, ns.no-ipv6 quiet (they are published)', async () => {
    const r = await runCheck('healthy.test', { config: { ...config, ipv6: 'off' }, timeoutMs: 150 });
    if (!r.ok) throw new Error(r.error.message);
    expect(r.report.findings.filter((f) => f.severity !== 'info')).toEqual([]);
    expect(ipv6Addresses(r.report).every((a) => a.untested === 'no-ipv6-here')).toBe(true);
    expect(r.report.vantage).toMatchObject({ families: [4], ipv6: 'off' });
  });
});

describe('the status judges the domain, not its ancestors', () => {
  it("shop.sld-drift.test is ok; its registry's serial drift is context", async () => {
    const r = await run('shop.sld-drift.test');
    if (!r.ok) throw new Error(r.error.message);
    const drift = r.report.findings.find((f) => f.code === 'soa.serial-mismatch');
    expect(drift).toMatchObject({ zone: 'sld-drift.test.', severity: 'warning' });
    expect(r.report.summary.counts).toMatchObject({ error: 0, warning: 0 });
    expect(r.report.summary.context).toMatchObject({ error: 0, warning: 1 });
    expect(badgeStatus(r.report)).toEqual({ status: 'ok', message: 'ok' });
  });

  it('the registry itself, checked, has the drift as its own warning', async () => {
    const r = await run('sld-drift.test');
    if (!r.ok) throw new Error(r.error.message);
    expect(r.report.summary).toMatchObject({ status: 'warning', counts: { warning: 1 }, context: { warning: 0, error: 0 } });
  });
});
