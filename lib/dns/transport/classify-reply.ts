import 'server-only';
import type { DecodedMessage } from '@/lib/dns/wire/types';
import { canonicalName, decodeMessage, type DecodeResult } from '@/lib/dns/wire';
import { KeptTable } from '@/lib/dns/kept-table';
import { bytesAfterId } from '@/lib/dns/wire/message-id';
import { deepFreeze } from './deep-freeze';
import type { ExchangeOutcome } from './exchange-result';

export type ReplyVerdict =
  /** The reply to our query. */
  | { verdict: 'accept'; message: DecodedMessage }
  /** Carries our id but cannot be decoded: the server's answer, broken. */
  | { verdict: 'malformed'; reason: string }
  /** Not a reply to this query: pass over it and keep waiting (RFC 5452 9.1). */
  | { verdict: 'ignore'; reason: string };

// Some servers answer FORMERR or NOTIMP with an empty question section (they could not parse it,
// or do not echo it); RFC 6891 7 fallback depends on seeing those, so they match on id alone.
const QUESTIONLESS_RCODES = new Set(['FORMERR', 'NOTIMP']);

// Most replies of a walk are byte for byte an earlier one's but the id: the same question to each
// server of a zone, whose servers hold the same data (190 of big-referral.test's 234, 131 of
// physics.campus.test's 170), and again in the next check of the zone. Decoding was ≈10% of a
// check's CPU, so each distinct reply is decoded once and kept (id 0, frozen: the observations
// share it) in a bounded table, the oldest dropped first. Only replies that fit a UDP payload are
// kept, and only while their text is short: compression lets 1232 octets decode to a hundred KB of
// names, so a reply whose records hold more than MAX_KEPT_TEXT characters (a referral with ten
// NS names and their glue holds about 2,000) is decoded afresh each time. At most
// MAX_DECODED_REPLIES of them: a few MB.
const MAX_DECODED_REPLIES = 256;
const MAX_KEPT_REPLY_OCTETS = 1232;
const MAX_KEPT_TEXT = 8192;
const decodedReplies = new KeptTable<string, DecodedMessage>(MAX_DECODED_REPLIES);

/** The characters of a decoded message's records: owner names and their data's text, one level deep. */
function textLength(message: DecodedMessage): number {
  let n = 0;
  for (const section of [message.answer, message.authority, message.additional]) {
    for (const rr of section) {
      n += rr.name.length;
      const data: unknown = rr.data;
      if (typeof data === 'string') n += data.length;
      else if (typeof data === 'object' && data !== null) for (const v of Object.values(data)) n += typeof v === 'string' ? v.length : 8;
    }
  }
  return n;
}

/** decodeMessage, through the table of replies already decoded. `id`: the reply's own. */
function decodeReply(bytes: Uint8Array, id: number): DecodeResult {
  if (bytes.length > MAX_KEPT_REPLY_OCTETS) return decodeMessage(bytes);
  const key = bytesAfterId(bytes);
  const known = decodedReplies.get(key);
  if (known) return { ok: true, message: { ...known, id } };
  const decoded = decodeMessage(bytes);
  if (decoded.ok && textLength(decoded.message) <= MAX_KEPT_TEXT) {
    decodedReplies.keep(key, deepFreeze({ ...decoded.message, id: 0 }));
  }
  return decoded;
}

/**
 * Decides whether `bytes` answer `query` (our own message, decoded, so names, types and classes
 * compare in the codec's spelling): the id, QR, opcode and the question (name case-insensitively,
 * RFC 4343; type; class) must all match, as RFC 5452 9.1 asks of a resolver. The caller checks the
 * source address, which only it knows. Never throws.
 */
export function classifyReply(bytes: Uint8Array, query: DecodedMessage): ReplyVerdict {
  if (bytes.length < 2) return { verdict: 'ignore', reason: `${bytes.length}-octet message` };
  const id = (bytes[0]! << 8) | bytes[1]!;
  if (id !== query.id) return { verdict: 'ignore', reason: `id ${id}, expected ${query.id}` };
  if (bytes.length < 12) return { verdict: 'malformed', reason: `${bytes.length} octets, shorter than a DNS header` };

  const decoded = decodeReply(bytes, id);
  if (!decoded.ok) return { verdict: 'malformed', reason: decoded.error.message };
  const reply = decoded.message;

  if (!reply.flags.qr) return { verdict: 'ignore', reason: 'QR=0 (a query, not a response)' };
  if (reply.opcode !== query.opcode) return { verdict: 'ignore', reason: `opcode ${reply.opcode}, expected ${query.opcode}` };

  const asked = query.question[0];
  if (!asked) return { verdict: 'accept', message: reply };
  if (reply.question.length === 0 && QUESTIONLESS_RCODES.has(reply.rcode)) return { verdict: 'accept', message: reply };
  if (reply.question.length !== 1) {
    return { verdict: 'ignore', reason: `${reply.question.length} questions, expected 1` };
  }
  const got = reply.question[0]!;
  const matches =
    canonicalName(got.name) === canonicalName(asked.name) &&
    got.type.toUpperCase() === asked.type.toUpperCase() &&
    (got.class ?? 'IN').toUpperCase() === (asked.class ?? 'IN').toUpperCase();
  if (!matches) {
    return {
      verdict: 'ignore',
      reason: `question ${got.name} ${got.class ?? 'IN'} ${got.type}, expected ${asked.name} ${asked.class ?? 'IN'} ${asked.type}`,
    };
  }
  return { verdict: 'accept', message: reply };
}

/**
 * The outcome of an exchange that gets one reply and nothing else (an HTTP body, the lab in
 * memory): a reply that does not match cannot be passed over while waiting for the right one, so
 * it is the answer, mismatched. Undecodable or mismatched, the bytes are kept as evidence.
 */
export function judgeOnlyReply(bytes: Buffer, query: DecodedMessage): ExchangeOutcome {
  const verdict = classifyReply(bytes, query);
  if (verdict.verdict === 'accept') return { ok: true, message: verdict.message, bytes };
  if (verdict.verdict === 'malformed') return { ok: false, kind: 'malformed', message: verdict.reason, bytes };
  return { ok: false, kind: 'mismatched', message: `reply does not match the query: ${verdict.reason}`, bytes };
}
