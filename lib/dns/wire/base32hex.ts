// Base 32 with the extended hex alphabet (RFC 4648 7), without padding: the form of NSEC3 hashed
// owner names (RFC 5155 1.3, 3.3). Isomorphic. Lowercase out; either case in.
import { wireFail } from '@/lib/dns/wire/wire-error';

const ALPHABET = '0123456789abcdefghijklmnopqrstuv';

export function encodeBase32hex(bytes: Uint8Array): string {
  let out = '';
  let bits = 0;
  let value = 0;
  for (const b of bytes) {
    value = (value << 8) | b;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
    value &= (1 << bits) - 1;
  }
  if (bits > 0) out += ALPHABET[(value << (5 - bits)) & 31];
  return out;
}

/**
 * Unpadded base32hex → octets. Throws WireFormatError('bad-input') on a character outside the
 * alphabet, a length no octet string has (1, 3 or 6 mod 8), or non-zero leftover bits.
 */
export function decodeBase32hex(text: string): Uint8Array {
  const lower = text.toLowerCase();
  if (!/^[0-9a-v]*$/.test(lower)) wireFail('bad-input', `"${text}" is not base32hex (RFC 4648 7: 0-9, a-v)`);
  if ([1, 3, 6].includes(lower.length % 8)) wireFail('bad-input', `"${text}" is not base32hex: ${lower.length} characters encode no whole octets`);
  const out: number[] = [];
  let bits = 0;
  let value = 0;
  for (const c of lower) {
    value = (value << 5) | ALPHABET.indexOf(c);
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
    value &= (1 << bits) - 1;
  }
  if (value !== 0) wireFail('bad-input', `"${text}" is not canonical base32hex: its last character has bits beyond the data`);
  return Uint8Array.from(out);
}
