// RRSIG verification (RFC 4034 3, RFC 4035 5.3, RFC 6840 5): does this signature, by this key,
// cover this RRset, now? Server side (node:crypto). Never throws on DNS data: a key or signature
// that cannot be read is an 'invalid' check with a detail; an algorithm we do not implement is
// 'unsupported-algorithm' (RFC 4035 5.2: treated as unsigned, never as bogus).
//
// Order of the checks, first failure wins: algorithm implemented → key fits (tag, algorithm) →
// key usable (zone flag, protocol 3) → RRSIG fits the RRset (type, labels, signer above the owner)
// → the signature verifies → the time window. The window comes last so 'expired' and
// 'not-yet-valid' mean "a genuine signature outside its window", which is what an operator fixes
// by re-signing; a forged or stale signature is 'invalid' whatever its dates.
//
// Times (RFC 4034 3.1.5) are compared in RFC 1982 serial arithmetic on 32 bits, so a window that
// straddles 2106 works. `skewSeconds` (default 300, like Unbound's minimum `val-sig-skew-min`)
// widens the window at both ends for clock differences between the signer and us.
import { createHash, createPublicKey, verify, type KeyObject } from 'node:crypto';
import type { DnskeyData, ResourceRecord, RrsigData } from '@/lib/dns/wire/types';
import { KeptTable } from '@/lib/dns/kept-table';
import { rrsigSignedData } from '@/lib/dns/wire/canonical';
import { keyTag as keyTagOf } from '@/lib/dns/wire/key-tag';
import { canonicalName, isSubdomain, labels } from '@/lib/dns/wire/name';

/** DNSSEC algorithms we verify: RSA (5, 7, 8, 10), ECDSA (13, 14), EdDSA (15, 16). */
export const VALIDATION_ALGORITHMS: ReadonlySet<number> = new Set([5, 7, 8, 10, 13, 14, 15, 16]);

export type SignatureStatus = 'valid' | 'invalid' | 'expired' | 'not-yet-valid' | 'unsupported-algorithm' | 'no-key';

export interface SignatureCheck {
  status: SignatureStatus;
  /** Why, in a sentence: what failed, or what verified. */
  detail: string;
  keyTag: number;
  algorithm: number;
  signer: string;
  typeCovered: string;
  /** Seconds since the epoch, as in the RRSIG (32-bit). */
  inception: number;
  expiration: number;
}

export interface VerifyOptions {
  /** The validator's time, seconds since the epoch. */
  now: number;
  /** Clock skew allowed at both ends of the validity window, in seconds. Default 300. */
  skewSeconds?: number;
  /**
   * The owner of the keys (the zone whose DNSKEY RRset they come from). When given, an RRSIG
   * whose signer is another name is 'no-key' (RFC 4035 5.3.1: the signer is the key's zone).
   */
  zone?: string;
}

export const DEFAULT_SKEW_SECONDS = 300;

const ZONE_FLAG = 0x0100; // RFC 4034 2.1.1

/** RFC 1982 on 32 bits: negative when a precedes b, 0 when equal, positive when a follows b. */
export function compareSerial32(a: number, b: number): number {
  return ((a >>> 0) - (b >>> 0)) | 0;
}

interface Scheme {
  hash: string | null;
  name: string;
  key: (raw: Buffer) => KeyObject;
  /** Octets a signature must have, when the algorithm fixes it. */
  signatureLength?: number;
  dsaEncoding?: 'ieee-p1363';
}

class KeyFormatError extends Error {}

/** RFC 3110 2: exponent length (1 octet, or 0 then 2 octets), exponent, modulus. */
function rsaKey(raw: Buffer): KeyObject {
  if (raw.length < 1) throw new KeyFormatError('the RSA key is empty');
  let at = 1;
  let exponentLength = raw[0] as number;
  if (exponentLength === 0) {
    if (raw.length < 3) throw new KeyFormatError('the RSA key ends inside its exponent length');
    exponentLength = raw.readUInt16BE(1);
    at = 3;
  }
  if (exponentLength === 0) throw new KeyFormatError('the RSA exponent is empty');
  const exponent = raw.subarray(at, at + exponentLength);
  const modulus = raw.subarray(at + exponentLength);
  if (exponent.length < exponentLength) throw new KeyFormatError(`the RSA key ends inside its ${exponentLength}-octet exponent`);
  if (modulus.length === 0) throw new KeyFormatError('the RSA key has no modulus');
  return createPublicKey({ key: { kty: 'RSA', n: modulus.toString('base64url'), e: exponent.toString('base64url') }, format: 'jwk' });
}

/** RFC 6605 4: x ‖ y, each the curve's size. */
const ecKey = (crv: 'P-256' | 'P-384', size: number) => (raw: Buffer) => {
  if (raw.length !== 2 * size) throw new KeyFormatError(`a ${crv} key is ${2 * size} octets (x ‖ y), this one is ${raw.length}`);
  return createPublicKey({
    key: { kty: 'EC', crv, x: raw.subarray(0, size).toString('base64url'), y: raw.subarray(size).toString('base64url') },
    format: 'jwk',
  });
};

/** RFC 8080 3: the raw public key. */
const edKey = (crv: 'Ed25519' | 'Ed448', size: number) => (raw: Buffer) => {
  if (raw.length !== size) throw new KeyFormatError(`an ${crv} key is ${size} octets, this one is ${raw.length}`);
  return createPublicKey({ key: { kty: 'OKP', crv, x: raw.toString('base64url') }, format: 'jwk' });
};

const SCHEMES: Record<number, Scheme> = {
  5: { hash: 'sha1', name: 'RSASHA1', key: rsaKey },
  7: { hash: 'sha1', name: 'RSASHA1-NSEC3-SHA1', key: rsaKey },
  8: { hash: 'sha256', name: 'RSASHA256', key: rsaKey },
  10: { hash: 'sha512', name: 'RSASHA512', key: rsaKey },
  13: { hash: 'sha256', name: 'ECDSAP256SHA256', key: ecKey('P-256', 32), signatureLength: 64, dsaEncoding: 'ieee-p1363' },
  14: { hash: 'sha384', name: 'ECDSAP384SHA384', key: ecKey('P-384', 48), signatureLength: 96, dsaEncoding: 'ieee-p1363' },
  15: { hash: null, name: 'ED25519', key: edKey('Ed25519', 32), signatureLength: 64 },
  16: { hash: null, name: 'ED448', key: edKey('Ed448', 57), signatureLength: 114 },
};

/**
 * The key object of a DNSKEY's public key, or why it cannot be read. Kept (at most
 * MAX_PUBLIC_KEYS, the oldest dropped first): a zone's few keys verify every RRset of every check
 * of it, and building the key object cost about as much as the verification itself.
 */
function publicKeyOf(scheme: Scheme, algorithm: number, publicKey: string): KeyObject | string {
  return PUBLIC_KEYS.through(`${algorithm} ${publicKey}`, () => {
    try {
      return scheme.key(Buffer.from(publicKey, 'base64'));
    } catch (e) {
      return e instanceof KeyFormatError ? e.message : `node:crypto rejects it (${(e as Error).message})`;
    }
  });
}

const MAX_PUBLIC_KEYS = 1024;
const PUBLIC_KEYS = new KeptTable<string, KeyObject | string>(MAX_PUBLIC_KEYS);

/**
 * Whether `signature` over `data` verifies with the key: true, false, or why it cannot be checked.
 * The answer depends on those bytes alone, so it is kept (at most MAX_VERDICTS, the oldest dropped
 * first), keyed by the algorithm, key, signature and a SHA-256 of the signed data: the root's and
 * the TLDs' signatures, met by every check, and a zone's, met by each of its checks, are verified once.
 */
function cryptoVerdict(scheme: Scheme, rrsig: RrsigData, key: DnskeyData, publicKey: KeyObject, signed: SignedData, signature: Buffer): boolean | string {
  return VERDICTS.through(`${rrsig.algorithm} ${key.publicKey} ${rrsig.signature} ${signed.digest}`, () => {
    try {
      return verify(scheme.hash, signed.data, scheme.dsaEncoding ? { key: publicKey, dsaEncoding: scheme.dsaEncoding } : publicKey, signature);
    } catch (e) {
      return (e as Error).message;
    }
  });
}

const MAX_VERDICTS = 8192;
const VERDICTS = new KeptTable<string, boolean | string>(MAX_VERDICTS);

interface SignedData {
  /** What the RRSIG signs (RFC 4034 3.1.8.1), and its SHA-256: the verdict's key. */
  data: Buffer;
  digest: string;
}

/**
 * The signed data of an RRSIG over an RRset, kept with the RRSIG while the records are the very
 * same objects. Decoded replies are shared and frozen (lib/dns/transport/classify-reply.ts), so the
 * same RRSIG and records come back for each server that gave the same bytes and for each probe
 * that met them; putting them in canonical form and hashing them was ≈18% of building a report
 * with a trust anchor. Weakly held: it goes with the reply.
 */
const SIGNED = new WeakMap<RrsigData, { rrset: readonly ResourceRecord[]; signed: SignedData }>();

function signedDataOf(rrsig: RrsigData, rrset: readonly ResourceRecord[]): SignedData {
  const known = SIGNED.get(rrsig);
  if (known && known.rrset.length === rrset.length && known.rrset.every((rr, i) => rr === rrset[i])) return known.signed;
  const data = rrsigSignedData(rrsig, rrset);
  const signed = { data, digest: createHash('sha256').update(data).digest('base64') };
  // Only what cannot change: a mutable RRSIG or record could differ the next time it is met.
  if (Object.isFrozen(rrsig) && rrset.every((rr) => Object.isFrozen(rr) && Object.isFrozen(rr.data))) SIGNED.set(rrsig, { rrset: [...rrset], signed });
  return signed;
}

function checkOf(rrsig: RrsigData, status: SignatureStatus, detail: string): SignatureCheck {
  return {
    status,
    detail,
    keyTag: rrsig.keyTag,
    algorithm: rrsig.algorithm,
    signer: rrsig.signerName,
    typeCovered: rrsig.typeCovered,
    inception: rrsig.inception,
    expiration: rrsig.expiration,
  };
}

const sigName = (rrsig: RrsigData) => `RRSIG ${rrsig.typeCovered} by key ${rrsig.keyTag} (algorithm ${rrsig.algorithm}) of ${rrsig.signerName}`;

/** Check one RRSIG over `rrset` with one DNSKEY. Never throws. */
export function verifyRrsig(rrset: readonly ResourceRecord[], rrsig: RrsigData, key: DnskeyData, opts: VerifyOptions): SignatureCheck {
  const result = (status: SignatureStatus, detail: string) => checkOf(rrsig, status, detail);
  const what = sigName(rrsig);

  const scheme = SCHEMES[rrsig.algorithm];
  if (!scheme) return result('unsupported-algorithm', `${what}: algorithm ${rrsig.algorithm} is not one we validate (RFC 4035 5.2: treated as unsigned)`);

  let tag: number;
  try {
    tag = keyTagOf(key);
  } catch (e) {
    return result('invalid', `${what}: the DNSKEY cannot be encoded: ${(e as Error).message}`);
  }
  if (tag !== rrsig.keyTag || key.algorithm !== rrsig.algorithm) {
    return result('no-key', `${what}: the key given is ${tag}/${key.algorithm}, not the one the signature names`);
  }
  if (opts.zone !== undefined && canonicalName(opts.zone) !== canonicalName(rrsig.signerName)) {
    return result('no-key', `${what}: the key is ${canonicalName(opts.zone)}'s, the signer is another zone (RFC 4035 5.3.1)`);
  }
  if ((key.flags & ZONE_FLAG) === 0) return result('invalid', `${what}: the key has flags ${key.flags}, without the Zone Key bit (RFC 4034 2.1.1)`);
  if (key.protocol !== 3) return result('invalid', `${what}: the key has protocol ${key.protocol}, not 3 (RFC 4034 2.1.2)`);

  const first = rrset[0];
  if (!first) return result('invalid', `${what}: no records to verify`);
  if (first.type.toUpperCase() !== rrsig.typeCovered.toUpperCase()) return result('invalid', `${what}: the RRset is ${first.type}`);
  const ownerLabels = labels(first.name);
  const counted = ownerLabels[0] === '*' ? ownerLabels.length - 1 : ownerLabels.length;
  if (rrsig.labels > counted) {
    return result('invalid', `${what}: Labels ${rrsig.labels} is more than the ${counted} labels of ${first.name} (RFC 4035 5.3.1)`);
  }
  if (!isSubdomain(first.name, rrsig.signerName)) {
    return result('invalid', `${what}: the signer is not ${first.name} or above it (RFC 4035 5.3.1)`);
  }
  if (compareSerial32(rrsig.expiration, rrsig.inception) < 0) return result('invalid', `${what}: the expiration is before the inception`);

  let signed: SignedData;
  try {
    signed = signedDataOf(rrsig, rrset);
  } catch (e) {
    return result('invalid', `${what}: the RRset cannot be put in canonical form: ${(e as Error).message}`);
  }
  const publicKey = publicKeyOf(scheme, rrsig.algorithm, key.publicKey);
  if (typeof publicKey === 'string') return result('invalid', `${what}: the ${scheme.name} public key is malformed: ${publicKey}`);
  const signature = Buffer.from(rrsig.signature, 'base64');
  if (scheme.signatureLength !== undefined && signature.length !== scheme.signatureLength) {
    return result('invalid', `${what}: a ${scheme.name} signature is ${scheme.signatureLength} octets, this one is ${signature.length}`);
  }
  const verdict = cryptoVerdict(scheme, rrsig, key, publicKey, signed, signature);
  if (verdict !== true)
    return result('invalid', `${what}: ${verdict === false ? 'the signature does not match the RRset' : `the signature cannot be checked: ${verdict}`}`);

  const skew = opts.skewSeconds ?? DEFAULT_SKEW_SECONDS;
  const now = Math.floor(opts.now);
  const at = (seconds: number) => new Date(seconds * 1000).toISOString().replace('.000Z', 'Z');
  if (compareSerial32(now - skew, rrsig.expiration) > 0) return result('expired', `${what}: expired at ${at(rrsig.expiration)}`);
  if (compareSerial32(now + skew, rrsig.inception) < 0) return result('not-yet-valid', `${what}: valid only from ${at(rrsig.inception)}`);
  return result('valid', `${what}: verifies, valid ${at(rrsig.inception)} to ${at(rrsig.expiration)}`);
}

/**
 * Every RRSIG against every key with its key tag and algorithm (RFC 4035 5.3.1); an RRSIG no key
 * fits gives one 'no-key' check. Secure when at least one check is 'valid'.
 */
export function verifyRrset(
  rrset: readonly ResourceRecord[],
  rrsigs: readonly RrsigData[],
  keys: readonly DnskeyData[],
  opts: VerifyOptions,
): { secure: boolean; checks: SignatureCheck[] } {
  const tagged = keys.flatMap((key) => {
    try {
      return [{ key, tag: keyTagOf(key) }];
    } catch {
      return [];
    }
  });
  const checks: SignatureCheck[] = [];
  for (const rrsig of rrsigs) {
    const fitting = tagged.filter((k) => k.tag === rrsig.keyTag && k.key.algorithm === rrsig.algorithm);
    if (fitting.length === 0) {
      const status = SCHEMES[rrsig.algorithm] ? 'no-key' : 'unsupported-algorithm';
      const why = status === 'no-key' ? 'no DNSKEY with that key tag and algorithm' : `algorithm ${rrsig.algorithm} is not one we validate`;
      checks.push(checkOf(rrsig, status, `${sigName(rrsig)}: ${why}`));
      continue;
    }
    for (const { key } of fitting) checks.push(verifyRrsig(rrset, rrsig, key, opts));
  }
  return { secure: checks.some((c) => c.status === 'valid'), checks };
}
