// Delegation (the parent side): missing delegation, not a zone apex, parent servers disagreeing,
// too few NS, shared addresses, one network for all, truncated referrals, parent/child NS
// mismatch, child disagreement.
import type { Observation } from '@/lib/dns/capture';
import type { Finding } from '@/lib/checks/catalogue';
import type { CheckContext } from '@/lib/checks/check-context';
import { makeFinding } from '@/lib/checks/make-finding';
import { describeVariants, groupVariants } from '@/lib/checks/variants';
import { records, sameSet, uniqueSorted } from '@/lib/checks/message-records';
import type { ReferralView } from '@/lib/checks/parent-view';
import { serverLabel } from '@/lib/checks/server-view';
import { addressEvidence, type ZoneView } from '@/lib/checks/zone-view';
import { addressKey, networkOf } from '@/lib/dns/address';
import { canonicalName, isInDomain, isSubdomain, labelCount } from '@/lib/dns/wire/pure';

export function checkDelegation(ctx: CheckContext): Finding[] {
  const findings = [...missing(ctx), ...notApex(ctx)];
  for (const view of ctx.zones) {
    if (view.isRoot) continue;
    const addresses = addressesOf(view);
    findings.push(
      ...parentInconsistent(view),
      ...singleNs(view),
      ...sharedAddress(view, addresses),
      ...singlePrefix(view, addresses),
      ...truncatedReferral(view),
      ...nsMismatch(view),
      ...childInconsistent(view),
    );
  }
  return findings;
}

/** NXDOMAIN, or authoritative NODATA with the server's own SOA: the name has no delegation there. */
function denial(o: Observation): 'NXDOMAIN' | 'NODATA' | null {
  const msg = o.response;
  if (!msg) return null;
  if (msg.rcode === 'NXDOMAIN') return 'NXDOMAIN';
  if (msg.rcode !== 'NOERROR' || !msg.flags.aa) return null;
  const answered = records(msg, 'answer', o.question.name).length > 0;
  const soa = records(msg, 'authority', undefined, 'SOA').length > 0;
  const referral = records(msg, 'authority', undefined, 'NS').some((rr) => isSubdomain(rr.name, o.question.name));
  return !answered && soa && !referral ? 'NODATA' : null;
}

function missing(ctx: CheckContext): Finding[] {
  const { capture } = ctx;
  if (capture.outcome !== 'no-delegation') return [];
  const target = canonicalName(capture.target);
  const parent = canonicalName(capture.targetZone ?? ctx.zones.at(-1)?.zone ?? '.');
  const denials = capture.observations.flatMap((o) => {
    if (o.purpose !== 'referral' && o.purpose !== 'target') return [];
    const qname = canonicalName(o.question.name);
    if (qname === parent || !isSubdomain(qname, parent) || !isSubdomain(target, qname)) return [];
    const kind = denial(o);
    return kind ? [{ o, qname, kind }] : [];
  });
  // The highest name that does not exist is the missing delegation: all below it are gone too.
  const nx = denials.filter((d) => d.kind === 'NXDOMAIN').sort((a, b) => labelCount(a.qname) - labelCount(b.qname));
  const nodata = denials.filter((d) => d.kind === 'NODATA').sort((a, b) => labelCount(b.qname) - labelCount(a.qname));
  const chosen = nx[0] ?? nodata[0];
  const name = chosen?.qname ?? target;
  const evidence = denials.filter((d) => d.qname === name).map((d) => d.o);
  return [
    makeFinding('delegation.missing', {
      zone: name,
      params: { name, parent, rcode: chosen?.kind ?? 'NXDOMAIN or NODATA' },
      evidence,
    }),
  ];
}

function notApex(ctx: CheckContext): Finding[] {
  const { capture } = ctx;
  if (capture.outcome !== 'complete' || capture.targetZone === null) return [];
  const target = canonicalName(capture.target);
  const zone = canonicalName(capture.targetZone);
  if (target === zone) return [];
  const evidence = capture.observations.filter((o) => o.purpose === 'target' && canonicalName(o.question.name) === target && o.response?.rcode === 'NOERROR');
  return [makeFinding('zone.not-apex', { zone, params: { name: target }, evidence })];
}

function describeDelegation(r: ReferralView, withGlue: boolean): string {
  if (r.kind === 'nxdomain') return 'NXDOMAIN';
  if (r.kind === 'nodata') return 'no delegation (NODATA)';
  const ns = `NS ${r.ns.join(' ')}`;
  if (!withGlue) return ns;
  const glue = [...r.glue.entries()].map(([name, addrs]) => `${name} ${addrs.join(' ')}`);
  return glue.length ? `${ns}; glue ${glue.join('; ')}` : `${ns}; no glue`;
}

function parentInconsistent(view: ZoneView): Finding[] {
  const parent = view.parent as string;
  // A parent server that also serves the child answers from the child (kind `answer`): that is
  // the child's NS set, compared by ns.mismatch, not a parent disagreement.
  const comparable = view.referrals.filter((r) => r.kind === 'referral' || r.kind === 'nxdomain' || r.kind === 'nodata');
  // In-domain glue of the names every referral lists must be the same everywhere (a name only
  // some list is an NS difference already); a truncated referral may lawfully drop glue.
  const withGlue = comparable.filter((r) => r.kind === 'referral' && !r.truncated);
  const common = (withGlue[0]?.ns ?? []).filter((n) => isInDomain(n, view.zone) && withGlue.every((r) => r.ns.includes(n)));
  const nsKey = (r: ReferralView) => (r.kind === 'referral' ? r.ns.join(' ') : r.kind);
  const glueKey = (r: ReferralView) => (withGlue.includes(r) ? common.map((n) => `${n}=${(r.glue.get(n) ?? []).join(',')}`).join(' ') : '');
  const nsDiffer = new Set(comparable.map(nsKey)).size > 1;
  const glueDiffer = new Set(withGlue.map(glueKey)).size > 1;
  if (!nsDiffer && !glueDiffer) return [];
  const label = (r: ReferralView) => (r.obs.server.name ? `${canonicalName(r.obs.server.name)}/${r.address}` : r.address);
  const variants = groupVariants(comparable.map((r) => ({ key: `${nsKey(r)}|${glueDiffer ? glueKey(r) : ''}`, value: r, server: label(r), obs: r.obs })));
  return [
    makeFinding('delegation.parent-inconsistent', {
      zone: view.zone,
      params: {
        parent,
        variants: describeVariants(variants, (r) => describeDelegation(r, glueDiffer)),
        aspect: nsDiffer && glueDiffer ? 'NS set and glue' : nsDiffer ? 'NS set' : 'glue',
      },
      evidence: comparable.map((r) => r.obs),
    }),
  ];
}

function singleNs(view: ZoneView): Finding[] {
  const delegating = view.delegations;
  const childAnswers = view.servers.flatMap((s) => s.ns);
  const sides: { side: string; names: string[]; evidence: Observation[] }[] = [];
  if (delegating.length > 0 && view.parentNs.length === 1) sides.push({ side: 'parent', names: view.parentNs, evidence: delegating.map((r) => r.obs) });
  if (childAnswers.length > 0 && view.childNs.length === 1) sides.push({ side: 'child', names: view.childNs, evidence: childAnswers.map((a) => a.obs) });
  const [p, c] = sides;
  if (p && c && sameSet(p.names, c.names)) {
    sides.splice(0, 2, { side: 'parent and child', names: p.names, evidence: [...p.evidence, ...c.evidence] });
  }
  return sides.map((s) =>
    makeFinding('delegation.single-ns', {
      zone: view.zone,
      params: { side: s.side, count: s.names.length, names: s.names },
      evidence: s.evidence,
    }),
  );
}

type ServerAddresses = Map<string, { names: string[]; evidence: string[] }>;

/** Each usable address of the zone's servers, lowercase, with the NS names on it and its evidence. */
function addressesOf(view: ZoneView): ServerAddresses {
  const out = new Map<string, { names: string[]; evidence: string[] }>();
  for (const ns of view.nameservers) {
    for (const a of ns.addresses) {
      if (a.blocked !== undefined) continue;
      const address = addressKey(a.address);
      const entry = out.get(address) ?? { names: [], evidence: [] };
      entry.names = uniqueSorted([...entry.names, ns.name]);
      entry.evidence.push(...addressEvidence(view, ns, address));
      out.set(address, entry);
    }
  }
  return out;
}

/** Two NS names on one address are one server (Zonemaster DELEGATION02). */
function sharedAddress(view: ZoneView, byAddress: ServerAddresses): Finding[] {
  return [...byAddress].flatMap(([address, { names, evidence }]) =>
    names.length < 2
      ? []
      : [
          makeFinding('delegation.shared-address', {
            zone: view.zone,
            params: { names, address },
            evidence,
            address,
          }),
        ],
  );
}

/**
 * Every address of a family in one /24 or /48: one network outage takes all of them (Zonemaster
 * CONNECTIVITY04, which reads announced BGP prefixes; without routing data the /24 and /48 are
 * the smallest prefixes routed on the internet). Needs two addresses: one is a shared address or
 * a single server, reported as such.
 */
function singlePrefix(view: ZoneView, byAddress: ServerAddresses): Finding[] {
  const findings: Finding[] = [];
  for (const family of [4, 6] as const) {
    const addresses = [...byAddress.keys()].filter((a) => (family === 6) === a.includes(':')).sort();
    if (addresses.length < 2) continue;
    const networks = new Set(addresses.map(networkOfKept));
    const [network] = networks;
    if (networks.size !== 1 || !network) continue;
    findings.push(
      makeFinding('delegation.single-prefix', {
        zone: view.zone,
        params: {
          family: `IPv${family}`,
          network,
          addresses,
          names: uniqueSorted(addresses.flatMap((a) => byAddress.get(a)?.names ?? [])),
        },
        evidence: addresses.flatMap((a) => byAddress.get(a)?.evidence ?? []),
      }),
    );
  }
  return findings;
}

/**
 * networkOf, kept: it parses the address (ipaddr.js), ≈4% of building a report, for addresses
 * every check meets again (the root's, the TLDs'). At most NETWORKS_KEPT entries, emptied when full.
 */
export function networkOfKept(address: string): string | null {
  let network = NETWORKS.get(address);
  if (network === undefined) {
    network = networkOf(address);
    if (address.length > 64) return network; // no IP literal is longer
    if (NETWORKS.size >= NETWORKS_KEPT) NETWORKS.clear();
    NETWORKS.set(address, network);
  }
  return network;
}
const NETWORKS = new Map<string, string | null>();
const NETWORKS_KEPT = 4096;

type GlueFamily = 'A' | 'AAAA';
const familyOf = (address: string): GlueFamily => (address.includes(':') ? 'AAAA' : 'A');

function truncatedReferral(view: ZoneView): Finding[] {
  // The glue families (A, AAAA) the parent has for each name (in an EDNS referral, or by the
  // walker's account): a 512-octet referral must carry them all or set TC (RFC 9471 3). NSD 4.6
  // and BIND 9.18 keep one address per name and drop the AAAA that does not fit, without TC.
  const glued = new Map<string, Set<GlueFamily>>();
  const note = (name: string, address: string) => {
    const families = glued.get(name);
    if (families) families.add(familyOf(address));
    else glued.set(name, new Set([familyOf(address)]));
  };
  for (const r of view.referrals) for (const [name, addrs] of r.glue) addrs.forEach((a) => note(name, a));
  for (const ns of view.nameservers) for (const a of ns.addresses) if (a.origins.includes('glue')) note(ns.name, a.address);
  const problems = new Map<string, { servers: string[]; obs: Observation[]; dropped: string[] }>();
  for (const r of view.referralsNoEdns) {
    if (!r.obs.response) continue;
    let problem: string;
    let dropped: string[] = [];
    if (r.truncatedOverUdp) {
      problem = 'is truncated (TC set): resolvers must retry over TCP';
    } else {
      if (r.kind !== 'referral') continue;
      // `name` when no glue is left for it, `name (AAAA)` when one family is.
      dropped = r.ns
        .filter((n) => isInDomain(n, view.zone))
        .flatMap((n) => {
          const kept = new Set((r.glue.get(n) ?? []).map(familyOf));
          const lost = [...(glued.get(n) ?? [])].filter((f) => !kept.has(f)).sort();
          if (lost.length === 0) return [];
          return [kept.size === 0 ? n : `${n} (${lost.join(', ')})`];
        });
      if (dropped.length === 0) continue;
      problem = `drops in-domain glue without setting TC: ${dropped.join('; ')}`;
    }
    const p = problems.get(problem) ?? { servers: [], obs: [], dropped };
    p.servers.push(r.address);
    p.obs.push(r.obs);
    problems.set(problem, p);
  }
  return [...problems.entries()].map(([problem, p]) =>
    makeFinding('delegation.truncated-referral', {
      zone: view.zone,
      params: { servers: uniqueSorted(p.servers), problem, dropped: p.dropped },
      evidence: p.obs,
    }),
  );
}

function nsMismatch(view: ZoneView): Finding[] {
  const delegating = view.delegations;
  const childAnswers = view.servers.flatMap((s) => s.ns);
  if (delegating.length === 0 || childAnswers.length === 0) return [];
  const { parentNs, childNs } = view;
  const onlyParent = parentNs.filter((n) => !childNs.includes(n));
  const onlyChild = childNs.filter((n) => !parentNs.includes(n));
  if (onlyParent.length === 0 && onlyChild.length === 0) return [];
  const shared = parentNs.length - onlyParent.length;
  const evidence = [...delegating.map((r) => r.obs), ...childAnswers.map((a) => a.obs)];
  return [
    makeFinding('ns.mismatch', {
      zone: view.zone,
      params: { onlyParent, onlyChild, parentNs, childNs },
      evidence,
      escalate: shared === 0,
    }),
  ];
}

function childInconsistent(view: ZoneView): Finding[] {
  const answers = view.servers.flatMap((s) => s.ns.map((a) => ({ key: a.names.join(' '), value: a.names, server: serverLabel(s), obs: a.obs })));
  const variants = groupVariants(answers);
  if (variants.length < 2) return [];
  return [
    makeFinding('ns.child-inconsistent', {
      zone: view.zone,
      params: { variants: describeVariants(variants, (names) => `NS ${names.join(' ')}`) },
      evidence: answers.map((a) => a.obs),
    }),
  ];
}
