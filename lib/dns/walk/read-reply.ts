// What a single reply says, read the way the walker needs it: is this a delegation, an
// authoritative "no such cut", an alias, or nothing usable? Pure functions of one Observation.
// They only steer the walk; judging a reply (lame, wrong flags, mismatched sets) is for the checks,
// which see the same Observation.
import type { Observation } from '@/lib/dns/capture';
import type { DecodedMessage, ResourceRecord } from '@/lib/dns/wire/types';
import { canonicalName, isSameName, isSubdomain } from '@/lib/dns/wire/name';
import { canonicalAddress } from '@/lib/dns/address';

export interface FoundAddress {
  /** Canonical owner name of the A/AAAA record. */
  name: string;
  address: string;
  family: 4 | 6;
}

/** How a parent's reply to `<candidate> NS` bears on whether the candidate is a zone cut. */
export type DelegationReply =
  /**
   * RFC 1034 4.3.2 step 3b: NS for the candidate in authority, glue in additional. Glue only for
   * names in the asking zone's bailiwick; addresses for NS names outside it are not glue (RFC 2181
   * 5.4.1, RFC 9471 2) and are kept apart, never used.
   */
  | { kind: 'referral'; nsNames: string[]; glue: FoundAddress[]; outOfBailiwick: FoundAddress[] }
  /**
   * The server answered for the candidate's apex itself (AA, NS RRset in the answer): it serves
   * the child as well as the parent, so this is the child's NS set, and its additional data is the
   * child's own.
   */
  | { kind: 'apex-answer'; nsNames: string[]; addresses: FoundAddress[]; outOfBailiwick: FoundAddress[] }
  /** The candidate is an alias (RFC 1034 3.6.2): not a cut. */
  | { kind: 'cname'; target: string }
  /** Authoritative NOERROR without NS for the candidate: the name exists and is not a cut. */
  | { kind: 'nodata' }
  /** Authoritative NXDOMAIN: the name does not exist, nor anything below it (RFC 8020). */
  | { kind: 'nxdomain' }
  /** No response, an error rcode, a referral elsewhere, a non-authoritative answer: says nothing. */
  | { kind: 'unusable'; reason: string };

/** NS targets of the RRset owned by `owner` in a section, canonical, first-seen order, no repeats. */
export function nsTargets(records: readonly ResourceRecord[], owner: string): string[] {
  const out: string[] = [];
  for (const rr of records) {
    if (rr.type !== 'NS' || typeof rr.data !== 'string' || !isSameName(rr.name, owner)) continue;
    const target = canonicalName(rr.data);
    if (!out.includes(target)) out.push(target);
  }
  return out;
}

/** A and AAAA records in `records` whose owner is one of `names` (canonical). */
export function addressesFor(records: readonly ResourceRecord[], names: ReadonlySet<string>): FoundAddress[] {
  const out: FoundAddress[] = [];
  for (const rr of records) {
    if ((rr.type !== 'A' && rr.type !== 'AAAA') || typeof rr.data !== 'string') continue;
    const name = canonicalName(rr.name);
    if (!names.has(name)) continue;
    const address = canonicalAddress(rr.data) ?? rr.data;
    if (out.some((a) => a.name === name && a.address === address)) continue;
    out.push({ name, address, family: rr.type === 'A' ? 4 : 6 });
  }
  return out;
}

/** The first CNAME owned by `name` in the answer section, as a canonical target. */
export function cnameTarget(message: DecodedMessage, name: string): string | undefined {
  const rr = message.answer.find((r) => r.type === 'CNAME' && typeof r.data === 'string' && isSameName(r.name, name));
  return rr ? canonicalName(rr.data as string) : undefined;
}

/**
 * Addresses in `records` for `names`, split by bailiwick: names at or below `zone` (what a server
 * of that zone may vouch for), and the rest. The one rule for glue: the checks (zone-view.ts) read
 * a referral's glue with it too.
 */
export function addressesInBailiwick(
  records: readonly ResourceRecord[],
  names: ReadonlySet<string>,
  zone: string,
): { inside: FoundAddress[]; outside: FoundAddress[] } {
  const all = addressesFor(records, names);
  return { inside: all.filter((a) => isSubdomain(a.name, zone)), outside: all.filter((a) => !isSubdomain(a.name, zone)) };
}

/** Read a reply to `<candidate> NS` asked of a server of the zone `bailiwick` (RD=0). */
export function readDelegationReply(observation: Observation, candidate: string, bailiwick: string): DelegationReply {
  const message = observation.response;
  if (!message) return { kind: 'unusable', reason: observation.error?.kind ?? 'no response' };
  if (message.flags.tc) return { kind: 'unusable', reason: 'truncated' };
  if (message.rcode === 'NXDOMAIN') {
    return message.flags.aa ? { kind: 'nxdomain' } : { kind: 'unusable', reason: 'NXDOMAIN without AA' };
  }
  if (message.rcode !== 'NOERROR') return { kind: 'unusable', reason: message.rcode };

  const answerNs = nsTargets(message.answer, candidate);
  if (answerNs.length > 0) {
    if (!message.flags.aa) return { kind: 'unusable', reason: 'NS answer without AA' };
    const { inside, outside } = addressesInBailiwick(message.additional, new Set(answerNs), bailiwick);
    return { kind: 'apex-answer', nsNames: answerNs, addresses: inside, outOfBailiwick: outside };
  }
  const alias = cnameTarget(message, candidate);
  if (alias) return message.flags.aa ? { kind: 'cname', target: alias } : { kind: 'unusable', reason: 'CNAME without AA' };

  // A referral is told by NS in authority for exactly the name asked (with QNAME minimisation the
  // candidate is one label below a zone we know). Some servers wrongly set AA on referrals; the
  // NS for the candidate still says where the cut is, and the checks see the flag.
  const referralNs = message.answer.length === 0 ? nsTargets(message.authority, candidate) : [];
  if (referralNs.length > 0) {
    const { inside, outside } = addressesInBailiwick(message.additional, new Set(referralNs), bailiwick);
    return { kind: 'referral', nsNames: referralNs, glue: inside, outOfBailiwick: outside };
  }
  if (!message.flags.aa) {
    const elsewhere = message.authority.find((rr) => rr.type === 'NS');
    return { kind: 'unusable', reason: elsewhere ? `referral to ${canonicalName(elsewhere.name)}` : 'no AA' };
  }
  return { kind: 'nodata' };
}

export type AddressStatus = 'ok' | 'nxdomain' | 'nodata' | 'cname' | 'failed';

export interface AddressReply {
  status: AddressStatus;
  /** Addresses of the name, or of its alias target when the reply carries the chain. */
  addresses: FoundAddress[];
  cnameTarget?: string;
}

/**
 * Read a reply to `<name> A` or `<name> AAAA`. `authoritative`: the question went to one of the
 * zone's own servers, so only an AA answer counts; a resolver's (RD) answer needs no AA.
 */
export function readAddressReply(observation: Observation, name: string, authoritative: boolean): AddressReply {
  const message = observation.response;
  const failed: AddressReply = { status: 'failed', addresses: [] };
  if (!message || message.flags.tc) return failed;
  if (authoritative && !message.flags.aa) return failed;
  if (message.rcode === 'NXDOMAIN') {
    // An alias whose target does not exist also ends in NXDOMAIN (RFC 6604): the CNAME is the fact.
    const alias = cnameTarget(message, name);
    return alias ? { status: 'cname', addresses: [], cnameTarget: alias } : { status: 'nxdomain', addresses: [] };
  }
  if (message.rcode !== 'NOERROR') return failed;

  // Follow the chain inside the answer (RFC 1034 4.3.2 step 3a puts it there), a bounded number
  // of hops so a loop in hostile data ends.
  const chain = new Set<string>([canonicalName(name)]);
  let end = canonicalName(name);
  let firstTarget: string | undefined;
  for (let hop = 0; hop < 8; hop++) {
    const next = cnameTarget(message, end);
    if (!next || chain.has(next)) break;
    firstTarget ??= next;
    chain.add(next);
    end = next;
  }
  const addresses = addressesFor(message.answer, new Set([end]));
  if (firstTarget) return { status: 'cname', addresses, cnameTarget: firstTarget };
  if (addresses.length > 0) return { status: 'ok', addresses };
  return { status: 'nodata', addresses: [] };
}

/** Several readings of one name's look-ups → one status: an alias is the fact that matters most. */
export function combineAddressStatus(statuses: readonly AddressStatus[]): AddressStatus | undefined {
  const order: AddressStatus[] = ['cname', 'ok', 'nxdomain', 'nodata', 'failed'];
  return order.find((s) => statuses.includes(s));
}

/** The owner of the SOA in a negative reply's authority section: the closest enclosing zone. */
export function negativeSoaOwner(message: DecodedMessage | undefined): string | undefined {
  const soa = message?.authority.find((rr) => rr.type === 'SOA');
  return soa ? canonicalName(soa.name) : undefined;
}
