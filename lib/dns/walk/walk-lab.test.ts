// The walker against the lab universe in memory (lib/lab): every scenario, and the structure the
// checks rely on. The lab is only the test bed here; lib/dns/walk itself never imports lib/lab.
import { getEventListeners } from 'node:events';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Capture, Observation, WalkEvent } from '@/lib/dns/capture';
import type { Transport } from '@/lib/dns/transport/types';
import { createWalkCache } from '@/lib/dns/walk/walk-cache';
import { walkDelegation } from '@/lib/dns/walk/walk-delegation';
import type { WalkDeps } from '@/lib/dns/walk/walk-deps';
import { canonicalName } from '@/lib/dns/wire';
import { buildLab, type Lab } from '@/lib/lab/build-lab';
import { createLabTransport } from '@/lib/lab/lab-transport';
import { LAB_SCENARIOS } from '@/lib/lab/manifest';
import { createLabResolverTransport } from '@/lib/lab/lab-resolver-transport';

let lab: Lab;
let faults: unknown[];

beforeAll(() => {
  lab = buildLab();
});

function deps(extra: Partial<WalkDeps> = {}): WalkDeps {
  faults = [];
  return {
    // Simulated time: a silent server "costs" its timeout without the test waiting for it.
    transport: createLabTransport(lab, { sleep: () => Promise.resolve(), timeoutMs: 300 }),
    resolver: (() => {
      const resolver = createLabResolverTransport(lab);
      return { transport: resolver, server: resolver.server };
    })(),
    rootHints: lab.rootHints,
    policy: null,
    onFault: (e) => faults.push(e),
    ...extra,
  };
}

const cutOf = (c: Capture, zone: string) => {
  const cut = c.cuts.find((x) => x.zone === zone);
  if (!cut) throw new Error(`no cut ${zone} in ${c.cuts.map((x) => x.zone).join(' ')}`);
  return cut;
};
const nsOf = (c: Capture, zone: string, name: string) => {
  const ns = cutOf(c, zone).nameservers.find((n) => n.name === name);
  if (!ns) throw new Error(`no NS ${name} at ${zone}`);
  return ns;
};
const byPurpose = (c: Capture, purpose: Observation['purpose'], zone?: string) =>
  c.observations.filter((o) => o.purpose === purpose && (zone === undefined || o.zone === zone));

/** Zones no address of whose servers can be learnt: no glue (for in-domain names), or a provider gone dark. */
const NO_SERVER_ASKED = new Set(['glue-missing.test.', 'stranded.test.']);

describe('walkDelegation over the lab', () => {
  it.each(LAB_SCENARIOS.map((s) => [s.check ?? s.zone, s]))('walks %s to its zone', async (name, scenario) => {
    const capture = await walkDelegation(name as string, deps());
    expect(faults).toEqual([]);
    expect(capture.outcome).toBe(NO_SERVER_ASKED.has(canonicalName(name as string)) ? 'no-server-asked' : 'complete');
    expect(capture.budget.exhausted).toBeNull();
    const zone = canonicalName(name as string);
    expect(capture.targetZone).toBe(zone);
    expect(capture.cuts.filter((c) => c.isTarget).map((c) => c.zone)).toEqual([zone]);
    expect(capture.cuts[0]?.zone).toBe('.');
    expect(scenario).toBeDefined();

    const ids = capture.observations.map((o) => o.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const o of capture.observations) {
      expect(o.purpose).toBeDefined();
      expect(o.zone).toBeDefined();
    }

    // Every address of every nameserver of every cut (IPv4 and IPv6) was asked for the SOA and
    // the DNSKEY RRset (validation needs every ancestor's keys).
    for (const cut of capture.cuts) {
      for (const purpose of ['apex-soa', 'dnskey'] as const) {
        const asked = new Set(byPurpose(capture, purpose, cut.zone).map((o) => o.server.address));
        for (const ns of cut.nameservers) {
          for (const a of ns.addresses) expect(asked.has(a.address), `${purpose} ${cut.zone} ${ns.name} ${a.address}`).toBe(true);
        }
      }
    }
    // The target zone's extras went to every address too.
    const target = cutOf(capture, zone);
    const addresses = new Set(target.nameservers.flatMap((n) => n.addresses.map((a) => a.address)));
    for (const purpose of ['dnskey', 'cds', 'cdnskey', 'csync', 'soa-no-edns', 'soa-tcp'] as const) {
      expect(new Set(byPurpose(capture, purpose, zone).map((o) => o.server.address)), purpose).toEqual(addresses);
    }
    // And every address of the parent's servers was asked for the zone's DS, with DO.
    const parent = cutOf(capture, target.parent!);
    const parentAddresses = new Set(parent.nameservers.flatMap((n) => n.addresses.map((a) => a.address)));
    const ds = byPurpose(capture, 'ds', zone);
    expect(new Set(ds.map((o) => o.server.address))).toEqual(parentAddresses);
    for (const o of ds) expect([o.question.type, o.options.dnssecOk]).toEqual(['DS', true]);
  });

  it('takes no out-of-bailiwick address from a referral as glue, and looks the name up (store.brand.test)', async () => {
    const capture = await walkDelegation('store.brand.test', deps());
    // brand.test's servers hand out 198.51.100.183 for ns1.dns-provider.test: outside brand.test.
    const referrals = byPurpose(capture, 'referral', 'store.brand.test.').filter((o) => o.response?.additional.some((r) => r.data === '198.51.100.183'));
    expect(referrals.length).toBeGreaterThan(0);
    const ns1 = nsOf(capture, 'store.brand.test.', 'ns1.dns-provider.test.');
    expect(ns1.addresses.map((a) => [a.address, a.origins])).toEqual([
      ['198.51.100.163', ['resolver']],
      ['2001:db8:100::163', ['resolver']],
    ]);
    expect(ns1.resolution.status).toBe('ok');
    expect(capture.observations.filter((o) => o.server.address === '198.51.100.183' || o.server.address === '2001:db8:100::183')).toEqual([]);
  });

  it('asks the parent for DS where parent and child share servers (shop.co-hosted.test)', async () => {
    const capture = await walkDelegation('shop.co-hosted.test', deps());
    expect(cutOf(capture, 'shop.co-hosted.test.').coHosted).toBe(true);
    // The NS question is answered from the child, without DS; the DS question from the parent.
    for (const o of byPurpose(capture, 'referral', 'shop.co-hosted.test.')) expect(o.response?.answer.some((r) => r.type === 'DS')).toBe(false);
    const ds = byPurpose(capture, 'ds', 'shop.co-hosted.test.');
    expect(ds).toHaveLength(4);
    for (const o of ds) {
      expect(o.response?.flags.aa).toBe(true);
      expect(o.response?.answer.filter((r) => r.type === 'DS')).toHaveLength(1);
    }
  });

  it('asks the parent for the DS of a co-hosted cut above the target too (shop.corp.zonehost.test)', async () => {
    const capture = await walkDelegation('shop.corp.zonehost.test', deps());
    // zonehost.test.'s servers serve corp.zonehost.test. too: `corp NS` gets corp's own answer, no referral.
    const corp = cutOf(capture, 'corp.zonehost.test.');
    expect(corp.coHosted).toBe(true);
    expect(corp.isTarget).toBeFalsy();
    for (const o of byPurpose(capture, 'referral', 'corp.zonehost.test.')) expect(o.response?.flags.aa).toBe(true);
    // So corp's DS is asked of every address of zonehost.test.'s servers, and each answers it signed.
    const parent = cutOf(capture, 'zonehost.test.');
    const ds = byPurpose(capture, 'ds', 'corp.zonehost.test.');
    expect(new Set(ds.map((o) => o.server.address))).toEqual(new Set(parent.nameservers.flatMap((n) => n.addresses.map((a) => a.address))));
    for (const o of ds) {
      expect(o.response?.answer.filter((r) => r.type === 'DS')).toHaveLength(1);
      expect(o.response?.answer.some((r) => r.type === 'RRSIG')).toBe(true);
    }
    // A cut its parent refers to brings its DS in the referral: no DS question for it.
    expect(byPurpose(capture, 'ds', 'zonehost.test.')).toEqual([]);
  });

  it('walks from the root for NS names the resolver fails on, and records the walk (resolver-fallback.test)', async () => {
    const capture = await walkDelegation('resolver-fallback.test', deps());
    expect(faults).toEqual([]);
    expect(capture.outcome).toBe('complete');
    const ns = nsOf(capture, 'resolver-fallback.test.', 'dns1.firewalled-dns.test.');
    expect(ns.resolution.status).toBe('ok');
    expect(ns.addresses.map((a) => `${a.address} ${a.origins.join(',')}`).sort()).toEqual(['198.51.100.60 walk', '2001:db8:100::60 walk']);
    const used = ns.resolution.observationIds.map((id) => capture.observations.find((o) => o.id === id)!);
    // The resolver first (the provider's servers drop it: SERVFAIL), then the walk: the provider's
    // delegation from test. (the deepest cut already known), then the name at the provider: first
    // of its four addresses at once (none has answered in this walk yet), then of one that has.
    expect(used.filter((o) => o.purpose === 'resolve').map((o) => o.response?.rcode)).toEqual(['SERVFAIL', 'SERVFAIL']);
    const walked = used.filter((o) => o.purpose === 'resolve-walk');
    expect(walked.map((o) => `${o.question.name} ${o.question.type}`)).toEqual([
      'firewalled-dns.test. NS',
      'dns1.firewalled-dns.test. NS',
      'dns1.firewalled-dns.test. NS',
      'dns1.firewalled-dns.test. NS',
      'dns1.firewalled-dns.test. NS',
      'dns1.firewalled-dns.test. A',
      'dns1.firewalled-dns.test. AAAA',
    ]);
    for (const o of walked) {
      expect(o.options.recursionDesired).toBe(false);
      expect(o.zone).toBe('resolver-fallback.test.');
    }
    // The servers found are probed like any other.
    expect(byPurpose(capture, 'apex-soa', 'resolver-fallback.test.').filter((o) => o.response?.flags.aa)).toHaveLength(4);
  });

  it('with resolve: walk, never asks the resolver and finds the same addresses', async () => {
    const capture = await walkDelegation('resolver-fallback.test', deps({ resolve: 'walk' }));
    expect(byPurpose(capture, 'resolve')).toEqual([]);
    expect(
      nsOf(capture, 'resolver-fallback.test.', 'dns2.firewalled-dns.test.')
        .addresses.map((a) => a.address)
        .sort(),
    ).toEqual(['2001:db8:113::60', '203.0.113.60']);
    const healthy = await walkDelegation('takeover.test', deps({ resolve: 'walk' }));
    // A name that does not exist is told by the authority itself; its registrable domain is probed too.
    expect(nsOf(healthy, 'takeover.test.', 'ns.expired-dns.test.').resolution.status).toBe('nxdomain');
    expect(byPurpose(healthy, 'takeover').map((o) => `${o.question.name} ${o.response?.rcode}`)).toEqual(['expired-dns.test. NXDOMAIN']);
  });

  it('says no server was asked when no NS address can be learnt either way (stranded.test)', async () => {
    const capture = await walkDelegation('stranded.test', deps());
    expect(faults).toEqual([]);
    expect(capture.outcome).toBe('no-server-asked');
    expect(capture.targetZone).toBe('stranded.test.');
    for (const name of ['dns1.gone-dns.test.', 'dns2.gone-dns.test.']) {
      const ns = nsOf(capture, 'stranded.test.', name);
      expect(ns.addresses).toEqual([]);
      expect(ns.resolution.status).toBe('failed');
    }
    // Each step of the walk gives up after a few servers: the provider's four addresses, once per name.
    const walked = byPurpose(capture, 'resolve-walk');
    expect(walked.filter((o) => o.question.type === 'NS' && o.question.name.startsWith('dns')).map((o) => o.error?.kind)).toEqual(Array(8).fill('timeout'));
    expect(byPurpose(capture, 'apex-soa', 'stranded.test.')).toEqual([]);
  });

  it("asks a silent provider's servers together, not one after another's silence (stranded.test)", async () => {
    // Silences are held until released, so what is in flight at once can be counted.
    const held: { address: string; release: () => void }[] = [];
    const transport = createLabTransport(lab, {
      timeoutMs: 300,
      sleep: (ms, _signal, server) => (ms >= 300 ? new Promise<void>((release) => held.push({ address: server.address, release })) : Promise.resolve()),
    });
    const walk = walkDelegation('stranded.test', deps({ transport }));
    // Let the walk run until nothing moves but the held silences.
    for (let idle = 0; idle < 50; idle++) await new Promise((r) => setImmediate(r));
    const provider = new Set(lab.servers.filter((s) => s.name.endsWith('gone-dns.test.')).flatMap((s) => s.addresses));
    expect(provider.size).toBe(4);
    // Every address of the provider is waited on at the same time, for both NS names.
    expect(new Set(held.map((h) => h.address))).toEqual(provider);
    expect(held).toHaveLength(8);
    while (held.length > 0) {
      for (const h of held.splice(0)) h.release();
      for (let idle = 0; idle < 20; idle++) await new Promise((r) => setImmediate(r));
    }
    expect((await walk).outcome).toBe('no-server-asked');
  });

  it('keeps one abort listener on the walk however many queries wait (big-referral.test)', async () => {
    // Real (20 ms) waits: every query of a burst waits on the walk's signal at the same time.
    const labTransport = createLabTransport(lab, { rttMs: 20, timeoutMs: 300 });
    let most = 0;
    let inFlight = 0;
    let widest = 0;
    const transport: Transport = {
      kind: labTransport.kind,
      query: async (server, question, options) => {
        inFlight++;
        widest = Math.max(widest, inFlight);
        try {
          return await labTransport.query(server, question, options);
        } finally {
          // Counted as each answer lands, while the rest of its burst still waits.
          if (options?.signal) most = Math.max(most, getEventListeners(options.signal, 'abort').length);
          inFlight--;
        }
      },
    };
    const capture = await walkDelegation('big-referral.test', deps({ transport }));
    expect(capture.outcome).toBe('complete');
    expect(widest).toBeGreaterThan(100);
    expect(most).toBe(1);
  });

  it('says no server was asked for a name inside such a zone too, not that the zone is unreachable (www.stranded.test)', async () => {
    const capture = await walkDelegation('www.stranded.test', deps());
    expect(faults).toEqual([]);
    expect(capture.outcome).toBe('no-server-asked');
    expect(capture.targetZone).toBe('stranded.test.');
    expect(cutOf(capture, 'stranded.test.').nameservers.map((ns) => [ns.name, ns.addresses.length, ns.resolution.status])).toEqual([
      ['dns1.gone-dns.test.', 0, 'failed'],
      ['dns2.gone-dns.test.', 0, 'failed'],
    ]);
  });

  it('walks for NS names over IPv4 only from a host without IPv6, so silent IPv6 servers do not use up its tries (stranded.test)', async () => {
    const capture = await walkDelegation('stranded.test', deps({ ipv6: false, resolve: 'walk' }));
    expect(faults).toEqual([]);
    const walked = byPurpose(capture, 'resolve-walk');
    expect(walked.length).toBeGreaterThan(0);
    expect(walked.filter((o) => o.server.address.includes(':'))).toEqual([]);
    // Both IPv4 addresses of the dark provider, once per NS name, and nothing else of it.
    expect(
      walked
        .filter((o) => o.question.name.startsWith('dns'))
        .map((o) => o.server.address)
        .sort(),
    ).toEqual(['198.51.100.61', '198.51.100.61', '203.0.113.61', '203.0.113.61']);
    expect(capture.outcome).toBe('no-server-asked');
  });

  it('finds every cut from the root to a.b.c.deep.test', async () => {
    const capture = await walkDelegation('a.b.c.deep.test', deps());
    expect(capture.cuts.map((c) => c.zone)).toEqual(['.', 'test.', 'deep.test.', 'c.deep.test.', 'b.c.deep.test.', 'a.b.c.deep.test.']);
    expect(capture.cuts.map((c) => c.parent)).toEqual([null, '.', 'test.', 'deep.test.', 'c.deep.test.', 'b.c.deep.test.']);
    // b.c.deep.test lives on c.deep.test's servers: they answer for it instead of referring.
    expect(cutOf(capture, 'b.c.deep.test.').coHosted).toBe(true);
    expect(cutOf(capture, 'b.c.deep.test.').parentNs).toEqual(['ns1.c.deep.test.', 'ns2.c.deep.test.']);
    expect(
      nsOf(capture, 'b.c.deep.test.', 'ns1.c.deep.test.')
        .addresses.map((a) => a.address)
        .sort(),
    ).toEqual(['198.51.100.51', '2001:db8:100::51']);
    expect(capture.budget.used.depth).toBe(6);
  });

  it("uses the addresses an NS name's own zone gave for a cut it is outside of, without waiting for the resolver", async () => {
    const capture = await walkDelegation('a.b.c.deep.test', deps());
    const ns1 = nsOf(capture, 'b.c.deep.test.', 'ns1.c.deep.test.');
    for (const a of ns1.addresses) expect(a.origins).toContain('walk');
    // The evidence: c.deep.test's own servers' answer naming the address (not the resolver's).
    const byId = new Map(capture.observations.map((o) => [o.id, o]));
    const fromZone = ns1.resolution.observationIds.map((id) => byId.get(id)).filter((o) => o?.zone === 'c.deep.test.');
    expect(fromZone.length).toBeGreaterThan(0);
    // The resolver is still asked (its view is evidence of its own).
    expect(capture.observations.some((o) => o.purpose === 'resolve' && o.question.name === 'ns1.c.deep.test.')).toBe(true);
  });

  it('shows both NS sets when the parent servers disagree (parent-split.test)', async () => {
    const capture = await walkDelegation('parent-split.test', deps());
    const cut = cutOf(capture, 'parent-split.test.');
    expect([...cut.parentNs].sort()).toEqual(['ns1.parent-split.test.', 'ns2.parent-split.test.', 'ns3.parent-split.test.']);
    expect([...cut.childNs].sort()).toEqual(['ns1.parent-split.test.', 'ns2.parent-split.test.']);
    // Each parent server's referral is there on its own.
    const referrals = byPurpose(capture, 'referral', 'parent-split.test.');
    expect(new Set(referrals.map((o) => o.server.address))).toEqual(new Set(['192.0.2.11', '2001:db8:2::11', '198.51.100.11', '2001:db8:100::11']));
    const ns3 = nsOf(capture, 'parent-split.test.', 'ns3.parent-split.test.');
    expect(ns3.inParent).toBe(true);
    expect(ns3.inChild).toBe(false);
    expect(ns3.addresses[0]?.glueFrom?.length).toBe(2);
  });

  it('records an in-domain NS without glue (glue-missing.test)', async () => {
    const capture = await walkDelegation('glue-missing.test', deps());
    for (const name of ['ns1.glue-missing.test.', 'ns2.glue-missing.test.']) {
      const ns = nsOf(capture, 'glue-missing.test.', name);
      expect(ns.inDomain).toBe(true);
      expect(ns.inParent).toBe(true);
      expect(ns.addresses.every((a) => !a.origins.includes('glue'))).toBe(true);
      // Nobody can reach it: the zone's servers cannot be asked, and the resolver fails too.
      expect(ns.resolution.status).toBe('failed');
    }
  });

  it('ends www.healthy.test at healthy.test with a target probe showing NODATA', async () => {
    const capture = await walkDelegation('www.healthy.test', deps());
    expect(capture.outcome).toBe('complete');
    expect(capture.targetZone).toBe('healthy.test.');
    expect(capture.cuts.map((c) => c.zone)).toEqual(['.', 'test.', 'healthy.test.']);
    const target = byPurpose(capture, 'target');
    expect(target.length).toBe(4);
    for (const o of target) {
      expect(o.question).toMatchObject({ name: 'www.healthy.test.', type: 'SOA' });
      expect(o.response?.rcode).toBe('NOERROR');
      expect(o.response?.answer).toEqual([]);
      expect(o.response?.authority.some((rr) => rr.type === 'SOA' && rr.name === 'healthy.test.')).toBe(true);
    }
    expect(byPurpose(capture, 'referral', 'www.healthy.test.').length).toBe(4);
  });

  it('says no-delegation for nonexistent.test', async () => {
    const capture = await walkDelegation('nonexistent.test', deps());
    expect(faults).toEqual([]);
    expect(capture.outcome).toBe('no-delegation');
    expect(capture.targetZone).toBeNull();
    const referrals = byPurpose(capture, 'referral', 'nonexistent.test.');
    expect(referrals.length).toBe(4);
    for (const o of referrals) expect(o.response?.rcode).toBe('NXDOMAIN');
  });

  it('probes the child-only server of ns-mismatch.test at the address the child gives', async () => {
    const capture = await walkDelegation('ns-mismatch.test', deps());
    const ns3 = nsOf(capture, 'ns-mismatch.test.', 'ns3.ns-mismatch.test.');
    expect(ns3).toMatchObject({ inParent: false, inChild: true, inDomain: true });
    expect(ns3.addresses.map((a) => a.origins)).toEqual([['child'], ['child']]);
    expect(byPurpose(capture, 'apex-soa', 'ns-mismatch.test.').some((o) => o.server.address === '198.51.100.121')).toBe(true);
  });

  it('gathers the takeover evidence for takeover.test', async () => {
    const capture = await walkDelegation('takeover.test', deps());
    const ns = nsOf(capture, 'takeover.test.', 'ns.expired-dns.test.');
    expect(ns.resolution.status).toBe('nxdomain');
    expect(ns.addresses).toEqual([]);
    const takeover = byPurpose(capture, 'takeover');
    expect(takeover.map((o) => o.question.name)).toEqual(['expired-dns.test.']);
    expect(takeover[0]?.response?.rcode).toBe('NXDOMAIN');
  });

  it('asks the resolver for the RFC 9615 signalling of a zone with CDS, at each out-of-domain NS name', async () => {
    const capture = await walkDelegation('bootstrap-partial.test', deps());
    const signals = byPurpose(capture, 'dsboot', 'bootstrap-partial.test.');
    expect(signals.map((o) => `${o.question.name} ${o.question.type}`).sort()).toEqual([
      '_dsboot.bootstrap-partial.test._signal.ns1.legacy-dns.test. CDNSKEY',
      '_dsboot.bootstrap-partial.test._signal.ns1.legacy-dns.test. CDS',
      '_dsboot.bootstrap-partial.test._signal.ns2.signal-dns.test. CDNSKEY',
      '_dsboot.bootstrap-partial.test._signal.ns2.signal-dns.test. CDS',
    ]);
    for (const o of signals) expect(o.options).toMatchObject({ recursionDesired: true, dnssecOk: true });
    const ns2 = signals.find((o) => o.question.type === 'CDS' && o.question.name.includes('ns2.signal-dns'))!;
    expect(ns2.response?.answer.map((rr) => rr.type)).toEqual(['CDS', 'RRSIG']);
    // Nothing for zones without CDS, nor for NS names inside the zone (RFC 9615 ignores them).
    expect(byPurpose(await walkDelegation('healthy.test', deps()), 'dsboot')).toEqual([]);
    expect(byPurpose(await walkDelegation('cds-rollover.test', deps()), 'dsboot')).toEqual([]);
  });

  it("records the alias of cname-ns.test's ns2", async () => {
    const capture = await walkDelegation('cname-ns.test', deps());
    const ns2 = nsOf(capture, 'cname-ns.test.', 'ns2.cname-ns.test.');
    expect(ns2.resolution).toMatchObject({ status: 'cname', cnameTarget: 'host.cname-ns.test.' });
    expect(ns2.addresses.find((a) => a.address === '203.0.113.28')?.origins).toEqual(['glue', 'child']);
  });

  it('keeps the truncated referral without EDNS of big-referral.test', async () => {
    const capture = await walkDelegation('big-referral.test', deps());
    const noEdns = byPurpose(capture, 'referral-no-edns', 'big-referral.test.');
    expect(noEdns.length).toBe(4);
    for (const o of noEdns) {
      expect(o.response?.flags.tc).toBe(true);
      expect(o.transport).not.toBe('tcp');
    }
    expect(cutOf(capture, 'big-referral.test.').nameservers).toHaveLength(10);
  });

  it('records the silent, the TCP-refusing and the stale-glue servers as they are', async () => {
    const silent = await walkDelegation('silent.test', deps());
    const dead = silent.observations.filter((o) => o.server.address === '203.0.113.27');
    expect(dead.length).toBeGreaterThan(0);
    for (const o of dead) expect(o.error?.kind).toBe('timeout');

    const tcp = await walkDelegation('tcp-broken.test', deps());
    const soaTcp = byPurpose(tcp, 'soa-tcp').filter((o) => o.server.address === '203.0.113.41');
    expect(soaTcp[0]?.error?.kind).toBe('refused-connection');

    const stale = await walkDelegation('glue-stale.test', deps());
    const ns1 = nsOf(stale, 'glue-stale.test.', 'ns1.glue-stale.test.');
    expect(ns1.addresses.find((a) => a.address === '198.51.100.123')?.origins).toEqual(['glue']);
    expect(ns1.addresses.find((a) => a.address === '198.51.100.23')?.origins).toEqual(['child']);
    expect(byPurpose(stale, 'apex-soa').find((o) => o.server.address === '198.51.100.123')?.error?.kind).toBe('unreachable');
  });

  it("records the resolver's view of the zone and of the root: the lab resolver does not validate (no AD)", async () => {
    const capture = await walkDelegation('healthy.test', deps());
    const validate = byPurpose(capture, 'validate');
    expect(validate.map((o) => `${o.question.name} ${o.question.type} ${o.response?.rcode} ad=${o.response?.flags.ad}`)).toEqual([
      'healthy.test. SOA NOERROR ad=false',
      '. SOA NOERROR ad=false',
    ]);
    // DO=1: the signatures come along, for the record.
    expect(validate[0]?.response?.answer.map((r) => r.type).sort()).toEqual(['RRSIG', 'SOA']);
  });

  it('asks the lab root once across walks within its TTL', async () => {
    const cache = createWalkCache();
    const rootAddresses = new Set(lab.rootHints.map((h) => h.address));
    const sent: string[] = [];
    const inner = createLabTransport(lab, { sleep: () => Promise.resolve() });
    const counting: Transport = {
      kind: inner.kind,
      query: (server, question, options) => {
        sent.push(`${server.address} ${question.type}`);
        return inner.query(server, question, options);
      },
    };
    const toRoot = (q: string) => rootAddresses.has(q.split(' ')[0] ?? '');
    await walkDelegation('healthy.test', deps({ transport: counting, cache }));
    expect(sent.filter(toRoot).length).toBeGreaterThan(0);
    sent.length = 0;
    const second = await walkDelegation('lame.test', deps({ transport: counting, cache }));
    // Only the SOA is asked again: serials are compared within one walk's burst.
    expect(sent.filter(toRoot).sort()).toEqual([...rootAddresses].map((a) => `${a} SOA`).sort());
    expect(second.outcome).toBe('complete');
    expect(second.observations.filter((o) => rootAddresses.has(o.server.address) && o.purpose !== 'apex-soa').every((o) => o.cached)).toBe(true);
    // lame.test's own delegation is asked afresh, and so is the resolver's view of it; the
    // root's view (does the resolver validate at all?) is reused.
    expect(byPurpose(second, 'referral', 'lame.test.').every((o) => !o.cached)).toBe(true);
    expect(byPurpose(second, 'validate').map((o) => `${o.question.name} ${o.cached ? 'cached' : 'fresh'}`)).toEqual(['lame.test. fresh', '. cached']);
  });

  it('reaches shop.pre-edns.test through parent servers that answer FORMERR to EDNS, by asking again without it', async () => {
    const capture = await walkDelegation('shop.pre-edns.test', deps());
    expect(capture.outcome).toBe('complete');
    expect(capture.targetZone).toBe('shop.pre-edns.test.');
    const referrals = byPurpose(capture, 'referral', 'shop.pre-edns.test.');
    expect(referrals.length).toBeGreaterThan(0);
    for (const o of referrals) {
      expect(o.attempts.map((a) => `${a.reason} ${a.edns}`)).toEqual(['initial true', 'no-edns-after-formerr false']);
      expect(o.response?.authority.filter((rr) => rr.type === 'NS')).toHaveLength(2);
    }
    // The parent zone's own data is learnt the same way: its NS set and serial, from both servers.
    expect(cutOf(capture, 'pre-edns.test.').childNs).toEqual(['ns1.pre-edns.test.', 'ns2.pre-edns.test.']);
    expect(byPurpose(capture, 'apex-soa', 'pre-edns.test.').every((o) => o.response?.rcode === 'NOERROR' && o.response.flags.aa)).toBe(true);
  });

  it("reaches cs.dept.broken-ent.test past the NXDOMAIN its parent's servers give for dept.broken-ent.test", async () => {
    const capture = await walkDelegation('cs.dept.broken-ent.test', deps());
    expect(capture.outcome).toBe('complete');
    expect(capture.cuts.map((c) => c.zone)).toEqual(['.', 'test.', 'broken-ent.test.', 'cs.dept.broken-ent.test.']);
    expect(byPurpose(capture, 'referral', 'dept.broken-ent.test.').every((o) => o.response?.rcode === 'NXDOMAIN')).toBe(true);
    const full = byPurpose(capture, 'referral-full-qname', 'dept.broken-ent.test.');
    expect(full.map((o) => o.question.name)).toEqual(full.map(() => 'cs.dept.broken-ent.test.'));
    expect(full.length).toBe(4); // two servers, IPv4 and IPv6 each
  });

  it('streams events in order', async () => {
    const events: WalkEvent[] = [];
    const capture = await walkDelegation('a.b.c.deep.test', deps({ onEvent: (e) => events.push(e) }));
    expect(events[0]?.type).toBe('start');
    expect(events.at(-1)).toMatchObject({ type: 'done', outcome: 'complete', queries: capture.budget.used.queries });
    const cuts = events.flatMap((e) => (e.type === 'cut' ? [e.zone] : []));
    expect(cuts).toEqual(['.', 'test.', 'deep.test.', 'c.deep.test.', 'b.c.deep.test.', 'a.b.c.deep.test.']);
    expect(events.filter((e) => e.type === 'query')).toHaveLength(capture.observations.length);
    expect(events.filter((e) => e.type === 'answer')).toHaveLength(capture.observations.length);
  });
});
