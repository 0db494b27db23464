// The NSEC type bitmap (RFC 4034 4.1.2), shared by NSEC and CSYNC (RFC 7477 2.1.1). Ours rather
// than dns-packet's: that one names unknown types `UNKNOWN_n`, encodes unknown mnemonics as type
// 0, and accepts windows out of order or longer than 32 octets.
import type { RRType } from '@/lib/dns/wire/types';
import { typeName, typeNumber } from '@/lib/dns/wire/rr-types';
import { wireFail } from '@/lib/dns/wire/wire-error';

/** Read the bitmap in `buf[start, end)`. Throws WireFormatError('bad-rdata'). */
export function decodeTypeBitmap(buf: Uint8Array, start: number, end: number): RRType[] {
  const types: RRType[] = [];
  let pos = start;
  let lastWindow = -1;
  while (pos < end) {
    if (pos + 2 > end) wireFail('bad-rdata', `type bitmap window header cut short at ${pos}`, pos);
    const window = buf[pos] as number;
    const length = buf[pos + 1] as number;
    if (window <= lastWindow) wireFail('bad-rdata', `type bitmap window ${window} after window ${lastWindow} (RFC 4034 4.1.2: increasing order)`, pos);
    if (length < 1 || length > 32) wireFail('bad-rdata', `type bitmap window of ${length} octets (1 to 32)`, pos);
    if (pos + 2 + length > end) wireFail('bad-rdata', `type bitmap window runs past the RDATA at ${pos}`, pos);
    for (let i = 0; i < length; i++) {
      const octet = buf[pos + 2 + i] as number;
      for (let bit = 0; bit < 8; bit++) {
        if (octet & (0x80 >> bit)) types.push(typeName(window * 256 + i * 8 + bit));
      }
    }
    lastWindow = window;
    pos += 2 + length;
  }
  return types;
}

/** Types (mnemonics or TYPE<n>) → bitmap octets; order and duplicates do not matter. */
export function encodeTypeBitmap(types: readonly RRType[]): Uint8Array {
  const numbers = [...new Set(types.map((t) => typeNumber(t) ?? wireFail('unknown-type', `unknown type "${t}" in a type bitmap`)))].sort((a, b) => a - b);
  const out: number[] = [];
  let i = 0;
  while (i < numbers.length) {
    const window = (numbers[i] as number) >> 8;
    const bits = new Array<number>(32).fill(0);
    let highest = 0;
    while (i < numbers.length && (numbers[i] as number) >> 8 === window) {
      const low = (numbers[i] as number) & 0xff;
      bits[low >> 3] = (bits[low >> 3] as number) | (0x80 >> (low & 7));
      highest = low >> 3;
      i++;
    }
    out.push(window, highest + 1, ...bits.slice(0, highest + 1));
  }
  return Uint8Array.from(out);
}
