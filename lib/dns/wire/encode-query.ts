// A query as we send it to authoritative servers: RD off unless asked (RFC 1034 4.3.1: these are
// iterative probes), EDNS on with a 1232-octet buffer (DNS Flag Day 2020) unless asked otherwise.
import type { Question } from '@/lib/dns/wire/types';
import { buildMessage } from '@/lib/dns/wire/build-message';

export interface EncodeQueryOptions {
  id: number;
  /** Send an OPT record (default true). */
  edns?: boolean;
  /** Advertised UDP payload size (default 1232). */
  udpSize?: number;
  /** The DO bit (RFC 3225); needs EDNS. */
  dnssecOk?: boolean;
  /** The RD bit (default false). */
  recursionDesired?: boolean;
  /** The CD bit (default false). */
  checkingDisabled?: boolean;
}

/** Types go by number, so `CSYNC` is 62 (dns-packet would send 0), and `TYPE65` works too. */
export function encodeQuery(question: Question, opts: EncodeQueryOptions): Buffer {
  const edns = opts.edns ?? true;
  return buildMessage({
    id: opts.id,
    flags: { rd: opts.recursionDesired ?? false, cd: opts.checkingDisabled ?? false },
    question: [{ name: question.name, type: question.type, class: question.class ?? 'IN' }],
    ...(edns ? { edns: { udpSize: opts.udpSize ?? 1232, dnssecOk: opts.dnssecOk ?? false, version: 0, options: [] } } : {}),
  }).bytes;
}
