// RFC 1035 5 master files → ResourceRecord[] in the types.ts shapes: the lab's zones and the
// trust anchor file are both written this way. Isomorphic (no Node APIs), like the rest of wire.
// Supported: $ORIGIN, $TTL (RFC 2308 4), relative names and `@`, omitted owner/TTL/class,
// parentheses across lines, comments, quoted strings, `\X` and `\DDD` escapes, BIND-style TTL
// units (1h30m), and RFC 3597 generic RDATA (`TYPE65 \# 3 abcdef`). Not supported: $INCLUDE,
// $GENERATE (a zone here is one self-contained file).
import type {
  CsyncData,
  DnskeyData,
  DsData,
  MxData,
  Nsec3Data,
  Nsec3ParamData,
  NsecData,
  RData,
  ResourceRecord,
  RrsigData,
  RRType,
  SoaData,
} from '@/lib/dns/wire/types';
import { decodeBase32hex, encodeBase32hex } from '@/lib/dns/wire/base32hex';
import { formatIpv4, formatIpv6, parseIpv4, parseIpv6 } from '@/lib/dns/wire/ip-address';
import { fqdn } from '@/lib/dns/wire/name';
import { labelsToName, parseName as parseLabels } from '@/lib/dns/wire/name-text';
import { className, classNumber, typeName, typeNumber } from '@/lib/dns/wire/rr-types';
import { WireFormatError } from '@/lib/dns/wire/wire-error';

export interface ZoneFileOptions {
  /** The initial $ORIGIN (absolute; a missing trailing dot is added). */
  origin?: string;
  /** The TTL for records that state none, before any $TTL. */
  defaultTtl?: number;
  /** For error messages: `file:line: …`. */
  fileName?: string;
}

export class ZoneFileError extends Error {
  readonly fileName: string;
  readonly line: number;

  constructor(fileName: string, line: number, message: string) {
    super(`${fileName}:${line}: ${message}`);
    this.name = 'ZoneFileError';
    this.fileName = fileName;
    this.line = line;
  }
}

interface Token {
  /** As written, escapes kept: names and strings decode them differently. */
  text: string;
  quoted: boolean;
  line: number;
}

/** One logical entry: a directive or a record, possibly spanning lines inside parentheses. */
interface Entry {
  line: number;
  /** Starts with blank space: the owner is the previous record's (RFC 1035 5.1). */
  indented: boolean;
  tokens: Token[];
}

const MAX_TTL = 0x7fffffff; // RFC 2181 8
const UINT32 = 0xffffffff;

export function parseZoneFile(text: string, options: ZoneFileOptions = {}): ResourceRecord[] {
  const fileName = options.fileName ?? '<zone>';
  const fail = (line: number, message: string): never => {
    throw new ZoneFileError(fileName, line, message);
  };

  let origin: string | undefined;
  if (options.origin !== undefined) {
    origin = parseName(options.origin.endsWith('.') ? options.origin : `${options.origin}.`, undefined, (m) => fail(0, m));
  }
  let dollarTtl: number | undefined;
  let lastTtl: number | undefined;
  let lastOwner: string | undefined;
  const records: ResourceRecord[] = [];

  for (const entry of tokenize(text, fail)) {
    const at = (line: number) => (m: string) => fail(line, m);
    const first = entry.tokens[0];
    if (!first) continue;

    if (!entry.indented && !first.quoted && first.text.startsWith('$')) {
      const directive = first.text.toUpperCase();
      const arg = entry.tokens[1];
      if (directive === '$ORIGIN') {
        if (!arg || entry.tokens.length > 2) fail(entry.line, '$ORIGIN takes exactly one domain name');
        origin = parseName(arg!.text, origin, at(entry.line));
      } else if (directive === '$TTL') {
        if (!arg || entry.tokens.length > 2) fail(entry.line, '$TTL takes exactly one TTL');
        dollarTtl = parseTtl(arg!.text, at(entry.line));
      } else if (directive === '$INCLUDE' || directive === '$GENERATE') {
        fail(entry.line, `${first.text} is not supported: a zone file here must be self-contained`);
      } else {
        fail(entry.line, `unknown directive ${first.text}`);
      }
      continue;
    }

    let i = 0;
    let owner: string;
    if (entry.indented) {
      if (lastOwner === undefined) fail(entry.line, 'a record with no owner name, and no previous record to take it from');
      owner = lastOwner!;
    } else {
      owner = parseName(first.text, origin, at(first.line));
      i = 1;
    }

    let ttl: number | undefined;
    let klass: string | undefined;
    // TTL and class may come in either order (RFC 1035 5.1), each at most once.
    for (let k = 0; k < 2; k++) {
      const t = entry.tokens[i];
      if (!t || t.quoted) break;
      if (ttl === undefined && /^\d/.test(t.text)) {
        ttl = parseTtl(t.text, at(t.line));
      } else if (klass === undefined && classNumber(t.text) !== undefined && typeNumber(t.text) === undefined) {
        klass = className(classNumber(t.text)!);
      } else {
        break;
      }
      i++;
    }

    const typeToken = entry.tokens[i++];
    if (!typeToken) fail(entry.line, 'missing record type');
    const number = typeNumber(typeToken!.text);
    if (number === undefined || typeToken!.quoted) fail(typeToken!.line, `unknown record type "${typeToken!.text}"`);
    const type = typeName(number!);
    if (type === 'OPT' || number === 0 || (number! >= 128 && number! <= 255)) {
      // RFC 6891 6.1.1 and RFC 6895 3.1: meta-types and QTYPEs have no place in a zone.
      fail(typeToken!.line, `${type} is a meta-type, not a record type`);
    }

    const effectiveTtl = ttl ?? dollarTtl ?? options.defaultTtl ?? lastTtl;
    if (effectiveTtl === undefined) fail(entry.line, 'no TTL: give one on the record or set $TTL');
    if (ttl !== undefined) lastTtl = ttl;

    const data = parseRdata(type, number!, entry.tokens.slice(i), origin, entry.line, fail);
    records.push({ name: owner, type, class: klass ?? 'IN', ttl: effectiveTtl!, data });
    lastOwner = owner;
  }
  return records;
}

function tokenize(text: string, fail: (line: number, message: string) => never): Entry[] {
  const entries: Entry[] = [];
  let line = 1;
  let depth = 0;
  let parenLine = 0;
  let entry: Entry | undefined;
  let token: Token | undefined;
  let atLineStart = true;

  const endToken = () => {
    if (token) (entry ??= { line: token.line, indented: false, tokens: [] }).tokens.push(token);
    token = undefined;
  };
  const endEntry = () => {
    endToken();
    if (entry && entry.tokens.length > 0) entries.push(entry);
    entry = undefined;
  };

  for (let p = 0; p < text.length; p++) {
    const c = text[p]!;
    if (atLineStart) {
      atLineStart = false;
      // Inside parentheses a new line continues the entry (RFC 1035 5.1).
      if (depth === 0) entry = { line, indented: c === ' ' || c === '\t', tokens: [] };
    }
    if (c === '\n') {
      endToken();
      if (depth === 0) endEntry();
      line++;
      atLineStart = true;
      continue;
    }
    if (c === '\r' || c === ' ' || c === '\t') {
      endToken();
      continue;
    }
    if (c === ';') {
      endToken();
      while (p + 1 < text.length && text[p + 1] !== '\n') p++;
      continue;
    }
    if (c === '(') {
      endToken();
      if (depth === 0) parenLine = line;
      depth++;
      continue;
    }
    if (c === ')') {
      endToken();
      if (depth === 0) fail(line, 'unbalanced ")"');
      depth--;
      continue;
    }
    if (c === '"') {
      endToken();
      const start = line;
      let s = '';
      for (p++; ; p++) {
        if (p >= text.length || text[p] === '\n') fail(start, 'unterminated quoted string');
        const q = text[p]!;
        if (q === '"') break;
        if (q === '\\' && p + 1 < text.length && text[p + 1] !== '\n') {
          s += q + text[++p];
          continue;
        }
        s += q;
      }
      (entry ??= { line: start, indented: false, tokens: [] }).tokens.push({ text: s, quoted: true, line: start });
      continue;
    }
    token ??= { text: '', quoted: false, line };
    if (c === '\\') {
      if (p + 1 >= text.length || text[p + 1] === '\n') fail(line, 'a backslash at the end of a line');
      token.text += c + text[++p];
      continue;
    }
    token.text += c;
  }
  if (depth > 0) fail(parenLine, 'unbalanced "(": no closing ")" before the end of the file');
  endEntry();
  return entries;
}

/** Presentation text with `\X` / `\DDD` escapes → octets (RFC 1035 5.1). */
function unescape(text: string, fail: (message: string) => never): number[] {
  const out: number[] = [];
  const utf8 = new TextEncoder();
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c !== '\\') {
      out.push(...utf8.encode(c));
      continue;
    }
    const d = text.slice(i + 1, i + 4);
    if (/^\d{3}$/.test(d)) {
      const v = Number(d);
      if (v > 255) fail(`bad escape \\${d}: above 255`);
      out.push(v);
      i += 3;
    } else if (/^\d/.test(d)) {
      fail(`bad escape \\${d}: \\DDD needs exactly three digits`);
    } else {
      const next = text[i + 1];
      if (next === undefined) fail('a backslash at the end of a token');
      out.push(...utf8.encode(next!));
      i++;
    }
  }
  return out;
}

/**
 * A presentation-form name → absolute, with the trailing dot; case kept (capture.ts keeps owner
 * case as evidence), escapes written one way (name-text's), so equal names are equal up to case.
 */
function parseName(text: string, origin: string | undefined, fail: (message: string) => never): string {
  if (text === '@') return origin ?? fail('"@" with no $ORIGIN');
  const absolute = fqdn(text) === text;
  if (!absolute && origin === undefined) fail(`relative name "${text}" with no $ORIGIN`);
  try {
    const labels = parseLabels(text);
    if (!absolute && labels.length === 0) fail(`empty name "${text}"`);
    // Parse the joined labels again so the 255-octet limit covers the origin as well.
    const joined = absolute ? labels : [...labels, ...parseLabels(origin!)];
    return labelsToName(parseLabels(labelsToName(joined)));
  } catch (e) {
    if (e instanceof WireFormatError) return fail(e.message);
    throw e;
  }
}

function parseTtl(text: string, fail: (message: string) => never): number {
  let seconds: number;
  if (/^\d+$/.test(text)) {
    seconds = Number(text);
  } else if (/^(\d+[wdhms])+$/i.test(text)) {
    const unit: Record<string, number> = { w: 604800, d: 86400, h: 3600, m: 60, s: 1 };
    seconds = 0;
    for (const [, n, u] of text.toLowerCase().matchAll(/(\d+)([wdhms])/g)) seconds += Number(n) * unit[u!]!;
  } else {
    return fail(`bad TTL "${text}"`);
  }
  if (seconds > MAX_TTL) fail(`TTL ${text} is above 2^31-1 (RFC 2181 8)`);
  return seconds;
}

function parseUint(token: Token | undefined, max: number, what: string, fail: (line: number, m: string) => never, entryLine: number): number {
  if (!token) return fail(entryLine, `missing ${what}`);
  if (token.quoted || !/^\d+$/.test(token.text)) return fail(token.line, `bad ${what} "${token.text}": expected a number`);
  const n = Number(token.text);
  if (n > max) fail(token.line, `${what} ${token.text} is above ${max}`);
  return n;
}

const ALGORITHMS: Record<string, number> = {
  RSAMD5: 1,
  DH: 2,
  DSA: 3,
  RSASHA1: 5,
  'DSA-NSEC3-SHA1': 6,
  'RSASHA1-NSEC3-SHA1': 7,
  RSASHA256: 8,
  RSASHA512: 10,
  'ECC-GOST': 12,
  ECDSAP256SHA256: 13,
  ECDSAP384SHA384: 14,
  ED25519: 15,
  ED448: 16,
  INDIRECT: 252,
  PRIVATEDNS: 253,
  PRIVATEOID: 254,
};

/** RFC 4034 2.2 / 5.2: the algorithm as a number or its mnemonic. */
function parseAlgorithm(token: Token | undefined, fail: (line: number, m: string) => never, entryLine: number): number {
  const mnemonic = token && ALGORITHMS[token.text.toUpperCase()];
  if (mnemonic !== undefined) return mnemonic;
  return parseUint(token, 255, 'algorithm', fail, entryLine);
}

function parseHex(tokens: Token[], what: string, fail: (line: number, m: string) => never, entryLine: number): string {
  // RFC 4034 5.3: the digest may be split by white space.
  const hex = tokens.map((t) => t.text).join('');
  if (hex === '' || !/^[0-9a-fA-F]+$/.test(hex) || hex.length % 2 !== 0) {
    fail(tokens[0]?.line ?? entryLine, `bad ${what}: expected an even number of hex digits`);
  }
  return hex.toLowerCase();
}

function parseBase64(tokens: Token[], what: string, fail: (line: number, m: string) => never, entryLine: number): string {
  // RFC 4034 2.2: base64 may be split by white space.
  const b64 = tokens.map((t) => t.text).join('');
  if (b64 === '' || !/^[A-Za-z0-9+/]*={0,2}$/.test(b64) || b64.length % 4 !== 0) {
    fail(tokens[0]?.line ?? entryLine, `bad ${what}: not base64`);
  }
  return b64;
}

/** RFC 4034 3.2: YYYYMMDDHHmmSS (UTC) or seconds since the epoch. */
function parseSigTime(token: Token | undefined, what: string, fail: (line: number, m: string) => never, entryLine: number): number {
  if (token && /^\d{14}$/.test(token.text)) {
    const m = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})$/.exec(token.text)!;
    const [y, mo, d, h, mi, s] = m.slice(1).map(Number) as [number, number, number, number, number, number];
    const ms = Date.UTC(y, mo - 1, d, h, mi, s);
    const back = new Date(ms);
    if (back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d || h > 23 || mi > 59 || s > 59) {
      fail(token.line, `bad ${what} "${token.text}"`);
    }
    // Serial arithmetic on the wire (RFC 4034 3.1.5): keep the low 32 bits.
    return (ms / 1000) % 2 ** 32;
  }
  return parseUint(token, UINT32, what, fail, entryLine);
}

function parseTypeList(tokens: Token[], fail: (line: number, m: string) => never): RRType[] {
  const numbers = new Set<number>();
  for (const t of tokens) {
    const n = typeNumber(t.text);
    if (n === undefined || t.quoted) fail(t.line, `unknown record type "${t.text}" in the type list`);
    numbers.add(n!);
  }
  // Bitmap order (RFC 4034 4.1.2): what the wire decoder gives back.
  return [...numbers].sort((a, b) => a - b).map(typeName);
}

function characterString(token: Token, fail: (line: number, m: string) => never): string {
  const octets = unescape(token.text, (m) => fail(token.line, m));
  if (octets.length > 255) fail(token.line, 'a character-string longer than 255 octets (RFC 1035 3.3)');
  // One character per octet (latin1), as the wire decoder gives TXT back: lossless.
  return String.fromCharCode(...octets);
}

function parseRdata(
  type: RRType,
  number: number,
  tokens: Token[],
  origin: string | undefined,
  entryLine: number,
  fail: (line: number, message: string) => never,
): RData {
  const line = tokens[0]?.line ?? entryLine;
  const name = (t: Token | undefined, what: string): string => {
    if (!t) return fail(entryLine, `missing ${what}`);
    if (t.quoted) return fail(t.line, `${what} cannot be a quoted string`);
    return parseName(t.text, origin, (m) => fail(t.line, m));
  };
  const exactly = (n: number) => {
    if (tokens.length > n) fail(tokens[n]!.line, `unexpected "${tokens[n]!.text}" after the ${type} data`);
    if (tokens.length < n) fail(entryLine, `${type} needs ${n} fields, got ${tokens.length}`);
  };
  const uint = (i: number, max: number, what: string) => parseUint(tokens[i], max, what, fail, entryLine);
  const address = (parse: () => string, family: string): string => {
    try {
      return parse();
    } catch {
      return fail(line, `bad ${family} address "${tokens[0]!.text}"`);
    }
  };

  if (tokens[0]?.text === '\\#' && !tokens[0].quoted) return parseGeneric(type, tokens, entryLine, fail);

  switch (type) {
    case 'A': {
      exactly(1);
      return address(() => formatIpv4(parseIpv4(tokens[0]!.text)), 'IPv4');
    }
    case 'AAAA': {
      exactly(1);
      return address(() => formatIpv6(parseIpv6(tokens[0]!.text)), 'IPv6');
    }
    case 'NS':
    case 'CNAME':
    case 'DNAME':
    case 'PTR':
      exactly(1);
      return name(tokens[0], `${type} target`);
    case 'MX': {
      exactly(2);
      const mx: MxData = { preference: uint(0, 0xffff, 'MX preference'), exchange: name(tokens[1], 'MX exchange') };
      return mx;
    }
    case 'TXT': {
      if (tokens.length === 0) fail(entryLine, 'TXT needs at least one character-string');
      return tokens.map((t) => characterString(t, fail));
    }
    case 'SOA': {
      exactly(7);
      const timer = (i: number, what: string) => {
        const t = tokens[i]!;
        return parseTtl(t.text, (m) => fail(t.line, m.replace('TTL', what)));
      };
      const soa: SoaData = {
        mname: name(tokens[0], 'SOA MNAME'),
        rname: name(tokens[1], 'SOA RNAME'),
        serial: uint(2, UINT32, 'SOA serial'),
        refresh: timer(3, 'refresh'),
        retry: timer(4, 'retry'),
        expire: timer(5, 'expire'),
        minimum: timer(6, 'minimum'),
      };
      return soa;
    }
    case 'DS':
    case 'CDS': {
      if (tokens.length < 4) fail(entryLine, `${type} needs key tag, algorithm, digest type and digest`);
      const ds: DsData = {
        keyTag: uint(0, 0xffff, 'key tag'),
        algorithm: parseAlgorithm(tokens[1], fail, entryLine),
        digestType: uint(2, 255, 'digest type'),
        digest: parseHex(tokens.slice(3), 'digest', fail, entryLine),
      };
      return ds;
    }
    case 'DNSKEY':
    case 'CDNSKEY': {
      if (tokens.length < 4) fail(entryLine, `${type} needs flags, protocol, algorithm and public key`);
      const key: DnskeyData = {
        flags: uint(0, 0xffff, 'flags'),
        protocol: uint(1, 255, 'protocol'),
        algorithm: parseAlgorithm(tokens[2], fail, entryLine),
        publicKey: parseBase64(tokens.slice(3), 'public key', fail, entryLine),
      };
      return key;
    }
    case 'RRSIG': {
      if (tokens.length < 9) fail(entryLine, 'RRSIG needs 9 fields');
      const covered = typeNumber(tokens[0]!.text);
      if (covered === undefined) fail(line, `unknown type covered "${tokens[0]!.text}"`);
      const sig: RrsigData = {
        typeCovered: typeName(covered!),
        algorithm: parseAlgorithm(tokens[1], fail, entryLine),
        labels: uint(2, 255, 'labels'),
        originalTtl: uint(3, UINT32, 'original TTL'),
        expiration: parseSigTime(tokens[4], 'expiration', fail, entryLine),
        inception: parseSigTime(tokens[5], 'inception', fail, entryLine),
        keyTag: uint(6, 0xffff, 'key tag'),
        signerName: name(tokens[7], 'signer name'),
        signature: parseBase64(tokens.slice(8), 'signature', fail, entryLine),
      };
      return sig;
    }
    case 'NSEC': {
      if (tokens.length < 1) fail(entryLine, 'NSEC needs a next domain name');
      const nsec: NsecData = { nextDomain: name(tokens[0], 'next domain name'), types: parseTypeList(tokens.slice(1), fail) };
      return nsec;
    }
    case 'NSEC3':
    case 'NSEC3PARAM': {
      // RFC 5155 3.3 / 4.3: algorithm, flags, iterations, salt (hex, `-` for none), then for NSEC3
      // the next hashed owner (base32hex) and the type list.
      const isNsec3 = type === 'NSEC3';
      if (isNsec3 ? tokens.length < 5 : tokens.length !== 4) {
        fail(
          tokens[4]?.line ?? entryLine,
          isNsec3 ? 'NSEC3 needs algorithm, flags, iterations, salt and next hashed owner' : 'NSEC3PARAM needs algorithm, flags, iterations and salt',
        );
      }
      const saltToken = tokens[3]!;
      const salt = saltToken.text === '-' ? '' : parseHex([saltToken], 'salt', fail, entryLine);
      if (salt.length > 510) fail(saltToken.line, 'salt longer than 255 octets');
      const params: Nsec3ParamData = {
        hashAlgorithm: uint(0, 255, 'hash algorithm'),
        flags: uint(1, 255, 'flags'),
        iterations: uint(2, 0xffff, 'iterations'),
        salt,
      };
      if (!isNsec3) return params;
      const nextToken = tokens[4]!;
      let nextHashedOwner = '';
      try {
        nextHashedOwner = encodeBase32hex(decodeBase32hex(nextToken.text));
      } catch (e) {
        if (!(e instanceof WireFormatError)) throw e;
        fail(nextToken.line, `bad next hashed owner: ${e.message}`);
      }
      if (nextHashedOwner === '' || nextHashedOwner.length > 408) fail(nextToken.line, 'next hashed owner must be 1 to 255 octets');
      const nsec3: Nsec3Data = { ...params, nextHashedOwner, types: parseTypeList(tokens.slice(5), fail) };
      return nsec3;
    }
    case 'CSYNC': {
      if (tokens.length < 2) fail(entryLine, 'CSYNC needs a serial and flags');
      const csync: CsyncData = {
        serial: uint(0, UINT32, 'CSYNC serial'),
        flags: uint(1, 0xffff, 'CSYNC flags'),
        types: parseTypeList(tokens.slice(2), fail),
      };
      return csync;
    }
    default:
      return fail(line, `${type} has no presentation-form parser here: write it in RFC 3597 form (TYPE${number} \\# <length> <hex>)`);
  }
}

/** RFC 3597 5: `\# <length> <hex>`; only for types we keep as opaque data. */
function parseGeneric(type: RRType, tokens: Token[], entryLine: number, fail: (line: number, m: string) => never): RData {
  const line = tokens[0]!.line;
  const length = parseUint(tokens[1], 0xffff, 'RDATA length', fail, entryLine);
  const hex = tokens.length > 2 ? parseHex(tokens.slice(2), 'RDATA', fail, entryLine) : '';
  if (hex.length / 2 !== length) fail(line, `RDATA length ${length} does not match ${hex.length / 2} octets of data`);
  if (MODELLED.has(type)) {
    // The same record read from the wire would come back in its structured form; parsing it from
    // octets here would duplicate the codec, so ask for the presentation form instead.
    fail(line, `write ${type} in its presentation form, not RFC 3597 generic form`);
  }
  return { unknown: hex };
}

const MODELLED = new Set<RRType>([
  'A',
  'AAAA',
  'NS',
  'CNAME',
  'DNAME',
  'PTR',
  'MX',
  'TXT',
  'SOA',
  'DS',
  'CDS',
  'DNSKEY',
  'CDNSKEY',
  'RRSIG',
  'NSEC',
  'NSEC3',
  'NSEC3PARAM',
  'CSYNC',
]);
