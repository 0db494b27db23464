// Validation from the trust anchor down (RFC 4033-4035): the root's DNSKEY RRset against the
// configured anchor (Capture.trustAnchor), then at every cut the parent's signed DS RRset (or its
// signed NSEC/NSEC3 proof that there is none) → the child's DNSKEY RRset, signed by a key a DS
// names → the zone's RRsets (SOA, NS, DNSKEY, CDS, CDNSKEY, CSYNC, in-domain NS addresses), each as
// each server served it. Decided once per capture into ValidationFacts (zone-facts.ts): the
// findings (check-validation.ts, check-cds.ts, check-csync.ts) and the pages only read them.
//
// Rules, where a choice was made:
// - A zone is secure when at least one server's DNSKEY RRset is signed by a key a DS (or the
//   anchor) names; its trusted keys are those of the RRsets that validated. An RRset is judged per
//   server (one stale server is its own finding); the zone turns bogus only when some RRset has no
//   valid signature from any server that served it (a resolver retries another server).
// - DS and keys of algorithms outside VALIDATION_ALGORITHMS, or DS of digest types we do not
//   compute, count as absent: a zone anchored only by them is insecure, never bogus (RFC 4035 5.2,
//   RFC 8624).
// - No DS under a secure parent is insecure only with a proof (proveDsAbsence) whose NSEC/NSEC3
//   RRsets verify with the parent's keys; otherwise the delegation is bogus.
// - Not validated: wildcard expansions and NXDOMAIN/NODATA proofs of the zone's own names (the
//   walker asks for none), DNAME, and negative answers other than the DS absence.
// Server side: verification uses node:crypto (lib/dns/dnssec/verify.ts).
import type { Observation } from '@/lib/dns/capture';
import type { DnskeyData, DsData, ResourceRecord, RrsigData } from '@/lib/dns/wire/types';
import { keyTag } from '@/lib/dns/wire';
import { canonicalName } from '@/lib/dns/wire/name';
import { VALIDATION_ALGORITHMS, verifyRrset, type SignatureCheck } from '@/lib/dns/dnssec/verify';
import { NSEC3_MAX_ITERATIONS, proveDsAbsence } from '@/lib/dns/dnssec/denial';
import { isAuthoritativeAnswer } from '@/lib/checks/observations';
import type { CheckContext } from '@/lib/checks/check-context';
import { dnskeyKey, dsMatchesKey, dsText, SUPPORTED_DIGESTS } from '@/lib/checks/dnssec-data';
import { records, rrsigsOver, uniqueSorted } from '@/lib/checks/message-records';
import { isDnskey, isDs, uniqueBy } from '@/lib/checks/rdata-guards';
import type { ZoneView } from '@/lib/checks/zone-view';
import type { AnchorFact, KeyLinkFact, ResolverAdFact, RrsetValidation, SignatureFact, ValidationFacts, ValidationVerdict } from '@/lib/checks/zone-facts';

/** `rrsig.expiring`: a signature that expires within this many seconds (checks.md: 3 days). */
export const EXPIRING_WITHIN_SECONDS = 3 * 24 * 3600;

/** What the child's own servers are asked, by purpose, and the RRset type each answer holds. */
const SIGNED_PURPOSES: ReadonlyMap<string, string | null> = new Map([
  ['apex-soa', 'SOA'],
  ['apex-ns', 'NS'],
  ['dnskey', 'DNSKEY'],
  ['cds', 'CDS'],
  ['cdnskey', 'CDNSKEY'],
  ['csync', 'CSYNC'],
  ['ns-address', null], // A or AAAA: the question's type
]);

/** One RRset as one server served it, with the RRSIGs over it. */
interface Served {
  type: string;
  owner: string;
  address: string;
  /** NS names of the server (the child's), or the name the walker gave the query. */
  names: string[];
  obs: Observation;
  records: ResourceRecord[];
  rrsigs: RrsigData[];
}

/** An RRset judged, with what the findings need beyond the facts. */
export interface JudgedRrset {
  fact: RrsetValidation;
  served: Served;
  /** The zone whose keys sign it (the parent, for DS and the denial proof). */
  signer: string;
  /** The signatures that count: by a key the chain trusts (for DNSKEY: a key a DS names). */
  trustedChecks: SignatureCheck[];
  /** Whether a missing or failed signature here is a fault (the signer zone must sign it). */
  expectSigned: boolean;
  /** DNSKEY only: keys of this server's set that a DS names (ds.unsigned-keyset when none signs). */
  dsMatched?: DnskeyData[];
}

export interface ZoneValidation {
  zone: string;
  facts: ValidationFacts;
  /** The DNSKEYs the chain trusts (empty unless secure). */
  trusted: DnskeyData[];
  /** Keys a DS (or the anchor) names, among those the zone serves. */
  dsMatched: DnskeyData[];
  rrsets: JudgedRrset[];
  /** Algorithms that neither DS nor anchor nor key lets us validate, when they left the zone insecure. */
  unsupportedAlgorithms: number[];
  /** Secure zones: algorithms of the DS set or the DNSKEY set with no RRSIG over some RRset (RFC 4035 2.2). */
  missingAlgorithms: { algorithm: number; types: string[]; evidence: string[] }[];
  /** Where the verdict came from the parent (insecure, bogus or unknown above). */
  inherited: boolean;
  /** The parent's answers about the DS (ids), for the findings about the delegation. */
  dsEvidence: string[];
  /** No DS and no valid proof of it (ds.absence-unproven): why the parent's answers prove nothing. */
  unproven: string[];
}

const toFact = (c: SignatureCheck): SignatureFact => ({ ...c });

/** The RRsets each server of the zone served for the probes that carry signatures (asked with DO). */
function servedRrsets(view: ZoneView): Served[] {
  const out: Served[] = [];
  for (const s of view.servers) {
    // Owner → type → where its answer is in `out`: the latest answer of a server stands (a retry,
    // a second look), in the place of its first.
    const byOwner = new Map<string, Map<string, number>>();
    for (const o of s.probes) {
      if (!o.purpose || !SIGNED_PURPOSES.has(o.purpose) || o.options.dnssecOk !== true) continue;
      const msg = o.response;
      if (!msg || msg.rcode !== 'NOERROR' || !isAuthoritativeAnswer(msg)) continue;
      const type = SIGNED_PURPOSES.get(o.purpose) ?? o.question.type.toUpperCase();
      const owner = canonicalName(o.question.name);
      const recs = records(msg, 'answer', owner, type);
      if (recs.length === 0) continue;
      const served: Served = {
        type,
        owner,
        address: s.address,
        names: s.names,
        obs: o,
        records: recs,
        rrsigs: rrsigsOver(msg.answer, owner, type),
      };
      let byType = byOwner.get(owner);
      if (!byType) byOwner.set(owner, (byType = new Map()));
      const at = byType.get(type);
      if (at === undefined) byType.set(type, out.push(served) - 1);
      else out[at] = served;
    }
  }
  return out;
}

/** Whether any server answered `<zone> DNSKEY` authoritatively (keys or NODATA). */
function dnskeyAnswered(view: ZoneView): boolean {
  return view.probes('dnskey').some((o) => o.response !== undefined && o.response.rcode === 'NOERROR' && isAuthoritativeAnswer(o.response));
}

/** A DS or a DNSKEY anchor, as the chain uses it. */
interface TrustPoint {
  text: string;
  algorithm: number;
  /** We can validate through it (algorithm and digest type implemented). */
  usable: boolean;
  names: (key: DnskeyData) => boolean;
}

function dsPoint(zone: string, ds: DsData): TrustPoint {
  // Each server's copy of the key set is asked again (validateZone), and each answer hashes the
  // key: kept by the key's content, for this DS.
  const named = new Map<string, boolean>();
  return {
    text: dsText(ds),
    algorithm: ds.algorithm,
    usable: VALIDATION_ALGORITHMS.has(ds.algorithm) && SUPPORTED_DIGESTS.has(ds.digestType),
    names: (key) => {
      const id = dnskeyKey(key);
      let yes = named.get(id);
      if (yes === undefined) named.set(id, (yes = dsMatchesKey(zone, ds, key) === true));
      return yes;
    },
  };
}

function keyPoint(anchor: DnskeyData): TrustPoint {
  return {
    text: `DNSKEY ${anchor.flags} ${anchor.protocol} ${anchor.algorithm} (key ${keyTag(anchor)})`,
    algorithm: anchor.algorithm,
    usable: VALIDATION_ALGORITHMS.has(anchor.algorithm),
    names: (key) => dnskeyKey(key) === dnskeyKey(anchor),
  };
}

const tagOf = (k: DnskeyData) => {
  try {
    return keyTag(k);
  } catch {
    return -1;
  }
};

const byKey = (keys: readonly DnskeyData[]) => (c: SignatureCheck) => keys.some((k) => tagOf(k) === c.keyTag && k.algorithm === c.algorithm);

/** The parent's word on the DS of a zone, one entry per parent server. */
interface DsSource {
  obs: Observation;
  address: string;
  name: string;
  ds: ResourceRecord[];
  dsSigs: RrsigData[];
  authority: readonly ResourceRecord[];
}

function dsSources(view: ZoneView): DsSource[] {
  const answers = view.dsAnswers.filter((a) => a.usable);
  const list: { obs: Observation; address: string; section: 'answer' | 'authority' }[] =
    answers.length > 0
      ? answers.map((a) => ({ obs: a.obs, address: a.address, section: 'answer' }))
      : view.delegations.filter((r) => r.dnssecOk && r.kind === 'referral').map((r) => ({ obs: r.obs, address: r.address, section: 'authority' }));
  return list.flatMap(({ obs, address, section }) => {
    const msg = obs.response;
    if (!msg) return [];
    const ds = records(msg, section, view.zone, 'DS').filter((rr) => isDs(rr.data));
    return [
      {
        obs,
        address,
        name: obs.server.name ? canonicalName(obs.server.name) : '?',
        ds,
        dsSigs: rrsigsOver(msg[section], view.zone, 'DS'),
        authority: msg.authority,
      },
    ];
  });
}

interface Opts {
  now: number;
  /** judge's checks by their inputs' content, for one validation of one capture. */
  judged: Map<string, SignatureCheck[]>;
  /** The same by their first RRSIG object, with the objects judged. */
  judgedBySignature: Map<RrsigData, { signer: string; records: ResourceRecord[]; rrsigs: RrsigData[]; keys: DnskeyData[]; checks: SignatureCheck[] }[]>;
}

/**
 * The checks of a served RRset's RRSIGs against `keys`. Only the keys some RRSIG names (key tag and
 * algorithm) are handed on: the others give no check, and verifyRrset would look at each of them
 * for every RRSIG.
 */
function judge(served: Served, keys: readonly DnskeyData[], signer: string, opts: Opts): SignatureCheck[] {
  const named = keys.filter((k) => {
    const tag = tagOf(k);
    return served.rrsigs.some((sig) => sig.keyTag === tag && sig.algorithm === k.algorithm);
  });
  const first = served.rrsigs[0];
  if (first === undefined) return [];
  // The same RRset, signatures and keys give the same checks: every server of a zone serves the
  // same SOA, NS and DNSKEY RRsets, judged once per validation rather than once per server. Found
  // by the very objects when the servers share one reply (the transport's frozen decoded replies),
  // else by content (a stored capture read back).
  const same = (x: readonly unknown[], y: readonly unknown[]) => x.length === y.length && x.every((v, i) => v === y[i]);
  const bySignature = opts.judgedBySignature.get(first);
  const shared = bySignature?.find((j) => j.signer === signer && same(j.records, served.records) && same(j.rrsigs, served.rrsigs) && same(j.keys, named));
  if (shared) return shared.checks.map((c) => ({ ...c }));
  const id = `${signer}\n${JSON.stringify(served.records)}\n${JSON.stringify(served.rrsigs)}\n${JSON.stringify(named)}`;
  let checks = opts.judged.get(id);
  if (!checks) {
    checks = verifyRrset(served.records, served.rrsigs, named, { now: opts.now, zone: signer }).checks;
    opts.judged.set(id, checks);
  }
  const entry = { signer, records: served.records, rrsigs: served.rrsigs, keys: named, checks };
  if (bySignature) bySignature.push(entry);
  else opts.judgedBySignature.set(first, [entry]);
  return checks.map((c) => ({ ...c }));
}

function rrsetFact(served: Served, status: RrsetValidation['status'], checks: SignatureCheck[]): RrsetValidation {
  return { type: served.type, owner: served.owner, server: served.address, evidence: served.obs.id, status, signatures: checks.map(toFact) };
}

function resolverView(ctx: CheckContext, zone: string): ResolverAdFact | null {
  const asked = (name: string) =>
    ctx.capture.observations.filter((o) => o.purpose === 'validate' && canonicalName(o.question.name) === name && o.response !== undefined).at(-1);
  const own = asked(zone);
  if (!own?.response) return null;
  const root = asked('.');
  return { ad: own.response.flags.ad === true, validating: root?.response?.flags.ad === true, evidence: own.id };
}

interface Start {
  verdict: ValidationVerdict | null;
  reasons: string[];
  anchor: AnchorFact;
  points: TrustPoint[];
  inherited: boolean;
  dsRrsets: JudgedRrset[];
  dsEvidence: string[];
  /** No DS and no valid proof of it: why each parent server's answer proves nothing. */
  unproven?: string[];
}

/** Where the zone's chain starts: the anchor (root), or the parent's DS / proof of none. */
function startOf(ctx: CheckContext, view: ZoneView, parent: ZoneValidation | null | undefined, opts: Opts): Start {
  const base = { reasons: [] as string[], points: [] as TrustPoint[], inherited: false, dsRrsets: [] as JudgedRrset[], dsEvidence: [] as string[] };
  if (view.isRoot) {
    const anchor = ctx.capture.trustAnchor;
    if (!anchor || anchor.records.length === 0) {
      return {
        ...base,
        verdict: 'indeterminate',
        reasons: ['no trust anchor is configured'],
        anchor: { kind: 'unknown', detail: 'no trust anchor', evidence: [] },
      };
    }
    const points = anchor.records.flatMap((rr) => (isDs(rr.data) ? [dsPoint('.', rr.data)] : isDnskey(rr.data) ? [keyPoint(rr.data)] : []));
    return { ...base, verdict: null, points, anchor: { kind: 'trust-anchor', detail: `the trust anchor (${anchor.source})`, evidence: [] } };
  }
  const parentZone = view.parent as string;
  if (!parent) {
    const detail = `the check holds no view of ${parentZone}`;
    return { ...base, verdict: 'indeterminate', inherited: true, reasons: [detail], anchor: { kind: 'unknown', detail, evidence: [] } };
  }
  const above = parent.facts.verdict;
  if (above === 'insecure') {
    const detail = `${parentZone} is insecure: nothing below it can be validated`;
    return { ...base, verdict: 'insecure', inherited: true, reasons: [detail], anchor: { kind: 'parent-insecure', detail, evidence: [] } };
  }
  if (above !== 'secure') {
    const detail = above === 'bogus' ? `the chain of trust is already broken at ${parentZone} (bogus)` : `${parentZone} could not be validated`;
    return { ...base, verdict: above, inherited: true, reasons: [detail], anchor: { kind: 'unknown', detail, evidence: [] } };
  }

  const sources = dsSources(view);
  const dsEvidence = sources.map((s) => s.obs.id);
  if (sources.length === 0) {
    const detail = `no answer from ${parentZone}'s servers about the DS of ${view.zone}`;
    return { ...base, verdict: 'indeterminate', reasons: [detail], anchor: { kind: 'unknown', detail, evidence: [] } };
  }
  const withDs = sources.filter((s) => s.ds.length > 0);
  if (withDs.length > 0) {
    const dsRrsets = withDs.map((s): JudgedRrset => {
      const served: Served = { type: 'DS', owner: view.zone, address: s.address, names: [s.name], obs: s.obs, records: s.ds, rrsigs: s.dsSigs };
      const checks = judge(served, parent.trusted, parentZone, opts);
      const secure = checks.some((c) => c.status === 'valid');
      return { fact: rrsetFact(served, secure ? 'secure' : 'bogus', checks), served, signer: parentZone, trustedChecks: checks, expectSigned: true };
    });
    const good = dsRrsets.filter((r) => r.fact.status === 'secure');
    const evidence = withDs.map((s) => s.obs.id);
    if (good.length === 0) {
      const detail = `the DS RRset of ${view.zone} has no valid signature by ${parentZone}'s keys from any of its servers`;
      return { ...base, verdict: 'bogus', reasons: [detail], dsRrsets, dsEvidence, anchor: { kind: 'ds', detail, evidence } };
    }
    const ds = uniqueBy(
      good.flatMap((r) => r.served.records.map((rr) => rr.data).filter(isDs)),
      dsText,
    );
    return {
      ...base,
      verdict: null,
      points: ds.map((d) => dsPoint(view.zone, d)),
      dsRrsets,
      dsEvidence,
      anchor: { kind: 'ds', detail: `${ds.length} DS at ${parentZone}, signed by its keys`, evidence: good.map((r) => r.served.obs.id) },
    };
  }

  // No DS anywhere: insecure only if the parent proves it (RFC 4035 5.2, RFC 5155 8.5/8.6).
  const proofs = sources.map((s) => {
    const denial = proveDsAbsence(view.zone, parentZone, s.authority);
    if (!denial.proven) return { s, proven: false, by: null, reason: denial.reason, rrsets: [] as JudgedRrset[] };
    const groups = new Map<string, ResourceRecord[]>();
    for (const rr of denial.records) {
      const key = `${canonicalName(rr.name)} ${rr.type.toUpperCase()}`;
      groups.set(key, [...(groups.get(key) ?? []), rr]);
    }
    const rrsets = [...groups.values()].map((recs): JudgedRrset => {
      const first = recs[0] as ResourceRecord;
      const owner = canonicalName(first.name);
      const type = first.type.toUpperCase();
      // The whole RRset at that owner, not only the records the proof used.
      const whole = records(s.obs.response as NonNullable<Observation['response']>, 'authority', owner, type);
      const served: Served = { type, owner, address: s.address, names: [s.name], obs: s.obs, records: whole, rrsigs: rrsigsOver(s.authority, owner, type) };
      const checks = judge(served, parent.trusted, parentZone, opts);
      const secure = checks.some((c) => c.status === 'valid');
      return { fact: rrsetFact(served, secure ? 'secure' : 'bogus', checks), served, signer: parentZone, trustedChecks: checks, expectSigned: true };
    });
    const unsigned = rrsets.filter((r) => r.fact.status !== 'secure');
    const reason =
      unsigned.length === 0
        ? ''
        : `the ${uniqueSorted(unsigned.map((r) => `${r.served.type} at ${r.served.owner}`)).join(', ')} proving it has no valid signature by ${parentZone}'s keys`;
    return { s, proven: unsigned.length === 0, by: denial.by, reason, rrsets };
  });
  const dsRrsets = proofs.flatMap((p) => p.rrsets);
  const proven = proofs.filter((p) => p.proven);
  if (proven.length > 0) {
    const by = uniqueSorted(proven.map((p) => (p.by === 'nsec' ? 'NSEC' : p.by === 'nsec3' ? 'NSEC3' : 'NSEC3 opt-out')));
    const detail = `${parentZone} proves there is no DS for ${view.zone} (${by.join(', ')}, signed)`;
    return {
      ...base,
      verdict: 'insecure',
      reasons: [detail],
      dsRrsets,
      dsEvidence,
      anchor: { kind: 'no-ds-proven', detail, evidence: proven.map((p) => p.s.obs.id) },
    };
  }
  // ds.absence-unproven says why, signature faults of the proof included: not each one again.
  for (const r of dsRrsets) r.expectSigned = false;
  // RFC 9276 3.2: NSEC3 with more iterations than validators will compute leaves the delegation
  // insecure without a proof (BIND and Unbound above 150): unproven, but not bogus.
  const iterations = Math.max(
    -1,
    ...sources.flatMap((s) =>
      s.authority.flatMap((rr) =>
        rr.type.toUpperCase() === 'NSEC3' && typeof rr.data === 'object' && rr.data !== null && 'iterations' in rr.data ? [Number(rr.data.iterations)] : [],
      ),
    ),
  );
  if (iterations > NSEC3_MAX_ITERATIONS) {
    const detail = `${parentZone} answers with NSEC3 of ${iterations} iterations, above ${NSEC3_MAX_ITERATIONS}: validators treat ${view.zone} as insecure without checking the proof (RFC 9276 3.2)`;
    return { ...base, verdict: 'insecure', reasons: [detail], dsRrsets, dsEvidence, anchor: { kind: 'no-ds-unproven', detail, evidence: dsEvidence } };
  }
  const why = uniqueSorted(proofs.map((p) => p.reason));
  const detail = `${parentZone} has no DS for ${view.zone} and does not prove it: ${why.join('; ')}`;
  return {
    ...base,
    verdict: 'bogus',
    reasons: [detail],
    dsRrsets,
    dsEvidence,
    unproven: why,
    anchor: { kind: 'no-ds-unproven', detail, evidence: dsEvidence },
  };
}

function validateZone(ctx: CheckContext, view: ZoneView, parent: ZoneValidation | null | undefined, opts: Opts): ZoneValidation {
  const start = startOf(ctx, view, parent, opts);
  const served = servedRrsets(view);
  const keysets = served.filter((s) => s.type === 'DNSKEY');
  const servedKeys = uniqueBy(
    keysets.flatMap((s) => s.records.map((rr) => rr.data).filter(isDnskey)),
    dnskeyKey,
  );
  const reasons = [...start.reasons];
  let verdict = start.verdict;
  const usable = start.points.filter((p) => p.usable);
  let unsupportedAlgorithms: number[] = [];
  let trusted: DnskeyData[] = [];
  const dsMatched = servedKeys.filter((k) => usable.some((p) => p.names(k)));
  const judged: JudgedRrset[] = [...start.dsRrsets];
  const ownSigned = verdict === null; // the zone's own data must be signed (a usable DS or the anchor)

  if (verdict === null && usable.length === 0) {
    unsupportedAlgorithms = uniqueSorted(start.points.map((p) => String(p.algorithm))).map(Number);
    verdict = 'insecure';
    reasons.push(
      `the ${view.isRoot ? 'trust anchor' : 'DS set'} uses only algorithm${unsupportedAlgorithms.length > 1 ? 's' : ''} ${unsupportedAlgorithms.join(', ')} or digest types that zonecut does not validate: validators treat the zone as unsigned (RFC 4035 5.2)`,
    );
  }

  // DS → DNSKEY, server by server.
  const keysetJudged = keysets.map((s): JudgedRrset => {
    const keys = s.records.map((rr) => rr.data).filter(isDnskey);
    const matched = keys.filter((k) => usable.some((p) => p.names(k)));
    const checks = judge(s, keys, view.zone, opts);
    const trustedChecks = checks.filter(byKey(matched));
    const secure = trustedChecks.some((c) => c.status === 'valid');
    return {
      fact: rrsetFact(s, secure ? 'secure' : 'bogus', checks),
      served: s,
      signer: view.zone,
      trustedChecks,
      // No DS naming any served key at all is ds.no-match, not a signature fault of each server.
      expectSigned: ownSigned && usable.length > 0 && dsMatched.length > 0,
      dsMatched: matched,
    };
  });
  if (verdict === null) {
    const good = keysetJudged.filter((r) => r.fact.status === 'secure');
    if (good.length > 0) {
      trusted = uniqueBy(
        good.flatMap((r) => r.served.records.map((rr) => rr.data).filter(isDnskey)),
        dnskeyKey,
      );
    } else if (keysets.length === 0) {
      if (dnskeyAnswered(view)) {
        verdict = 'bogus';
        reasons.push(`${view.isRoot ? 'the trust anchor names keys' : 'a DS exists'} but the zone serves no DNSKEY`);
      } else {
        verdict = 'indeterminate';
        reasons.push('no server answered the DNSKEY query');
      }
    } else if (dsMatched.length === 0) {
      verdict = 'bogus';
      reasons.push(`no ${view.isRoot ? 'trust anchor' : 'DS'} names a DNSKEY the zone serves`);
    } else {
      verdict = 'bogus';
      reasons.push(`no key a ${view.isRoot ? 'trust anchor' : 'DS'} names (${dsMatched.map(tagOf).join(', ')}) validly signs the DNSKEY RRset on any server`);
    }
  }

  // The zone's other RRsets, against the trusted keys (or, to show them, the keys it serves).
  const secureChain = verdict === null;
  const statusOf = (valid: boolean, signed: boolean): RrsetValidation['status'] => {
    if (secureChain) return valid ? 'secure' : 'bogus';
    if (verdict === 'insecure') return 'insecure';
    if (verdict === 'bogus') return 'bogus';
    return signed ? 'indeterminate' : 'unsigned';
  };
  for (const r of keysetJudged) {
    if (!secureChain) r.fact.status = statusOf(false, r.served.rrsigs.length > 0);
    judged.push(r);
  }
  for (const s of served.filter((x) => x.type !== 'DNSKEY')) {
    const checks = judge(s, secureChain ? trusted : servedKeys, view.zone, opts);
    const valid = checks.some((c) => c.status === 'valid');
    judged.push({
      fact: rrsetFact(s, statusOf(valid, s.rrsigs.length > 0), checks),
      served: s,
      signer: view.zone,
      trustedChecks: checks.filter((c) => c.status !== 'no-key'),
      expectSigned: ownSigned && usable.length > 0 && (verdict === null || verdict === 'bogus'),
    });
  }

  // An RRset no server serves validly makes the zone bogus (RFC 4035 5.5).
  const missingAlgorithms: ZoneValidation['missingAlgorithms'] = [];
  if (secureChain) {
    const byRrset = new Map<string, JudgedRrset[]>();
    for (const r of judged) {
      if (r.signer !== view.zone) continue;
      const key = `${r.served.owner} ${r.served.type}`;
      byRrset.set(key, [...(byRrset.get(key) ?? []), r]);
    }
    const failed = [...byRrset.entries()].filter(([, list]) => list.every((r) => r.fact.status !== 'secure')).map(([key]) => key);
    verdict = failed.length > 0 ? 'bogus' : 'secure';
    if (failed.length > 0) reasons.push(`no server serves a valid signature over ${failed.join(', ')}`);
    else reasons.push(`${view.isRoot ? 'the trust anchor' : 'a DS'} names a key that signs the DNSKEY RRset, and every RRset checked has a valid signature`);

    // RFC 4035 2.2, RFC 6840 5.11: every algorithm of the DS set and of the DNSKEY set signs every RRset.
    const algorithms = uniqueSorted([...start.points.map((p) => p.algorithm), ...servedKeys.map((k) => k.algorithm)].map(String)).map(Number);
    for (const algorithm of algorithms) {
      const lacking = judged.filter((r) => r.signer === view.zone && !r.served.rrsigs.some((sig) => sig.algorithm === algorithm));
      if (lacking.length > 0) {
        missingAlgorithms.push({ algorithm, types: uniqueSorted(lacking.map((r) => r.served.type)), evidence: lacking.map((r) => r.served.obs.id) });
      }
    }
  }

  // Key links: each DS (or anchor) and the served key it names.
  const keyLinks: KeyLinkFact[] = start.points.map((p) => {
    const key = servedKeys.find((k) => p.names(k));
    if (!key) return { ds: p.text, keyTag: null, signsKeyset: null };
    const signs = keysetJudged.some((r) => r.trustedChecks.some((c) => c.status === 'valid' && c.keyTag === tagOf(key) && c.algorithm === key.algorithm));
    return { ds: p.text, keyTag: tagOf(key), signsKeyset: p.usable ? signs : null };
  });

  const final: ValidationVerdict = verdict ?? 'indeterminate';
  return {
    zone: view.zone,
    facts: { verdict: final, reasons, anchor: start.anchor, keyLinks, rrsets: judged.map((r) => r.fact), resolverAd: resolverView(ctx, view.zone) },
    trusted: final === 'secure' ? trusted : [],
    dsMatched,
    rrsets: judged,
    unsupportedAlgorithms,
    missingAlgorithms,
    inherited: start.inherited,
    dsEvidence: start.dsEvidence,
    unproven: start.unproven ?? [],
  };
}

const done = new WeakMap<CheckContext, Map<string, ZoneValidation>>();

/** Every zone of the capture validated, root first; once per check context. */
export function validateChain(ctx: CheckContext): Map<string, ZoneValidation> {
  const known = done.get(ctx);
  if (known) return known;
  const opts: Opts = { now: Math.floor(ctx.now.getTime() / 1000), judged: new Map(), judgedBySignature: new Map() };
  const out = new Map<string, ZoneValidation>();
  for (const view of ctx.zones) {
    const parent = view.parent === null ? null : out.get(view.parent);
    out.set(view.zone, validateZone(ctx, view, parent, opts));
  }
  done.set(ctx, out);
  return out;
}

/** The validation facts of one zone, or undefined when the capture holds no view of it. */
export function zoneValidation(ctx: CheckContext, zone: string): ZoneValidation | undefined {
  return validateChain(ctx).get(zone);
}
