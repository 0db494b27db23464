import 'server-only';
import type { ObservationErrorKind } from '@/lib/dns/capture';
import type { DecodedMessage } from '@/lib/dns/wire/types';

/**
 * What one attempt (one datagram, one TCP connection, one HTTP request) produced. Internal to the
 * transports: they turn a sequence of these into an Observation's attempts and outcome.
 */
export type ExchangeResult =
  | {
      ok: true;
      message: DecodedMessage;
      bytes: Buffer;
      rttMs: number;
      /** Datagrams or frames that were not the reply and were passed over, for the record. */
      ignored: string[];
      /** Transport detail worth keeping with the attempt (e.g. the HTTP version). */
      note?: string;
    }
  | {
      ok: false;
      kind: ObservationErrorKind;
      message: string;
      rttMs: number;
      /** Undecodable reply bytes, kept as evidence. */
      bytes?: Buffer;
      ignored: string[];
    };

/** An ExchangeResult before the exchange stamps it with its timing and ignored input. */
export type ExchangeOutcome = ExchangeResult extends infer T ? (T extends unknown ? Omit<T, 'rttMs' | 'ignored'> : never) : never;

/** Describes ignored input in one line: the first few reasons, then a count. */
export function describeIgnored(ignored: readonly string[]): string | undefined {
  if (ignored.length === 0) return undefined;
  const shown = ignored.slice(0, 3).join('; ');
  const more = ignored.length > 3 ? `; and ${ignored.length - 3} more` : '';
  return `ignored ${ignored.length} non-matching ${ignored.length === 1 ? 'reply' : 'replies'}: ${shown}${more}`;
}

/** The keys Node puts on socket errors, mapped to our closed set (RFC 1122 3.2.2.1 for ICMP). */
export function socketErrorKind(code: string | undefined): ObservationErrorKind {
  switch (code) {
    case 'ECONNREFUSED':
      return 'refused-connection';
    case 'ETIMEDOUT':
      return 'timeout';
    default:
      // EHOSTUNREACH, ENETUNREACH, EHOSTDOWN, EACCES/EPERM (filtered), EADDRNOTAVAIL…: the
      // packet did not get to a server.
      return 'unreachable';
  }
}
