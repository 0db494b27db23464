// DNSSEC: the target's delegation (DS at the parent against the DNSKEYs the zone serves), and the
// chain of trust of every zone from the anchor down (validate-chain.ts decides, this words it): per
// server, a signature that is expired, not yet valid, invalid or missing where the zone must be
// signed; a DS-named key that signs no DNSKEY RRset; a missing DS without a signed denial; an
// algorithm we cannot validate; a half-done algorithm rollover; a validating resolver that disagrees.
import type { Finding, FindingCode } from '@/lib/checks/catalogue';
import type { CheckContext } from '@/lib/checks/check-context';
import { dnskeyKey, dnskeyLabel, dsLabel, dsMatchesKey, dsText, readDnssec, SUPPORTED_DIGESTS, type DnssecData } from '@/lib/checks/dnssec-data';
import { makeFinding } from '@/lib/checks/make-finding';
import { describeVariants, groupVariants } from '@/lib/checks/variants';
import type { ZoneView } from '@/lib/checks/zone-view';
import { uniqueSorted } from '@/lib/checks/message-records';
import { serverLabel } from '@/lib/checks/server-view';
import { EXPIRING_WITHIN_SECONDS, validateChain, type JudgedRrset, type ZoneValidation } from '@/lib/checks/validate-chain';
import { VALIDATION_ALGORITHMS, type SignatureCheck } from '@/lib/dns/dnssec/verify';
import { keyTag } from '@/lib/dns/wire';

export function checkDnssec(ctx: CheckContext): Finding[] {
  const view = ctx.target;
  const chain = chainOfTrust(ctx);
  if (!view || view.isRoot) return chain;
  const data = readDnssec(view);
  // No DS and no proof of it is ds.absence-unproven (bogus), not also ds.absent (insecure).
  const unproven = (validateChain(ctx).get(view.zone)?.unproven.length ?? 0) > 0;
  return [...delegation(view, data, unproven), ...algorithms(view, data), ...keysetConsistency(view, data), ...chain];
}

/** RFC 8624 3.1: algorithms that MUST NOT be used for signing. */
export const DEPRECATED_ALGORITHMS: ReadonlyMap<number, string> = new Map([
  [1, 'RSAMD5'],
  [3, 'DSA'],
  [6, 'DSA-NSEC3-SHA1'],
  [12, 'ECC-GOST'],
]);

function delegation(view: ZoneView, data: DnssecData, absenceUnproven: boolean): Finding[] {
  const parent = view.parent as string;
  const findings: Finding[] = [];
  const served = data.dnskey.length > 0;
  const keyEvidence = data.dnskey.map((a) => a.obs);
  if (data.dsKnown && data.ds.length === 0) {
    if (!absenceUnproven) findings.push(makeFinding('ds.absent', { zone: view.zone, params: { parent }, evidence: data.dsEvidence }));
    if (data.keys.length > 0) {
      findings.push(
        makeFinding('dnssec.island', {
          zone: view.zone,
          params: { parent, keys: data.keys.map(dnskeyLabel) },
          evidence: [...data.dsEvidence, ...keyEvidence.filter((_, i) => (data.dnskey[i]?.records.length ?? 0) > 0)],
        }),
      );
    }
    return findings;
  }
  if (data.ds.length === 0) return findings;
  const ds = data.ds.map(dsLabel);
  const dsRecords = data.ds.map(dsText);
  if (served && data.keys.length === 0) {
    findings.push(makeFinding('ds.no-dnskey', { zone: view.zone, params: { parent, ds, dsRecords }, evidence: [...data.dsEvidence, ...keyEvidence] }));
  } else if (data.keys.length > 0) {
    // Only DS we can compute speak; a DS set of unsupported digests alone leaves the zone
    // insecure for validators (RFC 4035 5.2), not bogus.
    const judged = data.ds.filter((d) => SUPPORTED_DIGESTS.has(d.digestType));
    const matched = judged.some((d) => data.keys.some((k) => dsMatchesKey(view.zone, d, k) === true));
    if (judged.length > 0 && !matched) {
      findings.push(
        makeFinding('ds.no-match', {
          zone: view.zone,
          params: { parent, ds, dsRecords, keys: data.keys.map(dnskeyLabel) },
          evidence: [...data.dsEvidence, ...keyEvidence],
        }),
      );
    }
  }
  if (data.ds.every((d) => d.digestType === 1)) {
    findings.push(makeFinding('ds.weak-digest', { zone: view.zone, params: { parent, ds, dsRecords }, evidence: data.dsEvidence }));
  }
  return findings;
}

function algorithms(view: ZoneView, data: DnssecData): Finding[] {
  const used = new Set([...data.keys.map((k) => k.algorithm), ...data.ds.map((d) => d.algorithm)]);
  const bad = [...used].filter((a) => DEPRECATED_ALGORITHMS.has(a)).sort((a, b) => a - b);
  if (bad.length === 0) return [];
  return [
    makeFinding('dnskey.deprecated-algorithm', {
      zone: view.zone,
      params: { algorithms: bad.map((a) => `${a} (${DEPRECATED_ALGORITHMS.get(a)})`), algorithmNumbers: bad.map(String) },
      evidence: [
        ...(data.ds.some((d) => bad.includes(d.algorithm)) ? data.dsEvidence : []),
        ...data.dnskey.filter((a) => a.records.some((k) => bad.includes(k.algorithm))).map((a) => a.obs),
      ],
    }),
  ];
}

function keysetConsistency(view: ZoneView, data: DnssecData): Finding[] {
  const variants = groupVariants(data.dnskey.map((a) => ({ key: a.records.map(dnskeyKey).sort().join('|'), value: a.records, server: a.label, obs: a.obs })));
  if (variants.length < 2) return [];
  return [
    makeFinding('dnskey.inconsistent', {
      zone: view.zone,
      params: { variants: describeVariants(variants, (keys) => (keys.length ? `keys ${keys.map(dnskeyLabel).join(', ')}` : 'no DNSKEY')) },
      evidence: data.dnskey.map((a) => a.obs),
    }),
  ];
}

export const isoSeconds = (seconds: number) => new Date(seconds * 1000).toISOString().replace('.000Z', 'Z');

type SignatureCode = Extract<
  FindingCode,
  'rrsig.expired' | 'rrsig.expiring' | 'rrsig.not-yet-valid' | 'rrsig.invalid' | 'rrsig.missing' | 'ds.unsigned-keyset'
>;

/** What is wrong with one served RRset's signatures, if anything: one code, the checks behind it. */
export function signatureProblem(r: JudgedRrset, now: number): { code: SignatureCode; checks: SignatureCheck[] } | null {
  if (!r.expectSigned) return null;
  const checks = r.trustedChecks;
  const valid = checks.filter((c) => c.status === 'valid');
  if (valid.length > 0) {
    // The freshest valid signature counts. An online signer (short windows, signed as it answers)
    // always has less than 3 days left but most of its window ahead: only a signature past half
    // its window and within 3 days of its end is one that re-signing has missed.
    const freshest = valid.reduce((a, b) => (b.expiration > a.expiration ? b : a));
    const left = freshest.expiration - now;
    return left < EXPIRING_WITHIN_SECONDS && left < (freshest.expiration - freshest.inception) / 2 ? { code: 'rrsig.expiring', checks: valid } : null;
  }
  for (const [status, code] of [
    ['expired', 'rrsig.expired'],
    ['not-yet-valid', 'rrsig.not-yet-valid'],
    ['invalid', 'rrsig.invalid'],
  ] as const) {
    const hit = checks.filter((c) => c.status === status);
    if (hit.length > 0) return { code, checks: hit };
  }
  // Signed only with algorithms we cannot verify: not a fault of the zone (RFC 4035 5.2).
  if (r.served.rrsigs.length > 0 && r.served.rrsigs.every((sig) => !VALIDATION_ALGORITHMS.has(sig.algorithm))) return null;
  if (r.dsMatched !== undefined) return r.dsMatched.length > 0 ? { code: 'ds.unsigned-keyset', checks: [] } : { code: 'rrsig.missing', checks: [] };
  return { code: 'rrsig.missing', checks: [] };
}

function missingWords(r: JudgedRrset): string {
  if (r.served.rrsigs.length === 0) return 'no RRSIG served';
  const by = uniqueSorted(r.served.rrsigs.map((s) => `${s.keyTag}/${s.algorithm}`));
  return r.served.type === 'DNSKEY'
    ? `signed only by key ${by.join(', ')}, which no DS names`
    : `signed only by key ${by.join(', ')}, not a key of the validated DNSKEY set`;
}

function signatureFindings(v: ZoneValidation, parentOf: (zone: string) => string, now: number): Finding[] {
  const groups = new Map<string, { code: SignatureCode; rrsets: JudgedRrset[]; checks: SignatureCheck[] }>();
  for (const r of v.rrsets) {
    const problem = signatureProblem(r, now);
    if (!problem) continue;
    const key = `${problem.code} ${r.served.address}`;
    const g = groups.get(key) ?? { code: problem.code, rrsets: [], checks: [] };
    g.rrsets.push(r);
    g.checks.push(...problem.checks);
    groups.set(key, g);
  }
  return [...groups.values()].map(({ code, rrsets, checks }) => {
    const first = rrsets[0] as JudgedRrset;
    const address = first.served.address;
    const nameserver = first.served.names[0];
    const type = uniqueSorted(rrsets.map((r) => (r.served.owner === v.zone ? r.served.type : `${r.served.owner} ${r.served.type}`)));
    const common = {
      zone: v.zone,
      evidence: rrsets.map((r) => r.served.obs.id),
      address,
      ...(nameserver !== undefined && nameserver !== '?' ? { nameserver } : {}),
    };
    const server = serverLabel({ names: first.served.names, address });
    const details = uniqueSorted(checks.map((c) => c.detail));
    switch (code) {
      case 'rrsig.expired':
        return makeFinding(code, { ...common, params: { type, server, expiration: isoSeconds(Math.max(...checks.map((c) => c.expiration))), details } });
      case 'rrsig.expiring':
        return makeFinding(code, { ...common, params: { type, server, expiration: isoSeconds(Math.min(...checks.map((c) => c.expiration))), details } });
      case 'rrsig.not-yet-valid':
        return makeFinding(code, { ...common, params: { type, server, inception: isoSeconds(Math.min(...checks.map((c) => c.inception))), details } });
      case 'rrsig.invalid':
        return makeFinding(code, { ...common, params: { type, server, detail: details.join('; '), details } });
      case 'rrsig.missing':
        return makeFinding(code, { ...common, params: { type, server, detail: uniqueSorted(rrsets.map(missingWords)).join('; ') } });
      case 'ds.unsigned-keyset': {
        const tags = uniqueSorted(rrsets.flatMap((r) => (r.dsMatched ?? []).map((k) => String(keyTag(k)))));
        return makeFinding(code, { ...common, params: { keyTag: tags, parent: parentOf(v.zone), server, signedBy: missingWords(first) } });
      }
    }
  });
}

/** What the resolver's answer says: AD, or no AD, or a failure that may or may not be DNSSEC's. */
function resolverWords(ad: boolean, rcode: string | undefined): string {
  if (ad) return 'secure (AD set)';
  return rcode === 'SERVFAIL' ? 'SERVFAIL (bogus, or it could not resolve the zone)' : 'not secure (no AD)';
}

function zoneFindings(v: ZoneValidation, parent: string, rcodeOf: (id: string) => string | undefined): Finding[] {
  const findings: Finding[] = [];
  const { facts } = v;
  if (v.unproven.length > 0) {
    findings.push(makeFinding('ds.absence-unproven', { zone: v.zone, params: { parent, reason: v.unproven.join('; ') }, evidence: v.dsEvidence }));
  }
  if (v.unsupportedAlgorithms.length > 0) {
    findings.push(
      makeFinding('dnssec.unsupported-algorithm', {
        zone: v.zone,
        params: { algorithms: v.unsupportedAlgorithms.map(String), parent, ds: facts.keyLinks.map((l) => l.ds) },
        evidence: v.dsEvidence,
      }),
    );
  }
  for (const m of v.missingAlgorithms) {
    findings.push(makeFinding('rrsig.algorithm-missing', { zone: v.zone, params: { algorithm: m.algorithm, types: m.types }, evidence: m.evidence }));
  }
  const ad = facts.resolverAd;
  if (ad?.validating && facts.verdict !== 'indeterminate' && ad.ad !== (facts.verdict === 'secure')) {
    findings.push(
      makeFinding('dnssec.resolver-disagrees', {
        zone: v.zone,
        params: { verdict: facts.verdict, resolver: resolverWords(ad.ad, rcodeOf(ad.evidence)), reasons: facts.reasons },
        evidence: [ad.evidence],
      }),
    );
  }
  return findings;
}

/** The chain of trust, every zone of the capture (validate-chain.ts decides). */
function chainOfTrust(ctx: CheckContext): Finding[] {
  const now = Math.floor(ctx.now.getTime() / 1000);
  const parents = new Map(ctx.zones.map((z) => [z.zone, z.parent ?? '.']));
  const parentOf = (zone: string) => parents.get(zone) ?? '.';
  const rcodeOf = (id: string) => ctx.capture.observations.find((o) => o.id === id)?.response?.rcode;
  return [...validateChain(ctx).values()].flatMap((v) => [...signatureFindings(v, parentOf, now), ...zoneFindings(v, parentOf(v.zone), rcodeOf)]);
}
