import { describe, expect, it } from 'vitest';
import type { Capture, Observation, WalkEvent } from '@/lib/dns/capture';
import type { DecodedMessage, Question, SoaData } from '@/lib/dns/wire/types';
import { createScriptedTransport, message, resolverReply, rr, type ScriptedUniverseOptions } from '@/lib/dns/walk/test-support/scripted-transport';
import { childToward, walkDelegation } from '@/lib/dns/walk/walk-delegation';
import { createWalkCache } from '@/lib/dns/walk/walk-cache';
import type { WalkDeps } from '@/lib/dns/walk/walk-deps';
import { createAddressPolicy } from '@/lib/guard/address-policy';
import { parseCidr } from '@/lib/domain/ip-literal';

// A small universe: the root, the TLD example., and zone.example. with one in-domain server (glue)
// and one out-of-domain server (ns.provider.net, found through the resolver).
const ROOT = `
$ORIGIN .
@            86400  IN SOA a.root. hostmaster.root. 1 1800 900 604800 86400
@            86400  IN NS  a.root.
a.root.      86400  IN A   192.0.2.1
example.     172800 IN NS  ns.example.
ns.example.  172800 IN A   192.0.2.10
ns.example.  172800 IN AAAA 2001:db8::10
`;
const EXAMPLE = `
$ORIGIN example.
@            3600 IN SOA ns hostmaster 1 1800 900 604800 300
@            3600 IN NS  ns
ns           3600 IN A   192.0.2.10
ns           3600 IN AAAA 2001:db8::10
zone         3600 IN NS  ns1.zone
zone         3600 IN NS  ns.provider.net.
ns1.zone     3600 IN A   192.0.2.20
other        3600 IN NS  ns.other
ns.other     3600 IN A   192.0.2.40
third        3600 IN NS  ns.third
ns.third     3600 IN A   192.0.2.41
`;
const ZONE = `
$ORIGIN zone.example.
@            3600 IN SOA ns1 hostmaster 7 1800 900 604800 300
@            3600 IN NS  ns1
@            3600 IN NS  ns.provider.net.
ns1          3600 IN A   192.0.2.20
www          3600 IN A   192.0.2.80
alias        3600 IN CNAME www.other.example.
`;
const OTHER = `
$ORIGIN other.example.
@            3600 IN SOA ns hostmaster 1 1800 900 604800 300
@            3600 IN NS  ns
ns           3600 IN A   192.0.2.40
www          3600 IN CNAME www.third.example.
`;
const THIRD = `
$ORIGIN third.example.
@            3600 IN SOA ns hostmaster 1 1800 900 604800 300
@            3600 IN NS  ns
ns           3600 IN A   192.0.2.41
www          3600 IN A   192.0.2.81
`;

const RESOLVER = { address: '192.0.2.53', port: 53 };
const ROOT_HINTS = [{ address: '192.0.2.1', port: 53 }];

function universe(extra: Partial<ScriptedUniverseOptions> = {}): ScriptedUniverseOptions {
  return {
    zones: { '.': ROOT, 'example.': EXAMPLE, 'zone.example.': ZONE, 'other.example.': OTHER, 'third.example.': THIRD, ...extra.zones },
    servers: {
      '192.0.2.1': ['.'],
      '192.0.2.10': ['example.'],
      '2001:db8::10': ['example.'],
      '192.0.2.20': ['zone.example.'],
      '192.0.2.30': ['zone.example.'],
      '192.0.2.40': ['other.example.'],
      '192.0.2.41': ['third.example.'],
      ...extra.servers,
    },
    ...(extra.overrides ? { overrides: extra.overrides } : {}),
    ...(extra.delayMs ? { delayMs: extra.delayMs } : {}),
    ...(extra.onQuery ? { onQuery: extra.onQuery } : {}),
  };
}

function resolver(extra: ScriptedUniverseOptions['overrides'] = {}) {
  return createScriptedTransport(
    {
      zones: {},
      servers: {},
      overrides: {
        '192.0.2.53 ns.provider.net. A': resolverReply('NOERROR', [rr('ns.provider.net.', 'A', '192.0.2.30')]),
        '192.0.2.53 ns.provider.net. AAAA': resolverReply(
          'NOERROR',
          [],
          [rr('provider.net.', 'SOA', { mname: 'a.', rname: 'b.', serial: 1, refresh: 1, retry: 1, expire: 1, minimum: 60 })],
        ),
        ...extra,
      },
    },
    'doh',
  );
}

function deps(overrides: Partial<WalkDeps> & { faults?: unknown[] } = {}): WalkDeps {
  const faults = overrides.faults ?? [];
  return {
    transport: createScriptedTransport(universe()),
    resolver: { transport: resolver(), server: RESOLVER },
    rootHints: ROOT_HINTS,
    policy: null,
    timeoutMs: 100,
    onFault: (e) => faults.push(e),
    ...overrides,
  };
}

const byPurpose = (c: Capture, purpose: Observation['purpose'], zone?: string) =>
  c.observations.filter((o) => o.purpose === purpose && (zone === undefined || o.zone === zone));

describe('childToward', () => {
  it.each([
    ['.', 'www.zone.example.', 'example.'],
    ['example.', 'www.zone.example.', 'zone.example.'],
    ['zone.example.', 'www.zone.example.', 'www.zone.example.'],
    ['.', 'Example.', 'example.'],
  ])('%s toward %s is %s', (ancestor, name, expected) => {
    expect(childToward(ancestor, name)).toBe(expected);
  });
});

describe('walkDelegation (scripted universe)', () => {
  it('asks one label at a time (QNAME minimisation) and ends a non-apex name at its zone', async () => {
    const transport = createScriptedTransport(universe());
    const faults: unknown[] = [];
    const capture = await walkDelegation('WWW.Zone.Example', deps({ transport, faults }));
    expect(faults).toEqual([]);
    expect(capture.target).toBe('www.zone.example.');
    expect(capture.outcome).toBe('complete');
    expect(capture.targetZone).toBe('zone.example.');
    expect(capture.cuts.map((c) => c.zone)).toEqual(['.', 'example.', 'zone.example.']);
    expect(capture.cuts.map((c) => c.isTarget)).toEqual([false, false, true]);

    // RFC 9156: the referral questions go down one label at a time, in order.
    const referralNames = [...new Set(byPurpose(capture, 'referral').map((o) => o.question.name))];
    expect(referralNames).toEqual(['example.', 'zone.example.', 'www.zone.example.']);
    // The root never sees more than the TLD's name.
    const askedOfRoot = transport.sent.filter((q) => q.address === '192.0.2.1').map((q) => q.question.name);
    expect(new Set(askedOfRoot)).toEqual(new Set(['.', 'example.']));

    // The name itself: NODATA with the zone's SOA, from every server of the zone.
    const target = byPurpose(capture, 'target');
    expect(target.map((o) => o.server.address).sort()).toEqual(['192.0.2.20', '192.0.2.30']);
    for (const o of target) {
      expect(o.response?.rcode).toBe('NOERROR');
      expect(o.response?.answer).toEqual([]);
      expect(o.response?.authority[0]?.type).toBe('SOA');
    }
  });

  it('asks every address of every server, records purpose and zone, and resolves out-of-domain names', async () => {
    const capture = await walkDelegation('zone.example', deps());
    expect(capture.outcome).toBe('complete');
    for (const o of capture.observations) {
      expect(o.purpose).toBeDefined();
      expect(o.zone).toMatch(/\.$/);
    }
    const ids = capture.observations.map((o) => o.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids[0]).toBe('q1');

    // Both addresses of example.'s server (IPv4 and IPv6, each on its own) give the referral.
    expect(
      byPurpose(capture, 'referral', 'zone.example.')
        .map((o) => o.server.address)
        .sort(),
    ).toEqual(['192.0.2.10', '2001:db8::10']);

    const cut = capture.cuts.find((c) => c.zone === 'zone.example.')!;
    expect(cut.parentNs).toEqual(['ns1.zone.example.', 'ns.provider.net.']);
    expect(cut.childNs).toEqual(['ns1.zone.example.', 'ns.provider.net.']);
    const ns1 = cut.nameservers.find((n) => n.name === 'ns1.zone.example.')!;
    expect(ns1.inDomain).toBe(true);
    expect(ns1.addresses).toEqual([expect.objectContaining({ address: '192.0.2.20', family: 4, origins: ['glue', 'child'], glueFrom: expect.any(Array) })]);
    const provider = cut.nameservers.find((n) => n.name === 'ns.provider.net.')!;
    expect(provider.inDomain).toBe(false);
    expect(provider.addresses).toEqual([expect.objectContaining({ address: '192.0.2.30', origins: ['resolver'] })]);
    expect(provider.resolution.status).toBe('ok');
    expect(provider.resolution.observationIds).toHaveLength(2);
    for (const id of provider.resolution.observationIds) {
      const o = capture.observations.find((x) => x.id === id)!;
      expect(o.purpose).toBe('resolve');
      expect(o.options.recursionDesired).toBe(true);
    }

    // Every address of the target zone gets every probe.
    for (const purpose of ['apex-soa', 'apex-ns', 'dnskey', 'cds', 'cdnskey', 'csync', 'soa-no-edns', 'soa-tcp'] as const) {
      expect(
        byPurpose(capture, purpose, 'zone.example.')
          .map((o) => o.server.address)
          .sort(),
        purpose,
      ).toEqual(['192.0.2.20', '192.0.2.30']);
    }
    expect(byPurpose(capture, 'csync')[0]?.question.type).toBe('CSYNC');
    for (const o of byPurpose(capture, 'soa-no-edns')) expect(o.options.edns).toBe(false);
    for (const o of byPurpose(capture, 'soa-tcp')) expect(o.options.tcp).toBe(true);
    // A/AAAA of the in-domain NS name from the zone itself, for each server.
    expect(
      byPurpose(capture, 'ns-address')
        .map((o) => `${o.server.address} ${o.question.type}`)
        .sort(),
    ).toEqual(['192.0.2.20 A', '192.0.2.20 AAAA', '192.0.2.30 A', '192.0.2.30 AAAA']);
    // The referral without EDNS, from every parent address.
    const noEdns = byPurpose(capture, 'referral-no-edns', 'zone.example.');
    expect(noEdns.map((o) => o.server.address).sort()).toEqual(['192.0.2.10', '2001:db8::10']);
    for (const o of noEdns) expect(o.options.edns).toBe(false);
    // Referrals ask with DO so DS and RRSIG come along, and never with RD.
    for (const o of byPurpose(capture, 'referral')) expect(o.options).toMatchObject({ dnssecOk: true, recursionDesired: false, udpSize: 1232 });
    // Every cut's keys, from every address of its servers, with DO: validation starts at the root.
    expect(
      byPurpose(capture, 'dnskey')
        .map((o) => `${o.zone} ${o.server.address} ${o.question.name} ${o.question.type} do=${o.options.dnssecOk}`)
        .sort(),
    ).toEqual([
      '. 192.0.2.1 . DNSKEY do=true',
      'example. 192.0.2.10 example. DNSKEY do=true',
      'example. 2001:db8::10 example. DNSKEY do=true',
      'zone.example. 192.0.2.20 zone.example. DNSKEY do=true',
      'zone.example. 192.0.2.30 zone.example. DNSKEY do=true',
    ]);
    // The resolver's view: the zone's SOA and the root's, recursive, with DO, not CD.
    const validate = byPurpose(capture, 'validate');
    expect(validate.map((o) => `${o.zone} ${o.server.address} ${o.question.name} ${o.question.type}`).sort()).toEqual([
      '. 192.0.2.53 . SOA',
      'zone.example. 192.0.2.53 zone.example. SOA',
    ]);
    for (const o of validate) expect(o.options).toMatchObject({ dnssecOk: true, recursionDesired: true, checkingDisabled: false });
  });

  it('stops with no-delegation when the parent says NXDOMAIN', async () => {
    const capture = await walkDelegation('nope.example', deps());
    expect(capture.outcome).toBe('no-delegation');
    expect(capture.targetZone).toBeNull();
    expect(capture.cuts.map((c) => c.zone)).toEqual(['.', 'example.']);
    expect(byPurpose(capture, 'referral', 'nope.example.').every((o) => o.response?.rcode === 'NXDOMAIN')).toBe(true);
    // The keys of the cuts found are asked all the same; the resolver's view needs a target zone.
    expect(new Set(byPurpose(capture, 'dnskey').map((o) => o.zone))).toEqual(new Set(['.', 'example.']));
    expect(byPurpose(capture, 'validate')).toEqual([]);
    // The name itself was asked: there is no fuller name to try.
    expect(byPurpose(capture, 'referral-full-qname')).toEqual([]);
  });

  describe('NXDOMAIN for an empty non-terminal (RFC 8020 broken)', () => {
    const WITH_ENT = `${EXAMPLE}
sub.dept     3600 IN NS  ns.sub.dept
ns.sub.dept  3600 IN A   192.0.2.50
`;
    const SUB = `
$ORIGIN sub.dept.example.
@            3600 IN SOA ns hostmaster 1 1800 900 604800 300
@            3600 IN NS  ns
ns           3600 IN A   192.0.2.50
`;
    const soa = rr('example.', 'SOA', {
      mname: 'ns.example.',
      rname: 'hostmaster.example.',
      serial: 1,
      refresh: 1800,
      retry: 900,
      expire: 604800,
      minimum: 300,
    });
    const nxdomain = message({ rcode: 'NXDOMAIN', authority: [soa], flags: { aa: true } });
    const brokenEnt = (extra: Partial<ScriptedUniverseOptions> = {}) =>
      createScriptedTransport(
        universe({
          zones: { 'example.': WITH_ENT, 'sub.dept.example.': SUB },
          servers: { '192.0.2.50': ['sub.dept.example.'] },
          overrides: { '192.0.2.10 dept.example. NS': nxdomain, '2001:db8::10 dept.example. NS': nxdomain },
          ...extra,
        }),
      );

    it('asks again with the full name, and goes on one label at a time below the empty non-terminal', async () => {
      const transport = brokenEnt();
      const capture = await walkDelegation('sub.dept.example', deps({ transport }));
      expect(capture.outcome).toBe('complete');
      expect(capture.targetZone).toBe('sub.dept.example.');
      expect(capture.cuts.map((c) => c.zone)).toEqual(['.', 'example.', 'sub.dept.example.']);
      expect(byPurpose(capture, 'referral', 'dept.example.').map((o) => o.response?.rcode)).toEqual(['NXDOMAIN', 'NXDOMAIN']);
      // The full name goes to every address of the parent, recorded against the name denied.
      const full = byPurpose(capture, 'referral-full-qname', 'dept.example.');
      expect(full.map((o) => `${o.server.address} ${o.question.name} ${o.question.type}`).sort()).toEqual([
        '192.0.2.10 sub.dept.example. NS',
        '2001:db8::10 sub.dept.example. NS',
      ]);
      // Then the minimised question for the cut, so the delegation is read as for any other.
      expect(
        byPurpose(capture, 'referral', 'sub.dept.example.')
          .map((o) => o.server.address)
          .sort(),
      ).toEqual(['192.0.2.10', '2001:db8::10']);
      const cut = capture.cuts.find((c) => c.zone === 'sub.dept.example.')!;
      expect(cut.parentNs).toEqual(['ns.sub.dept.example.']);
      // The full name's referral is the cut's delegation: its server is asked at once, not a
      // round trip later when the minimised question's referral comes back.
      const seq = (o: Observation) => Number(o.id.slice(1));
      const firstToChild = Math.min(...capture.observations.filter((o) => o.server.address === '192.0.2.50').map(seq));
      const firstMinimised = Math.min(...byPurpose(capture, 'referral', 'sub.dept.example.').map(seq));
      expect(firstToChild).toBeLessThan(firstMinimised);
      expect(cut.nameservers[0]!.addresses[0]!.glueFrom).toEqual(expect.arrayContaining(full.map((o) => o.id)));
      // The parent was asked for the full name only once the minimised answer had been NXDOMAIN.
      const order = transport.sent.filter((q) => q.address === '192.0.2.10').map((q) => q.question.name);
      expect(order.indexOf('sub.dept.example.')).toBeGreaterThan(order.indexOf('dept.example.'));
    });

    it("takes the full name's referral for the next label when the name lies deeper still", async () => {
      const transport = brokenEnt({ zones: { 'example.': WITH_ENT, 'sub.dept.example.': `${SUB}www 3600 IN A 192.0.2.80\n` } });
      const capture = await walkDelegation('www.sub.dept.example', deps({ transport }));
      expect(capture.outcome).toBe('complete');
      expect(capture.targetZone).toBe('sub.dept.example.');
      expect(capture.cuts.map((c) => c.zone)).toEqual(['.', 'example.', 'sub.dept.example.']);
      const full = byPurpose(capture, 'referral-full-qname', 'dept.example.');
      expect(full.map((o) => o.question.name)).toEqual(['www.sub.dept.example.', 'www.sub.dept.example.']);
      const seq = (o: Observation) => Number(o.id.slice(1));
      const firstToChild = Math.min(...capture.observations.filter((o) => o.server.address === '192.0.2.50').map(seq));
      expect(firstToChild).toBeLessThan(Math.min(...byPurpose(capture, 'referral', 'sub.dept.example.').map(seq)));
    });

    it('a name below an NXDOMAIN that does not exist either still has no delegation', async () => {
      const capture = await walkDelegation('www.nope.example', deps());
      expect(capture.outcome).toBe('no-delegation');
      expect(byPurpose(capture, 'referral-full-qname', 'nope.example.').map((o) => o.response?.rcode)).toEqual(['NXDOMAIN', 'NXDOMAIN']);
      expect(capture.cuts.map((c) => c.zone)).toEqual(['.', 'example.']);
    });

    it('never caches the full-name question: it carries the target, whatever label it was asked for', async () => {
      const cache = createWalkCache({ maxEntries: 100 });
      const transport = createScriptedTransport(universe());
      await walkDelegation('www.nope', deps({ transport, cache }));
      const second = await walkDelegation('www.nope', deps({ transport, cache }));
      const full = byPurpose(second, 'referral-full-qname');
      expect(full.map((o) => `${o.server.address} ${o.question.name} ${o.response?.rcode}`)).toEqual(['192.0.2.1 www.nope. NXDOMAIN']);
      expect(full.filter((o) => o.cached)).toEqual([]);
      expect(transport.sent.filter((q) => q.question.name === 'www.nope.')).toHaveLength(2);
    });

    it('one server answering NODATA is enough: the walk moves on without the full name', async () => {
      const transport = brokenEnt({ overrides: { '192.0.2.10 dept.example. NS': nxdomain } });
      const capture = await walkDelegation('sub.dept.example', deps({ transport }));
      expect(capture.outcome).toBe('complete');
      expect(capture.targetZone).toBe('sub.dept.example.');
      expect(byPurpose(capture, 'referral-full-qname')).toEqual([]);
    });
  });

  it('stops cleanly at the names limit when the NS names fan out (NXNS)', async () => {
    const names = Array.from({ length: 50 }, (_, i) => `ns${i + 1}.gone.invalid.`);
    const fanout = `
$ORIGIN example.
@    3600 IN SOA ns hostmaster 1 1800 900 604800 300
@    3600 IN NS  ns
ns   3600 IN A   192.0.2.10
${names.map((n) => `fan 3600 IN NS ${n}`).join('\n')}
`;
    const transport = createScriptedTransport(universe({ zones: { 'example.': fanout } }));
    // The resolver answers nothing useful (SERVFAIL for every name).
    const resolverTransport = createScriptedTransport({ zones: {}, servers: {}, overrides: {} }, 'doh');
    const capture = await walkDelegation('fan.example', deps({ transport, resolver: { transport: resolverTransport, server: RESOLVER } }));
    expect(capture.outcome).toBe('budget-exhausted');
    expect(capture.budget.exhausted).toBe('names');
    expect(capture.budget.used.names).toBe(40);
    expect(resolverTransport.sent.length).toBeLessThanOrEqual(80);
    const cut = capture.cuts.find((c) => c.zone === 'fan.example.')!;
    expect(cut.parentNs).toHaveLength(50);
    const statuses = cut.nameservers.map((n) => n.resolution.status);
    expect(statuses.filter((s) => s === 'failed')).toHaveLength(40);
    expect(statuses.filter((s) => s === 'not-attempted')).toHaveLength(10);
  });

  it('stops at the query limit and returns what it has', async () => {
    const events: WalkEvent[] = [];
    const capture = await walkDelegation('www.zone.example', deps({ limits: { queries: 5 }, onEvent: (e) => events.push(e) }));
    expect(capture.outcome).toBe('budget-exhausted');
    expect(capture.budget.exhausted).toBe('queries');
    expect(capture.budget.used.queries).toBe(5);
    expect(capture.observations).toHaveLength(5);
    expect(events.filter((e) => e.type === 'budget')).toEqual([{ type: 'budget', limit: 'queries' }]);
    expect(events.at(-1)).toMatchObject({ type: 'done', outcome: 'budget-exhausted', queries: 5 });
  });

  it('stops at the time limit, by the injected clock', async () => {
    let clock = Date.parse('2026-01-01T00:00:00Z');
    const transport = createScriptedTransport(universe({ onQuery: () => (clock += 1000) }));
    const capture = await walkDelegation('www.zone.example', deps({ transport, now: () => new Date(clock), limits: { timeMs: 3500 } }));
    expect(capture.outcome).toBe('budget-exhausted');
    expect(capture.budget.exhausted).toBe('time');
    // Three queries advance the clock to 3 s, the fourth to 4 s; nothing goes out after that.
    expect(transport.sent.length).toBe(4);
    expect(capture.budget.used.timeMs).toBeGreaterThanOrEqual(3500);
    expect(capture.startedAt).toBe('2026-01-01T00:00:00.000Z');
  });

  it('stops at the depth limit', async () => {
    const capture = await walkDelegation('www.zone.example', deps({ limits: { depth: 2 } }));
    expect(capture.outcome).toBe('budget-exhausted');
    expect(capture.budget.exhausted).toBe('depth');
    expect(capture.cuts.map((c) => c.zone)).toEqual(['.', 'example.']);
  });

  it('asks the root and the TLD once per TTL across walks (shared cache)', async () => {
    let clock = Date.parse('2026-01-01T00:00:00Z');
    const now = () => new Date(clock);
    const cache = createWalkCache({ maxEntries: 100 });
    const transport = createScriptedTransport(universe());
    const first = await walkDelegation('zone.example', deps({ transport, cache, now }));
    expect(first.observations.some((o) => o.cached)).toBe(false);
    const sentBefore = transport.sent.length;

    clock += 60_000;
    const second = await walkDelegation('zone.example', deps({ transport, cache, now }));
    const sentSecond = transport.sent.slice(sentBefore);
    // Only each zone's SOA goes out again (serials are compared within one burst).
    const notSoa = (q: { question: { type: string } }) => q.question.type !== 'SOA';
    expect(sentSecond.filter((q) => q.address === '192.0.2.1').filter(notSoa)).toHaveLength(0);
    expect(sentSecond.filter((q) => q.address === '192.0.2.1' && q.question.type === 'SOA')).toHaveLength(1);
    // example.'s own data is cached too; the delegation of the target zone is always asked afresh.
    expect(sentSecond.filter((q) => q.question.name === 'example.').filter(notSoa)).toHaveLength(0);
    expect(sentSecond.filter((q) => q.question.name === 'zone.example.' && q.address === '192.0.2.10').length).toBeGreaterThan(0);
    // The capture still holds the root's observations, marked, with fresh ids.
    const rootObs = second.observations.filter((o) => o.server.address === '192.0.2.1');
    expect(rootObs.length).toBeGreaterThan(0);
    for (const o of rootObs.filter((x) => x.purpose !== 'apex-soa')) expect(o.cached).toEqual({ storedAt: '2026-01-01T00:00:00.000Z', ageSeconds: 60 });
    const ids = second.observations.map((o) => o.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(second.cuts.map((c) => c.zone)).toEqual(first.cuts.map((c) => c.zone));

    // Past the TTL of example.'s negative answers, but not of the root's: the root is still cached.
    clock += 301_000;
    const sentThirdStart = transport.sent.length;
    await walkDelegation('zone.example', deps({ transport, cache, now }));
    expect(
      transport.sent
        .slice(sentThirdStart)
        .filter((q) => q.address === '192.0.2.1')
        .filter(notSoa),
    ).toHaveLength(0);
    // Past a day: everything is asked again.
    clock += 200_000_000;
    const sentFourthStart = transport.sent.length;
    await walkDelegation('zone.example', deps({ transport, cache, now }));
    expect(
      transport.sent
        .slice(sentFourthStart)
        .filter((q) => q.address === '192.0.2.1')
        .filter(notSoa).length,
    ).toBeGreaterThan(0);
  });

  it('sends nothing to IPv6 addresses from a host without IPv6, and records them as not tested', async () => {
    const transport = createScriptedTransport(universe());
    const capture = await walkDelegation('zone.example', deps({ transport, ipv6: false }));
    expect(capture.outcome).toBe('complete');
    expect(transport.sent.filter((q) => q.address.includes(':'))).toEqual([]);
    const v6 = capture.cuts
      .find((c) => c.zone === 'example.')
      ?.nameservers.flatMap((ns) => ns.addresses)
      .find((a) => a.address === '2001:db8::10');
    expect(v6).toMatchObject({ family: 6, origins: ['glue', 'child'], untested: 'no-ipv6-here' });
    const withV6 = await walkDelegation('zone.example', deps({ transport }));
    expect(withV6.observations.some((o) => o.server.address === '2001:db8::10')).toBe(true);
  });

  it('takes every SOA from its own burst: two checks in a row, the TLD updated in between', async () => {
    // example. gets a second server, ns2 (named by the zone itself). In the first check ns2 is
    // down (a failure is never cached); example. then moves from serial 1 to 2 on every server. A
    // second check that took ns's SOA from the cache would put serial 1 next to ns2's fresh 2: a
    // drift that never was (soa.serial-mismatch compares the serials of one walk).
    let serial = 1;
    let ns2Up = false;
    const soa = (q: Question): DecodedMessage =>
      message({
        flags: { aa: true },
        question: [q],
        answer: [
          rr('example.', 'SOA', { mname: 'ns.example.', rname: 'hostmaster.example.', serial, refresh: 1800, retry: 900, expire: 604800, minimum: 300 }),
        ],
      });
    const cache = createWalkCache({ maxEntries: 100 });
    const transport = createScriptedTransport(
      universe({
        zones: { 'example.': `${EXAMPLE}\n@ 3600 IN NS ns2\nns2 3600 IN A 192.0.2.11\n` },
        servers: { '192.0.2.11': ['example.'] },
        overrides: {
          '192.0.2.10 example. SOA': soa,
          '2001:db8::10 example. SOA': soa,
          '192.0.2.11 example. SOA': (q) => (ns2Up ? soa(q) : 'silent'),
        },
      }),
    );
    const serials = (c: Capture) =>
      byPurpose(c, 'apex-soa', 'example.')
        .flatMap((o) => (o.response?.answer ?? []).filter((r) => r.type === 'SOA').map((r) => `${o.server.address} ${(r.data as SoaData).serial}`))
        .sort();
    const first = await walkDelegation('zone.example', deps({ transport, cache }));
    expect(serials(first)).toEqual(['192.0.2.10 1', '2001:db8::10 1']);

    serial = 2;
    ns2Up = true;
    const second = await walkDelegation('zone.example', deps({ transport, cache }));
    expect(byPurpose(second, 'apex-soa').filter((o) => o.cached)).toEqual([]);
    expect(serials(second)).toEqual(['192.0.2.10 2', '192.0.2.11 2', '2001:db8::10 2']);
    // The rest of the TLD's data still comes from the cache.
    expect(byPurpose(second, 'apex-ns', 'example.').every((o) => o.cached || o.server.address === '192.0.2.11')).toBe(true);
  });

  it('records a CNAME at the target and follows it once', async () => {
    const capture = await walkDelegation('alias.zone.example', deps());
    expect(capture.outcome).toBe('complete');
    expect(capture.targetZone).toBe('zone.example.');
    expect(capture.cnames).toEqual([
      { name: 'alias.zone.example.', target: 'www.other.example.', observationId: expect.any(String) },
      { name: 'www.other.example.', target: 'www.third.example.', observationId: expect.any(String) },
    ]);
    // The alias's zone is walked; the alias of the alias is recorded, not followed.
    expect(capture.cuts.map((c) => c.zone)).toEqual(['.', 'example.', 'zone.example.', 'other.example.']);
    expect(capture.cuts.filter((c) => c.isTarget).map((c) => c.zone)).toEqual(['zone.example.']);
    expect(
      byPurpose(capture, 'target')
        .map((o) => o.question.name)
        .sort(),
    ).toEqual(['alias.zone.example.', 'alias.zone.example.', 'www.other.example.']);
    // The alias's zone gets what every cut gets (its keys too), not the target zone's extras.
    expect(new Set(byPurpose(capture, 'dnskey').map((o) => o.zone))).toEqual(new Set(['.', 'example.', 'zone.example.', 'other.example.']));
    expect(byPurpose(capture, 'cds').every((o) => o.zone === 'zone.example.')).toBe(true);
    expect(byPurpose(capture, 'validate').map((o) => o.question.name)).toEqual(['zone.example.', '.']);
  });

  it('does not let a silent server hold up the walk', async () => {
    const transport = createScriptedTransport(
      universe({
        zones: {
          'zone.example.': ZONE.replace('@            3600 IN NS  ns.provider.net.', '@ 3600 IN NS ns.provider.net.\n@ 3600 IN NS ns2'),
          'example.': EXAMPLE + '\nzone 3600 IN NS ns2.zone\nns2.zone 3600 IN A 192.0.2.21\n',
        },
        servers: { '192.0.2.21': 'silent' },
      }),
    );
    const started = Date.now();
    const capture = await walkDelegation('zone.example', deps({ transport, timeoutMs: 150 }));
    const elapsed = Date.now() - started;
    expect(capture.outcome).toBe('complete');
    // Every probe of the silent server waits its own timeout, all at once: one timeout, not many.
    expect(elapsed).toBeLessThan(1500);
    const silent = capture.observations.filter((o) => o.server.address === '192.0.2.21');
    expect(silent.length).toBeGreaterThanOrEqual(8);
    for (const o of silent) expect(o.error?.kind).toBe('timeout');
  });

  it('ends a name inside a zone after one timeout of a dead server, not two', async () => {
    const transport = createScriptedTransport(
      universe({
        zones: { 'example.': EXAMPLE + '\nzone 3600 IN NS ns2.zone\nns2.zone 3600 IN A 192.0.2.21\n' },
        servers: { '192.0.2.21': 'silent' },
      }),
    );
    const started = Date.now();
    const capture = await walkDelegation('www.zone.example', deps({ transport, timeoutMs: 500 }));
    const elapsed = Date.now() - started;
    expect(capture.outcome).toBe('complete');
    expect(capture.targetZone).toBe('zone.example.');
    // The NODATA from a live server is enough to move on; the dead one's referral still lands.
    expect(elapsed).toBeLessThan(900);
    const dead = byPurpose(capture, 'referral', 'www.zone.example.').find((o) => o.server.address === '192.0.2.21');
    expect(dead?.error?.kind).toBe('timeout');
  });

  it('moves to the next level at the first referral while a slow parent server still answers', async () => {
    const events: WalkEvent[] = [];
    const transport = createScriptedTransport(universe({ delayMs: { '2001:db8::10': 300 } }));
    const capture = await walkDelegation('zone.example', deps({ transport, onEvent: (e) => events.push(e) }));
    expect(capture.outcome).toBe('complete');
    const slowReferral = capture.observations.find((o) => o.purpose === 'referral' && o.zone === 'zone.example.' && o.server.address === '2001:db8::10')!;
    const slowAnswerAt = events.findIndex((e) => e.type === 'answer' && e.id === slowReferral.id);
    const firstChildQueryAt = events.findIndex((e) => e.type === 'query' && e.zone === 'zone.example.' && e.purpose === 'apex-soa');
    expect(firstChildQueryAt).toBeGreaterThan(-1);
    expect(firstChildQueryAt).toBeLessThan(slowAnswerAt);
    // …and the slow reply still lands in the capture.
    expect(slowReferral.response?.authority.length).toBeGreaterThan(0);
  });

  it('emits events in order: start, the root cut, query before each answer, done last', async () => {
    const events: WalkEvent[] = [];
    const capture = await walkDelegation('zone.example', deps({ onEvent: (e) => events.push(e) }));
    expect(events[0]).toMatchObject({ type: 'start', target: 'zone.example.' });
    expect(events[1]).toMatchObject({ type: 'cut', zone: '.', parent: null });
    expect(events.at(-1)).toMatchObject({ type: 'done', outcome: 'complete' });
    const seen = new Set<string>();
    for (const e of events) {
      if (e.type === 'query') seen.add(e.id);
      if (e.type === 'answer') expect(seen.has(e.id)).toBe(true);
    }
    expect(seen.size).toBe(capture.observations.length);
    const cuts = events.filter((e) => e.type === 'cut');
    expect(cuts.map((e) => e.type === 'cut' && e.zone)).toEqual(['.', 'example.', 'zone.example.']);
    expect(cuts[2]).toMatchObject({ nameservers: ['ns1.zone.example.', 'ns.provider.net.'] });
    // A cut is announced before any query about it.
    const cutAt = events.findIndex((e) => e.type === 'cut' && e.zone === 'zone.example.');
    const firstQueryAt = events.findIndex((e) => e.type === 'query' && e.zone === 'zone.example.' && e.purpose !== 'referral');
    expect(cutAt).toBeLessThan(firstQueryAt);
  });

  it('never sends to an address the policy refuses, and says why', async () => {
    const transport = createScriptedTransport(universe());
    // Everything here is documentation space; allow all but the provider's address.
    const allow = ['192.0.2.1', '192.0.2.10', '192.0.2.20', '2001:db8::/32'].map((c) => parseCidr(c)!);
    const capture = await walkDelegation('zone.example', deps({ transport, policy: createAddressPolicy(allow) }));
    expect(transport.sent.some((q) => q.address === '192.0.2.30')).toBe(false);
    const provider = capture.cuts.find((c) => c.zone === 'zone.example.')!.nameservers.find((n) => n.name === 'ns.provider.net.')!;
    expect(provider.addresses[0]).toMatchObject({ address: '192.0.2.30', origins: ['resolver'], blocked: expect.stringContaining('192.0.2.30') });
    expect(capture.outcome).toBe('complete');
  });

  it('takes an authoritative NS answer from a parent server as a co-hosted cut', async () => {
    const transport = createScriptedTransport(universe({ servers: { '192.0.2.10': ['example.', 'zone.example.'] } }));
    const capture = await walkDelegation('zone.example', deps({ transport }));
    expect(capture.outcome).toBe('complete');
    const cut = capture.cuts.find((c) => c.zone === 'zone.example.')!;
    expect(cut.coHosted).toBe(true);
    expect(cut.parentNs).toEqual(['ns1.zone.example.', 'ns.provider.net.']);
  });

  it('unites the NS sets of parent servers that disagree', async () => {
    const split = EXAMPLE.replace(
      'zone         3600 IN NS  ns.provider.net.\n',
      'zone 3600 IN NS ns.provider.net.\nzone 3600 IN NS ns3.zone\nns3.zone 3600 IN A 192.0.2.22\n',
    );
    const transport = createScriptedTransport(universe({ zones: { 'stale.example.': split.replace('$ORIGIN example.', '$ORIGIN example.') }, servers: {} }));
    // The IPv6 address of example.'s server serves an older copy with ns3 still in it.
    const stale = createScriptedTransport(universe({ zones: { 'example.': split } }));
    const mixed: WalkDeps['transport'] = {
      kind: 'udp',
      query: (server, question, options) => (server.address === '2001:db8::10' ? stale : transport).query(server, question, options),
    };
    const capture = await walkDelegation('zone.example', deps({ transport: mixed }));
    const cut = capture.cuts.find((c) => c.zone === 'zone.example.')!;
    expect(cut.parentNs).toEqual(expect.arrayContaining(['ns1.zone.example.', 'ns.provider.net.', 'ns3.zone.example.']));
    expect(cut.parentNs).toHaveLength(3);
    expect(cut.childNs).not.toContain('ns3.zone.example.');
    // ns3 has glue from one parent server only, and is probed at its glue address.
    const ns3 = cut.nameservers.find((n) => n.name === 'ns3.zone.example.')!;
    expect(ns3.addresses[0]).toMatchObject({ address: '192.0.2.22', origins: ['glue'] });
    expect(ns3.addresses[0]!.glueFrom).toHaveLength(1);
  });

  it('returns an aborted capture when the caller gives up', async () => {
    const controller = new AbortController();
    const transport = createScriptedTransport(universe({ onQuery: () => controller.abort() }));
    const capture = await walkDelegation('zone.example', deps({ transport, signal: controller.signal }));
    expect(capture.outcome).toBe('aborted');
    expect(capture.observations.length).toBeLessThan(5);
  });

  it('says unreachable when no root server answers', async () => {
    const transport = createScriptedTransport(universe({ servers: { '192.0.2.1': 'silent' } }));
    const capture = await walkDelegation('zone.example', deps({ transport, timeoutMs: 20 }));
    expect(capture.outcome).toBe('unreachable');
    expect(capture.cuts.map((c) => c.zone)).toEqual(['.']);
  });

  it('looks up an in-domain NS name without glue from the zone itself and through the resolver', async () => {
    const noGlue = EXAMPLE.replace('zone         3600 IN NS  ns.provider.net.\n', 'zone 3600 IN NS ns.provider.net.\nzone 3600 IN NS ns2.zone\n');
    const zone = ZONE + '\n@ 3600 IN NS ns2\nns2 3600 IN A 192.0.2.23\n';
    const transport = createScriptedTransport(universe({ zones: { 'example.': noGlue, 'zone.example.': zone }, servers: { '192.0.2.23': ['zone.example.'] } }));
    const capture = await walkDelegation('zone.example', deps({ transport }));
    const ns2 = capture.cuts.find((c) => c.zone === 'zone.example.')!.nameservers.find((n) => n.name === 'ns2.zone.example.')!;
    expect(ns2.inDomain).toBe(true);
    expect(ns2.addresses).toEqual([expect.objectContaining({ address: '192.0.2.23', origins: ['child'] })]);
    expect(ns2.addresses[0]!.glueFrom).toBeUndefined();
    expect(ns2.resolution.status).toBe('ok');
    // The server found that way is probed like the others.
    expect(byPurpose(capture, 'apex-soa', 'zone.example.').some((o) => o.server.address === '192.0.2.23')).toBe(true);
  });

  it('checks whether the registrable domain of an NXDOMAIN NS name exists (takeover)', async () => {
    const soa = rr('net.', 'SOA', { mname: 'a.', rname: 'b.', serial: 1, refresh: 1, retry: 1, expire: 1, minimum: 60 });
    const resolverTransport = resolver({
      '192.0.2.53 ns.provider.net. A': resolverReply('NXDOMAIN', [], [soa]),
      '192.0.2.53 ns.provider.net. AAAA': resolverReply('NXDOMAIN', [], [soa]),
      '192.0.2.53 provider.net. NS': resolverReply('NXDOMAIN', [], [soa]),
    });
    const capture = await walkDelegation('zone.example', deps({ resolver: { transport: resolverTransport, server: RESOLVER } }));
    const provider = capture.cuts.find((c) => c.zone === 'zone.example.')!.nameservers.find((n) => n.name === 'ns.provider.net.')!;
    expect(provider.resolution.status).toBe('nxdomain');
    const takeover = byPurpose(capture, 'takeover');
    expect(takeover.map((o) => o.question)).toEqual([{ name: 'provider.net.', type: 'NS', class: 'IN' }]);
    expect(provider.resolution.observationIds).toContain(takeover[0]!.id);
  });

  // Issue 8 item 3: the registrable domain comes from the Public Suffix List, not from one label
  // below the NXDOMAIN's SOA.
  const soaOf = (owner: string) => rr(owner, 'SOA', { mname: 'a.', rname: 'b.', serial: 1, refresh: 1, retry: 1, expire: 1, minimum: 60 });
  const walkRenamed = (nsName: string, closest: string) => {
    const renamed = (text: string) => text.replace(/ns\.provider\.net\./g, nsName);
    const nxdomain = resolverReply('NXDOMAIN', [], [soaOf(closest)]);
    const overrides: Record<string, typeof nxdomain> = { [`192.0.2.53 ${nsName} A`]: nxdomain, [`192.0.2.53 ${nsName} AAAA`]: nxdomain };
    for (let name = nsName.slice(nsName.indexOf('.') + 1); name.includes('.') && name !== '.'; name = name.slice(name.indexOf('.') + 1)) {
      overrides[`192.0.2.53 ${name} NS`] = nxdomain;
    }
    const transport = createScriptedTransport(universe({ zones: { 'example.': renamed(EXAMPLE), 'zone.example.': renamed(ZONE) } }));
    return walkDelegation('zone.example', deps({ transport, resolver: { transport: resolver(overrides), server: RESOLVER } }));
  };

  it('asks nothing more when the NXDOMAIN comes from the registrable domain itself', async () => {
    // provider.net. answers: old.provider.net. does not exist, but nobody can register it.
    const capture = await walkRenamed('ns9.old.provider.net.', 'provider.net.');
    const ns = capture.cuts.find((c) => c.zone === 'zone.example.')!.nameservers.find((n) => n.name === 'ns9.old.provider.net.')!;
    expect(ns.resolution.status).toBe('nxdomain');
    expect(byPurpose(capture, 'takeover')).toEqual([]);
  });

  it('asks for the registrable domain, not one label below the closest zone', async () => {
    // uk. answers for a name under co.uk.: what someone registers is provider.co.uk., not co.uk.
    const capture = await walkRenamed('ns9.old.provider.co.uk.', 'uk.');
    expect(byPurpose(capture, 'takeover').map((o) => o.question.name)).toEqual(['provider.co.uk.']);
  });

  describe('looking NS names up by walking from the root hints', () => {
    const NET = `
$ORIGIN net.
@            3600 IN SOA a.gtld hostmaster 1 1800 900 604800 300
@            3600 IN NS  a.gtld
a.gtld       3600 IN A   192.0.2.50
provider     3600 IN NS  ns.provider
ns.provider  3600 IN A   192.0.2.30
`;
    const PROVIDER = `
$ORIGIN provider.net.
@            3600 IN SOA ns hostmaster 1 1800 900 604800 300
@            3600 IN NS  ns
ns           3600 IN A   192.0.2.30
`;
    const withNet = (net = NET) =>
      createScriptedTransport(
        universe({
          zones: { '.': `${ROOT}net. 172800 IN NS a.gtld.net.\na.gtld.net. 172800 IN A 192.0.2.50\n`, 'net.': net, 'provider.net.': PROVIDER },
          servers: { '192.0.2.50': ['net.'], '192.0.2.30': ['zone.example.', 'provider.net.'] },
        }),
      );
    const servfail = () =>
      resolver({
        '192.0.2.53 ns.provider.net. A': resolverReply('SERVFAIL'),
        '192.0.2.53 ns.provider.net. AAAA': resolverReply('SERVFAIL'),
      });
    const providerOf = (c: Capture) => c.cuts.find((x) => x.zone === 'zone.example.')!.nameservers.find((n) => n.name === 'ns.provider.net.')!;
    const walked = (c: Capture) => byPurpose(c, 'resolve-walk').map((o) => `${o.server.address} ${o.question.name} ${o.question.type}`);

    it('walks when the resolver fails (SERVFAIL), one label at a time, and records every step', async () => {
      const faults: unknown[] = [];
      const capture = await walkDelegation('zone.example', deps({ transport: withNet(), resolver: { transport: servfail(), server: RESOLVER }, faults }));
      expect(faults).toEqual([]);
      expect(capture.outcome).toBe('complete');
      expect(walked(capture)).toEqual([
        '192.0.2.1 net. NS',
        '192.0.2.50 provider.net. NS',
        '192.0.2.30 ns.provider.net. NS',
        '192.0.2.30 ns.provider.net. A',
        '192.0.2.30 ns.provider.net. AAAA',
      ]);
      const provider = providerOf(capture);
      expect(provider.addresses).toEqual([expect.objectContaining({ address: '192.0.2.30', origins: ['walk'] })]);
      expect(provider.resolution.status).toBe('ok');
      const purposes = provider.resolution.observationIds.map((id) => capture.observations.find((o) => o.id === id)!.purpose);
      expect(purposes.filter((p) => p === 'resolve')).toHaveLength(2);
      expect(purposes.filter((p) => p === 'resolve-walk')).toHaveLength(5);
    });

    it('does not walk when the resolver answers, and walks only with resolve: walk', async () => {
      const viaResolver = await walkDelegation('zone.example', deps({ transport: withNet() }));
      expect(walked(viaResolver)).toEqual([]);
      const onlyWalk = await walkDelegation('zone.example', deps({ transport: withNet(), resolve: 'walk' }));
      expect(byPurpose(onlyWalk, 'resolve')).toEqual([]);
      expect(byPurpose(onlyWalk, 'validate')).toEqual([]);
      expect(providerOf(onlyWalk).addresses.map((a) => a.address)).toEqual(['192.0.2.30']);
    });

    it('starts at the deepest cut already known, as a resolver starts from its cache', async () => {
      // ns2.other.example. lies in other.example. (no glue for it in example.), below example.,
      // which the walk to zone.example knows already.
      const example = EXAMPLE.replace('zone         3600 IN NS  ns.provider.net.', 'zone         3600 IN NS  ns2.other.example.');
      const zone = ZONE.replace('@            3600 IN NS  ns.provider.net.', '@            3600 IN NS  ns2.other.example.');
      const other = `${OTHER}ns2 3600 IN A 192.0.2.40\n`;
      const transport = createScriptedTransport(universe({ zones: { 'example.': example, 'zone.example.': zone, 'other.example.': other } }));
      const capture = await walkDelegation('zone.example', deps({ transport, resolve: 'walk' }));
      expect(walked(capture)).toEqual(
        expect.arrayContaining(['192.0.2.10 other.example. NS', '192.0.2.40 ns2.other.example. NS', '192.0.2.40 ns2.other.example. A']),
      );
      expect(walked(capture).some((w) => w.startsWith('192.0.2.1 '))).toBe(false);
    });

    it('ends a loop: NS names whose zones are served only under each other, without glue', async () => {
      const loop = NET.replace(
        'provider     3600 IN NS  ns.provider\nns.provider  3600 IN A   192.0.2.30\n',
        'provider 3600 IN NS ns.provider2\nprovider2 3600 IN NS ns.provider\n',
      );
      const faults: unknown[] = [];
      const capture = await walkDelegation('zone.example', deps({ transport: withNet(loop), resolver: { transport: servfail(), server: RESOLVER }, faults }));
      expect(faults).toEqual([]);
      expect(capture.outcome).toBe('complete');
      const provider = providerOf(capture);
      expect(provider.addresses).toEqual([]);
      expect(provider.resolution.status).toBe('failed');
      // provider.net → ns.provider2.net → provider2.net → ns.provider.net again: stop there.
      expect(walked(capture)).toEqual(['192.0.2.1 net. NS', '192.0.2.50 provider.net. NS', '192.0.2.1 net. NS', '192.0.2.50 provider2.net. NS']);
    });

    it('asks the next server when one keeps silent, without waiting out its timeout', async () => {
      const net = NET.replace(
        'ns.provider  3600 IN A   192.0.2.30\n',
        'ns.provider  3600 IN A   192.0.2.39\nprovider     3600 IN NS  ns2.provider\nns2.provider 3600 IN A   192.0.2.30\n',
      );
      const transport = createScriptedTransport(
        universe({
          zones: { '.': `${ROOT}net. 172800 IN NS a.gtld.net.\na.gtld.net. 172800 IN A 192.0.2.50\n`, 'net.': net, 'provider.net.': PROVIDER },
          servers: { '192.0.2.50': ['net.'], '192.0.2.30': ['zone.example.', 'provider.net.'], '192.0.2.39': 'silent' },
        }),
      );
      const started = Date.now();
      const capture = await walkDelegation('zone.example', deps({ transport, timeoutMs: 3000, resolver: { transport: servfail(), server: RESOLVER } }));
      expect(providerOf(capture).addresses.map((a) => a.address)).toEqual(['192.0.2.30']);
      // The silent server's query still lands in the capture, once its timeout is over.
      expect(
        byPurpose(capture, 'resolve-walk')
          .filter((o) => o.server.address === '192.0.2.39')
          .map((o) => o.error?.kind),
      ).toContain('timeout');
      // The silent server was asked first; the answering one half a second later, not after 3 s.
      const steps = byPurpose(capture, 'resolve-walk').filter((o) => o.question.name === 'ns.provider.net.' && o.question.type === 'NS');
      expect(steps.map((o) => o.server.address)).toEqual(['192.0.2.39', '192.0.2.30']);
      expect(Date.parse(steps[1]!.startedAt) - started).toBeLessThan(2000);
    });

    it("does not take one server's NXDOMAIN: a second server of the zone is asked (a stale copy)", async () => {
      const root = `${ROOT}net. 172800 IN NS a.gtld.net.\nnet. 172800 IN NS b.gtld.net.\na.gtld.net. 172800 IN A 192.0.2.50\nb.gtld.net. 172800 IN A 192.0.2.51\n`;
      const soa = rr('net.', 'SOA', { mname: 'a.gtld.net.', rname: 'hostmaster.net.', serial: 1, refresh: 1800, retry: 900, expire: 604800, minimum: 300 });
      const transport = createScriptedTransport(
        universe({
          zones: { '.': root, 'net.': NET, 'provider.net.': PROVIDER },
          servers: { '192.0.2.50': ['net.'], '192.0.2.51': ['net.'], '192.0.2.30': ['zone.example.', 'provider.net.'] },
          // The first server of net. asked has lost provider.net.
          overrides: { '192.0.2.50 provider.net. NS': message({ rcode: 'NXDOMAIN', authority: [soa], flags: { aa: true } }) },
        }),
      );
      const capture = await walkDelegation('zone.example', deps({ transport, resolve: 'walk' }));
      // Neither server of net. has answered in this walk yet, so both are asked at once; after
      // the NXDOMAIN the other one is asked for its word again.
      expect(walked(capture).filter((w) => w.includes(' provider.net. NS'))).toEqual([
        '192.0.2.50 provider.net. NS',
        '192.0.2.51 provider.net. NS',
        '192.0.2.51 provider.net. NS',
      ]);
      expect(providerOf(capture).resolution.status).toBe('ok');
      expect(providerOf(capture).addresses.map((a) => a.address)).toEqual(['192.0.2.30']);
      expect(byPurpose(capture, 'takeover')).toEqual([]);
    });

    it('asks the full name after an NXDOMAIN for an empty non-terminal, and goes on below it', async () => {
      const example = `${EXAMPLE.replace('zone         3600 IN NS  ns.provider.net.', 'zone         3600 IN NS  dns.sub.dept.example.')}sub.dept     3600 IN NS  ns.sub.dept\nns.sub.dept  3600 IN A   192.0.2.50\n`;
      const zone = ZONE.replace('@            3600 IN NS  ns.provider.net.', '@            3600 IN NS  dns.sub.dept.example.');
      const sub = `$ORIGIN sub.dept.example.\n@ 3600 IN SOA ns hostmaster 1 1800 900 604800 300\n@ 3600 IN NS ns\nns 3600 IN A 192.0.2.50\ndns 3600 IN A 192.0.2.50\n`;
      const soa = rr('example.', 'SOA', {
        mname: 'ns.example.',
        rname: 'hostmaster.example.',
        serial: 1,
        refresh: 1800,
        retry: 900,
        expire: 604800,
        minimum: 300,
      });
      const nxdomain = message({ rcode: 'NXDOMAIN', authority: [soa], flags: { aa: true } });
      const transport = createScriptedTransport(
        universe({
          zones: { 'example.': example, 'zone.example.': zone, 'sub.dept.example.': sub },
          servers: { '192.0.2.50': ['sub.dept.example.'] },
          // Both servers of example. break RFC 8020 on the empty non-terminal dept.example.
          overrides: { '192.0.2.10 dept.example. NS': nxdomain, '2001:db8::10 dept.example. NS': nxdomain },
        }),
      );
      const capture = await walkDelegation('zone.example', deps({ transport, resolve: 'walk' }));
      expect(walked(capture)).toEqual(expect.arrayContaining(['192.0.2.10 dns.sub.dept.example. NS', '192.0.2.50 dns.sub.dept.example. A']));
      const ns = capture.cuts.find((c) => c.zone === 'zone.example.')!.nameservers.find((n) => n.name === 'dns.sub.dept.example.')!;
      expect(ns.resolution.status).toBe('ok');
      expect(ns.addresses.map((a) => [a.address, a.origins])).toEqual([['192.0.2.50', ['walk']]]);
      expect(byPurpose(capture, 'takeover')).toEqual([]);
    });

    it('walks an NS name once, though several referrals lack its glue', async () => {
      // provider.net and provider2.net both at ns.hosting.org, which net. holds no glue for.
      const root = `${ROOT}net. 172800 IN NS a.gtld.net.\na.gtld.net. 172800 IN A 192.0.2.50\norg. 172800 IN NS a.gtld.org.\na.gtld.org. 172800 IN A 192.0.2.51\n`;
      const net = 'provider 3600 IN NS ns.hosting.org.\nprovider2 3600 IN NS ns.hosting.org.\n';
      const org = `$ORIGIN org.\n@ 3600 IN SOA a.gtld hostmaster 1 1800 900 604800 300\n@ 3600 IN NS a.gtld\na.gtld 3600 IN A 192.0.2.51\nhosting 3600 IN NS ns.hosting\nns.hosting 3600 IN A 192.0.2.30\n`;
      const hosting = `$ORIGIN hosting.org.\n@ 3600 IN SOA ns hostmaster 1 1800 900 604800 300\n@ 3600 IN NS ns\nns 3600 IN A 192.0.2.30\n`;
      const provider2 = PROVIDER.replaceAll('provider.net.', 'provider2.net.');
      const withProviders = (text: string) =>
        text.replace('@            3600 IN NS  ns.provider.net.', '@ 3600 IN NS ns.provider.net.\n@ 3600 IN NS ns.provider2.net.');
      const transport = createScriptedTransport(
        universe({
          zones: {
            '.': root,
            'example.': EXAMPLE.replace('zone         3600 IN NS  ns.provider.net.', 'zone 3600 IN NS ns.provider.net.\nzone 3600 IN NS ns.provider2.net.'),
            'zone.example.': withProviders(ZONE),
            'net.': NET.split('provider')[0] + net,
            'org.': org,
            'hosting.org.': hosting,
            'provider.net.': PROVIDER.replace('ns           3600 IN A   192.0.2.30', 'ns 3600 IN A 192.0.2.30'),
            'provider2.net.': provider2,
          },
          servers: { '192.0.2.50': ['net.'], '192.0.2.51': ['org.'], '192.0.2.30': ['zone.example.', 'provider.net.', 'provider2.net.', 'hosting.org.'] },
        }),
      );
      const capture = await walkDelegation('zone.example', deps({ transport, resolve: 'walk' }));
      const zoneCut = capture.cuts.find((c) => c.zone === 'zone.example.')!;
      for (const name of ['ns.provider.net.', 'ns.provider2.net.']) {
        expect(
          zoneCut.nameservers.find((n) => n.name === name)!.addresses.map((a) => a.address),
          name,
        ).toEqual(['192.0.2.30']);
      }
      expect(walked(capture).filter((w) => w === '192.0.2.30 ns.hosting.org. A')).toHaveLength(1);
    });

    it('ends two walks that wait on each other (zones served only under each other), rather than hang', async () => {
      const loop = NET.replace(
        'provider     3600 IN NS  ns.provider\nns.provider  3600 IN A   192.0.2.30\n',
        'provider 3600 IN NS ns.provider2\nprovider2 3600 IN NS ns.provider\n',
      );
      const both = (text: string) => text.replace('ns.provider.net.', 'ns.provider.net.\nzone 3600 IN NS ns.provider2.net.');
      const transport = createScriptedTransport(
        universe({
          zones: {
            '.': `${ROOT}net. 172800 IN NS a.gtld.net.\na.gtld.net. 172800 IN A 192.0.2.50\n`,
            'net.': loop,
            'example.': both(EXAMPLE),
            'zone.example.': ZONE.replace('@            3600 IN NS  ns.provider.net.', '@ 3600 IN NS ns.provider.net.\n@ 3600 IN NS ns.provider2.net.'),
          },
          servers: { '192.0.2.50': ['net.'] },
        }),
      );
      const capture = await walkDelegation('zone.example', deps({ transport, resolve: 'walk' }));
      expect(capture.outcome).toBe('complete');
      const zoneCut = capture.cuts.find((c) => c.zone === 'zone.example.')!;
      for (const name of ['ns.provider.net.', 'ns.provider2.net.'])
        expect(zoneCut.nameservers.find((n) => n.name === name)!.resolution.status, name).toBe('failed');
    });

    it('gives up a step after a few servers, and says failed', async () => {
      const dead = createScriptedTransport(
        universe({
          zones: { '.': `${ROOT}net. 172800 IN NS a.gtld.net.\na.gtld.net. 172800 IN A 192.0.2.50\n`, 'net.': NET },
          servers: { '192.0.2.50': ['net.'], '192.0.2.30': 'silent' },
        }),
      );
      const capture = await walkDelegation('zone.example', deps({ transport: dead, resolver: { transport: servfail(), server: RESOLVER } }));
      expect(providerOf(capture).resolution.status).toBe('failed');
      expect(
        byPurpose(capture, 'resolve-walk')
          .filter((o) => o.server.address === '192.0.2.30')
          .map((o) => o.error?.kind),
      ).toEqual(['timeout']);
    });
  });

  describe('addresses of in-domain NS names', () => {
    const example = `${EXAMPLE}three 3600 IN NS ns1.three\nthree 3600 IN NS ns2.three\nthree 3600 IN NS ns3.three\nns1.three 3600 IN A 192.0.2.61\nns2.three 3600 IN A 192.0.2.62\nns3.three 3600 IN A 192.0.2.63\n`;
    const THREE = `
$ORIGIN three.example.
@            3600 IN SOA ns1 hostmaster 1 1800 900 604800 300
@            3600 IN NS  ns1
@            3600 IN NS  ns2
@            3600 IN NS  ns3
ns1          3600 IN A   192.0.2.61
ns2          3600 IN A   192.0.2.62
ns3          3600 IN A   192.0.2.63
`;
    const askedFor = (c: Capture, name: string) =>
      byPurpose(c, 'ns-address', 'three.example.')
        .filter((o) => o.question.name === name && o.question.type === 'A')
        .map((o) => `${o.server.address} ${o.response?.rcode}`);

    it('go on to a third server when the first two give no authoritative answer', async () => {
      // ns1 and ns2 no longer serve the zone (REFUSED); ns3 does.
      const transport = createScriptedTransport(
        universe({
          zones: { 'example.': example, 'three.example.': THREE },
          servers: { '192.0.2.61': [], '192.0.2.62': [], '192.0.2.63': ['three.example.'] },
        }),
      );
      const capture = await walkDelegation('three.example', deps({ transport }));
      expect(askedFor(capture, 'ns1.three.example.').sort()).toEqual(['192.0.2.61 REFUSED', '192.0.2.62 REFUSED', '192.0.2.63 NOERROR']);
    });

    it('stay with two servers when they answer', async () => {
      const transport = createScriptedTransport(
        universe({
          zones: { 'example.': example, 'three.example.': THREE },
          servers: { '192.0.2.61': ['three.example.'], '192.0.2.62': ['three.example.'], '192.0.2.63': ['three.example.'] },
        }),
      );
      const capture = await walkDelegation('three.example', deps({ transport }));
      expect(askedFor(capture, 'ns1.three.example.')).toHaveLength(2);
    });

    it('are asked of every server once, and no more, when none answers', async () => {
      const transport = createScriptedTransport(
        universe({ zones: { 'example.': example, 'three.example.': THREE }, servers: { '192.0.2.61': [], '192.0.2.62': [], '192.0.2.63': [] } }),
      );
      const capture = await walkDelegation('three.example', deps({ transport }));
      expect(askedFor(capture, 'ns2.three.example.').sort()).toEqual(['192.0.2.61 REFUSED', '192.0.2.62 REFUSED', '192.0.2.63 REFUSED']);
    });
  });
});
