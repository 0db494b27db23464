// RFC 4034 Appendix B key tag of a decoded DNSKEY.
import type { DnskeyData } from '@/lib/dns/wire/types';
import { KeptTable } from '@/lib/dns/kept-table';
import { keyTagOfRdata } from '@/lib/dns/wire/key-tag-of-rdata';
import { encodeRdata } from '@/lib/dns/wire/rdata-codec';

// Validation asks the tag of the same few keys (the root's, the TLDs', the zone's) for every
// RRSIG of every server's answer, and encoding the key to compute it was ≈8% of building a report
// with a trust anchor (scripts/bench: big-referral.test). So each key's tag is kept, by the four
// fields it is computed from, in a bounded table (the oldest dropped first). Only keys of up to
// MAX_KEPT_KEY characters of base64 (an RSA key of 8192 bits is about 1,370): a hostile zone's
// 64 KB key is computed afresh each time, and the table stays under 3 MB.
const MAX_KEPT_KEY = 1400;
const kept = new KeptTable<string, number>(1024);

/**
 * What a table of results computed from a DNSKEY keys it by: its four fields. Null for a key too
 * long to keep, or with fields of the wrong type (encoded, and refused, afresh each time).
 */
export function keptKeyId(dnskey: DnskeyData): string | null {
  const { flags, protocol, algorithm, publicKey } = dnskey;
  return typeof publicKey === 'string' && publicKey.length <= MAX_KEPT_KEY && [flags, protocol, algorithm].every(Number.isInteger)
    ? `${flags} ${protocol} ${algorithm} ${publicKey}`
    : null;
}

// A frozen key (a shared decoded reply's) is the same key each time it is met: its tag is found by
// the object, without building the key's text for the table above (validation asks per RRSIG).
const byObject = new WeakMap<DnskeyData, number>();

/** The key tag of a DNSKEY (or CDNSKEY) from its RDATA. */
export function keyTag(dnskey: DnskeyData): number {
  const frozen = Object.isFrozen(dnskey);
  const known = frozen ? byObject.get(dnskey) : undefined;
  if (known !== undefined) return known;
  const tag = kept.through(keptKeyId(dnskey), () => keyTagOfRdata(encodeRdata('DNSKEY', dnskey), dnskey.algorithm));
  if (frozen) byObject.set(dnskey, tag);
  return tag;
}
