// What the checks share: each zone cut of a capture read once into per-server and per-referral
// views, with the observations behind every fact kept for evidence. Pure and isomorphic: the
// report's views read the same facts here in the browser, so nothing from Node is imported.
// The parts: message-records (records of a message), observations (what one exchange says),
// apex-answer (authoritative or lame), parent-view (referrals, DS answers), server-view (one address).
import { CHILD_PURPOSES, type Capture, type Nameserver, type Observation, type ProbePurpose, type ZoneCut } from '@/lib/dns/capture';
import { addressKey } from '@/lib/dns/address';
import { canonicalName, isSubdomain } from '@/lib/dns/wire/name';
import { isAuthoritativeAnswer } from '@/lib/checks/observations';
import { records, uniqueSorted } from '@/lib/checks/message-records';
import { readDsAnswer, readReferral, type DsAnswer, type ReferralView } from '@/lib/checks/parent-view';
import { readServer, type ServerView } from '@/lib/checks/server-view';

export interface AddressAnswer {
  obs: Observation;
  address: string;
  /** Canonical NS name asked about. */
  name: string;
  type: 'A' | 'AAAA';
  /** Addresses in an authoritative answer (empty for NODATA/NXDOMAIN). */
  values: string[];
  rcode: string;
  cname?: string;
}

export interface ZoneView {
  cut: ZoneCut;
  zone: string;
  parent: string | null;
  isTarget: boolean;
  isRoot: boolean;
  /** Referrals with EDNS, from every parent server (`referral`). */
  referrals: ReferralView[];
  /** The same without EDNS (`referral-no-edns`). */
  referralsNoEdns: ReferralView[];
  /** The referrals that show the parent's delegation (see parentNs). */
  delegations: ReferralView[];
  /** Every parent server's answer to `<zone> DS` (target zone only). */
  dsAnswers: DsAnswer[];
  /** Every address of every nameserver of the zone, plus any other address probed for it. */
  servers: ServerView[];
  nameservers: Nameserver[];
  /** The parent's NS set (union over `delegations`), else the walker's. */
  parentNs: string[];
  /** The child's apex NS set (union over authoritative answers), else the walker's. */
  childNs: string[];
  /** Authoritative answers of the zone's servers about in-domain NS names' A/AAAA. */
  addressAnswers: AddressAnswer[];
  /** Child probes of the zone by purpose, capture order. */
  probes(purpose: ProbePurpose): Observation[];
}

function readAddressAnswer(o: Observation): AddressAnswer | null {
  const msg = o.response;
  const type = o.question.type.toUpperCase();
  if (!msg || (type !== 'A' && type !== 'AAAA') || !isAuthoritativeAnswer(msg)) return null;
  const name = canonicalName(o.question.name);
  const cname = records(msg, 'answer', name, 'CNAME')[0];
  return {
    obs: o,
    address: addressKey(o.server.address),
    name,
    type,
    values: uniqueSorted(records(msg, 'answer', undefined, type).map((rr) => addressKey(String(rr.data)))),
    rcode: msg.rcode,
    ...(cname ? { cname: canonicalName(String(cname.data)) } : {}),
  };
}

/** The names of several lists, each once (every server of a zone names the same few). */
function namesIn(lists: readonly (readonly string[])[]): Set<string> {
  const names = new Set<string>();
  for (const list of lists) for (const name of list) names.add(name);
  return names;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** One observation with the keys readZone sorts it by, read once per capture. */
interface Seen {
  o: Observation;
  /** Its place in the capture. */
  at: number;
  address: string;
  qname: string;
}

/**
 * The observations of a capture sorted once for every zone cut's reading (readZone), each keyed
 * once: the referrals and DS answers by the name asked about, the child probes by their zone.
 * Capture order within each list.
 */
export interface CaptureObservations {
  /** `referral`, `referral-no-edns`, `referral-full-qname`. */
  referrals: Seen[];
  referralsByName: Map<string, Seen[]>;
  dsByName: Map<string, Seen[]>;
  childByZone: Map<string, Seen[]>;
}

const REFERRAL_PURPOSES: ReadonlySet<ProbePurpose> = new Set<ProbePurpose>(['referral', 'referral-no-edns', 'referral-full-qname']);

export function readObservations(capture: Capture): CaptureObservations {
  const out: CaptureObservations = { referrals: [], referralsByName: new Map(), dsByName: new Map(), childByZone: new Map() };
  capture.observations.forEach((o, at) => {
    const purpose = o.purpose;
    if (!purpose) return;
    const isReferral = REFERRAL_PURPOSES.has(purpose);
    const isChild = CHILD_PURPOSES.has(purpose) && o.zone !== undefined;
    if (!isReferral && !isChild && purpose !== 'ds') return;
    const seen: Seen = { o, at, address: addressKey(o.server.address), qname: canonicalName(o.question.name) };
    if (isReferral) {
      out.referrals.push(seen);
      push(out.referralsByName, seen.qname, seen);
    }
    if (purpose === 'ds') push(out.dsByName, seen.qname, seen);
    if (isChild) push(out.childByZone, canonicalName(o.zone as string), seen);
  });
  return out;
}

/** Two lists in capture order, merged in capture order. */
function merged(a: readonly Seen[], b: readonly Seen[]): Seen[] {
  if (a.length === 0) return [...b];
  if (b.length === 0) return [...a];
  const out: Seen[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    const x = a[i];
    const y = b[j];
    if (x !== undefined && (y === undefined || x.at < y.at)) {
      out.push(x);
      i++;
    } else if (y !== undefined) {
      out.push(y);
      j++;
    }
  }
  return out;
}

/** `observations`: the capture's, read once for every cut (checkContext); read here when not given. */
export function readZone(capture: Capture, cut: ZoneCut, observations: CaptureObservations = readObservations(capture)): ZoneView {
  const zone = canonicalName(cut.zone);
  const parent = cut.parent === null ? null : canonicalName(cut.parent);
  const byPurpose = new Map<ProbePurpose, Observation[]>();
  const byAddress = new Map<string, Observation[]>();
  const referrals: ReferralView[] = [];
  const referralsNoEdns: ReferralView[] = [];
  const dsAnswers: DsAnswer[] = [];
  if (parent !== null) {
    for (const { o } of observations.referralsByName.get(zone) ?? []) {
      if (o.purpose === 'referral') referrals.push(readReferral(o, zone, parent));
      else if (o.purpose === 'referral-no-edns') referralsNoEdns.push(readReferral(o, zone, parent));
    }
    for (const { o } of observations.dsByName.get(zone) ?? []) dsAnswers.push(readDsAnswer(o, zone));
  }
  const childProbes = observations.childByZone.get(zone) ?? [];
  for (const { o } of childProbes) push(byPurpose, o.purpose as ProbePurpose, o);
  // A referral this zone's servers gave for a name below it also shows whether they answer.
  const referralsFromHere = observations.referrals.filter((r) => r.qname !== zone && isSubdomain(r.qname, zone));
  for (const { o, address } of merged(childProbes, referralsFromHere)) push(byAddress, address, o);

  const nameservers = cut.nameservers.map((ns) => ({ ...ns, name: canonicalName(ns.name) }));
  const namesOf = new Map<string, string[]>();
  const blockedOf = new Map<string, string>();
  for (const ns of nameservers) {
    for (const a of ns.addresses) {
      const address = addressKey(a.address);
      namesOf.set(address, uniqueSorted([...(namesOf.get(address) ?? []), ns.name]));
      if (a.blocked !== undefined) blockedOf.set(address, a.blocked);
    }
  }
  // A referral from a parent-only server does not belong to this zone's servers: keep referral
  // observations only for addresses that are this zone's.
  for (const [address, list] of byAddress) {
    if (!namesOf.has(address) && !list.some((o) => CHILD_PURPOSES.has(o.purpose as ProbePurpose))) byAddress.delete(address);
  }
  const addresses = uniqueSorted([...namesOf.keys(), ...byAddress.keys()]);
  const servers = addresses
    .map((address) => {
      const probes = byAddress.get(address) ?? [];
      const names = namesOf.get(address) ?? uniqueSorted(probes.flatMap((o) => (o.server.name ? [canonicalName(o.server.name)] : [])));
      return readServer(address, names, blockedOf.get(address), probes, zone);
    })
    // By NS name, IPv4 before IPv6: the order a person reads a delegation in.
    .sort((a, b) => (a.names[0] ?? '~').localeCompare(b.names[0] ?? '~') || a.family - b.family || a.address.localeCompare(b.address));

  // The parent's own delegation: true referrals. A parent server that also serves the child
  // answers from the child (kind `answer`); only when no server gave a referral is that all we see.
  const referred = referrals.filter((r) => r.kind === 'referral');
  const delegating = referred.length > 0 ? referred : referrals.filter((r) => r.kind === 'answer');
  const parentNs = delegating.length > 0 ? uniqueSorted(namesIn(delegating.map((r) => r.ns))) : uniqueSorted(cut.parentNs.map(canonicalName));
  const childAnswers = servers.flatMap((s) => s.ns);
  const childNs = childAnswers.length > 0 ? uniqueSorted(namesIn(childAnswers.map((a) => a.names))) : uniqueSorted(cut.childNs.map(canonicalName));
  const addressAnswers = (byPurpose.get('ns-address') ?? []).map(readAddressAnswer).filter((a): a is AddressAnswer => a !== null);

  return {
    cut,
    zone,
    parent,
    isTarget: cut.isTarget,
    isRoot: parent === null,
    referrals,
    referralsNoEdns,
    delegations: delegating,
    dsAnswers,
    servers,
    nameservers,
    parentNs,
    childNs,
    addressAnswers,
    probes: (purpose) => byPurpose.get(purpose) ?? [],
  };
}

/** Observations that show where an address of a nameserver came from. */
export function addressEvidence(view: ZoneView, ns: Nameserver, address: string): string[] {
  const a = ns.addresses.find((x) => addressKey(x.address) === address);
  const ids = [...(a?.glueFrom ?? []), ...(a?.childFrom ?? [])];
  for (const r of view.referrals) if (r.glue.get(ns.name)?.includes(address)) ids.push(r.obs.id);
  for (const ans of view.addressAnswers) if (ans.name === ns.name && ans.values.includes(address)) ids.push(ans.obs.id);
  if (a?.origins.includes('resolver') || a?.origins.includes('walk')) ids.push(...ns.resolution.observationIds);
  return ids;
}
