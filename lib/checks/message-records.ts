// Records of a decoded message by section, owner and type, and the small name and set helpers the
// checks and the pages share. Pure: imports only types and the name codec.
import type { DecodedMessage, ResourceRecord, RrsigData } from '@/lib/dns/wire/types';
import { canonicalName } from '@/lib/dns/wire/name';
import { isRrsig } from '@/lib/checks/rdata-guards';

export type Section = 'answer' | 'authority' | 'additional';

export function sameName(a: string, b: string): boolean {
  return canonicalName(a) === canonicalName(b);
}

/** Records of a section, by owner and type (case-insensitive). */
export function records(msg: DecodedMessage, section: Section, owner?: string, type?: string): ResourceRecord[] {
  const want = owner === undefined ? undefined : canonicalName(owner);
  const t = type?.toUpperCase();
  return msg[section].filter((rr) => (want === undefined || canonicalName(rr.name) === want) && (t === undefined || rr.type.toUpperCase() === t));
}

/** The RRSIGs among `list` over the RRset of `owner` and `type`. */
export function rrsigsOver(list: readonly ResourceRecord[], owner: string, type: string): RrsigData[] {
  const want = canonicalName(owner);
  const t = type.toUpperCase();
  return list
    .filter((rr) => rr.type.toUpperCase() === 'RRSIG' && canonicalName(rr.name) === want)
    .map((rr) => rr.data)
    .filter(isRrsig)
    .filter((sig) => sig.typeCovered.toUpperCase() === t);
}

export function uniqueSorted(values: Iterable<string>): string[] {
  return [...new Set(values)].sort();
}

export function sameSet(a: readonly string[], b: readonly string[]): boolean {
  const sa = new Set(a);
  return sa.size === new Set(b).size && b.every((x) => sa.has(x));
}
