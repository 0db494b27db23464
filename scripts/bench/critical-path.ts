// The critical-path bound of one walk: how long the check would take if every query went out the
// moment what it needs was known, and each exchange cost exactly its simulated time. A lower
// bound for any walker that asks the same questions; the benchmark divides the wall time by it.
//
// Definition. Each observation o costs c(o) = o.rttMs, the lab's simulated time over all its
// attempts: one round trip (RTT) per answered attempt, 0 when no host is at the address; a query
// that timed out costs one timeout (its first attempt's), the least that shows a server silent
// (the transport's retries are not on any walk's critical path by necessity). It finishes at f(o) = s(o) + c(o), where s(o), its earliest start,
// is the latest of its prerequisites:
//   - the zone cut it is asked at is known: K(root) = 0; K(zone) = the earliest f of a referral
//     that delegates the zone (each level below the root costs one referral round trip), the
//     full name's answer below an empty non-terminal included;
//   - the server's address is known at that cut: 0 for root hints, else the earliest f of the
//     observation that brought it (the referral carrying the glue, the child's apex NS answer or
//     'ns-address' answer, and of a look-up — the resolver's, or a walk's from the root — the
//     answer holding that address, not the look-up's first query); a walk's query ('resolve-walk')
//     to a server met on the way needs that server's address from the answer that carried it;
//   - the target-zone probes (CDS, CDNSKEY, CSYNC, SOA without EDNS and over TCP, the parent's
//     referral without EDNS; DNSKEY is asked at every cut, as the SOA is) also need the target
//     zone known, and so does the resolver's view of it ('validate'); 'ns-address' needs the NS
//     name known (from the parent, or from the child's apex NS answer); a resolver look-up needs
//     its name known, an alias's look-up the answer that named it.
//   - a question asked only because of an answer needs that answer (the walker's policy, which
//     any walker asking the same questions shares: it could not know to ask them before):
//       a takeover probe, the NXDOMAIN that prompted it; the RFC 9615 signalling ('dsboot'), the
//       zone's CDS or CDNSKEY; the full name asked after NXDOMAIN for an empty non-terminal
//       ('referral-full-qname'), every reply to the candidate's question (NXDOMAIN is concluded
//       only once each server of the cut has spoken); the next label down (QNAME minimisation,
//       RFC 9156), the earliest reply to the label above, or to the full name when that was
//       asked; a walk from the root for an NS name ('resolve-walk'), the resolver's
//       failed answer for it when the resolver was asked first, and each step of the walk the
//       step above it (the label above, or this name's NS before its A and AAAA); an
//       'ns-address' question handed on to a server of a third NS name, the failed reply of one
//       of the first two that handed it on.
//   - an address from a walk from the root is known with the walk's answer that holds it: the
//     glue of a referral met on the walk's way moves the walk on, but what the walk finds is in
//     its answers.
// The bound is the largest f over the observations. For healthy.test at RTT 20 ms it is 60 ms:
// root → test. (1 RTT), test. → healthy.test. (1 RTT), then every probe of the target zone in
// parallel (1 RTT), since the walker sends them all as soon as the zone is found. A server known
// only from the child adds one RTT (its address arrives with the apex NS answer); a silent one
// adds its timeouts instead of a round trip.
import type { Capture, Observation, ZoneCut } from '@/lib/dns/capture';
import type { ResourceRecord } from '@/lib/dns/wire/types';
import { canonicalName, isSubdomain, labelCount, parentName } from '@/lib/dns/wire';
import { readAddressReply } from '@/lib/dns/walk/read-reply';
import { NS_ADDRESS_SERVERS } from '@/lib/dns/walk/walk-delegation';

export interface CriticalPath {
  boundMs: number;
  /** Zone cuts from the root down to the target's zone, the root included. */
  levels: number;
  /** The observation that ends the longest chain. */
  lastId: string | null;
}

const TARGET_PROBES = new Set(['cds', 'cdnskey', 'csync', 'soa-no-edns', 'soa-tcp', 'target']);

function names(records: readonly ResourceRecord[], owner: string, type: string): string[] {
  return records.filter((rr) => rr.type.toUpperCase() === type && canonicalName(rr.name) === owner).map((rr) => canonicalName(String(rr.data)));
}

/** What an observation costs on the critical path: its simulated time, one timeout when it timed out. */
function cost(o: Observation): number {
  if (o.cached) return 0;
  const first = o.attempts[0];
  return o.error?.kind === 'timeout' && first ? first.rttMs : o.rttMs;
}

export function criticalPath(capture: Capture): CriticalPath {
  const cuts = new Map(capture.cuts.map((c) => [canonicalName(c.zone), c]));
  const sent = capture.observations.filter((o) => o.attempts.length > 0 || o.cached !== undefined);
  const finish = new Map<string, number>();
  const fin = (id: string) => finish.get(id) ?? Infinity;
  const minFin = (ids: Iterable<string>) => Math.min(Infinity, ...[...ids].map(fin));

  /** The deepest cut strictly above `name`: whose servers were asked for its delegation. */
  const cutAbove = (name: string): ZoneCut | undefined => {
    let best: ZoneCut | undefined;
    for (const cut of capture.cuts) {
      const zone = canonicalName(cut.zone);
      if (zone !== name && isSubdomain(name, zone) && (!best || zone.length > canonicalName(best.zone).length)) best = cut;
    }
    return best;
  };

  /**
   * The answers that prompted each question the walker asks only because of them (see the header):
   * `every` when all of them are needed, else the earliest suffices.
   */
  const prompts = new Map<string, { ids: string[]; every: boolean }[]>();
  const prompt = (o: Observation, ids: string[], every = false) => {
    if (ids.length > 0) prompts.set(o.id, [...(prompts.get(o.id) ?? []), { ids, every }]);
  };
  const seq = (o: Observation) => Number(o.id.slice(1));
  const qname = (o: Observation) => canonicalName(o.question.name);
  const qtype = (o: Observation) => o.question.type.toUpperCase();
  const resolutions = capture.cuts.flatMap((c) => c.nameservers.map((ns) => ns.resolution.observationIds));
  const byId = new Map(sent.map((o) => [o.id, o]));
  for (const o of sent) {
    const name = qname(o);
    const zone = canonicalName(o.zone ?? o.question.name);
    const asked = (purpose: string, q: string, type = 'NS') => sent.filter((r) => r.purpose === purpose && qname(r) === q && qtype(r) === type);
    if (o.purpose === 'referral-full-qname')
      prompt(
        o,
        asked('referral', zone).map((r) => r.id),
        true,
      );
    const above = parentName(name);
    if (o.purpose === 'referral' && above !== null) {
      const cut = cutAbove(name);
      if (cut && labelCount(name) > labelCount(canonicalName(cut.zone)) + 1) {
        const full = sent.filter((r) => r.purpose === 'referral-full-qname' && r.zone && canonicalName(r.zone) === above);
        prompt(
          o,
          (full.length > 0 ? full : asked('referral', above)).map((r) => r.id),
        );
      }
    }
    if (o.purpose === 'resolve-walk') {
      // The resolver first: unless some look-up holding this query asked no resolver before it.
      const holding = resolutions.filter((ids) => ids.includes(o.id));
      const resolved = holding.map((ids) => ids.filter((id) => byId.get(id)?.purpose === 'resolve'));
      if (resolved.every((ids) => ids.length > 0)) prompt(o, resolved.flat());
      // The step above, in the same look-up and sent before this one (another walk's, or a later
      // question of this one, prompts nothing).
      const sameLookup = new Set(holding.flat());
      const step = (qtype(o) === 'NS' ? (above === null ? [] : asked('resolve-walk', above)) : asked('resolve-walk', name)).filter(
        (r) => sameLookup.has(r.id) && seq(r) < seq(o),
      );
      prompt(
        o,
        step.map((r) => r.id),
      );
    }
    if (o.purpose === 'ns-address') {
      const same = sent
        .filter((r) => r.purpose === 'ns-address' && r.zone === o.zone && qname(r) === name && qtype(r) === qtype(o))
        .sort((a, b) => seq(a) - seq(b));
      const first = [...new Set(same.map((r) => r.server.name ?? r.server.address))].slice(0, NS_ADDRESS_SERVERS);
      if (!first.includes(o.server.name ?? o.server.address)) {
        prompt(
          o,
          same.filter((r) => readAddressReply(r, name, true).status === 'failed').map((r) => r.id),
        );
      }
    }
  }
  const prompted = (o: Observation): number => Math.max(0, ...(prompts.get(o.id) ?? []).map((p) => (p.every ? Math.max(...p.ids.map(fin)) : minFin(p.ids))));

  const known = (zone: string): number => {
    if (zone === '.') return 0;
    const delegations = sent.filter((o) => {
      // The full name's answer below an empty non-terminal delegates the next label too (the walker takes it).
      const asks = o.purpose === 'referral' ? canonicalName(o.question.name) === zone : o.purpose === 'referral-full-qname';
      if (!asks || !o.response) return false;
      return names(o.response.authority, zone, 'NS').length + names(o.response.answer, zone, 'NS').length > 0;
    });
    return minFin(delegations.map((o) => o.id));
  };

  /** Which replies carry each address (A/AAAA data in the answer or additional section), and which give it as a look-up's finding. */
  const carriers = new Map<string, string[]>();
  const answering = new Map<string, string[]>();
  for (const o of sent) {
    // A walk's referrals carry glue that moves the walk on; what the walk finds is in its answers.
    for (const [section, into] of [
      [o.purpose === 'resolve-walk' ? (o.response?.answer ?? []) : [...(o.response?.answer ?? []), ...(o.response?.additional ?? [])], answering],
      [[...(o.response?.answer ?? []), ...(o.response?.additional ?? [])], carriers],
    ] as const) {
      for (const rr of section) {
        if (rr.type !== 'A' && rr.type !== 'AAAA') continue;
        const a = String(rr.data).toLowerCase();
        into.set(a, [...(into.get(a) ?? []), o.id]);
      }
    }
  }
  /** When a look-up's answer held `address`: the earliest of its observations that give it. */
  const lookedUp = (ids: readonly string[], address: string): number => {
    const carrying = new Set(answering.get(address) ?? []);
    const holding = ids.filter((id) => carrying.has(id));
    return minFin(holding.length > 0 ? holding : ids);
  };

  const addressKnown = (cut: ZoneCut, address: string): number => {
    const zone = canonicalName(cut.zone);
    let best = Infinity;
    let seen = false;
    for (const a of [
      ...cut.nameservers.flatMap((ns) => ns.addresses.map((x) => ({ ns, a: x }))),
      ...(cut.unnamedAddresses ?? []).map((x) => ({ ns: null, a: x })),
    ]) {
      if (a.a.address.toLowerCase() !== address) continue;
      seen = true;
      if (a.a.origins.includes('hints')) best = 0;
      best = Math.min(best, minFin(a.a.glueFrom ?? []), minFin(a.a.childFrom ?? []));
      if (a.ns && (a.a.origins.includes('resolver') || a.a.origins.includes('walk'))) best = Math.min(best, lookedUp(a.ns.resolution.observationIds, address));
    }
    // An address the cut does not list (should not happen): known with the cut.
    return seen && best !== Infinity ? Math.max(best, known(zone)) : known(zone);
  };

  /**
   * A server a walk from the root asks: one of a cut's (the deepest known on the way), or one met
   * on the way, known when an answer carried its address (a referral's glue).
   */
  const walkServerKnown = (address: string): number => {
    let best = minFin(carriers.get(address) ?? []);
    for (const cut of capture.cuts) {
      const listed = [...cut.nameservers.flatMap((ns) => ns.addresses), ...(cut.unnamedAddresses ?? [])].some((a) => a.address.toLowerCase() === address);
      if (listed) best = Math.min(best, addressKnown(cut, address));
    }
    return best === Infinity ? 0 : best;
  };

  const nameKnown = (cut: ZoneCut, name: string): number => {
    const zone = canonicalName(cut.zone);
    if (cut.parentNs.map(canonicalName).includes(name)) return known(zone);
    const childAnswers = sent.filter(
      (o) => o.purpose === 'apex-ns' && o.zone && canonicalName(o.zone) === zone && o.response && names(o.response.answer, zone, 'NS').includes(name),
    );
    return minFin(childAnswers.map((o) => o.id));
  };

  const start = (o: Observation): number => {
    const address = o.server.address.toLowerCase();
    const zone = canonicalName(o.zone ?? o.question.name);
    const qname = canonicalName(o.question.name);
    switch (o.purpose) {
      case 'referral':
      case 'referral-no-edns':
      case 'referral-full-qname':
      case 'ds': {
        const asked = cutAbove(zone);
        if (!asked) return 0;
        const base = Math.max(known(canonicalName(asked.zone)), addressKnown(asked, address));
        return o.purpose === 'referral' || o.purpose === 'referral-full-qname' ? base : Math.max(base, known(zone));
      }
      case 'resolve':
      case 'takeover': {
        const cut = cuts.get(zone);
        if (o.purpose === 'takeover') {
          // After the NXDOMAIN for a name under the probed one.
          return minFin(
            sent
              .filter((r) => r.purpose === 'resolve' && r.response?.rcode === 'NXDOMAIN' && isSubdomain(canonicalName(r.question.name), qname))
              .map((r) => r.id),
          );
        }
        if (cut && cut.nameservers.some((ns) => canonicalName(ns.name) === qname)) return nameKnown(cut, qname);
        // An alias's target: after the answer that named it.
        return minFin(
          sent
            .filter(
              (r) => r.purpose === 'resolve' && r.response && r.response.answer.some((rr) => rr.type === 'CNAME' && canonicalName(String(rr.data)) === qname),
            )
            .map((r) => r.id),
        );
      }
      case 'validate':
        // Both asked of the resolver as soon as the target's zone is found (walk-delegation.ts).
        return capture.targetZone ? known(canonicalName(capture.targetZone)) : 0;
      case 'dsboot':
        // After the first CDS or CDNSKEY answer of the zone that holds records (walk-delegation.ts).
        return minFin(
          sent
            .filter((r) => (r.purpose === 'cds' || r.purpose === 'cdnskey') && r.zone && canonicalName(r.zone) === zone && (r.response?.answer.length ?? 0) > 0)
            .map((r) => r.id),
        );
      default: {
        const cut = cuts.get(zone);
        if (!cut) return 0;
        let s = Math.max(known(zone), o.purpose === 'resolve-walk' ? walkServerKnown(address) : addressKnown(cut, address));
        if (o.purpose === 'ns-address') s = Math.max(s, nameKnown(cut, qname));
        if (o.purpose && TARGET_PROBES.has(o.purpose) && capture.targetZone) s = Math.max(s, known(canonicalName(capture.targetZone)));
        return s;
      }
    }
  };

  // Relax to a fixpoint (Bellman-Ford style): prerequisites may be listed after what needs them,
  // and a server's own apex answer may list its own address.
  for (let round = 0; round < sent.length + 1; round++) {
    let changed = false;
    for (const o of sent) {
      const f = Math.max(start(o), prompted(o)) + cost(o);
      if (f < fin(o.id)) {
        finish.set(o.id, f);
        changed = true;
      }
    }
    if (!changed) break;
  }

  let boundMs = 0;
  let lastId: string | null = null;
  for (const [id, f] of finish) {
    if (f !== Infinity && f > boundMs) {
      boundMs = f;
      lastId = id;
    }
  }
  let levels = 0;
  for (
    let cut = capture.targetZone ? cuts.get(canonicalName(capture.targetZone)) : undefined;
    cut;
    cut = cut.parent === null ? undefined : cuts.get(canonicalName(cut.parent))
  )
    levels++;
  return { boundMs, levels, lastId };
}
