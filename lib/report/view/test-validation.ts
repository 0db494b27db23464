// Validation facts made by hand, for the chain-of-trust view's tests (the model and the component).
import type { RrsetValidation, SignatureFact, ValidationFacts, ZoneFacts } from '@/lib/checks/zone-facts';
import { captureBuilder, EXAMPLE } from '@/lib/checks/test-capture';
import type { Capture } from '@/lib/dns/capture';

// captureBuilder's walk ran at 2026-01-01T00:00:00Z.
export const CHECKED = Date.parse('2026-01-01T00:00:00Z') / 1000;
export const DAY = 86_400;

export function capture(): Capture {
  return captureBuilder('www.example.test')
    .cut('.', { ns: { 'a.root.test.': ['192.0.2.53'] } })
    .cut('test.', { ns: { 'ns1.nic.test.': ['192.0.2.11'] } })
    .cut('example.test.', EXAMPLE)
    .build();
}

export const sig = (keyTag: number, typeCovered: string, status: SignatureFact['status'], inception: number, expiration: number): SignatureFact => ({
  status,
  detail: `${status} (test)`,
  keyTag,
  algorithm: 13,
  signer: 'example.test.',
  typeCovered,
  inception,
  expiration,
});

export const rrset = (
  owner: string,
  type: string,
  server: string,
  evidence: string,
  status: RrsetValidation['status'],
  signatures: SignatureFact[],
): RrsetValidation => ({
  type,
  owner,
  server,
  evidence,
  status,
  signatures,
});

export const facts = (v: Partial<ValidationFacts>): ValidationFacts => ({
  verdict: 'secure',
  reasons: [],
  anchor: { kind: 'ds', detail: 'DS 111 13 2 in test.', evidence: ['q1'] },
  keyLinks: [],
  rrsets: [],
  resolverAd: null,
  ...v,
});

export const zone = (name: string, validation?: ValidationFacts): ZoneFacts => ({ zone: name, addresses: {}, ...(validation ? { validation } : {}) });

export const good = sig(111, 'DNSKEY', 'valid', CHECKED - 10 * DAY, CHECKED + 30 * DAY);
export const zsk = sig(222, 'SOA', 'valid', CHECKED - 10 * DAY, CHECKED + 30 * DAY);
export const stale = sig(222, 'SOA', 'expired', CHECKED - 40 * DAY, CHECKED - 2 * DAY);

export function report(zones: ZoneFacts[]) {
  return { capture: capture(), zones };
}
