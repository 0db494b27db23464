// RDATA in presentation format, as dig prints it. Isomorphic (Buffer only, for base64 and hex).
// Never throws: it renders evidence, which may be odd.
import type {
  CsyncData,
  DnskeyData,
  DsData,
  MxData,
  Nsec3Data,
  Nsec3ParamData,
  NsecData,
  RData,
  RrsigData,
  RRType,
  SoaData,
  UnknownData,
} from '@/lib/dns/wire/types';

type Obj = Exclude<RData, string | string[]>;
const isObj = (d: RData): d is Obj => typeof d === 'object' && d !== null && !Array.isArray(d);
const hasKeys = (d: RData, ...keys: string[]) => isObj(d) && keys.every((k) => k in d);

/** RFC 4034 3.2: YYYYMMDDHHmmSS in UTC. */
export function formatSignatureTime(seconds: number): string {
  const d = new Date(seconds * 1000);
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${p(d.getUTCFullYear(), 4)}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}${p(d.getUTCHours())}${p(d.getUTCMinutes())}${p(d.getUTCSeconds())}`;
}

/** The octets of one of our TXT strings: one per character below 0x100, else UTF-8 (as encoded). */
function txtOctets(s: string): Uint8Array {
  return /^[\x00-\xff]*$/.test(s) ? Uint8Array.from(s, (c) => c.charCodeAt(0)) : new TextEncoder().encode(s);
}

/** A character-string quoted as in master files: `\"`, `\\`, and `\DDD` outside 0x20-0x7e. */
export function quoteCharacterString(s: string): string {
  let out = '"';
  for (const b of txtOctets(s)) {
    if (b === 0x22 || b === 0x5c) out += '\\' + String.fromCharCode(b);
    else if (b >= 0x20 && b <= 0x7e) out += String.fromCharCode(b);
    else out += '\\' + String(b).padStart(3, '0');
  }
  return out + '"';
}

/** RFC 3597 5: `\# <length> <hex>`. */
export function formatUnknownRdata(hex: string): string {
  const length = Math.floor(hex.length / 2);
  return length === 0 ? '\\# 0' : `\\# ${length} ${hex.toLowerCase()}`;
}

export function formatRdata(type: RRType, data: RData): string {
  if (hasKeys(data, 'unknown')) return formatUnknownRdata((data as UnknownData).unknown);
  switch (type.toUpperCase()) {
    case 'TXT':
    case 'SPF':
      return (Array.isArray(data) ? data : [String(data)]).map(quoteCharacterString).join(' ');
    case 'SOA':
      if (hasKeys(data, 'mname', 'rname')) {
        const s = data as SoaData;
        return `${s.mname} ${s.rname} ${s.serial} ${s.refresh} ${s.retry} ${s.expire} ${s.minimum}`;
      }
      break;
    case 'MX':
      if (hasKeys(data, 'preference', 'exchange')) return `${(data as MxData).preference} ${(data as MxData).exchange}`;
      break;
    case 'DS':
    case 'CDS':
      if (hasKeys(data, 'keyTag', 'digest')) {
        const ds = data as DsData;
        // dig writes the digest in uppercase hex. The CDS delete record (RFC 8078 4, erratum
        // 5049) has the one-octet digest 00 and prints as `CDS 0 0 0 00`.
        return [ds.keyTag, ds.algorithm, ds.digestType, ds.digest.toUpperCase()].join(' ').trimEnd();
      }
      break;
    case 'DNSKEY':
    case 'CDNSKEY':
      if (hasKeys(data, 'flags', 'publicKey')) {
        const k = data as DnskeyData;
        return [k.flags, k.protocol, k.algorithm, k.publicKey].join(' ').trimEnd();
      }
      break;
    case 'RRSIG':
      if (hasKeys(data, 'typeCovered', 'signerName')) {
        const r = data as RrsigData;
        return [
          r.typeCovered,
          r.algorithm,
          r.labels,
          r.originalTtl,
          formatSignatureTime(r.expiration),
          formatSignatureTime(r.inception),
          r.keyTag,
          r.signerName,
          r.signature,
        ].join(' ');
      }
      break;
    case 'NSEC':
      if (hasKeys(data, 'nextDomain', 'types')) {
        const n = data as NsecData;
        return [n.nextDomain, ...n.types].join(' ');
      }
      break;
    case 'NSEC3':
    case 'NSEC3PARAM':
      if (hasKeys(data, 'hashAlgorithm', 'flags', 'iterations', 'salt')) {
        // RFC 5155 3.3 / 4.3: salt in hex, `-` when empty. dig writes hex and base32hex in uppercase.
        const p = data as Nsec3ParamData;
        const head = [p.hashAlgorithm, p.flags, p.iterations, p.salt === '' ? '-' : String(p.salt).toUpperCase()];
        if (type.toUpperCase() === 'NSEC3PARAM') return head.join(' ');
        if (hasKeys(data, 'nextHashedOwner', 'types')) {
          const n = data as Nsec3Data;
          return [...head, String(n.nextHashedOwner).toUpperCase(), ...n.types].join(' ');
        }
      }
      break;
    case 'CSYNC':
      if (hasKeys(data, 'serial', 'flags', 'types')) {
        const c = data as CsyncData;
        return [c.serial, c.flags, ...c.types].join(' ');
      }
      break;
  }
  if (typeof data === 'string') return data;
  if (Array.isArray(data)) return data.map(quoteCharacterString).join(' ');
  // A shape that does not belong to the type: show it rather than fail.
  return JSON.stringify(data);
}
