// What a person typed → a domain name we can check. Pure and isomorphic: the form runs it in the
// browser for instant feedback, the API runs it again on the server.
import { toASCII } from 'tr46';

export type DomainErrorCode =
  'empty' | 'ip-address' | 'email-address' | 'empty-label' | 'label-too-long' | 'name-too-long' | 'invalid-character' | 'invalid-hyphen' | 'invalid-idn';

export type DomainResult =
  | { ok: true; /** A-labels, lowercase, no trailing dot: `xn--bcher-kva.de` */ domain: string; /** With the trailing dot. */ fqdn: string }
  | { ok: false; code: DomainErrorCode; message: string };

const fail = (code: DomainErrorCode, message: string): DomainResult => ({ ok: false, code, message });

const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;
// Anything with two colons or hex groups around colons, optionally bracketed: an IPv6 literal.
const IPV6 = /^\[?[0-9a-f:.]*:[0-9a-f:.]*\]?$/i;
// Letters, digits, hyphen and underscore (SRV/DMARC owners): RFC 952/1123 plus RFC 8552 underscores.
const LABEL = /^[a-z0-9_-]+$/;

/** Strip what people paste around a name: whitespace, a URL's scheme, path, port and credentials. */
function stripUrl(input: string): string {
  let s = input.trim();
  const scheme = /^[a-z][a-z0-9+.-]*:\/\//i.exec(s);
  if (scheme) s = s.slice(scheme[0].length);
  s = s.split(/[/?#]/, 1)[0] ?? '';
  if (scheme) {
    const at = s.lastIndexOf('@');
    if (at >= 0) s = s.slice(at + 1);
  }
  // host:port, but leave bare IPv6 literals to be recognised (and refused) below.
  const port = /^([^:\]]+):\d+$/.exec(s) ?? /^(\[[^\]]+\]):\d+$/.exec(s);
  if (port?.[1]) s = port[1];
  return s;
}

export function normalizeDomain(input: string): DomainResult {
  const raw = stripUrl(input);
  if (raw === '' || raw === '.') return fail('empty', 'Enter a domain name, such as example.com.');
  if (/\s/.test(raw)) return fail('invalid-character', 'A domain name cannot contain spaces.');
  if (raw.includes('@')) {
    return fail('email-address', `That looks like an e-mail address; enter the domain after the @ (${raw.slice(raw.lastIndexOf('@') + 1) || 'example.com'}).`);
  }
  if (IPV4.test(raw) || (raw.includes(':') && IPV6.test(raw))) {
    return fail('ip-address', 'That is an IP address; zonecut checks domain names, such as example.com.');
  }
  const name = raw.endsWith('.') ? raw.slice(0, -1) : raw;
  const labels = name.split('.');
  if (labels.some((l) => l === '')) return fail('empty-label', `"${raw}" has an empty label (two dots in a row, or a leading dot).`);

  const isAscii = /^[\x20-\x7e]*$/.test(name);
  let ascii: string;
  if (isAscii) {
    ascii = name.toLowerCase();
  } else {
    // UTS #46 non-transitional (ß stays ß), with STD3 rules off so `_` survives; the length and
    // hyphen rules we check ourselves, below, to say exactly what is wrong.
    const mapped = toASCII(name, {
      checkHyphens: false,
      checkBidi: true,
      checkJoiners: true,
      useSTD3ASCIIRules: false,
      verifyDNSLength: false,
      transitionalProcessing: false,
    });
    if (mapped === null) return fail('invalid-idn', `"${raw}" is not a valid internationalised domain name.`);
    ascii = mapped.toLowerCase();
  }

  for (const label of ascii.split('.')) {
    if (label === '') return fail('empty-label', `"${raw}" has an empty label.`);
    if (label.length > 63) {
      return fail('label-too-long', `The label "${label.slice(0, 20)}…" is ${label.length} octets long; a label may have at most 63.`);
    }
    if (!LABEL.test(label)) {
      const bad = [...label].find((c) => !/[a-z0-9_-]/.test(c)) ?? '';
      return fail('invalid-character', `"${bad}" cannot appear in a domain name label (letters, digits, hyphen and underscore only).`);
    }
    if (label.startsWith('-') || label.endsWith('-')) {
      return fail('invalid-hyphen', `The label "${label}" starts or ends with a hyphen.`);
    }
    if (label.startsWith('xn--') && toASCII(label, { checkHyphens: true, useSTD3ASCIIRules: true, verifyDNSLength: true }) === null) {
      return fail('invalid-idn', `The label "${label}" is not valid Punycode.`);
    }
  }
  // RFC 1035 2.3.4: 255 octets on the wire = 253 characters in text without the root dot.
  if (ascii.length > 253) return fail('name-too-long', `The name is ${ascii.length} characters long; a domain name may have at most 253.`);
  return { ok: true, domain: ascii, fqdn: `${ascii}.` };
}
