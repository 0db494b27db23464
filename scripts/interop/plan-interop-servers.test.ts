import { describe, expect, it } from 'vitest';
import { LAB_INFRA_SERVERS, LAB_SCENARIOS, LAB_SERVERS } from '@/lib/lab/manifest';
import { loopbackFor, planInteropServers } from './plan-interop-servers';

describe('loopbackFor', () => {
  it.each([
    ['192.0.2.1', '127.54.2.1'],
    ['198.51.100.160', '127.54.100.160'],
    ['203.0.113.20', '127.54.113.20'],
    ['2001:db8:100::20', null],
    ['192.0.3.1', null],
  ])('%s → %s', (lab, lo) => {
    expect(loopbackFor(lab)).toBe(lo);
  });
});

describe('planInteropServers', () => {
  const plan = planInteropServers(LAB_INFRA_SERVERS, LAB_SCENARIOS);
  const planned = [...plan.instances.flatMap((i) => i.labServers), ...plan.blackHoles];

  it('plays every lab server exactly once, on its own loopback addresses', () => {
    expect(planned.map((p) => p.server.name).sort()).toEqual(LAB_SERVERS.map((s) => s.name).sort());
    const addresses = plan.instances.flatMap((i) => i.addresses);
    expect(new Set(addresses).size).toBe(addresses.length);
    expect(addresses.every((a) => /^127\.54\.(2|100|113)\.\d+$/.test(a))).toBe(true);
  });

  it('puts the root and ns1.nic.test on NSD, ns2.nic.test on Knot', () => {
    const softwareOf = (name: string) => plan.instances.find((i) => i.labServers.some((l) => l.server.name === name))?.software;
    expect(softwareOf('a.root-servers.test.')).toBe('nsd');
    expect(softwareOf('ns1.nic.test.')).toBe('nsd');
    expect(softwareOf('ns2.nic.test.')).toBe('knot');
    expect(plan.rootAddresses).toEqual(['127.54.2.1']);
  });

  it('gives each implementation signed zones, CDS and CSYNC to serve', () => {
    for (const software of ['nsd', 'knot', 'bind'] as const) {
      const zones = plan.instances.filter((i) => i.software === software).flatMap((i) => i.zones.map((z) => z.zone));
      expect(zones, software).toEqual(expect.arrayContaining([expect.stringMatching(/^cds-/), expect.stringMatching(/^csync-/)]));
    }
  });

  it("runs a scenario's two servers on different software", () => {
    // A provider that went dark (stranded.test) has nothing but black holes.
    for (const s of LAB_SCENARIOS.filter((x) => x.servers.length >= 2 && x.servers.some((srv) => srv.behaviour !== 'silent'))) {
      const software = new Set(s.servers.map((srv) => plan.instances.find((i) => i.labServers.some((l) => l.server === srv))?.software ?? 'silent'));
      expect(software.size, s.zone).toBeGreaterThan(1);
    }
  });

  it('leaves a refused zone out, and turns silent servers into black holes', () => {
    const lame = plan.instances.find((i) => i.labServers.some((l) => l.server.name === 'ns2.lame.test.'))!;
    expect(lame.zones).toEqual([]);
    expect(plan.blackHoles.map((b) => b.server.name).sort()).toEqual(['ns1.gone-dns.test.', 'ns2.gone-dns.test.', 'ns2.silent.test.', 'ns3.flapping.test.']);
  });

  it("moves a server BIND cannot load to the implementation its scenario's first server does not run", () => {
    const p = planInteropServers(LAB_INFRA_SERVERS, LAB_SCENARIOS, (software, zone) => !(software === 'bind' && zone === 'cname-ns.test.'));
    const softwareOf = (name: string) => p.instances.find((i) => i.labServers.some((l) => l.server.name === name))?.software;
    expect(softwareOf('ns2.cname-ns.test.')).not.toBe('bind');
    expect(softwareOf('ns2.cname-ns.test.')).not.toBe(softwareOf('ns1.cname-ns.test.'));
  });

  it('says what a real server cannot do', () => {
    const notes = planned.flatMap((p) => p.notReproduced.map((n) => `${p.server.name} ${n}`));
    expect(notes).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^ns2\.tcp-broken\.test\. udp-only/),
        expect.stringMatching(/^ns2\.edns-broken\.test\. formerr-on-edns/),
        expect.stringMatching(/^ns2\.lame-noaa\.test\. no-aa/),
        expect.stringMatching(/^ns1\.broken-ent\.test\. nxdomain-for-ent/),
      ]),
    );
  });
});
