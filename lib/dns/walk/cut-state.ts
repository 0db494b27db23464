// What the walk knows about one zone cut while it is still learning: the NS names each side
// named, every address with where it came from, the probes every address gets. Turned into the
// plain ZoneCut of the capture at the end.
import type { AddressOrigin, NameResolutionStatus, Nameserver, NameserverAddress, Observation, ProbePurpose, UntestedReason, ZoneCut } from '@/lib/dns/capture';
import type { QueryOptions, ServerAddress } from '@/lib/dns/transport/options';
import type { Question } from '@/lib/dns/wire/types';
import { combineAddressStatus, type AddressStatus, type DelegationReply } from '@/lib/dns/walk/read-reply';
import { isInDomain } from '@/lib/dns/wire/name';

/** A question every address of the cut's servers is asked, once each. */
export interface ProbeSpec {
  /** Unique within the cut. */
  key: string;
  purpose: ProbePurpose;
  /** Recorded on the observation: the cut the probe is about (for a referral, the child). */
  zone: string;
  question: Question;
  options: QueryOptions;
  /**
   * Asked of at most this many addresses, each of a different NS name, instead of all of them
   * (the addresses of in-domain NS names: every server's view of those already comes with its
   * apex NS answer, and names × addresses would not fit any budget for a zone with ten servers).
   */
  maxEndpoints?: number;
  onReply?: (observation: Observation) => void;
}

export interface AddressEntry {
  address: string;
  port: number;
  family: 4 | 6;
  origins: Set<AddressOrigin>;
  glueFrom: Set<string>;
  childFrom: Set<string>;
  blocked?: string;
  untested?: UntestedReason;
}

/** One look-up of a name's addresses and what it gave. */
export interface LookupRecord {
  status: AddressStatus | 'not-attempted';
  cnameTarget?: string;
  observationIds: string[];
}

export interface ServerEntry {
  name: string;
  inParent: boolean;
  inChild: boolean;
  addresses: Map<string, AddressEntry>;
  lookups: LookupRecord[];
  /** A look-up beyond glue has been started (so it is started once). */
  lookupStarted: boolean;
  nsAddressProbes: boolean;
  aliasFollowed: boolean;
}

/** The parent's answers to `<child> NS`: one per parent server, and what the walk made of them. */
export interface ReferralState {
  candidate: string;
  replies: { observation: Observation; reply: DelegationReply }[];
  cut: CutState | null;
  /** Settled once the walk moved on without a cut here. */
  decision: 'not-cut' | 'nxdomain' | 'unreachable' | null;
  cname?: { target: string; observationId: string };
  /**
   * The first reply the walk can move on with: a referral (the cut) or an authoritative answer
   * that the name exists and is no cut.
   */
  first: Promise<CutState | 'not-cut'>;
  settleFirst: (first: CutState | 'not-cut') => void;
}

export class CutState {
  readonly zone: string;
  readonly parent: CutState | null;
  /** The root is 1. */
  readonly level: number;
  isTarget = false;
  /** Some parent server answered for the child itself (it serves both zones). */
  coHosted = false;
  readonly parentNs: string[] = [];
  readonly childNs: string[] = [];
  readonly servers = new Map<string, ServerEntry>();
  /** Root hint addresses given without a name. */
  readonly unnamed = new Map<string, AddressEntry>();
  /** Where this cut's probes go: every allowed address, by endpoint key. */
  readonly endpoints = new Map<string, ServerAddress>();
  readonly specs = new Map<string, ProbeSpec>();
  /** `<spec key>@<endpoint key>` of every probe dispatched. */
  readonly dispatched = new Set<string>();
  /** For specs with `maxEndpoints`: the NS names whose addresses they went to. */
  readonly limitedUse = new Map<string, Set<string>>();
  /** For specs with `maxEndpoints`: how many more servers they may go to, one per server that failed them. */
  readonly limitedExtra = new Map<string, number>();
  /** Delegations asked of this cut's servers, by child name. */
  readonly referrals = new Map<string, ReferralState>();

  constructor(zone: string, parent: CutState | null, level: number) {
    this.zone = zone;
    this.parent = parent;
    this.level = level;
  }

  server(name: string): ServerEntry {
    let entry = this.servers.get(name);
    if (!entry) {
      entry = {
        name,
        inParent: false,
        inChild: false,
        addresses: new Map(),
        lookups: [],
        lookupStarted: false,
        nsAddressProbes: false,
        aliasFollowed: false,
      };
      this.servers.set(name, entry);
    }
    return entry;
  }

  /** The state of the question for `candidate`'s delegation, made on first use. */
  referral(candidate: string): ReferralState {
    const existing = this.referrals.get(candidate);
    if (existing) return existing;
    let settleFirst: (first: CutState | 'not-cut') => void = () => {};
    const first = new Promise<CutState | 'not-cut'>((resolve) => {
      settleFirst = resolve;
    });
    const state: ReferralState = { candidate, replies: [], cut: null, decision: null, first, settleFirst };
    this.referrals.set(candidate, state);
    return state;
  }

  toZoneCut(): ZoneCut {
    const order = [...this.parentNs, ...this.childNs.filter((n) => !this.parentNs.includes(n))];
    for (const name of this.servers.keys()) if (!order.includes(name)) order.push(name);

    // A hint without a name is credited to the NS name that has its address (RFC 8109 priming
    // tells the names); what stays unmatched is kept apart.
    const unmatched: AddressEntry[] = [];
    for (const hint of this.unnamed.values()) {
      let matched = false;
      for (const entry of this.servers.values()) {
        const same = entry.addresses.get(hint.address);
        if (same) {
          same.origins.add('hints');
          matched = true;
        }
      }
      if (!matched) unmatched.push(hint);
    }

    const nameservers: Nameserver[] = order.map((name) => {
      const entry = this.servers.get(name);
      const lookups = entry?.lookups ?? [];
      const status: NameResolutionStatus = combineAddressStatus(lookups.flatMap((l) => (l.status === 'not-attempted' ? [] : [l.status]))) ?? 'not-attempted';
      const cnameTarget = lookups.find((l) => l.cnameTarget !== undefined)?.cnameTarget;
      return {
        name,
        inParent: entry?.inParent ?? false,
        inChild: entry?.inChild ?? false,
        inDomain: isInDomain(name, this.zone),
        addresses: [...(entry?.addresses.values() ?? [])].map(toNameserverAddress),
        resolution: {
          status,
          ...(cnameTarget !== undefined ? { cnameTarget } : {}),
          observationIds: [...new Set(lookups.flatMap((l) => l.observationIds))],
        },
      };
    });

    return {
      zone: this.zone,
      parent: this.parent?.zone ?? null,
      parentNs: [...this.parentNs],
      childNs: [...this.childNs],
      nameservers,
      isTarget: this.isTarget,
      ...(this.coHosted ? { coHosted: true } : {}),
      ...(unmatched.length > 0 ? { unnamedAddresses: unmatched.map(toNameserverAddress) } : {}),
    };
  }
}

function toNameserverAddress(entry: AddressEntry): NameserverAddress {
  const origins = (['glue', 'child', 'resolver', 'walk', 'hints'] as const).filter((o) => entry.origins.has(o));
  return {
    address: entry.address,
    family: entry.family,
    origins,
    ...(entry.glueFrom.size > 0 ? { glueFrom: [...entry.glueFrom] } : {}),
    ...(entry.childFrom.size > 0 ? { childFrom: [...entry.childFrom] } : {}),
    ...(entry.blocked !== undefined ? { blocked: entry.blocked } : {}),
    ...(entry.untested !== undefined ? { untested: entry.untested } : {}),
  };
}
