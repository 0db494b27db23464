// The NSEC3 hashed owner name (RFC 5155 5): IH(salt, x, 0) = H(x ‖ salt),
// IH(salt, x, k) = H(IH(salt, x, k-1) ‖ salt), x the name in canonical wire form, k the iteration
// count. Server side (node:crypto).
import { createHash } from 'node:crypto';
import { encodeBase32hex } from '@/lib/dns/wire/base32hex';
import { canonicalName } from '@/lib/dns/wire/name';
import { encodeName } from '@/lib/dns/wire/name-codec';

/** IANA "DNSSEC NSEC3 Hash Algorithms": 1 is SHA-1, the only one assigned. */
export const NSEC3_SHA1 = 1;

/**
 * The first label of `name`'s NSEC3 owner: base32hex, lowercase, unpadded. Throws an Error for a
 * hash algorithm other than 1 (callers check first: a denial with one is unprovable, not broken),
 * an iteration count outside 0..65535, or a salt that is not hex.
 */
export function nsec3Hash(name: string, algorithm: number, iterations: number, saltHex: string): string {
  if (algorithm !== NSEC3_SHA1) throw new Error(`NSEC3 hash algorithm ${algorithm} is not supported (only 1, SHA-1)`);
  if (!Number.isInteger(iterations) || iterations < 0 || iterations > 0xffff) throw new Error(`NSEC3 iterations ${iterations} is not 0 to 65535`);
  if (!/^([0-9a-fA-F]{2})*$/.test(saltHex)) throw new Error(`NSEC3 salt "${saltHex}" is not hex`);
  const salt = Buffer.from(saltHex, 'hex');
  let digest = createHash('sha1')
    .update(encodeName(canonicalName(name)))
    .update(salt)
    .digest();
  for (let k = 0; k < iterations; k++) digest = createHash('sha1').update(digest).update(salt).digest();
  return encodeBase32hex(digest);
}
