// One loaded copy of a lab zone: its records indexed the way an authoritative server looks them
// up (RFC 1034 4.3.2), and, for a signed zone, with DNSKEY, CDS/CDNSKEY, NSEC (RFC 4034 4) and
// RRSIG records added. Built once at start; read-only afterwards.
import type { Nsec3Data, ResourceRecord, RrsigData, RRType, SoaData } from '@/lib/dns/wire/types';
import { nsec3Hash, NSEC3_SHA1 } from '@/lib/dns/dnssec/nsec3-hash';
import { signRrset, type SignatureWindow, type SigningKey } from '@/lib/dns/dnssec/sign';
import { canonicalName, compareCanonicalNames, isSubdomain, parentName, typeNumber } from '@/lib/dns/wire';
import { dsFromDnskey } from '@/lib/dns/dnssec/ds-digest';

export interface ZoneSigningInput {
  /** Every published key, in the DNSKEY RRset. Flags 257 (KSKs) sign DNSKEY, CDS and CDNSKEY. */
  keys: readonly SigningKey[];
  /** The published keys that sign (default all): per algorithm, KSKs the keyset, ZSKs the rest. */
  signers?: readonly SigningKey[];
  /** Apex RRsets whose RRSIGs get bytes flipped: a damaged signature of valid shape. */
  corrupt?: readonly RRType[];
  /** NSEC3 (RFC 5155, hash SHA-1) instead of NSEC; with `optOut`, delegations without DS stay out of the chain. */
  nsec3?: Nsec3Parameters;
  /** Keys announced to the parent in CDS (SHA-256) and CDNSKEY (RFC 7344 3). */
  cds?: readonly SigningKey[];
  window: SignatureWindow;
}

export interface Nsec3Parameters {
  iterations: number;
  /** Lowercase hex, '' for none (RFC 9276 3.1: none, and 0 iterations). */
  salt: string;
  optOut: boolean;
}

/** A zone's NSEC3 chain (RFC 5155 7.1). */
export interface Nsec3Chain extends Nsec3Parameters {
  /** The hashed owner labels (base32hex, lowercase), sorted: hash order. */
  hashes: readonly string[];
  /** Owner (`<hash>.<apex>`) → its NSEC3 record; kept apart from `rrsets`, as servers do. */
  records: ReadonlyMap<string, readonly ResourceRecord[]>;
}

export interface LabZone {
  /** Canonical apex: `healthy.test.`, `.` for the root. */
  apex: string;
  signed: boolean;
  soa: ResourceRecord;
  /** Every record, DNSSEC ones included, in canonical order, each RRset followed by its RRSIGs. */
  records: readonly ResourceRecord[];
  /** Canonical owner → type → RRset. RRSIGs are kept apart, by the type they cover. */
  rrsets: ReadonlyMap<string, ReadonlyMap<RRType, readonly ResourceRecord[]>>;
  signatures: ReadonlyMap<string, ReadonlyMap<RRType, readonly ResourceRecord[]>>;
  /** Delegation points: owners of NS records other than the apex. */
  cuts: ReadonlySet<string>;
  /** Names that exist in the zone, empty non-terminals included (RFC 8499). */
  names: ReadonlySet<string>;
  /** Owners of NSEC records in canonical order (signed zones with NSEC only). */
  nsecChain: readonly string[];
  /** The NSEC3 chain, for a zone signed with NSEC3; null otherwise. */
  nsec3: Nsec3Chain | null;
  /**
   * A and AAAA records of names outside the zone that its file holds (`outOfZone: 'keep'`):
   * canonical owner → records. Not zone data: never signed, exported or answered, only handed out
   * as if glue by a server with the `out-of-zone-glue` behaviour.
   */
  outOfZone: ReadonlyMap<string, readonly ResourceRecord[]>;
}

export interface BuildLabZoneOptions {
  /** Out-of-zone A/AAAA records: an error (default), or kept apart in `outOfZone`. */
  outOfZone?: 'reject' | 'keep';
}

// Lab TTLs for what the lab adds: an hour, as common practice for keys and their signals.
const KEY_TTL = 3600;

/** How long a negative answer may be cached: min(SOA TTL, SOA minimum) (RFC 2308 3, RFC 9077). */
export function negativeTtl(soa: ResourceRecord): number {
  return Math.min(soa.ttl, (soa.data as SoaData).minimum);
}

export function buildLabZone(apexName: string, input: readonly ResourceRecord[], signing?: ZoneSigningInput, options: BuildLabZoneOptions = {}): LabZone {
  const apex = canonicalName(apexName);
  const outOfZone = new Map<string, ResourceRecord[]>();
  const records: ResourceRecord[] = [];
  for (const rr of input) {
    if (!isSubdomain(rr.name, apex)) {
      if (options.outOfZone !== 'keep' || (rr.type !== 'A' && rr.type !== 'AAAA')) throw new Error(`${apex}: ${rr.name} ${rr.type} is outside the zone`);
      const owner = canonicalName(rr.name);
      outOfZone.set(owner, [...(outOfZone.get(owner) ?? []), rr]);
      continue;
    }
    records.push(rr);
    if (rr.type === 'RRSIG' || rr.type === 'NSEC' || rr.type === 'DNSKEY') {
      if (signing) throw new Error(`${apex}: ${rr.type} in a zone the lab signs; the lab writes those itself`);
    }
  }

  if (signing) {
    const apexRr = (type: RRType, data: ResourceRecord['data']): ResourceRecord => ({ name: apex, type, class: 'IN', ttl: KEY_TTL, data });
    for (const key of signing.keys) records.push(apexRr('DNSKEY', key.dnskey));
    for (const key of signing.cds ?? []) {
      records.push(apexRr('CDS', dsFromDnskey(apex, key.dnskey, 2)!));
      records.push(apexRr('CDNSKEY', key.dnskey));
    }
    // RFC 5155 4: flags 0 (Opt-Out is for the NSEC3 records only).
    const p = signing.nsec3;
    if (p) records.push(apexRr('NSEC3PARAM', { hashAlgorithm: NSEC3_SHA1, flags: 0, iterations: p.iterations, salt: p.salt }));
  }

  const rrsets = indexByOwnerAndType(records);
  const soaSet = rrsets.get(apex)?.get('SOA');
  if (soaSet?.length !== 1) throw new Error(`${apex}: needs exactly one SOA at the apex`);
  if (!rrsets.get(apex)?.get('NS')) throw new Error(`${apex}: needs NS records at the apex`);
  const soa = soaSet[0]!;

  const cuts = new Set([...rrsets.keys()].filter((owner) => owner !== apex && rrsets.get(owner)!.has('NS')));
  const names = new Set<string>();
  for (const owner of rrsets.keys()) {
    for (let n: string | null = owner; n !== null && isSubdomain(n, apex); n = parentName(n)) names.add(n);
  }

  const signatures = new Map<string, Map<RRType, ResourceRecord[]>>();
  let nsecChain: string[] = [];
  let nsec3: Nsec3Chain | null = null;
  const nsec3Index = new Map<string, Map<RRType, ResourceRecord[]>>();
  if (signing?.nsec3) {
    nsec3 = buildNsec3Chain(apex, rrsets, cuts, negativeTtl(soa), signing.nsec3);
    for (const [owner, set] of nsec3.records) nsec3Index.set(owner, new Map([['NSEC3', [...set]]]));
  } else if (signing) {
    // RFC 4035 2.3: every authoritative name and every delegation point, not occluded glue.
    nsecChain = [...rrsets.keys()].filter((owner) => !isBelowCut(owner, cuts, apex)).sort(compareCanonicalNames);
    const ttl = negativeTtl(soa);
    nsecChain.forEach((owner, i) => {
      const types = [...rrsets.get(owner)!.keys()].filter((t) => !cuts.has(owner) || t === 'NS' || t === 'DS');
      const next = nsecChain[(i + 1) % nsecChain.length]!;
      // In type-number order, as the bitmap decodes (RFC 4034 4.1.2).
      const bitmap = [...types, 'RRSIG', 'NSEC'].sort((a, b) => typeNumber(a)! - typeNumber(b)!);
      const nsec: ResourceRecord = { name: owner, type: 'NSEC', class: 'IN', ttl, data: { nextDomain: next, types: bitmap } };
      records.push(nsec);
      addTo(rrsets, owner, 'NSEC', nsec);
    });
  }
  if (signing) {
    const signers = signing.signers ?? signing.keys;
    const corrupt = new Set(signing.corrupt ?? []);
    for (const algorithm of new Set(signers.map((k) => k.dnskey.algorithm))) {
      const ksks = signers.filter((k) => k.dnskey.algorithm === algorithm && k.dnskey.flags === 257);
      const zsks = signers.filter((k) => k.dnskey.algorithm === algorithm && k.dnskey.flags === 256);
      for (const [owner, byType] of [...rrsets, ...nsec3Index]) {
        if (isBelowCut(owner, cuts, apex)) continue; // glue is not signed (RFC 4035 2.2)
        for (const [type, rrset] of byType) {
          // At a delegation point only DS and NSEC are the parent's own data.
          if (cuts.has(owner) && type !== 'DS' && type !== 'NSEC') continue;
          const keyset = type === 'DNSKEY' || type === 'CDS' || type === 'CDNSKEY' || zsks.length === 0 ? ksks : zsks;
          for (const key of keyset) {
            const rrsig = signRrset(rrset, key, signing.window);
            addTo(signatures, owner, type, owner === apex && corrupt.has(type) ? corruptSignature(rrsig) : rrsig);
          }
        }
      }
    }
  }

  return {
    apex,
    signed: signing !== undefined,
    soa,
    records: [...orderForDisplay(rrsets, signatures, apex), ...orderForDisplay(nsec3Index, signatures, apex)],
    rrsets,
    signatures,
    cuts,
    names,
    nsecChain,
    nsec3,
    outOfZone,
  };
}

/**
 * RFC 5155 7.1: an NSEC3 for every authoritative name, every delegation point (with Opt-Out: only
 * those with DS) and every empty non-terminal above them; glue and names below cuts have none.
 * The bitmap lists the types at the name (RRSIG when some RRset there is signed), never NSEC3.
 */
function buildNsec3Chain(
  apex: string,
  rrsets: ReadonlyMap<string, ReadonlyMap<RRType, readonly ResourceRecord[]>>,
  cuts: ReadonlySet<string>,
  ttl: number,
  params: Nsec3Parameters,
): Nsec3Chain {
  const insecureCut = (owner: string) => cuts.has(owner) && !rrsets.get(owner)!.has('DS');
  const owners = new Set<string>();
  for (const owner of rrsets.keys()) {
    if (isBelowCut(owner, cuts, apex) || (params.optOut && insecureCut(owner))) continue;
    for (let n: string | null = owner; n !== null && isSubdomain(n, apex); n = n === apex ? null : parentName(n)) owners.add(n);
  }
  const typesAt = (owner: string): RRType[] => {
    const types = [...(rrsets.get(owner)?.keys() ?? [])].filter((t) => !cuts.has(owner) || t === 'NS' || t === 'DS');
    const signed = types.length > 0 && !insecureCut(owner);
    return [...types, ...(signed ? ['RRSIG'] : [])].sort((a, b) => typeNumber(a)! - typeNumber(b)!);
  };
  const hashed = [...owners].map((owner) => ({ owner, hash: nsec3Hash(owner, NSEC3_SHA1, params.iterations, params.salt) }));
  hashed.sort((a, b) => (a.hash < b.hash ? -1 : a.hash > b.hash ? 1 : 0));
  const hashes = hashed.map((h) => h.hash);
  const records = new Map<string, ResourceRecord[]>();
  hashed.forEach(({ owner, hash }, i) => {
    const data: Nsec3Data = {
      hashAlgorithm: NSEC3_SHA1,
      flags: params.optOut ? NSEC3_OPT_OUT : 0,
      iterations: params.iterations,
      salt: params.salt,
      nextHashedOwner: hashes[(i + 1) % hashes.length]!,
      types: typesAt(owner),
    };
    const name = nsec3OwnerName(hash, apex);
    records.set(name, [{ name, type: 'NSEC3', class: 'IN', ttl, data }]);
  });
  return { ...params, hashes, records };
}

const NSEC3_OPT_OUT = 0x01; // RFC 5155 3.1.2.1

function nsec3OwnerName(hash: string, apex: string): string {
  return apex === '.' ? `${hash}.` : `${hash}.${apex}`;
}

/** The owner of the NSEC3 whose hash is `name`'s, if the chain has one. */
export function matchingNsec3(zone: LabZone, name: string): string | undefined {
  if (!zone.nsec3) return undefined;
  const hash = nsec3Hash(name, NSEC3_SHA1, zone.nsec3.iterations, zone.nsec3.salt);
  return zone.nsec3.hashes.includes(hash) ? nsec3OwnerName(hash, zone.apex) : undefined;
}

/** The owner of the NSEC3 that covers `name`'s hash: the last hash before it, wrapping round (RFC 5155 7.2.1). */
export function coveringNsec3(zone: LabZone, name: string): string | undefined {
  const chain = zone.nsec3;
  if (!chain || chain.hashes.length === 0) return undefined;
  const hash = nsec3Hash(name, NSEC3_SHA1, chain.iterations, chain.salt);
  const before = chain.hashes.filter((h) => h < hash);
  return nsec3OwnerName(before.at(-1) ?? chain.hashes.at(-1)!, zone.apex);
}

/**
 * The closest encloser proof for `name` (RFC 5155 7.2.1): the NSEC3 matching its closest provable
 * encloser, and the one covering the next closer name. Empty when `name` itself has an NSEC3.
 */
export function closestEncloserProof(zone: LabZone, name: string): { encloser: string; owners: string[] } {
  let nextCloser = name;
  for (let n: string | null = name; n !== null && isSubdomain(n, zone.apex); n = n === zone.apex ? null : parentName(n)) {
    const match = matchingNsec3(zone, n);
    if (match) return { encloser: n, owners: n === name ? [] : [match, coveringNsec3(zone, nextCloser)!] };
    nextCloser = n;
  }
  throw new Error(`${zone.apex}: no NSEC3 for the apex`);
}

/** The RRSIG with the first four octets of its signature inverted: same length and fields, no longer valid. */
function corruptSignature(rrsig: ResourceRecord): ResourceRecord {
  const data = rrsig.data as RrsigData;
  const bytes = Buffer.from(data.signature, 'base64');
  for (let i = 0; i < Math.min(4, bytes.length); i++) bytes[i] = bytes[i]! ^ 0xff;
  return { ...rrsig, data: { ...data, signature: bytes.toString('base64') } };
}

function addTo(index: Map<string, Map<RRType, ResourceRecord[]>>, owner: string, type: RRType, rr: ResourceRecord): void {
  let byType = index.get(owner);
  if (!byType) index.set(owner, (byType = new Map()));
  const set = byType.get(type);
  if (set) set.push(rr);
  else byType.set(type, [rr]);
}

function indexByOwnerAndType(records: readonly ResourceRecord[]): Map<string, Map<RRType, ResourceRecord[]>> {
  const index = new Map<string, Map<RRType, ResourceRecord[]>>();
  for (const rr of records) {
    const owner = canonicalName(rr.name);
    const existing = index.get(owner)?.get(rr.type);
    // RFC 2181 5.2: one TTL per RRset; the zone files are ours, so a mismatch is a typo.
    if (existing && existing[0]!.ttl !== rr.ttl) throw new Error(`${rr.name} ${rr.type}: records of one RRset with different TTLs`);
    addTo(index, owner, rr.type, rr);
  }
  return index;
}

/** Strictly below some zone cut: glue or occluded data, not the zone's authoritative data. */
export function isBelowCut(name: string, cuts: ReadonlySet<string>, apex: string): boolean {
  for (let n = parentName(name); n !== null && n !== apex && isSubdomain(n, apex); n = parentName(n)) {
    if (cuts.has(n)) return true;
  }
  return false;
}

/** The delegation point at or above `name` (below the apex), if any: where a referral starts. */
export function findCut(zone: LabZone, name: string): string | undefined {
  let found: string | undefined;
  for (let n: string | null = name; n !== null && n !== zone.apex && isSubdomain(n, zone.apex); n = parentName(n)) {
    if (zone.cuts.has(n)) found = n; // keep walking up: the highest cut is the one that applies
  }
  return found;
}

/** The NSEC whose owner is the last one at or before `name` in canonical order (RFC 4034 6.1). */
export function coveringNsec(zone: LabZone, name: string): string | undefined {
  const chain = zone.nsecChain;
  if (chain.length === 0) return undefined;
  let lo = 0;
  let hi = chain.length - 1;
  // The apex sorts first, so for any name in the zone an owner ≤ name exists.
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (compareCanonicalNames(chain[mid]!, name) <= 0) lo = mid;
    else hi = mid - 1;
  }
  return chain[lo];
}

function orderForDisplay(
  rrsets: ReadonlyMap<string, ReadonlyMap<RRType, readonly ResourceRecord[]>>,
  signatures: ReadonlyMap<string, ReadonlyMap<RRType, readonly ResourceRecord[]>>,
  apex: string,
): ResourceRecord[] {
  const typeOrder = (t: RRType) => (t === 'SOA' ? 0 : t === 'NS' ? 1 : 2);
  const out: ResourceRecord[] = [];
  const owners = [...rrsets.keys()].sort((a, b) => (a === apex ? -1 : b === apex ? 1 : compareCanonicalNames(a, b)));
  for (const owner of owners) {
    const byType = rrsets.get(owner)!;
    const types = [...byType.keys()].sort((a, b) => typeOrder(a) - typeOrder(b));
    for (const type of types) out.push(...byType.get(type)!, ...(signatures.get(owner)?.get(type) ?? []));
  }
  return out;
}
