import { createPublicKey, verify } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { DnskeyData, ResourceRecord, RrsigData } from '@/lib/dns/wire/types';
import { deriveSigningKey, ed25519FromSeed, LAB_PRIVATE_ALGORITHM, signRrset } from '@/lib/dns/dnssec/sign';
import { verifyRrsig } from '@/lib/dns/dnssec/verify';
import { decodeName, keyTag, rrsigSignedData } from '@/lib/dns/wire';

/** An independent verifier: DNSKEY → JWK → node:crypto (RFC 6605 4). */
function verifies(rrsig: ResourceRecord, rrset: ResourceRecord[], dnskey: DnskeyData): boolean {
  const raw = Buffer.from(dnskey.publicKey, 'base64');
  const key = createPublicKey({
    key: { kty: 'EC', crv: 'P-256', x: raw.subarray(0, 32).toString('base64url'), y: raw.subarray(32).toString('base64url') },
    format: 'jwk',
  });
  const data = rrsig.data as RrsigData;
  return verify('sha256', rrsigSignedData(data, rrset), { key, dsaEncoding: 'ieee-p1363' }, Buffer.from(data.signature, 'base64'));
}

const window = { inception: 1_790_000_000, expiration: 1_792_592_000 };
const rrset: ResourceRecord[] = [
  { name: 'WWW.Example.test.', type: 'A', class: 'IN', ttl: 300, data: '192.0.2.1' },
  { name: 'www.example.test.', type: 'A', class: 'IN', ttl: 300, data: '192.0.2.2' },
];

describe('deriveSigningKey', () => {
  it('is deterministic per seed, zone and label, and the zone name is case-insensitive', () => {
    const a = deriveSigningKey('seed', 'example.test.', 'ksk', 257);
    expect(deriveSigningKey('seed', 'EXAMPLE.test', 'ksk', 257).dnskey).toEqual(a.dnskey);
    expect(deriveSigningKey('seed', 'example.test.', 'zsk', 257).dnskey.publicKey).not.toBe(a.dnskey.publicKey);
    expect(deriveSigningKey('other', 'example.test.', 'ksk', 257).dnskey.publicKey).not.toBe(a.dnskey.publicKey);
  });

  it('gives an algorithm 13 DNSKEY with a 64-octet public key and its key tag', () => {
    const k = deriveSigningKey('seed', 'example.test.', 'ksk', 257);
    expect(k.dnskey).toMatchObject({ flags: 257, protocol: 3, algorithm: 13 });
    expect(Buffer.from(k.dnskey.publicKey, 'base64')).toHaveLength(64);
    expect(k.keyTag).toBe(keyTag(k.dnskey));
  });
});

describe('signRrset', () => {
  const key = deriveSigningKey('seed', 'example.test.', 'zsk', 256);

  it('makes an RRSIG that node:crypto verifies against the DNSKEY, whatever the owner case', () => {
    const sig = signRrset(rrset, key, window);
    expect(sig).toMatchObject({ name: 'WWW.Example.test.', type: 'RRSIG', ttl: 300 });
    expect(sig.data).toMatchObject({
      typeCovered: 'A',
      algorithm: 13,
      labels: 3,
      originalTtl: 300,
      keyTag: key.keyTag,
      signerName: 'example.test.',
      ...window,
    });
    expect(verifies(sig, rrset, key.dnskey)).toBe(true);
    expect(verifies(sig, [...rrset].reverse(), key.dnskey)).toBe(true);
  });

  it('fails verification for changed data or another key', () => {
    const sig = signRrset(rrset, key, window);
    expect(verifies(sig, [rrset[0]!], key.dnskey)).toBe(false);
    expect(verifies(sig, rrset, deriveSigningKey('seed', 'example.test.', 'other', 256).dnskey)).toBe(false);
  });

  it('does not count a wildcard label (RFC 4034 3.1.3)', () => {
    const wild: ResourceRecord[] = [{ name: '*.example.test.', type: 'TXT', class: 'IN', ttl: 60, data: ['x'] }];
    const sig = signRrset(wild, key, window);
    expect((sig.data as RrsigData).labels).toBe(2);
    expect(verifies(sig, wild, key.dnskey)).toBe(true);
  });
});

describe('Ed25519 (algorithm 15)', () => {
  it('derives the RFC 8080 6.1 example key from its seed', () => {
    const seed = Buffer.from('ODIyNjAzODQ2MjgwODAxMjI2NDUxOTAyMDQxNDIyNjI=', 'base64');
    expect(ed25519FromSeed(seed).publicKey.toString('base64')).toBe('l02Woi0iS8Aa25FQkUd9RMzZHJpBoRQwAQEX1SxZJA4=');
    expect(() => ed25519FromSeed(seed.subarray(1))).toThrow(/32 octets/);
  });

  it('signs what verifyRrsig accepts, deterministically per seed, zone and label', () => {
    const k = deriveSigningKey('seed', 'example.test.', 'ksk-ed', 257, 15);
    expect(k.dnskey).toMatchObject({ flags: 257, algorithm: 15 });
    expect(Buffer.from(k.dnskey.publicKey, 'base64')).toHaveLength(32);
    expect(deriveSigningKey('seed', 'example.test.', 'ksk-ed', 257, 15).dnskey).toEqual(k.dnskey);
    const sig = signRrset(rrset, k, window).data as RrsigData;
    expect(sig.algorithm).toBe(15);
    expect(verifyRrsig(rrset, sig, k.dnskey, { now: window.inception + 10 }).status).toBe('valid');
    expect(verifyRrsig([rrset[0]!], sig, k.dnskey, { now: window.inception + 10 }).status).toBe('invalid');
  });
});

describe('PRIVATEDNS (algorithm 253)', () => {
  it('names the algorithm at the start of the key and of each opaque signature (RFC 4034 A.1.1)', () => {
    const k = deriveSigningKey('seed', 'example.test.', 'ksk', 257, 253);
    const key = Buffer.from(k.dnskey.publicKey, 'base64');
    expect(decodeName(key, 0).name).toBe(LAB_PRIVATE_ALGORITHM);
    const sig = signRrset(rrset, k, window).data as RrsigData;
    expect(decodeName(Buffer.from(sig.signature, 'base64'), 0).name).toBe(LAB_PRIVATE_ALGORITHM);
    expect(signRrset([rrset[0]!], k, window).data).not.toEqual(sig);
    expect(verifyRrsig(rrset, sig, k.dnskey, { now: window.inception + 10 }).status).toBe('unsupported-algorithm');
  });
});
