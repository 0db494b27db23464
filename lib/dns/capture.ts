// The Capture and Observation types: plain JSON that the walker writes and the checks read.
// A leaf module: it imports nothing, so checks never reach the walker or a transport through it.
// Names are absolute with the trailing dot. Owner names keep the case they arrived in (the
// evidence); compare them with canonicalName() from lib/dns/wire/name.

export const CAPTURE_SCHEMA_VERSION = 1;

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

/** Where a query went: always an IP literal and port, never a name to resolve. */
export interface ServerAddress {
  address: string;
  port: number;
  /** The NS name this address belongs to, when known: for display only. */
  name?: string;
  /** For DoH: the endpoint URL (its host is an IP literal, as `address`). */
  url?: string;
}

export type TransportKind = 'udp' | 'tcp' | 'doh' | 'lab';

/** A closed set: every failure is one of these, never a thrown exception. */
export type ObservationErrorKind =
  | 'timeout'
  | 'unreachable'
  | 'refused-connection'
  | 'malformed'
  | 'mismatched'
  | 'http-error'
  | 'blocked-by-policy'
  | 'budget-exhausted';

export interface ObservationError {
  kind: ObservationErrorKind;
  message: string;
}

/** Why an attempt was made: the first, or a retry with its reason. */
export type AttemptReason =
  | 'initial'
  | 'retry-after-timeout'
  | 'tcp-after-truncation'
  | 'tcp-after-udp-failure'
  | 'no-edns-after-formerr'
  | 'get-after-post-failure';

export interface Attempt {
  transport: TransportKind;
  reason: AttemptReason;
  edns: boolean;
  rttMs: number;
  /** `response` or `truncated` when an answer came back, else the failure. */
  outcome: 'response' | 'truncated' | ObservationErrorKind;
  message?: string;
}

export interface QueryOptions {
  /** Send an OPT record (default true). */
  edns?: boolean;
  /** Advertised UDP payload size (default 1232). */
  udpSize?: number;
  /** The DO bit (default false). */
  dnssecOk?: boolean;
  /** The RD bit: false for authoritative probes, true for a resolver (default false). */
  recursionDesired?: boolean;
  /** The CD bit (default false). */
  checkingDisabled?: boolean;
  /** Skip UDP and ask over TCP (UDP transports only). */
  tcp?: boolean;
  /** Do not fall back from UDP to TCP on truncation (to see the truncated answer itself). */
  noTcpFallback?: boolean;
  /** Per-attempt timeout in milliseconds. */
  timeoutMs?: number;
  signal?: AbortSignal;
}

export interface Observation {
  /** Unique within a capture: findings cite it as evidence. */
  id: string;
  server: ServerAddress;
  question: Question;
  /** What was asked for, so a `dig` command can be written back. */
  options: Pick<QueryOptions, 'edns' | 'udpSize' | 'dnssecOk' | 'recursionDesired' | 'checkingDisabled' | 'tcp'>;
  /** The transport of the last attempt: the one whose outcome this is. */
  transport: TransportKind;
  attempts: Attempt[];
  /** ISO 8601 */
  startedAt: string;
  /** Total wall time over all attempts. */
  rttMs: number;
  response?: DecodedMessage;
  /** The response as it arrived, base64: the raw evidence. */
  responseBase64?: string;
  error?: ObservationError;
}
