import 'server-only';
import { randomInt } from 'node:crypto';
import type { Observation } from '@/lib/dns/capture';
import type { QueryOptions } from '@/lib/dns/transport/options';
import type { DecodedMessage, Question } from '@/lib/dns/wire/types';
import { decodeMessage, encodeQuery, fqdn } from '@/lib/dns/wire';
import { KeptTable } from '@/lib/dns/kept-table';
import { withId } from '@/lib/dns/wire/message-id';
import { deepFreeze } from './deep-freeze';

/** RFC 8467/DNS Flag Day 2020: the payload size that avoids IP fragmentation on real paths. */
export const DEFAULT_UDP_SIZE = 1232;

/** QueryOptions with every default applied: what actually goes on the wire. */
export interface QuerySettings {
  edns: boolean;
  udpSize: number;
  dnssecOk: boolean;
  recursionDesired: boolean;
  checkingDisabled: boolean;
  tcp: boolean;
}

export function resolveSettings(options: QueryOptions, defaults: { recursionDesired: boolean }): QuerySettings {
  return {
    edns: options.edns ?? true,
    udpSize: options.udpSize ?? DEFAULT_UDP_SIZE,
    dnssecOk: options.dnssecOk ?? false,
    recursionDesired: options.recursionDesired ?? defaults.recursionDesired,
    checkingDisabled: options.checkingDisabled ?? false,
    tcp: options.tcp ?? false,
  };
}

/** The options as an Observation records them: enough to write the `dig` command back. */
export function recordedOptions(s: QuerySettings): Observation['options'] {
  return {
    edns: s.edns,
    ...(s.edns ? { udpSize: s.udpSize } : {}),
    dnssecOk: s.dnssecOk,
    recursionDesired: s.recursionDesired,
    checkingDisabled: s.checkingDisabled,
    tcp: s.tcp,
  };
}

/**
 * The question as recorded and sent: absolute name, class defaulting to IN. Coerces rather than
 * trusts its input, because query() must not throw even for a caller's bad value.
 */
export function normalizeQuestion(question: Question): Question {
  const q: Partial<Question> = question ?? {};
  return { name: fqdn(String(q.name ?? '')), type: String(q.type ?? ''), class: q.class ?? 'IN' };
}

/**
 * A fresh random id per query from the CSPRNG: with the random source port, the entropy RFC 5452
 * 4-5 and 9.2 rely on against off-path spoofing.
 */
export function randomQueryId(): number {
  return randomInt(0, 0x10000);
}

export interface PreparedQuery {
  id: number;
  bytes: Buffer;
  /** Our own query decoded again: the reference a reply's question is compared with. */
  decoded: DecodedMessage;
}

export type PrepareResult = { ok: true; query: PreparedQuery } | { ok: false; message: string };

// The same question with the same options goes to every address of a zone, and again on a retry
// and in the next check: encoding it and decoding it back was ≈10% of a check's CPU. So each
// distinct query is encoded once (with id 0) and kept, frozen, in a bounded table (the oldest
// dropped first; names are at most 255 octets, so each entry is well under 4 KB); a query reuses a copy of those bytes with its own id written in, which is exactly what
// encoding it afresh gives (the id is the first two octets and nothing else depends on it).
const PREPARED_MEMO_ENTRIES = 1024;
const preparedMemo = new KeptTable<string, { bytes: Buffer; decoded: DecodedMessage }>(PREPARED_MEMO_ENTRIES);

/**
 * The table key: only what the encoder reads, as it reads it (flags by truthiness, the UDP size
 * only with EDNS). Null for a question or size of an odd type, which is encoded afresh each time
 * so that it fails (or not) exactly as before.
 */
function preparedKey(question: Question, s: QuerySettings): string | null {
  const { name, type } = question;
  const klass = question.class;
  if (typeof name !== 'string' || typeof type !== 'string' || typeof klass !== 'string' || typeof s.udpSize !== 'number') return null;
  const flags = `${s.edns ? 'e' + s.udpSize : '-'}${s.dnssecOk ? 'd' : '-'}${s.recursionDesired ? 'r' : '-'}${s.checkingDisabled ? 'c' : '-'}`;
  // Lengths first: no class, type and name spelt differently can make the same key.
  return `${flags} ${klass.length}:${klass} ${type.length}:${type} ${name}`;
}

/** Encodes the query; a question the codec refuses (a 64-octet label…) is a result, not a throw. */
export function prepareQuery(question: Question, s: QuerySettings, id: number): PrepareResult {
  const key = preparedKey(question, s);
  const known = key === null ? undefined : preparedMemo.get(key);
  if (known && Number.isInteger(id) && id >= 0 && id <= 0xffff) {
    return { ok: true, query: { id, bytes: withId(known.bytes, id), decoded: { ...known.decoded, id } } };
  }
  const fresh = encodeAndDecode(question, s, id);
  if (fresh.ok && key !== null) {
    preparedMemo.keep(key, { bytes: withId(fresh.query.bytes, 0), decoded: deepFreeze({ ...fresh.query.decoded, id: 0 }) });
  }
  return fresh;
}

function encodeAndDecode(question: Question, s: QuerySettings, id: number): PrepareResult {
  let bytes: Buffer;
  try {
    bytes = encodeQuery(question, {
      id,
      edns: s.edns,
      udpSize: s.udpSize,
      dnssecOk: s.dnssecOk,
      recursionDesired: s.recursionDesired,
      checkingDisabled: s.checkingDisabled,
    });
  } catch (err) {
    return { ok: false, message: `cannot encode the query: ${err instanceof Error ? err.message : String(err)}` };
  }
  const decoded = decodeMessage(bytes);
  if (!decoded.ok) return { ok: false, message: `cannot decode our own query: ${decoded.error.message}` };
  return { ok: true, query: { id, bytes, decoded: decoded.message } };
}
