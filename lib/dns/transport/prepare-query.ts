import 'server-only';
import { randomInt } from 'node:crypto';
import type { Observation } from '@/lib/dns/capture';
import type { QueryOptions } from '@/lib/dns/transport/options';
import type { DecodedMessage, Question } from '@/lib/dns/wire/types';
import { decodeMessage, encodeQuery, fqdn } from '@/lib/dns/wire';

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

/** Encodes the query; a question the codec refuses (a 64-octet label…) is a result, not a throw. */
export function prepareQuery(question: Question, s: QuerySettings, id: number): PrepareResult {
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
