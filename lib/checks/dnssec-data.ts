// The DNSSEC side of a zone, read once for the dnssec, cds and csync checks: the parent's DS set,
// and each server's DNSKEY, CDS, CDNSKEY and CSYNC answers. DS digests come from the wire layer
// (hashing); everything else here is plain data.
import type { Observation, ProbePurpose } from '@/lib/dns/capture';
import type { CsyncData, DnskeyData, DsData, RrsigData } from '@/lib/dns/wire/types';
import { keyTag } from '@/lib/dns/wire';
import { dsDigest } from '@/lib/dns/dnssec/ds-digest';
import { isAuthoritativeAnswer } from '@/lib/checks/observations';
import { records, rrsigsOver } from '@/lib/checks/message-records';
import { readParentDs, type ParentDs } from '@/lib/checks/parent-view';
import { isCsync, isDnskey, isDs, uniqueBy } from '@/lib/checks/rdata-guards';
import { serverLabel, type ServerView } from '@/lib/checks/server-view';
import type { ZoneView } from '@/lib/checks/zone-view';

export interface RrsetAnswer<T> {
  server: ServerView;
  label: string;
  obs: Observation;
  records: T[];
  rrsigs: RrsigData[];
}

export interface DnssecData extends ParentDs {
  dnskey: RrsetAnswer<DnskeyData>[];
  cds: RrsetAnswer<DsData>[];
  cdnskey: RrsetAnswer<DnskeyData>[];
  csync: RrsetAnswer<CsyncData>[];
  /** Union of the served DNSKEYs. */
  keys: DnskeyData[];
}

export const dnskeyKey = (k: DnskeyData) => `${k.flags} ${k.protocol} ${k.algorithm} ${k.publicKey}`;

/** `12345 13 2 49FD46E6…`: enough to recognise a DS in one line. */
export function dsLabel(d: DsData): string {
  const digest = d.digest.toUpperCase();
  return `${d.keyTag} ${d.algorithm} ${d.digestType} ${digest.length > 8 ? `${digest.slice(0, 8)}…` : digest}`;
}

/** The DS as a parent would publish it, in presentation form. */
export function dsText(d: DsData): string {
  return `${d.keyTag} ${d.algorithm} ${d.digestType} ${d.digest.toUpperCase()}`;
}

export function dnskeyLabel(k: DnskeyData): string {
  const role = k.flags & 1 ? 'KSK' : 'ZSK';
  return `${keyTag(k)} (algorithm ${k.algorithm}, flags ${k.flags}, ${role})`;
}

export const SUPPORTED_DIGESTS: ReadonlySet<number> = new Set([1, 2, 4]);

/**
 * Whether a DS names this key (RFC 4034 5.2: key tag, algorithm, digest over owner and RDATA;
 * the key must be a zone key with protocol 3). null when tag and algorithm match but the digest
 * type is not one we compute.
 */
export function dsMatchesKey(zone: string, ds: DsData, key: DnskeyData, requireZoneKey = true): boolean | null {
  if (requireZoneKey && ((key.flags & 0x100) === 0 || key.protocol !== 3)) return false;
  if (ds.algorithm !== key.algorithm || ds.keyTag !== keyTag(key)) return false;
  if (!SUPPORTED_DIGESTS.has(ds.digestType)) return null;
  const digest = dsDigest(zone, key, ds.digestType);
  return digest !== null && digest.toLowerCase() === ds.digest.toLowerCase();
}

function answersOf<T>(view: ZoneView, purpose: ProbePurpose, type: string, guard: (d: unknown) => d is T): RrsetAnswer<T>[] {
  const out: RrsetAnswer<T>[] = [];
  for (const s of view.servers) {
    for (const o of s.probes) {
      if (o.purpose !== purpose || !o.response || !isAuthoritativeAnswer(o.response) || o.response.rcode !== 'NOERROR') continue;
      const recs: T[] = [];
      for (const rr of records(o.response, 'answer', view.zone, type)) if (guard(rr.data)) recs.push(rr.data);
      const rrsigs = rrsigsOver(o.response.answer, view.zone, type);
      out.push({ server: s, label: serverLabel(s), obs: o, records: recs, rrsigs });
    }
  }
  return out;
}

// Read once per zone view: the dnssec, cds and csync checks all need it, and digests hash.
const read = new WeakMap<ZoneView, DnssecData>();

export function readDnssec(view: ZoneView): DnssecData {
  const known = read.get(view);
  if (known) return known;
  const data = readDnssecData(view);
  read.set(view, data);
  return data;
}

function readDnssecData(view: ZoneView): DnssecData {
  const dnskey = answersOf(view, 'dnskey', 'DNSKEY', isDnskey);
  return {
    ...readParentDs(view),
    dnskey,
    cds: answersOf(view, 'cds', 'CDS', isDs),
    cdnskey: answersOf(view, 'cdnskey', 'CDNSKEY', isDnskey),
    csync: answersOf(view, 'csync', 'CSYNC', isCsync),
    keys: uniqueBy(
      dnskey.flatMap((a) => a.records),
      dnskeyKey,
    ),
  };
}
