// RFC 4034 Appendix B key tag of a decoded DNSKEY.
import type { DnskeyData } from '@/lib/dns/wire/types';
import { keyTagOfRdata } from '@/lib/dns/wire/key-tag-of-rdata';
import { encodeRdata } from '@/lib/dns/wire/rdata-codec';

// Validation asks the tag of the same few keys (the root's, the TLDs', the zone's) for every
// RRSIG of every server's answer, and encoding the key to compute it was ≈8% of building a report
// with a trust anchor (scripts/bench: big-referral.test). So each key's tag is kept, by the four
// fields it is computed from, in a bounded table (the oldest dropped first). Only keys of up to
// MAX_KEPT_KEY characters of base64 (an RSA key of 8192 bits is about 1,370): a hostile zone's
// 64 KB key is computed afresh each time, and the table stays under 3 MB.
const MAX_KEPT_TAGS = 1024;
export const MAX_KEPT_KEY = 1400;
const kept = new Map<string, number>();

/** The key tag of a DNSKEY (or CDNSKEY) from its RDATA. */
export function keyTag(dnskey: DnskeyData): number {
  const { flags, protocol, algorithm, publicKey } = dnskey;
  // Only well-formed fields make a key: anything else is encoded (and refused) afresh each time.
  const id =
    typeof publicKey === 'string' && publicKey.length <= MAX_KEPT_KEY && [flags, protocol, algorithm].every(Number.isInteger)
      ? `${flags} ${protocol} ${algorithm} ${publicKey}`
      : null;
  const known = id === null ? undefined : kept.get(id);
  if (known !== undefined) return known;
  const tag = keyTagOfRdata(encodeRdata('DNSKEY', dnskey), algorithm);
  if (id !== null) {
    if (kept.size >= MAX_KEPT_TAGS) kept.delete(kept.keys().next().value!);
    kept.set(id, tag);
  }
  return tag;
}
