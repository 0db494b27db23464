import 'server-only';
import type { Observation, Question, QueryOptions, ServerAddress, TransportKind } from '@/lib/dns/capture';
import type { AddressPolicy } from '@/lib/guard/address-policy';
import { checkDestination } from './check-destination';
import { runAttemptSequence, type SendAttempt } from './attempt-sequence';
import { startObservation, type ObservationRecorder } from './observation-recorder';
import {
  normalizeQuestion,
  prepareQuery,
  randomQueryId,
  recordedOptions,
  resolveSettings,
  type QuerySettings,
} from './prepare-query';
import { exchangeTcp } from './tcp-exchange';
import type { Transport } from './types';
import { exchangeUdp } from './udp-exchange';

export const DEFAULT_TIMEOUT_MS = 1500;

export interface UdpTransportOptions {
  /** Checked before every packet; a refused address gets `blocked-by-policy` and no packet. */
  policy: AddressPolicy;
  /** Per-attempt timeout unless a query sets `timeoutMs` (default 1500 ms). */
  timeoutMs?: number;
}

/**
 * Queries an authoritative server the way a resolver would (RFC 1035 4.2.1, RFC 7766 5): UDP
 * with EDNS(0) and a 1232-octet buffer, one retry on timeout, once more without EDNS after a
 * FORMERR from a server that predates it, then TCP when the answer is truncated or UDP fails
 * (runAttemptSequence). Every attempt is kept in the Observation with its reason.
 */
export function createUdpTransport(opts: UdpTransportOptions): Transport {
  const defaultTimeout = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  return {
    kind: 'udp',
    async query(server, question, options = {}) {
      options ??= {}; // a caller's null must not become a throw
      const q = normalizeQuestion(question);
      const settings = resolveSettings(options, { recursionDesired: false });
      const rec = startObservation(server, q, recordedOptions(settings));
      try {
        return await run(opts.policy, server, q, settings, options, options.timeoutMs ?? defaultTimeout, rec);
      } catch (err) {
        // A bug of ours, not the server's: still data, never a rejected promise.
        return rec.finish(lastTransport(rec, 'udp'), {
          kind: 'internal',
          message: `internal error: ${err instanceof Error ? err.message : String(err)}`,
        });
      }
    },
  };
}

async function run(
  policy: AddressPolicy,
  server: ServerAddress,
  question: Question,
  settings: QuerySettings,
  options: QueryOptions,
  timeoutMs: number,
  rec: ObservationRecorder,
): Promise<Observation> {
  const first: TransportKind = settings.tcp ? 'tcp' : 'udp';
  const refused = checkDestination(policy, server?.address, server?.port);
  if (refused) return rec.finish(first, refused);
  if (options.signal?.aborted) return rec.finish(first, { kind: 'timeout', message: 'aborted' });

  const send: SendAttempt = async (wire, reason, edns) => {
    // A fresh id for every attempt, as for a fresh port (RFC 5452 9.2).
    const prepared = prepareQuery(question, { ...settings, edns }, randomQueryId());
    // Nothing was sent, so no attempt is recorded: an Observation with no attempts.
    if (!prepared.ok) return { ok: false, kind: 'invalid-query', message: prepared.message, rttMs: 0, ignored: [] };
    const common = {
      address: server.address,
      port: server.port,
      bytes: prepared.query.bytes,
      query: prepared.query.decoded,
      timeoutMs,
      signal: options.signal,
    };
    // The first datagram goes connected so an ICMP port unreachable ends it at once; the retry
    // after a timeout listens unconnected so an answer from the wrong address is seen and
    // recorded, not silently dropped.
    const result = wire === 'udp' ? await exchangeUdp({ ...common, connect: reason !== 'retry-after-timeout' }) : await exchangeTcp(common);
    rec.record(result, wire, reason, edns);
    return result;
  };

  const { wire, result } = await runAttemptSequence({ tcp: settings.tcp, edns: settings.edns, noTcpFallback: options.noTcpFallback, signal: options.signal }, send);
  return rec.finish(wire, result);
}

function lastTransport(rec: ObservationRecorder, fallback: TransportKind): TransportKind {
  return rec.attempts.at(-1)?.transport ?? fallback;
}
