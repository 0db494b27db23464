import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Finding } from '@/lib/checks/catalogue';
import { diffReports, findingKey, setDiff } from '@/lib/report/diff-reports';
import { checkAcrossCsyncSwitch, labReport, restoreCsyncSwitch } from '@/lib/lab/test-support/csync-switch';
import type { Report } from '@/lib/report/report';

let before: Report;
let after: Report;
beforeAll(async () => ({ before, after } = await checkAcrossCsyncSwitch()));
afterAll(restoreCsyncSwitch);

describe('setDiff', () => {
  it('compares as sets, sorted', () => {
    expect(setDiff(['b', 'a', 'a'], ['c', 'a'])).toEqual({ before: ['a', 'b'], after: ['a', 'c'], added: ['c'], removed: ['b'] });
  });
});

describe('findingKey', () => {
  it('ignores wording, evidence and the order of list params', () => {
    const f: Finding = { code: 'ns.mismatch', severity: 'warning', zone: 'x.test.', summary: 'one', params: { parentOnly: ['b', 'a'] }, evidence: ['q1'] };
    expect(findingKey(f)).toBe(findingKey({ ...f, summary: 'two', evidence: [], params: { parentOnly: ['a', 'b'] } }));
    expect(findingKey(f)).not.toBe(findingKey({ ...f, zone: 'y.test.' }));
  });
});

describe('diffReports', () => {
  it("reads the parent's DS set as the checks do, also when its servers serve the child", async () => {
    const cohosted = await labReport('shop.co-hosted.test');
    const d = diffReports(cohosted, cohosted);
    expect(d.ds.before).toHaveLength(1);
    expect(d.ds.before).toEqual(d.ds.after);
    expect(d.ds.added).toEqual([]);
  });

  it('a report against itself: nothing changed', () => {
    const d = diffReports(before, before);
    expect(d.same).toBe(true);
    expect(d.findingsAdded).toEqual([]);
  });

  it('csync-pending.test before and after the parent applied the CSYNC', () => {
    const d = diffReports(before, after);
    expect(d.same).toBe(false);
    const cut = d.cuts.find((c) => c.zone === 'csync-pending.test.');
    expect(cut?.parentNs.removed).toEqual(['ns2.csync-pending.test.']);
    expect(cut?.parentNs.added).toEqual(['ns3.csync-pending.test.']);
    expect(cut?.childNs.added).toEqual([]);
    expect(cut?.childNs.removed).toEqual([]);
    expect(cut?.glue.added).toEqual(expect.arrayContaining(['ns3.csync-pending.test. 198.51.100.135']));
    expect(cut?.glue.removed).toEqual(expect.arrayContaining(['ns2.csync-pending.test. 203.0.113.35']));
    expect(d.cuts.find((c) => c.zone === 'test.')?.parentNs.added).toEqual([]);
    expect(d.ds.added).toEqual([]);
    expect(d.dnskey.added).toEqual([]);
    expect(d.csync.before).toEqual(d.csync.after);
    expect(d.csync.after.length).toBe(1);
    const resolved = d.findingsResolved.map((f) => f.code);
    expect(resolved).toEqual(expect.arrayContaining(['ns.mismatch', 'csync.pending']));
    expect(d.findingsAdded.map((f) => f.code)).not.toContain('ns.mismatch');
  });
});
