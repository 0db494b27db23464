import 'server-only';
import type { AttemptReason } from '@/lib/dns/capture';
import type { QueryOptions, ServerAddress, TransportKind } from '@/lib/dns/transport/options';
import type { Question } from '@/lib/dns/wire/types';
import type { AddressPolicy } from '@/lib/guard/address-policy';
import { checkDestination } from './check-destination';
import type { ExchangeResult } from './exchange-result';
import { paceExchange, type ServerPacing } from './server-rate';
import type { AttemptTicket, ServerTimeouts } from './server-timeouts';
import { startObservation, type ObservationClock, type ObservationRecorder } from './observation-recorder';
import { normalizeQuestion, prepareQuery, randomQueryId, recordedOptions, resolveSettings, type PreparedQuery, type QuerySettings } from './prepare-query';
import type { Transport } from './types';

export const DEFAULT_TIMEOUT_MS = 1500;

/** What one attempt goes over: UDP or TCP (on sockets or in the lab), or the lab's resolver in memory. */
export type Protocol = 'udp' | 'tcp' | 'lab';

export interface ExchangeRequest {
  server: ServerAddress;
  protocol: Protocol;
  /** Why this attempt is made (the UDP retry listens unconnected, for one). */
  reason: AttemptReason;
  /** The bytes to send, and the same decoded: what a reply must match (RFC 5452 9.1). */
  query: PreparedQuery;
  timeoutMs: number;
  signal?: AbortSignal;
}

/**
 * One attempt, all a transport supplies: the query out, the reply (raw and decoded) or a typed
 * failure back. Everything around it (retries, fallbacks, the record) is createExchangeTransport's.
 */
export type Exchange = (request: ExchangeRequest) => Promise<ExchangeResult>;

export interface ExchangeTransportSpec {
  kind: TransportKind;
  /**
   * `udp`: UDP, one retry, TCP on truncation or failure; a query with `tcp` starts over TCP.
   * `tcp`: TCP only (TCP retransmits for us). `lab`: one exchange with the lab's resolver.
   */
  protocol: Protocol;
  exchange: Exchange;
  /** Per-attempt timeout unless a query sets `timeoutMs` (default 1500 ms). */
  timeoutMs?: number;
  /** RD when the query does not say: a resolver is asked to recurse (RFC 1035 4.1.1). */
  recursionDesired?: boolean;
  /** Checked before anything is sent; a refused address gets `blocked-by-policy` and no attempt. */
  policy?: AddressPolicy;
  clock?: ObservationClock;
  /** Every attempt takes its turn at its server's query rate first (server-rate.ts). */
  pacing?: ServerPacing;
  /**
   * Adaptive per-server timeouts (server-timeouts.ts): each attempt's timeout from the address's
   * smoothed round trip, the per-query timeout its ceiling, and a timed-out address retried once
   * rather than waited on three times. Without, every attempt waits the full timeout.
   */
  timeouts?: ServerTimeouts;
}

// A malformed reply is final: the bytes are the evidence, and TCP would not mend the server. A
// question we cannot encode is final too: nothing was sent, and it would not encode for TCP.
const FINAL_FAILURES = new Set(['malformed', 'invalid-query']);

/**
 * A Transport over `exchange`, with the retry rules every transport of authoritative servers
 * follows (the network's UDP and TCP ones, the lab's), so they cannot drift apart:
 * - UDP first, one retry on timeout or mismatch (RFC 1035 4.2.1), each with a fresh id (RFC 5452 9.2);
 *   with `timeouts`, no retry to an address already silent or silent to another query meanwhile,
 *   and no TCP after UDP timed out twice (the address is dead: a third wait proves nothing more);
 * - FORMERR without OPT to a query with OPT: the server predates EDNS, so ask once more without
 *   it (RFC 6891 7), and keep it off for the rest of this query;
 * - TCP when the answer is truncated or UDP failed (RFC 7766 5), unless the query says not to;
 * - an attempt that fails once the signal has aborted is recorded as aborted.
 * Every attempt is kept in the Observation with its reason; the last one is its outcome. Never
 * rejects: a bug of ours (an exchange that throws) is an `internal` error, whatever the transport.
 */
export function createExchangeTransport(spec: ExchangeTransportSpec): Transport {
  const defaultTimeout = spec.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const exchange = spec.pacing ? paceExchange(spec.exchange, spec.pacing) : spec.exchange;
  return {
    kind: spec.kind,
    async query(server, question, options = {}) {
      options ??= {}; // a caller's null must not become a throw
      const q = normalizeQuestion(question);
      const settings = resolveSettings(options, { recursionDesired: spec.recursionDesired ?? false });
      if (spec.protocol === 'tcp') settings.tcp = true;
      const first: Protocol = spec.protocol === 'udp' && settings.tcp ? 'tcp' : spec.protocol;
      const rec = startObservation(server, q, recordedOptions(settings), spec.clock);
      try {
        const refused = spec.policy ? checkDestination(spec.policy, server?.address, server?.port) : null;
        if (refused) return rec.finish(first, refused);
        if (options.signal?.aborted) return rec.finish(first, { kind: 'timeout', message: 'aborted' });
        const run = new QueryRun(spec, exchange, server, q, settings, options, options.timeoutMs ?? defaultTimeout, rec);
        const [protocol, result] = await run.sequence(first);
        return rec.finish(protocol, result);
      } catch (err) {
        // A bug of ours, not the server's: still data, never a rejected promise.
        const message = `internal error: ${err instanceof Error ? err.message : String(err)}`;
        return rec.finish(rec.attempts.at(-1)?.transport ?? first, { kind: 'internal', message });
      }
    },
  };
}

/** One query's attempts, in the order the rules above give them (a class: no closures per query). */
class QueryRun {
  /** EDNS until a FORMERR without OPT says the server predates it. */
  private edns: boolean;
  /** The last attempt's ticket, for its retry verdict. */
  private ticket: AttemptTicket | null = null;

  constructor(
    private readonly spec: ExchangeTransportSpec,
    private readonly exchange: Exchange,
    private readonly server: ServerAddress,
    private readonly question: Question,
    private readonly settings: QuerySettings,
    private readonly options: QueryOptions,
    private readonly ceilingMs: number,
    private readonly rec: ObservationRecorder,
  ) {
    this.edns = settings.edns;
  }

  private aborted(): boolean {
    return this.options.signal?.aborted === true;
  }

  private async once(protocol: Protocol, reason: AttemptReason): Promise<ExchangeResult> {
    const prepared = prepareQuery(this.question, this.edns === this.settings.edns ? this.settings : { ...this.settings, edns: this.edns }, randomQueryId());
    // Nothing was sent, so no attempt is recorded.
    if (!prepared.ok) return { ok: false, kind: 'invalid-query', message: prepared.message, rttMs: 0, ignored: [] };
    const { server, spec } = this;
    // TCP spends a round trip on its handshake first: twice the time, and no RTT sample.
    const ticket =
      spec.timeouts && server?.address ? spec.timeouts.begin(`${server.address}#${server.port}`, this.ceilingMs, protocol === 'tcp' ? 2 : 1) : null;
    this.ticket = ticket;
    const timeoutMs = ticket?.timeoutMs ?? this.ceilingMs;
    let result: ExchangeResult;
    try {
      result = await this.exchange({ server, protocol, reason, query: prepared.query, timeoutMs, signal: this.options.signal });
    } catch (err) {
      ticket?.end('other');
      throw err;
    }
    const aborted = this.aborted();
    if (!result.ok && aborted) result = { ...result, kind: 'timeout', message: 'aborted' };
    ticket?.end(result.ok ? (protocol === 'tcp' ? 'other' : result.rttMs) : result.kind === 'timeout' && !aborted ? 'timeout' : 'other');
    this.rec.record(result, protocol, reason, this.edns);
    return result;
  }

  private async ask(protocol: Protocol, reason: AttemptReason): Promise<ExchangeResult> {
    const result = await this.once(protocol, reason);
    if (!this.edns || this.aborted() || !isPreEdnsFormerr(result)) return result;
    this.edns = false;
    return this.once(protocol, 'no-edns-after-formerr');
  }

  async sequence(first: Protocol): Promise<[Protocol, ExchangeResult]> {
    const initial = await this.ask(first, 'initial');
    if (first !== 'udp') return [first, initial];
    let udp = initial;
    if (!udp.ok && (udp.kind === 'timeout' || udp.kind === 'mismatched') && !this.aborted()) {
      // Known silent, or silent to the queries sent with this one: they were its retries.
      if (udp.kind === 'timeout' && this.ticket && !this.ticket.mayRetry()) return ['udp', udp];
      udp = await this.ask('udp', 'retry-after-timeout');
      if (!udp.ok && udp.kind === 'timeout' && this.spec.timeouts) return ['udp', udp];
    }
    if (this.options.noTcpFallback || this.aborted()) return ['udp', udp];
    if (udp.ok) return udp.message.flags.tc ? ['tcp', await this.ask('tcp', 'tcp-after-truncation')] : ['udp', udp];
    if (FINAL_FAILURES.has(udp.kind)) return ['udp', udp];
    return ['tcp', await this.ask('tcp', 'tcp-after-udp-failure')];
  }
}

/**
 * RFC 6891 7: a server without EDNS answers FORMERR and no OPT to a query with OPT; a server with
 * EDNS that finds the OPT itself broken answers FORMERR with an OPT, and asking again without it
 * would only hide that.
 */
function isPreEdnsFormerr(result: ExchangeResult): boolean {
  return result.ok && result.message.rcode === 'FORMERR' && result.message.edns === undefined;
}
