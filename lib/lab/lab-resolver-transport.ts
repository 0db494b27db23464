// The lab's recursive resolver as a Transport: what the DoH transport is on the network, in
// memory. In lab mode the walker resolves out-of-domain NS names through it, as real bytes
// (encodeQuery → resolveInLab → encodeMessage → decodeMessage), like everything in the lab.
import type { ServerAddress } from '@/lib/dns/capture';
import { classifyReply } from '@/lib/dns/transport/classify-reply';
import type { ExchangeResult } from '@/lib/dns/transport/exchange-result';
import { startObservation } from '@/lib/dns/transport/observation-recorder';
import { normalizeQuestion, prepareQuery, randomQueryId, recordedOptions, resolveSettings } from '@/lib/dns/transport/prepare-query';
import type { Transport } from '@/lib/dns/transport';
import { encodeMessage } from '@/lib/dns/wire';
import type { Lab } from '@/lib/lab/build-lab';
import { LAB_RESOLVER_ADDRESS } from '@/lib/lab/manifest';
import { resolveInLab } from '@/lib/lab/resolver';

export interface LabResolverTransport extends Transport {
  readonly kind: 'lab';
  /** Where the resolver "is": pass it to `query`. Its URL is the lab's DoH endpoint. */
  readonly server: ServerAddress;
}

export { LAB_RESOLVER_ADDRESS };

export function createLabResolverTransport(lab: Lab, opts: { now?: () => Date } = {}): LabResolverTransport {
  const now = opts.now ?? (() => new Date());
  return {
    kind: 'lab',
    server: { address: LAB_RESOLVER_ADDRESS, port: 443, name: 'lab resolver', url: '/api/lab/dns-query' },
    async query(server, question, options = {}) {
      const startedAt = now().toISOString();
      const q = normalizeQuestion(question);
      // A resolver is asked to recurse unless the caller says otherwise (RFC 1035 4.1.1).
      const settings = resolveSettings(options, { recursionDesired: true });
      const rec = startObservation(server, q, recordedOptions(settings));
      const finish = (end: ExchangeResult) => ({ ...rec.finish('lab', end), startedAt, rttMs: 0 });
      if (options.signal?.aborted) return { ...rec.finish('lab', { kind: 'timeout', message: 'aborted' }), startedAt, rttMs: 0 };

      const prepared = prepareQuery(q, settings, randomQueryId());
      if (!prepared.ok) return finish({ ok: false, kind: 'malformed', message: prepared.message, rttMs: 0, ignored: [] });
      const bytes = encodeMessage(resolveInLab(lab, prepared.query.decoded));
      const verdict = classifyReply(bytes, prepared.query.decoded);
      const result: ExchangeResult =
        verdict.verdict === 'accept'
          ? { ok: true, message: verdict.message, bytes, rttMs: 0, ignored: [] }
          : { ok: false, kind: 'malformed', message: verdict.verdict === 'malformed' ? verdict.reason : `lab resolver reply not matching: ${verdict.reason}`, bytes, rttMs: 0, ignored: [] };
      rec.record(result, 'lab', 'initial', settings.edns);
      return finish(result);
    },
  };
}
