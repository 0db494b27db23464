// The chain-of-trust component as the server renders it: headings and lists a screen reader can
// walk, every status in words, nothing wide (no table), DNS data escaped.
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { ChainOfTrust } from '@/components/report/chain-of-trust';
import { chainOfTrustView, type ChainOfTrustView } from '@/lib/report/view/chain-of-trust';
import { facts, good, report, rrset, stale, zone, zsk } from '@/lib/report/view/test-validation';

function view(): ChainOfTrustView {
  const v = chainOfTrustView(
    report([
      zone('.', facts({ anchor: { kind: 'trust-anchor', detail: 'root KSK-2024 (20326)', evidence: [] } })),
      zone(
        'example.test.',
        facts({
          verdict: 'bogus',
          reasons: ['expired RRSIG over SOA at 198.51.100.2 <script>alert(1)</script>'],
          keyLinks: [{ ds: '111 13 2 ABCDEF', keyTag: 111, signsKeyset: true }],
          rrsets: [
            rrset('example.test.', 'DNSKEY', '192.0.2.1', 'q30', 'secure', [good]),
            rrset('example.test.', 'SOA', '192.0.2.1', 'q20', 'secure', [zsk]),
            rrset('example.test.', 'SOA', '198.51.100.2', 'q21', 'bogus', [stale]),
          ],
          resolverAd: { ad: false, validating: false, evidence: 'q40' },
        }),
      ),
    ]),
  );
  if (!v) throw new Error('no view');
  return v;
}

const html = () => renderToStaticMarkup(createElement(ChainOfTrust, { view: view() }));
const text = (h: string) => h.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');

describe('ChainOfTrust', () => {
  it('gives each zone a heading with its status in words, and each link a heading', () => {
    const h = html();
    expect(h).toMatch(/<h3[^>]*>Chain of trust<\/h3>/);
    const zones = [...h.matchAll(/<h4[^>]*>(.*?)<\/h4>/g)].map((m) => text(m[1] ?? '').trim());
    expect(zones).toEqual(['. secure', 'example.test. bogus']);
    const steps = [...h.matchAll(/<h5[^>]*>(.*?)<\/h5>/g)].map((m) => m[1]);
    expect(steps).toEqual([
      'Trust anchor',
      'DS → key-signing key',
      'DNSKEY set: key-signing key → zone-signing keys',
      'Signed RRsets: zone-signing key → data',
      'DS in test.',
      'DS → key-signing key',
      'DNSKEY set: key-signing key → zone-signing keys',
      'Signed RRsets: zone-signing key → data',
    ]);
  });

  it('lays out lists, not a table, and shows each signature with tag, algorithm and window', () => {
    const h = html();
    expect(h).not.toContain('<table');
    expect(h).toMatch(/<ol[^>]*aria-label="Zones from the root down"/);
    const t = text(h);
    expect(t).toContain('RRSIG SOA by key 222 · ECDSAP256SHA256 (13)');
    expect(t).toContain('valid 2025-11-22 00:00 UTC to 2025-12-30 00:00 UTC · expired 2 days ago');
    expect(t).toContain('RRSIG DNSKEY by key 111 (the key the DS names) · ECDSAP256SHA256 (13)');
    expect(t).toContain('secure at 1 of 2 servers, bogus at 1 of 2 servers');
    expect(t).toContain('secure: key 111 signs the DNSKEY set');
    expect(t).toContain('The resolver does not validate');
    // The bogus RRset is open; the all-secure DNSKEY set stays closed.
    expect(h).toMatch(/<details open=""[^>]*><summary[^>]*><span[^>]*>example\.test\. SOA/);
    expect(h).toMatch(/<details class[^>]*><summary[^>]*><span[^>]*>example\.test\. DNSKEY/);
  });

  it('escapes what comes from DNS data', () => {
    const h = html();
    expect(h).not.toContain('<script>');
    expect(h).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });
});
