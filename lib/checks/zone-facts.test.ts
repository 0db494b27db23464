import { describe, expect, it } from 'vitest';
import type { Finding } from '@/lib/checks/catalogue';
import type { Report } from '@/lib/report/report';
import { runCheck } from '@/lib/run-check';

async function lab(name: string): Promise<Report> {
  const r = await runCheck(name, { timeoutMs: 40 });
  if (!r.ok) throw new Error(r.error.message);
  return r.report;
}

/** Addresses a server finding names, per zone: `zone|address`. */
function flagged(findings: readonly Finding[], code: string): Set<string> {
  return new Set(
    findings.filter((f) => f.code === code).flatMap((f) => (Array.isArray(f.params.addresses) ? f.params.addresses.map((a) => `${f.zone}|${a}`) : [])),
  );
}

function withStatus(report: Report, kind: string): Set<string> {
  return new Set(report.zones.flatMap((z) => Object.entries(z.addresses).flatMap(([a, fact]) => (fact.status.kind === kind ? [`${z.zone}|${a}`] : []))));
}

describe('zone facts', () => {
  it.each(['lame.test', 'lame-servfail.test', 'lame-noaa.test', 'silent.test', 'glue-stale.test', 'tcp-broken.test', 'healthy.test'])(
    '%s: an address is lame or unreachable exactly when the findings say so, with their words',
    async (name) => {
      const report = await lab(name);
      expect(withStatus(report, 'lame')).toEqual(flagged(report.findings, 'ns.lame'));
      expect(withStatus(report, 'unreachable')).toEqual(flagged(report.findings, 'ns.unreachable'));
      const tcp = new Set(report.zones.flatMap((z) => Object.entries(z.addresses).flatMap(([a, f]) => (f.tcpBroken ? [`${z.zone}|${a}`] : []))));
      expect(tcp).toEqual(flagged(report.findings, 'ns.tcp-broken'));
      for (const f of report.findings.filter((x) => x.code === 'ns.lame' || x.code === 'ns.unreachable')) {
        for (const a of f.params.addresses as string[]) {
          const status = report.zones.find((z) => z.zone === f.zone)?.addresses[a]?.status;
          expect(status && 'detail' in status ? status.detail : null).toBe(f.params.reason);
        }
      }
    },
  );

  it('records the lameness kinds and the serial of authoritative servers', async () => {
    const report = await lab('lame.test');
    const zone = report.zones.find((z) => z.zone === 'lame.test.');
    expect(zone?.addresses['203.0.113.24']?.status).toEqual({ kind: 'lame', reasons: ['refused'], detail: 'REFUSED' });
    expect(zone?.addresses['198.51.100.24']?.status).toMatchObject({ kind: 'authoritative', serial: expect.any(Number) });
  });

  it('matches each DS to the key it names, and says when none does', async () => {
    const healthy = (await lab('healthy.test')).zones.find((z) => z.zone === 'healthy.test.')?.dnssec;
    expect(healthy?.ds).toHaveLength(1);
    const [ds] = healthy?.ds ?? [];
    expect(ds?.verified).toBe(true);
    expect(healthy?.keys[ds?.key ?? -1]?.key.flags).toBe(257);
    const stale = (await lab('ds-mismatch.test')).zones.find((z) => z.zone === 'ds-mismatch.test.')?.dnssec;
    expect(stale?.ds.map((d) => [d.key, d.candidates])).toEqual([[null, 0]]);
  });
});
