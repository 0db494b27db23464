// The walker against real servers (issue 3): runCheck, as the app calls it, with the network
// wiring of lib/run-check.ts (UDP and TCP transports, the address policy with an allow-list, DoH
// over HTTP/2 for recursive look-ups) and the configuration lab-env.ts hands out: ZONECUT_LAB=off,
// the lab root on NSD as the only root hint, Unbound as the DoH resolver, 127.54.0.0/16 allowed.
// Every scenario of the lab is checked and must produce the codes the manifest expects of the
// in-memory lab, less what real server software cannot be made to do:
//
// - lame-noaa.test: `no-aa` — NSD, Knot and BIND set AA for every zone they serve: no ns.lame.
// - tcp-broken.test: `udp-only` — none of them can turn TCP off: no ns.tcp-broken.
// - edns-broken.test, pre-edns.test: `formerr-on-edns` — every one of them speaks EDNS: no
//   ns.edns-broken (the FORMERR retry without EDNS is covered in memory and by the transports'
//   tests against scripted loopback servers).
// - brand.test: `out-of-zone-glue` — all three drop out-of-zone data at load: no glue.out-of-bailiwick.
// - campus.test: `glue-without-tc` — NSD and BIND do drop glue without TC, but the export has no
//   AAAA glue, and A glue alone fits in 512 octets: no delegation.truncated-referral.
// - broken-ent.test: `nxdomain-for-ent` — all three answer NODATA for an empty non-terminal, as
//   RFC 8020 says, and none can be configured to say NXDOMAIN: no ns.ent-nxdomain. The walk still
//   goes through the empty non-terminal dept.broken-ent.test to cs.dept.broken-ent.test.
// - resolver-fallback.test: `blocks-resolver` — no server here drops Unbound's queries, so the
//   walk from the root is not needed; the codes are the same (the fallback is the lab's to show).
//
// and plus one everywhere: ns.no-ipv6 (a notice). The export drops AAAA records and IPv6 glue
// (one IPv6 loopback address cannot stand for many servers), so no zone has an IPv6 server here.
// For the same reason ipv4-vantage.test's simulated IPv4-only host (manifest `vantage`) is not
// reproduced: with no IPv6 address anywhere, every check here is IPv4-only already; the zone itself
// is served and checked like the others.
// The table below is checked against the behaviours the harness's layout says it could not
// reproduce, so the two cannot drift apart.
//
// big-referral.test is the one place where the implementations differ visibly: without EDNS its
// referral is 615 octets with A glue alone, and Knot (ns2.nic.test) sets TC, while NSD 4.6
// (ns1.nic.test) fills 512 octets with what glue fits and sets TC only when no glue fits at all
// (its changelog, 2016); RFC 9471 asks for TC. delegation.truncated-referral reports both.
//
// NODE_EXTRA_CA_CERTS: the app's DoH transport is built without a `ca` option, trusting what Node
// trusts, so Unbound's self-signed certificate must be among Node's CAs. Node reads the variable
// at start only; vitest.interop.config.ts puts it in the test workers' environment (test.env),
// which vitest passes to each fork it spawns, after the global setup wrote the certificate.
//
// Next to `dig +trace` from the same lab root: for every reply dig printed while tracing, the
// capture must hold a reply from the same server address about the same zone with the same rcode,
// AA bit and NS set; each referral's NS set must be within the cut's parentNs, each apex answer's
// within its childNs. dig-trace.ts says how dig is kept on the loopback (it looks NS addresses up
// with getaddrinfo, never in glue). The differences are intended, and each is asserted:
// - dig follows one server per level, picked at random; the walker asks every address of every
//   server. dig's set is one server's view, parentNs the union (parent-split.test: ns2.nic.test
//   still lists ns3, ns1.nic.test does not; dig shows whichever it asked).
// - dig asks every server for the full name; the walker asks one label at a time (RFC 9156). A
//   server that hosts a parent and a child answers dig from the deepest zone it has, so dig never
//   sees b.c.deep.test (co-hosted with c.deep.test); the walker does, and marks the cut coHosted.
// - dig finds NS addresses through the system resolver (here Unbound), never in glue: it stops at
//   glue-missing.test (no glue, the names only in the zone nobody can reach) and at
//   ds-mismatch.test (Unbound validates; every name in a bogus zone is SERVFAIL), and cannot
//   resolve takeover.test's ns.expired-dns.test nor stale-ns-name.test's ns9.old.dnsco.test.
//   The walker uses the glue and reports.
// - dig sends EDNS (1232 octets), so big-referral.test's 512-octet truncation never shows in it.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Capture, Observation } from '@/lib/dns/capture';
import { loadConfig, type Config } from '@/lib/config';
import { LAB_SCENARIOS, LAB_ZONES, type LabScenario } from '@/lib/lab/manifest';
import { nsTargets } from '@/lib/dns/walk/read-reply';
import { isSubdomain } from '@/lib/dns/wire';
import type { Report } from '@/lib/report/report';
import { runCheck } from '@/lib/run-check';
import { runDigTrace, type DigTrace, type DigTraceStep } from './dig-trace';
import { startDnsRelay, type DnsRelay } from './dns-relay';
import { inInteropRange } from './in-interop-range';
import { describeInterop, forEachAtMost, interopLayout } from './interop-test-support';
import { labEnv } from './lab-env';
import { loopbackFor } from './plan-interop-servers';

/**
 * Per attempt. Generous, so that a loaded machine does not turn a slow answer into a finding;
 * silent servers cost three of these (UDP, a UDP retry, TCP), which bounds the whole file.
 */
const TIMEOUT_MS = 2000;
/** Checks at a time: each sends dozens of queries at once, over UDP and TCP. */
const CONCURRENT_CHECKS = 5;

/** Codes the lab expects that real servers cannot produce, by scenario, and the behaviour behind each. */
/** `instead`: the code real servers give in its place (the lab's fault undone). */
const NOT_REPRODUCED: Readonly<Record<string, { code: string | null; behaviour: string; instead?: string }>> = {
  'lame-noaa.test.': { code: 'ns.lame', behaviour: 'no-aa' },
  'tcp-broken.test.': { code: 'ns.tcp-broken', behaviour: 'udp-only' },
  'edns-broken.test.': { code: 'ns.edns-broken', behaviour: 'formerr-on-edns' },
  'brand.test.': { code: 'glue.out-of-bailiwick', behaviour: 'out-of-zone-glue' },
  'campus.test.': { code: 'delegation.truncated-referral', behaviour: 'glue-without-tc' },
  'broken-ent.test.': { code: 'ns.ent-nxdomain', behaviour: 'nxdomain-for-ent' },
  'pre-edns.test.': { code: 'ns.edns-broken', behaviour: 'formerr-on-edns' },
  'resolver-fallback.test.': { code: null, behaviour: 'blocks-resolver' },
  // Real servers add the NSEC the lab's no-denial servers leave out: the absence is proven.
  'shop.no-denial.test.': { code: 'ds.absence-unproven', behaviour: 'no-denial', instead: 'ds.absent' },
};
/** Zones no address of whose servers can be learnt (no glue; a provider gone dark): no server asked. */
const NO_SERVER_ASKED = new Set(['glue-missing.test.', 'stranded.test.']);
/** Codes every check of the lab on real servers has on top: no IPv6 anywhere. */
const EVERYWHERE = ['ns.no-ipv6'];

const target = (s: LabScenario) => s.check ?? s.zone;
const expectedCodes = (s: LabScenario) => {
  const n = NOT_REPRODUCED[s.zone];
  return [...new Set([...s.expect.filter((c) => c !== n?.code), ...(n?.instead ? [n.instead] : []), ...EVERYWHERE])].sort();
};
/** The lab's zones at and above the name checked, root first: the cuts a walk must find. */
const chainOf = (name: string) => LAB_ZONES.filter((z) => isSubdomain(name, z));
const codesOf = (report: Report) => [...new Set(report.findings.map((f) => f.code))].sort();
const byPurpose = (c: Capture, purpose: Observation['purpose'], zone?: string) =>
  c.observations.filter((o) => o.purpose === purpose && (zone === undefined || o.zone === zone));

/** Where dig's getaddrinfo look-ups go inside its namespace: a spare address of the range. */
const DIG_RESOLVER = '127.54.0.56';

/** NS names dig cannot resolve, why, and what the walker says about the same thing instead. */
const DIG_CANNOT_RESOLVE: Readonly<Record<string, { names: string[]; walker: string }>> = {
  'glue-missing.test.': { names: ['ns1.glue-missing.test.', 'ns2.glue-missing.test.'], walker: 'glue.missing' },
  'ds-mismatch.test.': { names: ['ns1.ds-mismatch.test.', 'ns2.ds-mismatch.test.'], walker: 'ds.no-match' },
  // Unbound validates: every signature of these zones is out of its window, so their names are bogus.
  'sig-expired.test.': { names: ['ns1.sig-expired.test.', 'ns2.sig-expired.test.'], walker: 'rrsig.expired' },
  'sig-future.test.': { names: ['ns1.sig-future.test.', 'ns2.sig-future.test.'], walker: 'rrsig.not-yet-valid' },
  'takeover.test.': { names: ['ns.expired-dns.test.'], walker: 'ns.unresolvable' },
  'stale-ns-name.test.': { names: ['ns9.old.dnsco.test.'], walker: 'ns.unresolvable' },
  'stranded.test.': { names: ['dns1.gone-dns.test.', 'dns2.gone-dns.test.'], walker: 'ns.address-unknown' },
  'lame-all.test.': { names: ['ns1.lame-all.test.', 'ns2.lame-all.test.', 'ns3.lame-all.test.'], walker: 'ns.lame' },
};

let config: Config;
const reports = new Map<string, Report>();
const durations = new Map<string, number>();
const traces = new Map<string, DigTrace>();
let digResolver: DnsRelay | undefined;

/** The walker's replies from `address` about `zone` (its referral from a parent, or its apex NS). */
function repliesAbout(c: Capture, zone: string, address: string): Observation[] {
  return c.observations.filter(
    (o) =>
      o.server.address === address &&
      o.question.type === 'NS' &&
      o.question.name.toLowerCase() === zone &&
      o.response &&
      (o.purpose === 'referral' || o.purpose === 'apex-ns'),
  );
}

/** What a step of dig's trace was about: the owner of its NS records, or for a bare error reply, the name traced. */
function stepZone(step: DigTraceStep, index: number, traced: string): string {
  const owners = Object.keys(step.nsSets);
  expect(owners.length, `step ${index}: NS records of one owner`).toBeLessThanOrEqual(1);
  return owners[0] ?? traced;
}

describeInterop('the walker against NSD, Knot, BIND and Unbound', () => {
  beforeAll(async () => {
    const layout = interopLayout();
    config = loadConfig(labEnv().env, { readFile: (path) => readFileSync(path, 'utf8') });
    digResolver = await startDnsRelay({ address: DIG_RESOLVER, port: 53, upstream: { address: layout.resolver.address, port: layout.resolver.port } });
    const digDir = join(layout.dir, 'dig-trace');
    await Promise.all([
      // Several at once, as a busy app would: one wiring, one cache, shared root and test. referrals.
      forEachAtMost(LAB_SCENARIOS, CONCURRENT_CHECKS, async (s) => {
        const t0 = performance.now();
        const r = await runCheck(target(s), { config, timeoutMs: TIMEOUT_MS });
        durations.set(s.zone, performance.now() - t0);
        if (!r.ok) throw new Error(`${target(s)}: ${r.error.message}`);
        expect(r.mode).toBe('network');
        reports.set(s.zone, r.report);
      }),
      // Meanwhile, dig +trace of the same names, each in a mount namespace of its own.
      forEachAtMost(LAB_SCENARIOS, 3, async (s) => {
        traces.set(s.zone, await runDigTrace(target(s).replace(/\.$/, ''), 'NS', { root: layout.rootHints[0]!, resolver: DIG_RESOLVER, dir: digDir }));
      }),
    ]);
  });
  afterAll(() => digResolver?.close());

  it('is configured as the app would be: lab off, the lab root as the only hint, Unbound over DoH, the harness range allowed', () => {
    const layout = interopLayout();
    expect(config.lab).toBe(false);
    expect(config.rootHints).toEqual(layout.rootHints.map((h) => ({ address: h, port: 53 })));
    expect(config.dohUrl).toBe(layout.resolver.dohUrl);
    expect(config.allowTargets.map(([ip, bits]) => `${ip.toString()}/${bits}`)).toEqual([layout.range]);
    // The test worker was started with Unbound's certificate among Node's CAs (that Node took it,
    // the DoH answers below show: the app's DoH transport has no `ca` of its own).
    expect(process.env.NODE_EXTRA_CA_CERTS).toBe(layout.resolver.caCertFile);
  });

  it('skips exactly the behaviours the harness says real servers cannot reproduce', () => {
    const layout = interopLayout();
    const notes = new Map<string, Set<string>>();
    for (const s of LAB_SCENARIOS) {
      for (const server of s.servers) {
        const lab = layout.servers.flatMap((i) => i.labServers).find((l) => l.name === server.name);
        for (const note of lab?.notReproduced ?? []) {
          const behaviour = /^[a-z-]+/.exec(note)![0];
          if (!notes.has(s.zone)) notes.set(s.zone, new Set());
          notes.get(s.zone)!.add(behaviour);
        }
      }
    }
    expect(Object.fromEntries([...notes].map(([zone, b]) => [zone, [...b]]))).toEqual(
      Object.fromEntries(Object.entries(NOT_REPRODUCED).map(([zone, n]) => [zone, [n.behaviour]])),
    );
  });

  it.each(LAB_SCENARIOS.map((s) => [target(s), s] as const))('%s: walks from the root and finds what the lab story says', (name, s) => {
    const report = reports.get(s.zone)!;
    const c = report.capture;
    expect(c.outcome, `${name} outcome`).toBe(NO_SERVER_ASKED.has(s.zone) ? 'no-server-asked' : 'complete');
    expect(c.budget.exhausted).toBeNull();
    expect(c.cuts.map((cut) => cut.zone)).toEqual(chainOf(name));
    expect(c.targetZone).toBe(name);
    expect(c.cuts.find((cut) => cut.zone === name)!.isTarget).toBe(true);
    expect(codesOf(report), `${name}: ${report.findings.map((f) => f.summary).join(' | ')}`).toEqual(expectedCodes(s));
    // The status judges the domain (ns.no-ipv6, added here, is a notice): shop.sld-drift.test is ok
    // although its registry's two real servers disagree on the serial.
    if (s.status) expect(report.summary.status, `${name} status`).toBe(s.status);
    // The allow-list is honoured: nothing refused, nothing sent outside the harness's range.
    expect(report.findings.filter((f) => f.code === 'ns.private-address')).toEqual([]);
    expect(c.observations.filter((o) => o.error?.kind === 'blocked-by-policy')).toEqual([]);
    expect(c.cuts.flatMap((cut) => cut.nameservers.flatMap((n) => n.addresses)).filter((a) => a.blocked)).toEqual([]);
    expect(c.observations.map((o) => o.server.address).filter((a) => !inInteropRange(a))).toEqual([]);
  });

  it('healthy.test: nothing above a notice, over UDP and TCP, every server answering', () => {
    const r = reports.get('healthy.test.')!;
    expect(r.summary.status).toBe('ok');
    expect(r.summary.counts.error + r.summary.counts.warning).toBe(0);
    expect(r.findings.map((f) => `${f.code} ${f.zone}`).sort()).toEqual(['ns.no-ipv6 healthy.test.', 'ns.no-ipv6 test.']);
    const c = r.capture;
    // DoH only for the resolver's view of the validation (its NS names are in-domain: no look-ups).
    expect(new Set(c.observations.map((o) => o.transport))).toEqual(new Set(['udp', 'tcp', 'doh']));
    expect(new Set(c.observations.filter((o) => o.transport === 'doh').map((o) => o.purpose))).toEqual(new Set(['validate']));
    expect(c.observations.filter((o) => !o.response)).toEqual([]);
    const cut = c.cuts.find((x) => x.zone === 'healthy.test.')!;
    expect([...cut.parentNs].sort()).toEqual(['ns1.healthy.test.', 'ns2.healthy.test.']);
    expect([...cut.childNs].sort()).toEqual(['ns1.healthy.test.', 'ns2.healthy.test.']);
    // Each server of the zone is asked over TCP too, and answers authoritatively.
    expect(byPurpose(c, 'soa-tcp', 'healthy.test.').map((o) => `${o.transport} ${o.response?.flags.aa}`)).toEqual(['tcp true', 'tcp true']);
  });

  it('ns-mismatch.test: the parent says ns1 + ns2, the zone ns1 + ns3', () => {
    const f = reports.get('ns-mismatch.test.')!.findings.find((x) => x.code === 'ns.mismatch')!;
    expect(f.severity).toBe('warning');
    expect(f.params).toMatchObject({ onlyParent: ['ns2.ns-mismatch.test.'], onlyChild: ['ns3.ns-mismatch.test.'] });
  });

  it('glue-missing.test: no glue from either test. server, and the resolver cannot find the names either (DoH, HTTP/2)', () => {
    const r = reports.get('glue-missing.test.')!;
    const glue = r.findings.filter((x) => x.code === 'glue.missing');
    expect(glue.map((f) => `${f.nameserver} ${f.severity}`).sort()).toEqual(['ns1.glue-missing.test. error', 'ns2.glue-missing.test. error']);
    const referrals = byPurpose(r.capture, 'referral', 'glue-missing.test.');
    expect(referrals.map((o) => o.server.address).sort()).toEqual(['127.54.100.11', '127.54.2.11']);
    for (const o of referrals) expect(o.response!.additional.filter((x) => x.type === 'A')).toEqual([]);
    const doh = byPurpose(r.capture, 'resolve');
    expect(doh.map((o) => `${o.question.name} ${o.question.type}`).sort()).toEqual([
      'ns1.glue-missing.test. A',
      'ns1.glue-missing.test. AAAA',
      'ns2.glue-missing.test. A',
      'ns2.glue-missing.test. AAAA',
    ]);
    for (const o of doh) {
      expect(o.transport).toBe('doh');
      expect(o.response?.answer ?? []).toEqual([]);
    }
  });

  it("stranded.test: Unbound fails on the dark provider's names, so does the walk from the root; no server of the zone is asked", () => {
    const r = reports.get('stranded.test.')!;
    expect(r.summary.status).toBe('unknown');
    expect(
      r.findings
        .filter((f) => f.code === 'ns.address-unknown')
        .map((f) => f.nameserver)
        .sort(),
    ).toEqual(['dns1.gone-dns.test.', 'dns2.gone-dns.test.']);
    expect(byPurpose(r.capture, 'resolve').every((o) => o.transport === 'doh' && !o.response?.answer.length)).toBe(true);
    expect(byPurpose(r.capture, 'resolve-walk').some((o) => o.question.name === 'gone-dns.test.' && o.response?.authority.length)).toBe(true);
    expect(byPurpose(r.capture, 'apex-soa', 'stranded.test.')).toEqual([]);
  });

  it('lame-all.test: every server refuses, each is asked for the NS addresses, and the glue is said to be unverified', () => {
    const r = reports.get('lame-all.test.')!;
    const asked = new Set(byPurpose(r.capture, 'ns-address', 'lame-all.test.').map((o) => o.server.name));
    expect([...asked].sort()).toEqual(['ns1.lame-all.test.', 'ns2.lame-all.test.', 'ns3.lame-all.test.']);
    expect(r.findings.find((f) => f.code === 'glue.unverified')!.params.names).toEqual(['ns1.lame-all.test.', 'ns2.lame-all.test.', 'ns3.lame-all.test.']);
  });

  it('lame.test: BIND refuses the zone it is not configured with, ns2 is reported lame', () => {
    const layout = interopLayout();
    const f = reports.get('lame.test.')!.findings.find((x) => x.code === 'ns.lame')!;
    expect(f).toMatchObject({ severity: 'warning', nameserver: 'ns2.lame.test.', address: layout.addressMap['203.0.113.24'] });
    expect(f.params.reason).toBe('REFUSED');
  });

  it('csync-pending.test: a parent would swap ns2 for ns3, glue included', () => {
    const layout = interopLayout();
    const f = reports.get('csync-pending.test.')!.findings.find((x) => x.code === 'csync.pending')!;
    expect(f.params.add).toEqual(['NS ns3.csync-pending.test.', `ns3.csync-pending.test. A ${layout.addressMap['198.51.100.135']}`]);
    expect(f.params.remove).toEqual(['NS ns2.csync-pending.test.', `ns2.csync-pending.test. A ${layout.addressMap['203.0.113.35']}`]);
  });

  it('takeover.test: the out-of-domain NS name goes to Unbound over DoH (HTTP/2 POST), NXDOMAIN, and so does its domain', () => {
    const r = reports.get('takeover.test.')!;
    const doh = r.capture.observations.filter((o) => o.transport === 'doh');
    expect(doh.map((o) => `${o.purpose} ${o.question.name} ${o.question.type} ${o.response?.rcode}`).sort()).toEqual([
      'resolve ns.expired-dns.test. A NXDOMAIN',
      'resolve ns.expired-dns.test. AAAA NXDOMAIN',
      'takeover expired-dns.test. NS NXDOMAIN',
      'validate . SOA NOERROR',
      'validate takeover.test. SOA NOERROR',
    ]);
    for (const o of doh) {
      expect(o.server.url).toBe(interopLayout().resolver.dohUrl);
      expect(o.attempts.map((a) => a.message)).toEqual([expect.stringMatching(/^HTTP\/2 POST 200/)]);
    }
    expect(r.findings.find((f) => f.code === 'ns.takeover-risk')!.params).toMatchObject({ nameserver: 'ns.expired-dns.test.', domain: 'expired-dns.test.' });
  });

  it('bootstrap-*.test: the RFC 9615 signalling comes from NSD/Knot/BIND through Unbound, which authenticates it (AD)', () => {
    const ready = reports.get('bootstrap-ready.test.')!;
    const signals = ready.capture.observations.filter((o) => o.purpose === 'dsboot');
    expect(signals.map((o) => `${o.question.name} ${o.question.type} ${o.transport} ${o.response?.rcode} ad=${o.response?.flags.ad}`).sort()).toEqual(
      ['ns1', 'ns2'].flatMap((ns) => ['CDNSKEY', 'CDS'].map((t) => `_dsboot.bootstrap-ready.test._signal.${ns}.signal-dns.test. ${t} doh NOERROR ad=true`)),
    );
    const f = ready.findings.find((x) => x.code === 'cds.bootstrap')!;
    expect(f.params).toMatchObject({ state: 'ready', signalStates: ['match', 'match'] });
    expect(f.params.signalWords).toEqual(Array(2).fill('present, matching, authenticated by the resolver (AD)'));
    // legacy-dns.test is unsigned: its NXDOMAIN is not authenticated, and absent all the same.
    const partial = reports.get('bootstrap-partial.test.')!.findings.find((x) => x.code === 'cds.bootstrap')!;
    expect(partial.params).toMatchObject({
      state: 'incomplete',
      signalNames: ['ns1.legacy-dns.test.', 'ns2.signal-dns.test.'],
      signalStates: ['absent', 'match'],
    });
  });

  it("the resolver's view (validate): Unbound validates from the lab's anchor, AD for the root and a signed zone, none for a bogus or unsigned one", () => {
    const view = (zone: string) =>
      byPurpose(reports.get(zone)!.capture, 'validate').map((o) => `${o.question.name} SOA ${o.transport} ${o.response?.rcode} ad=${o.response?.flags.ad}`);
    expect(view('healthy.test.')).toEqual(['healthy.test. SOA doh NOERROR ad=true', '. SOA doh NOERROR ad=true']);
    // A DS that matches no key: the resolver fails the zone (SERVFAIL), and says so without AD.
    expect(view('ds-mismatch.test.')).toEqual(['ds-mismatch.test. SOA doh SERVFAIL ad=false', '. SOA doh NOERROR ad=true']);
    // Unsigned below a signed parent (a proven insecure delegation): an answer, not authenticated.
    expect(view('csync-unsigned.test.')).toEqual(['csync-unsigned.test. SOA doh NOERROR ad=false', '. SOA doh NOERROR ad=true']);
  });

  it('big-referral.test: without EDNS the referral overflows 512 octets on both test. servers, with A glue alone', () => {
    const r = reports.get('big-referral.test.')!;
    const noEdns = byPurpose(r.capture, 'referral-no-edns', 'big-referral.test.');
    expect(noEdns.map((o) => o.server.address).sort()).toEqual(['127.54.100.11', '127.54.2.11']);
    const seen: string[] = [];
    for (const o of noEdns) {
      const m = o.response!;
      expect(m.size).toBeLessThanOrEqual(512);
      expect(m.authority.filter((x) => x.type === 'NS')).toHaveLength(10);
      const glue = m.additional.filter((x) => x.type === 'A').length;
      // RFC 9471: TC when required glue does not fit. Knot does; NSD 4.6 sends what fits without TC.
      expect(m.flags.tc || glue < 10, `${o.server.address}: TC or glue dropped`).toBe(true);
      seen.push(`${o.server.address} ${m.flags.tc ? 'TC' : `${glue} of 10 A, no TC`}`);
    }
    const findings = r.findings.filter((f) => f.code === 'delegation.truncated-referral');
    expect(findings.flatMap((f) => f.params.servers as string[]).sort(), seen.join('; ')).toEqual(['127.54.100.11', '127.54.2.11']);
    // With EDNS the whole referral arrives over UDP.
    for (const o of byPurpose(r.capture, 'referral', 'big-referral.test.')) {
      expect(o.transport).toBe('udp');
      expect(o.response!.flags.tc).toBe(false);
      expect(o.response!.additional.filter((x) => x.type === 'A')).toHaveLength(10);
    }
  });

  it('a.b.c.deep.test: four cuts below test., b.c.deep.test co-hosted with its parent, found by asking one label at a time', () => {
    const c = reports.get('deep.test.')!.capture;
    expect(c.cuts.filter((x) => x.coHosted).map((x) => x.zone)).toEqual(['b.c.deep.test.']);
    // Its servers' addresses are not in the co-hosted answer (out of zone for b.c.deep.test):
    // they come from the resolver, over DoH.
    const b = c.cuts.find((x) => x.zone === 'b.c.deep.test.')!;
    expect(b.nameservers.map((n) => n.name).sort()).toEqual(['ns1.c.deep.test.', 'ns2.c.deep.test.']);
    for (const n of b.nameservers) {
      expect(n.addresses).toHaveLength(1);
      expect(n.addresses[0]!.origins).toContain('resolver');
    }
  });

  it('glue-stale.test: the old glue address answers nothing, the zone says where ns1 went', () => {
    const layout = interopLayout();
    const f = reports.get('glue-stale.test.')!.findings.find((x) => x.code === 'glue.mismatch')!;
    // The old address is no server's, so not in the layout's map: moved as the export moves it.
    expect(f.params).toMatchObject({ onlyGlue: [loopbackFor('198.51.100.123')], onlyChild: [layout.addressMap['198.51.100.23']] });
  });

  it('silent servers cost their timeouts, not the walk: every check within a few of them', () => {
    for (const [zone, ms] of durations) expect(ms, zone).toBeLessThan(6 * TIMEOUT_MS);
  });

  describe('next to dig +trace', () => {
    it("dig's own look-ups went to the relay on the loopback, for lab names only", () => {
      expect(digResolver!.questions.length).toBeGreaterThan(LAB_SCENARIOS.length);
      expect(digResolver!.questions.filter((q) => !q.name.endsWith('.test.'))).toEqual([]);
      // -4: dig asks for A only; the lab on real servers has no IPv6.
      expect([...new Set(digResolver!.questions.map((q) => q.type))]).toEqual(['A']);
    });

    it.each(LAB_SCENARIOS.map((s) => [target(s), s] as const))('%s: every reply dig saw, the walker saw from the same server', (name, s) => {
      const trace = traces.get(s.zone)!;
      const c = reports.get(s.zone)!.capture;
      const context = `${trace.command}\n${trace.stdout}`;
      expect(trace.steps.length, context).toBeGreaterThanOrEqual(2);
      // dig starts where the walker does: the lab root, asked for `. NS`.
      expect(trace.steps[0]!.from.address).toBe(interopLayout().rootHints[0]);
      expect(trace.steps[0]!.nsSets).toEqual({ '.': ['a.root-servers.test.'] });

      trace.steps.forEach((step, i) => {
        const zone = i === 0 ? '.' : stepZone(step, i, name);
        const cut = c.cuts.find((x) => x.zone === zone);
        expect(cut, `dig step ${i} is about ${zone}, a cut the walker found\n${context}`).toBeDefined();
        const mine = repliesAbout(c, zone, step.from.address);
        expect(mine.length, `the walker asked ${step.from.address} about ${zone} too\n${context}`).toBeGreaterThan(0);
        const views = mine.map((o) => {
          const m = o.response!;
          return { rcode: m.rcode, aa: m.flags.aa, ns: nsTargets(m.flags.aa ? m.answer : m.authority, zone).sort() };
        });
        const digNs = step.nsSets[zone] ?? [];
        expect(views, `step ${i} from ${step.from.address} (${step.from.name})\n${context}`).toContainEqual({
          rcode: step.rcode,
          aa: step.flags.includes('aa'),
          ns: digNs,
        });
        // One server's view against the union over all of them.
        const side = step.flags.includes('aa') ? cut!.childNs : cut!.parentNs;
        if (zone !== '.') expect(side, `${zone}: ${step.flags.includes('aa') ? 'childNs' : 'parentNs'}`).toEqual(expect.arrayContaining(digNs));
      });

      // The chain: every zone dig passed through is a cut of the walker's, in the same order; a cut
      // dig did not see is one a server co-hosts with its parent, or one below where dig stopped.
      const digZones = [...new Set(trace.steps.flatMap((x, i) => (i === 0 ? ['.'] : Object.keys(x.nsSets))))];
      const walkerZones = c.cuts.map((x) => x.zone);
      expect(walkerZones.filter((z) => digZones.includes(z))).toEqual(digZones);
      const unseen = c.cuts.filter((x) => !digZones.includes(x.zone));
      const stoppedEarly = trace.status !== 0;
      for (const x of unseen) {
        expect(x.coHosted || stoppedEarly, `${x.zone}: a cut dig did not see\n${context}`).toBe(true);
      }
      if (!stoppedEarly) expect(digZones.at(-1)).toBe(name);

      // What dig could not resolve, and what the walker says about it instead.
      const cannot = DIG_CANNOT_RESOLVE[s.zone];
      expect([...new Set(trace.unresolved)].sort(), context).toEqual(cannot?.names ?? []);
      if (cannot) expect(reports.get(s.zone)!.findings.map((f) => f.code)).toContain(cannot.walker);
    });

    it('dig shows one server per level; the walker asked them all', () => {
      const c = reports.get('parent-split.test.')!.capture;
      const trace = traces.get('parent-split.test.')!;
      const step = trace.steps.find((x) => 'parent-split.test.' in x.nsSets && !x.flags.includes('aa'))!;
      const cut = c.cuts.find((x) => x.zone === 'parent-split.test.')!;
      // ns2.nic.test still has ns3; ns1.nic.test does not: dig shows one, the walker the union.
      const union = [...cut.parentNs].sort();
      expect(union).toEqual(['ns1.parent-split.test.', 'ns2.parent-split.test.', 'ns3.parent-split.test.']);
      expect(step.nsSets['parent-split.test.']).toEqual(step.from.name === 'ns2.nic.test' ? union : ['ns1.parent-split.test.', 'ns2.parent-split.test.']);
      const asked = new Set(c.observations.filter((o) => o.purpose === 'referral' && o.zone === 'parent-split.test.').map((o) => o.server.address));
      expect(asked.size).toBe(2);
    });

    it('a.b.c.deep.test: dig goes from c.deep.test straight to a.b.c.deep.test; the walker finds b.c.deep.test between them', () => {
      const digZones = traces.get('deep.test.')!.steps.flatMap((x) => Object.keys(x.nsSets));
      expect([...new Set(digZones)]).toEqual(['.', 'test.', 'deep.test.', 'c.deep.test.', 'a.b.c.deep.test.']);
      const cuts = reports.get('deep.test.')!.capture.cuts;
      expect(cuts.map((x) => x.zone)).toEqual(['.', 'test.', 'deep.test.', 'c.deep.test.', 'b.c.deep.test.', 'a.b.c.deep.test.']);
      expect(cuts.find((x) => x.zone === 'b.c.deep.test.')!.coHosted).toBe(true);
    });
  });
});

describeInterop('the wiring and its configuration', () => {
  let relay: DnsRelay | undefined;
  afterAll(() => relay?.close());

  it('honours a root hint on another port than 53 (ZONECUT_ROOT_HINTS=ip:port)', async () => {
    const layout = interopLayout();
    // A relay on a spare address of the range, port 5353, in front of the lab root.
    relay = await startDnsRelay({ address: '127.54.0.55', port: 5353, upstream: { address: layout.rootHints[0]!, port: 53 } });
    const cfg = loadConfig({ ...labEnv().env, ZONECUT_ROOT_HINTS: '127.54.0.55:5353' }, { readFile: (path) => readFileSync(path, 'utf8') });
    expect(cfg.rootHints).toEqual([{ address: '127.54.0.55', port: 5353 }]);
    const r = await runCheck('healthy.test', { config: cfg, timeoutMs: TIMEOUT_MS });
    if (!r.ok) throw new Error(r.error.message);
    const c = r.report.capture;
    expect(c.outcome).toBe('complete');
    expect(c.rootHints).toEqual([{ address: '127.54.0.55', port: 5353 }]);
    // Sent to the hint's port, answered through the relay…
    const viaHint = c.observations.filter((o) => o.server.address === '127.54.0.55');
    expect(viaHint.length).toBeGreaterThan(0);
    for (const o of viaHint) {
      expect(o.server.port).toBe(5353);
      expect(o.response?.rcode).toBe('NOERROR');
      expect(o.cached).toBeUndefined();
    }
    expect(relay.questions.map((q) => `${q.name} ${q.type}`)).toEqual(expect.arrayContaining(['. SOA', '. NS', 'test. NS']));
    // …while the root's own address, learnt from its NS answer, is asked on 53 as glue says.
    const root = c.cuts.find((x) => x.zone === '.')!;
    expect(root.unnamedAddresses?.map((a) => a.address)).toEqual(['127.54.0.55']);
    expect(c.observations.filter((o) => o.zone === '.' && o.server.address === layout.rootHints[0]).map((o) => o.server.port)).not.toContain(5353);
  });

  // Also a guard on lib/run-check.ts: its wirings are kept per configuration, and one built for an
  // allow-list must not serve a configuration without it (the key once left the allow-list out).
  it('without the allow-list, nothing is sent to the lab: the address policy refuses loopback', async () => {
    const env = { ...labEnv().env, ZONECUT_ALLOW_TARGETS: '' };
    const cfg = loadConfig(env, { readFile: (path) => readFileSync(path, 'utf8') });
    expect(cfg.allowTargets).toEqual([]);
    const r = await runCheck('healthy.test', { config: cfg, timeoutMs: TIMEOUT_MS });
    if (!r.ok) throw new Error(r.error.message);
    const c = r.report.capture;
    // Not one query: the only hint is refused before anything is sent.
    expect(c.outcome).toBe('unreachable');
    expect(c.observations).toEqual([]);
    const root = c.cuts.find((x) => x.zone === '.')!;
    expect(root.unnamedAddresses?.map((a) => [a.address, typeof a.blocked])).toEqual([[interopLayout().rootHints[0], 'string']]);
  });
});
