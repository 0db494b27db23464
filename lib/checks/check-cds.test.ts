import { describe, expect, it } from 'vitest';
import { bootstrapState } from '@/lib/checks/check-cds';
import { dsText } from '@/lib/checks/dnssec-data';
import type { Observation } from '@/lib/dns/capture';
import type { DnskeyData, DsData, Rcode } from '@/lib/dns/wire/types';
import { keyTag } from '@/lib/dns/wire';
import { dsFromDnskey } from '@/lib/dns/dnssec/ds-digest';
import {
  answerData,
  captureBuilder,
  codes,
  findings,
  KSK,
  msg,
  obs,
  one,
  RESOLVER,
  RFC6605_DS,
  RFC6605_KSK,
  rr,
  SIGNED,
  ZSK,
  type ZoneSpec,
} from '@/lib/checks/test-capture';

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
    const c = signed({ ...rollover, cds: [NEW_DS] })
      .respond({ address: '198.51.100.2', purpose: 'cds' }, answerData('CDS', []))
      .build();
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
    const c = signed({ cds: [RFC6605_DS] })
      .respond({ address: '198.51.100.2', purpose: 'cds' }, answerData('CDS', []))
      .build();
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

// ───────────── insecure delegations: bootstrap only (RFC 9615) ─────────────

const OTHER_KSK = KSK;
const OTHER_DS = NEW_DS;
const P1 = 'ns1.provider.test.';
const P2 = 'ns2.other-provider.test.';
/** example.net., signed, no DS at net., CDS/CDNSKEY for its KSK, served by two DNS operators. */
const insecure = (spec: Partial<ZoneSpec> = {}) =>
  captureBuilder().cut('example.net.', {
    ns: { [P1]: ['192.0.2.1', '2001:db8:1::1'], [P2]: ['198.51.100.2', '2001:db8:2::2'] },
    dnskey: [RFC6605_KSK, ZSK],
    ds: [],
    cds: [RFC6605_DS],
    cdnskey: [RFC6605_KSK],
    ...spec,
  });

interface SignalSpec {
  cds?: DsData[];
  cdnskey?: DnskeyData[];
  signed?: boolean;
  ad?: boolean;
  rcode?: Rcode;
}

/** The resolver's answers for `_dsboot.example.net._signal.<ns>` CDS and CDNSKEY, as the walker records them. */
function signal(ns: string, spec: SignalSpec = {}): Observation[] {
  const name = `_dsboot.example.net._signal.${ns}`;
  const sig = (type: string) =>
    rr(name, 'RRSIG', {
      typeCovered: type,
      algorithm: 13,
      labels: 5,
      originalTtl: 3600,
      expiration: 1_800_000_000,
      inception: 1_700_000_000,
      keyTag: 1,
      signerName: ns.split('.').slice(1).join('.'),
      signature: 'c2ln',
    });
  return (['CDS', 'CDNSKEY'] as const).map((type) => {
    const data = type === 'CDS' ? (spec.cds ?? [RFC6605_DS]) : (spec.cdnskey ?? [RFC6605_KSK]);
    const answer =
      spec.rcode && spec.rcode !== 'NOERROR' ? [] : [...data.map((d) => rr(name, type, d)), ...(data.length && spec.signed !== false ? [sig(type)] : [])];
    const response = msg({ ra: true, rcode: spec.rcode ?? 'NOERROR', question: { name, type }, answer });
    response.flags.ad = spec.ad ?? false;
    return obs({
      id: `dsboot ${ns} ${type}`,
      purpose: 'dsboot',
      zone: 'example.net.',
      server: RESOLVER,
      transport: 'doh',
      question: { name, type },
      dnssecOk: true,
      response,
    });
  });
}

describe('cds.bootstrap', () => {
  it('replaces cds.pending on an insecure delegation: every NS operator signals, so a parent can bootstrap', () => {
    const c = insecure()
      .observe(...signal(P1), ...signal(P2))
      .build();
    expect(codes(c)).toEqual(['dnssec.island', 'cds.bootstrap', 'cds.present', 'ds.absent']);
    const f = one(c, 'cds.bootstrap');
    expect(f.severity).toBe('info');
    expect(f.params).toMatchObject({ state: 'ready', signalNames: [P2, P1].sort(), signalStates: ['match', 'match'], install: [dsText(RFC6605_DS)] });
    expect(f.summary).toContain('example.net. has no DS at net.');
    expect(f.summary).toContain(`${P1}: present, matching and signed`);
    expect(f.evidence).toContain(`dsboot ${P2} CDNSKEY`);
  });
  it('says so when no NS operator signals (RFC 8078 3 methods only), without a notice', () => {
    const c = insecure()
      .observe(...signal(P1, { cds: [], cdnskey: [] }), ...signal(P2, { rcode: 'NXDOMAIN' }))
      .build();
    const f = one(c, 'cds.bootstrap');
    expect(f.params).toMatchObject({ state: 'no-signal', signalStates: ['absent', 'absent'] });
    expect(f.summary).toContain('after a delay');
    expect(findings(c, 'cds.bootstrap-incomplete')).toEqual([]);
    expect(findings(c, 'cds.pending')).toEqual([]);
  });
  it('is unknown, not incomplete, when the signalling could not be read (no resolver, SERVFAIL)', () => {
    expect(one(insecure().build(), 'cds.bootstrap').params).toMatchObject({ state: 'unknown', signalStates: ['not-asked', 'not-asked'] });
    const c = insecure()
      .observe(...signal(P1), ...signal(P2, { rcode: 'SERVFAIL' }))
      .build();
    const f = one(c, 'cds.bootstrap');
    expect(f.params.state).toBe('unknown');
    expect(f.summary).toContain(`${P2}: CDS at _dsboot.example.net._signal.${P2}: SERVFAIL`);
    expect(findings(c, 'cds.bootstrap-incomplete')).toEqual([]);
  });
  it('ignores NS names inside the zone, and is impossible when there are only those', () => {
    const mixed = insecure({ ns: { [P1]: ['192.0.2.1'], 'ns2.example.net.': ['198.51.100.2'] } })
      .observe(...signal(P1))
      .build();
    expect(one(mixed, 'cds.bootstrap').params).toMatchObject({ state: 'ready', signalStates: ['match', 'in-domain'] });
    const inside = captureBuilder()
      .cut('example.net.', { ...SIGNED, ds: [], cds: [RFC6605_DS], cdnskey: [RFC6605_KSK] })
      .build();
    const f = one(inside, 'cds.bootstrap');
    expect(f.params.state).toBe('impossible');
    expect(findings(inside, 'cds.bootstrap-incomplete')).toEqual([]);
  });
  it('does not fire on a secure delegation (cds.pending does) nor for a delete request', () => {
    expect(findings(signed({ ...rollover, cds: [NEW_DS] }).build(), 'cds.bootstrap')).toEqual([]);
    expect(codes(insecure({ cds: [DELETE_CDS], cdnskey: [DELETE_CDNSKEY] }).build())).not.toContain('cds.bootstrap');
  });
});

describe('cds.bootstrap-incomplete', () => {
  const problem = (c: ReturnType<ReturnType<typeof insecure>['build']>) => one(c, 'cds.bootstrap-incomplete');
  it('is a notice when one NS operator publishes no signalling', () => {
    const c = insecure()
      .observe(...signal(P1), ...signal(P2, { cds: [], cdnskey: [] }))
      .build();
    const f = problem(c);
    expect(f.severity).toBe('notice');
    expect(f.params.nameservers).toEqual([P2]);
    expect(f.summary).toBe(`RFC 9615 signalling for example.net. does not let a parent bootstrap its DS: ${P2}: nothing at _dsboot.example.net._signal.${P2}`);
    expect(one(c, 'cds.bootstrap').params.state).toBe('incomplete');
  });
  it('names what a stale signal holds, type by type', () => {
    const c = insecure()
      .observe(...signal(P1, { cds: [OTHER_DS], cdnskey: [OTHER_KSK] }), ...signal(P2))
      .build();
    const f = problem(c);
    expect(f.params.nameservers).toEqual([P1]);
    expect(f.summary).toContain(`holds CDS ${NEW_TAG} 13 2`);
    expect(f.summary).toContain(`CDNSKEY ${NEW_TAG} (algorithm 13, flags 257, KSK), not the zone's`);
  });
  it('counts a signal missing one type as different (RFC 9615 4.2 step 4)', () => {
    const c = insecure()
      .observe(...signal(P1, { cdnskey: [] }), ...signal(P2))
      .build();
    expect(problem(c).summary).toContain('holds no CDNSKEY');
  });
  it('fires for unsigned signalling, and for signalling a validating resolver did not authenticate', () => {
    expect(
      problem(
        insecure()
          .observe(...signal(P1), ...signal(P2, { signed: false }))
          .build(),
      ).summary,
    ).toContain('unsigned');
    const c = insecure()
      .observe(...signal(P1, { ad: true }), ...signal(P2))
      .build();
    expect(one(c, 'cds.bootstrap').params.signalStates).toEqual(['match', 'unvalidated']);
    expect(problem(c).params.nameservers).toEqual([P2]);
  });
  it('does not fire when every operator signals', () => {
    expect(
      findings(
        insecure()
          .observe(...signal(P1, { ad: true }), ...signal(P2, { ad: true }))
          .build(),
        'cds.bootstrap-incomplete',
      ),
    ).toEqual([]);
  });
});

describe('bootstrapState', () => {
  it.each([
    [['match', 'match'], 'ready'],
    [['match', 'in-domain'], 'ready'],
    [['in-domain', 'in-domain'], 'impossible'],
    [['absent', 'absent'], 'no-signal'],
    [['absent', 'failed'], 'unknown'],
    [['match', 'failed'], 'unknown'],
    [['match', 'absent'], 'incomplete'],
    [['different', 'failed'], 'incomplete'],
    [['unvalidated', 'match'], 'incomplete'],
  ] as const)('%j → %s', (states, state) => {
    expect(bootstrapState(states)).toBe(state);
  });
});
