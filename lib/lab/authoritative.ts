// What a lab server sends back for one query: the logic of an authoritative-only server (RFC 1034
// 4.3.2, RFC 4035 3.1 for DNSSEC, RFC 6891 for EDNS, RFC 9471 for glue), then the server's
// misbehaviour from the manifest. Pure: bytes in, bytes (or silence) out; no sockets, no clock.
import type { DecodedMessage, ResourceRecord, RrsigData, RRType } from '@/lib/dns/wire/types';
import { canonicalName, decodeMessage, encodeMessage, isSubdomain, labelCount, parentName, truncateForUdp, type MessageInput } from '@/lib/dns/wire';
import { bytesAfterId, withId } from '@/lib/dns/wire/message-id';
import type { LabServerInstance, ServedZone } from '@/lib/lab/build-lab';
import { LAB_RESOLVER_ADDRESS } from '@/lib/lab/manifest';
import { closestEncloserProof, coveringNsec, coveringNsec3, findCut, matchingNsec3, negativeTtl, type LabZone } from '@/lib/lab/lab-zone';

/** The payload size lab servers advertise and accept over UDP (DNS Flag Day 2020). */
export const LAB_SERVER_UDP_SIZE = 1232;
/** RFC 1035 4.2.1: without EDNS a UDP answer is at most 512 octets. */
const CLASSIC_UDP_SIZE = 512;
// Enough for any chain in the lab; stops a CNAME loop in a zone file.
const MAX_CNAME_CHAIN = 8;

export type LabWire = 'udp' | 'tcp';

/** An answer before it meets the size limit, with the glue RFC 9471 says must fit or set TC. */
export interface LabAnswer {
  message: MessageInput;
  requiredGlue: ResourceRecord[];
}

/** Whether the server takes TCP connections at all (`udp-only` refuses them). */
export function acceptsTcp(server: LabServerInstance): boolean {
  return server.behaviour !== 'udp-only';
}

/**
 * One packet in, the reply's bytes out, or null when the server stays silent (its behaviour, or
 * input it cannot even take a header from). Over UDP the reply is cut to the requester's size.
 * `from`: the querier's address, when the server is to know it (the lab resolver says so).
 */
export function serveQuery(server: LabServerInstance, packet: Uint8Array, wire: LabWire, from?: string): Buffer | null {
  if (server.behaviour === 'silent') return null;
  if (server.behaviour === 'blocks-resolver' && from === LAB_RESOLVER_ADDRESS) return null;
  // A reply depends on the packet but its ID, the wire and the server, all fixed once the lab is
  // built: kept per server, it is encoded once however many checks ask. On the network that work
  // is the remote server's; in the lab it would otherwise sit in the checking process's time.
  if (packet.length < 12 || packet.length > MAX_KEPT_QUERY) return answerPacket(server, packet, wire);
  let replies = REPLIES.get(server);
  if (!replies) REPLIES.set(server, (replies = new Map()));
  const key = `${wire} ${bytesAfterId(packet)}`;
  let reply = replies.get(key);
  if (reply === undefined) {
    reply = answerPacket(server, packet, wire);
    if (replies.size >= MAX_REPLIES_PER_SERVER) replies.delete(replies.keys().next().value!);
    replies.set(key, reply);
  } else {
    // The oldest first out: a reply asked again moves to the end.
    replies.delete(key);
    replies.set(key, reply);
  }
  if (reply === null) return null;
  return withId(reply, (packet[0]! << 8) | packet[1]!);
}

/** Replies kept per server (queries but their ID), and how many: the lab asks far fewer. */
const REPLIES = new WeakMap<LabServerInstance, Map<string, Buffer | null>>();
const MAX_REPLIES_PER_SERVER = 2048;
/** Queries longer than this (no walker's; a fuzzer's) are answered afresh, not kept. */
const MAX_KEPT_QUERY = 512;

function answerPacket(server: LabServerInstance, packet: Uint8Array, wire: LabWire): Buffer | null {
  const decoded = decodeMessage(packet);
  if (!decoded.ok) {
    // RFC 1035 4.1.1 FORMERR, when there is a header to answer; never answer a response.
    if (packet.length < 12 || (packet[2]! & 0x80) !== 0) return null;
    return encodeMessage({ id: (packet[0]! << 8) | packet[1]!, rcode: 'FORMERR', flags: { qr: true } });
  }
  // A response is never answered: two servers could otherwise bounce packets forever.
  if (decoded.message.flags.qr) return null;
  const answer = answerQuery(server, decoded.message);
  if (wire === 'tcp') return fitAnswer(answer, 0xffff);
  return server.behaviour === 'glue-without-tc' ? fitGlueWithoutTc(answer, udpLimit(decoded.message)) : fitAnswer(answer, udpLimit(decoded.message));
}

/** RFC 6891 6.2.5: the requester's size, at least 512, at most what we offer. */
function udpLimit(query: DecodedMessage): number {
  if (!query.edns) return CLASSIC_UDP_SIZE;
  return Math.max(CLASSIC_UDP_SIZE, Math.min(query.edns.udpSize, LAB_SERVER_UDP_SIZE));
}

/** Encode within `limit`: whole RRsets; TC when the answer, authority or required glue is cut. */
export function fitAnswer({ message, requiredGlue }: LabAnswer, limit: number): Buffer {
  const full = encodeMessage(message);
  if (full.length <= limit) return full;
  const glueFits = requiredGlue.length === 0 || encodeMessage({ ...message, additional: requiredGlue }).length <= limit;
  return truncateForUdp(glueFits ? message : { ...message, flags: { ...message.flags, tc: true } }, limit);
}

/**
 * The `glue-without-tc` way (NSD 4.6, BIND 9.18): one address per NS name first (A before
 * AAAA), then the rest of the glue, cut where it stops fitting; TC only when the answer or
 * authority is cut, or when required glue exists and none of it fits.
 */
export function fitGlueWithoutTc({ message, requiredGlue }: LabAnswer, limit: number): Buffer {
  const additional = message.additional ?? [];
  const firstOfName = new Map<string, ResourceRecord>();
  for (const rr of [...additional.filter((r) => r.type === 'A'), ...additional.filter((r) => r.type !== 'A')]) {
    const owner = canonicalName(rr.name);
    if ((rr.type === 'A' || rr.type === 'AAAA') && !firstOfName.has(owner)) firstOfName.set(owner, rr);
  }
  const first = [...firstOfName.values()];
  const rest = [...additional.filter((r) => r.type === 'A' && !first.includes(r)), ...additional.filter((r) => r.type !== 'A' && !first.includes(r))];
  // One record at a time (not whole RRsets), as those servers fill the packet.
  const kept: ResourceRecord[] = [];
  for (const rr of [...first, ...rest]) {
    if (encodeMessage({ ...message, additional: [...kept, rr] }).length <= limit) kept.push(rr);
  }
  const cut = { ...message, additional: kept };
  const noGlue = requiredGlue.length > 0 && !kept.some((rr) => requiredGlue.includes(rr));
  return truncateForUdp(noGlue ? { ...cut, flags: { ...cut.flags, tc: true } } : cut, limit);
}

/** The answer to a decoded query, as this server gives it (behaviours applied), before sizing. */
export function answerQuery(server: LabServerInstance, query: DecodedMessage): LabAnswer {
  const reply = (fields: Partial<MessageInput>, requiredGlue: ResourceRecord[] = []): LabAnswer => ({
    message: {
      id: query.id,
      opcode: query.opcode,
      question: query.question,
      ...fields,
      // RFC 1035 4.1.1 copies RD; RFC 4035 3.2.2 copies CD; RFC 3225 3 copies DO into the OPT.
      flags: { qr: true, rd: query.flags.rd, cd: query.flags.cd, ...fields.flags },
      ...(query.edns ? { edns: { udpSize: LAB_SERVER_UDP_SIZE, version: 0, dnssecOk: query.edns.dnssecOk, options: [] } } : {}),
    },
    requiredGlue,
  });

  // A server from before RFC 6891: it cannot parse OPT, and answers without one.
  if (server.behaviour === 'formerr-on-edns' && query.edns) {
    return {
      message: { id: query.id, opcode: query.opcode, question: query.question, rcode: 'FORMERR', flags: { qr: true, rd: query.flags.rd } },
      requiredGlue: [],
    };
  }
  if (query.opcode !== 'QUERY') return reply({ rcode: 'NOTIMP' });
  if (query.edns && query.edns.version !== 0) return reply({ rcode: 'BADVERS' }); // RFC 6891 6.1.3
  const question = query.question[0];
  if (query.question.length !== 1 || !question) return reply({ rcode: 'FORMERR' });
  if ((question.class ?? 'IN').toUpperCase() !== 'IN') return reply({ rcode: 'REFUSED' });

  const qname = canonicalName(question.name);
  const qtype = question.type.toUpperCase();
  const served = pickZone(server, qname, qtype);
  if (!served) return reply({ rcode: 'REFUSED' });
  if (served.behaviour === 'refused') return reply({ rcode: 'REFUSED' });
  if (served.behaviour === 'servfail') return reply({ rcode: 'SERVFAIL' });

  const found = lookup(served.zone, qname, qtype, query.edns?.dnssecOk ?? false);
  if (served.behaviour === 'no-denial') found.authority = found.authority.filter((rr) => !isDenial(rr));
  if (served.behaviour === 'out-of-zone-glue' && !found.authoritative) found.additional.push(...outOfZoneGlue(served.zone, found.authority));
  // A server from before RFC 8020 takes a name without records of its own for one that does not
  // exist, though names below it do.
  const brokenEnt = server.behaviour === 'nxdomain-for-ent' && isEmptyNonTerminal(served.zone, qname);
  return reply(
    {
      rcode: brokenEnt ? 'NXDOMAIN' : found.rcode,
      flags: { aa: found.authoritative && served.behaviour !== 'no-aa' },
      answer: found.answer,
      authority: found.authority,
      additional: found.additional,
    },
    found.requiredGlue,
  );
}

/** A name of the zone with no records of its own, only names below it, and no cut above it. */
function isEmptyNonTerminal(zone: LabZone, name: string): boolean {
  return zone.names.has(name) && !zone.rrsets.has(name) && findCut(zone, name) === undefined;
}

/**
 * The most specific zone the server has for the name; for DS at a cut the server also serves
 * the parent of, the parent's side (RFC 4035 3.1.4.1: DS lives in the parent).
 */
function pickZone(server: LabServerInstance, qname: string, qtype: RRType): ServedZone | undefined {
  const candidates = server.zones.filter((z) => isSubdomain(qname, z.zone.apex)).sort((a, b) => labelCount(b.zone.apex) - labelCount(a.zone.apex));
  const best = candidates[0];
  if (qtype === 'DS' && best && best.zone.apex === qname && candidates[1]) return candidates[1];
  return best;
}

interface Lookup {
  rcode: 'NOERROR' | 'NXDOMAIN';
  authoritative: boolean;
  answer: ResourceRecord[];
  authority: ResourceRecord[];
  additional: ResourceRecord[];
  requiredGlue: ResourceRecord[];
}

/** RFC 1034 4.3.2 steps 3a-3c within one zone; no wildcards (the lab has none). */
export function lookup(zone: LabZone, qname: string, qtype: RRType, dnssecOk: boolean): Lookup {
  const withSigs = (owner: string, type: RRType, set: readonly ResourceRecord[], ttl?: number): ResourceRecord[] => {
    const sigs = dnssecOk ? (zone.signatures.get(owner)?.get(type) ?? []) : [];
    const all = [...set, ...sigs];
    return ttl === undefined ? all : all.map((rr) => ({ ...rr, ttl }));
  };
  const get = (owner: string, type: RRType) => zone.rrsets.get(owner)?.get(type);

  /**
   * The signed records that prove `name` absent (nxdomain) or without the type asked (nodata):
   * NSEC (RFC 4035 3.1.3) or NSEC3 (RFC 5155 7.2); none without DO or in an unsigned zone.
   */
  const denial = (name: string, kind: 'nodata' | 'nxdomain'): ResourceRecord[] => {
    if (!dnssecOk || !zone.signed) return [];
    let owners: (string | undefined)[];
    let type: 'NSEC' | 'NSEC3' = 'NSEC';
    if (zone.nsec3) {
      type = 'NSEC3';
      const match = kind === 'nodata' ? matchingNsec3(zone, name) : undefined;
      // No NSEC3 of its own (a name under Opt-Out): the closest encloser proof, whose covering
      // NSEC3 has the Opt-Out flag (RFC 5155 7.2.3, 7.2.4, 7.2.7); for NXDOMAIN also the wildcard's.
      const proof = match ? undefined : closestEncloserProof(zone, name);
      owners = match ? [match] : [...proof!.owners, ...(kind === 'nxdomain' ? [coveringNsec3(zone, wildcardAt(proof!.encloser))] : [])];
    } else if (kind === 'nodata') {
      owners = [zone.rrsets.get(name)?.has('NSEC') ? name : coveringNsec(zone, name)];
    } else {
      // RFC 4035 3.1.3.2: one NSEC covers the name, one the wildcard at the closest encloser.
      let encloser = name;
      while (!zone.names.has(encloser)) encloser = parentName(encloser) ?? zone.apex;
      owners = [coveringNsec(zone, name), coveringNsec(zone, wildcardAt(encloser))];
    }
    const sets = type === 'NSEC3' ? zone.nsec3!.records : undefined;
    return [...new Set(owners)].flatMap((owner) => (owner === undefined ? [] : withSigs(owner, type, sets ? sets.get(owner)! : get(owner, 'NSEC')!)));
  };

  const cut = findCut(zone, qname);
  if (cut !== undefined && !(cut === qname && qtype === 'DS')) return referral(zone, cut, dnssecOk, withSigs, denial);

  const answer: ResourceRecord[] = [];
  const negative = (rcode: Lookup['rcode'], name: string): Lookup => {
    const authority = [...withSigs(zone.apex, 'SOA', [zone.soa], negativeTtl(zone.soa)), ...denial(name, rcode === 'NXDOMAIN' ? 'nxdomain' : 'nodata')];
    return { rcode, authoritative: true, answer, authority, additional: [], requiredGlue: [] };
  };

  const visited = new Set<string>();
  let name = qname;
  for (;;) {
    visited.add(name);
    const node = zone.rrsets.get(name);
    if (!node) return negative(zone.names.has(name) ? 'NOERROR' : 'NXDOMAIN', name); // an empty non-terminal is NODATA
    if (qtype === 'ANY') {
      for (const [type, set] of node) answer.push(...withSigs(name, type, set));
      break;
    }
    if (qtype === 'RRSIG') {
      // Signatures are kept by the type they cover; asked for directly, they are one answer.
      const sigs = [...(zone.signatures.get(name)?.values() ?? [])].flat();
      if (sigs.length === 0) return negative('NOERROR', name);
      answer.push(...sigs);
      break;
    }
    const set = node.get(qtype);
    if (set) {
      answer.push(...withSigs(name, qtype, set));
      break;
    }
    const cname = node.get('CNAME');
    if (!cname) return negative('NOERROR', name);
    answer.push(...withSigs(name, 'CNAME', cname));
    // RFC 1034 4.3.2 step 3a: go on with the target while it is our own authoritative data.
    const target = canonicalName(cname[0]!.data as string);
    if (visited.size >= MAX_CNAME_CHAIN || visited.has(target) || !isSubdomain(target, zone.apex) || findCut(zone, target) !== undefined) break;
    name = target;
  }

  // RFC 1035 3.3.9 / 3.3.11: addresses of NS and MX targets that we hold, as additional data.
  const additional: ResourceRecord[] = [];
  for (const rr of answer) {
    const target = rr.type === 'NS' ? (rr.data as string) : rr.type === 'MX' ? (rr.data as { exchange: string }).exchange : undefined;
    if (target === undefined) continue;
    const owner = canonicalName(target);
    if (!isSubdomain(owner, zone.apex)) continue;
    const glue = findCut(zone, owner) !== undefined;
    for (const type of ['A', 'AAAA']) {
      const addresses = get(owner, type);
      if (addresses) additional.push(...(glue ? addresses : withSigs(owner, type, addresses)));
    }
  }
  return { rcode: 'NOERROR', authoritative: true, answer, authority: [], additional: dedupe(additional), requiredGlue: [] };
}

/** RFC 1034 4.3.2 step 3b: the cut's NS, its DS (or the NSEC proving none), and the glue. */
function referral(
  zone: LabZone,
  cut: string,
  dnssecOk: boolean,
  withSigs: (owner: string, type: RRType, set: readonly ResourceRecord[]) => ResourceRecord[],
  denial: (name: string, kind: 'nodata') => ResourceRecord[],
): Lookup {
  const byType = zone.rrsets.get(cut)!;
  const ns = byType.get('NS')!;
  const authority = [...ns];
  if (dnssecOk && zone.signed) {
    const ds = byType.get('DS');
    // RFC 4035 3.1.4, RFC 5155 7.2.7: DS with its signature, or the signed proof that there is none.
    authority.push(...(ds ? withSigs(cut, 'DS', ds) : denial(cut, 'nodata')));
  }
  const additional: ResourceRecord[] = [];
  const requiredGlue: ResourceRecord[] = [];
  for (const rr of ns) {
    const target = canonicalName(rr.data as string);
    if (!isSubdomain(target, zone.apex)) continue;
    for (const type of ['A', 'AAAA']) {
      const addresses = zone.rrsets.get(target)?.get(type) ?? [];
      additional.push(...addresses);
      // RFC 9471 2: glue for in-domain name servers is required; sibling glue is optional.
      if (isSubdomain(target, cut)) requiredGlue.push(...addresses);
    }
  }
  return { rcode: 'NOERROR', authoritative: false, answer: [], authority, additional: dedupe(additional), requiredGlue };
}

/** NSEC, NSEC3 and the RRSIGs over them: what `no-denial` leaves out. */
function isDenial(rr: ResourceRecord): boolean {
  const type = rr.type === 'RRSIG' ? (rr.data as RrsigData).typeCovered : rr.type;
  return type === 'NSEC' || type === 'NSEC3';
}

/** What `out-of-zone-glue` adds to a referral: the zone file's addresses for NS names outside the zone. */
function outOfZoneGlue(zone: LabZone, authority: readonly ResourceRecord[]): ResourceRecord[] {
  return authority.flatMap((rr) => (rr.type === 'NS' ? (zone.outOfZone.get(canonicalName(rr.data as string)) ?? []) : []));
}

/** The wildcard directly below `name` (`*.` at the root). */
function wildcardAt(name: string): string {
  return name === '.' ? '*.' : `*.${name}`;
}

function dedupe(records: ResourceRecord[]): ResourceRecord[] {
  return [...new Set(records)];
}
