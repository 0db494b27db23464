import { describe, expect, it } from 'vitest';
import { keyTag } from '@/lib/dns/wire';
import { dsFromDnskey } from '@/lib/dns/dnssec/ds-digest';
import {
  answerData,
  captureBuilder,
  codes,
  EXAMPLE,
  findings,
  KSK,
  msg,
  obs,
  one,
  respondWith,
  rr,
  RFC6605_DS,
  RFC6605_KSK,
  SIGNED,
  ZSK,
  type MsgInput,
  type ZoneSpec,
} from '@/lib/checks/test-capture';

const signed = (spec: Partial<ZoneSpec> = {}) => captureBuilder().cut('example.net.', { ...SIGNED, ...spec });
const REFERRAL = 'example.net. referral 203.0.113.53';

describe('a healthy signed zone', () => {
  it('reports nothing', () => {
    expect(codes(signed().build())).toEqual([]);
  });
});

describe('ds.absent', () => {
  it('reports (info) an insecure delegation, citing the referral asked with DO', () => {
    const f = one(captureBuilder().cut('example.test.', EXAMPLE).build(), 'ds.absent');
    expect(f).toMatchObject({ severity: 'info', zone: 'example.test.', params: { parent: 'test.' }, evidence: ['example.test. referral 203.0.113.53'] });
  });
  it('does not fire with a DS', () => {
    expect(findings(signed().build(), 'ds.absent')).toEqual([]);
  });
});

describe('dnssec.island', () => {
  it('fires (notice) when the zone serves DNSKEY but the parent has no DS', () => {
    const f = one(signed({ ds: [] }).build(), 'dnssec.island');
    expect(f).toMatchObject({ severity: 'notice', params: { parent: 'net.' } });
    expect(f.params.keys).toEqual(['55648 (algorithm 13, flags 257, KSK)', `${keyTag(ZSK)} (algorithm 13, flags 256, ZSK)`]);
    expect(f.evidence).toContain(REFERRAL);
    expect(f.evidence).toContain('example.net. dnskey 192.0.2.1');
  });
  it('does not fire when the DS is there', () => {
    expect(findings(signed().build(), 'dnssec.island')).toEqual([]);
  });
});

describe('ds.no-dnskey', () => {
  it('is an error when the parent has DS and the zone serves no DNSKEY', () => {
    const f = one(signed({ dnskey: [] }).build(), 'ds.no-dnskey');
    expect(f).toMatchObject({
      severity: 'error',
      params: { ds: ['55648 13 2 B4C8C1FE…'], dsRecords: ['55648 13 2 B4C8C1FE2E7477127B27115656AD6256F424625BF5C1E2770CE6D6E37DF61D17'] },
    });
    expect(f.evidence).toEqual([
      REFERRAL,
      'example.net. dnskey 192.0.2.1',
      'example.net. dnskey 2001:db8:1::1',
      'example.net. dnskey 198.51.100.2',
      'example.net. dnskey 2001:db8:2::2',
    ]);
  });
  it('does not fire when the key is served', () => {
    expect(findings(signed().build(), 'ds.no-dnskey')).toEqual([]);
  });
});

describe('ds.no-match', () => {
  it('is an error when no DS matches a served key by tag, algorithm and digest', () => {
    const wrongDigest = { ...RFC6605_DS, digest: RFC6605_DS.digest.replace(/^b4/, 'b5') };
    const f = one(signed({ ds: [wrongDigest] }).build(), 'ds.no-match');
    expect(f).toMatchObject({ severity: 'error', params: { ds: ['55648 13 2 B5C8C1FE…'] } });
    expect(f.summary).toContain('No DS of example.net. at net. (55648 13 2 B5C8C1FE…) matches a served DNSKEY');
  });
  it('is an error when the DS names a key that is no longer served (provider change)', () => {
    expect(one(signed({ dnskey: [KSK, ZSK] }).build(), 'ds.no-match').severity).toBe('error');
  });
  it('does not fire when one DS of several matches', () => {
    const stale = dsFromDnskey('example.net.', KSK, 2);
    expect(findings(signed({ ds: [stale!, RFC6605_DS] }).build(), 'ds.no-match')).toEqual([]);
  });
  it('does not fire for a DS set whose digest types we cannot compute (validators treat it as insecure)', () => {
    expect(findings(signed({ ds: [{ ...RFC6605_DS, digestType: 3 }] }).build(), 'ds.no-match')).toEqual([]);
  });
});

describe('ds.weak-digest', () => {
  it('fires (notice) when every DS is SHA-1', () => {
    const sha1 = dsFromDnskey('example.net.', RFC6605_KSK, 1)!;
    const f = one(signed({ ds: [sha1] }).build(), 'ds.weak-digest');
    expect(f).toMatchObject({ severity: 'notice', evidence: [REFERRAL] });
    expect(findings(signed({ ds: [sha1] }).build(), 'ds.no-match')).toEqual([]);
  });
  it('does not fire when a SHA-256 DS is there too', () => {
    const sha1 = dsFromDnskey('example.net.', RFC6605_KSK, 1)!;
    expect(findings(signed({ ds: [sha1, RFC6605_DS] }).build(), 'ds.weak-digest')).toEqual([]);
  });
});

describe('dnskey.deprecated-algorithm', () => {
  it('fires (warning) for RSAMD5', () => {
    const md5 = {
      flags: 256,
      protocol: 3,
      algorithm: 1,
      publicKey: 'AwEAAcMnWBKLuvG/LwnPVykcmpvnntwxfshHlHRhlY0F3oz8AMcuF8gw9McCw+BoC2YxWaiTpNPuxjSNhUlBtcbyHZ8=',
    };
    const f = one(signed({ dnskey: [RFC6605_KSK, md5] }).build(), 'dnskey.deprecated-algorithm');
    expect(f).toMatchObject({ severity: 'warning', params: { algorithms: ['1 (RSAMD5)'] } });
    expect(f.evidence).toContain('example.net. dnskey 192.0.2.1');
    expect(f.evidence).not.toContain(REFERRAL);
  });
  it('does not fire for ECDSA P-256 (13)', () => {
    expect(findings(signed().build(), 'dnskey.deprecated-algorithm')).toEqual([]);
  });
});

describe('dnskey.inconsistent', () => {
  it('fires when one server serves another DNSKEY set', () => {
    const c = signed()
      .respond({ address: '198.51.100.2', purpose: 'dnskey' }, answerData('DNSKEY', [RFC6605_KSK]))
      .build();
    const f = one(c, 'dnskey.inconsistent');
    expect(f.severity).toBe('warning');
    expect(f.params.variants).toContain('keys 55648 (algorithm 13, flags 257, KSK) at ns2.example.net./198.51.100.2');
    expect(f.evidence).toHaveLength(4);
  });
  it('does not fire when all agree', () => {
    expect(findings(signed().build(), 'dnskey.inconsistent')).toEqual([]);
  });
});

describe("the DS set comes from the parent's own answers to <zone> DS", () => {
  const server = { address: '203.0.113.53', port: 53, name: 'ns.parent.test.' };
  const soa = (owner: string) =>
    rr(owner, 'SOA', { mname: `ns.${owner}`, rname: `hostmaster.${owner}`, serial: 1, refresh: 7200, retry: 3600, expire: 1209600, minimum: 3600 });
  const dsProbe = (input: MsgInput, id = 'example.net. ds 203.0.113.53') =>
    obs({
      id,
      purpose: 'ds',
      zone: 'example.net.',
      server,
      question: { name: 'example.net.', type: 'DS' },
      dnssecOk: true,
      response: msg({ aa: true, question: { name: 'example.net.', type: 'DS' }, ...input }),
    });
  // A parent server that serves the child too answers `example.net. NS` from the child: AA, the
  // NS RRset in the answer, no DS (it is not the child's data).
  const coHosted = () =>
    signed().respond(
      { purpose: 'referral' },
      respondWith(
        msg({
          aa: true,
          question: { name: 'example.net.', type: 'NS' },
          answer: [rr('example.net.', 'NS', 'ns1.example.net.'), rr('example.net.', 'NS', 'ns2.example.net.')],
        }),
      ),
    );

  it('a co-hosted signed child with DS at the parent is secure: no ds.absent, no dnssec.island', () => {
    const c = coHosted()
      .observe(dsProbe({ answer: [rr('example.net.', 'DS', RFC6605_DS)] }))
      .build();
    expect(codes(c)).toEqual([]);
  });

  it('an answer from the child (no DS) alone is not read as "no DS"', () => {
    expect(codes(coHosted().build())).toEqual([]);
  });

  it("NODATA with the parent's SOA is the parent saying there is no DS", () => {
    const c = coHosted()
      .observe(dsProbe({ authority: [soa('net.')] }))
      .build();
    expect(one(c, 'ds.absent').evidence).toEqual(['example.net. ds 203.0.113.53']);
    expect(one(c, 'dnssec.island').evidence).toContain('example.net. ds 203.0.113.53');
  });

  it("NODATA with the zone's own SOA came from the child: the referral's DS is used instead", () => {
    const c = signed()
      .observe(dsProbe({ authority: [soa('example.net.')] }))
      .build();
    expect(codes(c)).toEqual([]);
    expect(
      findings(
        signed({ ds: [] })
          .observe(dsProbe({ authority: [soa('example.net.')] }))
          .build(),
        'ds.absent',
      )[0]?.evidence,
    ).toEqual([REFERRAL]);
  });

  it('the DS answer wins over a referral that lacks the DS', () => {
    const c = signed({ ds: [] })
      .observe(dsProbe({ answer: [rr('example.net.', 'DS', RFC6605_DS)] }))
      .build();
    expect(codes(c)).toEqual([]);
  });

  it('a DS answer without AA says nothing', () => {
    const c = coHosted()
      .observe(dsProbe({ aa: false, authority: [soa('net.')] }))
      .build();
    expect(codes(c)).toEqual([]);
  });
});
