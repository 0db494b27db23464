import { describe, expect, it } from 'vitest';
import type { CsyncData } from '@/lib/dns/wire/types';
import { serialLessThan } from '@/lib/checks/check-csync';
import { answerData, captureBuilder, codes, edit, EXAMPLE, findings, one, SIGNED, soaField, type ZoneSpec } from '@/lib/checks/test-capture';

const NS1 = 'ns1.example.net.';
const NS2 = 'ns2.example.net.';
const CSYNC: CsyncData = { serial: 2024010101, flags: 3, types: ['A', 'AAAA', 'NS'] };
const signed = (spec: Partial<ZoneSpec> = {}) => captureBuilder().cut('example.net.', { ...SIGNED, csync: CSYNC, ...spec });

describe('serialLessThan (RFC 1982)', () => {
  it.each([
    [1, 2, true],
    [2, 1, false],
    [5, 5, false],
    [4294967295, 5, true], // wrapped: 5 comes after 2^32-1
    [5, 4294967295, false],
    [0, 2 ** 31, false], // exactly half apart: undefined, not less
    [2 ** 31, 0, false],
  ])('%d < %d is %s', (a, b, want) => {
    expect(serialLessThan(a, b)).toBe(want);
  });
});

describe('csync.present and csync.in-sync', () => {
  it('shows the CSYNC (info) and, with nothing to change, says it can go (notice)', () => {
    const c = signed().build();
    expect(codes(c)).toEqual(['csync.in-sync', 'csync.present']);
    const f = one(c, 'csync.present');
    expect(f).toMatchObject({ severity: 'info', params: { serial: 2024010101, flags: 3, flagWords: 'immediate, soaminimum', types: ['A', 'AAAA', 'NS'] } });
    expect(f.evidence).toHaveLength(4);
    expect(one(c, 'csync.in-sync').severity).toBe('notice');
  });
  it('nothing without a CSYNC', () => {
    expect(codes(signed({ csync: undefined }).build())).toEqual([]);
  });
});

describe('csync.pending', () => {
  it('lists NS names and in-domain glue a parent would add and remove', () => {
    const spec: Partial<ZoneSpec> = {
      ns: { [NS1]: ['192.0.2.1'], [NS2]: ['198.51.100.2'], 'ns3.example.net.': ['203.0.113.3'], 'ns.host.test.': ['198.51.100.9'] },
      parentNs: [NS1, NS2],
      childNs: [NS1, 'ns3.example.net.', 'ns.host.test.'],
    };
    const f = one(signed(spec).build(), 'csync.pending');
    expect(f).toMatchObject({
      severity: 'info',
      params: {
        parent: 'net.',
        add: ['NS ns.host.test.', 'NS ns3.example.net.', 'ns3.example.net. A 203.0.113.3'],
        remove: [`NS ${NS2}`, `${NS2} A 198.51.100.2`],
        blockers: [],
      },
    });
    expect(f.summary).toContain('would add NS ns.host.test.; NS ns3.example.net.; ns3.example.net. A 203.0.113.3 and remove NS ns2.example.net.');
  });
  it('changes only the glue when NS is not listed', () => {
    const c = signed({
      csync: { ...CSYNC, types: ['A'] },
      glue: { [NS1]: ['192.0.2.99', '2001:db8:1::1'], [NS2]: ['198.51.100.2', '2001:db8:2::2'] },
      childNs: [NS1],
    }).build();
    expect(one(c, 'csync.pending').params).toMatchObject({ add: [`${NS1} A 192.0.2.1`], remove: [`${NS1} A 192.0.2.99`] });
  });
  it('names what would block processing', () => {
    const c = signed({ ds: [], childNs: [NS1] }).build();
    expect(one(c, 'csync.pending').params.blockers).toEqual(['csync.unsigned']);
  });
  it('is not computed when servers disagree', () => {
    const c = signed({ childNs: [NS1] })
      .respond({ address: '198.51.100.2', purpose: 'csync' }, answerData('CSYNC', [{ ...CSYNC, serial: 7 }]))
      .build();
    expect(findings(c, 'csync.pending')).toEqual([]);
    expect(one(c, 'csync.inconsistent').severity).toBe('warning');
  });
});

describe('csync.unsigned', () => {
  it('warns when the delegation is insecure', () => {
    const f = one(
      captureBuilder()
        .cut('example.test.', { ...EXAMPLE, csync: CSYNC })
        .build(),
      'csync.unsigned',
    );
    expect(f).toMatchObject({ severity: 'warning' });
    expect(f.params.reason).toContain('test. has no DS for example.test. (insecure delegation)');
    expect(f.evidence).toContain('example.test. referral 203.0.113.53');
  });
  it('warns when the CSYNC RRset carries no RRSIG', () => {
    const c = signed()
      .respond(
        { purpose: 'csync', address: '192.0.2.1' },
        edit((m) => ({ ...m, answer: m.answer.filter((r) => r.type !== 'RRSIG') })),
      )
      .build();
    expect(one(c, 'csync.unsigned').params.reason).toBe('no RRSIG over the CSYNC RRset from ns1.example.net./192.0.2.1');
  });
  it('does not fire for a signed zone with a DS', () => {
    expect(findings(signed().build(), 'csync.unsigned')).toEqual([]);
  });
});

describe('csync.serial-ahead', () => {
  it('warns for the servers whose SOA serial is below the CSYNC serial with soaminimum', () => {
    const c = signed({ csync: { ...CSYNC, serial: 2024010102 } }).build();
    const f = one(c, 'csync.serial-ahead');
    expect(f).toMatchObject({ severity: 'warning', params: { soaSerial: 2024010101, csyncSerial: 2024010102 } });
    expect(f.params.servers).toEqual([
      'ns1.example.net./192.0.2.1',
      'ns1.example.net./2001:db8:1::1',
      'ns2.example.net./198.51.100.2',
      'ns2.example.net./2001:db8:2::2',
    ]);
    expect(f.summary).toContain('serve SOA serial 2024010101, below the CSYNC serial 2024010102 of example.net.');
    expect(f.evidence).toContain('example.net. apex-soa 192.0.2.1');
    expect(f.evidence).toContain('example.net. csync 192.0.2.1');
  });
  it('uses serial arithmetic across the wrap', () => {
    const c = signed({ soa: { serial: 4294967295 }, csync: { ...CSYNC, serial: 5 } }).build();
    expect(findings(c, 'csync.serial-ahead')).toHaveLength(1);
    const behind = signed({ soa: { serial: 10 }, csync: { ...CSYNC, serial: 4294967290 } }).build();
    expect(findings(behind, 'csync.serial-ahead')).toEqual([]);
  });
  it('ignores the serial without soaminimum', () => {
    expect(findings(signed({ csync: { ...CSYNC, flags: 1, serial: 2024010109 } }).build(), 'csync.serial-ahead')).toEqual([]);
  });
  it('only the server that is behind', () => {
    const c = signed({ soa: { serial: 2024010102 }, csync: { ...CSYNC, serial: 2024010102 } })
      .respond({ address: '198.51.100.2', purpose: 'apex-soa' }, soaField({ serial: 2024010101 }))
      .build();
    expect(one(c, 'csync.serial-ahead')).toMatchObject({ nameserver: NS2, address: '198.51.100.2', params: { soaSerial: 2024010101 } });
  });
});

describe('csync.unsupported-type', () => {
  it('warns for types beyond A, AAAA and NS', () => {
    const f = one(signed({ csync: { ...CSYNC, types: ['NS', 'MX', 'TXT'] } }).build(), 'csync.unsupported-type');
    expect(f).toMatchObject({ severity: 'warning', params: { types: ['MX', 'TXT'] } });
  });
  it('does not fire for A, AAAA, NS', () => {
    expect(findings(signed().build(), 'csync.unsupported-type')).toEqual([]);
  });
});

describe('csync.unknown-flag', () => {
  it('warns for flag bits other than 1 and 2', () => {
    const f = one(signed({ csync: { ...CSYNC, flags: 7 } }).build(), 'csync.unknown-flag');
    expect(f).toMatchObject({ severity: 'warning', params: { flags: 7, unknownBits: '0x0004' } });
  });
  it('does not fire for flags 3', () => {
    expect(findings(signed().build(), 'csync.unknown-flag')).toEqual([]);
  });
});

describe('csync.manual-approval', () => {
  it('notes a clear immediate flag', () => {
    expect(one(signed({ csync: { ...CSYNC, flags: 2 } }).build(), 'csync.manual-approval').severity).toBe('notice');
  });
  it('does not fire with immediate set', () => {
    expect(findings(signed().build(), 'csync.manual-approval')).toEqual([]);
  });
});

describe('csync.inconsistent', () => {
  it('warns when a server publishes no CSYNC', () => {
    const c = signed().respond({ address: '198.51.100.2', purpose: 'csync' }, answerData('CSYNC', [])).build();
    expect(one(c, 'csync.inconsistent').params.variants).toContain('no CSYNC at ns2.example.net./198.51.100.2');
  });
  it('does not fire when all agree', () => {
    expect(findings(signed().build(), 'csync.inconsistent')).toEqual([]);
  });
});
