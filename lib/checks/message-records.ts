// Records of a decoded message by section, owner and type, and the small name and set helpers the
// checks and the pages share. Pure: imports only types and the name codec.
import type { DecodedMessage, ResourceRecord, RrsigData } from '@/lib/dns/wire/types';
import { canonicalName } from '@/lib/dns/wire/name';
import { isRrsig } from '@/lib/checks/rdata-guards';

export type Section = 'answer' | 'authority' | 'additional';

export function sameName(a: string, b: string): boolean {
  return canonicalName(a) === canonicalName(b);
}

/**
 * A section's records grouped once: by `TYPE owner` (canonical owner), by type, and its RRSIGs by
 * `TYPE-COVERED owner`, each in section order. The checks ask every reply for a few RRsets, and a
 * reply is shared by the observations of every server that gave the same bytes
 * (lib/dns/transport/classify-reply.ts keeps decoded replies frozen): filtering the section and
 * canonicalising each owner again for each question was ≈10% of building a report.
 */
interface SectionIndex {
  /** TYPE → canonical owner → records. */
  byTypeOwner: Map<string, Map<string, ResourceRecord[]>>;
  byType: Map<string, ResourceRecord[]>;
  /** Type covered → canonical owner → RRSIG data. */
  rrsigs: Map<string, Map<string, RrsigData[]>>;
}

/** Sections that cannot change: a frozen array of frozen records with frozen data. Weakly held: it goes with the reply. */
const INDEXES = new WeakMap<readonly ResourceRecord[], SectionIndex>();

function push<V>(map: Map<string, V[]>, key: string, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function push2<V>(map: Map<string, Map<string, V[]>>, key: string, inner: string, value: V): void {
  let byInner = map.get(key);
  if (!byInner) map.set(key, (byInner = new Map()));
  push(byInner, inner, value);
}

const frozenRecords = (list: readonly ResourceRecord[]) =>
  Object.isFrozen(list) && list.every((rr) => Object.isFrozen(rr) && (typeof rr.data !== 'object' || rr.data === null || Object.isFrozen(rr.data)));

function indexOf(list: readonly ResourceRecord[]): SectionIndex | undefined {
  const known = INDEXES.get(list);
  if (known !== undefined || !frozenRecords(list)) return known;
  const index: SectionIndex = { byTypeOwner: new Map(), byType: new Map(), rrsigs: new Map() };
  for (const rr of list) {
    const owner = canonicalName(rr.name);
    const type = rr.type.toUpperCase();
    push2(index.byTypeOwner, type, owner, rr);
    push(index.byType, type, rr);
    if (type === 'RRSIG' && isRrsig(rr.data)) push2(index.rrsigs, rr.data.typeCovered.toUpperCase(), owner, rr.data);
  }
  INDEXES.set(list, index);
  return index;
}

/**
 * A type's upper case, kept: the checks ask for the same few types (given as literals) thousands
 * of times, and a string made afresh is hashed afresh by every Map it is looked up in.
 */
const UPPER = new Map<string, string>();
const MAX_UPPER = 256;

function upper(type: string): string {
  let u = UPPER.get(type);
  if (u === undefined) {
    u = type.toUpperCase();
    if (UPPER.size < MAX_UPPER) UPPER.set(type, u);
  }
  return u;
}

/** Records of a section, by owner and type (case-insensitive). */
export function records(msg: DecodedMessage, section: Section, owner?: string, type?: string): ResourceRecord[] {
  const list = msg[section];
  const want = owner === undefined ? undefined : canonicalName(owner);
  const t = type === undefined ? undefined : upper(type);
  const index = t === undefined ? undefined : indexOf(list);
  if (index && t !== undefined) return (want === undefined ? index.byType.get(t) : index.byTypeOwner.get(t)?.get(want))?.slice() ?? [];
  // The type first: it rules out most records without canonicalising their owner.
  return list.filter((rr) => (t === undefined || rr.type === t || rr.type.toUpperCase() === t) && (want === undefined || canonicalName(rr.name) === want));
}

/** The RRSIGs among `list` over the RRset of `owner` and `type`. */
export function rrsigsOver(list: readonly ResourceRecord[], owner: string, type: string): RrsigData[] {
  const want = canonicalName(owner);
  const t = upper(type);
  const index = indexOf(list);
  if (index) return index.rrsigs.get(t)?.get(want)?.slice() ?? [];
  return list
    .filter((rr) => (rr.type === 'RRSIG' || rr.type.toUpperCase() === 'RRSIG') && canonicalName(rr.name) === want)
    .map((rr) => rr.data)
    .filter(isRrsig)
    .filter((sig) => sig.typeCovered.toUpperCase() === t);
}

export function uniqueSorted(values: Iterable<string>): string[] {
  if (!Array.isArray(values)) return [...new Set(values)].sort();
  // Most lists the checks tidy hold a few names: sorted, then each run of equal ones kept once,
  // without building a Set.
  const sorted = (values as string[]).slice().sort();
  let kept = Math.min(1, sorted.length);
  for (let i = 1; i < sorted.length; i++) if (sorted[i] !== sorted[kept - 1]) sorted[kept++] = sorted[i] as string;
  sorted.length = kept;
  return sorted;
}

export function sameSet(a: readonly string[], b: readonly string[]): boolean {
  const sa = new Set(a);
  return sa.size === new Set(b).size && b.every((x) => sa.has(x));
}
