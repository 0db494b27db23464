import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeFinding } from '@/lib/checks/make-finding';
import { checkAcrossCsyncSwitch, restoreCsyncSwitch } from '@/lib/lab/test-support/csync-switch';
import type { Report } from '@/lib/report/report';
import { describeChange } from '@/lib/watch/watch-change';
import { diffSnapshots, parseSnapshot, watchSnapshot, type WatchSnapshot } from '@/lib/watch/watch-snapshot';

let before: Report;
let after: Report;
beforeAll(async () => ({ before, after } = await checkAcrossCsyncSwitch()));
afterAll(restoreCsyncSwitch);

const base: WatchSnapshot = {
  version: 1,
  status: 'ok',
  zone: 'x.test.',
  parentNs: ['ns1.x.test.', 'ns2.x.test.'],
  childNs: ['ns1.x.test.', 'ns2.x.test.'],
  glue: ['ns1.x.test. 192.0.2.1'],
  ds: ['1 13 2 AB'],
  dnskey: ['1/13 KSK'],
  cds: [],
  csync: [],
  csyncState: 'none',
  findings: [{ key: 'a|x.test.', code: 'ns.single', severity: 'warning', summary: 'one' }],
};

describe('diffSnapshots', () => {
  it('no change: no event', () => {
    expect(diffSnapshots(base, structuredClone(base))).toEqual([]);
  });

  it('compares sets as sets (order does not count)', () => {
    expect(diffSnapshots(base, { ...base, parentNs: ['ns2.x.test.', 'ns1.x.test.'] })).toEqual([]);
  });

  it.each([
    ['parentNs', 'parent-ns'],
    ['childNs', 'child-ns'],
    ['glue', 'glue'],
    ['ds', 'ds'],
    ['dnskey', 'dnskey'],
    ['cds', 'cds'],
    ['csync', 'csync'],
  ] as const)('a change in %s is a %s change', (field, kind) => {
    const changed = { ...base, [field]: [...base[field].slice(1), 'new'] };
    const changes = diffSnapshots(base, changed);
    expect(changes).toEqual([{ kind, added: ['new'], removed: base[field].slice(0, 1) }]);
  });

  it('single values: status, CSYNC state, zone', () => {
    expect(diffSnapshots(base, { ...base, status: 'error', csyncState: 'in-sync', zone: 'test.' })).toEqual([
      { kind: 'zone', before: 'x.test.', after: 'test.' },
      { kind: 'csync-state', before: 'none', after: 'in-sync' },
      { kind: 'status', before: 'ok', after: 'error' },
    ]);
  });

  it('findings by identity, not wording', () => {
    const reworded = { ...base, findings: [{ ...base.findings[0]!, summary: 'other words' }] };
    expect(diffSnapshots(base, reworded)).toEqual([]);
    const next = { ...base, findings: [{ key: 'b|x.test.', code: 'glue.missing', severity: 'error', summary: 'no glue' }] };
    const [change] = diffSnapshots(base, next);
    expect(change).toEqual({ kind: 'findings', added: next.findings, resolved: base.findings });
    expect(describeChange(change!)).toBe('findings: + glue.missing − ns.single');
  });
});

describe('watchSnapshot over the lab', () => {
  it('the same domain twice: no change', async () => {
    expect(diffSnapshots(watchSnapshot(before), watchSnapshot(before))).toEqual([]);
  });

  it('a walk that used a different share of its budget is no change; a different limit is', () => {
    const budget = (used: number, max: number): Report => {
      const f = makeFinding('check.budget-exhausted', {
        zone: 'csync-pending.test.',
        params: { target: 'csync-pending.test.', limit: 'time (ms)', used, max },
        evidence: [],
      });
      return { ...before, findings: [...before.findings, f] };
    };
    expect(diffSnapshots(watchSnapshot(budget(20_012, 20_000)), watchSnapshot(budget(20_431, 20_000)))).toEqual([]);
    expect(diffSnapshots(watchSnapshot(budget(20_012, 20_000)), watchSnapshot(budget(30_012, 30_000))).map((c) => c.kind)).toEqual(['findings']);
  });

  it('csync-pending.test before and after its parent applied the CSYNC', () => {
    const b = watchSnapshot(before);
    const a = watchSnapshot(after);
    expect(b.zone).toBe('csync-pending.test.');
    expect(b.csyncState.split(', ')).toEqual(expect.arrayContaining(['pending: +NS ns3.csync-pending.test.', '-NS ns2.csync-pending.test.']));
    const changes = diffSnapshots(b, a);
    const byKind = new Map(changes.map((c) => [c.kind, c]));
    expect(byKind.get('parent-ns')).toEqual({ kind: 'parent-ns', added: ['ns3.csync-pending.test.'], removed: ['ns2.csync-pending.test.'] });
    expect(byKind.get('csync-state')).toMatchObject({ before: b.csyncState, after: 'in-sync' });
    const findings = byKind.get('findings');
    expect(findings?.kind === 'findings' && findings.resolved.map((f) => f.code)).toEqual(expect.arrayContaining(['ns.mismatch', 'csync.pending']));
    expect(byKind.has('child-ns')).toBe(false); // the zone's own servers did not change
    expect(byKind.has('ds')).toBe(false);
  });

  it('round-trips through its stored text; other text is no snapshot', () => {
    const s = watchSnapshot(before);
    expect(parseSnapshot(JSON.stringify(s))).toEqual(s);
    expect(parseSnapshot('{"version":0}')).toBeNull();
    expect(parseSnapshot('not json')).toBeNull();
    expect(parseSnapshot(null)).toBeNull();
  });
});
