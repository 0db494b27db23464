// The chain-of-trust view reads the analysis's validation facts and puts them in words: built here
// on facts made by hand (each state the checks can decide), and on a real lab report once the
// checks give them.
import { describe, expect, it } from 'vitest';
import type { ValidationFacts } from '@/lib/checks/zone-facts';
import { runCheck } from '@/lib/run-check';
import { chainOfTrustView, utcDate, windowWords } from '@/lib/report/view/chain-of-trust';
import { CHECKED, DAY, facts, good, report, rrset, sig, stale, zone, zsk } from '@/lib/report/view/test-validation';

describe('chainOfTrustView', () => {
  it('lists the zones from the root down to the target, with the anchor of each', () => {
    const view = chainOfTrustView(
      report([
        zone('.', facts({ anchor: { kind: 'trust-anchor', detail: 'KSK-2024', evidence: [] } })),
        zone('test.', facts({ verdict: 'insecure', anchor: { kind: 'no-ds-proven', detail: 'NSEC3 opt-out covers test.', evidence: ['q9'] } })),
        zone('example.test.', facts({ verdict: 'insecure', anchor: { kind: 'parent-insecure', detail: '', evidence: [] } })),
        // A zone off the path (an alias target's) is not part of this chain.
        zone('other.test.', facts({ verdict: 'bogus' })),
      ]),
    );
    expect(view?.checkedAt).toBe('2026-01-01T00:00:00.000Z');
    expect(view?.zones.map((z) => [z.zone, z.verdict.words, z.anchor.title, z.anchor.status.words])).toEqual([
      ['.', 'secure', 'Trust anchor', 'secure: the configured root trust anchor'],
      ['test.', 'insecure', 'No DS in .', 'insecure: the parent proves there is no DS'],
      ['example.test.', 'insecure', 'Insecure parent', 'insecure: test. is not secure itself'],
    ]);
    expect(view?.zones[1]?.evidence).toEqual(['q9']);
  });

  it('is null when the report holds no validation facts (reports stored before it)', () => {
    expect(chainOfTrustView(report([zone('.'), zone('test.'), zone('example.test.')]))).toBeNull();
  });

  it('says of each DS whether the key it names signs the DNSKEY set', () => {
    const view = chainOfTrustView(
      report([
        zone(
          'example.test.',
          facts({
            verdict: 'bogus',
            reasons: ['no DS-named key signs the DNSKEY set'],
            anchor: { kind: 'no-ds-unproven', detail: 'no NSEC', evidence: [] },
            keyLinks: [
              { ds: '111 13 2 AB', keyTag: 111, signsKeyset: false },
              { ds: '112 13 2 CD', keyTag: 112, signsKeyset: true },
              { ds: '113 13 2 EF', keyTag: null, signsKeyset: null },
              { ds: '114 13 2 01', keyTag: 114, signsKeyset: null },
            ],
          }),
        ),
      ]),
    );
    const z = view?.zones[0];
    expect(z?.verdict).toEqual({ status: 'bogus', words: 'bogus', tone: 'error' });
    expect(z?.reasons).toEqual(['no DS-named key signs the DNSKEY set']);
    expect(z?.anchor.status.words).toBe('bogus: no DS, and no valid proof that there is none');
    expect(z?.keyLinks.map((l) => [l.ds, l.status.status, l.status.words])).toEqual([
      ['111 13 2 AB', 'bogus', 'bogus: key 111 does not sign the DNSKEY set'],
      ['112 13 2 CD', 'secure', 'secure: key 112 signs the DNSKEY set'],
      ['113 13 2 EF', 'indeterminate', 'indeterminate: names no DNSKEY the zone serves: no chain through it'],
      ['114 13 2 01', 'indeterminate', 'indeterminate: key 114: its signature over the DNSKEY set was not judged'],
    ]);
  });

  it('shows every signature with key tag, algorithm and validity window, a stale server apart', () => {
    const view = chainOfTrustView(
      report([
        zone(
          'example.test.',
          facts({
            verdict: 'secure',
            keyLinks: [{ ds: '111 13 2 AB', keyTag: 111, signsKeyset: true }],
            rrsets: [
              rrset('example.test.', 'SOA', '192.0.2.1', 'q20', 'secure', [zsk]),
              rrset('example.test.', 'SOA', '198.51.100.2', 'q21', 'bogus', [stale]),
              rrset('example.test.', 'SOA', '2001:db8:1::1', 'q22', 'secure', [zsk]),
              rrset('example.test.', 'DNSKEY', '192.0.2.1', 'q30', 'secure', [good, sig(222, 'DNSKEY', 'valid', CHECKED - DAY, CHECKED + 3600)]),
            ],
          }),
        ),
      ]),
    );
    const z = view?.zones[0];
    // The DNSKEY RRset is the key step; the SOA a signed RRset.
    expect(z?.keyset.map((r) => r.label)).toEqual(['example.test. DNSKEY']);
    expect(z?.keyset[0]?.variants[0]?.signatures.map((s) => [s.keyTag, s.keyNote, s.algorithm, s.window])).toEqual([
      [111, 'the key the DS names', 'ECDSAP256SHA256 (13)', 'expires in 30 days'],
      [222, null, 'ECDSAP256SHA256 (13)', 'expires in less than a day'],
    ]);
    const soa = z?.rrsets[0];
    expect(soa?.label).toBe('example.test. SOA');
    expect(soa?.summary).toBe('secure at 2 of 3 servers, bogus at 1 of 3 servers');
    expect(soa?.tone).toBe('error');
    expect(soa?.evidence).toEqual(['q20', 'q21', 'q22']);
    expect(soa?.variants.map((v) => [v.servers, v.status.words, v.evidence])).toEqual([
      [['192.0.2.1 (ns1.example.test.)', '2001:db8:1::1 (ns1.example.test.)'], 'secure', ['q20', 'q22']],
      [['198.51.100.2 (ns2.example.test.)'], 'bogus', ['q21']],
    ]);
    const expired = soa?.variants[1]?.signatures[0];
    expect(expired).toMatchObject({
      keyTag: 222,
      status: 'expired',
      statusWords: 'expired',
      tone: 'error',
      inception: '2025-11-22 00:00 UTC',
      expiration: '2025-12-30 00:00 UTC',
      window: 'expired 2 days ago',
      detail: 'expired (test)',
    });
    expect(z?.evidence).toEqual(['q1', 'q20', 'q21', 'q22', 'q30']);
  });

  it('lists the apex first, DNSKEY leading, then names below; a DS signed by the parent says so', () => {
    const parentSig = { ...zsk, typeCovered: 'DS', signer: 'test.', keyTag: 333 };
    const view = chainOfTrustView(
      report([
        zone(
          'example.test.',
          facts({
            keyLinks: [{ ds: '333 13 2 AB', keyTag: 333, signsKeyset: true }],
            rrsets: [
              rrset('ns1.example.test.', 'AAAA', '192.0.2.1', 'q1', 'secure', [zsk]),
              rrset('ns1.example.test.', 'A', '192.0.2.1', 'q2', 'secure', [zsk]),
              rrset('example.test.', 'DS', '192.0.2.11', 'q3', 'secure', [parentSig]),
              rrset('example.test.', 'SOA', '192.0.2.1', 'q4', 'secure', [zsk]),
              rrset('example.test.', 'DNSKEY', '192.0.2.1', 'q5', 'secure', [good]),
            ],
          }),
        ),
      ]),
    );
    const z = view?.zones[0];
    expect(z?.keyset.map((r) => r.label)).toEqual(['example.test. DNSKEY']);
    expect(z?.rrsets.map((r) => r.label)).toEqual(['example.test. SOA', 'example.test. DS', 'ns1.example.test. A', 'ns1.example.test. AAAA']);
    // Key 333 is the one the DS names in this zone, not the parent's key of the same tag.
    expect(z?.rrsets[1]?.variants[0]?.signatures[0]).toMatchObject({ keyTag: 333, otherSigner: 'test.', keyNote: null });
    expect(z?.rrsets[1]?.variants[0]?.servers).toEqual(['192.0.2.11 (ns1.nic.test.)']);
  });

  it("names the trust anchor as what names the root's key", () => {
    const rootSig = { ...good, signer: '.' };
    const view = chainOfTrustView(
      report([
        zone(
          '.',
          facts({
            anchor: { kind: 'trust-anchor', detail: '', evidence: [] },
            keyLinks: [{ ds: '111 13 2 AB', keyTag: 111, signsKeyset: true }],
            rrsets: [rrset('.', 'DNSKEY', '192.0.2.53', 'q1', 'secure', [rootSig])],
          }),
        ),
      ]),
    );
    expect(view?.zones[0]?.keyset[0]?.variants[0]?.signatures[0]?.keyNote).toBe('the key the trust anchor names');
  });

  it('counts the window from the check time, not the clock of whoever reads it', () => {
    expect(windowWords(CHECKED - DAY, CHECKED + 5 * DAY + 10, CHECKED)).toBe('expires in 5 days');
    expect(windowWords(CHECKED - DAY, CHECKED + DAY, CHECKED)).toBe('expires in 1 day');
    expect(windowWords(CHECKED - 9 * DAY, CHECKED - 3 * DAY - 1, CHECKED)).toBe('expired 3 days ago');
    expect(windowWords(CHECKED + 2 * DAY, CHECKED + 9 * DAY, CHECKED)).toBe('not valid until 2026-01-03 00:00 UTC (in 2 days)');
    expect(utcDate(0)).toBe('1970-01-01 00:00 UTC');
  });

  it("puts the resolver's AD bit in words, and says when the resolver does not validate", () => {
    const at = (resolverAd: ValidationFacts['resolverAd']) => chainOfTrustView(report([zone('example.test.', facts({ resolverAd }))]))?.zones[0]?.resolver;
    expect(at(null)).toBeNull();
    expect(at({ ad: false, validating: false, evidence: 'q40' })).toEqual({
      words: 'The resolver does not validate (no AD bit even for the root): nothing to compare.',
      tone: 'muted',
      evidence: ['q40'],
    });
    expect(at({ ad: true, validating: true, evidence: 'q41' })?.words).toBe('The validating resolver set the AD bit for example.test.: it found it secure.');
    expect(at({ ad: false, validating: true, evidence: 'q42' })?.tone).toBe('info');
  });

  it('calls an unsupported algorithm unsigned, never bogus (RFC 4035 5.2)', () => {
    const view = chainOfTrustView(
      report([
        zone(
          'example.test.',
          facts({
            verdict: 'insecure',
            rrsets: [rrset('example.test.', 'NS', '192.0.2.1', 'q50', 'unsigned', [sig(7, 'NS', 'unsupported-algorithm', CHECKED - DAY, CHECKED + DAY)])],
          }),
        ),
      ]),
    );
    const ns = view?.zones[0]?.rrsets[0];
    expect(ns?.summary).toBe('unsigned at the one server');
    expect(ns?.variants[0]?.signatures[0]?.statusWords).toBe('algorithm not supported: treated as unsigned');
    expect(ns?.tone).toBe('muted');
  });

  it('shows a zone the analysis left indeterminate as such, each RRset too', () => {
    const view = chainOfTrustView(
      report([
        zone(
          'example.test.',
          facts({
            verdict: 'indeterminate',
            reasons: ['no answer to the DS question'],
            anchor: { kind: 'unknown', detail: '', evidence: [] },
            rrsets: [rrset('example.test.', 'SOA', '192.0.2.1', 'q60', 'indeterminate', [zsk])],
          }),
        ),
      ]),
    );
    const z = view?.zones[0];
    expect([z?.verdict.words, z?.anchor.status.words, z?.rrsets[0]?.summary]).toEqual([
      'indeterminate',
      'indeterminate: nothing to judge it by',
      'indeterminate: nothing anchors the keys at the one server',
    ]);
  });

  describe('on real lab reports', () => {
    const lab = async (name: string) => {
      const r = await runCheck(name, { timeoutMs: 40 });
      if (!r.ok) throw new Error(r.error.message);
      return r.report;
    };

    it('healthy.test: secure from the root down, each key named by the DS signing its DNSKEY set', async () => {
      const view = chainOfTrustView(await lab('healthy.test'));
      expect(view?.zones.map((z) => [z.zone, z.verdict.words, z.anchor.status.status])).toEqual([
        ['.', 'secure', 'secure'],
        ['test.', 'secure', 'secure'],
        ['healthy.test.', 'secure', 'secure'],
      ]);
      for (const z of view?.zones ?? []) {
        expect(z.keyLinks.some((l) => l.status.status === 'secure')).toBe(true);
        expect(z.keyset[0]?.variants[0]?.signatures.some((s) => s.keyNote !== null && s.status === 'valid')).toBe(true);
        for (const r of [...z.keyset, ...z.rrsets]) for (const v of r.variants) for (const sig of v.signatures) expect(sig.window).toMatch(/^expires in /);
      }
      // Only the target carries the resolver's word; the lab resolver does not validate.
      expect(view?.zones.map((z) => z.resolver?.tone ?? null)).toEqual(['muted', null, 'muted']);
    });

    it('sig-expired.test: bogus, every signature of the zone expired, counted from the check time', async () => {
      const report = await lab('sig-expired.test');
      const z = chainOfTrustView(report)?.zones.at(-1);
      expect(z?.zone).toBe('sig-expired.test.');
      expect(z?.verdict.status).toBe('bogus');
      const soa = z?.rrsets.find((r) => r.label === 'sig-expired.test. SOA');
      expect(soa?.tone).toBe('error');
      const sig = soa?.variants[0]?.signatures[0];
      expect(sig?.status).toBe('expired');
      expect(sig?.window).toMatch(/^expired \d+ days? ago$/);
    });
  });
});
