// A and AAAA text ↔ octets. Ours, because dns-packet's ip codec encodes garbage without a word
// (`300.1.1.1` → 2c010101, `x` → 48000000), and a lab zone with a typo must fail loudly.
// Isomorphic: no Node APIs.
import { wireFail } from '@/lib/dns/wire/wire-error';

export function parseIpv4(text: string): Uint8Array {
  const parts = text.split('.');
  if (parts.length !== 4 || !parts.every((p) => /^(0|[1-9][0-9]{0,2})$/.test(p) && Number(p) <= 255)) {
    wireFail('bad-input', `not an IPv4 address: "${text}"`);
  }
  return Uint8Array.from(parts.map(Number));
}

export function formatIpv4(octets: Uint8Array): string {
  // Every A record read goes through here: no array built for the usual four octets.
  if (octets.length === 4) return `${octets[0]}.${octets[1]}.${octets[2]}.${octets[3]}`;
  return Array.from(octets).join('.');
}

export function parseIpv6(text: string): Uint8Array {
  const fail = (): never => wireFail('bad-input', `not an IPv6 address: "${text}"`);
  let head = text;
  const tail: number[] = [];
  if (head.includes('.')) {
    // An embedded IPv4 tail (::ffff:192.0.2.1) is the last two groups.
    const colon = head.lastIndexOf(':');
    if (colon < 0) fail();
    const v4 = parseIpv4(head.slice(colon + 1));
    tail.push(((v4[0] ?? 0) << 8) | (v4[1] ?? 0), ((v4[2] ?? 0) << 8) | (v4[3] ?? 0));
    head = head.slice(0, colon + 1);
    if (!head.endsWith('::')) head = head.slice(0, -1);
  }
  const halves = head.split('::');
  if (halves.length > 2) fail();
  const groups = (s: string | undefined) => (s ? s.split(':') : []);
  const left = groups(halves[0]);
  const right = groups(halves[1]);
  if (![...left, ...right].every((g) => /^[0-9a-fA-F]{1,4}$/.test(g))) fail();
  const given = left.length + right.length + tail.length;
  const fill = halves.length === 2 ? 8 - given : 0;
  if (halves.length === 2 ? fill < 1 : given !== 8) fail();
  const words = [...left.map((g) => parseInt(g, 16)), ...new Array<number>(fill).fill(0), ...right.map((g) => parseInt(g, 16)), ...tail];
  const out = new Uint8Array(16);
  words.forEach((w, i) => {
    out[i * 2] = w >> 8;
    out[i * 2 + 1] = w & 0xff;
  });
  return out;
}

/** RFC 5952: lowercase, the longest run of two or more zero groups as `::`, IPv4-mapped dotted. */
export function formatIpv6(octets: Uint8Array): string {
  const words: number[] = [];
  for (let i = 0; i < 16; i += 2) words.push(((octets[i] ?? 0) << 8) | (octets[i + 1] ?? 0));
  if (words.slice(0, 5).every((w) => w === 0) && words[5] === 0xffff) {
    return '::ffff:' + formatIpv4(octets.subarray(12, 16));
  }
  let bestStart = -1;
  let bestLength = 1;
  for (let i = 0; i < 8;) {
    if (words[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && words[j] === 0) j++;
    if (j - i > bestLength) {
      bestStart = i;
      bestLength = j - i;
    }
    i = j;
  }
  const hex = words.map((w) => w.toString(16));
  if (bestStart < 0) return hex.join(':');
  return hex.slice(0, bestStart).join(':') + '::' + hex.slice(bestStart + bestLength).join(':');
}
