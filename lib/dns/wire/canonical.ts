// DNSSEC canonical form (RFC 4034 6) and the data an RRSIG signs (RFC 4034 3.1.8.1). The lab signs
// with rrsigSignedData and the verifier checks with it, so both sides agree by construction.
import type { RData, ResourceRecord, RrsigData } from '@/lib/dns/wire/types';
import { MessageWriter } from '@/lib/dns/wire/message-writer';
import { canonicalName, labels as nameLabels } from '@/lib/dns/wire/name';
import { lowercaseLabel, parseName } from '@/lib/dns/wire/name-text';
import { encodeRdata, T } from '@/lib/dns/wire/rdata-codec';
import { classNumber, typeNumber } from '@/lib/dns/wire/rr-types';
import { wireFail } from '@/lib/dns/wire/wire-error';

function compareOctets(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const d = (a[i] as number) - (b[i] as number);
    if (d !== 0) return d;
  }
  return a.length - b.length;
}

/**
 * RFC 4034 6.1 canonical name order: label by label from the right, each label's octets compared
 * after lowercasing, a missing label sorting first. Negative, zero or positive.
 */
export function compareCanonicalNames(a: string, b: string): number {
  const la = parseName(a).map(lowercaseLabel).reverse();
  const lb = parseName(b).map(lowercaseLabel).reverse();
  const n = Math.min(la.length, lb.length);
  for (let i = 0; i < n; i++) {
    const d = compareOctets(la[i] as Uint8Array, lb[i] as Uint8Array);
    if (d !== 0) return d;
  }
  return la.length - lb.length;
}

/**
 * RDATA with the RFC 4034 6.2 names lowercased, among the types we model: NS, CNAME, DNAME, PTR,
 * SOA, MX and the RRSIG signer. Not NSEC's next name (RFC 6840 5.1), and not names inside
 * RFC 3597 opaque data. NSEC3 and NSEC3PARAM carry no names (their hex and base32hex fields are
 * octets on the wire, so their case never matters).
 */
export function canonicalRdata(type: string, data: RData): Buffer {
  const number = typeNumber(type) ?? wireFail('unknown-type', `unknown type "${type}"`);
  let lowered: RData = data;
  if (typeof data === 'object' && data !== null && !Array.isArray(data) && !('unknown' in data)) {
    if (number === T.SOA && 'mname' in data) lowered = { ...data, mname: canonicalName(data.mname), rname: canonicalName(data.rname) };
    else if (number === T.MX && 'exchange' in data) lowered = { ...data, exchange: canonicalName(data.exchange) };
    else if (number === T.RRSIG && 'signerName' in data) lowered = { ...data, signerName: canonicalName(data.signerName) };
  } else if (typeof data === 'string' && (number === T.NS || number === T.CNAME || number === T.DNAME || number === T.PTR)) {
    lowered = canonicalName(data);
  }
  return encodeRdata(number, lowered);
}

/** One RR in canonical wire form (RFC 4034 6.2): lowercase owner, no compression, given TTL. */
function writeCanonicalRecord(w: MessageWriter, owner: string, type: number, klass: number, ttl: number, rdata: Uint8Array): void {
  w.name(canonicalName(owner), false);
  w.u16(type);
  w.u16(klass);
  w.u32(ttl);
  w.u16(rdata.length);
  w.bytes(rdata);
}

interface RrsetShape {
  type: number;
  klass: number;
  rdatas: Buffer[];
}

/** Check the records form one RRset, and put their canonical RDATA in RFC 4034 6.3 order. */
function canonicalRrsetShape(rrset: readonly ResourceRecord[]): RrsetShape {
  const first = rrset[0] ?? wireFail('bad-input', 'an empty RRset');
  const type = typeNumber(first.type) ?? wireFail('unknown-type', `unknown type "${first.type}"`);
  const klass = classNumber(first.class ?? 'IN') ?? wireFail('bad-input', `unknown class "${first.class}"`);
  const owner = canonicalName(first.name);
  for (const rr of rrset) {
    if (canonicalName(rr.name) !== owner || typeNumber(rr.type) !== type || classNumber(rr.class ?? 'IN') !== klass) {
      wireFail('bad-input', `${rr.name} ${rr.class} ${rr.type} is not in the RRset ${first.name} ${first.class} ${first.type}`);
    }
  }
  const sorted = rrset.map((rr) => canonicalRdata(rr.type, rr.data)).sort(compareOctets);
  // RFC 2181 5: an RRset has no duplicate records, so identical ones count once.
  const rdatas = sorted.filter((r, i) => i === 0 || compareOctets(r, sorted[i - 1] as Buffer) !== 0);
  return { type, klass, rdatas };
}

/**
 * The RRset in canonical form and order (RFC 4034 6.3), each RR with `ttl` (for signing: the
 * RRSIG's Original TTL, RFC 4034 3.1.8.1), concatenated.
 */
export function canonicalRrset(rrset: readonly ResourceRecord[], ttl?: number): Buffer {
  const { type, klass, rdatas } = canonicalRrsetShape(rrset);
  const owner = (rrset[0] as ResourceRecord).name;
  const w = new MessageWriter();
  for (const rdata of rdatas) writeCanonicalRecord(w, owner, type, klass, ttl ?? (rrset[0] as ResourceRecord).ttl, rdata);
  return w.finish();
}

export type UnsignedRrsig = Omit<RrsigData, 'signature'> & { signature?: string };

/**
 * RFC 4034 3.1.8.1: signature = sign(RRSIG_RDATA without the signature | RR(1) | RR(2)…), the
 * signer's name lowercased, each RR canonical with the Original TTL. When the RRSIG's Labels is
 * less than the owner's label count, the RRset was expanded from a wildcard: the owner becomes
 * `*.` plus the rightmost Labels labels (RFC 4035 5.3.2). Throws WireFormatError on an RRSIG that
 * cannot cover the RRset (wrong type, more labels than the owner).
 */
export function rrsigSignedData(rrsig: UnsignedRrsig, rrset: readonly ResourceRecord[]): Buffer {
  const { type, klass, rdatas } = canonicalRrsetShape(rrset);
  const covered = typeNumber(rrsig.typeCovered) ?? wireFail('unknown-type', `unknown type covered "${rrsig.typeCovered}"`);
  if (covered !== type) wireFail('bad-input', `the RRSIG covers ${rrsig.typeCovered}, the RRset is ${(rrset[0] as ResourceRecord).type}`);

  const ownerLabels = nameLabels((rrset[0] as ResourceRecord).name);
  // RFC 4034 3.1.3: the Labels field does not count a leading wildcard label.
  const counted = ownerLabels[0] === '*' ? ownerLabels.length - 1 : ownerLabels.length;
  if (rrsig.labels > counted) wireFail('bad-input', `RRSIG Labels ${rrsig.labels} is more than the owner's ${counted} labels`);
  const owner = rrsig.labels < counted ? ['*', ...ownerLabels.slice(ownerLabels.length - rrsig.labels)].join('.') + '.' : (rrset[0] as ResourceRecord).name;

  const w = new MessageWriter();
  w.u16(covered);
  w.u8(rrsig.algorithm);
  w.u8(rrsig.labels);
  w.u32(rrsig.originalTtl);
  w.u32(rrsig.expiration);
  w.u32(rrsig.inception);
  w.u16(rrsig.keyTag);
  w.name(canonicalName(rrsig.signerName), false);
  for (const rdata of rdatas) writeCanonicalRecord(w, owner, type, klass, rrsig.originalTtl, rdata);
  return w.finish();
}
