import { describe, expect, it } from 'vitest';
import { CATALOGUE_VERSION, type Finding } from '@/lib/checks/catalogue';
import { captureBuilder, EXAMPLE, NOW, rcode } from '@/lib/checks/test-capture';
import { buildReport } from '@/lib/report/build-report';
import type { Report } from '@/lib/report/report';
import { catalogueVersionOf, diffFindings, isAnalysedByOlderCatalogue, todaysChecks } from '@/lib/report/todays-checks';

// A zone with a lame server and a short NS TTL: today's checks report a warning and a notice.
const capture = () =>
  captureBuilder()
    .cut('example.test.', { ...EXAMPLE, childNsTtl: 60 })
    .respond({ address: '198.51.100.2', purpose: ['apex-soa', 'apex-ns'] }, rcode('REFUSED'))
    .build();
const current = () => buildReport(capture(), { now: NOW, version: '0.1.0' });

/** The report as an older catalogue stored it: without `dropped`, with `extra`. */
function storedBy(version: number | undefined, change: (findings: Finding[]) => Finding[] = (f) => f): Report {
  const r = current();
  // JSON drops an undefined version, as reports stored before it was recorded lack the field.
  const old = { ...r, findings: change(r.findings), zonecutVersion: '0.0.9', catalogueVersion: version };
  return JSON.parse(JSON.stringify(old)) as Report;
}

describe('the re-analysis decision', () => {
  it('reads a missing or unusable version as 1', () => {
    expect('catalogueVersion' in storedBy(undefined)).toBe(false);
    expect(catalogueVersionOf({})).toBe(1);
    expect(catalogueVersionOf({ catalogueVersion: '3' })).toBe(1);
    expect(catalogueVersionOf({ catalogueVersion: 0 })).toBe(1);
    expect(catalogueVersionOf({ catalogueVersion: 2 })).toBe(2);
  });
  it('re-analyses only reports of an older catalogue', () => {
    expect(isAnalysedByOlderCatalogue({}, 2)).toBe(true);
    expect(isAnalysedByOlderCatalogue({ catalogueVersion: 1 }, 2)).toBe(true);
    expect(isAnalysedByOlderCatalogue({ catalogueVersion: 2 }, 2)).toBe(false);
    expect(isAnalysedByOlderCatalogue({ catalogueVersion: 3 }, 2)).toBe(false); // a newer build's report after a rollback
    expect(todaysChecks(current(), { version: '0.2.0' })).toBeNull();
    expect(todaysChecks(storedBy(CATALOGUE_VERSION + 1), { version: '0.2.0' })).toBeNull();
  });
});

describe('todaysChecks', () => {
  it('re-analyses the stored capture at the time of the original analysis and lists what differs', () => {
    const full = current();
    const notice = full.findings.find((f) => f.severity === 'notice');
    if (!notice) throw new Error('the fixture should raise a notice');
    const gone: Finding = { ...notice, code: 'ns.no-ipv6', summary: 'an old finding', params: {} };
    const stored = storedBy(undefined, (fs) => [...fs.filter((f) => f.code !== notice.code), gone]);
    const today = todaysChecks(stored, { version: '0.2.0' });
    expect(today).not.toBeNull();
    expect(today?.asCheckedVersion).toBe(1);
    expect(today?.todayVersion).toBe(CATALOGUE_VERSION);
    expect(today?.report.findings).toEqual(full.findings);
    expect(today?.report.analyzedAt).toBe(stored.analyzedAt);
    expect(today?.report.zonecutVersion).toBe('0.2.0');
    expect(today?.diff.added.map((f) => f.code)).toEqual([notice.code]);
    expect(today?.diff.removed).toEqual([{ code: 'ns.no-ipv6', zone: notice.zone, severity: notice.severity, summary: 'an old finding' }]);
    expect(today?.diff.codes).toEqual([notice.code, 'ns.no-ipv6'].sort());
  });
  it('finds nothing to show when an older catalogue judged the same', () => {
    const today = todaysChecks(storedBy(1), { version: '0.2.0' });
    expect(today?.diff).toEqual({ added: [], removed: [], codes: [] });
  });
});

describe('diffFindings', () => {
  it('shows a finding whose severity changed as removed and added, and ignores order', () => {
    const fs = current().findings;
    const [first, ...rest] = fs;
    if (!first) throw new Error('the fixture should have findings');
    const escalated: Finding = { ...first, severity: first.severity === 'error' ? 'warning' : 'error' };
    const d = diffFindings(fs, [...rest.reverse(), escalated]);
    expect(d.added.map((f) => f.severity)).toEqual([escalated.severity]);
    expect(d.removed.map((f) => f.severity)).toEqual([first.severity]);
    expect(d.codes).toEqual([first.code]);
    expect(diffFindings(fs, [...fs].reverse()).codes).toEqual([]);
  });
});
