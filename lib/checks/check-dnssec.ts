// DNSSEC delegation of the target zone: DS at the parent against the DNSKEYs the zone serves.
// Signature checks (rrsig.*, ds.unsigned-keyset) need verification and are not here yet.
import type { Finding } from '@/lib/checks/catalogue';
import type { CheckContext } from '@/lib/checks/check-context';
import { dnskeyKey, dnskeyLabel, dsLabel, dsMatchesKey, dsText, readDnssec, SUPPORTED_DIGESTS, type DnssecData } from '@/lib/checks/dnssec-data';
import { makeFinding } from '@/lib/checks/make-finding';
import { describeVariants, groupVariants } from '@/lib/checks/variants';
import type { ZoneView } from '@/lib/checks/zone-view';

export function checkDnssec(ctx: CheckContext): Finding[] {
  const view = ctx.target;
  if (!view || view.isRoot) return [];
  const data = readDnssec(view);
  return [...delegation(view, data), ...algorithms(view, data), ...keysetConsistency(view, data)];
}

/** RFC 8624 3.1: algorithms that MUST NOT be used for signing. */
export const DEPRECATED_ALGORITHMS: ReadonlyMap<number, string> = new Map([
  [1, 'RSAMD5'],
  [3, 'DSA'],
  [6, 'DSA-NSEC3-SHA1'],
  [12, 'ECC-GOST'],
]);

function delegation(view: ZoneView, data: DnssecData): Finding[] {
  const parent = view.parent as string;
  const findings: Finding[] = [];
  const served = data.dnskey.length > 0;
  const keyEvidence = data.dnskey.map((a) => a.obs);
  if (data.dsKnown && data.ds.length === 0) {
    findings.push(makeFinding('ds.absent', { zone: view.zone, params: { parent }, evidence: data.dsEvidence }));
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
