// Nameservers, each address probed on its own: lame, unreachable, TCP, EDNS; and the NS names
// themselves: aliases, no address, registrable domains that do not exist, non-global addresses,
// address families, NS TTLs.
import type { Finding } from '@/lib/checks/catalogue';
import type { CheckContext } from '@/lib/checks/check-context';
import { makeFinding } from '@/lib/checks/make-finding';
import { judgeApexAnswer } from '@/lib/checks/apex-answer';
import { uniqueSorted } from '@/lib/checks/message-records';
import { askedWithEdns, failureWords, isEdnsRejection, isServerEvidence, sentOverTcp, sentWithEdns } from '@/lib/checks/observations';
import type { ServerView } from '@/lib/checks/server-view';
import { addressEvidence, type ZoneView } from '@/lib/checks/zone-view';
import type { Capture, Observation } from '@/lib/dns/capture';
import { addressKey } from '@/lib/dns/address';
import { canonicalName, isInDomain, isSubdomain, labelCount, provenName } from '@/lib/dns/wire/pure';
import { registrableDomain } from '@/lib/dns/wire/registrable-domain';

export function checkNameservers(ctx: CheckContext): Finding[] {
  // Read once for every zone, not once per zone.
  let byId: Map<string, Observation> | undefined;
  const observation = (id: string) => (byId ??= new Map(ctx.capture.observations.map((o) => [o.id, o]))).get(id);
  const takeovers = takeoverAnswers(ctx.capture);
  return [
    ...entNxdomain(ctx.capture),
    ...ctx.zones.flatMap((view) => [
      ...serverHealth(view),
      ...cname(ctx.capture, view),
      ...unresolvable(view),
      ...addressUnknown(observation, view),
      ...takeoverRisk(takeovers, view),
      ...privateAddress(view),
      ...(view.isRoot ? [] : [...families(view), ...ttlRange(view)]),
    ]),
  ];
}

type ServerCode = 'ns.lame' | 'ns.unreachable' | 'ns.tcp-broken' | 'ns.edns-broken';

/** One problem of one address; the addresses of one NS name with the same problem make one finding. */
interface Issue {
  code: ServerCode;
  server: ServerView;
  reason: string;
  evidence: Observation[];
  extra?: Record<string, string[]>;
}

function serverHealth(view: ZoneView): Finding[] {
  const issues: Issue[] = [];
  for (const s of view.servers) {
    if (s.lame.length > 0) {
      issues.push({
        code: 'ns.lame',
        server: s,
        reason: uniqueSorted(s.lame.map((l) => l.detail)).join('; '),
        evidence: s.lame.map((l) => l.obs),
        extra: { reasons: uniqueSorted(s.lame.map((l) => l.reason)) },
      });
    }
    if (s.probed && !s.answered) {
      const sent = s.probes.filter(isServerEvidence);
      issues.push({
        code: 'ns.unreachable',
        server: s,
        reason: uniqueSorted(sent.map(failureWords)).join('; '),
        evidence: sent,
        extra: { transports: uniqueSorted(sent.flatMap((o) => o.attempts.map((a) => a.transport))) },
      });
    }
    if (s.answered) issues.push(...tcpBroken(view, s), ...ednsBroken(s));
  }
  // Severity is the zone's: lame is an error when no server answers authoritatively, unreachable
  // when none answers at all.
  const escalate: Record<ServerCode, boolean> = {
    'ns.lame': !view.servers.some((s) => s.authoritative),
    'ns.unreachable': !view.servers.some((s) => s.answered),
    'ns.tcp-broken': false,
    'ns.edns-broken': false,
  };
  const groups = new Map<string, Issue[]>();
  for (const issue of issues) {
    const key = `${issue.code}|${issue.server.names[0] ?? issue.server.address}|${issue.reason}`;
    groups.set(key, [...(groups.get(key) ?? []), issue]);
  }
  return [...groups.values()].map((group) => {
    const first = group[0] as Issue;
    const nameserver = first.server.names[0] ?? first.server.address;
    const addresses = group.map((i) => i.server.address);
    const extra: Record<string, string[]> = {};
    for (const i of group) for (const [k, v] of Object.entries(i.extra ?? {})) extra[k] = uniqueSorted([...(extra[k] ?? []), ...v]);
    return makeFinding(first.code, {
      zone: view.zone,
      params: { nameserver, addresses, names: uniqueSorted(group.flatMap((i) => i.server.names)), reason: first.reason, ...extra },
      evidence: group.flatMap((i) => i.evidence),
      escalate: escalate[first.code],
      nameserver,
      ...(addresses.length === 1 ? { address: addresses[0] } : {}),
    });
  });
}

function tcpBroken(view: ZoneView, s: ServerView): Issue[] {
  const found = tcpFailures(view, s);
  if (!found) return [];
  return [
    {
      code: 'ns.tcp-broken',
      server: s,
      reason: uniqueSorted(found.failures.map((f) => f.reason)).join('; '),
      evidence: [...found.failures.map((f) => f.obs), found.udpAnswer],
    },
  ];
}

/** ns.tcp-broken's reason for one address (null: TCP is fine, or it never answered over UDP). */
export function tcpBrokenReason(view: ZoneView, s: ServerView): string | null {
  const found = tcpFailures(view, s);
  return found ? uniqueSorted(found.failures.map((f) => f.reason)).join('; ') : null;
}

type TcpFailures = { failures: { obs: Observation; reason: string }[]; udpAnswer: Observation } | null;

function tcpFailures(view: ZoneView, s: ServerView): TcpFailures {
  const udpAnswers = s.probes.filter((o) => o.response && !sentOverTcp(o));
  if (udpAnswers.length === 0) return null;
  const udpAuthoritative = udpAnswers.some(
    (o) => o.purpose === 'apex-soa' && o.response !== undefined && judgeApexAnswer(o.response, view.zone, 'SOA').authoritative,
  );
  const failures: { obs: Observation; reason: string }[] = [];
  for (const o of s.probes) {
    // Only TCP asked for its own sake, or after truncation: a TCP retry after a UDP timeout
    // failing too says nothing about TCP in particular.
    if (o.purpose === 'soa-tcp' && isServerEvidence(o)) {
      if (!o.response) failures.push({ obs: o, reason: failureWords(o) });
      else if (udpAuthoritative) {
        const verdict = judgeApexAnswer(o.response, view.zone, 'SOA');
        if (!verdict.authoritative) failures.push({ obs: o, reason: `${verdict.detail} over TCP` });
      }
    } else if (o.attempts.some((a) => a.reason === 'tcp-after-truncation') && !o.response) {
      failures.push({ obs: o, reason: `truncated over UDP, then ${failureWords(o)} over TCP` });
    }
  }
  if (failures.length === 0) return null;
  return { failures, udpAnswer: udpAnswers[0] as Observation };
}

function ednsBroken(s: ServerView): Issue[] {
  const reasons: string[] = [];
  const evidence: Observation[] = [];
  // Asked with EDNS, whatever the transport then fell back to: a FORMERR answered by a retry
  // without EDNS (RFC 6891 7) is still the server rejecting EDNS.
  const withEdns = s.probes.filter((o) => isServerEvidence(o) && askedWithEdns(o) && o.purpose !== 'referral-no-edns');
  const withoutEdns = s.probes.filter((o) => o.response && !sentWithEdns(o));
  for (const o of withEdns) {
    const msg = o.response;
    if (isEdnsRejection(o)) {
      reasons.push(`${msg?.rcode} to a query with EDNS`);
      evidence.push(o);
    } else if (o.attempts.some((a) => a.reason === 'no-edns-after-formerr')) {
      reasons.push('FORMERR to a query with EDNS');
      evidence.push(o);
    } else if (msg && !msg.edns && (msg.rcode === 'NOERROR' || msg.rcode === 'NXDOMAIN')) {
      reasons.push('no OPT record in the reply (RFC 6891 7)');
      evidence.push(o);
    } else if (msg?.edns && msg.edns.version !== 0) {
      reasons.push(`EDNS version ${msg.edns.version} in the reply to a version 0 query`);
      evidence.push(o);
    }
  }
  // Silence only when EDNS is sent (a middlebox dropping OPT, or an old server).
  if (withEdns.length > 0 && withEdns.every((o) => !o.response) && withoutEdns.length > 0) {
    reasons.push('no response to queries with EDNS, answers without it');
    evidence.push(...withEdns);
  }
  if (reasons.length === 0) return [];
  return [{ code: 'ns.edns-broken', server: s, reason: uniqueSorted(reasons).join('; '), evidence: [...evidence, ...withoutEdns.slice(0, 1)] }];
}

/**
 * A server that answered NXDOMAIN for a name and, asked about a name below it, showed that one to
 * exist (a referral, or an authoritative answer): the first name is an empty non-terminal, which
 * RFC 8020 says is not NXDOMAIN. Judged per server address, from its own two answers, so servers
 * serving different versions of the zone are not mistaken for it.
 */
function entNxdomain(capture: Capture): Finding[] {
  const denials = capture.observations.filter((o) => o.purpose === 'referral' && o.response?.rcode === 'NXDOMAIN' && o.response.flags.aa);
  // Most walks meet no NXDOMAIN: then no name needs proving to exist.
  if (denials.length === 0) return [];
  const existing = new Map<string, { name: string; obs: Observation }[]>();
  for (const o of capture.observations) {
    if (o.purpose === 'resolve' || o.purpose === 'takeover') continue;
    const name = provenName(o.question.name, o.response);
    if (!name) continue;
    const address = addressKey(o.server.address);
    const list = existing.get(address);
    if (list) list.push({ name, obs: o });
    else existing.set(address, [{ name, obs: o }]);
  }
  const groups = new Map<string, { name: string; below: string; nameserver: string; addresses: string[]; evidence: Observation[] }>();
  for (const o of denials) {
    const name = canonicalName(o.question.name);
    const address = addressKey(o.server.address);
    const proof = (existing.get(address) ?? [])
      .filter((e) => isSubdomain(e.name, name) && e.name !== name)
      .sort((a, b) => labelCount(a.name) - labelCount(b.name))[0];
    if (!proof) continue;
    const nameserver = o.server.name ? canonicalName(o.server.name) : address;
    const key = `${nameserver}|${name}`;
    const group = groups.get(key) ?? { name, below: proof.name, nameserver, addresses: [], evidence: [] };
    if (!group.addresses.includes(address)) group.addresses.push(address);
    group.evidence.push(o, proof.obs);
    groups.set(key, group);
  }
  return [...groups.values()].map((g) => {
    // IPv4 first, as the walker lists a server's addresses.
    const addresses = uniqueSorted(g.addresses).sort((a, b) => Number(a.includes(':')) - Number(b.includes(':')));
    return makeFinding('ns.ent-nxdomain', {
      zone: hiddenZone(capture, g.name),
      params: { nameserver: g.nameserver, addresses, name: g.name, below: g.below },
      evidence: g.evidence,
      nameserver: g.nameserver,
      ...(addresses.length === 1 ? { address: addresses[0] } : {}),
    });
  });
}

/** The zone the broken answer hides: the first cut found below the name, else the zone holding it. */
function hiddenZone(capture: Capture, name: string): string {
  const zones = capture.cuts.map((c) => canonicalName(c.zone));
  const below = zones.filter((z) => isSubdomain(z, name) && z !== name).sort((a, b) => labelCount(a) - labelCount(b))[0];
  if (below) return below;
  return zones.filter((z) => isSubdomain(name, z)).sort((a, b) => labelCount(b) - labelCount(a))[0] ?? '.';
}

function cname(capture: Capture, view: ZoneView): Finding[] {
  return view.nameservers.flatMap((ns) => {
    const fromAnswers = view.addressAnswers.filter((a) => a.name === ns.name && a.cname);
    const fromWalk = capture.cnames.filter((c) => canonicalName(c.name) === ns.name);
    const target = ns.resolution.status === 'cname' ? ns.resolution.cnameTarget : (fromAnswers[0]?.cname ?? fromWalk[0]?.target);
    if (ns.resolution.status !== 'cname' && fromAnswers.length === 0 && fromWalk.length === 0) return [];
    return [
      makeFinding('ns.cname', {
        zone: view.zone,
        params: { nameserver: ns.name, target: target ? canonicalName(target) : 'an unknown target' },
        evidence: [...ns.resolution.observationIds, ...fromAnswers.map((a) => a.obs), ...fromWalk.map((c) => c.observationId)],
        nameserver: ns.name,
      }),
    ];
  });
}

function unresolvable(view: ZoneView): Finding[] {
  return view.nameservers.flatMap((ns) => {
    if (ns.addresses.length > 0) return [];
    const answers = view.addressAnswers.filter((a) => a.name === ns.name && !a.cname);
    let status: string | null = null;
    if (ns.resolution.status === 'nxdomain') status = 'NXDOMAIN';
    else if (ns.resolution.status === 'nodata') status = 'NODATA';
    else if (answers.some((a) => a.type === 'A') && answers.some((a) => a.type === 'AAAA') && answers.every((a) => a.values.length === 0)) {
      status = answers.some((a) => a.rcode === 'NXDOMAIN') ? 'NXDOMAIN' : 'NODATA';
    }
    if (status === null) return [];
    return [
      makeFinding('ns.unresolvable', {
        zone: view.zone,
        params: { nameserver: ns.name, status },
        evidence: [...ns.resolution.observationIds, ...answers.map((a) => a.obs)],
        nameserver: ns.name,
      }),
    ];
  });
}

/**
 * An NS name outside the zone whose addresses no look-up learnt: the resolver failed (SERVFAIL,
 * timeout) and so did the walk from the root hints, or the one that was made. Names inside the
 * zone are glue's business (glue.missing); a name that does not exist is ns.unresolvable.
 */
function addressUnknown(observation: (id: string) => Observation | undefined, view: ZoneView): Finding[] {
  return view.nameservers.flatMap((ns) => {
    if (ns.addresses.length > 0 || isInDomain(ns.name, view.zone) || ns.resolution.status !== 'failed') return [];
    const lookups = ns.resolution.observationIds.flatMap((id) => observation(id) ?? []);
    const viaResolver = lookups.filter((o) => o.purpose === 'resolve');
    const viaWalk = lookups.filter((o) => o.purpose === 'resolve-walk');
    const tried: string[] = [];
    if (viaResolver.length > 0) tried.push(`the resolver: ${uniqueSorted(viaResolver.map(replyWords)).join(', ')}`);
    const last = viaWalk.at(-1);
    if (last)
      tried.push(`a walk from the root hints: ${replyWords(last)} to ${canonicalName(last.question.name)} ${last.question.type} at ${last.server.address}`);
    if (tried.length === 0) tried.push('no look-up could be made');
    return [
      makeFinding('ns.address-unknown', {
        zone: view.zone,
        params: { nameserver: ns.name, tried },
        evidence: lookups,
        nameserver: ns.name,
      }),
    ];
  });
}

/** What a reply was, in a few words: its rcode (and a missing AA), or why there was none. */
function replyWords(o: Observation): string {
  const m = o.response;
  if (!m) return failureWords(o);
  return !m.flags.aa && !o.options.recursionDesired && m.rcode === 'NOERROR' ? 'NOERROR without AA' : m.rcode;
}

/** The answered takeover probes, by the domain asked about. */
function takeoverAnswers(capture: Capture): Map<string, Observation[]> {
  const byDomain = new Map<string, Observation[]>();
  for (const o of capture.observations) {
    if (o.purpose !== 'takeover' || !o.response) continue;
    const domain = canonicalName(o.question.name);
    byDomain.set(domain, [...(byDomain.get(domain) ?? []), o]);
  }
  return byDomain;
}

function takeoverRisk(byDomain: Map<string, Observation[]>, view: ZoneView): Finding[] {
  const findings: Finding[] = [];
  for (const [domain, list] of byDomain) {
    // Every answer must say the domain does not exist: one NOERROR means it is registered.
    if (!list.every((o) => o.response?.rcode === 'NXDOMAIN')) continue;
    for (const ns of view.nameservers) {
      // Only the registrable domain (the Public Suffix List's) counts: a probe of any other name
      // (a capture from before the walker asked the right one) proves nothing anyone can register.
      if (registrableDomain(ns.name) !== domain || isInDomain(ns.name, view.zone)) continue;
      findings.push(
        makeFinding('ns.takeover-risk', {
          zone: view.zone,
          params: { nameserver: ns.name, domain },
          evidence: list,
          nameserver: ns.name,
        }),
      );
    }
  }
  return findings;
}

function privateAddress(view: ZoneView): Finding[] {
  // Root hints the priming answer names no server for (ZoneCut.unnamedAddresses) are refused by
  // the same policy: without this a walk whose every hint is refused would report nothing at all.
  const hints = (view.cut.unnamedAddresses ?? []).flatMap((a) => {
    if (a.blocked === undefined) return [];
    const address = addressKey(a.address);
    return [
      makeFinding('ns.private-address', {
        zone: view.zone,
        params: { nameserver: 'root hint', address, reason: a.blocked, origins: a.origins },
        evidence: [],
        address,
      }),
    ];
  });
  return hints.concat(
    view.nameservers.flatMap((ns) =>
      ns.addresses.flatMap((a) => {
        if (a.blocked === undefined) return [];
        const address = addressKey(a.address);
        const refused = view.servers.find((s) => s.address === address)?.probes.filter((o) => o.error?.kind === 'blocked-by-policy') ?? [];
        return [
          makeFinding('ns.private-address', {
            zone: view.zone,
            params: { nameserver: ns.name, address, reason: a.blocked, origins: a.origins },
            evidence: [...addressEvidence(view, ns, address), ...refused],
            nameserver: ns.name,
            address,
          }),
        ];
      }),
    ),
  );
}

function families(view: ZoneView): Finding[] {
  const usable = view.nameservers.flatMap((ns) => ns.addresses.filter((a) => a.blocked === undefined).map((a) => ({ ns, address: addressKey(a.address) })));
  if (usable.length === 0) return [];
  const v4 = uniqueSorted(usable.filter((u) => !u.address.includes(':')).map((u) => u.address));
  const v6 = uniqueSorted(usable.filter((u) => u.address.includes(':')).map((u) => u.address));
  // Most zones have both families: then no evidence is listed.
  if (v4.length > 0 && v6.length > 0) return [];
  const evidence = [
    ...view.referrals.map((r) => r.obs),
    ...view.nameservers.flatMap((ns) => ns.resolution.observationIds),
    ...view.addressAnswers.map((a) => a.obs),
  ];
  const findings: Finding[] = [];
  if (v6.length === 0) findings.push(makeFinding('ns.no-ipv6', { zone: view.zone, params: { count: v4.length, addresses: v4 }, evidence }));
  if (v4.length === 0) findings.push(makeFinding('ns.no-ipv4', { zone: view.zone, params: { count: v6.length, addresses: v6 }, evidence }));
  return findings;
}

export const NS_TTL_MIN = 3600;
export const NS_TTL_MAX = 604800;

function ttlRange(view: ZoneView): Finding[] {
  const sides = [
    { side: 'parent', sources: view.referrals.filter((r) => r.kind === 'referral').map((r) => ({ obs: r.obs, ttls: r.nsTtls })) },
    { side: 'child', sources: view.servers.flatMap((s) => s.ns.map((a) => ({ obs: a.obs, ttls: a.ttls }))) },
  ];
  return sides.flatMap(({ side, sources }) => {
    const out = (t: number) => t < NS_TTL_MIN || t > NS_TTL_MAX;
    const offending = sources.filter((s) => s.ttls.some(out));
    if (offending.length === 0) return [];
    const ttls = [...new Set(offending.flatMap((s) => s.ttls.filter(out)))].sort((a, b) => a - b);
    return [
      makeFinding('ns.ttl-range', {
        zone: view.zone,
        params: { side, ttl: ttls[0] as number, ttls: ttls.map(String), min: NS_TTL_MIN, max: NS_TTL_MAX },
        evidence: offending.map((s) => s.obs),
      }),
    ];
  });
}
