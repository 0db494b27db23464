// CDS / CDNSKEY (RFC 7344, RFC 8078): what the child asks its parent to do with the DS set, and
// whether a scanning parent could and would do it.
import type { Finding } from '@/lib/checks/catalogue';
import type { CheckContext } from '@/lib/checks/check-context';
import {
  dnskeyKey,
  dnskeyLabel,
  dsKey,
  dsLabel,
  dsMatchesKey,
  dsText,
  readDnssec,
  uniqueBy,
  type DnssecData,
} from '@/lib/checks/dnssec-data';
import { makeFinding } from '@/lib/checks/make-finding';
import { describeVariants, groupVariants } from '@/lib/checks/variants';
import type { ZoneView } from '@/lib/checks/zone-view';
import type { DnskeyData, DsData, Observation } from '@/lib/dns/capture';
import { dsFromDnskey, keyTag } from '@/lib/dns/wire';

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
  const cds = uniqueBy(data.cds.flatMap((a) => a.records), dsKey);
  const cdnskey = uniqueBy(data.cdnskey.flatMap((a) => a.records), dnskeyKey);
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
  findings.push(...effect(view, data, cds, cdnskey, evidence));
  return findings;
}

function inconsistencies(view: ZoneView, data: DnssecData, cds: DsData[], cdnskey: DnskeyData[]): Finding[] {
  const findings: Finding[] = [];
  const add = (problem: string, evidence: Observation[], kind: string) =>
    findings.push(makeFinding('cds.inconsistent', { zone: view.zone, params: { problem, kind }, evidence }));

  // Every server must publish the same sets (RFC 7344 4.1, RFC 9615 asks all of them).
  for (const [type, answers] of [['CDS', data.cds], ['CDNSKEY', data.cdnskey]] as const) {
    const variants = groupVariants(
      answers.map((a) => ({
        key: a.records.map((r) => ('digest' in r ? dsKey(r) : dnskeyKey(r))).sort().join('|'),
        value: a.records,
        server: a.label,
        obs: a.obs,
      })),
    );
    if (variants.length > 1) {
      const described = describeVariants(variants, (recs) =>
        recs.length === 0 ? `no ${type}` : `${type} ${recs.map((r) => ('digest' in r ? dsLabel(r) : dnskeyLabel(r))).join(', ')}`,
      );
      add(`servers publish different ${type} sets: ${described.join('; ')}`, answers.map((a) => a.obs), 'servers-differ');
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
      add(`${absent.join(', ')} ${absent.length === 1 ? 'names a key' : 'name keys'} absent from the DNSKEY set`, [...signalEvidence, ...data.dnskey.map((a) => a.obs)], 'unknown-key');
    }
  }
  return findings;
}

function effect(view: ZoneView, data: DnssecData, cds: DsData[], cdnskey: DnskeyData[], evidence: Observation[]): Finding[] {
  if (!data.dsKnown) return [];
  const parent = view.parent as string;
  const all = [...evidence, ...data.dsEvidence];
  const isDelete = (cds.length > 0 && cds.every(isCdsDelete)) || (cdnskey.length > 0 && cdnskey.every(isCdnskeyDelete));
  if (isDelete) {
    const records = [...cds.map((d) => `CDS ${dsText(d)}`), ...cdnskey.map((k) => `CDNSKEY ${k.flags} ${k.protocol} ${k.algorithm} ${k.publicKey}`)];
    if (data.ds.length === 0) return [makeFinding('cds.in-sync', { zone: view.zone, params: { parent, install: [] }, evidence: all })];
    return [makeFinding('cds.delete', { zone: view.zone, params: { records, ds: data.ds.map(dsLabel), dsRecords: data.ds.map(dsText) }, evidence: all })];
  }
  // The DS set a parent would install: CDS as published, or computed from CDNSKEY.
  const cdsKeys = cds.filter((d) => !isCdsDelete(d));
  const install =
    cdsKeys.length > 0
      ? cdsKeys
      : cdnskey.filter((k) => !isCdnskeyDelete(k)).flatMap((k) => dsFromDnskey(view.zone, k, CDNSKEY_DIGEST_TYPE) ?? []);
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
