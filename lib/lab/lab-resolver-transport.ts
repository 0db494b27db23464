// The lab's recursive resolver as a Transport: what the DoH transport is on the network, in
// memory. In lab mode the walker resolves out-of-domain NS names through it, as real bytes
// (encodeQuery → resolveInLab → encodeMessage → decodeMessage), like everything in the lab. It
// supplies only the exchange; the record is createExchangeTransport's.
import { abortableSleep } from '@/lib/dns/transport/abortable-sleep';
import type { ServerAddress } from '@/lib/dns/transport/options';
import { KeptTable } from '@/lib/dns/kept-table';
import { bytesAfterId, withId } from '@/lib/dns/wire/message-id';
import { createExchangeTransport, judgeOnlyReply, type ExchangeResult, type Transport } from '@/lib/dns/transport';
import { encodeMessage } from '@/lib/dns/wire';
import type { DecodedMessage } from '@/lib/dns/wire/types';
import type { Lab } from '@/lib/lab/build-lab';
import { LAB_RESOLVER_ADDRESS } from '@/lib/lab/manifest';
import { resolveInLab } from '@/lib/lab/resolver';

export interface LabResolverTransport extends Transport {
  readonly kind: 'lab';
  /** Where the resolver "is": pass it to `query`. Its URL is the lab's DoH endpoint. */
  readonly server: ServerAddress;
}

export { LAB_RESOLVER_ADDRESS };

/** `rttMs`: the resolver is that far away (benchmarks; ZONECUT_LAB_RTT_MS); by default it answers at once. */
export function createLabResolverTransport(lab: Lab, opts: { now?: () => Date; rttMs?: number } = {}): LabResolverTransport {
  const rttMs = opts.rttMs ?? 0;
  const transport = createExchangeTransport({
    kind: 'lab',
    protocol: 'lab',
    // A resolver is asked to recurse unless the caller says otherwise (RFC 1035 4.1.1).
    recursionDesired: true,
    // In memory the answer comes at once, unless a round trip is simulated.
    exchange: async ({ query, signal }) => {
      if (rttMs > 0) await abortableSleep(rttMs, signal);
      return { ...judgeOnlyReply(await resolved(lab, query.bytes, query.decoded), query.decoded), rttMs, ignored: [] } as ExchangeResult;
    },
    clock: { now: opts.now, simulated: true },
  });
  return { ...transport, kind: 'lab', server: { address: LAB_RESOLVER_ADDRESS, port: 443, name: 'lab resolver', url: '/api/lab/dns-query' } };
}

/**
 * The resolver's reply to a query: a function of the lab (built once) and the query but its ID,
 * so each one is resolved once per lab and kept (at most MAX_RESOLVED, the oldest dropped first).
 * On the network the recursion is the resolver's work; here it would otherwise be the check's.
 */
async function resolved(lab: Lab, bytes: Uint8Array, decoded: DecodedMessage): Promise<Buffer> {
  let kept = RESOLVED.get(lab);
  if (!kept) RESOLVED.set(lab, (kept = new KeptTable(MAX_RESOLVED)));
  const key = bytesAfterId(bytes);
  let reply = kept.get(key);
  if (reply === undefined) {
    reply = resolveInLab(lab, decoded).then(encodeMessage);
    kept.keep(key, reply);
  }
  return withId(await reply, decoded.id);
}

const RESOLVED = new WeakMap<Lab, KeptTable<string, Promise<Buffer>>>();
const MAX_RESOLVED = 4096;
