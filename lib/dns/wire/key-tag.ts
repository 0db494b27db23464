// RFC 4034 Appendix B key tag of a decoded DNSKEY.
import type { DnskeyData } from '@/lib/dns/wire/types';
import { keyTagOfRdata } from '@/lib/dns/wire/key-tag-of-rdata';
import { encodeRdata } from '@/lib/dns/wire/rdata-codec';

// Validation asks the tag of the same few keys (the root's, the TLDs', the zone's) for every
// RRSIG of every server's answer, and encoding the key to compute it was ≈8% of building a report
// with a trust anchor (scripts/bench: big-referral.test). So each key's tag is kept, by the four
// fields it is computed from, in a bounded table (the oldest dropped first; a key is at most a
// few KB of base64, so at most a few MB).
const MAX_KEPT_TAGS = 1024;
const kept = new Map<string, number>();

/** The key tag of a DNSKEY (or CDNSKEY) from its RDATA. */
export function keyTag(dnskey: DnskeyData): number {
  const { flags, protocol, algorithm, publicKey } = dnskey;
  // Only well-formed fields make a key: anything else is encoded (and refused) afresh each time.
  const id = typeof publicKey === 'string' && [flags, protocol, algorithm].every(Number.isInteger) ? `${flags} ${protocol} ${algorithm} ${publicKey}` : null;
  const known = id === null ? undefined : kept.get(id);
  if (known !== undefined) return known;
  const tag = keyTagOfRdata(encodeRdata('DNSKEY', dnskey), algorithm);
  if (id !== null) {
    if (kept.size >= MAX_KEPT_TAGS) kept.delete(kept.keys().next().value!);
    kept.set(id, tag);
  }
  return tag;
}
