// Glue (RFC 9471): missing in-domain glue, glue that differs from the zone's own addresses, no
// IPv6 glue, sibling glue, and addresses for names outside the parent zone, which are no glue.
// Vocabulary of RFC 9499 7: in-domain glue is for names under the delegated zone; sibling glue
// for names under the parent but not under the child; nothing outside the parent is glue.
import type { Finding } from '@/lib/checks/catalogue';
import type { CheckContext } from '@/lib/checks/check-context';
import { makeFinding } from '@/lib/checks/make-finding';
import { sameSet, uniqueSorted } from '@/lib/checks/message-records';
import type { ZoneView } from '@/lib/checks/zone-view';
import { addressKey } from '@/lib/dns/address';
import type { Nameserver, Observation } from '@/lib/dns/capture';
import { canonicalName, isInDomain } from '@/lib/dns/wire/pure';

export function checkGlue(ctx: CheckContext): Finding[] {
  return ctx.zones
    .filter((v) => !v.isRoot)
    .flatMap((view) => [
      ...missing(view),
      ...mismatch(view),
      ...unverified(view),
      ...sibling(
        view,
        ctx.zones.find((p) => p.zone === view.parent),
      ),
      ...outOfBailiwick(view),
    ]);
}

type Family = 'A' | 'AAAA';
const FAMILIES: Family[] = ['A', 'AAAA'];
const ofFamily = (addresses: string[], f: Family) => addresses.filter((a) => (f === 'AAAA') === a.includes(':'));

/** Referrals whose additional section can be judged: a truncated one may lawfully lack glue. */
function referralsWithGlue(view: ZoneView) {
  return view.referrals.filter((r) => r.kind === 'referral' && !r.truncated);
}

type Glue = { addresses: string[]; obs: Observation[] };
const NO_GLUE: Glue = { addresses: [], obs: [] };

/** Each NS name's glue over the referrals that can be judged, read once per zone (missing, mismatch and unverified all ask). */
const glueRead = new WeakMap<ZoneView, Map<string, Glue>>();

function glueOf(view: ZoneView, name: string): Glue {
  let byName = glueRead.get(view);
  if (!byName) {
    const found = new Map<string, { addresses: string[]; obs: Observation[] }>();
    for (const r of referralsWithGlue(view)) {
      for (const [n, addresses] of r.glue) {
        if (addresses.length === 0) continue;
        const entry = found.get(n) ?? { addresses: [], obs: [] };
        entry.addresses.push(...addresses);
        entry.obs.push(r.obs);
        found.set(n, entry);
      }
    }
    byName = new Map([...found].map(([n, g]) => [n, { addresses: uniqueSorted(g.addresses), obs: g.obs }]));
    glueRead.set(view, byName);
  }
  const glue = byName.get(name) ?? NO_GLUE;
  return { addresses: [...glue.addresses], obs: [...glue.obs] };
}

function missing(view: ZoneView): Finding[] {
  const referrals = referralsWithGlue(view);
  if (referrals.length === 0) return [];
  const needed = view.parentNs.filter((n) => isInDomain(n, view.zone));
  const lacking = needed.filter((n) => glueOf(view, n).addresses.length === 0);
  const none = lacking.length === needed.length;
  return lacking.map((name) =>
    makeFinding('glue.missing', {
      zone: view.zone,
      params: { nameserver: name, parent: view.parent as string, needed },
      evidence: referrals.map((r) => r.obs),
      escalate: none,
      nameserver: name,
    }),
  );
}

/** The zone's own view of a name's addresses, per family, when it is known. */
function childAddresses(view: ZoneView, ns: Nameserver | undefined, name: string): { known: Record<Family, boolean>; values: string[]; obs: string[] } {
  if (isInDomain(name, view.zone)) {
    const answers = view.addressAnswers.filter((a) => a.name === name);
    return {
      known: { A: answers.some((a) => a.type === 'A'), AAAA: answers.some((a) => a.type === 'AAAA') },
      values: uniqueSorted(answers.flatMap((a) => a.values)),
      obs: answers.map((a) => a.obs.id),
    };
  }
  // Out-of-domain (sibling) glue: compare with what the resolver (or the walk from the root) found.
  const status = ns?.resolution.status;
  const definitive = status === 'ok' || status === 'nodata' || status === 'nxdomain';
  return {
    known: { A: definitive, AAAA: definitive },
    values: uniqueSorted((ns?.addresses ?? []).filter((a) => a.origins.includes('resolver') || a.origins.includes('walk')).map((a) => addressKey(a.address))),
    obs: ns?.resolution.observationIds ?? [],
  };
}

function mismatch(view: ZoneView): Finding[] {
  const findings: Finding[] = [];
  const allGlue = new Set<string>();
  for (const r of referralsWithGlue(view)) for (const addresses of r.glue.values()) for (const a of addresses) allGlue.add(a);
  const serving = view.servers.some((s) => allGlue.has(s.address) && s.authoritative);
  for (const name of view.parentNs) {
    const glue = glueOf(view, name);
    if (glue.addresses.length === 0) continue;
    const ns = view.nameservers.find((n) => n.name === name);
    const child = childAddresses(view, ns, name);
    // Families compared: those the child's data covers, except AAAA the parent lacks entirely
    // (that is glue.ipv6-missing, not a mismatch).
    const compared = FAMILIES.filter((f) => child.known[f] && !(f === 'AAAA' && ofFamily(glue.addresses, f).length === 0));
    const inCompared = (a: string) => compared.includes(a.includes(':') ? 'AAAA' : 'A');
    if (compared.some((f) => !sameSet(ofFamily(glue.addresses, f), ofFamily(child.values, f)))) {
      findings.push(
        makeFinding('glue.mismatch', {
          zone: view.zone,
          params: {
            nameserver: name,
            parent: view.parent as string,
            glue: glue.addresses,
            child: child.values,
            onlyGlue: glue.addresses.filter((a) => inCompared(a) && !child.values.includes(a)),
            onlyChild: child.values.filter((a) => inCompared(a) && !glue.addresses.includes(a)),
          },
          evidence: [...glue.obs, ...child.obs],
          escalate: !serving,
          nameserver: name,
        }),
      );
    }
    const childV6 = ofFamily(child.values, 'AAAA');
    if (isInDomain(name, view.zone) && child.known.AAAA && childV6.length > 0 && ofFamily(glue.addresses, 'AAAA').length === 0) {
      findings.push(
        makeFinding('glue.ipv6-missing', {
          zone: view.zone,
          params: { nameserver: name, parent: view.parent as string, child: childV6 },
          evidence: [...glue.obs, ...child.obs],
          nameserver: name,
        }),
      );
    }
  }
  return findings;
}

/**
 * In-domain names with glue whose addresses the walker asked the zone's servers for, and not one
 * answered authoritatively: mismatch() had nothing to compare, which must be said, not skipped.
 */
function unverified(view: ZoneView): Finding[] {
  const asked = view.probes('ns-address');
  const names = view.parentNs.filter(
    (name) =>
      isInDomain(name, view.zone) &&
      glueOf(view, name).addresses.length > 0 &&
      asked.some((o) => canonicalName(o.question.name) === name) &&
      !view.addressAnswers.some((a) => a.name === name),
  );
  if (names.length === 0) return [];
  const evidence = asked.filter((o) => names.includes(canonicalName(o.question.name)));
  return [
    makeFinding('glue.unverified', {
      zone: view.zone,
      params: {
        names,
        parent: view.parent as string,
        asked: uniqueSorted(evidence.map((o) => `${o.server.name ? `${canonicalName(o.server.name)}/` : ''}${addressKey(o.server.address)}`)),
      },
      evidence,
    }),
  ];
}

/**
 * Sibling glue: addresses for NS names under the parent zone but outside the child. The parent's
 * own nameservers' addresses are its authoritative data, not glue (RFC 9499 7), so they are left
 * out when the capture shows them as such.
 */
function sibling(view: ZoneView, parentView: ZoneView | undefined): Finding[] {
  const parent = view.parent as string;
  const parentsOwn = new Set([...(parentView?.childNs ?? []), ...(parentView?.parentNs ?? [])].filter((n) => isInDomain(n, parent)));
  const isSibling = (name: string) => !isInDomain(name, view.zone) && !parentsOwn.has(name);
  const carrying = referralsWithGlue(view).filter((r) => [...r.glue.keys()].some(isSibling));
  if (carrying.length === 0) return [];
  const entries = new Map<string, Set<string>>();
  for (const r of carrying) {
    for (const [name, addrs] of r.glue) {
      if (!isSibling(name)) continue;
      const set = entries.get(name) ?? new Set<string>();
      addrs.forEach((a) => set.add(a));
      entries.set(name, set);
    }
  }
  const names = uniqueSorted(entries.keys());
  return [
    makeFinding('glue.sibling', {
      zone: view.zone,
      params: { names, glue: names.map((n) => `${n} ${uniqueSorted(entries.get(n) ?? []).join(' ')}`) },
      evidence: carrying.map((r) => r.obs),
    }),
  ];
}

/**
 * Addresses a referral carried for NS names outside the parent zone. A parent server cannot vouch
 * for them (RFC 2181 5.4.1): the walker ignored them and looked the names up; they are shown
 * here, more severely when they are not the names' real addresses (where a resolver that took
 * them would go instead).
 */
function outOfBailiwick(view: ZoneView): Finding[] {
  // Referrals only: a server that also serves the child answers from it, and its additional data
  // may lawfully come from other zones it serves (the provider's own, for its NS names).
  const carrying = view.referrals.filter((r) => r.kind === 'referral' && r.outOfBailiwick.size > 0);
  if (carrying.length === 0) return [];
  const parent = view.parent as string;
  const data = new Map<string, Set<string>>();
  for (const r of carrying) {
    for (const [name, addrs] of r.outOfBailiwick) {
      const set = data.get(name) ?? new Set<string>();
      addrs.forEach((a) => set.add(a));
      data.set(name, set);
    }
  }
  const names = uniqueSorted(data.keys());
  const wrong = names.filter((name) => {
    const ns = view.nameservers.find((n) => n.name === name);
    if (ns?.resolution.status !== 'ok') return false;
    const real = new Set(ns.addresses.filter((a) => !a.origins.every((o) => o === 'glue')).map((a) => addressKey(a.address)));
    return [...(data.get(name) ?? [])].some((a) => !real.has(a));
  });
  return [
    makeFinding('glue.out-of-bailiwick', {
      zone: view.zone,
      params: {
        parent,
        names,
        data: names.map((n) => `${n} ${uniqueSorted(data.get(n) ?? []).join(' ')}`),
        servers: uniqueSorted(carrying.map((r) => r.address)),
        wrong,
      },
      evidence: [...carrying.map((r) => r.obs), ...wrong.flatMap((n) => view.nameservers.find((x) => x.name === n)?.resolution.observationIds ?? [])],
      escalate: wrong.length > 0,
    }),
  ];
}
