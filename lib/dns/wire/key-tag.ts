// RFC 4034 Appendix B key tag of a decoded DNSKEY.
import type { DnskeyData } from '@/lib/dns/wire/types';
import { keyTagOfRdata } from '@/lib/dns/wire/key-tag-of-rdata';
import { encodeRdata } from '@/lib/dns/wire/rdata-codec';

/** The key tag of a DNSKEY (or CDNSKEY) from its RDATA. */
export function keyTag(dnskey: DnskeyData): number {
  return keyTagOfRdata(encodeRdata('DNSKEY', dnskey), dnskey.algorithm);
}
