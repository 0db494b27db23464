// The root trust anchor: DS or DNSKEY records for `.` in zone-file syntax (ZONECUT_TRUST_ANCHOR, or
// IANA's built in). Parsed once; every capture records the anchor it was taken under, so signature
// validation (and a re-analysis of a stored report) judges against the anchor of its time.
import type { DnskeyData, DsData, ResourceRecord } from '@/lib/dns/wire/types';
import { parseZoneFile } from '@/lib/dns/wire/zone-file';

export class TrustAnchorError extends Error {
  override name = 'TrustAnchorError';
}

export type TrustAnchorRecord = ResourceRecord & { type: 'DS' | 'DNSKEY'; data: DsData | DnskeyData };

/** Throws TrustAnchorError naming the source for a file that is not an anchor for the root. */
export function parseTrustAnchor(text: string, source: string): TrustAnchorRecord[] {
  let records: ResourceRecord[];
  try {
    records = parseZoneFile(text, { origin: '.', defaultTtl: 172800, fileName: source });
  } catch (err) {
    throw new TrustAnchorError(`trust anchor ${err instanceof Error ? err.message : String(err)}`);
  }
  const anchors = records.filter((r): r is TrustAnchorRecord => r.type === 'DS' || r.type === 'DNSKEY');
  if (anchors.length === 0) throw new TrustAnchorError(`trust anchor ${source}: no DS or DNSKEY record`);
  const other = anchors.find((r) => r.name !== '.');
  if (other) throw new TrustAnchorError(`trust anchor ${source}: ${other.name} ${other.type} is not for the root zone (.)`);
  return anchors;
}
