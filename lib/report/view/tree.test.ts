import { describe, expect, it } from 'vitest';
import type { CheckEvent } from '@/lib/checks/live-answer';
import { runCheck } from '@/lib/run-check';
import type { Report } from '@/lib/report/report';
import { INITIAL_LIVE_STATE, liveProgress, reduceLiveLines, type LiveState, type StreamLine } from '@/lib/report/view/live';
import {
  addressId,
  ancestorsOf,
  isExpandedByDefault,
  nameserverId,
  nodeDomId,
  treeFromLive,
  treeFromReport,
  visibleRows,
  zoneId,
  type AddressNode,
  type NameserverNode,
  type TreeModel,
} from '@/lib/report/view/tree';

async function lab(name: string, timeoutMs?: number): Promise<{ report: Report; events: CheckEvent[] }> {
  const events: CheckEvent[] = [];
  const r = await runCheck(name, { onEvent: (e) => events.push(e), timeoutMs });
  if (!r.ok) throw new Error(r.error.message);
  return { report: r.report, events };
}

const ns = (t: TreeModel, zone: string, name: string) => t.byId.get(nameserverId(zone, name)) as NameserverNode;
const addr = (t: TreeModel, zone: string, name: string, a: string) => t.byId.get(addressId(zone, name, a)) as AddressNode;

describe('treeFromReport', () => {
  it('has one zone per cut from the root down, the target marked', async () => {
    const { report } = await lab('a.b.c.deep.test');
    const t = treeFromReport(report);
    expect(t.zones.map((z) => z.zone)).toEqual(['.', 'test.', 'deep.test.', 'c.deep.test.', 'b.c.deep.test.', 'a.b.c.deep.test.']);
    expect(t.zones.filter((z) => z.isTarget).map((z) => z.zone)).toEqual(['a.b.c.deep.test.']);
    expect(t.zones[0]?.children.map((n) => [n.name, n.side])).toEqual([['a.root-servers.test.', null]]);
    expect(ancestorsOf(t, addressId('deep.test.', 'ns1.deep.test.', '198.51.100.50'))).toEqual([
      nameserverId('deep.test.', 'ns1.deep.test.'),
      zoneId('deep.test.'),
    ]);
  });

  it('says which address is lame, and why', async () => {
    const { report } = await lab('lame.test');
    const t = treeFromReport(report);
    expect(addr(t, 'lame.test.', 'ns1.lame.test.', '198.51.100.24').facts.state).toEqual({ kind: 'authoritative', serial: expect.any(Number) });
    expect(addr(t, 'lame.test.', 'ns2.lame.test.', '203.0.113.24').facts.state).toEqual({ kind: 'lame', reason: 'REFUSED' });
    const n2 = ns(t, 'lame.test.', 'ns2.lame.test.');
    expect(n2.findings.map((i) => report.findings[i]?.code)).toEqual(['ns.lame']);
    expect(n2.attention).toBe('warning');
    expect(isExpandedByDefault(n2)).toBe(true);
    expect(isExpandedByDefault(ns(t, 'lame.test.', 'ns1.lame.test.'))).toBe(false);
    expect(t.findingNode.get(0)).toBe(n2.id);
    // ds.absent is info: on the zone, but nothing to draw attention to.
    const zone = t.byId.get(zoneId('lame.test.'));
    expect(zone?.findings.map((i) => report.findings[i]?.code)).toEqual(['ds.absent']);
    expect(zone?.attention).toBe('warning');
    expect(t.byId.get(zoneId('test.'))?.attention).toBeNull();
  });

  it('marks parent-only and child-only nameservers', async () => {
    const { report } = await lab('ns-mismatch.test');
    const t = treeFromReport(report);
    const sides = t.byId.get(zoneId('ns-mismatch.test.'))?.children.map((n) => [n.label, (n as NameserverNode).side]);
    expect(sides).toEqual([
      ['ns1.ns-mismatch.test.', 'both'],
      ['ns2.ns-mismatch.test.', 'parent'],
      ['ns3.ns-mismatch.test.', 'child'],
    ]);
  });

  it('shows nameservers without glue as having no address, with the finding on them', async () => {
    const { report } = await lab('glue-missing.test');
    const t = treeFromReport(report);
    const n1 = ns(t, 'glue-missing.test.', 'ns1.glue-missing.test.');
    expect(n1.children).toEqual([]);
    expect(n1.resolution).toBe('failed');
    expect(n1.findings.map((i) => report.findings[i]?.code)).toEqual(['glue.missing']);
    expect(n1.attention).toBe('error');
  });

  it('tells glue from child addresses, and puts an address finding on the address', async () => {
    const { report } = await lab('glue-stale.test');
    const t = treeFromReport(report);
    const old = addr(t, 'glue-stale.test.', 'ns1.glue-stale.test.', '198.51.100.123');
    expect(old.origins).toEqual(['glue']);
    expect(old.facts.state).toMatchObject({ kind: 'unreachable', reason: 'port unreachable' });
    expect(old.findings.map((i) => report.findings[i]?.code)).toEqual(['ns.unreachable']);
    expect(addr(t, 'glue-stale.test.', 'ns1.glue-stale.test.', '198.51.100.23').origins).toEqual(['child']);
  });

  it('flags TCP that does not work on an otherwise authoritative address', async () => {
    const { report } = await lab('tcp-broken.test');
    const a = addr(treeFromReport(report), 'tcp-broken.test.', 'ns2.tcp-broken.test.', '203.0.113.41');
    expect(a.facts.state.kind).toBe('authoritative');
    expect(a.facts.tcpBroken).toBe('TCP connection refused');
  });

  it('keeps the evidence ids of each node', async () => {
    const { report } = await lab('lame.test');
    const t = treeFromReport(report);
    const a = addr(t, 'lame.test.', 'ns2.lame.test.', '203.0.113.24');
    const ids = new Set(report.capture.observations.map((o) => o.id));
    expect(a.evidence.length).toBeGreaterThan(4);
    expect([...a.evidence, ...a.sources].every((id) => ids.has(id))).toBe(true);
    const asked = report.capture.observations.filter((o) => a.evidence.includes(o.id));
    expect(asked.every((o) => o.server.address === '203.0.113.24')).toBe(true);
    // Its sources include the parent's referrals whose glue carried it (not fixed ids: what the
    // walk asks before them changes).
    const glue = report.capture.observations.filter(
      (o) => o.purpose === 'referral' && o.zone === 'lame.test.' && o.response?.additional.some((rr) => rr.data === '203.0.113.24'),
    );
    expect(glue.length).toBeGreaterThan(0);
    expect(a.sources).toEqual(expect.arrayContaining(glue.map((o) => o.id)));
    expect(t.byId.get(zoneId('lame.test.'))?.sources.length).toBe(12); // 4 parent addresses: with and without EDNS, and DS
  });
});

describe('visibleRows', () => {
  it('lists what is open, with level, position and set size', async () => {
    const { report } = await lab('lame.test');
    const t = treeFromReport(report);
    const rows = visibleRows(t.zones, isExpandedByDefault);
    expect(rows.slice(0, 2).map((r) => [r.node.id, r.level, r.posinset, r.setsize])).toEqual([
      [zoneId('.'), 1, 1, 3],
      [nameserverId('.', 'a.root-servers.test.'), 2, 1, 1],
    ]);
    // ns2 is open (lame): its two addresses are rows at level 3.
    const lameRows = rows.filter((r) => r.parentId === nameserverId('lame.test.', 'ns2.lame.test.'));
    expect(lameRows.map((r) => [r.level, r.posinset, r.setsize])).toEqual([
      [3, 1, 2],
      [3, 2, 2],
    ]);
    expect(visibleRows(t.zones, () => false).map((r) => r.node.label)).toEqual(['.', 'test.', 'lame.test.']);
  });
});

describe('nodeDomId', () => {
  it('makes any name a safe id', () => {
    expect(nodeDomId('a:x.test.|ns\\060.x.|2001:db8::1')).toBe('node-a:x.test._7c_ns_5c_060.x._7c_2001:db8::1');
  });
});

describe('the live view', () => {
  function replay(events: CheckEvent[], upTo = events.length): LiveState {
    return reduceLiveLines(INITIAL_LIVE_STATE, events.slice(0, upTo) as StreamLine[]);
  }

  it('grows the tree level by level, with the same node ids as the report', async () => {
    const { report, events } = await lab('a.b.c.deep.test');
    const firstCut = events.findIndex((e) => e.type === 'cut' && e.zone === 'deep.test.');
    const early = treeFromLive(replay(events, firstCut + 1));
    expect(early.zones.map((z) => z.zone)).toEqual(['.', 'test.', 'deep.test.']);
    expect(early.zones.at(-1)?.children.map((n) => n.name)).toEqual(['ns1.deep.test.', 'ns2.deep.test.']);
    // The first referral makes the cut; the rest of test.'s servers may still be answering it.
    const p = liveProgress(replay(events, firstCut + 1));
    expect(p).toMatchObject({ levelsFound: 3, finished: false });
    expect(p.levelsDone).toBeGreaterThanOrEqual(1);
    expect(p.levelsDone).toBeLessThan(3);
    const referrals = new Set(events.flatMap((e) => (e.type === 'query' && e.zone === 'deep.test.' && e.purpose === 'referral' ? [e.id] : [])));
    const lastReferral = events.findLastIndex((e) => e.type === 'answer' && referrals.has(e.id));
    expect(liveProgress(replay(events, lastReferral + 1)).levelsDone).toBeGreaterThanOrEqual(2);

    const all = replay(events);
    const live = treeFromLive(all);
    const final = treeFromReport(report);
    expect(live.zones.map((z) => z.id)).toEqual(final.zones.map((z) => z.id));
    expect(live.zones.at(-1)?.isTarget).toBe(true);
    const liveIds = [...live.byId.keys()].filter((id) => !id.startsWith('z:.'));
    for (const id of liveIds) expect(final.byId.has(id), id).toBe(true);
    expect(liveProgress(all)).toMatchObject({ levelsFound: 6, levelsDone: 6, pending: 0, finished: true });
  });

  it('shows a silent server as pending, then timed out, without holding back the rest', async () => {
    const { events } = await lab('silent.test', 40);
    const lastQuery = events.findLastIndex((e) => e.type === 'query');
    const firstTimeout = events.findIndex((e) => e.type === 'answer' && e.error === 'timeout');
    const before = treeFromLive(replay(events, firstTimeout));
    expect(firstTimeout).toBeGreaterThan(lastQuery);
    const silent = addr(before, 'silent.test.', 'ns2.silent.test.', '203.0.113.27');
    expect(silent.facts.state).toEqual({ kind: 'pending' });
    expect(silent.facts.pending).toBeGreaterThan(0);
    expect(addr(before, 'silent.test.', 'ns1.silent.test.', '198.51.100.27').facts.state.kind).toBe('authoritative');
    const progress = liveProgress(replay(events, firstTimeout));
    expect(progress.pending).toBeGreaterThan(0);
    expect(progress.serversAnswered).toBeLessThan(progress.serversAsked);

    const after = treeFromLive(replay(events));
    expect(addr(after, 'silent.test.', 'ns2.silent.test.', '203.0.113.27').facts.state).toMatchObject({ kind: 'unreachable', reason: 'no response (timeout)' });
    expect(ns(after, 'silent.test.', 'ns2.silent.test.').attention).toBe('warning');
  });

  it.each([
    ['lame.test', 'ns2.lame.test.', '203.0.113.24'],
    ['lame-noaa.test', 'ns2.lame-noaa.test.', '203.0.113.26'],
  ])('shows %s lame before the report, in the words the report will use', async (name, server, address) => {
    const { report, events } = await lab(name);
    const zone = `${name}.`;
    const live = treeFromLive(replay(events));
    const final = treeFromReport(report);
    const lame = addr(live, zone, server, address).facts.state;
    expect(lame.kind).toBe('lame');
    expect(lame).toEqual(addr(final, zone, server, address).facts.state);
    // The other server is authoritative in both (the live tree has no serial yet).
    const other = live.byId.get(zoneId(zone))?.children.find((n) => n.name !== server) as NameserverNode;
    for (const a of other.children) {
      expect(a.facts.state).toEqual({ kind: 'authoritative', serial: null });
      expect(addr(final, zone, other.name, a.address).facts.state.kind).toBe('authoritative');
    }
    expect(ns(live, zone, server).attention).toBe('warning');
  });

  it('keeps the report and errors', () => {
    const s = reduceLiveLines(INITIAL_LIVE_STATE, [{ type: 'error', error: { code: 'x', message: 'boom' } }]);
    expect(s.error).toEqual({ code: 'x', message: 'boom' });
    expect(liveProgress(s).finished).toBe(true);
  });
});
