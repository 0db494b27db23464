import { generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { DnskeyData, ResourceRecord, RrsigData } from '@/lib/dns/wire/types';
import { deriveSigningKey, signRrset } from '@/lib/dns/dnssec/sign';
import { compareSerial32, verifyRrset, verifyRrsig, VALIDATION_ALGORITHMS } from '@/lib/dns/dnssec/verify';
import { keyTag, rrsigSignedData } from '@/lib/dns/wire';

const rr = (name: string, type: string, data: ResourceRecord['data'], ttl = 3600): ResourceRecord => ({ name, type, class: 'IN', ttl, data });

describe('RFC vectors', () => {
  it('RFC 6605 6.1: ECDSA P-256, www.example.net. A', () => {
    const key: DnskeyData = {
      flags: 257,
      protocol: 3,
      algorithm: 13,
      publicKey: 'GojIhhXUN/u4v54ZQqGSnyhWJwaubCvTmeexv7bR6edbkrSqQpF64cYbcB7wNcP+e+MAnLr+Wi9xMWyQLc8NAA==',
    };
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
    const now = Date.UTC(2010, 7, 20) / 1000;
    const check = verifyRrsig([rr('WWW.example.NET.', 'A', '192.0.2.1', 60)], rrsig, key, { now });
    expect(check).toMatchObject({ status: 'valid', keyTag: 55648, algorithm: 13, signer: 'example.net.', typeCovered: 'A' });
    expect(verifyRrsig([rr('www.example.net.', 'A', '192.0.2.2')], rrsig, key, { now }).status).toBe('invalid');
  });

  it('RFC 5702 6.2: RSA/SHA-512, www.example.net. A, a 1024-bit RFC 3110 key', () => {
    const key: DnskeyData = {
      flags: 256,
      protocol: 3,
      algorithm: 10,
      publicKey:
        'AwEAAdHoNTOW+et86KuJOWRDp1pndvwb6Y83nSVXXyLA3DLroROUkN6X0O6pnWnjJQujX/AyhqFDxj13tOnD9u/1kTg7cV6rklMrZDtJCQ5PCl/D7QNPsgVsMu1J2Q8gpMpztNFLpPBz1bWXjDtaR7ZQBlZ3PFY12ZTSncorffcGmhOL',
    };
    expect(keyTag(key)).toBe(3740);
    const rrsig: RrsigData = {
      typeCovered: 'A',
      algorithm: 10,
      labels: 3,
      originalTtl: 3600,
      expiration: Date.UTC(2030, 0, 1) / 1000,
      inception: Date.UTC(2000, 0, 1) / 1000,
      keyTag: 3740,
      signerName: 'example.net.',
      signature:
        'tsb4wnjRUDnB1BUi+t6TMTXThjVnG+eCkWqjvvjhzQL1d0YRoOe0CbxrVDYd0xDtsuJRaeUw1ep94PzEWzr0iGYgZBWm/zpq+9fOuagYJRfDqfReKBzMweOLDiNa8iP5g9vMhpuv6OPlvpXwm9Sa9ZXIbNl1MBGk0fthPgxdDLw=',
    };
    const rrset = [rr('www.example.net.', 'A', '192.0.2.91')];
    expect(verifyRrsig(rrset, rrsig, key, { now: Date.UTC(2020, 0, 1) / 1000 }).status).toBe('valid');
    expect(verifyRrsig([rr('www.example.net.', 'A', '192.0.2.92')], rrsig, key, { now: Date.UTC(2020, 0, 1) / 1000 }).status).toBe('invalid');
  });

  it('RFC 8080 6.1 with erratum 4935: Ed25519, example.com. MX', () => {
    const key: DnskeyData = { flags: 257, protocol: 3, algorithm: 15, publicKey: 'l02Woi0iS8Aa25FQkUd9RMzZHJpBoRQwAQEX1SxZJA4=' };
    expect(keyTag(key)).toBe(3613);
    const rrsig: RrsigData = {
      typeCovered: 'MX',
      algorithm: 15,
      labels: 2,
      originalTtl: 3600,
      expiration: 1440021600,
      inception: 1438207200,
      keyTag: 3613,
      signerName: 'example.com.',
      signature: 'oL9krJun7xfBOIWcGHi7mag5/hdZrKWw15jPGrHpjQeRAvTdszaPD+QLs3fx8A4M3e23mRZ9VrbpMngwcrqNAg==',
    };
    // The MX exchange in capitals: canonical form lowercases it (RFC 4034 6.2).
    const rrset = [rr('example.com.', 'MX', { preference: 10, exchange: 'MAIL.example.com.' })];
    expect(verifyRrsig(rrset, rrsig, key, { now: 1439000000 }).status).toBe('valid');
    // The RFC's original text had Labels 3: that RRSIG cannot cover a two-label owner.
    expect(verifyRrsig(rrset, { ...rrsig, labels: 3 }, key, { now: 1439000000 })).toMatchObject({
      status: 'invalid',
      detail: expect.stringMatching(/Labels 3/),
    });
  });
});

// ---- generated keys, one per algorithm ----

interface TestKey {
  dnskey: DnskeyData;
  privateKey: KeyObject;
  hash: string | null;
}

const b64u = (s: string | undefined) => Buffer.from(s ?? '', 'base64url');

function makeKey(algorithm: number, flags = 256): TestKey {
  const rsa = (hash: string): TestKey => {
    const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 1024 });
    const jwk = publicKey.export({ format: 'jwk' });
    const e = b64u(jwk.e);
    // RFC 3110 2: one-octet exponent length, exponent, modulus.
    return {
      dnskey: { flags, protocol: 3, algorithm, publicKey: Buffer.concat([Buffer.from([e.length]), e, b64u(jwk.n)]).toString('base64') },
      privateKey,
      hash,
    };
  };
  const ec = (namedCurve: string, hash: string): TestKey => {
    const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve });
    const jwk = publicKey.export({ format: 'jwk' });
    return { dnskey: { flags, protocol: 3, algorithm, publicKey: Buffer.concat([b64u(jwk.x), b64u(jwk.y)]).toString('base64') }, privateKey, hash };
  };
  const ed = (type: 'ed25519' | 'ed448'): TestKey => {
    const { publicKey, privateKey } = type === 'ed25519' ? generateKeyPairSync('ed25519') : generateKeyPairSync('ed448');
    return { dnskey: { flags, protocol: 3, algorithm, publicKey: b64u(publicKey.export({ format: 'jwk' }).x).toString('base64') }, privateKey, hash: null };
  };
  switch (algorithm) {
    case 5:
    case 7:
      return rsa('sha1');
    case 8:
      return rsa('sha256');
    case 10:
      return rsa('sha512');
    case 13:
      return ec('P-256', 'sha256');
    case 14:
      return ec('P-384', 'sha384');
    case 15:
      return ed('ed25519');
    case 16:
      return ed('ed448');
    default:
      throw new Error(`no test key for ${algorithm}`);
  }
}

const NOW = 1_800_000_000;
const WINDOW = { inception: NOW - 3600, expiration: NOW + 86400 };

function signWith(key: TestKey, rrset: ResourceRecord[], over: Partial<RrsigData> = {}): RrsigData {
  const first = rrset[0]!;
  const unsigned = {
    typeCovered: first.type,
    algorithm: key.dnskey.algorithm,
    labels: first.name.split('.').filter((l) => l !== '' && l !== '*').length,
    originalTtl: first.ttl,
    ...WINDOW,
    keyTag: keyTag(key.dnskey),
    signerName: 'example.test.',
    ...over,
  };
  const signature = sign(key.hash, rrsigSignedData(unsigned, rrset), { key: key.privateKey, dsaEncoding: 'ieee-p1363' });
  return { ...unsigned, signature: signature.toString('base64') };
}

const RRSET = [rr('www.example.test.', 'A', '192.0.2.1'), rr('www.example.test.', 'A', '192.0.2.2')];
const flip = (b64: string, at = 5) => {
  const bytes = Buffer.from(b64, 'base64');
  bytes[at] = (bytes[at] as number) ^ 0x01;
  return bytes.toString('base64');
};

describe.each([...VALIDATION_ALGORITHMS].map((a) => [a]))('generated keys: algorithm %i', (algorithm) => {
  const key = makeKey(algorithm);
  const rrsig = signWith(key, RRSET);

  it('a signature over the RRset verifies, whatever the order, case and TTL of the records', () => {
    expect(verifyRrsig(RRSET, rrsig, key.dnskey, { now: NOW }).status).toBe('valid');
    const reordered = [rr('WWW.Example.TEST.', 'A', '192.0.2.2', 5), rr('www.example.test.', 'A', '192.0.2.1', 5)];
    expect(verifyRrsig(reordered, rrsig, key.dnskey, { now: NOW }).status).toBe('valid');
  });

  it('a tampered RRset, signature or RRSIG field is invalid', () => {
    expect(verifyRrsig([RRSET[0]!], rrsig, key.dnskey, { now: NOW }).status).toBe('invalid');
    expect(verifyRrsig([...RRSET, rr('www.example.test.', 'A', '192.0.2.3')], rrsig, key.dnskey, { now: NOW }).status).toBe('invalid');
    expect(verifyRrsig(RRSET, { ...rrsig, signature: flip(rrsig.signature) }, key.dnskey, { now: NOW }).status).toBe('invalid');
    expect(verifyRrsig(RRSET, { ...rrsig, originalTtl: 3599 }, key.dnskey, { now: NOW }).status).toBe('invalid');
    expect(verifyRrsig(RRSET, { ...rrsig, expiration: rrsig.expiration + 1 }, key.dnskey, { now: NOW }).status).toBe('invalid');
  });

  it('another key of the same algorithm does not verify it', () => {
    const other = makeKey(algorithm);
    expect(verifyRrsig(RRSET, { ...rrsig, keyTag: keyTag(other.dnskey) }, other.dnskey, { now: NOW }).status).toBe('invalid');
  });
});

describe('signed data kept with a frozen RRSIG (decoded replies are shared and frozen)', () => {
  const key = makeKey(13);
  const freeze = <T>(v: T): T => {
    if (typeof v === 'object' && v !== null) {
      for (const inner of Object.values(v)) freeze(inner);
      Object.freeze(v);
    }
    return v;
  };
  const frozenSet = () => freeze([rr('www.example.test.', 'A', '192.0.2.1'), rr('www.example.test.', 'A', '192.0.2.2')]);

  it('the same frozen RRSIG over other records is judged on those records, not on what it met first', () => {
    const rrset = frozenSet();
    const rrsig = freeze(signWith(key, rrset));
    expect(verifyRrsig(rrset, rrsig, key.dnskey, { now: NOW }).status).toBe('valid');
    // Other record objects with other data, as another server's forged answer would bring.
    const forged = freeze([rr('www.example.test.', 'A', '192.0.2.1'), rr('www.example.test.', 'A', '192.0.2.66')]);
    expect(verifyRrsig(forged, rrsig, key.dnskey, { now: NOW }).status).toBe('invalid');
    expect(verifyRrsig([rrset[0]!], rrsig, key.dnskey, { now: NOW }).status).toBe('invalid');
    // And the first RRset still verifies after those.
    expect(verifyRrsig(rrset, rrsig, key.dnskey, { now: NOW }).status).toBe('valid');
  });

  it('a record that can still change is read afresh each time', () => {
    const rrset = [rr('www.example.test.', 'A', '192.0.2.1'), rr('www.example.test.', 'A', '192.0.2.2')];
    const rrsig = freeze(signWith(key, rrset));
    expect(verifyRrsig(rrset, rrsig, key.dnskey, { now: NOW }).status).toBe('valid');
    (rrset[1] as { data: unknown }).data = '192.0.2.66';
    expect(verifyRrsig(rrset, rrsig, key.dnskey, { now: NOW }).status).toBe('invalid');
  });
});

describe('what makes a signature unusable', () => {
  const key = makeKey(13);
  const rrsig = signWith(key, RRSET);
  const status = (over: Partial<RrsigData>, dnskey = key.dnskey, rrset = RRSET) => verifyRrsig(rrset, { ...rrsig, ...over }, dnskey, { now: NOW });

  it('a key without the zone flag, or with protocol ≠ 3, is invalid with the reason', () => {
    const noZone = { ...key.dnskey, flags: 0 };
    expect(status({ keyTag: keyTag(noZone) }, noZone)).toMatchObject({ status: 'invalid', detail: expect.stringMatching(/Zone Key/) });
    const protocol2 = { ...key.dnskey, protocol: 2 };
    expect(status({ keyTag: keyTag(protocol2) }, protocol2)).toMatchObject({ status: 'invalid', detail: expect.stringMatching(/protocol 2/) });
  });

  it("a key whose tag or algorithm is not the RRSIG's is no-key", () => {
    expect(status({ keyTag: (rrsig.keyTag + 1) & 0xffff }).status).toBe('no-key');
    expect(status({}, makeKey(14).dnskey).status).toBe('no-key');
  });

  it("a signer that is not the keys' zone is no-key when the zone is given", () => {
    expect(verifyRrsig(RRSET, rrsig, key.dnskey, { now: NOW, zone: 'Example.TEST' }).status).toBe('valid');
    expect(verifyRrsig(RRSET, rrsig, key.dnskey, { now: NOW, zone: 'other.test.' })).toMatchObject({
      status: 'no-key',
      detail: expect.stringMatching(/other\.test/),
    });
  });

  it('a signer below the owner, or beside it, is invalid (RFC 4035 5.3.1)', () => {
    const below = signWith(key, RRSET, { signerName: 'sub.www.example.test.' });
    expect(verifyRrsig(RRSET, below, key.dnskey, { now: NOW })).toMatchObject({ status: 'invalid', detail: expect.stringMatching(/signer/) });
    const beside = signWith(key, RRSET, { signerName: 'example.org.' });
    expect(verifyRrsig(RRSET, beside, key.dnskey, { now: NOW }).status).toBe('invalid');
  });

  it('an RRSIG of another type, or over nothing, is invalid', () => {
    expect(status({ typeCovered: 'AAAA' })).toMatchObject({ status: 'invalid', detail: expect.stringMatching(/RRset is A/) });
    expect(status({}, key.dnskey, [])).toMatchObject({ status: 'invalid', detail: expect.stringMatching(/no records/) });
  });

  it('records that are not one RRset are invalid, not a throw', () => {
    expect(status({}, key.dnskey, [RRSET[0]!, rr('mail.example.test.', 'A', '192.0.2.9')])).toMatchObject({
      status: 'invalid',
      detail: expect.stringMatching(/canonical form/),
    });
  });

  it('malformed key or signature bytes are invalid with a detail', () => {
    const short = { ...key.dnskey, publicKey: Buffer.alloc(63, 1).toString('base64') };
    expect(status({ keyTag: keyTag(short) }, short)).toMatchObject({ status: 'invalid', detail: expect.stringMatching(/64 octets/) });
    const offCurve = { ...key.dnskey, publicKey: Buffer.alloc(64, 1).toString('base64') };
    expect(status({ keyTag: keyTag(offCurve) }, offCurve)).toMatchObject({ status: 'invalid', detail: expect.stringMatching(/malformed/) });
    expect(status({ signature: 'AAAA' })).toMatchObject({ status: 'invalid', detail: expect.stringMatching(/64 octets, this one is 3/) });
    const rsa = makeKey(8);
    for (const bad of ['', 'AA==', 'AAE=', 'AwEAAQ==', 'BAEAAQ==']) {
      const broken = { ...rsa.dnskey, publicKey: bad };
      const check = verifyRrsig(RRSET, signWith(rsa, RRSET, { keyTag: keyTag(broken) }), broken, { now: NOW });
      expect(check, bad).toMatchObject({ status: 'invalid', detail: expect.stringMatching(/RSASHA256 public key is malformed/) });
    }
  });

  it('an RFC 3110 key with a three-octet exponent length verifies', () => {
    const rsa = makeKey(8);
    const raw = Buffer.from(rsa.dnskey.publicKey, 'base64');
    const long = { ...rsa.dnskey, publicKey: Buffer.concat([Buffer.from([0, 0, raw[0] as number]), raw.subarray(1)]).toString('base64') };
    expect(verifyRrsig(RRSET, signWith(rsa, RRSET, { keyTag: keyTag(long) }), long, { now: NOW }).status).toBe('valid');
  });

  it.each([1, 3, 6, 12, 17, 253])('algorithm %i is unsupported-algorithm, never invalid', (algorithm) => {
    const check = verifyRrsig(RRSET, { ...rrsig, algorithm, signature: '' }, { ...key.dnskey, algorithm, publicKey: '' }, { now: NOW });
    expect(check.status).toBe('unsupported-algorithm');
    expect(verifyRrset(RRSET, [{ ...rrsig, algorithm }], [], { now: NOW }).checks.map((c) => c.status)).toEqual(['unsupported-algorithm']);
  });
});

describe('wildcards (RFC 4035 5.3.2)', () => {
  const key = makeKey(13);
  it('an RRSIG with fewer labels than the owner verifies over the reconstructed *. name', () => {
    const wild = [rr('*.example.test.', 'TXT', ['hello'])];
    const rrsig = signWith(key, wild); // labels 2
    expect(rrsig.labels).toBe(2);
    expect(verifyRrsig(wild, rrsig, key.dnskey, { now: NOW }).status).toBe('valid');
    const expanded = [rr('a.b.example.test.', 'TXT', ['hello'])];
    expect(verifyRrsig(expanded, rrsig, key.dnskey, { now: NOW }).status).toBe('valid');
    // Not a wildcard answer: the same data under its own name needs Labels 4.
    expect(verifyRrsig(expanded, { ...rrsig, labels: 3 }, key.dnskey, { now: NOW }).status).toBe('invalid');
  });
});

describe('the validity window', () => {
  const key = makeKey(15);
  const rrsig = signWith(key, RRSET, { inception: NOW - 1000, expiration: NOW + 1000 });
  const at = (now: number, skewSeconds?: number) =>
    verifyRrsig(RRSET, rrsig, key.dnskey, { now, ...(skewSeconds === undefined ? {} : { skewSeconds }) }).status;

  it('expired and not-yet-valid, with 300 s of skew allowed by default', () => {
    expect(at(NOW)).toBe('valid');
    expect(at(NOW + 1000 + 300)).toBe('valid');
    expect(at(NOW + 1000 + 301)).toBe('expired');
    expect(at(NOW - 1000 - 300)).toBe('valid');
    expect(at(NOW - 1000 - 301)).toBe('not-yet-valid');
  });

  it('skewSeconds sets the allowance', () => {
    expect(at(NOW + 1001, 0)).toBe('expired');
    expect(at(NOW - 1001, 0)).toBe('not-yet-valid');
    expect(at(NOW + 4000, 3600)).toBe('valid');
  });

  it('the detail says when', () => {
    const check = verifyRrsig(RRSET, rrsig, key.dnskey, { now: NOW + 5000 });
    expect(check.detail).toContain(new Date((NOW + 1000) * 1000).toISOString().replace('.000Z', 'Z'));
  });

  it('a bad signature outside its window is invalid, not expired', () => {
    expect(verifyRrsig(RRSET, { ...rrsig, signature: flip(rrsig.signature) }, key.dnskey, { now: NOW + 5000 }).status).toBe('invalid');
  });

  it('serial arithmetic (RFC 1982): a window across 2^32 seconds', () => {
    expect(compareSerial32(5, 2 ** 32 - 5)).toBe(10);
    expect(compareSerial32(2 ** 32 - 5, 5)).toBe(-10);
    expect(compareSerial32(7, 7)).toBe(0);
    const wrap = signWith(key, RRSET, { inception: 2 ** 32 - 1000, expiration: 1000 });
    const check = (now: number) => verifyRrsig(RRSET, wrap, key.dnskey, { now, skewSeconds: 0 }).status;
    expect(check(2 ** 32 - 10)).toBe('valid');
    expect(check(2 ** 32 + 10)).toBe('valid'); // 2106, after the wrap
    expect(check(2 ** 32 + 1001)).toBe('expired');
    expect(check(2 ** 32 - 1001)).toBe('not-yet-valid');
  });

  it('an expiration before the inception is invalid', () => {
    const backwards = signWith(key, RRSET, { inception: NOW + 10, expiration: NOW - 10 });
    expect(verifyRrsig(RRSET, backwards, key.dnskey, { now: NOW })).toMatchObject({ status: 'invalid', detail: expect.stringMatching(/before the inception/) });
  });
});

describe('verifyRrset', () => {
  const ksk = makeKey(13, 257);
  const zsk = makeKey(13, 256);
  const rrsig = signWith(zsk, RRSET);

  it('tries each RRSIG against the keys with its tag and algorithm; secure when one is valid', () => {
    const broken = { ...signWith(ksk, RRSET), signature: flip(signWith(ksk, RRSET).signature) };
    const result = verifyRrset(RRSET, [broken, rrsig], [ksk.dnskey, zsk.dnskey], { now: NOW });
    expect(result.secure).toBe(true);
    expect(result.checks.map((c) => [c.keyTag, c.status])).toEqual([
      [keyTag(ksk.dnskey), 'invalid'],
      [keyTag(zsk.dnskey), 'valid'],
    ]);
  });

  it('a wrong key tag is no-key, and not secure', () => {
    const result = verifyRrset(RRSET, [{ ...rrsig, keyTag: (rrsig.keyTag + 1) & 0xffff }], [ksk.dnskey, zsk.dnskey], { now: NOW });
    expect(result).toMatchObject({ secure: false, checks: [{ status: 'no-key', detail: expect.stringMatching(/no DNSKEY/) }] });
  });

  it('no RRSIGs: nothing checked, not secure', () => {
    expect(verifyRrset(RRSET, [], [zsk.dnskey], { now: NOW })).toEqual({ secure: false, checks: [] });
  });

  it('lab signatures (signRrset) verify', () => {
    const labKey = deriveSigningKey('seed', 'example.test.', 'zsk', 256);
    const sig = signRrset(RRSET, labKey, WINDOW).data as RrsigData;
    expect(verifyRrset(RRSET, [sig], [labKey.dnskey], { now: NOW, zone: 'example.test.' })).toMatchObject({ secure: true, checks: [{ status: 'valid' }] });
    const wild = [rr('*.example.test.', 'TXT', ['x'], 60)];
    const wildSig = signRrset(wild, labKey, WINDOW).data as RrsigData;
    expect(verifyRrset([rr('deep.name.example.test.', 'TXT', ['x'], 60)], [wildSig], [labKey.dnskey], { now: NOW }).secure).toBe(true);
  });
});
