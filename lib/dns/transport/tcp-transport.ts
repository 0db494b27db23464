import 'server-only';
import type { AddressPolicy } from '@/lib/guard/address-policy';
import { runAttemptSequence, type SendAttempt } from './attempt-sequence';
import { checkDestination } from './check-destination';
import { startObservation } from './observation-recorder';
import { normalizeQuestion, prepareQuery, randomQueryId, recordedOptions, resolveSettings } from './prepare-query';
import { exchangeTcp } from './tcp-exchange';
import type { Transport } from './types';
import { DEFAULT_TIMEOUT_MS } from './udp-transport';

export interface TcpTransportOptions {
  policy: AddressPolicy;
  /** Connect timeout, and again the reply timeout, unless a query sets `timeoutMs` (default 1500 ms). */
  timeoutMs?: number;
}

/**
 * DNS over TCP only (RFC 7766): one connection per query, no retry on timeout (TCP retransmits
 * for us); only the FORMERR-to-EDNS retry without OPT (runAttemptSequence). For probing whether a
 * server answers over TCP at all.
 */
export function createTcpTransport(opts: TcpTransportOptions): Transport {
  const defaultTimeout = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  return {
    kind: 'tcp',
    async query(server, question, options = {}) {
      options ??= {}; // a caller's null must not become a throw
      const q = normalizeQuestion(question);
      const settings = { ...resolveSettings(options, { recursionDesired: false }), tcp: true };
      const rec = startObservation(server, q, recordedOptions(settings));
      try {
        const refused = checkDestination(opts.policy, server?.address, server?.port);
        if (refused) return rec.finish('tcp', refused);
        if (options.signal?.aborted) return rec.finish('tcp', { kind: 'timeout', message: 'aborted' });
        const send: SendAttempt = async (wire, reason, edns) => {
          const prepared = prepareQuery(q, { ...settings, edns }, randomQueryId());
          if (!prepared.ok) return { ok: false, kind: 'invalid-query', message: prepared.message, rttMs: 0, ignored: [] };
          const result = await exchangeTcp({
            address: server.address,
            port: server.port,
            bytes: prepared.query.bytes,
            query: prepared.query.decoded,
            timeoutMs: options.timeoutMs ?? defaultTimeout,
            signal: options.signal,
          });
          rec.record(result, wire, reason, edns);
          return result;
        };
        const { result } = await runAttemptSequence({ tcp: true, edns: settings.edns, signal: options.signal }, send);
        return rec.finish('tcp', result);
      } catch (err) {
        return rec.finish('tcp', { kind: 'internal', message: `internal error: ${err instanceof Error ? err.message : String(err)}` });
      }
    },
  };
}
