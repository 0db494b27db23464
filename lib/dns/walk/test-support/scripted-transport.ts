// Test support: a tiny scripted DNS universe for the walker's unit tests. Each address serves some
// zones written in zone-file text and answers as an authoritative server would (referral, answer,
// alias, NODATA, NXDOMAIN, REFUSED); single answers can be overridden by (address, qname, qtype),
// and an address can be silent. No bytes, no sockets: DecodedMessages straight into Observations.
// The lab (lib/lab) is the full-size universe; this one is small enough to reason about in a test.
import { abortableSleep } from '@/lib/dns/transport/abortable-sleep';
import type { Observation } from '@/lib/dns/capture';
import type { QueryOptions, ServerAddress } from '@/lib/dns/transport/options';
import type { DecodedMessage, Question, ResourceRecord } from '@/lib/dns/wire/types';
import type { Transport } from '@/lib/dns/transport/types';
import { canonicalName, isSubdomain, labelCount } from '@/lib/dns/wire/name';
import { parseZoneFile } from '@/lib/dns/wire/zone-file';

export interface SentQuery {
  address: string;
  port: number;
  question: Question;
  options: QueryOptions;
}

export type ScriptedReply = DecodedMessage | 'silent' | ((question: Question, options: QueryOptions) => DecodedMessage | 'silent');

export interface ScriptedUniverseOptions {
  /** Zone apex → zone-file text (its own $ORIGIN is the apex). */
  zones: Record<string, string>;
  /** Address → the apexes it serves, or 'silent' for a server that never answers. */
  servers: Record<string, string[] | 'silent'>;
  /** `address qname qtype` (qname absolute, lowercase) → a fixed reply. */
  overrides?: Record<string, ScriptedReply>;
  /** How long a silent server keeps the querier waiting when the query sets no timeout (ms). */
  silentMs?: number;
  /** Simulated round trip per address (ms, real waiting); default 0. */
  delayMs?: Record<string, number>;
  /** Called for every query before it is answered (tests advance a fake clock here). */
  onQuery?: (query: SentQuery) => void;
}

export interface ScriptedTransport extends Transport {
  readonly sent: SentQuery[];
}

let counter = 0;

export function createScriptedTransport(opts: ScriptedUniverseOptions, kind: Transport['kind'] = 'udp'): ScriptedTransport {
  const zones = new Map<string, ResourceRecord[]>();
  for (const [apex, text] of Object.entries(opts.zones)) {
    zones.set(canonicalName(apex), parseZoneFile(text, { origin: canonicalName(apex), defaultTtl: 3600 }));
  }
  const sent: SentQuery[] = [];
  return {
    kind,
    sent,
    async query(server: ServerAddress, question: Question, options: QueryOptions = {}): Promise<Observation> {
      const q: Question = { name: canonicalName(question.name), type: question.type.toUpperCase(), class: 'IN' };
      const record: SentQuery = { address: server.address, port: server.port, question: q, options };
      sent.push(record);
      opts.onQuery?.(record);
      const started = new Date();
      const override = opts.overrides?.[`${server.address} ${q.name} ${q.type}`];
      let reply: DecodedMessage | 'silent' | 'unreachable';
      if (override !== undefined) reply = typeof override === 'function' ? override(q, options) : override;
      else {
        const served = opts.servers[server.address];
        if (served === undefined) reply = 'unreachable';
        else if (served === 'silent') reply = 'silent';
        else reply = answer(zones, served, q, options);
      }
      const delay = opts.delayMs?.[server.address] ?? 0;
      if (reply === 'silent') await abortableSleep(options.timeoutMs ?? opts.silentMs ?? 50, options.signal);
      else if (delay > 0) await abortableSleep(delay, options.signal);
      const base = {
        id: `scripted-${++counter}`,
        server,
        question: q,
        options: {
          edns: options.edns ?? true,
          ...(options.edns !== false ? { udpSize: options.udpSize ?? 1232 } : {}),
          dnssecOk: options.dnssecOk ?? false,
          recursionDesired: options.recursionDesired ?? false,
          checkingDisabled: false,
          tcp: options.tcp ?? false,
        },
        transport: kind === 'udp' && options.tcp ? ('tcp' as const) : kind,
        startedAt: started.toISOString(),
        rttMs: Date.now() - started.getTime(),
      };
      if (reply === 'silent' || reply === 'unreachable') {
        const kindOf = reply === 'silent' ? ('timeout' as const) : ('unreachable' as const);
        return {
          ...base,
          attempts: [{ transport: base.transport, reason: 'initial', edns: base.options.edns, rttMs: base.rttMs, outcome: kindOf }],
          error: { kind: kindOf, message: reply === 'silent' ? 'no reply' : `nothing at ${server.address}` },
        };
      }
      const response: DecodedMessage = { ...reply, question: [q], ...(options.edns === false ? {} : { edns: ednsOf(options) }) };
      if (options.edns === false) delete response.edns;
      return {
        ...base,
        attempts: [
          { transport: base.transport, reason: 'initial', edns: base.options.edns, rttMs: base.rttMs, outcome: response.flags.tc ? 'truncated' : 'response' },
        ],
        response,
      };
    },
  };
}

function ednsOf(options: QueryOptions): NonNullable<DecodedMessage['edns']> {
  return { udpSize: 1232, version: 0, dnssecOk: options.dnssecOk ?? false, extendedRcode: 0, options: [] };
}

/** A DecodedMessage with defaults: NOERROR, QR set, nothing in it. */
export function message(fields: Partial<Omit<DecodedMessage, 'flags'>> & { flags?: Partial<DecodedMessage['flags']> } = {}): DecodedMessage {
  return {
    id: 0,
    opcode: 'QUERY',
    rcode: 'NOERROR',
    question: [],
    answer: [],
    authority: [],
    additional: [],
    size: 100,
    ...fields,
    flags: { qr: true, aa: false, tc: false, rd: false, ra: false, ad: false, cd: false, ...fields.flags },
  };
}

export function rr(name: string, type: string, data: ResourceRecord['data'], ttl = 3600): ResourceRecord {
  return { name: canonicalName(name), type, class: 'IN', ttl, data };
}

/** A recursive resolver's reply (RA set). */
export function resolverReply(rcode: DecodedMessage['rcode'], answer: ResourceRecord[] = [], authority: ResourceRecord[] = []): DecodedMessage {
  return message({ rcode, answer, authority, flags: { ra: true, rd: true } });
}

/** An authoritative server's reply for `q` from the zones it serves (RFC 1034 4.3.2, simplified). */
function answer(zones: Map<string, ResourceRecord[]>, served: string[], q: Question, options: QueryOptions): DecodedMessage {
  const apex = served
    .map(canonicalName)
    .filter((a) => zones.has(a) && isSubdomain(q.name, a))
    .sort((a, b) => labelCount(b) - labelCount(a))[0];
  const rd = { rd: options.recursionDesired ?? false };
  if (!apex) return message({ rcode: 'REFUSED', flags: rd });
  const records = zones.get(apex)!;
  const at = (name: string, type?: string) => records.filter((r) => canonicalName(r.name) === name && (type === undefined || r.type === type));
  const addressesOf = (names: string[]) => records.filter((r) => (r.type === 'A' || r.type === 'AAAA') && names.includes(canonicalName(r.name)));

  // The deepest delegation at or above the name (not the apex): a referral, except DS at the cut.
  const cuts = [...new Set(records.filter((r) => r.type === 'NS' && canonicalName(r.name) !== apex).map((r) => canonicalName(r.name)))]
    .filter((cut) => isSubdomain(q.name, cut))
    .sort((a, b) => labelCount(b) - labelCount(a));
  const cut = cuts[0];
  if (cut && !(cut === q.name && q.type === 'DS')) {
    const ns = at(cut, 'NS');
    return message({
      authority: [...ns, ...at(cut, 'DS')],
      additional: addressesOf(ns.map((r) => canonicalName(r.data as string))),
      flags: rd,
    });
  }
  const soa = at(apex, 'SOA');
  const exact = at(q.name, q.type);
  if (exact.length > 0) {
    const additional = q.type === 'NS' ? addressesOf(exact.map((r) => canonicalName(r.data as string))) : [];
    return message({ answer: exact, additional, flags: { ...rd, aa: true } });
  }
  const alias = at(q.name, 'CNAME');
  if (alias.length > 0) {
    const target = canonicalName(alias[0]!.data as string);
    return message({ answer: [...alias, ...at(target, q.type)], flags: { ...rd, aa: true } });
  }
  const exists = records.some((r) => isSubdomain(r.name, q.name));
  return message({ rcode: exists ? 'NOERROR' : 'NXDOMAIN', authority: soa, flags: { ...rd, aa: true } });
}
