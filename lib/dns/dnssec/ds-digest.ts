// DS digests (RFC 4034 5.1.4, RFC 4509, RFC 6605): hash of the owner's canonical wire name and the
// DNSKEY RDATA. Server side (node:crypto): the checks compute digests, the pages read the Report.
import { createHash } from 'node:crypto';
import type { DnskeyData, DsData } from '@/lib/dns/wire/types';
import { keptKeyId, keyTag } from '@/lib/dns/wire/key-tag';
import { KeptTable } from '@/lib/dns/kept-table';
import { canonicalName } from '@/lib/dns/wire/name';
import { encodeName } from '@/lib/dns/wire/name-codec';
import { encodeRdata } from '@/lib/dns/wire/rdata-codec';

export type DsDigestType = 1 | 2 | 4;

// IANA "Delegation Signer (DS) Resource Record (RR) Type Digest Algorithms". 3 (GOST) is not in
// OpenSSL 3 by default, so it stays unsupported.
const HASHES: Record<number, string> = { 1: 'sha1', 2: 'sha256', 4: 'sha384' };

// Each DS of a zone is compared with each of its keys as every server gave them, in every check of
// the zone (and the root's and TLDs' in every check): the same few digests again and again. So each
// is kept, by owner, key and digest type, in a bounded table (the oldest dropped first; as for key
// tags, only keys short enough to keep, so a few MB at most).
const kept = new KeptTable<string, string>(1024);

/** Lowercase hex digest, or null when the digest type is not one we support. */
export function dsDigest(owner: string, dnskey: DnskeyData, digestType: number): string | null {
  const hash = HASHES[digestType];
  if (!hash) return null;
  const name = canonicalName(owner);
  const key = keptKeyId(dnskey);
  return kept.through(key === null ? null : `${digestType} ${name} ${key}`, () =>
    createHash(hash).update(encodeName(name)).update(encodeRdata('DNSKEY', dnskey)).digest('hex'),
  );
}

/** The DS record data a parent would publish for this key, or null for an unsupported digest type. */
export function dsFromDnskey(owner: string, dnskey: DnskeyData, digestType: number): DsData | null {
  const digest = dsDigest(owner, dnskey, digestType);
  return digest === null ? null : { keyTag: keyTag(dnskey), algorithm: dnskey.algorithm, digestType, digest };
}
