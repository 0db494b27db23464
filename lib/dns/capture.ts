// The Capture and Observation types: plain JSON that the walker writes and the checks read: what a
// walk records. The messages and records in it are the codec's types (lib/dns/wire/types.ts), the
// servers and query options the transport's (lib/dns/transport/options.ts). It imports only those
// type leaves, so checks never reach the walker or a transport's code through it.
// Names are absolute with the trailing dot. Owner names keep the case they arrived in (the
// evidence); compare them with canonicalName() from lib/dns/wire/name.
import type { QueryOptions, ServerAddress, TransportKind } from '@/lib/dns/transport/options';
import type { DecodedMessage, Question, Rcode, ResourceRecord } from '@/lib/dns/wire/types';

export const CAPTURE_SCHEMA_VERSION = 1;

/** A closed set: every failure is one of these, never a thrown exception. */
export type ObservationErrorKind =
  | 'timeout'
  | 'unreachable'
  | 'refused-connection'
  | 'malformed'
  | 'mismatched'
  | 'http-error'
  | 'blocked-by-policy'
  | 'budget-exhausted'
  /** Nothing was sent: the question itself could not be encoded. */
  | 'invalid-query'
  /** Nothing was learnt about the server: a bug of ours, kept as data rather than thrown. */
  | 'internal';

export interface ObservationError {
  kind: ObservationErrorKind;
  message: string;
}

/** Why an attempt was made: the first, or a retry with its reason. */
export type AttemptReason =
  'initial' | 'retry-after-timeout' | 'tcp-after-truncation' | 'tcp-after-udp-failure' | 'no-edns-after-formerr' | 'get-after-post-failure';

export interface Attempt {
  transport: TransportKind;
  reason: AttemptReason;
  edns: boolean;
  rttMs: number;
  /** `response` or `truncated` when an answer came back, else the failure. */
  outcome: 'response' | 'truncated' | ObservationErrorKind;
  message?: string;
}

export interface Observation {
  /** Unique within a capture: findings cite it as evidence. */
  id: string;
  /** Set by the walker: why it asked, and for which zone cut. */
  purpose?: ProbePurpose;
  zone?: string;
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
  /**
   * Set when the walker reused a stored reply instead of asking again (root and TLD data, within
   * its TTL): nothing was sent for this observation. `startedAt`, `rttMs` and the response are the
   * original exchange's; `ageSeconds` is how old it was when reused (subtract it from the TTLs).
   */
  cached?: { storedAt: string; ageSeconds: number };
}

// ───────────────────────────── The walk ─────────────────────────────
// What the walker records beyond single observations: the zone cuts it found and the nameservers
// of each, with where every address came from. Facts only: which sets differ, which server is lame,
// is for the checks to say.

/** Why the walker asked: checks select the observations they judge by purpose and zone. */
export type ProbePurpose =
  | 'referral' // a parent server asked for the next zone's NS (QNAME minimisation, RFC 9156)
  | 'referral-no-edns' // the same without EDNS, to see the 512-octet referral (RFC 9471)
  | 'referral-full-qname' // the full name, after NXDOMAIN for a name on the way (RFC 8020 broken by an empty non-terminal)
  | 'ds' // `<zone> DS` (DO=1) asked of every parent server: the DS RRset lives in the parent (RFC 4035 2.4)
  | 'apex-soa'
  | 'apex-ns'
  | 'soa-no-edns' // EDNS compliance (RFC 6891)
  | 'soa-tcp' // TCP service (RFC 7766)
  | 'ns-address' // A/AAAA of an in-domain NS name, asked of the zone's own servers
  | 'dnskey' // `<zone> DNSKEY` (DO=1) asked of every server of every cut: validation starts at the root's keys (RFC 4035 5)
  | 'cds'
  | 'cdnskey'
  | 'csync'
  | 'target' // the target name itself, when it is not the apex of the zone found
  | 'resolve' // a recursive look-up through the resolver (DoH): out-of-domain NS names, CNAMEs
  | 'resolve-walk' // the same look-up made by walking from the root hints (RD=0): ZONECUT_RESOLVE=walk, or the resolver failed
  | 'takeover' // does the registrable parent of an NS name exist at all?
  | 'validate' // `<target zone> SOA` and `. SOA` (DO=1) through the resolver: its AD bit, beside the check's own validation
  | 'dsboot'; // RFC 9615 signalling: CDS/CDNSKEY at _dsboot.<zone>._signal.<NS name>, through the resolver

/** Purposes asked of a zone's own servers (not the parent's referrals, not the resolver). */
export const CHILD_PURPOSES: ReadonlySet<ProbePurpose> = new Set<ProbePurpose>([
  'apex-soa',
  'apex-ns',
  'soa-no-edns',
  'soa-tcp',
  'ns-address',
  'dnskey',
  'cds',
  'cdnskey',
  'csync',
  'target',
]);

/** Where an address of a nameserver came from ('walk': looked up from the root hints, 'resolve-walk'). */
export type AddressOrigin = 'glue' | 'child' | 'resolver' | 'walk' | 'hints';

export interface NameserverAddress {
  address: string;
  family: 4 | 6;
  origins: AddressOrigin[];
  /** The parent servers whose referral carried this glue (ids of referral observations). */
  glueFrom?: string[];
  /** The observations in which the zone's own servers gave this address (apex NS additional
   *  data, 'ns-address' answers, a co-hosted parent's answer). */
  childFrom?: string[];
  /** Set when the address policy refused it: nothing was sent there. */
  blocked?: string;
  /**
   * Set when this host cannot send to the address's family (see Capture.vantage): nothing was sent
   * there, and nothing is concluded about the server from it ("not tested from here").
   */
  untested?: UntestedReason;
}

/** Why an allowed address was not queried: the vantage point has no route for its family. */
export type UntestedReason = 'no-ipv6-here';

/** Where the check ran from: what it could test. */
export interface Vantage {
  /** Address families queries were sent over; addresses of another family are `untested`. */
  families: (4 | 6)[];
  /**
   * How IPv6 was decided (ZONECUT_IPV6): forced `on` or `off`, or `auto`: detected from this
   * host's routes (in the lab, the scenario's simulated host).
   */
  ipv6: 'auto' | 'on' | 'off';
}

export type NameResolutionStatus = 'ok' | 'nxdomain' | 'nodata' | 'cname' | 'failed' | 'not-attempted';

export interface Nameserver {
  name: string;
  /** Named in the parent's referral (by at least one parent server). */
  inParent: boolean;
  /** Named in the apex NS RRset by at least one of the zone's servers. */
  inChild: boolean;
  /** At or below the zone itself (needs glue, RFC 9471). */
  inDomain: boolean;
  addresses: NameserverAddress[];
  /**
   * How the walker looked the name's addresses up beyond glue and the child's own NS answer: A and
   * AAAA asked of the zone's servers for an in-domain name ('ns-address'), or the resolver
   * ('resolve', 'takeover'), or by walking from the root hints ('resolve-walk'). 'not-attempted' when glue or the child's additional data sufficed, or
   * the budget ran out first.
   */
  resolution: {
    status: NameResolutionStatus;
    /** When the name is an alias: the CNAME target (RFC 2181 10.3 forbids it). */
    cnameTarget?: string;
    observationIds: string[];
  };
}

export interface ZoneCut {
  /** The zone's apex, absolute: `.`, `test.`, `healthy.test.` */
  zone: string;
  /** The parent zone, or null for the root. */
  parent: string | null;
  /** NS names in the parent's referrals (union over parent servers). */
  parentNs: string[];
  /** NS names in the zone's apex NS answers (union over the zone's servers). */
  childNs: string[];
  /** The union, one entry per name, with addresses and their origins. */
  nameservers: Nameserver[];
  /** The target's own zone (the deepest cut at or above the target). */
  isTarget: boolean;
  /**
   * Some parent server answered `<zone> NS` authoritatively (AA, NS in the answer) instead of
   * referring: it serves the child too. Its NS set in `parentNs` is then the child's, and the
   * parent's own delegation records could not be seen from it.
   */
  coHosted?: boolean;
  /** Root only: hint addresses that no NS name of the priming answer (RFC 8109) accounts for. */
  unnamedAddresses?: NameserverAddress[];
}

export type BudgetLimit = 'queries' | 'depth' | 'names' | 'time';

export interface WalkBudget {
  limits: { queries: number; depth: number; names: number; timeMs: number };
  used: { queries: number; depth: number; names: number; timeMs: number };
  /** The first limit the walk ran into, or null when it finished within all of them. */
  exhausted: BudgetLimit | null;
}

/** How the walk ended (what happened, not what is wrong). */
export type WalkOutcome =
  | 'complete' // reached the target's zone and probed its servers
  | 'no-server-asked' // reached the target's zone, but no address of any of its servers could be learnt (or used): none was asked
  | 'no-delegation' // a parent said the name does not exist (NXDOMAIN / NODATA)
  | 'budget-exhausted' // stopped at a limit: the capture holds what was gathered
  | 'unreachable' // no server of the deepest cut found gave a usable answer about the next label
  | 'aborted'; // the caller's signal stopped it (e.g. the client went away)

export interface Capture {
  schemaVersion: typeof CAPTURE_SCHEMA_VERSION;
  /** The name asked about, absolute: `www.healthy.test.` */
  target: string;
  startedAt: string;
  finishedAt: string;
  durationMs: number;
  rootHints: ServerAddress[];
  /** The root trust anchor the check ran under (set by run-check; validation judges against it). */
  trustAnchor?: { source: string; records: ResourceRecord[] };
  /** How recursive look-ups were made. */
  resolver: { kind: TransportKind | 'none'; url?: string };
  /** Which address families this host could test (set by run-check; absent in older captures). */
  vantage?: Vantage;
  /** From the root down. */
  cuts: ZoneCut[];
  /**
   * The zone that holds the target (the deepest cut at or above it). For 'unreachable', the deepest
   * cut found (the walk could not tell whether the name lies further down). Null for
   * 'no-delegation', and when the walk stopped before finding it.
   */
  targetZone: string | null;
  /** Every query sent, in the order they were sent. */
  observations: Observation[];
  /** Aliases met on the way and followed once. */
  cnames: { name: string; target: string; observationId: string }[];
  budget: WalkBudget;
  outcome: WalkOutcome;
}

/** Progress of a walk, streamed to pages and the NDJSON endpoint. */
export type WalkEvent =
  | { type: 'start'; target: string; at: string }
  | { type: 'cut'; zone: string; parent: string | null; nameservers: string[] }
  | { type: 'query'; id: string; zone: string; purpose: ProbePurpose; server: ServerAddress; question: Question }
  | {
      type: 'answer';
      id: string;
      zone: string;
      purpose: ProbePurpose;
      rttMs: number;
      rcode?: Rcode;
      aa?: boolean;
      error?: ObservationErrorKind;
    }
  | { type: 'budget'; limit: BudgetLimit }
  | { type: 'done'; outcome: WalkOutcome; queries: number; durationMs: number };
