// Signing with ECDSA P-256 / SHA-256, DNSSEC algorithm 13 (RFC 6605), for zones we serve
// ourselves (the lab). Keys derive from a seed so their DNSKEY, key tag and DS never change
// between runs: permalinks and fixtures stay valid. Such keys are only as secret as the seed.
import { createECDH, createHash, createPrivateKey, sign, type KeyObject } from 'node:crypto';
import type { DnskeyData, ResourceRecord, RrsigData } from '@/lib/dns/wire/types';
import { canonicalName, keyTag, labels, rrsigSignedData } from '@/lib/dns/wire';

export const ECDSAP256SHA256 = 13;

/** The order n of the P-256 base point (SEC 2 2.4.2 / FIPS 186-4 D.1.2.3). */
const P256_ORDER = BigInt('0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551');

export interface SigningKey {
  /** The zone apex the key belongs to (canonical). */
  zone: string;
  dnskey: DnskeyData;
  keyTag: number;
  privateKey: KeyObject;
}

export interface SignatureWindow {
  /** Seconds since the epoch (RFC 4034 3.1.5). */
  inception: number;
  expiration: number;
}

const base64url = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64url');

/**
 * A P-256 key from `seed`, the zone and a label: the private scalar is SHA-256 of the three,
 * reduced into [1, n-1]. Same inputs, same key, on every machine.
 */
export function deriveSigningKey(seed: string, zone: string, label: string, flags: number): SigningKey {
  const apex = canonicalName(zone);
  const digest = createHash('sha256').update(`${seed}\0${apex}\0${label}`).digest();
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
  const dnskey: DnskeyData = { flags, protocol: 3, algorithm: ECDSAP256SHA256, publicKey: Buffer.concat([x, y]).toString('base64') };
  return { zone: apex, dnskey, keyTag: keyTag(dnskey), privateKey };
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
  // RFC 6605 4: the signature is r ‖ s, 32 octets each: IEEE P1363, not DER.
  const signature = sign('sha256', rrsigSignedData(rrsig, rrset), { key: key.privateKey, dsaEncoding: 'ieee-p1363' });
  return { name: first.name, type: 'RRSIG', class: first.class, ttl: first.ttl, data: { ...rrsig, signature: signature.toString('base64') } };
}
