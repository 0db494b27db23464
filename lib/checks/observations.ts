// What one observation says about the exchange: whether it is evidence about the server, how it
// was sent (EDNS, TCP), what it came to (exchangeVerdict, the evidence list's), and words for its
// failure. Pure: imports only types and the failure words, so the report page can use it.
import type { ObservationErrorKind, Observation, ProbePurpose } from '@/lib/dns/capture';
import type { DecodedMessage } from '@/lib/dns/wire/types';
import { errorWords } from '@/lib/checks/failure-words';

/**
 * Whether an observation says something about the server: a response (fresh or reused), or a
 * failure of the exchange. Not when nothing was sent (policy, budget, an unencodable question)
 * or when the failure was ours (`internal`).
 */
export function isServerEvidence(o: Observation): boolean {
  if (o.response) return true;
  switch (o.error?.kind) {
    case 'timeout':
    case 'unreachable':
    case 'refused-connection':
    case 'malformed':
    case 'mismatched':
    case 'http-error':
      return true;
    default:
      return false;
  }
}

/** Whether the first attempt carried an OPT record: what the question put to the server was. */
export function askedWithEdns(o: Observation): boolean {
  const first = o.attempts[0];
  return first ? first.edns : o.options.edns !== false;
}

/** Whether the query (as last sent) carried an OPT record. */
export function sentWithEdns(o: Observation): boolean {
  const last = o.attempts.at(-1);
  return last ? last.edns : o.options.edns !== false;
}

/** Whether the query (as last sent) went over TCP. The lab transport reports `lab`: then the option says. */
export function sentOverTcp(o: Observation): boolean {
  if (o.transport === 'tcp') return true;
  return o.transport === 'lab' && o.options.tcp === true;
}

/** Words for a failed observation: what the query ran into. */
export function failureWords(o: Observation): string {
  return errorWords(o.error?.kind);
}

/** EDNS trouble, not lameness: FORMERR/NOTIMP/BADVERS to a query that carried OPT. */
export function isEdnsRejection(o: Observation): boolean {
  const rcode = o.response?.rcode;
  return sentWithEdns(o) && (rcode === 'FORMERR' || rcode === 'NOTIMP' || rcode === 'BADVERS');
}

/** An authoritative answer (AA, NOERROR or NXDOMAIN): the only answers the checks read a zone's data from. */
export function isAuthoritativeAnswer(msg: DecodedMessage): boolean {
  return msg.flags.aa && (msg.rcode === 'NOERROR' || msg.rcode === 'NXDOMAIN');
}

/**
 * Probes whose answers carry no AA by design: referrals, and questions not put to the zone's own
 * servers (the resolver's look-ups and walks, the takeover and RFC 9615 questions). Every other
 * probe asks a zone's server about the zone, and an answer without AA is the lame sign.
 */
const NOT_AUTHORITATIVE_BY_DESIGN: ReadonlySet<ProbePurpose> = new Set<ProbePurpose>([
  'referral',
  'referral-no-edns',
  'resolve',
  'resolve-walk',
  'takeover',
  'validate',
  'dsboot',
]);

/** Failures that sent nothing: the address policy, the budget, a question that could not be encoded. */
const NOT_SENT: ReadonlySet<ObservationErrorKind> = new Set<ObservationErrorKind>(['blocked-by-policy', 'budget-exhausted', 'invalid-query']);

/**
 * What one exchange came to, as the evidence lists it: an answer (NOERROR or NXDOMAIN, with AA
 * where the probe needs it), an answer without the AA its probe needs, another rcode, a failure
 * (timeout, unreachable, malformed, ours), or nothing sent.
 */
export type ExchangeVerdict = 'answered' | 'not-authoritative' | 'error-rcode' | 'failed' | 'not-sent';

export function exchangeVerdict(o: Observation): ExchangeVerdict {
  const m = o.response;
  if (!m) return o.error && NOT_SENT.has(o.error.kind) ? 'not-sent' : 'failed';
  if (m.rcode !== 'NOERROR' && m.rcode !== 'NXDOMAIN') return 'error-rcode';
  if (isAuthoritativeAnswer(m) || (o.purpose !== undefined && NOT_AUTHORITATIVE_BY_DESIGN.has(o.purpose))) return 'answered';
  return 'not-authoritative';
}
