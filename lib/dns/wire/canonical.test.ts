import { createHash, createPublicKey, generateKeyPairSync, sign, verify } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import type { DnskeyData, ResourceRecord, RrsigData } from '@/lib/dns/wire/types';
import { canonicalRdata, canonicalRrset, compareCanonicalNames, rrsigSignedData } from '@/lib/dns/wire/canonical';
import { dsDigest, dsFromDnskey } from '@/lib/dns/dnssec/ds-digest';
import { keyTag } from '@/lib/dns/wire/key-tag';
import { keyTagOfRdata } from '@/lib/dns/wire/key-tag-of-rdata';
import { encodeName } from '@/lib/dns/wire/name-codec';
import { encodeRdata } from '@/lib/dns/wire/rdata-codec';

const rr = (name: string, type: string, data: ResourceRecord['data'], ttl = 3600): ResourceRecord => ({ name, type, class: 'IN', ttl, data });

/** An algorithm 13 DNSKEY's public key (x‖y, RFC 6605 4) as a node:crypto key. */
function p256Key(dnskey: DnskeyData) {
  const raw = Buffer.from(dnskey.publicKey, 'base64');
  return createPublicKey({
    key: { kty: 'EC', crv: 'P-256', x: raw.subarray(0, 32).toString('base64url'), y: raw.subarray(32).toString('base64url') },
    format: 'jwk',
  });
}

describe('RFC vectors: key tag and DS', () => {
  // RFC 4034 5.4.
  const dskey: DnskeyData = {
    flags: 256,
    protocol: 3,
    algorithm: 5,
    publicKey:
      'AQOeiiR0GOMYkDshWoSKz9XzfwJr1AYtsmx3TGkJaNXVbfi/2pHm822aJ5iI9BMzNXxeYCmZDRD99WYwYqUSdjMmmAphXdvxegXd/M5+X7OrzKBaMbCVdFLUUh6DhweJBjEVv5f2wwjM9XzcnOf+EPbtG9DMBmADjFDc2w/rljwvFw==',
  };
  // RFC 6605 6.1.
  const p256: DnskeyData = {
    flags: 257,
    protocol: 3,
    algorithm: 13,
    publicKey: 'GojIhhXUN/u4v54ZQqGSnyhWJwaubCvTmeexv7bR6edbkrSqQpF64cYbcB7wNcP+e+MAnLr+Wi9xMWyQLc8NAA==',
  };

  test('RFC 4034 5.4: dskey.example.com. → tag 60485, DS SHA-1', () => {
    expect(keyTag(dskey)).toBe(60485);
    expect(dsDigest('dskey.example.com.', dskey, 1)).toBe('2bb183af5f22588179a53b0a98631fad1a292118');
    expect(dsFromDnskey('DSKEY.Example.COM', dskey, 1)).toEqual({
      keyTag: 60485,
      algorithm: 5,
      digestType: 1,
      digest: '2bb183af5f22588179a53b0a98631fad1a292118',
    });
  });

  test('a frozen key has the same tag, found again by the object; a key mutated later is computed afresh', () => {
    expect(keyTag(Object.freeze({ ...dskey }))).toBe(60485);
    const frozen = Object.freeze({ ...p256 });
    expect([keyTag(frozen), keyTag(frozen)]).toEqual([55648, 55648]);
    const open = { ...dskey };
    expect(keyTag(open)).toBe(60485);
    open.flags = 257;
    expect(keyTag(open)).toBe(keyTagOfRdata(encodeRdata('DNSKEY', open), open.algorithm));
    expect(keyTag(open)).not.toBe(60485);
  });

  test('RFC 6605 6.1: example.net. P-256 → tag 55648, DS SHA-256', () => {
    expect(keyTag(p256)).toBe(55648);
    expect(dsDigest('example.net.', p256, 2)).toBe('b4c8c1fe2e7477127b27115656ad6256f424625bf5c1e2770ce6d6e37df61d17');
    expect(dsDigest('example.net.', p256, 4)).toMatch(/^[0-9a-f]{96}$/);
    expect(dsDigest('example.net.', p256, 3)).toBeNull();
    expect(dsFromDnskey('example.net.', p256, 99)).toBeNull();
  });

  test('kept tags and digests are what computing them afresh gives, past the tables’ bounds and for each field', () => {
    const fresh = (key: DnskeyData) => keyTagOfRdata(encodeRdata('DNSKEY', key), key.algorithm);
    const freshDigest = (owner: string, key: DnskeyData, type: number) =>
      createHash(type === 1 ? 'sha1' : 'sha256')
        .update(encodeName(owner))
        .update(encodeRdata('DNSKEY', key))
        .digest('hex');
    for (let round = 0; round < 2; round++) {
      for (let i = 0; i < 1500; i++) {
        const key = { ...p256, flags: 256 + (i % 2), publicKey: Buffer.from(`${i}`.padStart(64, 'k')).toString('base64') };
        expect(keyTag(key)).toBe(fresh(key));
        if (i % 50 === 0) expect(dsDigest(`z${i}.example.`, key, 2)).toBe(freshDigest(`z${i}.example.`, key, 2));
      }
    }
    // Each field counts: a kept key is not another's.
    for (const other of [
      { ...dskey, flags: 257 },
      { ...dskey, protocol: 2 },
      { ...dskey, algorithm: 8 },
    ])
      expect(keyTag(other)).toBe(fresh(other));
    expect(dsDigest('dskey.example.com.', dskey, 2)).toBe(freshDigest('dskey.example.com.', dskey, 2));
    expect(dsDigest('other.example.com.', dskey, 1)).toBe(freshDigest('other.example.com.', dskey, 1));
    // A key too long to keep (a hostile zone's) is computed afresh, and right, each time.
    const huge = { ...p256, algorithm: 8, publicKey: Buffer.alloc(4000, 7).toString('base64') };
    for (let i = 0; i < 2; i++) {
      expect(keyTag(huge)).toBe(fresh(huge));
      expect(dsDigest('huge.example.', huge, 2)).toBe(freshDigest('huge.example.', huge, 2));
    }
    // A key the codec refuses is refused every time, not kept.
    const bad = { ...dskey, flags: 70000 };
    expect(() => keyTag(bad)).toThrow();
    expect(() => keyTag(bad)).toThrow();
  });

  test('algorithm 1 (RSA/MD5) key tag: the modulus octets (RFC 4034 B.1)', () => {
    const key = Buffer.from('0301000100000000000000000000abcdef', 'hex');
    expect(keyTag({ flags: 256, protocol: 3, algorithm: 1, publicKey: key.toString('base64') })).toBe(0xabcd);
  });

  test('RFC 6605 6.1: the RRSIG over www.example.net. A verifies over rrsigSignedData', () => {
    const rrsig: RrsigData = {
      typeCovered: 'A',
      algorithm: 13,
      labels: 3,
      originalTtl: 3600,
      expiration: Date.UTC(2010, 8, 9, 10, 4, 39) / 1000,
      inception: Date.UTC(2010, 7, 12, 10, 4, 39) / 1000,
      keyTag: 55648,
      signerName: 'example.net.',
      signature: 'qx6wLYqmh+l9oCKTN6qIc+bw6ya+KJ8oMz0YP107epXAyGmt+3SNruPFKG7tZoLBLlUzGGus7ZwmwWep666VCw==',
    };
    // Case and TTL of the records as received do not matter: canonical form and Original TTL.
    const data = rrsigSignedData(rrsig, [rr('WWW.Example.NET.', 'A', '192.0.2.1', 1234)]);
    const ok = verify('sha256', data, { key: p256Key(p256), dsaEncoding: 'ieee-p1363' }, Buffer.from(rrsig.signature, 'base64'));
    expect(ok).toBe(true);
    const tampered = rrsigSignedData(rrsig, [rr('www.example.net.', 'A', '192.0.2.2')]);
    expect(verify('sha256', tampered, { key: p256Key(p256), dsaEncoding: 'ieee-p1363' }, Buffer.from(rrsig.signature, 'base64'))).toBe(false);
  });
});

describe('canonical form (RFC 4034 6)', () => {
  test('6.1 name order, the RFC example', () => {
    const ordered = [
      'example.',
      'a.example.',
      'yljkjljk.a.example.',
      'Z.a.example.',
      'zABC.a.EXAMPLE.',
      'z.example.',
      '\\001.z.example.',
      '*.z.example.',
      '\\200.z.example.',
    ];
    const shuffled = [...ordered].reverse();
    shuffled.push(shuffled.shift() as string);
    expect(shuffled.sort(compareCanonicalNames)).toEqual(ordered);
    expect(compareCanonicalNames('A.example.', 'a.EXAMPLE')).toBe(0);
  });

  test('6.2 RDATA names lowercased for NS, SOA, MX, RRSIG; not for NSEC (RFC 6840 5.1)', () => {
    expect(canonicalRdata('NS', 'NS1.Example.').toString('hex')).toBe('036e7331076578616d706c6500');
    expect(canonicalRdata('MX', { preference: 1, exchange: 'MX.Example.' }).toString('hex')).toBe('0001026d78076578616d706c6500');
    expect(canonicalRdata('SOA', { mname: 'A.', rname: 'B.', serial: 0, refresh: 0, retry: 0, expire: 0, minimum: 0 }).subarray(0, 6).toString('hex')).toBe(
      '016100016200',
    );
    expect(canonicalRdata('NSEC', { nextDomain: 'B.', types: ['A'] }).toString('hex')).toBe('0142000001' + '40');
  });

  test('6.3 RRset order by RDATA octets, duplicates once, owner lowercased, one TTL', () => {
    const wire = canonicalRrset([rr('Example.', 'A', '192.0.2.2', 10), rr('example.', 'A', '192.0.2.1', 20), rr('EXAMPLE.', 'A', '192.0.2.2', 30)], 300);
    const one = (last: string) => `076578616d706c6500 0001 0001 0000012c 0004 c00002${last}`.replace(/ /g, '');
    expect(wire.toString('hex')).toBe(one('01') + one('02'));
    expect(() => canonicalRrset([rr('a.', 'A', '192.0.2.1'), rr('b.', 'A', '192.0.2.1')])).toThrow(/not in the RRset/);
  });

  test('wildcard: Labels below the owner count signs *.<closest encloser> (RFC 4035 5.3.2)', () => {
    const base = { typeCovered: 'TXT', algorithm: 13, labels: 2, originalTtl: 60, expiration: 2, inception: 1, keyTag: 7, signerName: 'Example.' };
    const expanded = rrsigSignedData(base, [rr('a.b.Example.', 'TXT', ['x'])]);
    const atWildcard = rrsigSignedData(base, [rr('*.b.example.', 'TXT', ['x'])]);
    expect(expanded.equals(atWildcard)).toBe(true);
    expect(expanded.includes(Buffer.from('012a0162076578616d706c6500', 'hex'))).toBe(true);
    // The signer's name is lowercased in the RRSIG RDATA part.
    expect(expanded.subarray(18, 27).toString('hex')).toBe('076578616d706c6500');
    expect(() => rrsigSignedData({ ...base, labels: 4 }, [rr('a.b.example.', 'TXT', ['x'])])).toThrow(/Labels/);
    expect(() => rrsigSignedData({ ...base, typeCovered: 'A' }, [rr('a.b.example.', 'TXT', ['x'])])).toThrow(/covers/);
  });

  test('sign with P-256 as the lab will, verify as the verifier will', () => {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const jwk = publicKey.export({ format: 'jwk' });
    const dnskey: DnskeyData = {
      flags: 257,
      protocol: 3,
      algorithm: 13,
      publicKey: Buffer.concat([Buffer.from(jwk.x as string, 'base64url'), Buffer.from(jwk.y as string, 'base64url')]).toString('base64'),
    };
    const rrset = [rr('lab.test.', 'NS', 'ns2.lab.test.'), rr('lab.test.', 'NS', 'NS1.lab.test.')];
    const unsigned = {
      typeCovered: 'NS',
      algorithm: 13,
      labels: 2,
      originalTtl: 3600,
      expiration: 2000000000,
      inception: 1700000000,
      keyTag: keyTag(dnskey),
      signerName: 'lab.test.',
    };
    const signature = sign('sha256', rrsigSignedData(unsigned, rrset), { key: privateKey, dsaEncoding: 'ieee-p1363' });
    const received = [rr('LAB.test.', 'NS', 'ns1.lab.test.', 100), rr('lab.test.', 'NS', 'ns2.LAB.test.', 100)];
    expect(
      verify(
        'sha256',
        rrsigSignedData({ ...unsigned, signature: signature.toString('base64') }, received),
        { key: p256Key(dnskey), dsaEncoding: 'ieee-p1363' },
        signature,
      ),
    ).toBe(true);
  });
});
