import { describe, expect, it } from 'vitest';
import { CATALOGUE_VERSION } from '@/lib/checks/catalogue';
import { captureBuilder, EXAMPLE, NOW, rcode, timeout } from '@/lib/checks/test-capture';
import { badgeStatus } from '@/lib/report/badge-status';
import { buildReport, summarizeFindings } from '@/lib/report/build-report';
import { median, serverFigures } from '@/lib/report/server-figures';

const build = (c = captureBuilder('Example.TEST').cut('example.test.', EXAMPLE).build()) => buildReport(c, { now: NOW, version: '0.1.0' });

describe('buildReport', () => {
  it('carries versions, the domain, the time of analysis and the capture', () => {
    const r = build();
    expect(r).toMatchObject({
      schemaVersion: 1,
      zonecutVersion: '0.1.0',
      catalogueVersion: CATALOGUE_VERSION,
      domain: 'example.test.',
      analyzedAt: '2026-01-01T00:00:00.000Z',
    });
    expect(r.capture.observations.length).toBeGreaterThan(0);
    expect(JSON.parse(JSON.stringify(r))).toEqual(r); // plain JSON
  });
  it('is ok with only info findings', () => {
    const r = build();
    expect(r.summary).toMatchObject({ status: 'ok', counts: { error: 0, warning: 0, notice: 0, info: 1 } });
  });
  it('counts per severity and takes the worst as status', () => {
    const c = captureBuilder()
      .cut('example.test.', { ...EXAMPLE, childNsTtl: 60 })
      .respond({ address: '198.51.100.2', purpose: ['apex-soa', 'apex-ns'] }, rcode('REFUSED'))
      .build();
    const r = build(c);
    expect(r.summary.counts).toEqual({ error: 0, warning: 1, notice: 1, info: 1 });
    expect(r.summary.status).toBe('warning');
    const all = build(
      captureBuilder()
        .cut('example.test.', EXAMPLE)
        .respond({ purpose: ['apex-soa', 'apex-ns'] }, rcode('REFUSED'))
        .build(),
    );
    expect(all.summary).toMatchObject({ status: 'error', counts: { error: 2 } }); // one per NS name
    expect(all.findings[0]?.severity).toBe('error');
  });
  it("counts the domain's own findings; its ancestors' are context, not in the status", () => {
    const r = build();
    const totals = r.summary.totals;
    const warning = (zone: string) => ({ code: 'soa.serial-mismatch' as const, severity: 'warning' as const, zone, summary: '', params: {}, evidence: [] });
    const own = summarizeFindings([warning('example.test.'), warning('test.')], totals, (f) => f.zone === 'test.');
    expect(own).toMatchObject({ status: 'warning', counts: { warning: 1 }, context: { warning: 1 } });
    const ancestorOnly = summarizeFindings([warning('test.')], totals, (f) => f.zone === 'test.');
    expect(ancestorOnly).toMatchObject({ status: 'ok', counts: { warning: 0 }, context: { warning: 1 } });
    expect(badgeStatus({ summary: ancestorOnly, capture: r.capture })).toEqual({ status: 'ok', message: 'ok' });
  });
  it('discloses the vantage point', () => {
    expect(build().vantage).toEqual({ families: [4, 6], ipv6: null, resolver: { kind: 'doh', url: 'https://1.1.1.1/dns-query' } });
    const c = { ...captureBuilder().cut('example.test.', EXAMPLE).build(), vantage: { families: [4] as (4 | 6)[], ipv6: 'auto' as const } };
    expect(build(c).vantage).toMatchObject({ families: [4], ipv6: 'auto' });
  });
  it('totals the check', () => {
    const r = build();
    // 4 addresses × 12 probes (4 apex, 4 ns-address, 4 DNSSEC), 2 referrals.
    expect(r.summary.totals).toMatchObject({ queries: 50, attempts: 50, answered: 50, cached: 0, servers: 5, durationMs: 1000, budgetExhausted: null });
  });
});

describe('serverFigures', () => {
  it('gives queries, answers, median rtt and transports per address', () => {
    const c = captureBuilder()
      .cut('example.test.', { ...EXAMPLE, ns: { ...EXAMPLE.ns, 'ns.host.test.': ['203.0.113.7'] }, blocked: { '2001:db8:2::2': 'documentation' } })
      .respond({ address: '198.51.100.2', purpose: 'apex-soa' }, (o) => ({ ...o, attempts: [{ ...o.attempts[0]!, rttMs: 40 }] }))
      .respond({ address: '198.51.100.2', purpose: 'apex-ns' }, timeout())
      .build();
    const { servers } = serverFigures(c);
    const b = servers.find((s) => s.address === '198.51.100.2');
    expect(b).toMatchObject({
      port: 53,
      names: ['ns2.example.test.'],
      zones: ['example.test.'],
      role: 'authoritative',
      queries: 12,
      answered: 11,
      attempts: 14,
      medianRttMs: 12,
      transports: ['tcp', 'udp'],
    });
    expect(servers.find((s) => s.address === '2001:db8:2::2')).toMatchObject({ queries: 0, blocked: 12, medianRttMs: null });
    expect(servers.find((s) => s.address === '1.1.1.1')).toMatchObject({ role: 'resolver', port: 443, transports: ['doh'], queries: 2 });
    expect(servers[0]?.address).toBe('203.0.113.53'); // walk order: the parent first
  });
  it('does not count reused replies as queries', () => {
    const c = captureBuilder()
      .cut('example.test.', EXAMPLE)
      .respond({ purpose: 'referral' }, (o) => ({ ...o, cached: { storedAt: o.startedAt, ageSeconds: 30 } }))
      .build();
    expect(serverFigures(c).servers[0]).toMatchObject({ address: '203.0.113.53', queries: 1, cached: 1 });
  });
  it('median', () => {
    expect(median([])).toBeNull();
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });
});

describe('badgeStatus', () => {
  it('says ok for a healthy zone', () => {
    expect(badgeStatus(build())).toEqual({ status: 'ok', message: 'ok' });
  });
  it('counts warnings, in the singular for one', () => {
    const r = build(
      captureBuilder()
        .cut('example.test.', EXAMPLE)
        .respond({ address: '198.51.100.2', purpose: ['apex-soa', 'apex-ns'] }, rcode('REFUSED'))
        .build(),
    );
    expect(badgeStatus(r)).toEqual({ status: 'warning', message: '1 warning' });
  });
  it('counts errors before warnings', () => {
    const r = build(
      captureBuilder()
        .cut('example.test.', EXAMPLE)
        .respond({ purpose: ['apex-soa', 'apex-ns'] }, rcode('REFUSED'))
        .build(),
    );
    expect(badgeStatus(r)).toEqual({ status: 'error', message: '2 errors' });
  });
  it('says unknown when the walk stopped short and found nothing worse', () => {
    const c = captureBuilder()
      .cut('example.test.', EXAMPLE)
      .set({
        outcome: 'budget-exhausted',
        budget: { limits: { queries: 10, depth: 1, names: 1, timeMs: 1 }, used: { queries: 10, depth: 1, names: 1, timeMs: 1 }, exhausted: 'queries' },
      })
      .build();
    expect(badgeStatus(build(c))).toEqual({ status: 'unknown', message: 'unknown' });
    expect(badgeStatus(build(captureBuilder('example.test.').set({ outcome: 'unreachable', targetZone: null }).build()))).toEqual({
      status: 'unknown',
      message: 'unknown',
    });
    expect(badgeStatus(build(captureBuilder().cut('example.test.', EXAMPLE).set({ outcome: 'aborted' }).build())).status).toBe('unknown');
  });
  it('says unknown, in the summary too, when no server of the zone was asked, even with warnings', () => {
    // Two out-of-domain names whose look-ups failed (ns.address-unknown, warnings): nothing of the zone was seen.
    const spec = {
      ns: { 'ns1.gone.test.': [], 'ns2.gone.test.': [] },
      resolution: { 'ns1.gone.test.': { status: 'failed' as const }, 'ns2.gone.test.': { status: 'failed' as const } },
    };
    const r = build(captureBuilder().cut('example.test.', spec).set({ outcome: 'no-server-asked' }).build());
    expect(r.summary.counts.warning).toBe(2);
    expect(r.summary.status).toBe('unknown');
    expect(badgeStatus(r)).toEqual({ status: 'unknown', message: 'unknown' });
    // The same findings on a walk that did ask the zone's servers: warnings.
    expect(build(captureBuilder().cut('example.test.', spec).build()).summary.status).toBe('warning');
  });
  it('still counts errors found before the walk stopped', () => {
    const c = captureBuilder()
      .cut('example.test.', EXAMPLE)
      .respond({ purpose: ['apex-soa', 'apex-ns'] }, rcode('REFUSED'))
      .set({ outcome: 'budget-exhausted' })
      .build();
    expect(badgeStatus(build(c)).status).toBe('error');
  });
});
