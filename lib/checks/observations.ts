// What one observation says about the exchange: whether it is evidence about the server, how it
// was sent (EDNS, TCP), and words for its failure. Pure: imports only types and the failure words.
import type { Observation } from '@/lib/dns/capture';
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
