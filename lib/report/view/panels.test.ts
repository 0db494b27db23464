import { describe, expect, it } from 'vitest';
import type { Capture } from '@/lib/dns/capture';
import { CATALOGUE, familyOf, type FindingCode } from '@/lib/checks/catalogue';
import { captureBuilder, EXAMPLE, NOW } from '@/lib/checks/test-capture';
import { keyTag } from '@/lib/dns/wire';
import { dsFromDnskey } from '@/lib/dns/dnssec/ds-digest';
import { buildReport, summarizeFindings, withZoneFacts } from '@/lib/report/build-report';
import type { Report } from '@/lib/report/report';
import { runCheck } from '@/lib/run-check';
import { cdsView, csyncFlagWords, csyncView, dnssecView } from '@/lib/report/view/dnssec';
import { evidenceEntry, evidenceText, findingEvidence } from '@/lib/report/view/evidence';
import { compareCuts } from '@/lib/report/view/ns-compare';
import { serverTimeRows } from '@/lib/report/view/servers';
import { outcomeNote, overallStatus, splitFindings } from '@/lib/report/view/summary';

async function lab(name: string): Promise<Report> {
  const r = await runCheck(name, { timeoutMs: 40 });
  if (!r.ok) throw new Error(r.error.message);
  return r.report;
}

describe('DNSSEC view', () => {
  it('shows the key tags the analysis computed', async () => {
    const report = await lab('healthy.test');
    const view = dnssecView(report);
    expect(view?.keys.length).toBe(2);
    for (const k of view?.keys ?? []) expect(k.tag).toBe(keyTag(k.key));
    expect(view?.keys.map((k) => k.role).sort()).toEqual(['KSK', 'ZSK']);
  });

  it('gives a stored report without the facts the same view once they are added', async () => {
    const report = await lab('healthy.test');
    const old = JSON.parse(JSON.stringify(report)) as Partial<Report>;
    delete old.zones;
    const restored = withZoneFacts(old as Report);
    expect(dnssecView(restored)).toEqual(dnssecView(report));
    expect(restored.zones).toEqual(JSON.parse(JSON.stringify(report.zones)));
  });

  it('gives a stored report whose facts predate the CDS and CSYNC records the same CDS and CSYNC panels', async () => {
    for (const name of ['cds-rollover.test', 'csync-pending.test']) {
      const report = await lab(name);
      const old = JSON.parse(JSON.stringify(report)) as Report;
      for (const z of old.zones) {
        const facts: Partial<NonNullable<typeof z.dnssec>> | undefined = z.dnssec;
        delete facts?.cds;
        delete facts?.csync;
      }
      const restored = withZoneFacts(old);
      expect(restored.zones.find((z) => z.dnssec)?.dnssec?.cds).toBeDefined();
      expect(cdsView(restored, familyOf)).toEqual(cdsView(report, familyOf));
      expect(csyncView(restored, familyOf)).toEqual(csyncView(report, familyOf));
    }
  });

  it('matches the parent DS to the KSK, digest verified', async () => {
    const view = dnssecView(await lab('healthy.test'));
    if (!view) throw new Error('no view');
    expect(view.dsKnown).toBe(true);
    expect(view.ds.length).toBe(1);
    const match = view.ds[0]?.match;
    expect(match?.verified).toBe(true);
    expect(view.keys[match?.keyIndex ?? -1]?.role).toBe('KSK');
  });

  it('finds no key for a stale DS', async () => {
    const view = dnssecView(await lab('ds-mismatch.test'));
    if (!view) throw new Error('no view');
    expect(view.ds.map((d) => d.match)).toEqual([null]);
    expect(view.ds[0]?.candidates).toBe(0);
  });

  it("reads the DS from the parent's DS answers when the parent's servers also serve the child", async () => {
    // co-hosted.test's servers answer `shop.co-hosted.test NS` from the child (no DS in authority);
    // only their answers to `shop.co-hosted.test DS` show the parent's DS set, as the checks read it.
    const report = await lab('shop.co-hosted.test');
    expect(report.findings.map((f) => f.code)).not.toContain('ds.absent');
    const view = dnssecView(report);
    if (!view) throw new Error('no view');
    expect(view).toMatchObject({ zone: 'shop.co-hosted.test.', parent: 'co-hosted.test.', dsKnown: true });
    const ksk = view.keys.find((k) => k.role === 'KSK');
    expect(view.ds.map((d) => d.ds.digest.toLowerCase())).toEqual([dsFromDnskey('shop.co-hosted.test.', ksk?.key ?? view.keys[0]!.key, 2)?.digest]);
    expect(view.ds[0]?.match?.verified).toBe(true);
    const dsProbes = new Set(report.capture.observations.filter((o) => o.purpose === 'ds').map((o) => o.id));
    expect(view.dsEvidence.length).toBeGreaterThan(0);
    expect(view.dsEvidence.every((id) => dsProbes.has(id))).toBe(true);
  });

  it('knows an unsigned delegation from an unknown one', async () => {
    const view = dnssecView(await lab('lame.test'));
    expect(view).toMatchObject({ dsKnown: true, ds: [], keys: [] });
  });
});

describe('CDS view', () => {
  it('gives the DS set a parent would install during a rollover', async () => {
    const v = cdsView(await lab('cds-rollover.test'), familyOf);
    expect(v?.verdict.kind).toBe('pending');
    if (v?.verdict.kind !== 'pending') throw new Error('not pending');
    expect(v.verdict.install).toHaveLength(1);
    expect(v.verdict.add).toHaveLength(1);
    expect(v.verdict.remove).toHaveLength(1);
    expect(v.cds).toHaveLength(1);
    expect(v.cdnskey.map((k) => k.role)).toEqual(['KSK']);
  });

  it('spots a delete request', async () => {
    const r = await lab('cds-delete.test');
    const v = cdsView(r, familyOf);
    expect(v?.deleteRequest).toBe(true);
    expect(v?.verdict.kind).toBe('delete');
  });

  it('shows the bootstrap state of an insecure delegation per NS name, with the signalling as evidence', async () => {
    const r = await lab('bootstrap-partial.test');
    const v = cdsView(r, familyOf);
    if (v?.verdict.kind !== 'bootstrap') throw new Error(`not bootstrap: ${v?.verdict.kind}`);
    expect(v.verdict).toMatchObject({ state: 'incomplete', incomplete: true });
    expect(v.verdict.install).toHaveLength(1);
    expect(v.verdict.signals.map((s) => `${s.ns} ${s.state}`)).toEqual(['ns1.legacy-dns.test. absent', 'ns2.signal-dns.test. match']);
    expect(v.verdict.signals[0]?.words).toBe('nothing at _dsboot.bootstrap-partial.test._signal.ns1.legacy-dns.test.');
    const signalIds = r.capture.observations.filter((o) => o.purpose === 'dsboot').map((o) => o.id);
    expect(signalIds).toHaveLength(4);
    expect(v.evidence).toEqual(expect.arrayContaining(signalIds));
  });

  it('is absent for a zone without CDS', async () => {
    const r = await lab('lame.test');
    expect(cdsView(r, familyOf)).toBeNull();
  });
});

describe('CSYNC view', () => {
  it('spells out the flags', () => {
    expect(csyncFlagWords(3).words.map((w) => [w.name, w.set])).toEqual([
      ['immediate (1)', true],
      ['soaminimum (2)', true],
    ]);
    expect(csyncFlagWords(0x82).unknownBits).toBe(0x80);
  });

  it('lists what a parent would change', async () => {
    const r = await lab('csync-pending.test');
    const v = csyncView(r, familyOf);
    expect(v?.records).toHaveLength(1);
    expect(v?.effect).toMatchObject({ kind: 'pending', parent: 'test.' });
    if (v?.effect.kind !== 'pending') throw new Error('not pending');
    expect(v.effect.add).toContain('NS ns3.csync-pending.test.');
    expect(v.effect.remove).toContain('NS ns2.csync-pending.test.');
    expect(v.blockers).toEqual([]);
    expect(v.soaSerials.length).toBeGreaterThan(0);
  });

  it('says why a parent would not act', async () => {
    const unsigned = await lab('csync-unsigned.test');
    expect(csyncView(unsigned, familyOf)?.blockers.map((b) => b.reason)).toContain('it cannot be validated');
    const ahead = await lab('csync-ahead.test');
    expect(csyncView(ahead, familyOf)?.blockers.map((b) => b.reason)).toContain('the SOA serial has not reached the CSYNC serial yet');
  });
});

describe('NS side by side', () => {
  it('highlights names on one side only', async () => {
    const cmp = compareCuts((await lab('ns-mismatch.test')).capture);
    const cut = cmp.find((c) => c.zone === 'ns-mismatch.test.');
    expect(cut?.agree).toBe(false);
    expect(cut?.parentRows.map((r) => [r.name, r.differs])).toEqual([
      ['ns1.ns-mismatch.test.', false],
      ['ns2.ns-mismatch.test.', true],
    ]);
    expect(cut?.childRows.filter((r) => r.differs).map((r) => r.name)).toEqual(['ns3.ns-mismatch.test.']);
    expect(cmp.find((c) => c.zone === 'test.')?.agree).toBe(true);
  });

  it('highlights stale glue and missing glue', async () => {
    const stale = compareCuts((await lab('glue-stale.test')).capture).find((c) => c.zone === 'glue-stale.test.');
    const ns1p = stale?.parentRows.find((r) => r.name === 'ns1.glue-stale.test.');
    expect(ns1p?.addresses.filter((a) => a.differs).map((a) => a.address)).toEqual(['198.51.100.123']);
    const ns1c = stale?.childRows.find((r) => r.name === 'ns1.glue-stale.test.');
    expect(ns1c?.addresses.filter((a) => a.differs).map((a) => a.address)).toEqual(['198.51.100.23']);
    const missing = compareCuts((await lab('glue-missing.test')).capture).find((c) => c.zone === 'glue-missing.test.');
    expect(missing?.parentRows.every((r) => r.missingGlue)).toBe(true);
    expect(missing?.agree).toBe(false);
  });
});

describe('evidence', () => {
  it('gives the dig command, the lab loopback one and dig-like text', async () => {
    const r = await lab('lame.test');
    const f = r.findings.find((x) => x.code === 'ns.lame');
    if (!f) throw new Error('no finding');
    const obs = findingEvidence(r.capture, f);
    expect(obs.map((o) => o.id)).toEqual(f.evidence);
    const soa = obs.find((o) => o.server.address === '203.0.113.24' && o.question.type === 'SOA');
    if (!soa) throw new Error('no soa');
    const e = evidenceEntry(soa, true);
    expect(e.dig).toBe('dig @203.0.113.24 lame.test. SOA +norec +dnssec +bufsize=1232 +nocookie +noadflag');
    expect(e.labDig).toBe('dig @127.53.113.24 -p 5300 lame.test. SOA +norec +dnssec +bufsize=1232 +nocookie +noadflag');
    expect(e).toMatchObject({ outcome: 'REFUSED', tone: 'error', server: '203.0.113.24 (ns2.lame.test.)', question: 'lame.test. SOA' });
    expect(evidenceText(soa)).toContain('status: REFUSED');
    expect(evidenceEntry(soa, false).labDig).toBeNull();
  });

  it('writes +tcp for the TCP probe and says what failed', async () => {
    const r = await lab('tcp-broken.test');
    const tcp = r.capture.observations.find((o) => o.purpose === 'soa-tcp' && o.server.address === '203.0.113.41');
    if (!tcp) throw new Error('no tcp probe');
    expect(evidenceEntry(tcp, false).dig).toContain('+tcp');
    expect(evidenceEntry(tcp, false).outcome).toBe('TCP connection refused');
    expect(evidenceText(tcp)).toMatch(/no answer from 203\.0\.113\.41#53\(ns2\.tcp-broken\.test\.\): TCP connection refused/);
  });
});

const titleOf = (code: FindingCode) => CATALOGUE[code].title;

describe('summary', () => {
  it('says what is wrong first, or that all is well', async () => {
    expect(overallStatus(await lab('lame.test'), titleOf)).toEqual({ status: 'warning', message: '1 warning', headline: 'Lame nameserver' });
    expect(overallStatus(await lab('healthy.test'), titleOf)).toMatchObject({ status: 'ok', headline: 'No problems found in the delegation' });
    expect(overallStatus(await lab('flapping.test'), titleOf).headline).toBe('Parent and child NS sets differ, and more');
  });

  it('notes walks that did not complete', () => {
    const base = captureBuilder().cut('example.test.', EXAMPLE);
    const budget = buildReport(
      base
        .set({
          outcome: 'budget-exhausted',
          budget: { limits: { queries: 10, depth: 1, names: 1, timeMs: 1 }, used: { queries: 10, depth: 1, names: 1, timeMs: 1 }, exhausted: 'queries' },
        })
        .build(),
      { now: NOW, version: 't' },
    );
    expect(outcomeNote(budget)).toEqual({ kind: 'budget', limit: 'queries', used: 10, max: 10 });
    const noRoot = captureBuilder('example.test.').set({ outcome: 'unreachable', targetZone: null, cuts: [], observations: [] }).build();
    expect(outcomeNote(buildReport(noRoot, { now: NOW, version: 't' }))).toEqual({ kind: 'root-unreachable' });
    expect(outcomeNote(buildReport(captureBuilder().cut('example.test.', EXAMPLE).build(), { now: NOW, version: 't' }))).toBeNull();
  });
});

describe('server time', () => {
  it('puts the silent server first', async () => {
    const r = await lab('silent.test');
    const rows = serverTimeRows(r.servers, r.capture);
    expect(rows[0]?.names).toEqual(['ns2.silent.test.']);
    expect(rows[0]?.timeouts).toBeGreaterThan(0);
    expect(rows[0]?.waitMs).toBeGreaterThan(0);
  });

  it('counts queries out at the same time once: the time the check waited, not the sum', () => {
    const at = (id: string, startedAt: string, rttMs: number) =>
      ({ id, server: { address: '192.0.2.9', port: 53 }, startedAt, rttMs, attempts: [{ outcome: 'timeout' }] }) as unknown as Capture['observations'][number];
    const capture = {
      observations: [at('a', '2026-01-01T00:00:00.000Z', 400), at('b', '2026-01-01T00:00:00.100Z', 400), at('c', '2026-01-01T00:00:02.000Z', 400)],
    };
    const figures = { address: '192.0.2.9', port: 53 } as Parameters<typeof serverTimeRows>[0][number];
    const [row] = serverTimeRows([figures], capture as Capture);
    expect(row?.waitMs).toBe(900);
    expect(row?.timeouts).toBe(3);
  });
});

describe('splitFindings', () => {
  it('reads the own/context split the report stored with its counts', async () => {
    const report = await lab('shop.sld-drift.test');
    const drift = report.findings.findIndex((f) => f.code === 'soa.serial-mismatch' && f.zone === 'sld-drift.test.');
    expect(drift).toBeGreaterThanOrEqual(0);
    expect(report.summary.contextFindings).toEqual([drift]);
    const own = report.findings.map((_, i) => i).filter((i) => i !== drift);
    expect(splitFindings(report)).toEqual({ own, context: [drift] });
    // What the view lists as the domain's own is what the summary counted.
    const counted = own.map((i) => report.findings[i]?.severity);
    for (const [severity, n] of Object.entries(report.summary.counts)) expect(counted.filter((s) => s === severity)).toHaveLength(n);
  });

  it("shows a report stored before the split as it was counted: every finding the domain's own", async () => {
    const report = await lab('shop.sld-drift.test');
    // Its summary counted everything: no context counts, no context findings.
    const { totals } = report.summary;
    const counted = summarizeFindings(report.findings, totals, undefined, report.capture.outcome);
    const old: Report = { ...report, summary: { status: counted.status, counts: counted.counts, totals } };
    expect(splitFindings(old)).toEqual({ own: report.findings.map((_, i) => i), context: [] });
    expect(overallStatus(old, titleOf)).toMatchObject({ status: 'warning', headline: CATALOGUE['soa.serial-mismatch'].title });
  });

  it('for a report that stored context counts but not which findings, applies the rule it was built with', async () => {
    const report = await lab('shop.sld-drift.test');
    const { contextFindings, ...summary } = report.summary;
    expect(splitFindings({ ...report, summary })).toEqual(splitFindings(report));
    expect(splitFindings({ ...report, summary }).context).toEqual(contextFindings);
  });
});
