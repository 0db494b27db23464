// The codec's types: DNS messages and records as decodeMessage returns them and encodeMessage takes
// them. A leaf: it imports nothing, so any module (browser code included) may import these types.
// Names are absolute with the trailing dot; owner names keep the case they arrived in.

/** A record type by mnemonic (`A`, `CSYNC`) or, when we have none, RFC 3597 `TYPE65`. */
export type RRType = string;

export interface Question {
  name: string;
  type: RRType;
  class?: 'IN' | 'CH' | 'ANY' | string;
}

export interface SoaData {
  mname: string;
  rname: string;
  serial: number;
  refresh: number;
  retry: number;
  expire: number;
  minimum: number;
}

/** DS and CDS. `digest` is lowercase hex. */
export interface DsData {
  keyTag: number;
  algorithm: number;
  digestType: number;
  digest: string;
}

/** DNSKEY and CDNSKEY. `publicKey` is base64. */
export interface DnskeyData {
  flags: number;
  protocol: number;
  algorithm: number;
  publicKey: string;
}

export interface RrsigData {
  typeCovered: RRType;
  algorithm: number;
  labels: number;
  originalTtl: number;
  /** Seconds since the epoch (RFC 4034 3.1.5), as on the wire. */
  expiration: number;
  inception: number;
  keyTag: number;
  signerName: string;
  /** base64 */
  signature: string;
}

/** RFC 7477 2.1.1 */
export interface CsyncData {
  serial: number;
  flags: number;
  types: RRType[];
}

export interface MxData {
  preference: number;
  exchange: string;
}

export interface NsecData {
  nextDomain: string;
  types: RRType[];
}

/**
 * RFC 5155 3.2. `salt` is lowercase hex ('' for none); `nextHashedOwner` is base32hex (RFC 4648 7),
 * lowercase, unpadded: the hashed owner name's first label as it appears in owner names.
 */
export interface Nsec3Data {
  hashAlgorithm: number;
  flags: number;
  iterations: number;
  salt: string;
  nextHashedOwner: string;
  types: RRType[];
}

/** RFC 5155 4.2. `salt` as in Nsec3Data. */
export interface Nsec3ParamData {
  hashAlgorithm: number;
  flags: number;
  iterations: number;
  salt: string;
}

/** Record data we do not model: RFC 3597 generic form, lowercase hex. */
export interface UnknownData {
  unknown: string;
}

export type RData =
  | string // A, AAAA, NS, CNAME, DNAME, PTR
  | string[] // TXT: one string per character-string
  | SoaData
  | DsData
  | DnskeyData
  | RrsigData
  | CsyncData
  | MxData
  | NsecData
  | Nsec3Data
  | Nsec3ParamData
  | UnknownData;

export interface ResourceRecord {
  name: string;
  type: RRType;
  class: string;
  ttl: number;
  data: RData;
}

export interface Edns {
  udpSize: number;
  version: number;
  dnssecOk: boolean;
  /** The upper 8 bits of the extended rcode, as carried in the OPT TTL. */
  extendedRcode: number;
  options: { code: number; data: string /* hex */ }[];
}

export interface MessageFlags {
  qr: boolean;
  aa: boolean;
  tc: boolean;
  rd: boolean;
  ra: boolean;
  ad: boolean;
  cd: boolean;
}

export type Rcode =
  | 'NOERROR'
  | 'FORMERR'
  | 'SERVFAIL'
  | 'NXDOMAIN'
  | 'NOTIMP'
  | 'REFUSED'
  | 'YXDOMAIN'
  | 'YXRRSET'
  | 'NXRRSET'
  | 'NOTAUTH'
  | 'NOTZONE'
  | 'BADVERS'
  | `RCODE${number}`;

export interface DecodedMessage {
  id: number;
  opcode: string;
  rcode: Rcode;
  flags: MessageFlags;
  question: Question[];
  answer: ResourceRecord[];
  authority: ResourceRecord[];
  /** Without the OPT pseudo-record: that one is `edns`. */
  additional: ResourceRecord[];
  edns?: Edns;
  /** Octets on the wire. */
  size: number;
}
