import { describe, expect, it } from 'vitest';
import { IANA_TRUST_ANCHOR } from '@/lib/config';
import { parseTrustAnchor, TrustAnchorError } from './trust-anchor';

describe('parseTrustAnchor', () => {
  it('reads the built-in IANA anchors: KSK-2017 and KSK-2024', () => {
    const a = parseTrustAnchor(IANA_TRUST_ANCHOR, 'built in');
    expect(a.map((r) => [r.name, r.type, (r.data as { keyTag: number }).keyTag])).toEqual([
      ['.', 'DS', 20326],
      ['.', 'DS', 38696],
    ]);
    expect((a[0]?.data as { digest: string }).digest).toBe('e06d44b80b8f1d39a95c0b0d7c65d08458e880409bbc683457104237c7f8ec8d');
  });
  it('reads a DNSKEY anchor', () => {
    const a = parseTrustAnchor('. IN DNSKEY 257 3 13 mdsswUyr3DPW132mOi8V9xESWE8jTo0dxCjjnopKl+GqJxpVXckHAeF+KkxLbxILfDLUT0rAK9iUzy1L53eKGQ==', 'anchor.key');
    expect(a[0]?.type).toBe('DNSKEY');
  });
  it.each([
    ['. IN DS 1 13 2 zz', /anchor\.zone:1/],
    ['; nothing here\n', /no DS or DNSKEY record/],
    ['example. IN DS 1 13 2 abcd', /example\. DS is not for the root zone/],
  ])('refuses %j with a message naming the file', (text, message) => {
    expect(() => parseTrustAnchor(text, 'anchor.zone')).toThrow(TrustAnchorError);
    expect(() => parseTrustAnchor(text, 'anchor.zone')).toThrow(message);
  });
});
