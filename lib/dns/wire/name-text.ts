// Presentation form of domain names (RFC 1035 5.1) ↔ labels as raw octets. Isomorphic: no Node
// APIs, so the browser can use it too.
//
// Why our own and not dns-packet's: dns-packet joins labels with `.` (a label `a.b` comes back
// as two labels) and reads octets as UTF-8 (0xff becomes U+FFFD), so distinct names collapse
// into one string and cannot be encoded back. Here every octet survives the round trip.
import { wireFail } from '@/lib/dns/wire/wire-error';

export const MAX_LABEL_OCTETS = 63;
/** Including the root label's length octet (RFC 1035 2.3.4). */
export const MAX_NAME_OCTETS = 255;

const utf8 = new TextEncoder();

function pushChar(out: number[], ch: string): void {
  const code = ch.charCodeAt(0);
  if (code < 0x80) out.push(code);
  else for (const b of utf8.encode(ch)) out.push(b);
}

/**
 * Parse a name in presentation form into its labels (root: none). The trailing dot is optional:
 * every name is taken as absolute. Escapes: `\DDD` (decimal octet) and `\X` (X itself).
 * Characters outside ASCII are taken as their UTF-8 octets. Throws WireFormatError.
 */
export function parseName(name: string): Uint8Array[] {
  if (name === '' || name === '.') return [];
  const labels: Uint8Array[] = [];
  let current: number[] = [];
  let total = 1;
  const endLabel = (at: number) => {
    if (current.length === 0) wireFail('bad-name', `empty label in "${name}"`, at);
    if (current.length > MAX_LABEL_OCTETS) {
      wireFail('label-too-long', `a label of ${current.length} octets in "${name}" (at most ${MAX_LABEL_OCTETS})`);
    }
    total += current.length + 1;
    labels.push(Uint8Array.from(current));
    current = [];
  };
  const chars = Array.from(name);
  let i = 0;
  while (i < chars.length) {
    const ch = chars[i] as string;
    if (ch === '\\') {
      const next = chars[i + 1];
      if (next === undefined) wireFail('bad-name', `a trailing backslash in "${name}"`);
      if (/[0-9]/.test(next)) {
        const digits = chars.slice(i + 1, i + 4).join('');
        if (!/^[0-9]{3}$/.test(digits)) wireFail('bad-name', `\\DDD needs three digits in "${name}"`);
        const value = Number(digits);
        if (value > 255) wireFail('bad-name', `\\${digits} is more than 255 in "${name}"`);
        current.push(value);
        i += 4;
      } else {
        pushChar(current, next);
        i += 2;
      }
    } else if (ch === '.') {
      endLabel(i);
      i += 1;
    } else {
      pushChar(current, ch);
      i += 1;
    }
  }
  if (current.length > 0) endLabel(i);
  if (total > MAX_NAME_OCTETS) wireFail('name-too-long', `"${name}" is ${total} octets on the wire (at most ${MAX_NAME_OCTETS})`);
  return labels;
}

// Escaped with a backslash as BIND's dig prints them: the label separator, the escape itself, and
// the characters that are special in master files (RFC 1035 5.1).
const SPECIAL = new Set([0x2e, 0x5c, 0x22, 0x28, 0x29, 0x3b, 0x40, 0x24]);

// Each octet's presentation text, worked out once: every name decoded from a reply is written
// octet by octet (≈3% of a check's CPU when each octet was tested against the set and padded).
export const OCTET_TEXT: readonly string[] = Array.from({ length: 256 }, (_, b) => {
  if (SPECIAL.has(b)) return '\\' + String.fromCharCode(b);
  if (b >= 0x21 && b <= 0x7e) return String.fromCharCode(b);
  return '\\' + String(b).padStart(3, '0');
});

/** One label's octets in presentation form: `\.`, `\\`, and `\DDD` outside 0x21-0x7e. */
export function labelToText(label: Uint8Array): string {
  let out = '';
  for (let i = 0; i < label.length; i++) out += OCTET_TEXT[label[i] as number];
  return out;
}

/** Labels → absolute presentation form with the trailing dot; no labels → `.`. */
export function labelsToName(labels: readonly Uint8Array[]): string {
  if (labels.length === 0) return '.';
  let out = '';
  for (const label of labels) out += labelToText(label) + '.';
  return out;
}

/** RFC 4034 6.2: only US-ASCII uppercase letters are folded. */
export function lowercaseLabel(label: Uint8Array): Uint8Array {
  const out = Uint8Array.from(label);
  for (let i = 0; i < out.length; i++) {
    const b = out[i] as number;
    if (b >= 0x41 && b <= 0x5a) out[i] = b + 0x20;
  }
  return out;
}

/** The uncompressed wire form of parsed labels, root label included. */
export function labelsToWire(labels: readonly Uint8Array[]): Uint8Array {
  let length = 1;
  for (const l of labels) length += l.length + 1;
  const out = new Uint8Array(length);
  let at = 0;
  for (const l of labels) {
    out[at++] = l.length;
    out.set(l, at);
    at += l.length;
  }
  out[at] = 0;
  return out;
}
