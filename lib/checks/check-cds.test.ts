import { describe, expect, it } from 'vitest';
import type { DsData } from '@/lib/dns/capture';
import { dsFromDnskey, keyTag } from '@/lib/dns/wire';
import { answerData, captureBuilder, codes, findings, KSK, one, RFC6605_DS, RFC6605_KSK, SIGNED, ZSK, type ZoneSpec } from '@/lib/checks/test-capture';

const signed = (spec: Partial<ZoneSpec> = {}) => captureBuilder().cut('example.net.', { ...SIGNED, ...spec });
const NEW_DS = dsFromDnskey('example.net.', KSK, 2) as DsData;
const NEW_TAG = keyTag(KSK);
const DELETE_CDS: DsData = { keyTag: 0, algorithm: 0, digestType: 0, digest: '00' };
const DELETE_CDNSKEY = { flags: 0, protocol: 3, algorithm: 0, publicKey: 'AA==' };
const rollover: Partial<ZoneSpec> = { dnskey: [RFC6605_KSK, KSK, ZSK] };

describe('cds.present', () => {
  it('shows (info) the published CDS and CDNSKEY', () => {
    const f = one(signed({ cds: [RFC6605_DS], cdnskey: [RFC6605_KSK] }).build(), 'cds.present');
    expect(f).toMatchObject({ severity: 'info', params: { cds: ['55648 13 2 B4C8C1FE…'], cdnskey: ['55648 (algorithm 13, flags 257, KSK)'] } });
    expect(f.evidence).toContain('example.net. cds 192.0.2.1');
    expect(f.evidence).toContain('example.net. cdnskey 192.0.2.1');
  });
  it('does not fire without CDS/CDNSKEY', () => {
    expect(findings(signed().build(), 'cds.present')).toEqual([]);
  });
});

describe('cds.in-sync', () => {
  it('fires (notice) when CDS already match the DS', () => {
    const c = signed({ cds: [RFC6605_DS], cdnskey: [RFC6605_KSK] }).build();
    expect(codes(c)).toEqual(['cds.in-sync', 'cds.present']);
    expect(one(c, 'cds.in-sync').summary).toBe('CDS/CDNSKEY of example.net. already match the DS at net.: they can be removed');
  });
  it('does not fire when they ask for a change', () => {
    expect(findings(signed({ ...rollover, cds: [NEW_DS] }).build(), 'cds.in-sync')).toEqual([]);
  });
});

describe('cds.pending', () => {
  it('shows the DS set a parent would install, as a diff', () => {
    const f = one(signed({ ...rollover, cds: [NEW_DS] }).build(), 'cds.pending');
    expect(f.severity).toBe('info');
    expect(f.params).toMatchObject({
      add: [`${NEW_TAG} 13 2 ${NEW_DS.digest.slice(0, 8).toUpperCase()}…`],
      remove: ['55648 13 2 B4C8C1FE…'],
      install: [`${NEW_TAG} 13 2 ${NEW_DS.digest.toUpperCase()}`],
    });
    expect(f.evidence).toContain('example.net. referral 203.0.113.53');
  });
  it('computes SHA-256 DS from CDNSKEY alone', () => {
    const f = one(signed({ ...rollover, cdnskey: [RFC6605_KSK, KSK] }).build(), 'cds.pending');
    expect(f.params).toMatchObject({ add: [`${NEW_TAG} 13 2 ${NEW_DS.digest.slice(0, 8).toUpperCase()}…`], remove: [] });
  });
  it('does not fire when inconsistent (a parent would not act)', () => {
    const c = signed({ ...rollover, cds: [NEW_DS] }).respond({ address: '198.51.100.2', purpose: 'cds' }, answerData('CDS', [])).build();
    expect(findings(c, 'cds.pending')).toEqual([]);
  });
});

describe('cds.delete', () => {
  it('warns that a parent would remove the DS', () => {
    const f = one(signed({ cds: [DELETE_CDS], cdnskey: [DELETE_CDNSKEY] }).build(), 'cds.delete');
    expect(f).toMatchObject({ severity: 'warning', params: { records: ['CDS 0 0 0 00', 'CDNSKEY 0 3 0 AA=='], ds: ['55648 13 2 B4C8C1FE…'] } });
  });
  it('is in sync, not a warning, when there is no DS to delete', () => {
    const c = signed({ ds: [], cds: [DELETE_CDS] }).build();
    expect(findings(c, 'cds.delete')).toEqual([]);
    expect(findings(c, 'cds.in-sync')).toHaveLength(1);
  });
});

describe('cds.inconsistent', () => {
  it('is an error when servers publish different CDS sets', () => {
    const c = signed({ cds: [RFC6605_DS] }).respond({ address: '198.51.100.2', purpose: 'cds' }, answerData('CDS', [])).build();
    const f = one(c, 'cds.inconsistent');
    expect(f).toMatchObject({ severity: 'error', params: { kind: 'servers-differ' } });
    expect(f.summary).toContain('no CDS at ns2.example.net./198.51.100.2');
    expect(findings(c, 'cds.in-sync')).toEqual([]);
  });
  it('is an error when CDS and CDNSKEY name different keys', () => {
    const f = one(signed({ ...rollover, cds: [RFC6605_DS], cdnskey: [KSK] }).build(), 'cds.inconsistent');
    expect(f.params.kind).toBe('cds-cdnskey-differ');
    expect(f.summary).toContain('CDS 55648 13 2 B4C8C1FE… has no CDNSKEY');
    expect(f.summary).toContain(`CDNSKEY ${NEW_TAG} (algorithm 13, flags 257, KSK) has no CDS`);
  });
  it('is an error when CDS names a key absent from the DNSKEY set', () => {
    const f = one(signed({ cds: [NEW_DS] }).build(), 'cds.inconsistent');
    expect(f.params.kind).toBe('unknown-key');
    expect(f.summary).toContain(`CDS ${NEW_TAG} 13 2`);
  });
  it('does not fire for matching CDS and CDNSKEY of a served key', () => {
    expect(findings(signed({ ...rollover, cds: [NEW_DS], cdnskey: [KSK] }).build(), 'cds.inconsistent')).toEqual([]);
  });
});
