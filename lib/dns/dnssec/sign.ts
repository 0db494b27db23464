// Signing for zones we serve ourselves (the lab): ECDSA P-256 / SHA-256 (algorithm 13, RFC 6605),
// Ed25519 (algorithm 15, RFC 8080), and PRIVATEDNS (253, RFC 4034 A.1.1) with opaque bytes no
// validator can check. Keys derive from a seed so their DNSKEY, key tag and DS never change
// between runs: permalinks and fixtures stay valid. Such keys are only as secret as the seed.
import { createECDH, createHash, createPrivateKey, createPublicKey, sign, type KeyObject } from 'node:crypto';
import type { DnskeyData, ResourceRecord, RrsigData } from '@/lib/dns/wire/types';
import { canonicalName, encodeName, keyTag, labels, rrsigSignedData } from '@/lib/dns/wire';

export const ECDSAP256SHA256 = 13;
export const ED25519 = 15;
/** RFC 4034 A.1.1: a private algorithm, named by the domain name its key and signatures start with. */
export const PRIVATEDNS = 253;
export type SigningAlgorithm = typeof ECDSAP256SHA256 | typeof ED25519 | typeof PRIVATEDNS;
/** The name the lab's PRIVATEDNS keys and signatures carry: an algorithm of a vendor's HSM nobody else implements. */
export const LAB_PRIVATE_ALGORITHM = 'hsm-cipher.vendor.test.';

// RFC 8410 / RFC 5958: the PKCS#8 DER of an Ed25519 private key is this prefix and the 32-octet seed.
const ED25519_PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

/** The order n of the P-256 base point (SEC 2 2.4.2 / FIPS 186-4 D.1.2.3). */
const P256_ORDER = BigInt('0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551');

export interface SigningKey {
  /** The zone apex the key belongs to (canonical). */
  zone: string;
  dnskey: DnskeyData;
  keyTag: number;
  /** Null for PRIVATEDNS: its signatures are opaque bytes derived from the data. */
  privateKey: KeyObject | null;
}

export interface SignatureWindow {
  /** Seconds since the epoch (RFC 4034 3.1.5). */
  inception: number;
  expiration: number;
}

const base64url = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64url');

/**
 * A key from `seed`, the zone and a label, for `algorithm` (default 13). P-256: the private scalar
 * is SHA-256 of the three, reduced into [1, n-1]. Ed25519: that digest is the 32-octet seed
 * (RFC 8032 5.1.5). PRIVATEDNS: the public key is the algorithm's name and 64 octets of SHA-512.
 * Same inputs, same key, on every machine.
 */
export function deriveSigningKey(seed: string, zone: string, label: string, flags: number, algorithm: SigningAlgorithm = ECDSAP256SHA256): SigningKey {
  const apex = canonicalName(zone);
  const digest = createHash('sha256').update(`${seed}\0${apex}\0${label}`).digest();
  const make = (publicKey: Uint8Array, privateKey: KeyObject | null): SigningKey => {
    const dnskey: DnskeyData = { flags, protocol: 3, algorithm, publicKey: Buffer.from(publicKey).toString('base64') };
    return { zone: apex, dnskey, keyTag: keyTag(dnskey), privateKey };
  };
  if (algorithm === ED25519) {
    const { privateKey, publicKey } = ed25519FromSeed(digest);
    return make(publicKey, privateKey);
  }
  if (algorithm === PRIVATEDNS) {
    const body = createHash('sha512').update(`${seed}\0${apex}\0${label}\0private`).digest();
    return make(Buffer.concat([encodeName(LAB_PRIVATE_ALGORITHM), body]), null);
  }
  const scalar = (BigInt(`0x${digest.toString('hex')}`) % (P256_ORDER - BigInt(1))) + BigInt(1);
  const d = Buffer.from(scalar.toString(16).padStart(64, '0'), 'hex');
  // ECDH does the point multiplication for us: Q = d·G, uncompressed as 04 ‖ x ‖ y.
  const ecdh = createECDH('prime256v1');
  ecdh.setPrivateKey(d);
  const point = ecdh.getPublicKey();
  const x = point.subarray(1, 33);
  const y = point.subarray(33, 65);
  const privateKey = createPrivateKey({
    key: { kty: 'EC', crv: 'P-256', d: base64url(d), x: base64url(x), y: base64url(y) },
    format: 'jwk',
  });
  // RFC 6605 4: the public key field is x ‖ y, 64 octets.
  return make(Buffer.concat([x, y]), privateKey);
}

/** An Ed25519 key from its 32-octet seed; `publicKey` is the DNSKEY field (RFC 8080 3: the encoded point). */
export function ed25519FromSeed(seed: Uint8Array): { privateKey: KeyObject; publicKey: Buffer } {
  if (seed.length !== 32) throw new Error(`ed25519FromSeed: the seed is 32 octets, not ${seed.length}`);
  const privateKey = createPrivateKey({ key: Buffer.concat([ED25519_PKCS8_PREFIX, seed]), format: 'der', type: 'pkcs8' });
  const jwk = createPublicKey(privateKey).export({ format: 'jwk' });
  return { privateKey, publicKey: Buffer.from(jwk.x!, 'base64url') };
}

/**
 * The RRSIG over one RRset (RFC 4034 3.1.8.1): Labels without a leading `*`, Original TTL from
 * the RRset, the zone as signer. ECDSA signatures are randomised, so two runs differ; both verify.
 */
export function signRrset(rrset: readonly ResourceRecord[], key: SigningKey, window: SignatureWindow): ResourceRecord {
  const first = rrset[0];
  if (!first) throw new Error('signRrset: an empty RRset');
  const ownerLabels = labels(first.name);
  const rrsig: Omit<RrsigData, 'signature'> = {
    typeCovered: first.type,
    algorithm: key.dnskey.algorithm,
    labels: ownerLabels[0] === '*' ? ownerLabels.length - 1 : ownerLabels.length,
    originalTtl: first.ttl,
    expiration: window.expiration >>> 0,
    inception: window.inception >>> 0,
    keyTag: key.keyTag,
    signerName: key.zone,
  };
  const signature = signatureBytes(key, rrsigSignedData(rrsig, rrset));
  return { name: first.name, type: 'RRSIG', class: first.class, ttl: first.ttl, data: { ...rrsig, signature: signature.toString('base64') } };
}

function signatureBytes(key: SigningKey, data: Uint8Array): Buffer {
  switch (key.dnskey.algorithm) {
    case ECDSAP256SHA256:
      // RFC 6605 4: the signature is r ‖ s, 32 octets each: IEEE P1363, not DER.
      return sign('sha256', data, { key: key.privateKey!, dsaEncoding: 'ieee-p1363' });
    case ED25519:
      return sign(null, data, key.privateKey!); // RFC 8080 4: the 64-octet signature, no digest first
    default:
      // PRIVATEDNS (RFC 4034 A.1.1): the algorithm's name, then bytes only its vendor could check.
      return Buffer.concat([encodeName(LAB_PRIVATE_ALGORITHM), createHash('sha512').update(key.dnskey.publicKey).update(data).digest()]);
  }
}
