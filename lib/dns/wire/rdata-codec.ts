// RDATA for each type we model, both ways, mapped to the shapes in types.ts.
//
// dns-packet does SOA, MX, TXT, DS/CDS and RRSIG decoding (its names go through our codec, see
// name-codec.ts) and TXT, DS and RRSIG encoding. Ours where it falls short:
// - DNSKEY/CDNSKEY: dns-packet throws on protocol ≠ 3 (killing the whole message) and always
//   writes 3, so a lab server could not serve the broken key a check must find.
// - NSEC, CSYNC: see type-bitmap.ts; CSYNC is unknown to dns-packet.
// - NSEC3, NSEC3PARAM (RFC 5155 3.2, 4.2): dns-packet's NSEC3 has the bitmap faults above, and it
//   has no NSEC3PARAM.
// - NS/CNAME/DNAME/PTR: dns-packet trusts RDLENGTH for the octet count, hiding a name that
//   overruns it.
// - A/AAAA: see ip-address.ts.
// - SOA, MX, NS, CNAME, PTR encoding: dns-packet never compresses, and real servers do (RFC 3597
//   4 lists the types whose RDATA names may be compressed).
// Every other type is RFC 3597 opaque data, `{unknown: hex}`, both ways.
import dnsPacket from 'dns-packet';
import type { DnskeyData, DsData, MxData, Nsec3Data, Nsec3ParamData, RData, RrsigData, RRType, SoaData, UnknownData } from '@/lib/dns/wire/types';
import { decodeBase32hex, encodeBase32hex } from '@/lib/dns/wire/base32hex';
import { formatIpv4, formatIpv6, parseIpv4, parseIpv6 } from '@/lib/dns/wire/ip-address';
import { decodeName } from '@/lib/dns/wire/name-codec';
import { MessageWriter } from '@/lib/dns/wire/message-writer';
import { typeName, typeNumber } from '@/lib/dns/wire/rr-types';
import { decodeTypeBitmap, encodeTypeBitmap } from '@/lib/dns/wire/type-bitmap';
import { wireFail, WireFormatError } from '@/lib/dns/wire/wire-error';

// dns-packet's per-type codecs: `decode(buf, offset)` starts at RDLENGTH, `encode(data)` returns
// RDLENGTH + RDATA, and `.bytes` holds the octets consumed or written.
interface DpCodec<T> {
  decode: ((buf: Buffer, offset: number) => T) & { bytes: number };
  encode: ((data: T) => Buffer) & { bytes: number };
}
interface DpSoa {
  mname: string;
  rname: string;
  serial: number;
  refresh: number;
  retry: number;
  expire: number;
  minimum: number;
}
interface DpMx {
  preference: number;
  exchange: string;
}
interface DpDs {
  keyTag: number;
  algorithm: number;
  digestType: number;
  digest: Buffer;
}
interface DpRrsig {
  typeCovered: string;
  algorithm: number;
  labels: number;
  originalTTL: number;
  expiration: number;
  inception: number;
  keyTag: number;
  signersName: string;
  signature: Buffer;
}
const dp = dnsPacket as unknown as {
  soa: DpCodec<DpSoa>;
  mx: DpCodec<DpMx>;
  txt: DpCodec<Buffer[]>;
  ds: DpCodec<DpDs>;
  rrsig: DpCodec<DpRrsig>;
};

export const T = {
  A: 1,
  NS: 2,
  CNAME: 5,
  SOA: 6,
  PTR: 12,
  MX: 15,
  TXT: 16,
  AAAA: 28,
  DNAME: 39,
  OPT: 41,
  DS: 43,
  RRSIG: 46,
  NSEC: 47,
  DNSKEY: 48,
  NSEC3: 50,
  NSEC3PARAM: 51,
  CDS: 59,
  CDNSKEY: 60,
  CSYNC: 62,
} as const;

export function toBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** Run a dns-packet decoder over RDATA at `start` (its RDLENGTH is at start-2), strictly. */
function viaDnsPacket<T>(codec: DpCodec<T>, msg: Buffer, start: number, rdlength: number, what: string): T {
  let value: T;
  try {
    value = codec.decode(msg, start - 2);
  } catch (e) {
    if (e instanceof WireFormatError) throw e;
    // dns-packet reads fixed fields without bounds checks: Node's RangeError means it ran off the end.
    const detail = e instanceof RangeError ? 'it runs past the end of the message' : (e as Error).message;
    wireFail('bad-rdata', `${what} RDATA is malformed: ${detail}`, start);
  }
  if (codec.decode.bytes !== rdlength + 2) {
    wireFail('bad-rdata', `${what} RDATA needs ${codec.decode.bytes - 2} octets but RDLENGTH is ${rdlength}`, start);
  }
  return value;
}

function needAtLeast(rdlength: number, octets: number, what: string, start: number): void {
  if (rdlength < octets) wireFail('bad-rdata', `${what} RDATA needs at least ${octets} octets but RDLENGTH is ${rdlength}`, start);
}

function nameOnly(msg: Buffer, start: number, rdlength: number, what: string): string {
  const { name, bytes } = decodeName(msg, start);
  if (bytes !== rdlength) wireFail('bad-rdata', `${what} RDATA: the name takes ${bytes} octets but RDLENGTH is ${rdlength}`, start);
  return name;
}

/**
 * Decode the RDATA at `msg[start, start+rdlength)` (the caller has checked it lies inside the
 * message). Names may point anywhere earlier in `msg`. Throws WireFormatError.
 */
export function decodeRdata(msg: Buffer, type: number, start: number, rdlength: number): RData {
  const end = start + rdlength;
  const what = typeName(type);
  switch (type) {
    case T.A:
      if (rdlength !== 4) wireFail('bad-rdata', `A RDATA must be 4 octets, RDLENGTH is ${rdlength}`, start);
      return formatIpv4(msg.subarray(start, end));
    case T.AAAA:
      if (rdlength !== 16) wireFail('bad-rdata', `AAAA RDATA must be 16 octets, RDLENGTH is ${rdlength}`, start);
      return formatIpv6(msg.subarray(start, end));
    case T.NS:
    case T.CNAME:
    case T.DNAME:
    case T.PTR:
      return nameOnly(msg, start, rdlength, what);
    case T.SOA: {
      const soa = viaDnsPacket(dp.soa, msg, start, rdlength, what);
      return { mname: soa.mname, rname: soa.rname, serial: soa.serial, refresh: soa.refresh, retry: soa.retry, expire: soa.expire, minimum: soa.minimum };
    }
    case T.MX: {
      needAtLeast(rdlength, 3, what, start);
      const mx = viaDnsPacket(dp.mx, msg, start, rdlength, what);
      return { preference: mx.preference, exchange: mx.exchange };
    }
    case T.TXT:
      // One JS character per octet (latin1): lossless, and what a signature covers.
      return viaDnsPacket(dp.txt, msg, start, rdlength, what).map((s) => s.toString('latin1'));
    case T.DS:
    case T.CDS: {
      needAtLeast(rdlength, 4, what, start);
      const ds = viaDnsPacket(dp.ds, msg, start, rdlength, what);
      return { keyTag: ds.keyTag, algorithm: ds.algorithm, digestType: ds.digestType, digest: ds.digest.toString('hex') };
    }
    case T.DNSKEY:
    case T.CDNSKEY:
      needAtLeast(rdlength, 4, what, start);
      return {
        flags: msg.readUInt16BE(start),
        protocol: msg[start + 2] as number,
        algorithm: msg[start + 3] as number,
        publicKey: msg.subarray(start + 4, end).toString('base64'),
      };
    case T.RRSIG: {
      needAtLeast(rdlength, 19, what, start);
      const sig = viaDnsPacket(dp.rrsig, msg, start, rdlength, what);
      return {
        typeCovered: typeName(msg.readUInt16BE(start)),
        algorithm: sig.algorithm,
        labels: sig.labels,
        originalTtl: sig.originalTTL,
        expiration: sig.expiration,
        inception: sig.inception,
        keyTag: sig.keyTag,
        signerName: sig.signersName,
        signature: sig.signature.toString('base64'),
      };
    }
    case T.NSEC: {
      const next = decodeName(msg, start);
      if (next.bytes > rdlength) wireFail('bad-rdata', `NSEC next name overruns RDLENGTH ${rdlength}`, start);
      return { nextDomain: next.name, types: decodeTypeBitmap(msg, start + next.bytes, end) };
    }
    case T.NSEC3:
    case T.NSEC3PARAM: {
      // RFC 5155 3.2 / 4.2: algorithm (8), flags (8), iterations (16), salt length (8), salt; then
      // for NSEC3 only: hash length (8), next hashed owner, type bitmap.
      needAtLeast(rdlength, 5, what, start);
      const saltLength = msg[start + 4] as number;
      const saltEnd = start + 5 + saltLength;
      if (saltEnd > end) wireFail('bad-rdata', `${what} salt of ${saltLength} octets overruns RDLENGTH ${rdlength}`, start + 4);
      const params: Nsec3ParamData = {
        hashAlgorithm: msg[start] as number,
        flags: msg[start + 1] as number,
        iterations: msg.readUInt16BE(start + 2),
        salt: msg.subarray(start + 5, saltEnd).toString('hex'),
      };
      if (type === T.NSEC3PARAM) {
        if (saltEnd !== end) wireFail('bad-rdata', `NSEC3PARAM has ${end - saltEnd} octets after its salt (RDLENGTH ${rdlength})`, saltEnd);
        return params;
      }
      if (saltEnd >= end) wireFail('bad-rdata', `NSEC3 ends after its salt: no hash length (RDLENGTH ${rdlength})`, saltEnd);
      const hashLength = msg[saltEnd] as number;
      if (hashLength === 0) wireFail('bad-rdata', 'NSEC3 next hashed owner name is empty (hash length 0)', saltEnd);
      const hashEnd = saltEnd + 1 + hashLength;
      if (hashEnd > end) wireFail('bad-rdata', `NSEC3 next hashed owner of ${hashLength} octets overruns RDLENGTH ${rdlength}`, saltEnd);
      const nsec3: Nsec3Data = {
        ...params,
        nextHashedOwner: encodeBase32hex(msg.subarray(saltEnd + 1, hashEnd)),
        types: decodeTypeBitmap(msg, hashEnd, end),
      };
      return nsec3;
    }
    case T.CSYNC:
      // RFC 7477 2.1.1: SOA serial (32), flags (16), type bitmap.
      needAtLeast(rdlength, 6, what, start);
      return { serial: msg.readUInt32BE(start), flags: msg.readUInt16BE(start + 4), types: decodeTypeBitmap(msg, start + 6, end) };
    default:
      return { unknown: msg.subarray(start, end).toString('hex') };
  }
}

// ---- encoding ----

const isObject = (data: RData): data is Exclude<RData, string | string[]> => typeof data === 'object' && data !== null && !Array.isArray(data);
const has = <K extends string>(data: RData, ...keys: K[]): data is RData & Record<K, unknown> => isObject(data) && keys.every((k) => k in data);

function bad(type: string, wanted: string): never {
  wireFail('bad-input', `${type} data must be ${wanted}`);
}

function u(value: unknown, bits: 8 | 16 | 32, field: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value >= 2 ** bits) {
    wireFail('bad-input', `${field} must be an integer from 0 to ${2 ** bits - 1}, got ${String(value)}`);
  }
  return value;
}

function hexBytes(hex: unknown, field: string): Buffer {
  if (typeof hex !== 'string' || !/^([0-9a-fA-F]{2})*$/.test(hex.replace(/\s+/g, ''))) wireFail('bad-input', `${field} must be hex`);
  return Buffer.from(hex.replace(/\s+/g, ''), 'hex');
}

function base64Bytes(text: unknown, field: string): Buffer {
  const compact = typeof text === 'string' ? text.replace(/\s+/g, '') : undefined;
  if (compact === undefined || !/^[A-Za-z0-9+/]*={0,2}$/.test(compact)) wireFail('bad-input', `${field} must be base64`);
  return Buffer.from(compact, 'base64');
}

/**
 * A TXT character-string from our string form: one octet per character when every character is
 * below 0x100 (the form decodeRdata produces), else UTF-8 (text typed into a lab zone).
 */
export function txtStringBytes(s: string): Buffer {
  return /^[\x00-\xff]*$/.test(s) ? Buffer.from(s, 'latin1') : Buffer.from(s, 'utf8');
}

export interface RdataWriteOptions {
  /** Compress names where RFC 3597 4 allows it (NS, CNAME, SOA, PTR, MX). */
  compress: boolean;
}

/** Write RDATA (without RDLENGTH). `{unknown: hex}` is accepted for every type. */
export function writeRdata(w: MessageWriter, type: number, data: RData, opts: RdataWriteOptions): void {
  const what = typeName(type);
  if (has(data, 'unknown')) {
    w.bytes(hexBytes((data as UnknownData).unknown, `${what} unknown`));
    return;
  }
  const viaDp = <D>(codec: DpCodec<D>, value: D) => {
    try {
      w.bytes(codec.encode(value).subarray(2));
    } catch (e) {
      if (e instanceof WireFormatError) throw e;
      wireFail('bad-input', `${what}: ${(e as Error).message}`);
    }
  };
  switch (type) {
    case T.A:
      if (typeof data !== 'string') bad(what, 'an IPv4 address string');
      w.bytes(parseIpv4(data));
      return;
    case T.AAAA:
      if (typeof data !== 'string') bad(what, 'an IPv6 address string');
      w.bytes(parseIpv6(data));
      return;
    case T.NS:
    case T.CNAME:
    case T.PTR:
    case T.DNAME:
      if (typeof data !== 'string') bad(what, 'a domain name string');
      // RFC 6672 2.5: DNAME targets must not be compressed.
      w.name(data, opts.compress && type !== T.DNAME);
      return;
    case T.SOA: {
      if (!has(data, 'mname', 'rname', 'serial')) bad(what, '{mname, rname, serial, refresh, retry, expire, minimum}');
      const soa = data as SoaData;
      w.name(soa.mname, opts.compress);
      w.name(soa.rname, opts.compress);
      for (const field of ['serial', 'refresh', 'retry', 'expire', 'minimum'] as const) w.u32(u(soa[field], 32, `SOA ${field}`));
      return;
    }
    case T.MX: {
      if (!has(data, 'preference', 'exchange')) bad(what, '{preference, exchange}');
      const mx = data as MxData;
      w.u16(u(mx.preference, 16, 'MX preference'));
      w.name(mx.exchange, opts.compress);
      return;
    }
    case T.TXT: {
      const strings = typeof data === 'string' ? [data] : Array.isArray(data) ? data : bad(what, 'a list of strings');
      const octets = strings.map(txtStringBytes);
      if (octets.some((o) => o.length > 255)) wireFail('bad-input', 'a TXT character-string is longer than 255 octets (RFC 1035 3.3)');
      viaDp(dp.txt, octets);
      return;
    }
    case T.DS:
    case T.CDS: {
      if (!has(data, 'keyTag', 'algorithm', 'digestType', 'digest')) bad(what, '{keyTag, algorithm, digestType, digest}');
      const ds = data as DsData;
      viaDp(dp.ds, {
        keyTag: u(ds.keyTag, 16, `${what} key tag`),
        algorithm: u(ds.algorithm, 8, `${what} algorithm`),
        digestType: u(ds.digestType, 8, `${what} digest type`),
        digest: hexBytes(ds.digest, `${what} digest`),
      });
      return;
    }
    case T.DNSKEY:
    case T.CDNSKEY: {
      if (!has(data, 'flags', 'protocol', 'algorithm', 'publicKey')) bad(what, '{flags, protocol, algorithm, publicKey}');
      const key = data as DnskeyData;
      w.u16(u(key.flags, 16, `${what} flags`));
      w.u8(u(key.protocol, 8, `${what} protocol`));
      w.u8(u(key.algorithm, 8, `${what} algorithm`));
      w.bytes(base64Bytes(key.publicKey, `${what} public key`));
      return;
    }
    case T.RRSIG: {
      if (!has(data, 'typeCovered', 'signerName', 'signature')) bad(what, 'RrsigData');
      const sig = data as RrsigData;
      const covered = typeNumber(sig.typeCovered) ?? wireFail('unknown-type', `unknown type covered "${sig.typeCovered}"`);
      // RFC 4034 3.1.7: the signer's name is never compressed, as dns-packet writes it.
      viaDp(dp.rrsig, {
        // dns-packet turns names it lacks (CSYNC) into 0; its `UNKNOWN_n` spelling is exact.
        typeCovered: `UNKNOWN_${covered}`,
        algorithm: u(sig.algorithm, 8, 'RRSIG algorithm'),
        labels: u(sig.labels, 8, 'RRSIG labels'),
        originalTTL: u(sig.originalTtl, 32, 'RRSIG original TTL'),
        expiration: u(sig.expiration, 32, 'RRSIG expiration'),
        inception: u(sig.inception, 32, 'RRSIG inception'),
        keyTag: u(sig.keyTag, 16, 'RRSIG key tag'),
        signersName: sig.signerName,
        signature: base64Bytes(sig.signature, 'RRSIG signature'),
      });
      return;
    }
    case T.NSEC: {
      if (!has(data, 'nextDomain', 'types')) bad(what, '{nextDomain, types}');
      const nsec = data as { nextDomain: string; types: RRType[] };
      w.name(nsec.nextDomain, false);
      w.bytes(encodeTypeBitmap(nsec.types));
      return;
    }
    case T.NSEC3:
    case T.NSEC3PARAM: {
      if (!has(data, 'hashAlgorithm', 'flags', 'iterations', 'salt')) bad(what, '{hashAlgorithm, flags, iterations, salt, …}');
      const params = data as Nsec3ParamData;
      const salt = hexBytes(params.salt, `${what} salt`);
      if (salt.length > 255) wireFail('bad-input', `${what} salt is ${salt.length} octets, at most 255`);
      w.u8(u(params.hashAlgorithm, 8, `${what} hash algorithm`));
      w.u8(u(params.flags, 8, `${what} flags`));
      w.u16(u(params.iterations, 16, `${what} iterations`));
      w.u8(salt.length);
      w.bytes(salt);
      if (type === T.NSEC3PARAM) return;
      if (!has(data, 'nextHashedOwner', 'types')) bad(what, '{hashAlgorithm, flags, iterations, salt, nextHashedOwner, types}');
      const nsec3 = data as Nsec3Data;
      if (typeof nsec3.nextHashedOwner !== 'string') bad(what, 'a base32hex next hashed owner');
      const next = decodeBase32hex(nsec3.nextHashedOwner);
      if (next.length < 1 || next.length > 255) wireFail('bad-input', `NSEC3 next hashed owner is ${next.length} octets, 1 to 255`);
      w.u8(next.length);
      w.bytes(next);
      w.bytes(encodeTypeBitmap(nsec3.types));
      return;
    }
    case T.CSYNC: {
      if (!has(data, 'serial', 'flags', 'types')) bad(what, '{serial, flags, types}');
      const csync = data as { serial: number; flags: number; types: RRType[] };
      w.u32(u(csync.serial, 32, 'CSYNC serial'));
      w.u16(u(csync.flags, 16, 'CSYNC flags'));
      w.bytes(encodeTypeBitmap(csync.types));
      return;
    }
    default:
      bad(what, '{unknown: hex} (RFC 3597): we have no structured form for it');
  }
}

/** RDATA alone, uncompressed, for a type given by mnemonic or number. Throws WireFormatError. */
export function encodeRdata(type: RRType | number, data: RData): Buffer {
  const number = typeNumber(type) ?? wireFail('unknown-type', `unknown type "${String(type)}"`);
  const w = new MessageWriter();
  writeRdata(w, number, data, { compress: false });
  return w.finish();
}
