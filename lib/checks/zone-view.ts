// What the checks share: each zone cut of a capture read once into per-server and per-referral
// views, with the observations behind every fact kept for evidence. Pure and isomorphic: the
// report's views read the same facts here in the browser, so nothing from Node is imported.
import type {
  Capture,
  DecodedMessage,
  DsData,
  Nameserver,
  Observation,
  ProbePurpose,
  ResourceRecord,
  SoaData,
  ZoneCut,
} from '@/lib/dns/capture';
import { addressFamily, addressKey } from '@/lib/dns/address';
import { addressesInBailiwick, type FoundAddress } from '@/lib/dns/walk/read-reply';
import { canonicalName, isSubdomain } from '@/lib/dns/wire/name';
import { errorWords } from '@/lib/checks/failure-words';
import { dsKey, isCsync, isDnskey, isDs, isSoa, uniqueBy } from '@/lib/checks/rdata-guards';

export { dsKey, isCsync, isDnskey, isDs, isSoa, uniqueBy };

// ───────────── records ─────────────

export type Section = 'answer' | 'authority' | 'additional';

export function sameName(a: string, b: string): boolean {
  return canonicalName(a) === canonicalName(b);
}

/** Records of a section, by owner and type (case-insensitive). */
export function records(msg: DecodedMessage, section: Section, owner?: string, type?: string): ResourceRecord[] {
  const want = owner === undefined ? undefined : canonicalName(owner);
  const t = type?.toUpperCase();
  return msg[section].filter((rr) => (want === undefined || canonicalName(rr.name) === want) && (t === undefined || rr.type.toUpperCase() === t));
}


export function uniqueSorted(values: Iterable<string>): string[] {
  return [...new Set(values)].sort();
}

export function sameSet(a: readonly string[], b: readonly string[]): boolean {
  const sa = new Set(a);
  return sa.size === new Set(b).size && b.every((x) => sa.has(x));
}

// ───────────── observations ─────────────

/**
 * Whether an observation says something about the server: a response (fresh or reused), or a
 * failure of the exchange. Not when nothing was sent (policy, budget, an unencodable question)
 * or when the failure was ours (`internal`).
 */
export function isServerEvidence(o: Observation): boolean {
  if (o.response) return true;
  switch (o.error?.kind) {
    case 'timeout':
    case 'unreachable':
    case 'refused-connection':
    case 'malformed':
    case 'mismatched':
    case 'http-error':
      return true;
    default:
      return false;
  }
}

/** Whether the first attempt carried an OPT record: what the question put to the server was. */
export function askedWithEdns(o: Observation): boolean {
  const first = o.attempts[0];
  return first ? first.edns : o.options.edns !== false;
}

/** Whether the query (as last sent) carried an OPT record. */
export function sentWithEdns(o: Observation): boolean {
  const last = o.attempts.at(-1);
  return last ? last.edns : o.options.edns !== false;
}

/** Whether the query (as last sent) went over TCP. The lab transport reports `lab`: then the option says. */
export function sentOverTcp(o: Observation): boolean {
  if (o.transport === 'tcp') return true;
  return o.transport === 'lab' && o.options.tcp === true;
}

const CHILD_PURPOSES: ReadonlySet<ProbePurpose> = new Set<ProbePurpose>([
  'apex-soa', 'apex-ns', 'soa-no-edns', 'soa-tcp', 'ns-address', 'dnskey', 'cds', 'cdnskey', 'csync', 'target',
]);

/** Words for a failed observation: what the query ran into. */
export function failureWords(o: Observation): string {
  return errorWords(o.error?.kind);
}

// ───────────── apex answers: authoritative or lame ─────────────

export type LameReason =
  | 'refused' | 'servfail' | 'notauth' | 'nxdomain' | 'rcode' | 'not-authoritative' | 'referral' | 'upward-referral' | 'other-zone' | 'empty';

export type ApexVerdict = { authoritative: true } | { authoritative: false; reason: LameReason; detail: string };

/**
 * Whether a response to `<zone> SOA|NS` comes from a server authoritative for the zone
 * (RFC 8499 lame delegation; Zonemaster DELEGATION04: AA set, data for the zone itself).
 */
export function judgeApexAnswer(msg: DecodedMessage, zone: string, qtype: string): ApexVerdict {
  switch (msg.rcode) {
    case 'NOERROR': break;
    case 'REFUSED': return { authoritative: false, reason: 'refused', detail: 'REFUSED' };
    case 'SERVFAIL': return { authoritative: false, reason: 'servfail', detail: 'SERVFAIL' };
    case 'NOTAUTH': return { authoritative: false, reason: 'notauth', detail: 'NOTAUTH' };
    case 'NXDOMAIN': return { authoritative: false, reason: 'nxdomain', detail: `NXDOMAIN for the zone's own apex` };
    default: return { authoritative: false, reason: 'rcode', detail: msg.rcode };
  }
  const ownAnswer = records(msg, 'answer', zone, qtype).length > 0;
  const ownSoa = records(msg, 'authority', zone, 'SOA').length > 0;
  const authNs = records(msg, 'authority', undefined, 'NS');
  if (msg.flags.aa && (ownAnswer || ownSoa)) return { authoritative: true };
  if (authNs.some((rr) => sameName(rr.name, zone))) {
    return { authoritative: false, reason: 'referral', detail: `a referral to ${canonicalName(zone)} itself instead of an answer` };
  }
  const upward = authNs.find((rr) => isSubdomain(zone, rr.name));
  if (upward) return { authoritative: false, reason: 'upward-referral', detail: `an upward referral to ${canonicalName(upward.name)}` };
  if (!msg.flags.aa) return { authoritative: false, reason: 'not-authoritative', detail: 'NOERROR without the AA flag' };
  const otherSoa = records(msg, 'authority', undefined, 'SOA')[0];
  if (otherSoa) return { authoritative: false, reason: 'other-zone', detail: `authoritative for ${canonicalName(otherSoa.name)}, not for ${canonicalName(zone)}` };
  return { authoritative: false, reason: 'empty', detail: 'an empty authoritative answer without SOA' };
}

/** An authoritative answer (AA, NOERROR or NXDOMAIN) to a question inside the zone. */
export function isAuthoritativeAnswer(msg: DecodedMessage): boolean {
  return msg.flags.aa && (msg.rcode === 'NOERROR' || msg.rcode === 'NXDOMAIN');
}

// ───────────── the parent side ─────────────

export type ReferralKind = 'referral' | 'answer' | 'nxdomain' | 'nodata' | 'failure' | 'no-response';

export interface ReferralView {
  obs: Observation;
  address: string;
  noEdns: boolean;
  /** `answer`: the parent server also serves the child and answered from it (AA). */
  kind: ReferralKind;
  ns: string[];
  nsTtls: number[];
  /** NS name → glue addresses (A and AAAA) for names in the referral's NS set, under the parent. */
  glue: Map<string, string[]>;
  /**
   * NS name → addresses the referral carried for NS names outside the parent zone: not glue (RFC
   * 2181 5.4.1, RFC 9471 2), ignored by resolvers and by the walker.
   */
  outOfBailiwick: Map<string, string[]>;
  ds: DsData[];
  /** The response as recorded has TC: its glue may be incomplete. */
  truncated: boolean;
  /** An attempt came back truncated (a later TCP attempt may have fetched it whole). */
  truncatedOverUdp: boolean;
  dnssecOk: boolean;
}

function addressesByName(found: readonly FoundAddress[]): Map<string, string[]> {
  const byName = new Map<string, string[]>();
  for (const a of found) byName.set(a.name, uniqueSorted([...(byName.get(a.name) ?? []), addressKey(a.address)]));
  return byName;
}

function readReferral(o: Observation, zone: string, parent: string): ReferralView {
  const msg = o.response;
  const truncated = msg?.flags.tc ?? false;
  const truncatedOverUdp = truncated || o.attempts.some((a) => a.outcome === 'truncated');
  const base = {
    obs: o,
    address: addressKey(o.server.address),
    noEdns: o.purpose === 'referral-no-edns' || !sentWithEdns(o),
    ns: [] as string[],
    nsTtls: [] as number[],
    glue: new Map<string, string[]>(),
    outOfBailiwick: new Map<string, string[]>(),
    ds: [] as DsData[],
    truncated,
    truncatedOverUdp,
    dnssecOk: o.options.dnssecOk === true,
  };
  if (!msg) return { ...base, kind: 'no-response' };
  if (msg.rcode === 'NXDOMAIN') return { ...base, kind: 'nxdomain' };
  if (msg.rcode !== 'NOERROR') return { ...base, kind: 'failure' };
  let nsRecords = records(msg, 'authority', zone, 'NS');
  let kind: ReferralKind = 'referral';
  if (nsRecords.length === 0) {
    nsRecords = records(msg, 'answer', zone, 'NS');
    kind = 'answer';
  }
  if (nsRecords.length === 0) {
    const nodata = msg.flags.aa && records(msg, 'authority', undefined, 'SOA').length > 0;
    return { ...base, kind: nodata ? 'nodata' : 'failure' };
  }
  const ns = uniqueSorted(nsRecords.map((rr) => canonicalName(String(rr.data))));
  // The walker's own split (read-reply.ts), so the checks judge the glue the walk used.
  const { inside, outside } = addressesInBailiwick(msg.additional, new Set(ns), parent);
  const glue = addressesByName(inside);
  const outOfBailiwick = addressesByName(outside);
  const dsSection = kind === 'referral' ? 'authority' : 'answer';
  const ds = records(msg, dsSection, zone, 'DS').map((rr) => rr.data).filter(isDs);
  return { ...base, kind, ns, nsTtls: nsRecords.map((rr) => rr.ttl), glue, outOfBailiwick, ds };
}

/** A parent server's answer to `<zone> DS` ('ds' probe). */
export interface DsAnswer {
  obs: Observation;
  address: string;
  /**
   * The parent's word on the DS RRset: an authoritative answer with the DS RRset, or an
   * authoritative NODATA whose SOA is an ancestor's (the parent's), not the zone's own.
   */
  usable: boolean;
  ds: DsData[];
}

function readDsAnswer(o: Observation, zone: string): DsAnswer {
  const msg = o.response;
  const base = { obs: o, address: addressKey(o.server.address), ds: [] as DsData[] };
  if (!msg || !msg.flags.aa || msg.flags.tc || msg.rcode !== 'NOERROR') return { ...base, usable: false };
  const ds = records(msg, 'answer', zone, 'DS').map((rr) => rr.data).filter(isDs);
  if (ds.length > 0) return { ...base, usable: true, ds };
  const soa = records(msg, 'authority', undefined, 'SOA')[0];
  const fromAbove = soa !== undefined && isSubdomain(zone, soa.name) && !sameName(soa.name, zone);
  return { ...base, usable: fromAbove && records(msg, 'answer').length === 0 };
}


/** The parent's DS set of a zone, as the checks and the report's pages both read it. */
export interface ParentDs {
  /** Whether the parent's DS set (possibly empty) is known. */
  dsKnown: boolean;
  ds: DsData[];
  /** The parent's answers that show the DS set. */
  dsEvidence: Observation[];
}

/**
 * The parent's DS set: from its authoritative answers to `<zone> DS`, asked of every parent
 * server. Only when none is usable (a capture without them, every one failed), from referrals
 * asked with DO, which carry the DS with the NS (RFC 4035 3.1.4) but say nothing when the server
 * answered from the child instead.
 */
export function readParentDs(view: Pick<ZoneView, 'dsAnswers' | 'delegations'>): ParentDs {
  const answers = view.dsAnswers.filter((a) => a.usable);
  const sources = answers.length > 0 ? answers : view.delegations.filter((r) => r.dnssecOk && r.kind === 'referral');
  return { dsKnown: sources.length > 0, ds: uniqueBy(sources.flatMap((s) => s.ds), dsKey), dsEvidence: sources.map((s) => s.obs) };
}

// ───────────── the zone's own servers ─────────────

export interface Lameness {
  obs: Observation;
  reason: LameReason;
  detail: string;
}

export interface ServerView {
  address: string;
  family: 4 | 6;
  /** NS names with this address (canonical), or the name the walker gave the query. */
  names: string[];
  /** The address policy refused it: nothing was sent. */
  blocked?: string;
  /** Observations sent to this address about this zone, capture order (incl. referrals it gave). */
  probes: Observation[];
  /** Whether any probe was sent; and whether any got a response. */
  probed: boolean;
  answered: boolean;
  /** Lame answers among the apex SOA/NS probes (EDNS trouble set aside: that is ns.edns-broken). */
  lame: Lameness[];
  /** At least one apex probe judged, and every one authoritative. */
  authoritative: boolean;
  soa: { obs: Observation; data: SoaData }[];
  ns: { obs: Observation; names: string[]; ttls: number[] }[];
}

/** The label for one server in summaries: `ns1.example.test./192.0.2.1`. */
export function serverLabel(s: { names: string[]; address: string }): string {
  return `${s.names[0] ?? '?'}/${s.address}`;
}

/** EDNS trouble, not lameness: FORMERR/NOTIMP/BADVERS to a query that carried OPT. */
export function isEdnsRejection(o: Observation): boolean {
  const rcode = o.response?.rcode;
  return sentWithEdns(o) && (rcode === 'FORMERR' || rcode === 'NOTIMP' || rcode === 'BADVERS');
}

function readServer(address: string, names: string[], blocked: string | undefined, probes: Observation[], zone: string): ServerView {
  const sent = probes.filter(isServerEvidence);
  const answered = sent.some((o) => o.response !== undefined);
  const apex = probes.filter((o) => (o.purpose === 'apex-soa' || o.purpose === 'apex-ns') && o.response && sameName(o.question.name, zone));
  let judged = apex.filter((o) => !isEdnsRejection(o));
  // When the EDNS probes were all rejected, judge the server by its answer without EDNS.
  if (judged.length === 0) judged = probes.filter((o) => o.purpose === 'soa-no-edns' && o.response && !isEdnsRejection(o));
  const lame: Lameness[] = [];
  const soa: ServerView['soa'] = [];
  const ns: ServerView['ns'] = [];
  for (const o of judged) {
    const msg = o.response as DecodedMessage;
    const qtype = o.question.type.toUpperCase();
    const verdict = judgeApexAnswer(msg, zone, qtype);
    if (!verdict.authoritative) {
      lame.push({ obs: o, reason: verdict.reason, detail: verdict.detail });
      continue;
    }
    if (o.purpose === 'apex-soa') {
      const rr = records(msg, 'answer', zone, 'SOA').find((r) => isSoa(r.data));
      if (rr) soa.push({ obs: o, data: rr.data as SoaData });
    } else if (o.purpose === 'apex-ns') {
      const rrs = records(msg, 'answer', zone, 'NS');
      ns.push({ obs: o, names: uniqueSorted(rrs.map((r) => canonicalName(String(r.data)))), ttls: rrs.map((r) => r.ttl) });
    }
  }
  return {
    address,
    family: addressFamily(address),
    names,
    ...(blocked !== undefined ? { blocked } : {}),
    probes,
    probed: sent.length > 0,
    answered,
    lame,
    authoritative: judged.length > 0 && lame.length === 0,
    soa,
    ns,
  };
}

// ───────────── one zone ─────────────

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

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

export function readZone(capture: Capture, cut: ZoneCut): ZoneView {
  const zone = canonicalName(cut.zone);
  const parent = cut.parent === null ? null : canonicalName(cut.parent);
  const byPurpose = new Map<ProbePurpose, Observation[]>();
  const byAddress = new Map<string, Observation[]>();
  const referrals: ReferralView[] = [];
  const referralsNoEdns: ReferralView[] = [];
  const dsAnswers: DsAnswer[] = [];
  for (const o of capture.observations) {
    const purpose = o.purpose;
    if (!purpose) continue;
    const address = addressKey(o.server.address);
    const qname = canonicalName(o.question.name);
    if ((purpose === 'referral' || purpose === 'referral-no-edns') && qname === zone && parent !== null) {
      (purpose === 'referral' ? referrals : referralsNoEdns).push(readReferral(o, zone, parent));
    }
    if (purpose === 'ds' && qname === zone && parent !== null) dsAnswers.push(readDsAnswer(o, zone));
    const isChildProbe = CHILD_PURPOSES.has(purpose) && o.zone !== undefined && canonicalName(o.zone) === zone;
    // A referral this zone's servers gave for a name below it also shows whether they answer.
    const isReferralFromHere =
      (purpose === 'referral' || purpose === 'referral-no-edns' || purpose === 'referral-full-qname') && qname !== zone && isSubdomain(qname, zone);
    if (isChildProbe) push(byPurpose, purpose, o);
    if (isChildProbe || isReferralFromHere) push(byAddress, address, o);
  }

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
  const parentNs = delegating.length > 0 ? uniqueSorted(delegating.flatMap((r) => r.ns)) : uniqueSorted(cut.parentNs.map(canonicalName));
  const childAnswers = servers.flatMap((s) => s.ns);
  const childNs = childAnswers.length > 0 ? uniqueSorted(childAnswers.flatMap((a) => a.names)) : uniqueSorted(cut.childNs.map(canonicalName));
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
