// CDS / CDNSKEY (RFC 7344, RFC 8078): what the child asks its parent to do with the DS set, and
// whether a scanning parent could and would do it. A parent acts on CDS only under the chain of
// trust of an existing DS (RFC 7344 4.1: signed by a key the DS set names, in a zone that
// validates; cds.unauthenticated otherwise); without one it can only bootstrap, and RFC 9615 lets it
// do so when every out-of-domain NS operator co-publishes the same CDS/CDNSKEY, signed.
import type { Finding } from '@/lib/checks/catalogue';
import type { CheckContext } from '@/lib/checks/check-context';
import { dnskeyKey, dnskeyLabel, dsLabel, dsMatchesKey, dsText, readDnssec, type DnssecData } from '@/lib/checks/dnssec-data';
import { makeFinding } from '@/lib/checks/make-finding';
import { describeVariants, groupVariants } from '@/lib/checks/variants';
import { records } from '@/lib/checks/message-records';
import { failureWords } from '@/lib/checks/observations';
import { dsKey, isDnskey, isDs, uniqueBy } from '@/lib/checks/rdata-guards';
import type { ZoneView } from '@/lib/checks/zone-view';
import { serverLabel } from '@/lib/checks/server-view';
import { validateChain } from '@/lib/checks/validate-chain';
import type { Capture, Observation } from '@/lib/dns/capture';
import type { DnskeyData, DsData, RrsigData } from '@/lib/dns/wire/types';
import { canonicalName, dsbootSignalName, isInDomain, keyTag } from '@/lib/dns/wire';
import { dsFromDnskey } from '@/lib/dns/dnssec/ds-digest';

/** The digest type a parent computes from CDNSKEY: SHA-256, the one every parent supports. */
export const CDNSKEY_DIGEST_TYPE = 2;

/** RFC 8078 4 (erratum 5049): `CDS 0 0 0 00`. */
export function isCdsDelete(d: DsData): boolean {
  return d.keyTag === 0 && d.algorithm === 0 && d.digestType === 0 && /^0*$/.test(d.digest);
}

/** RFC 8078 4: `CDNSKEY 0 3 0 AA==`. */
export function isCdnskeyDelete(k: DnskeyData): boolean {
  return k.flags === 0 && k.protocol === 3 && k.algorithm === 0 && (k.publicKey === 'AA==' || k.publicKey === '');
}

export function checkCds(ctx: CheckContext): Finding[] {
  const view = ctx.target;
  if (!view || view.isRoot) return [];
  const data = readDnssec(view);
  const cds = uniqueBy(
    data.cds.flatMap((a) => a.records),
    dsKey,
  );
  const cdnskey = uniqueBy(
    data.cdnskey.flatMap((a) => a.records),
    dnskeyKey,
  );
  if (cds.length === 0 && cdnskey.length === 0) return [];
  const evidence = [...data.cds, ...data.cdnskey].filter((a) => a.records.length > 0).map((a) => a.obs);
  const findings: Finding[] = [
    makeFinding('cds.present', {
      zone: view.zone,
      params: { cds: cds.map(dsLabel), cdnskey: cdnskey.map((k) => (isCdnskeyDelete(k) ? 'delete (0 3 0 AA==)' : dnskeyLabel(k))) },
      evidence,
    }),
  ];
  const problems = inconsistencies(view, data, cds, cdnskey);
  findings.push(...problems);
  if (problems.length > 0) return findings; // a parent must not act on inconsistent signals
  findings.push(...effect(ctx, view, data, cds, cdnskey, evidence));
  return findings;
}

function inconsistencies(view: ZoneView, data: DnssecData, cds: DsData[], cdnskey: DnskeyData[]): Finding[] {
  const findings: Finding[] = [];
  const add = (problem: string, evidence: Observation[], kind: string) =>
    findings.push(makeFinding('cds.inconsistent', { zone: view.zone, params: { problem, kind }, evidence }));

  // Every server must publish the same sets (RFC 7344 4.1, RFC 9615 asks all of them).
  for (const [type, answers] of [
    ['CDS', data.cds],
    ['CDNSKEY', data.cdnskey],
  ] as const) {
    const variants = groupVariants(
      answers.map((a) => ({
        key: a.records
          .map((r) => ('digest' in r ? dsKey(r) : dnskeyKey(r)))
          .sort()
          .join('|'),
        value: a.records,
        server: a.label,
        obs: a.obs,
      })),
    );
    if (variants.length > 1) {
      const described = describeVariants(variants, (recs) =>
        recs.length === 0 ? `no ${type}` : `${type} ${recs.map((r) => ('digest' in r ? dsLabel(r) : dnskeyLabel(r))).join(', ')}`,
      );
      add(
        `servers publish different ${type} sets: ${described.join('; ')}`,
        answers.map((a) => a.obs),
        'servers-differ',
      );
    }
  }

  const cdsKeys = cds.filter((d) => !isCdsDelete(d));
  const cdnskeyKeys = cdnskey.filter((k) => !isCdnskeyDelete(k));
  const cdsDelete = cds.some(isCdsDelete);
  const cdnskeyDelete = cdnskey.some(isCdnskeyDelete);
  const signalEvidence = [...data.cds, ...data.cdnskey].filter((a) => a.records.length > 0).map((a) => a.obs);

  // CDS and CDNSKEY, when both are published, must ask for the same thing (RFC 7344 4).
  if (cds.length > 0 && cdnskey.length > 0) {
    const cdsUnmatched = cdsKeys.filter((d) => !cdnskeyKeys.some((k) => dsMatchesKey(view.zone, d, k, false) !== false));
    const cdnskeyUnmatched = cdnskeyKeys.filter((k) => !cdsKeys.some((d) => d.keyTag === keyTag(k) && d.algorithm === k.algorithm));
    if (cdsDelete !== cdnskeyDelete || cdsUnmatched.length > 0 || cdnskeyUnmatched.length > 0) {
      const parts = [
        ...(cdsDelete !== cdnskeyDelete ? [`only ${cdsDelete ? 'CDS' : 'CDNSKEY'} holds the delete request`] : []),
        ...cdsUnmatched.map((d) => `CDS ${dsLabel(d)} has no CDNSKEY`),
        ...cdnskeyUnmatched.map((k) => `CDNSKEY ${dnskeyLabel(k)} has no CDS`),
      ];
      add(`CDS and CDNSKEY do not correspond: ${parts.join('; ')}`, signalEvidence, 'cds-cdnskey-differ');
    }
  }

  // Each requested key must be one the zone serves (RFC 7344 4.1).
  if (data.dnskey.length > 0) {
    const absent = [
      ...cdsKeys.filter((d) => !data.keys.some((k) => dsMatchesKey(view.zone, d, k) !== false)).map((d) => `CDS ${dsLabel(d)}`),
      ...cdnskeyKeys.filter((c) => !data.keys.some((k) => dnskeyKey(k) === dnskeyKey(c))).map((c) => `CDNSKEY ${dnskeyLabel(c)}`),
    ];
    if (absent.length > 0) {
      add(
        `${absent.join(', ')} ${absent.length === 1 ? 'names a key' : 'name keys'} absent from the DNSKEY set`,
        [...signalEvidence, ...data.dnskey.map((a) => a.obs)],
        'unknown-key',
      );
    }
  }
  return findings;
}

/**
 * RFC 7344 4.1: with a DS in place, a parent acts on CDS/CDNSKEY only when they are signed by a key
 * the current DS set names (and the zone validates): from the chain of trust (validate-chain.ts).
 * Null when they are, or when the chain could not be judged (no trust anchor recorded).
 */
function unauthenticated(ctx: CheckContext, view: ZoneView): string | null {
  const v = validateChain(ctx).get(view.zone);
  if (!v || v.facts.verdict === 'indeterminate') return null;
  if (v.facts.verdict !== 'secure') return `the zone is ${v.facts.verdict}: ${v.facts.reasons.join('; ')}`;
  const byDsKey = (sig: { status: string; keyTag: number; algorithm: number }) =>
    sig.status === 'valid' && v.dsMatched.some((k) => keyTag(k) === sig.keyTag && k.algorithm === sig.algorithm);
  const signals = v.facts.rrsets.filter((r) => (r.type === 'CDS' || r.type === 'CDNSKEY') && r.owner === view.zone);
  const bad = signals.filter((r) => !r.signatures.some(byDsKey));
  if (bad.length === 0) return null;
  const label = (address: string) => serverLabel(view.servers.find((s) => s.address === address) ?? { names: [], address });
  const tags = uniqueBy(v.dsMatched, dnskeyKey).map((k) => keyTag(k));
  return `no valid signature by a key the DS set names (${tags.join(', ')}) over ${uniqueBy(
    bad.map((r) => `${r.type} from ${label(r.server)}`),
    (x) => x,
  ).join(', ')}`;
}

function effect(ctx: CheckContext, view: ZoneView, data: DnssecData, cds: DsData[], cdnskey: DnskeyData[], evidence: Observation[]): Finding[] {
  if (!data.dsKnown) return [];
  const capture = ctx.capture;
  const parent = view.parent as string;
  const all = [...evidence, ...data.dsEvidence];
  if (data.ds.length > 0) {
    const reason = unauthenticated(ctx, view);
    if (reason !== null) return [makeFinding('cds.unauthenticated', { zone: view.zone, params: { parent, reason }, evidence: all })];
  }
  const isDelete = (cds.length > 0 && cds.every(isCdsDelete)) || (cdnskey.length > 0 && cdnskey.every(isCdnskeyDelete));
  if (isDelete) {
    const records = [...cds.map((d) => `CDS ${dsText(d)}`), ...cdnskey.map((k) => `CDNSKEY ${k.flags} ${k.protocol} ${k.algorithm} ${k.publicKey}`)];
    if (data.ds.length === 0) return [makeFinding('cds.in-sync', { zone: view.zone, params: { parent, install: [] }, evidence: all })];
    return [makeFinding('cds.delete', { zone: view.zone, params: { records, ds: data.ds.map(dsLabel), dsRecords: data.ds.map(dsText) }, evidence: all })];
  }
  // The DS set a parent would install: CDS as published, or computed from CDNSKEY.
  const cdsKeys = cds.filter((d) => !isCdsDelete(d));
  const install =
    cdsKeys.length > 0 ? cdsKeys : cdnskey.filter((k) => !isCdnskeyDelete(k)).flatMap((k) => dsFromDnskey(view.zone, k, CDNSKEY_DIGEST_TYPE) ?? []);
  // No DS: nothing authenticates the CDS, so a parent can only bootstrap (RFC 8078 3, RFC 9615).
  if (data.ds.length === 0) return bootstrap(capture, view, cds, cdnskey, install, all);
  const current = new Set(data.ds.map(dsKey));
  const wanted = new Set(install.map(dsKey));
  const add = install.filter((d) => !current.has(dsKey(d)));
  const remove = data.ds.filter((d) => !wanted.has(dsKey(d)));
  if (add.length === 0 && remove.length === 0) {
    return [makeFinding('cds.in-sync', { zone: view.zone, params: { parent, install: install.map(dsText) }, evidence: all })];
  }
  return [
    makeFinding('cds.pending', {
      zone: view.zone,
      params: {
        parent,
        add: add.map(dsLabel),
        remove: remove.map(dsLabel),
        install: install.map(dsText),
        addRecords: add.map(dsText),
        removeRecords: remove.map(dsText),
      },
      evidence: all,
    }),
  ];
}

// ───────────── bootstrapping an insecure delegation (RFC 9615) ─────────────

/** What a parent bootstrapping the DS finds at one NS name's signalling name (RFC 9615 4.2). */
export type SignalState =
  /** The zone's CDS and CDNSKEY, equal type by type, authenticated or at least signed. */
  | 'match'
  | 'different'
  /** Equal, but with no signature: the signalling zone is unsigned. */
  | 'unsigned'
  /** Equal and signed, but a resolver that validates did not set AD on them. */
  | 'unvalidated'
  | 'absent'
  /** Inside the zone itself: a parent ignores it (RFC 9615 4.2). */
  | 'in-domain'
  | 'failed'
  | 'not-asked';

export type BootstrapState = 'ready' | 'incomplete' | 'no-signal' | 'impossible' | 'unknown';

export interface Signal {
  ns: string;
  state: SignalState;
  /** The state in words, with what was found. */
  words: string;
  obs: Observation[];
}

const PRESENT: ReadonlySet<SignalState> = new Set<SignalState>(['match', 'different', 'unsigned', 'unvalidated']);
const BLOCKING: ReadonlySet<SignalState> = new Set<SignalState>(['different', 'unsigned', 'unvalidated', 'absent']);

const STATE_WORDS: Record<BootstrapState, string> = {
  ready: 'every NS operator co-publishes them, signed: a parent that supports RFC 9615 can install the DS',
  incomplete: 'the RFC 9615 signalling is incomplete, so a parent cannot authenticate them',
  'no-signal': 'no NS operator publishes RFC 9615 signalling: a parent can only accept them unauthenticated (after a delay, with a challenge) or out of band',
  impossible:
    'every NS name is inside the zone itself, so RFC 9615 signalling cannot authenticate them: a parent can only accept them unauthenticated or out of band',
  unknown: 'the RFC 9615 signalling could not be read at every NS name',
};

/** The bootstrap state from the state at each NS name of the delegation. */
export function bootstrapState(states: readonly SignalState[]): BootstrapState {
  const eligible = states.filter((s) => s !== 'in-domain');
  if (eligible.length === 0) return 'impossible';
  if (!eligible.some((s) => PRESENT.has(s))) return eligible.every((s) => s === 'absent') ? 'no-signal' : 'unknown';
  if (eligible.every((s) => s === 'match')) return 'ready';
  return eligible.some((s) => BLOCKING.has(s)) ? 'incomplete' : 'unknown';
}

function bootstrap(capture: Capture, view: ZoneView, cds: DsData[], cdnskey: DnskeyData[], install: DsData[], evidence: Observation[]): Finding[] {
  const signals = readSignals(capture, view, cds, cdnskey);
  const state = bootstrapState(signals.map((s) => s.state));
  const signalEvidence = signals.flatMap((s) => s.obs);
  const findings = [
    makeFinding('cds.bootstrap', {
      zone: view.zone,
      params: {
        parent: view.parent as string,
        state,
        stateWords: STATE_WORDS[state],
        signals: signals.map((s) => `${s.ns}: ${s.words}`),
        signalNames: signals.map((s) => s.ns),
        signalStates: signals.map((s) => s.state),
        signalWords: signals.map((s) => s.words),
        install: install.map(dsText),
      },
      evidence: [...evidence, ...signalEvidence],
    }),
  ];
  if (state === 'incomplete') {
    const problems = signals.filter((s) => BLOCKING.has(s.state) || s.state === 'failed' || s.state === 'not-asked');
    findings.push(
      makeFinding('cds.bootstrap-incomplete', {
        zone: view.zone,
        params: { problems: problems.map((s) => `${s.ns}: ${s.words}`), nameservers: problems.map((s) => s.ns) },
        evidence: [...evidence, ...signalEvidence],
      }),
    );
  }
  return findings;
}

const sameSetOf = <T>(a: readonly T[], b: readonly T[], key: (t: T) => string) => {
  const ka = new Set(a.map(key));
  const kb = new Set(b.map(key));
  return ka.size === kb.size && [...ka].every((k) => kb.has(k));
};

/** Per NS name of the delegation (RFC 9615 4.2 uses the parent's NS set), what its signalling holds. */
function readSignals(capture: Capture, view: ZoneView, cds: DsData[], cdnskey: DnskeyData[]): Signal[] {
  const asked = capture.observations.filter((o) => o.purpose === 'dsboot' && o.zone !== undefined && canonicalName(o.zone) === view.zone);
  // A resolver that marked any of its answers authenticated validates: a missing AD then means the
  // data is not (an unsigned or bogus signalling zone). One that never did may not validate at all.
  const validates = asked.some((o) => o.response?.flags.ad === true);
  return view.parentNs.map((ns): Signal => {
    if (isInDomain(ns, view.zone)) return { ns, state: 'in-domain', words: 'inside the zone itself, not used', obs: [] };
    const name = canonicalName(dsbootSignalName(view.zone, ns));
    const of = (type: string) => asked.filter((o) => canonicalName(o.question.name) === name && o.question.type.toUpperCase() === type).at(-1);
    const cdsObs = of('CDS');
    const cdnskeyObs = of('CDNSKEY');
    if (!cdsObs || !cdnskeyObs)
      return { ns, state: 'not-asked', words: `${name} not asked`, obs: [cdsObs, cdnskeyObs].filter((o): o is Observation => o !== undefined) };
    const obs = [cdsObs, cdnskeyObs];
    for (const o of obs) {
      const rcode = o.response?.rcode;
      if (rcode !== 'NOERROR' && rcode !== 'NXDOMAIN') {
        return { ns, state: 'failed', words: `${o.question.type} at ${name}: ${rcode ?? failureWords(o)}`, obs };
      }
    }
    // Any owner: the resolver may have followed an alias to them.
    const signalCds = (cdsObs.response ? records(cdsObs.response, 'answer', undefined, 'CDS') : []).map((rr) => rr.data).filter(isDs);
    const signalKeys = (cdnskeyObs.response ? records(cdnskeyObs.response, 'answer', undefined, 'CDNSKEY') : []).map((rr) => rr.data).filter(isDnskey);
    if (signalCds.length === 0 && signalKeys.length === 0) return { ns, state: 'absent', words: `nothing at ${name}`, obs };
    const equalCds = sameSetOf(signalCds, cds, dsKey);
    const equalKeys = sameSetOf(signalKeys, cdnskey, dnskeyKey);
    if (!equalCds || !equalKeys) {
      const held = [
        ...(equalCds ? [] : [signalCds.length ? `CDS ${signalCds.map(dsLabel).join(', ')}` : 'no CDS']),
        ...(equalKeys ? [] : [signalKeys.length ? `CDNSKEY ${signalKeys.map(dnskeyLabel).join(', ')}` : 'no CDNSKEY']),
      ];
      return { ns, state: 'different', words: `${name} holds ${held.join(' and ')}, not the zone's`, obs };
    }
    const authenticated = obs.every((o) => o.response?.flags.ad === true);
    if (authenticated) return { ns, state: 'match', words: 'present, matching, authenticated by the resolver (AD)', obs };
    const signed = obs.every((o) => {
      const type = o.question.type.toUpperCase();
      const present = (o.response as NonNullable<Observation['response']>).answer.some((rr) => rr.type.toUpperCase() === type);
      return !present || records(o.response!, 'answer', undefined, 'RRSIG').some((rr) => (rr.data as RrsigData).typeCovered?.toUpperCase() === type);
    });
    if (!signed) return { ns, state: 'unsigned', words: `present and matching, but unsigned at ${name}`, obs };
    if (validates) return { ns, state: 'unvalidated', words: 'present and matching, but the resolver did not authenticate them (no AD)', obs };
    return { ns, state: 'match', words: 'present, matching and signed', obs };
  });
}
