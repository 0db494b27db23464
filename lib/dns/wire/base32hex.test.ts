import { describe, expect, it } from 'vitest';
import { decodeBase32hex, encodeBase32hex } from '@/lib/dns/wire/base32hex';
import { WireFormatError } from '@/lib/dns/wire/wire-error';

describe('base32hex (RFC 4648 7), unpadded', () => {
  // RFC 4648 10's test vectors, padding dropped, lowercase.
  it.each([
    ['', ''],
    ['f', 'co'],
    ['fo', 'cpng'],
    ['foo', 'cpnmu'],
    ['foob', 'cpnmuog'],
    ['fooba', 'cpnmuoj1'],
    ['foobar', 'cpnmuoj1e8'],
  ])('%j ↔ %j', (plain, encoded) => {
    expect(encodeBase32hex(Buffer.from(plain))).toBe(encoded);
    expect(Buffer.from(decodeBase32hex(encoded)).toString()).toBe(plain);
    expect(Buffer.from(decodeBase32hex(encoded.toUpperCase())).toString()).toBe(plain);
  });

  it.each([
    ['w', /not base32hex/], // outside 0-9a-v
    ['cpnmu=', /not base32hex/], // padding
    ['c', /no whole octets/],
    ['cpn', /no whole octets/],
    ['cp', /last character/], // 'p' leaves bits set past the octet
  ])('rejects %j', (text, message) => {
    expect(() => decodeBase32hex(text)).toThrow(WireFormatError);
    expect(() => decodeBase32hex(text)).toThrow(message);
  });
});
