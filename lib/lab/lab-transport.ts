// The Transport for the lab: queries go to the in-memory servers by IP address, as real bytes
// (encodeQuery → the server → its reply bytes → decodeMessage), so Observations have exactly the
// shape the network gives, and the codec is exercised on every query. Retries, the FORMERR
// fallback without EDNS and the TCP fallback are the network transports' own rules
// (runAttemptSequence), not a copy of them.
import type { Observation, ObservationError, Question, ServerAddress, TransportKind } from '@/lib/dns/capture';
import { runAttemptSequence, type SendAttempt } from '@/lib/dns/transport/attempt-sequence';
import { classifyReply } from '@/lib/dns/transport/classify-reply';
import type { ExchangeResult } from '@/lib/dns/transport/exchange-result';
import { startObservation } from '@/lib/dns/transport/observation-recorder';
import { normalizeQuestion, prepareQuery, randomQueryId, recordedOptions, resolveSettings, type QuerySettings } from '@/lib/dns/transport/prepare-query';
import { DEFAULT_TIMEOUT_MS, type Transport } from '@/lib/dns/transport';
import { abortableSleep } from '@/lib/dns/transport/abortable-sleep';
import { acceptsTcp, serveQuery, type LabWire } from '@/lib/lab/authoritative';
import type { Lab, LabServerInstance } from '@/lib/lab/build-lab';

export interface LabTransportOptions {
  /** Per-attempt timeout unless a query sets `timeoutMs` (default 1500 ms, as the UDP transport). */
  timeoutMs?: number;
  /** Simulated round trip of an answered attempt, per server (default 0). The walker benchmark uses 20. */
  rttMs?: number | ((server: LabServerInstance) => number);
  /**
   * How simulated time passes: by default real waiting, so a silent lab server costs the app its
   * timeout as a dead server would. Tests pass `() => Promise.resolve()` to skip the wait; the
   * recorded times stay the simulated ones either way.
   */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** The wall clock for `startedAt` (default `new Date()`). */
  now?: () => Date;
  /**
   * Whether the simulated host has IPv6 (default true). Without, a query to an IPv6 address fails
   * at once as on a real IPv4-only host (ENETUNREACH): a lab scenario's `vantage`.
   */
  ipv6?: boolean;
}

const DNS_PORT = 53;

export function createLabTransport(lab: Lab, opts: LabTransportOptions = {}): Transport {
  const defaultTimeout = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const sleep = opts.sleep ?? abortableSleep;
  const now = opts.now ?? (() => new Date());
  const rttOf = (server: LabServerInstance) => (typeof opts.rttMs === 'function' ? opts.rttMs(server) : (opts.rttMs ?? 0));

  return {
    kind: 'lab',
    async query(server, question, options = {}) {
      const startedAt = now().toISOString();
      const q = normalizeQuestion(question);
      const settings = resolveSettings(options, { recursionDesired: false });
      const rec = startObservation(server, q, recordedOptions(settings));
      const timeoutMs = options.timeoutMs ?? defaultTimeout;
      let elapsed = 0;

      const send: SendAttempt = async (wire, reason, edns) => {
        const result =
          opts.ipv6 === false && server.address.includes(':')
            ? noRoute(server)
            : exchange(lab.serverAt(server.address), server, q, { ...settings, edns }, wire, timeoutMs, rttOf);
        await sleep(result.rttMs, options.signal);
        elapsed += result.rttMs;
        const final: ExchangeResult = options.signal?.aborted && !result.ok ? { ...result, kind: 'timeout', message: 'aborted' } : result;
        rec.record(final, wire, reason, edns);
        return final;
      };
      const finish = (transport: TransportKind, end: ExchangeResult | ObservationError): Observation => ({
        ...rec.finish(transport, end),
        startedAt,
        rttMs: elapsed,
      });

      const run = async (): Promise<Observation> => {
        const { wire, result } = await runAttemptSequence(
          { tcp: settings.tcp, edns: settings.edns, noTcpFallback: options.noTcpFallback, signal: options.signal },
          send,
        );
        return finish(wire, result);
      };

      if (options.signal?.aborted) return finish(settings.tcp ? 'tcp' : 'udp', { kind: 'timeout', message: 'aborted' });
      try {
        return await run();
      } catch (err) {
        // A bug in the lab (zone data the encoder refuses…): still data, never a rejection.
        const message = `internal error: ${err instanceof Error ? err.message : String(err)}`;
        return finish(rec.attempts.at(-1)?.transport ?? 'udp', { kind: 'malformed', message });
      }
    },
  };
}

/** What a host without IPv6 gets for an IPv6 destination: no route, nothing sent. */
function noRoute(server: ServerAddress): ExchangeResult {
  return { ok: false, kind: 'unreachable', message: `network unreachable: this host has no IPv6 route to ${server.address}`, rttMs: 0, ignored: [] };
}

/** One attempt against the in-memory universe; its rttMs is simulated, not measured. */
function exchange(
  target: LabServerInstance | undefined,
  server: ServerAddress,
  question: Question,
  settings: QuerySettings,
  wire: LabWire,
  timeoutMs: number,
  rttOf: (server: LabServerInstance) => number,
): ExchangeResult {
  const fail = (kind: 'timeout' | 'unreachable' | 'refused-connection' | 'malformed', message: string, rttMs: number): ExchangeResult => ({
    ok: false,
    kind,
    message,
    rttMs,
    ignored: [],
  });
  // No host at the address: nothing routes there, and the lab says so at once.
  if (!target) return fail('unreachable', `no lab server at ${server.address}`, 0);
  const rtt = rttOf(target);
  if (server.port !== DNS_PORT) {
    // As on a real host: a TCP RST, or for UDP an ICMP port unreachable (ECONNREFUSED).
    return fail('refused-connection', `nothing listens on ${wire.toUpperCase()} port ${server.port}`, rtt);
  }
  if (wire === 'tcp' && !acceptsTcp(target)) return fail('refused-connection', `${target.name} refuses TCP connections`, rtt);

  const prepared = prepareQuery(question, settings, randomQueryId());
  if (!prepared.ok) return fail('malformed', prepared.message, 0);
  const reply = serveQuery(target, prepared.query.bytes, wire);
  if (reply === null) return fail('timeout', `no ${wire === 'tcp' ? 'TCP reply' : 'reply'} within ${timeoutMs} ms`, timeoutMs);

  const verdict = classifyReply(reply, prepared.query.decoded);
  if (verdict.verdict === 'accept') return { ok: true, message: verdict.message, bytes: reply, rttMs: rtt, ignored: [] };
  if (verdict.verdict === 'malformed') return { ok: false, kind: 'malformed', message: verdict.reason, bytes: reply, rttMs: rtt, ignored: [] };
  // The lab answers every query it hears; a reply that does not match is a bug in the lab.
  return fail('malformed', `lab reply not matching the query: ${verdict.reason}`, rtt);
}
