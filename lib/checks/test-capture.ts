// Test helper: hand-made captures in a few lines. Describe each zone cut as its operator would
// (NS names and their addresses, glue, SOA, keys), get every observation a healthy walk would
// record, then break one thing with `respond()` and assert the one finding it should cause.
//
//   const c = captureBuilder()
//     .cut('example.test.', { ns: { 'ns1.example.test.': ['192.0.2.1'], 'ns2.example.test.': ['192.0.2.2'] } })
//     .respond({ address: '192.0.2.2', purpose: 'apex-soa' }, rcode('REFUSED'))
//     .build();
//
// Observation ids are readable: `<zone> <purpose> <address>`, plus `<name> <type>` for
// ns-address, `<zone> resolve <name> <type>` and `takeover <domain>`.
import type { Capture, Nameserver, NameserverAddress, Observation, ObservationErrorKind, ProbePurpose, ZoneCut } from '@/lib/dns/capture';
import type { ServerAddress } from '@/lib/dns/transport/options';
import type { CsyncData, DecodedMessage, DnskeyData, DsData, Rcode, RData, ResourceRecord, SoaData } from '@/lib/dns/wire/types';
import { CAPTURE_SCHEMA_VERSION } from '@/lib/dns/capture';
import { analyze } from '@/lib/checks/analyze';
import type { Finding, FindingCode } from '@/lib/checks/catalogue';
import { canonicalName, isInDomain, parentName } from '@/lib/dns/wire/pure';

// ───────────── messages and records ─────────────

export function rr(name: string, type: string, data: RData, ttl = 3600): ResourceRecord {
  return { name, type, class: 'IN', ttl, data };
}

export interface MsgInput {
  rcode?: Rcode;
  aa?: boolean;
  tc?: boolean;
  ra?: boolean;
  answer?: ResourceRecord[];
  authority?: ResourceRecord[];
  additional?: ResourceRecord[];
  /** false: no OPT in the reply. */
  edns?: boolean;
  question?: { name: string; type: string };
}

export function msg(input: MsgInput = {}): DecodedMessage {
  return {
    id: 1,
    opcode: 'QUERY',
    rcode: input.rcode ?? 'NOERROR',
    flags: { qr: true, aa: input.aa ?? false, tc: input.tc ?? false, rd: false, ra: input.ra ?? false, ad: false, cd: false },
    question: input.question ? [{ name: input.question.name, type: input.question.type, class: 'IN' }] : [],
    answer: input.answer ?? [],
    authority: input.authority ?? [],
    additional: input.additional ?? [],
    ...(input.edns === false ? {} : { edns: { udpSize: 1232, version: 0, dnssecOk: false, extendedRcode: 0, options: [] } }),
    size: 100,
  };
}

export interface ObsInput {
  id: string;
  purpose?: ProbePurpose;
  zone?: string;
  server: string | ServerAddress;
  question: { name: string; type: string };
  response?: DecodedMessage;
  error?: ObservationErrorKind;
  edns?: boolean;
  tcp?: boolean;
  dnssecOk?: boolean;
  rttMs?: number;
  transport?: Observation['transport'];
}

/** One observation: a response or an error, with attempts as a transport would record them. */
export function obs(input: ObsInput): Observation {
  const server = typeof input.server === 'string' ? { address: input.server, port: 53 } : input.server;
  const edns = input.edns ?? true;
  const transport = input.transport ?? (input.tcp ? 'tcp' : 'udp');
  const rttMs = input.rttMs ?? 12;
  const base = {
    id: input.id,
    ...(input.purpose ? { purpose: input.purpose } : {}),
    ...(input.zone ? { zone: input.zone } : {}),
    server,
    question: { name: input.question.name, type: input.question.type, class: 'IN' },
    options: {
      edns,
      dnssecOk: input.dnssecOk ?? false,
      recursionDesired: input.purpose === 'resolve' || input.purpose === 'takeover',
      ...(input.tcp ? { tcp: true } : {}),
    },
    startedAt: '2026-01-01T00:00:00.000Z',
  };
  if (input.error) {
    const notSent = input.error === 'blocked-by-policy' || input.error === 'budget-exhausted';
    const attempts: Observation['attempts'] = notSent
      ? []
      : input.tcp
        ? [{ transport: 'tcp', reason: 'initial', edns, rttMs: 1500, outcome: input.error }]
        : [
            { transport, reason: 'initial', edns, rttMs: 1500, outcome: input.error },
            { transport, reason: 'retry-after-timeout', edns, rttMs: 1500, outcome: input.error },
            { transport: 'tcp', reason: 'tcp-after-udp-failure', edns, rttMs: 1500, outcome: input.error },
          ];
    return {
      ...base,
      transport: notSent ? transport : (attempts.at(-1)?.transport ?? transport),
      attempts,
      rttMs: attempts.reduce((t, a) => t + a.rttMs, 0),
      error: { kind: input.error, message: input.error },
    };
  }
  return {
    ...base,
    transport,
    attempts: [{ transport, reason: 'initial', edns, rttMs, outcome: input.response?.flags.tc ? 'truncated' : 'response' }],
    rttMs,
    ...(input.response ? { response: input.response } : {}),
  };
}

// ───────────── overrides ─────────────

export type Override = (o: Observation) => Observation;

export interface Match {
  id?: string;
  zone?: string;
  purpose?: ProbePurpose | ProbePurpose[];
  address?: string;
  qname?: string;
  qtype?: string;
}

function matches(o: Observation, m: Match): boolean {
  if (m.id !== undefined && o.id !== m.id) return false;
  if (m.zone !== undefined && (o.zone === undefined || canonicalName(o.zone) !== canonicalName(m.zone))) return false;
  if (m.purpose !== undefined && !(Array.isArray(m.purpose) ? m.purpose : [m.purpose]).includes(o.purpose as ProbePurpose)) return false;
  if (m.address !== undefined && o.server.address !== m.address) return false;
  if (m.qname !== undefined && canonicalName(o.question.name) !== canonicalName(m.qname)) return false;
  if (m.qtype !== undefined && o.question.type.toUpperCase() !== m.qtype.toUpperCase()) return false;
  return true;
}

/** The server does not answer at all (UDP retried, then TCP). */
export function timeout(kind: ObservationErrorKind = 'timeout'): Override {
  return (o) => {
    const redone = obs({
      id: o.id,
      server: o.server,
      question: o.question,
      error: kind,
      edns: o.options.edns !== false,
      tcp: o.options.tcp === true,
      ...(o.purpose ? { purpose: o.purpose } : {}),
      ...(o.zone ? { zone: o.zone } : {}),
    });
    return { ...redone, options: o.options };
  };
}

/** Replace the response with a bare one: `rcode('REFUSED')`. */
export function rcode(code: Rcode, input: MsgInput = {}): Override {
  return respondWith(msg({ ...input, rcode: code }));
}

export function respondWith(response: DecodedMessage): Override {
  return (o) =>
    ({ ...o, response, attempts: o.attempts.map((a) => ({ ...a, outcome: response.flags.tc ? 'truncated' : 'response' })), error: undefined }) as Observation;
}

/** Change the existing response. */
export function edit(fn: (m: DecodedMessage) => DecodedMessage): Override {
  return (o) => (o.response ? { ...o, response: fn(o.response) } : o);
}

export const noAa: Override = edit((m) => ({ ...m, flags: { ...m.flags, aa: false } }));
export const noOpt: Override = edit((m) => {
  const { edns: _edns, ...rest } = m;
  void _edns;
  return rest;
});

/** Change a field of every SOA in the answer. */
export function soaField(fields: Partial<SoaData>): Override {
  return edit((m) => ({
    ...m,
    answer: m.answer.map((r) => (r.type === 'SOA' ? { ...r, data: { ...(r.data as SoaData), ...fields } } : r)),
  }));
}

/** Replace the answer's records of one type (e.g. a server serving another DNSKEY set). */
export function answerData(type: string, data: RData[], ttl?: number): Override {
  return edit((m) => {
    const owner = m.answer.find((r) => r.type === type)?.name ?? m.question[0]?.name ?? '.';
    const kept = m.answer.filter(
      (r) => r.type !== type && !(r.type === 'RRSIG' && data.length === 0 && (r.data as { typeCovered?: string }).typeCovered === type),
    );
    return { ...m, answer: [...kept, ...data.map((d) => rr(owner, type, d, ttl ?? 3600))] };
  });
}

// ───────────── zones ─────────────

export interface ParentServer {
  name: string;
  address: string;
}

export interface ZoneSpec {
  /** The parent zone; default: the zone minus its first label; null for the root. */
  parent?: string | null;
  /** Servers of the parent that give the referral. */
  parentServers?: ParentServer[];
  /** Each NS name with the addresses it really has (what the child zone or the resolver says). */
  ns: Record<string, string[]>;
  /** The delegation's NS names (default: the keys of `ns`). */
  parentNs?: string[];
  /** The apex NS names (default: `parentNs`). */
  childNs?: string[];
  /** Glue per name (default: `ns` addresses of in-domain names in `parentNs`). */
  glue?: Record<string, string[]>;
  parentNsTtl?: number;
  childNsTtl?: number;
  soa?: Partial<SoaData>;
  ds?: DsData[];
  dnskey?: DnskeyData[];
  cds?: DsData[];
  cdnskey?: DnskeyData[];
  csync?: CsyncData;
  /** Whether answers carry RRSIGs (default: when `dnskey` is given). */
  signed?: boolean;
  /** Addresses the address policy refused (reason text). */
  blocked?: Record<string, string>;
  /** Walker's resolution facts per out-of-domain name. */
  resolution?: Record<string, Partial<Nameserver['resolution']>>;
  /** Registrable domains looked up for takeover, and whether they exist. */
  takeover?: Record<string, 'NXDOMAIN' | 'NOERROR'>;
}

export const PARENT_SERVER: ParentServer = { name: 'ns.parent.test.', address: '203.0.113.53' };
export const RESOLVER: ServerAddress = { address: '1.1.1.1', port: 443, url: 'https://1.1.1.1/dns-query' };

const FAKE_SIG = (typeCovered: string, zone: string): ResourceRecord =>
  rr(zone, 'RRSIG', {
    typeCovered,
    algorithm: 13,
    labels: zone === '.' ? 0 : zone.split('.').length - 1,
    originalTtl: 3600,
    expiration: 1_800_000_000,
    inception: 1_700_000_000,
    keyTag: 12345,
    signerName: zone,
    signature: 'c2ln',
  });

export const KSK: DnskeyData = {
  flags: 257,
  protocol: 3,
  algorithm: 13,
  publicKey: 'mdsswUyr3DPW132mOi8V9xESWE8jTo0dxCjjnopKl+GqJxpVXckHAeF+KkxLbxILfDLUT0rAK9iUzy1L53eKGQ==',
};
export const ZSK: DnskeyData = {
  flags: 256,
  protocol: 3,
  algorithm: 13,
  publicKey: 'oJMRESz5E4gYzS/q6XDrvU1qMPYIjCWzJaOau8XNEZeqCYKD5ar0IRd8KqXXFJkqmVfRvMGPmM1x8fGAa2XhSA==',
};

interface Built {
  cut: ZoneCut;
  observations: Observation[];
}

function buildZone(zoneIn: string, spec: ZoneSpec, isTarget: boolean, target: string): Built {
  const zone = canonicalName(zoneIn);
  const parent = spec.parent === undefined ? parentName(zone) : spec.parent === null ? null : canonicalName(spec.parent);
  const ns = Object.fromEntries(Object.entries(spec.ns).map(([k, v]) => [canonicalName(k), v]));
  const parentNs = (spec.parentNs ?? Object.keys(ns)).map(canonicalName);
  const childNs = (spec.childNs ?? parentNs).map(canonicalName);
  const union = [...new Set([...parentNs, ...childNs])];
  const glue: Record<string, string[]> = spec.glue
    ? Object.fromEntries(Object.entries(spec.glue).map(([k, v]) => [canonicalName(k), v]))
    : Object.fromEntries(parentNs.filter((n) => isInDomain(n, zone)).map((n) => [n, ns[n] ?? []]));
  const signed = spec.signed ?? spec.dnskey !== undefined;
  const soa: SoaData = {
    mname: union[0] ?? `ns.${zone}`,
    rname: `hostmaster.${zone === '.' ? '' : zone}`,
    serial: 2024010101,
    refresh: 7200,
    retry: 3600,
    expire: 1209600,
    minimum: 3600,
    ...spec.soa,
  };
  const observations: Observation[] = [];
  const sig = (type: string) => (signed ? [FAKE_SIG(type, zone)] : []);

  // The parent's referrals.
  const referralIds: string[] = [];
  if (parent !== null) {
    for (const ps of spec.parentServers ?? [PARENT_SERVER]) {
      const server = { address: ps.address, port: 53, name: ps.name };
      const authority = parentNs.map((n) => rr(zone, 'NS', n, spec.parentNsTtl ?? 86400));
      const additional = Object.entries(glue).flatMap(([n, addrs]) => addrs.map((a) => rr(n, a.includes(':') ? 'AAAA' : 'A', a, 86400)));
      const id = `${zone} referral ${ps.address}`;
      referralIds.push(id);
      observations.push(
        obs({
          id,
          purpose: 'referral',
          zone,
          server,
          question: { name: zone, type: 'NS' },
          dnssecOk: true,
          response: msg({
            question: { name: zone, type: 'NS' },
            authority: [...authority, ...(spec.ds ?? []).map((d) => rr(zone, 'DS', d, 86400))],
            additional,
          }),
        }),
      );
      observations.push(
        obs({
          id: `${zone} referral-no-edns ${ps.address}`,
          purpose: 'referral-no-edns',
          zone,
          server,
          question: { name: zone, type: 'NS' },
          edns: false,
          response: msg({ question: { name: zone, type: 'NS' }, authority, additional, edns: false }),
        }),
      );
    }
  }

  // The resolver's look-ups of out-of-domain names, and takeover probes.
  const resolveIds = new Map<string, string[]>();
  for (const name of union) {
    if (isInDomain(name, zone) || parent === null) continue;
    const ids: string[] = [];
    for (const type of ['A', 'AAAA'] as const) {
      const values = (ns[name] ?? []).filter((a) => (type === 'AAAA') === a.includes(':'));
      const id = `${zone} resolve ${name} ${type}`;
      ids.push(id);
      observations.push(
        obs({
          id,
          purpose: 'resolve',
          zone,
          server: RESOLVER,
          transport: 'doh',
          question: { name, type },
          response: msg({ ra: true, question: { name, type }, answer: values.map((a) => rr(name, type, a, 3600)) }),
        }),
      );
    }
    resolveIds.set(name, ids);
  }
  for (const [domain, rcodeText] of Object.entries(spec.takeover ?? {})) {
    observations.push(
      obs({
        id: `takeover ${canonicalName(domain)}`,
        purpose: 'takeover',
        zone,
        server: RESOLVER,
        transport: 'doh',
        question: { name: domain, type: 'SOA' },
        response: msg({ rcode: rcodeText, ra: true, question: { name: domain, type: 'SOA' } }),
      }),
    );
  }

  // The nameservers, with where each address came from.
  const nameservers: Nameserver[] = union.map((name) => {
    const inDomain = isInDomain(name, zone);
    const addrs = new Map<string, NameserverAddress>();
    const add = (address: string, origin: NameserverAddress['origins'][number], glueFrom?: string[]) => {
      const a = addrs.get(address) ?? { address, family: address.includes(':') ? 6 : 4, origins: [] };
      if (!a.origins.includes(origin)) a.origins.push(origin);
      if (glueFrom) a.glueFrom = glueFrom;
      const blocked = spec.blocked?.[address];
      if (blocked !== undefined) a.blocked = blocked;
      addrs.set(address, a);
    };
    for (const a of glue[name] ?? []) add(a, 'glue', referralIds);
    for (const a of ns[name] ?? []) add(a, parent === null ? 'hints' : inDomain ? 'child' : 'resolver');
    const resolved = resolveIds.get(name);
    const status = inDomain || parent === null ? 'not-attempted' : (ns[name] ?? []).length ? 'ok' : 'nodata';
    return {
      name,
      inParent: parentNs.includes(name),
      inChild: childNs.includes(name),
      inDomain,
      addresses: [...addrs.values()],
      resolution: { status, observationIds: resolved ?? [], ...spec.resolution?.[name] },
    };
  });

  // Every address of every name, probed on its own.
  const probeAddresses = new Map<string, string>();
  for (const n of nameservers) for (const a of n.addresses) if (!probeAddresses.has(a.address)) probeAddresses.set(a.address, n.name);
  const soaRecord = rr(zone, 'SOA', soa, 3600);
  for (const [address, name] of probeAddresses) {
    const server = { address, port: 53, name };
    const blocked = spec.blocked?.[address] !== undefined;
    const probe = (purpose: ProbePurpose, qname: string, qtype: string, response: DecodedMessage, extra: Partial<ObsInput> = {}, idSuffix = '') => {
      const id = `${zone} ${purpose} ${address}${idSuffix}`;
      observations.push(
        obs({ id, purpose, zone, server, question: { name: qname, type: qtype }, ...(blocked ? { error: 'blocked-by-policy' } : { response }), ...extra }),
      );
    };
    const answer = (qtype: string, rrs: ResourceRecord[], edns = true) =>
      msg({
        aa: true,
        question: { name: zone, type: qtype },
        answer: rrs.length ? [...rrs, ...sig(qtype)] : [],
        authority: rrs.length ? [] : [soaRecord],
        edns,
      });
    probe('apex-soa', zone, 'SOA', answer('SOA', [soaRecord]), { dnssecOk: signed });
    probe(
      'apex-ns',
      zone,
      'NS',
      answer(
        'NS',
        childNs.map((n) => rr(zone, 'NS', n, spec.childNsTtl ?? 86400)),
      ),
    );
    probe('soa-no-edns', zone, 'SOA', msg({ aa: true, question: { name: zone, type: 'SOA' }, answer: [soaRecord], edns: false }), { edns: false });
    probe('soa-tcp', zone, 'SOA', answer('SOA', [soaRecord]), { tcp: true });
    for (const n of union.filter((x) => isInDomain(x, zone) && parent !== null)) {
      for (const type of ['A', 'AAAA'] as const) {
        const values = (ns[n] ?? []).filter((a) => (type === 'AAAA') === a.includes(':'));
        probe(
          'ns-address',
          n,
          type,
          msg({ aa: true, question: { name: n, type }, answer: values.map((a) => rr(n, type, a, 3600)), authority: values.length ? [] : [soaRecord] }),
          {},
          ` ${n} ${type}`,
        );
      }
    }
    if (isTarget) {
      probe(
        'dnskey',
        zone,
        'DNSKEY',
        answer(
          'DNSKEY',
          (spec.dnskey ?? []).map((k) => rr(zone, 'DNSKEY', k)),
        ),
        { dnssecOk: true },
      );
      probe(
        'cds',
        zone,
        'CDS',
        answer(
          'CDS',
          (spec.cds ?? []).map((d) => rr(zone, 'CDS', d)),
        ),
        { dnssecOk: true },
      );
      probe(
        'cdnskey',
        zone,
        'CDNSKEY',
        answer(
          'CDNSKEY',
          (spec.cdnskey ?? []).map((k) => rr(zone, 'CDNSKEY', k)),
        ),
        { dnssecOk: true },
      );
      probe('csync', zone, 'CSYNC', answer('CSYNC', spec.csync ? [rr(zone, 'CSYNC', spec.csync)] : []), { dnssecOk: true });
      if (canonicalName(target) !== zone) {
        probe('target', target, 'A', msg({ aa: true, question: { name: target, type: 'A' }, answer: [rr(target, 'A', '192.0.2.80')] }));
      }
    }
  }

  return { cut: { zone, parent, parentNs, childNs, nameservers, isTarget }, observations };
}

// ───────────── the capture ─────────────

export interface CaptureBuilder {
  /** Adds a zone cut (root first) and the observations of a healthy walk of it. */
  cut(zone: string, spec: ZoneSpec): CaptureBuilder;
  /** Rewrites every observation that matches (all of the match's fields). */
  respond(match: Match, override: Override): CaptureBuilder;
  /** Adds raw observations. */
  observe(...observations: Observation[]): CaptureBuilder;
  /** Drops the observations that match. */
  drop(match: Match): CaptureBuilder;
  /** Sets capture fields (outcome, targetZone, budget…). */
  set(fields: Partial<Capture>): CaptureBuilder;
  build(): Capture;
}

/** `target`: the name checked; default the last cut's zone. */
export function captureBuilder(target?: string): CaptureBuilder {
  const cuts: [string, ZoneSpec][] = [];
  const steps: ((c: Capture) => void)[] = [];
  const builder: CaptureBuilder = {
    cut(zone, spec) {
      cuts.push([zone, spec]);
      return builder;
    },
    respond(match, override) {
      steps.push((c) => {
        c.observations = c.observations.map((o) => (matches(o, match) ? override(o) : o));
      });
      return builder;
    },
    observe(...observations) {
      steps.push((c) => c.observations.push(...observations));
      return builder;
    },
    drop(match) {
      steps.push((c) => {
        c.observations = c.observations.filter((o) => !matches(o, match));
      });
      return builder;
    },
    set(fields) {
      steps.push((c) => Object.assign(c, fields));
      return builder;
    },
    build() {
      const last = cuts.at(-1)?.[0];
      const name = canonicalName(target ?? last ?? '.');
      const built = cuts.map(([zone, spec], i) => buildZone(zone, spec, i === cuts.length - 1, name));
      const capture: Capture = {
        schemaVersion: CAPTURE_SCHEMA_VERSION,
        target: name,
        startedAt: '2026-01-01T00:00:00.000Z',
        finishedAt: '2026-01-01T00:00:01.000Z',
        durationMs: 1000,
        rootHints: [],
        resolver: { kind: 'doh', url: RESOLVER.url },
        cuts: built.map((b) => b.cut),
        targetZone: last ? canonicalName(last) : null,
        observations: built.flatMap((b) => b.observations),
        cnames: [],
        budget: {
          limits: { queries: 500, depth: 16, names: 32, timeMs: 20000 },
          used: { queries: 0, depth: cuts.length, names: 0, timeMs: 1000 },
          exhausted: null,
        },
        outcome: 'complete',
      };
      capture.budget.used.queries = capture.observations.length;
      for (const step of steps) step(capture);
      return capture;
    },
  };
  return builder;
}

/** A two-server in-domain zone, the starting point of most tests. */
export const EXAMPLE: ZoneSpec = {
  ns: { 'ns1.example.test.': ['192.0.2.1', '2001:db8:1::1'], 'ns2.example.test.': ['198.51.100.2', '2001:db8:2::2'] },
};

/** A referral as a parent server sends it: NS in authority, glue in additional. */
export function referralMsg(zone: string, ns: string[], glue: Record<string, string[]> = {}, input: MsgInput = {}): DecodedMessage {
  return msg({
    question: { name: zone, type: 'NS' },
    authority: ns.map((n) => rr(zone, 'NS', n, 86400)),
    additional: Object.entries(glue).flatMap(([n, addrs]) => addrs.map((a) => rr(n, a.includes(':') ? 'AAAA' : 'A', a, 86400))),
    ...input,
  });
}

// ───────────── running the checks ─────────────

export const NOW = new Date('2026-01-01T00:00:00Z');

export function run(capture: Capture): Finding[] {
  return analyze(capture, { now: NOW });
}

/** The findings of one code. */
export function findings(capture: Capture, code: FindingCode): Finding[] {
  return run(capture).filter((f) => f.code === code);
}

/** The one finding of a code; throws when there is not exactly one. */
export function one(capture: Capture, code: FindingCode): Finding {
  const found = findings(capture, code);
  if (found.length !== 1) throw new Error(`expected one ${code}, got ${found.length}: ${JSON.stringify(found.map((f) => f.summary))}`);
  return found[0] as Finding;
}

export function codes(capture: Capture): FindingCode[] {
  return run(capture).map((f) => f.code);
}

// ───────────── a signed zone (RFC 6605 6.1 test vector: example.net., key tag 55648) ─────────────

export const RFC6605_KSK: DnskeyData = {
  flags: 257,
  protocol: 3,
  algorithm: 13,
  publicKey: 'GojIhhXUN/u4v54ZQqGSnyhWJwaubCvTmeexv7bR6edbkrSqQpF64cYbcB7wNcP+e+MAnLr+Wi9xMWyQLc8NAA==',
};
export const RFC6605_DS: DsData = { keyTag: 55648, algorithm: 13, digestType: 2, digest: 'b4c8c1fe2e7477127b27115656ad6256f424625bf5c1e2770ce6d6e37df61d17' };

/** example.net., signed, its DS at net. matching its KSK. */
export const SIGNED: ZoneSpec = {
  ns: { 'ns1.example.net.': ['192.0.2.1', '2001:db8:1::1'], 'ns2.example.net.': ['198.51.100.2', '2001:db8:2::2'] },
  dnskey: [RFC6605_KSK, ZSK],
  ds: [RFC6605_DS],
};
