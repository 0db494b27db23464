import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CATALOGUE, FINDING_CODES, findingTexts, isAddedByZonecut, refUrl, renderSummary, severityOf } from '@/lib/checks/catalogue';

// The public codes (../shared/docs/checks.md plus the ones zonecut added): never rename one.
const PUBLIC_CODES = [
  'delegation.missing',
  'zone.not-apex',
  'delegation.parent-inconsistent',
  'delegation.single-ns',
  'delegation.shared-address',
  'delegation.single-prefix',
  'delegation.truncated-referral',
  'ns.mismatch',
  'ns.child-inconsistent',
  'glue.missing',
  'glue.mismatch',
  'glue.ipv6-missing',
  'glue.sibling',
  'glue.out-of-bailiwick',
  'glue.unverified',
  'ns.lame',
  'ns.unreachable',
  'ns.tcp-broken',
  'ns.edns-broken',
  'ns.ent-nxdomain',
  'ns.cname',
  'ns.unresolvable',
  'ns.address-unknown',
  'ns.takeover-risk',
  'ns.private-address',
  'ns.no-ipv6',
  'ns.no-ipv4',
  'ns.ttl-range',
  'soa.serial-mismatch',
  'soa.inconsistent',
  'ds.absent',
  'dnssec.island',
  'ds.no-dnskey',
  'ds.no-match',
  'ds.unsigned-keyset',
  'ds.weak-digest',
  'dnskey.deprecated-algorithm',
  'dnskey.inconsistent',
  'rrsig.invalid',
  'rrsig.expired',
  'rrsig.expiring',
  'rrsig.not-yet-valid',
  'rrsig.missing',
  'rrsig.algorithm-missing',
  'ds.absence-unproven',
  'dnssec.unsupported-algorithm',
  'dnssec.resolver-disagrees',
  'cds.present',
  'cds.pending',
  'cds.delete',
  'cds.inconsistent',
  'cds.in-sync',
  'cds.unauthenticated',
  'cds.bootstrap',
  'cds.bootstrap-incomplete',
  'csync.present',
  'csync.unsigned',
  'csync.serial-ahead',
  'csync.unsupported-type',
  'csync.unknown-flag',
  'csync.manual-approval',
  'csync.pending',
  'csync.in-sync',
  'csync.inconsistent',
  'resolution.flapping',
  'check.budget-exhausted',
];

describe('the catalogue', () => {
  it('holds exactly the public codes', () => {
    expect([...FINDING_CODES].sort()).toEqual([...PUBLIC_CODES].sort());
  });
  const shared = path.join(process.cwd(), '..', 'shared', 'docs', 'checks.md');
  it.skipIf(!existsSync(shared))('lists in checks.md every code not marked as added by zonecut, and none that is', () => {
    const text = readFileSync(shared, 'utf8');
    for (const code of FINDING_CODES) {
      expect(text.includes(`\`${code}\``), code).toBe(!isAddedByZonecut(code));
    }
  });
  it('implements every code, the signature checks included', () => {
    expect(FINDING_CODES.filter((c) => !CATALOGUE[c].implemented)).toEqual([]);
  });
  it.each(FINDING_CODES)('%s is complete', (code) => {
    const e = CATALOGUE[code];
    expect(e.title.length).toBeGreaterThan(3);
    expect(e.summary).toMatch(/\{[a-zA-Z]+\}/);
    expect(e.summary).not.toContain('\n');
    expect(e.why.length).toBeGreaterThan(20);
    expect(e.fix.length).toBeGreaterThan(10);
  });
  it.each(FINDING_CODES.filter((c) => CATALOGUE[c].implemented))('%s is reported by the check module of its family', (code) => {
    const file = path.join(process.cwd(), 'lib', 'checks', `check-${CATALOGUE[code].family}.ts`);
    expect(readFileSync(file, 'utf8')).toContain(`'${code}'`);
  });
  it('puts every DNSSEC delegation code in one family, whatever its prefix', () => {
    expect(FINDING_CODES.filter((c) => CATALOGUE[c].family === 'dnssec').sort()).toEqual([
      'dnskey.deprecated-algorithm',
      'dnskey.inconsistent',
      'dnssec.island',
      'dnssec.resolver-disagrees',
      'dnssec.unsupported-algorithm',
      'ds.absence-unproven',
      'ds.absent',
      'ds.no-dnskey',
      'ds.no-match',
      'ds.unsigned-keyset',
      'ds.weak-digest',
      'rrsig.algorithm-missing',
      'rrsig.expired',
      'rrsig.expiring',
      'rrsig.invalid',
      'rrsig.missing',
      'rrsig.not-yet-valid',
    ]);
  });
  it('gives two severities where checks.md does', () => {
    expect(severityOf('ns.mismatch')).toBe('warning');
    expect(severityOf('ns.mismatch', true)).toBe('error');
    expect(severityOf('ns.lame', true)).toBe('error');
    expect(severityOf('glue.missing', false)).toBe('warning');
    expect(severityOf('ds.weak-digest', true)).toBe('notice'); // one severity: escalation does nothing
  });
});

describe('renderSummary', () => {
  it('fills placeholders, joins arrays and says none for empty ones', () => {
    expect(renderSummary('{a} and {b}; {c}', { a: 'x.test.', b: ['1', '2'], c: [] })).toBe('x.test. and 1, 2; none');
    expect(renderSummary('{n} s', { n: 300 })).toBe('300 s');
  });
});

describe('refUrl', () => {
  it('links RFC sections and Zonemaster test specs', () => {
    expect(refUrl('RFC 7477 2.1.1.1')).toBe('https://www.rfc-editor.org/rfc/rfc7477#section-2.1.1.1');
    expect(refUrl('RFC 9471')).toBe('https://www.rfc-editor.org/rfc/rfc9471');
    expect(refUrl('Zonemaster DELEGATION04')).toBe(
      'https://github.com/zonemaster/zonemaster/blob/master/docs/public/specifications/tests/Delegation-TP/delegation04.md',
    );
    expect(refUrl('zonecut article 002')).toBeNull();
  });
});

describe('findingTexts', () => {
  it('carries the words of the codes a report has, and no others', () => {
    const texts = findingTexts([{ code: 'delegation.missing' }, { code: 'ns.lame' }, { code: 'ns.lame' }]);
    expect(Object.keys(texts).sort()).toEqual(['delegation.missing', 'ns.lame']);
    const entry = CATALOGUE['delegation.missing'];
    expect(texts['delegation.missing']).toEqual({
      title: entry.title,
      family: 'delegation',
      why: entry.why,
      fix: entry.fix,
      refs: [
        { ref: 'RFC 1034 4.2', url: 'https://www.rfc-editor.org/rfc/rfc1034#section-4.2' },
        { ref: 'Zonemaster BASIC01', url: 'https://github.com/zonemaster/zonemaster/blob/master/docs/public/specifications/tests/Basic-TP/basic01.md' },
      ],
    });
  });
});
