// Mnemonics for types, classes, rcodes and opcodes, with the RFC 3597 fallbacks (TYPE65, CLASS9).
// Our own table rather than dns-packet's: it maps names it lacks (CSYNC) to 0 and invents
// `UNKNOWN_62` where presentation format says `TYPE62`.
import type { Rcode, RRType } from '@/lib/dns/wire/types';

const TYPES: Record<string, number> = {
  A: 1,
  NS: 2,
  MD: 3,
  MF: 4,
  CNAME: 5,
  SOA: 6,
  MB: 7,
  MG: 8,
  MR: 9,
  NULL: 10,
  WKS: 11,
  PTR: 12,
  HINFO: 13,
  MINFO: 14,
  MX: 15,
  TXT: 16,
  RP: 17,
  AFSDB: 18,
  X25: 19,
  ISDN: 20,
  RT: 21,
  NSAP: 22,
  'NSAP-PTR': 23,
  SIG: 24,
  KEY: 25,
  PX: 26,
  GPOS: 27,
  AAAA: 28,
  LOC: 29,
  NXT: 30,
  SRV: 33,
  NAPTR: 35,
  KX: 36,
  CERT: 37,
  A6: 38,
  DNAME: 39,
  OPT: 41,
  APL: 42,
  DS: 43,
  SSHFP: 44,
  IPSECKEY: 45,
  RRSIG: 46,
  NSEC: 47,
  DNSKEY: 48,
  DHCID: 49,
  NSEC3: 50,
  NSEC3PARAM: 51,
  TLSA: 52,
  SMIMEA: 53,
  HIP: 55,
  CDS: 59,
  CDNSKEY: 60,
  OPENPGPKEY: 61,
  CSYNC: 62,
  ZONEMD: 63,
  SVCB: 64,
  HTTPS: 65,
  SPF: 99,
  NID: 104,
  L32: 105,
  L64: 106,
  LP: 107,
  EUI48: 108,
  EUI64: 109,
  TKEY: 249,
  TSIG: 250,
  IXFR: 251,
  AXFR: 252,
  MAILB: 253,
  MAILA: 254,
  ANY: 255,
  URI: 256,
  CAA: 257,
  AVC: 258,
  DOA: 259,
  AMTRELAY: 260,
  RESINFO: 261,
  TA: 32768,
  DLV: 32769,
};
const TYPE_NAMES = new Map<number, string>(Object.entries(TYPES).map(([k, v]) => [v, k]));

const CLASSES: Record<string, number> = { IN: 1, CH: 3, HS: 4, NONE: 254, ANY: 255 };
const CLASS_NAMES = new Map<number, string>(Object.entries(CLASSES).map(([k, v]) => [v, k]));

const RCODES: Record<string, number> = {
  NOERROR: 0,
  FORMERR: 1,
  SERVFAIL: 2,
  NXDOMAIN: 3,
  NOTIMP: 4,
  REFUSED: 5,
  YXDOMAIN: 6,
  YXRRSET: 7,
  NXRRSET: 8,
  NOTAUTH: 9,
  NOTZONE: 10,
  BADVERS: 16,
};
const RCODE_NAMES = new Map<number, string>(Object.entries(RCODES).map(([k, v]) => [v, k]));

const OPCODES: Record<string, number> = { QUERY: 0, IQUERY: 1, STATUS: 2, NOTIFY: 4, UPDATE: 5, DSO: 6 };
const OPCODE_NAMES = new Map<number, string>(Object.entries(OPCODES).map(([k, v]) => [v, k]));

function generic(prefix: string, text: string, max: number): number | undefined {
  if (!text.toUpperCase().startsWith(prefix)) return undefined;
  const digits = text.slice(prefix.length);
  if (!/^\d{1,5}$/.test(digits)) return undefined;
  const n = Number(digits);
  return n <= max ? n : undefined;
}

/** `A` → 1, `TYPE62` → 62 (RFC 3597 5), a number passes through; undefined when unknown. */
export function typeNumber(type: RRType | number): number | undefined {
  if (typeof type === 'number') return Number.isInteger(type) && type >= 0 && type <= 0xffff ? type : undefined;
  const upper = type.toUpperCase();
  return TYPES[upper] ?? generic('TYPE', upper, 0xffff) ?? generic('UNKNOWN_', upper, 0xffff);
}

/** 62 → `CSYNC`; a number without a mnemonic → `TYPE<n>` (RFC 3597 5). */
export function typeName(type: number): RRType {
  return TYPE_NAMES.get(type) ?? `TYPE${type}`;
}

export function classNumber(klass: string | number): number | undefined {
  if (typeof klass === 'number') return Number.isInteger(klass) && klass >= 0 && klass <= 0xffff ? klass : undefined;
  const upper = klass.toUpperCase();
  return CLASSES[upper] ?? generic('CLASS', upper, 0xffff);
}

export function className(klass: number): string {
  return CLASS_NAMES.get(klass) ?? `CLASS${klass}`;
}

/** The full 12-bit rcode (RFC 6891 6.1.3: 8 bits in OPT above the header's 4) → its mnemonic. */
export function rcodeName(rcode: number): Rcode {
  return (RCODE_NAMES.get(rcode) as Rcode | undefined) ?? `RCODE${rcode}`;
}

export function rcodeNumber(rcode: Rcode | string): number | undefined {
  const upper = rcode.toUpperCase();
  return RCODES[upper] ?? generic('RCODE', upper, 0xfff);
}

export function opcodeName(opcode: number): string {
  return OPCODE_NAMES.get(opcode) ?? `OPCODE${opcode}`;
}

export function opcodeNumber(opcode: string): number | undefined {
  const upper = opcode.toUpperCase();
  return OPCODES[upper] ?? generic('OPCODE', upper, 15);
}
