// The harness's own zone, `interop.test.`: not delegated from the lab's test. (nobody walks to
// it), served directly by one NSD, one Knot and one BIND. It holds every record type the lab
// serves in its awkward spellings (escaped TXT, IPv4-mapped IPv6, a null MX, CDS/CDNSKEY delete
// records, an RFC 3597 type) and RRsets too big for UDP, and it is signed by the lab's signer,
// so DNSKEY, RRSIG and NSEC are real.
import type { ResourceRecord } from '@/lib/dns/wire/types';
import { deriveSigningKey } from '@/lib/dns/dnssec/sign';
import { formatRecord } from '@/lib/dns/wire';
import { dsFromDnskey } from '@/lib/dns/dnssec/ds-digest';
import { parseZoneFile } from '@/lib/dns/wire/zone-file';
import { buildLabZone } from '@/lib/lab/lab-zone';

export const INTEROP_ZONE = 'interop.test.';
/** A TXT RRset of ~3 KB: truncated over UDP even with a 1232-octet EDNS buffer. */
export const INTEROP_BIG_NAME = `big.${INTEROP_ZONE}`;
/** A TXT RRset of ~800 octets: fits a 1232-octet EDNS buffer, not 512 octets without EDNS. */
export const INTEROP_MEDIUM_NAME = `medium.${INTEROP_ZONE}`;
/** A delegation to ten in-domain servers with A and AAAA glue: ~750 octets, more than 512. */
export const INTEROP_REFERRAL_NAME = `bigref.${INTEROP_ZONE}`;

const chunk = (tag: string, i: number) => `${tag}-${String(i).padStart(2, '0')}-`.padEnd(240, 'abcdefghijklmnopqrstuvwxyz0123456789');

const SOURCE = `$ORIGIN ${INTEROP_ZONE}
$TTL 3600
@        IN SOA   ns.interop.test. hostmaster.interop.test. ( 2026112201 7200 3600 1209600 300 )
@        IN NS    ns
ns       IN A     127.54.0.1
         IN AAAA  2001:db8:54::1
@        IN MX    10 mail
@        IN MX    20 .
mail     IN A     192.0.2.25
         IN AAAA  2001:db8:0:1:1:1:1:1
mapped   IN AAAA  ::ffff:192.0.2.1
zeros    IN AAAA  2001:db8::
full     IN AAAA  2001:db8:aaaa:bbbb:cccc:dddd:eeee:ffff
alias    IN CNAME mail
txt      IN TXT   "plain" "with space" "quote\\"inside" "back\\\\slash" "\\255\\000\\010bytes" "" "semi;colon"
@        IN CSYNC 2026112201 3 A NS AAAA
sync2    IN CSYNC 0 0 A NS AAAA MX TYPE65280
delete   IN CDS     0 0 0 00
delete   IN CDNSKEY 0 3 0 AA==
unknown  IN TYPE65280 \\# 4 0a000001
empty    IN TYPE65281 \\# 0
sub      IN NS    ns.sub
ns.sub   IN A     127.54.0.2
${Array.from({ length: 10 }, (_, i) => {
  const ns = `ns${String(i + 1).padStart(2, '0')}.bigref`;
  return `bigref   IN NS    ${ns}\n${ns} IN A 127.54.1.${i + 1}\n${ns} IN AAAA 2001:db8:54:1::${i + 1}`;
}).join('\n')}
${Array.from({ length: 12 }, (_, i) => `big      IN TXT   "${chunk('big', i)}"`).join('\n')}
${Array.from({ length: 3 }, (_, i) => `medium   IN TXT   "${chunk('medium', i)}"`).join('\n')}
`;

/** The zone as a file's text: signed with a KSK and a ZSK, CDS/CDNSKEY for the KSK, a DS for `sub`. */
export function interopZoneText(now = new Date()): string {
  const records: ResourceRecord[] = parseZoneFile(SOURCE, { origin: INTEROP_ZONE, fileName: 'interop.test.zone' });
  const seed = 'zonecut interop keys v1';
  const ksk = deriveSigningKey(seed, INTEROP_ZONE, 'ksk', 257);
  const zsk = deriveSigningKey(seed, INTEROP_ZONE, 'zsk', 256);
  const subKey = deriveSigningKey(seed, `sub.${INTEROP_ZONE}`, 'ksk', 257);
  records.push({ name: `sub.${INTEROP_ZONE}`, type: 'DS', class: 'IN', ttl: 3600, data: dsFromDnskey(`sub.${INTEROP_ZONE}`, subKey.dnskey, 2)! });
  const s = Math.floor(now.getTime() / 1000);
  const zone = buildLabZone(INTEROP_ZONE, records, { keys: [ksk, zsk], cds: [ksk], window: { inception: s - 3600, expiration: s + 30 * 86400 } });
  return `; ${INTEROP_ZONE} — the interop harness's own zone (scripts/interop/interop-zone.ts)\n${zone.records.map(formatRecord).join('\n')}\n`;
}
