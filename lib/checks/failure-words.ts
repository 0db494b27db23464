// Words for a failed exchange, the same in findings, the tree and the evidence panel. Pure, and
// imports nothing, so the pages can use it without the checks.
import type { ObservationErrorKind } from '@/lib/dns/capture';

export function errorWords(kind: ObservationErrorKind | undefined): string {
  switch (kind) {
    case 'timeout':
      return 'no response (timeout)';
    case 'unreachable':
      return 'port unreachable';
    case 'refused-connection':
      return 'TCP connection refused';
    case 'malformed':
      return 'malformed response';
    case 'mismatched':
      return 'only mismatched responses (wrong id, question or source)';
    case 'http-error':
      return 'HTTP error';
    case 'blocked-by-policy':
      return 'not queried (address policy)';
    case 'budget-exhausted':
      return 'not queried (budget)';
    case 'invalid-query':
      return 'not queried (the question could not be encoded)';
    case 'internal':
      return 'internal error';
    case undefined:
      return 'no response';
  }
}
