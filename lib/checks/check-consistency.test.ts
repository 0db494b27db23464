import { describe, expect, it } from 'vitest';
import { captureBuilder, EXAMPLE, findings, one, soaField } from '@/lib/checks/test-capture';

const B = '198.51.100.2';
const zone = () => captureBuilder().cut('example.test.', EXAMPLE);

describe('soa.serial-mismatch', () => {
  it('fires when one server reports another serial, naming who says what', () => {
    const f = one(
      zone()
        .respond({ address: B, purpose: 'apex-soa' }, soaField({ serial: 2024010100 }))
        .build(),
      'soa.serial-mismatch',
    );
    expect(f).toMatchObject({ severity: 'warning', zone: 'example.test.', params: { serials: ['2024010101', '2024010100'] } });
    expect(f.params.variants).toEqual([
      'serial 2024010101 at ns1.example.test./192.0.2.1, ns1.example.test./2001:db8:1::1, ns2.example.test./2001:db8:2::2',
      `serial 2024010100 at ns2.example.test./${B}`,
    ]);
    expect(f.evidence).toHaveLength(4);
  });
  it('does not fire when all agree', () => {
    expect(findings(zone().build(), 'soa.serial-mismatch')).toEqual([]);
  });
  it("compares only this check's answers: one reused from an earlier check is of another moment", () => {
    const reused = zone()
      .respond({ address: B, purpose: 'apex-soa' }, (o) => ({ ...soaField({ serial: 2024010100 })(o), cached: { storedAt: o.startedAt, ageSeconds: 600 } }))
      .build();
    expect(findings(reused, 'soa.serial-mismatch')).toEqual([]);
  });
});

describe('soa.inconsistent', () => {
  it('fires (notice) when timers differ, naming the fields', () => {
    const f = one(
      zone()
        .respond({ address: B, purpose: 'apex-soa' }, soaField({ refresh: 3600, rname: 'admin.example.test.' }))
        .build(),
      'soa.inconsistent',
    );
    expect(f).toMatchObject({ severity: 'notice', params: { fields: ['rname', 'refresh'] } });
    expect(f.summary).toContain('disagree on the SOA rname, refresh');
    expect(String(f.params.variants)).toContain(`rname admin.example.test., refresh 3600 at ns2.example.test./${B}`);
  });
  it('does not fire for a serial difference alone, nor for names differing only in case', () => {
    const c = zone()
      .respond({ address: B, purpose: 'apex-soa' }, soaField({ serial: 7, mname: 'NS1.Example.TEST.' }))
      .build();
    expect(findings(c, 'soa.inconsistent')).toEqual([]);
  });
});
