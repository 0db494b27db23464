// Shape tests and keys for decoded RDATA, shared by the checks and the pages. Pure, imports only
// types: the pages can use it without pulling in the checks.
import type { CsyncData, DnskeyData, DsData, RrsigData, SoaData } from '@/lib/dns/wire/types';

export function isSoa(d: unknown): d is SoaData {
  return typeof d === 'object' && d !== null && 'serial' in d && 'mname' in d;
}
export function isDs(d: unknown): d is DsData {
  return typeof d === 'object' && d !== null && 'keyTag' in d && 'digest' in d;
}
export function isDnskey(d: unknown): d is DnskeyData {
  return typeof d === 'object' && d !== null && 'publicKey' in d && 'flags' in d;
}
export function isCsync(d: unknown): d is CsyncData {
  return typeof d === 'object' && d !== null && 'serial' in d && 'types' in d && 'flags' in d;
}
export function isRrsig(d: unknown): d is RrsigData {
  return typeof d === 'object' && d !== null && 'typeCovered' in d && 'signature' in d;
}

/** A CSYNC's identity: serial, flags and the sorted types. */
export const csyncKey = (c: CsyncData) =>
  `${c.serial} ${c.flags} ${[...c.types]
    .map((t) => t.toUpperCase())
    .sort()
    .join(' ')}`;
export const dsKey = (d: DsData) => `${d.keyTag} ${d.algorithm} ${d.digestType} ${d.digest.toLowerCase()}`;

export function uniqueBy<T>(items: T[], key: (t: T) => string): T[] {
  const seen = new Map<string, T>();
  for (const item of items) if (!seen.has(key(item))) seen.set(key(item), item);
  return [...seen.values()];
}
