// The delegation walker (architecture.md "The walker, in order"): from the root hints down to the
// zone that holds the target, asking every address of every server at each cut, and recording
// everything in a Capture. It gathers; it never judges (that is lib/checks).
//
// How it runs. Each cut has a list of probes (ProbeSpec) and a set of addresses; every probe goes
// to every address, whichever is learnt first: an address found late (a child-only NS name, a
// second parent server's glue) still gets every probe, and a probe added late (the target zone's
// DNSKEY) still reaches every address. The descent itself asks one label at a time (QNAME
// minimisation, RFC 9156) and moves on at the first usable reply (a referral, or an authoritative
// "this name exists and is no cut") while the rest of the level keeps landing in the capture;
// NXDOMAIN and silence are only concluded once nothing is in flight, so that one server's word or
// one slow server never ends the walk early.
import type { AddressOrigin, Capture, Observation, WalkOutcome } from '@/lib/dns/capture';
import type { QueryOptions, ServerAddress } from '@/lib/dns/transport/options';
import type { DecodedMessage, Question } from '@/lib/dns/wire/types';
import { CAPTURE_SCHEMA_VERSION } from '@/lib/dns/capture';
import { CutState, type ProbeSpec, type ReferralState } from '@/lib/dns/walk/cut-state';
import {
  addressesInBailiwick,
  combineAddressStatus,
  negativeSoaOwner,
  nsTargets,
  readAddressReply,
  readDelegationReply,
  type AddressReply,
  type DelegationReply,
  type FoundAddress,
} from '@/lib/dns/walk/read-reply';
import { addressFamily, canonicalAddress, endpointKey } from '@/lib/dns/address';
import type { WalkDeps } from '@/lib/dns/walk/walk-deps';
import { WalkSession } from '@/lib/dns/walk/walk-session';
import { canonicalName, dsbootSignalName, isInDomain, isSameName, isSubdomain, labelCount, labels } from '@/lib/dns/wire/name';
import { registrableDomain } from '@/lib/dns/wire/registrable-domain';
import { provesBelow } from '@/lib/dns/wire/proven-name';

/** Iterative probes: RD=0 (RFC 1034 4.3.1), EDNS with 1232 octets (DNS Flag Day 2020), DO=1 so
 *  DS and RRSIGs come along (RFC 4035 3.2.1). */
const PROBE: QueryOptions = { recursionDesired: false, edns: true, udpSize: 1232, dnssecOk: true };
/** Recursive look-ups through the resolver. */
const RECURSIVE: QueryOptions = { recursionDesired: true, edns: true, udpSize: 1232, dnssecOk: false };
const DNS_PORT = 53;
/** RFC 9615 signalling look-ups: through the resolver, with DO so the signatures come along. */
const SIGNAL: QueryOptions = { ...RECURSIVE, dnssecOk: true };
/** The resolver's view of the target's validation: DO=1, CD=0, so that it validates and says so with AD (RFC 4035 3.2.3). */
const VALIDATE: QueryOptions = { ...RECURSIVE, dnssecOk: true, checkingDisabled: false };
/** At most this many NS names of one zone get their signalling looked up (two queries each). */
const MAX_SIGNAL_NAMES = 10;
/**
 * How many of the zone's servers are asked for the addresses of each in-domain NS name; each
 * that gives no authoritative answer hands the question on to a server of another NS name.
 */
export const NS_ADDRESS_SERVERS = 2;
// The walk from the root hints for an NS name's addresses (resolveByWalking): the servers asked
// in turn at each step before giving up, the steps down, and how many NS names deep it may go to
// reach a zone whose referral carries no usable glue (a resolver's limits, RFC 1034 5.3.3).
const WALK_TRIES = 4;
const WALK_STEPS = 16;
const WALK_NESTING = 3;
/** How long a server of the walk that has answered before may keep silent before the next one is asked too. */
const WALK_STAGGER_MS = 500;

type Decision = { kind: 'cut'; cut: CutState } | { kind: 'not-cut'; cname?: string } | { kind: 'nxdomain' } | { kind: 'unreachable' } | { kind: 'stopped' };

type Descent =
  | { kind: 'apex'; zone: CutState }
  | { kind: 'not-apex'; zone: CutState; cname?: string }
  | { kind: 'nxdomain'; zone: CutState }
  | { kind: 'unreachable'; zone: CutState }
  | { kind: 'stopped'; zone: CutState };

/**
 * Walk the delegation chain from the root hints to the zone of `target`. Never throws: failures,
 * limits and aborts all end in a Capture whose `outcome` says how it ended.
 */
export async function walkDelegation(target: string, deps: WalkDeps): Promise<Capture> {
  const walk = new DelegationWalk(canonicalName(target), deps);
  return walk.run();
}

interface ResolverResult {
  status: 'ok' | 'nxdomain' | 'nodata' | 'cname' | 'failed' | 'not-attempted';
  addresses: FoundAddress[];
  cnameTarget?: string;
  observationIds: string[];
}

/** One way of looking a name up beyond the zone's own servers, and what it gave. */
interface Lookup extends ResolverResult {
  origin: Extract<AddressOrigin, 'resolver' | 'walk'>;
}

class DelegationWalk {
  private readonly target: string;
  private readonly deps: WalkDeps;
  private readonly session: WalkSession;
  private readonly cuts = new Map<string, CutState>();
  private readonly cnames: Capture['cnames'] = [];
  /** The names being descended to: the target, and an alias target once followed. */
  private readonly descentTargets = new Set<string>();
  private readonly verdicts = new Map<string, string | null>();
  private readonly hintPorts = new Map<string, number>();
  private readonly resolverLookups = new Map<string, Promise<ResolverResult>>();
  /** Target zones that publish CDS/CDNSKEY → the NS names whose RFC 9615 signalling was asked. */
  private readonly signalled = new Map<string, Set<string>>();
  /** One walk per name per check (resolveByWalking), whoever needs it first. */
  private readonly walkLookups = new Map<string, Promise<ResolverResult>>();
  /** Walks in flight → the names whose walks they wait on (an acyclic graph: see walkFor). */
  private readonly walkWaits = new Map<string, Set<string>>();
  /** Addresses a zone's own servers gave for a name in it (NS name → address → observation id). */
  private readonly zoneAddresses = new Map<string, Map<string, string>>();
  /** Cuts that need the addresses of an NS name outside their zone (NS name → cuts). */
  private readonly wantAddresses = new Map<string, Set<CutState>>();
  private outcome: WalkOutcome = 'complete';
  private targetZone: string | null = null;

  constructor(target: string, deps: WalkDeps) {
    this.target = target;
    this.deps = deps;
    this.session = new WalkSession(deps);
    this.descentTargets.add(target);
  }

  async run(): Promise<Capture> {
    const s = this.session;
    s.emit({ type: 'start', target: this.target, at: s.startedAt.toISOString() });
    try {
      await this.walk();
    } catch (err) {
      // A bug of ours: keep what was gathered rather than lose the whole check.
      s.fault(err);
    }
    try {
      await s.idle();
    } catch (err) {
      s.fault(err);
    }
    s.close();
    return this.capture();
  }

  // ───────────────────────────── the descent ─────────────────────────────

  private async walk(): Promise<void> {
    const hints = this.deps.rootHints;
    for (const hint of hints) {
      const address = canonicalAddress(hint.address);
      if (address) this.hintPorts.set(address, hint.port);
    }
    const hintNames = [...new Set(hints.flatMap((h) => (h.name ? [canonicalName(h.name)] : [])))];
    const root = this.createCut('.', null, hintNames);
    if (!root) {
      this.outcome = 'budget-exhausted';
      return;
    }
    for (const hint of hints) {
      const name = hint.name ? canonicalName(hint.name) : null;
      this.addAddress(root, name, hint.address, 'hints', undefined, hint.port);
    }

    const result = await this.descend(root, this.target);
    switch (result.kind) {
      case 'apex':
      case 'not-apex': {
        this.targetZone = result.zone.zone;
        // The resolver first: two queries, the slowest of the zone's (the resolver recurses),
        // that would otherwise wait for the zone's several dozen probes to go out.
        this.askResolverView(result.zone.zone);
        this.probeTargetZone(result.zone, result.kind === 'not-apex' ? this.target : null);
        this.outcome = 'complete';
        if (result.kind === 'not-apex' && result.cname) await this.followAlias(root, result.cname);
        return;
      }
      case 'nxdomain':
        this.outcome = 'no-delegation';
        return;
      case 'unreachable':
        // The deepest cut found is as far as the walk can tell; its servers did not answer for
        // the name, so whether it is the target's zone stays open (and its keys are not asked).
        this.targetZone = result.zone.zone;
        result.zone.isTarget = true;
        this.outcome = 'unreachable';
        return;
      case 'stopped':
        this.outcome = 'budget-exhausted';
        return;
    }
  }

  /** Down from `from` towards `name`, one label at a time (RFC 9156 2.3). */
  private async descend(from: CutState, name: string): Promise<Descent> {
    let zone = from;
    let asked = from.zone;
    for (;;) {
      if (isSameName(zone.zone, name)) return { kind: 'apex', zone };
      if (this.session.stopped) return { kind: 'stopped', zone };
      const candidate = childToward(asked, name);
      const decision = await this.askDelegation(zone, candidate, name);
      switch (decision.kind) {
        case 'cut':
          zone = decision.cut;
          asked = zone.zone;
          break;
        case 'not-cut':
          // Not a cut (www.healthy.test, an empty non-terminal): the same servers are asked for the
          // next label down, or the walk ends here when this was the name itself.
          if (isSameName(candidate, name)) return { kind: 'not-apex', zone, ...(decision.cname ? { cname: decision.cname } : {}) };
          asked = candidate;
          break;
        case 'nxdomain':
          return { kind: 'nxdomain', zone };
        case 'unreachable':
          return { kind: 'unreachable', zone };
        case 'stopped':
          return { kind: 'stopped', zone };
      }
    }
  }

  /**
   * Asks every address of the zone's servers for `<candidate> NS`, on the way to `name`. Resolves
   * with the cut as soon as one referral names it, with 'not-cut' as soon as one server
   * authoritatively says the name exists without a cut; otherwise once nothing is in flight any
   * more, from what all said.
   */
  private async askDelegation(zone: CutState, candidate: string, name: string): Promise<Decision> {
    const state = zone.referral(candidate);
    // Every server is asked, even when the cut is known already (from the full name's answer,
    // existsBelow): their referrals are the parent's side of the delegation. addSpec asks once.
    this.addSpec(zone, {
      key: `referral ${candidate}`,
      purpose: 'referral',
      zone: candidate,
      question: { name: candidate, type: 'NS' },
      options: PROBE,
      onReply: (observation) => this.onReferralReply(zone, state, observation),
    });
    if (state.cut) return { kind: 'cut', cut: state.cut };
    if (state.decision) return this.decided(state);

    const first = await Promise.race([state.first, this.session.idle().then(() => null)]);
    if (state.cut) return { kind: 'cut', cut: state.cut };
    if (first === null && this.session.stopped) return { kind: 'stopped' };

    // An authoritative "exists, no cut" lets the walk move on at once, as a referral does: a dead
    // server must not hold up the most common check, a name inside a zone. Servers may disagree:
    // an existing name (NODATA, alias) from any of them beats NXDOMAIN from another, so NXDOMAIN
    // is only concluded once every server has had its say, and the walk goes on gathering rather
    // than stopping on one server's word. Every reply stays in the capture either way.
    const kinds = new Set(state.replies.map((r) => r.reply.kind));
    if (first === 'not-cut' || kinds.has('nodata') || kinds.has('cname')) state.decision = 'not-cut';
    else if (kinds.has('nxdomain')) {
      // NXDOMAIN means nothing lies below (RFC 8020), but old servers give it for an empty
      // non-terminal too: as resolvers do (RFC 9156), ask again with the full name, and go on one
      // label at a time if something below the candidate turns out to exist after all.
      const below = !isSameName(candidate, name) && (await this.existsBelow(zone, candidate, name));
      if (state.cut) return { kind: 'cut', cut: state.cut };
      state.decision = below ? 'not-cut' : 'nxdomain';
    } else state.decision = 'unreachable';

    const alias = state.replies.find((r) => r.reply.kind === 'cname');
    if (state.decision === 'not-cut' && alias && alias.reply.kind === 'cname') {
      state.cname = { target: alias.reply.target, observationId: alias.observation.id };
      if (!this.cnames.some((c) => c.name === candidate)) {
        this.cnames.push({ name: candidate, target: alias.reply.target, observationId: alias.observation.id });
      }
    }
    return this.decided(state);
  }

  /**
   * Asks the zone's servers for `<name> NS` ('referral-full-qname'): true as soon as one reply
   * shows a name below `candidate` to exist (a referral to a cut under it, or an authoritative
   * answer for the name), false once nothing is in flight and none did.
   */
  private existsBelow(zone: CutState, candidate: string, name: string): Promise<boolean> {
    let settle: (found: boolean) => void = () => {};
    const found = new Promise<boolean>((resolve) => {
      settle = resolve;
    });
    this.addSpec(zone, {
      key: `referral-full-qname ${name} below ${candidate}`,
      purpose: 'referral-full-qname',
      zone: candidate,
      question: { name, type: 'NS' },
      options: PROBE,
      onReply: (observation) => {
        if (!provesBelow(name, candidate, observation.response)) return;
        // A referral to the next label down is its delegation: the walk takes it at once rather
        // than wait a round trip for the same referral to the minimised question (still asked).
        const next = childToward(candidate, name);
        // An authoritative NS answer counts only when it answers the question asked (the full name
        // is the next label): NS records of another owner in an answer are not its answer.
        const reply = readDelegationReply(observation, next, zone.zone);
        if (reply.kind === 'referral' || (reply.kind === 'apex-answer' && isSameName(next, name))) {
          this.onReferralReply(zone, zone.referral(next), observation);
        }
        settle(true);
      },
    });
    return Promise.race([found, this.session.idle().then(() => false)]);
  }

  private decided(state: ReferralState): Decision {
    switch (state.decision) {
      case 'not-cut':
        return { kind: 'not-cut', ...(state.cname ? { cname: state.cname.target } : {}) };
      case 'nxdomain':
        return { kind: 'nxdomain' };
      default:
        return { kind: 'unreachable' };
    }
  }

  private onReferralReply(parent: CutState, state: ReferralState, observation: Observation): void {
    const reply = readDelegationReply(observation, state.candidate, parent.zone);
    state.replies.push({ observation, reply });
    if (reply.kind === 'nodata' || reply.kind === 'cname') state.settleFirst('not-cut');
    if (reply.kind !== 'referral' && reply.kind !== 'apex-answer') return;
    // Once the walk has moved on without a cut here, a late referral stays evidence only.
    if (state.decision) return;
    let cut = state.cut;
    if (!cut) {
      cut = this.createCut(state.candidate, parent, reply.nsNames);
      if (!cut) return;
      state.cut = cut;
      state.settleFirst(cut);
    }
    for (const name of reply.nsNames) this.addNameserver(cut, name, 'parent');
    if (reply.kind === 'referral') {
      for (const glue of reply.glue) this.addAddress(cut, glue.name, glue.address, 'glue', observation.id);
    } else {
      // The server serves the child too: its additional data is the child's own.
      cut.coHosted = true;
      this.askDs(cut);
      for (const found of reply.addresses) this.addAddress(cut, found.name, found.address, 'child', observation.id);
    }
    for (const name of reply.nsNames) this.needAddresses(cut, name);
  }

  /** A CNAME at the target: its target's chain is walked too, once (no alias of an alias). */
  private async followAlias(root: CutState, aliasTarget: string): Promise<void> {
    if (this.session.stopped) return;
    this.descentTargets.add(aliasTarget);
    const result = await this.descend(root, aliasTarget);
    if (result.kind === 'not-apex') this.addSpec(result.zone, this.targetProbe(result.zone, aliasTarget));
  }

  // ───────────────────────────── cuts and their servers ─────────────────────────────

  private createCut(zone: string, parent: CutState | null, nsNames: string[]): CutState | null {
    const existing = this.cuts.get(zone);
    if (existing) return existing;
    const level = (parent?.level ?? 0) + 1;
    if (!this.session.budget.reachDepth(level)) return null;
    const cut = new CutState(zone, parent, level);
    this.cuts.set(zone, cut);
    this.session.emit({ type: 'cut', zone, parent: parent?.zone ?? null, nameservers: nsNames });
    // Every server of every cut: its SOA (is it authoritative, which serial), its own NS set, and
    // its DNSKEY RRset with signatures: validation starts at the root's keys and needs every
    // ancestor's (RFC 4035 5), each server's, as one stale server is a fault of its own.
    this.addSpec(cut, { key: 'apex-soa', purpose: 'apex-soa', zone, question: { name: zone, type: 'SOA' }, options: PROBE });
    this.addSpec(cut, {
      key: 'apex-ns',
      purpose: 'apex-ns',
      zone,
      question: { name: zone, type: 'NS' },
      options: PROBE,
      onReply: (observation) => this.onApexNs(cut, observation),
    });
    this.addSpec(cut, { key: 'dnskey', purpose: 'dnskey', zone, question: { name: zone, type: 'DNSKEY' }, options: PROBE });
    return cut;
  }

  private addNameserver(cut: CutState, name: string, side: 'parent' | 'child'): void {
    const entry = cut.server(name);
    if (side === 'parent') {
      entry.inParent = true;
      if (!cut.parentNs.includes(name)) cut.parentNs.push(name);
    } else {
      entry.inChild = true;
      if (!cut.childNs.includes(name)) cut.childNs.push(name);
    }
    if (cut.isTarget && isInDomain(name, cut.zone)) this.probeNsAddresses(cut, name);
    if (this.signalled.has(cut.zone)) this.askSignal(cut, name);
  }

  /**
   * Records an address of an NS name (null: a root hint without a name). A new, allowed address
   * gets every probe of the cut; one the policy refuses is kept with the reason and never sent to,
   * and so is an IPv6 address when this host has no IPv6 (`untested`: its silence would be ours).
   */
  private addAddress(cut: CutState, name: string | null, raw: string, origin: AddressOrigin, evidence?: string, port?: number): void {
    const address = canonicalAddress(raw) ?? raw;
    const entries = name === null ? cut.unnamed : cut.server(name).addresses;
    let entry = entries.get(address);
    if (!entry) {
      const blocked = this.blockedReason(address);
      const family = addressFamily(address);
      entry = {
        address,
        port: port ?? this.hintPorts.get(address) ?? this.deps.serverPort ?? DNS_PORT,
        family,
        origins: new Set(),
        glueFrom: new Set(),
        childFrom: new Set(),
        ...(blocked !== undefined ? { blocked } : {}),
        ...(blocked === undefined && family === 6 && this.deps.ipv6 === false ? { untested: 'no-ipv6-here' as const } : {}),
      };
      entries.set(address, entry);
    }
    entry.origins.add(origin);
    if (evidence && origin === 'glue') entry.glueFrom.add(evidence);
    if (evidence && origin === 'child') entry.childFrom.add(evidence);
    if (name !== null && evidence && origin === 'child' && isInDomain(name, cut.zone)) {
      const held = this.zoneAddresses.get(name) ?? new Map<string, string>();
      if (!held.has(address)) {
        held.set(address, evidence);
        this.zoneAddresses.set(name, held);
        for (const other of this.wantAddresses.get(name) ?? []) if (other !== cut) this.shareAddress(other, name, address, evidence);
      }
    }
    if (entry.blocked !== undefined || entry.untested !== undefined) return;
    const key = endpointKey(entry.address, entry.port);
    if (cut.endpoints.has(key)) return;
    const endpoint: ServerAddress = { address: entry.address, port: entry.port, ...(name ? { name } : {}) };
    cut.endpoints.set(key, endpoint);
    for (const spec of cut.specs.values()) this.dispatch(cut, spec, key, endpoint);
  }

  /**
   * Whether a query may go to `address`: the policy allows it, and it is not IPv6 on a host with
   * none (addAddress keeps those as `untested`; the walk for an NS name skips them, so that their
   * certain silence does not use up its tries).
   */
  private maySend(address: string): boolean {
    return this.blockedReason(address) === undefined && !(addressFamily(address) === 6 && this.deps.ipv6 === false);
  }

  private blockedReason(address: string): string | undefined {
    const policy = this.deps.policy;
    if (!policy) return undefined;
    let reason = this.verdicts.get(address);
    if (reason === undefined) {
      const verdict = policy.check(address);
      reason = verdict.allowed ? null : verdict.message;
      this.verdicts.set(address, reason);
    }
    return reason ?? undefined;
  }

  private addSpec(cut: CutState, spec: ProbeSpec): void {
    if (cut.specs.has(spec.key)) return;
    cut.specs.set(spec.key, spec);
    for (const [key, endpoint] of cut.endpoints) this.dispatch(cut, spec, key, endpoint);
  }

  private dispatch(cut: CutState, spec: ProbeSpec, endpointKey: string, server: ServerAddress): void {
    if (this.session.stopped) return;
    // A spec for a few servers is held to its limit before anything else: a big zone offers it
    // every endpoint. (An endpoint has one name, so a claim made is a name used.)
    const name = server.name ?? server.address;
    let names: Set<string> | undefined;
    if (spec.maxEndpoints !== undefined) {
      names = cut.limitedUse.get(spec.key) ?? new Set<string>();
      if (names.size >= spec.maxEndpoints + (cut.limitedExtra.get(spec.key) ?? 0) || names.has(name)) return;
    }
    const claim = `${spec.key}@${endpointKey}`;
    if (cut.dispatched.has(claim)) return;
    if (names) {
      names.add(name);
      cut.limitedUse.set(spec.key, names);
    }
    cut.dispatched.add(claim);
    const sent = this.session.send({
      transport: this.deps.transport,
      server,
      question: spec.question,
      options: spec.options,
      purpose: spec.purpose,
      zone: spec.zone,
      cacheable: this.session.isCacheable(spec.purpose, spec.zone, this.descentTargets),
    });
    this.session.track(
      sent.then((observation) => {
        if (observation) spec.onReply?.(observation);
      }),
    );
  }

  /** The zone's own NS set, from an authoritative answer, and the child's addresses for it. */
  private onApexNs(cut: CutState, observation: Observation): void {
    const message = observation.response;
    if (!message || message.rcode !== 'NOERROR' || !message.flags.aa) return;
    const names = nsTargets(message.answer, cut.zone);
    for (const name of names) this.addNameserver(cut, name, 'child');
    // Only what the zone's servers may vouch for: names at or below the zone (RFC 2181 5.4.1).
    for (const found of addressesInBailiwick(message.additional, new Set(names), cut.zone).inside) {
      this.addAddress(cut, found.name, found.address, 'child', observation.id);
    }
    for (const name of names) this.needAddresses(cut, name);
  }

  /**
   * An NS name with no address yet: in-domain ones are asked of the zone's own servers (and of the
   * resolver, which shows whether anyone can reach them without glue); out-of-domain ones are
   * looked up beyond the zone, through the resolver or by walking from the root (lookUp, RFC 1034
   * 5.3.3). Each counts against the names budget.
   */
  private needAddresses(cut: CutState, name: string): void {
    const entry = cut.server(name);
    if (entry.lookupStarted || entry.addresses.size > 0) return;
    entry.lookupStarted = true;
    if (isInDomain(name, cut.zone)) this.probeNsAddresses(cut, name);
    else {
      // Outside the zone: what another cut of this walk already holds from the name's own zone is
      // used at once, without waiting a round trip for the look-up (which still goes out).
      const wanting = this.wantAddresses.get(name) ?? new Set<CutState>();
      wanting.add(cut);
      this.wantAddresses.set(name, wanting);
      for (const [address, evidence] of this.zoneAddresses.get(name) ?? []) this.shareAddress(cut, name, address, evidence);
    }
    this.lookUpBeyondZone(cut, name, name);
  }

  /** An address of `name` from its own zone's servers, credited to a cut it is outside of ('walk'). */
  private shareAddress(cut: CutState, name: string, address: string, evidence: string): void {
    const entry = cut.server(name);
    if (entry.addresses.get(address)?.origins.has('walk')) return;
    entry.lookups.push({ status: 'ok', observationIds: [evidence] });
    this.addAddress(cut, name, address, 'walk');
  }

  /**
   * A and AAAA of an in-domain NS name, asked of the zone's own servers ('ns-address'): of two of
   * them (different NS names), as each server's view already comes in its apex NS answer.
   */
  private probeNsAddresses(cut: CutState, name: string): void {
    const entry = cut.server(name);
    if (entry.nsAddressProbes) return;
    entry.nsAddressProbes = true;
    if (!this.session.budget.takeName(name)) return;
    for (const type of ['A', 'AAAA'] as const) {
      const spec: ProbeSpec = {
        key: `ns-address ${name} ${type}`,
        purpose: 'ns-address',
        zone: cut.zone,
        question: { name, type },
        options: PROBE,
        maxEndpoints: NS_ADDRESS_SERVERS,
        onReply: (observation) => this.onNsAddress(cut, name, observation, spec),
      };
      this.addSpec(cut, spec);
    }
  }

  private onNsAddress(cut: CutState, name: string, observation: Observation, spec: ProbeSpec): void {
    const entry = cut.server(name);
    const reply = readAddressReply(observation, name, true);
    if (reply.status === 'failed') {
      // No authoritative answer from this server (silent, lame): the question goes on to a server
      // of another NS name, so that the glue can still be compared with the zone's own data.
      cut.limitedExtra.set(spec.key, (cut.limitedExtra.get(spec.key) ?? 0) + 1);
      for (const [key, endpoint] of cut.endpoints) this.dispatch(cut, spec, key, endpoint);
    }
    entry.lookups.push({
      status: reply.status,
      ...(reply.cnameTarget ? { cnameTarget: reply.cnameTarget } : {}),
      observationIds: [observation.id],
    });
    for (const found of reply.addresses) this.addAddress(cut, name, found.address, 'child', observation.id);
    // An alias whose target lies outside what this server answers for: followed once, beyond the
    // zone (lookUp), so its servers are probed too (RFC 2181 10.3 forbids it; resolvers vary).
    if (reply.status === 'cname' && reply.addresses.length === 0 && reply.cnameTarget && !entry.aliasFollowed) {
      entry.aliasFollowed = true;
      this.lookUpBeyondZone(cut, name, reply.cnameTarget);
    }
  }

  /**
   * Addresses of `lookup` from outside the zone (the resolver, or a walk from the root hints),
   * credited to the NS name `name` of the cut.
   */
  private lookUpBeyondZone(cut: CutState, name: string, lookup: string): void {
    // Only a name outside the zone can be found by walking: one inside needs the zone's own
    // servers, which are what its addresses are wanted for.
    const canWalk = !isInDomain(lookup, cut.zone);
    this.session.track(
      this.lookUp(lookup, cut.zone, canWalk).then((lookups) => {
        const entry = cut.server(name);
        for (const found of lookups) {
          entry.lookups.push({
            status: found.status,
            ...(found.cnameTarget ? { cnameTarget: found.cnameTarget } : {}),
            observationIds: found.observationIds,
          });
          for (const a of found.addresses) this.addAddress(cut, name, a.address, found.origin);
        }
      }),
    );
  }

  /**
   * The resolver first (ZONECUT_RESOLVE=doh); when it fails (SERVFAIL, timeout) or there is none,
   * a walk from the root hints, as a resolver would make it. With ZONECUT_RESOLVE=walk, the walk only.
   */
  private async lookUp(name: string, zone: string, canWalk: boolean): Promise<Lookup[]> {
    const out: Lookup[] = [];
    if ((this.deps.resolve ?? 'doh') === 'doh' && this.deps.resolver) {
      const viaResolver = await this.resolveThroughResolver(name, zone);
      out.push({ ...viaResolver, origin: 'resolver' });
      if (viaResolver.status !== 'failed') return out;
    }
    if (!canWalk) return out;
    out.push({ ...(await this.walkFor(name, zone, [])), origin: 'walk' });
    return out;
  }

  /** One look-up per name per walk, whichever cut needs it first. */
  private resolveThroughResolver(name: string, zone: string): Promise<ResolverResult> {
    let pending = this.resolverLookups.get(name);
    if (!pending) {
      pending = this.askResolver(name, zone);
      this.resolverLookups.set(name, pending);
    }
    return pending;
  }

  private async askResolver(name: string, zone: string): Promise<ResolverResult> {
    const notAttempted: ResolverResult = { status: 'not-attempted', addresses: [], observationIds: [] };
    const resolver = this.deps.resolver;
    if (!resolver || !this.session.budget.takeName(name)) return notAttempted;
    const ask = (qname: string, type: string, purpose: 'resolve' | 'takeover') =>
      this.session.send({
        transport: resolver.transport,
        server: resolver.server,
        question: { name: qname, type },
        options: RECURSIVE,
        purpose,
        zone,
        cacheable: this.session.isCacheable(purpose, zone, this.descentTargets),
      });

    const sent = (await Promise.all([ask(name, 'A', 'resolve'), ask(name, 'AAAA', 'resolve')])).filter((o): o is Observation => o !== null);
    if (sent.length === 0) return notAttempted;
    const readings = sent.map((o) => readAddressReply(o, name, false));
    const result: ResolverResult = {
      status: combineAddressStatus(readings.map((r) => r.status)) ?? 'failed',
      addresses: readings.flatMap((r) => r.addresses),
      observationIds: sent.map((o) => o.id),
    };
    const alias = readings.find((r) => r.cnameTarget)?.cnameTarget;
    if (alias) result.cnameTarget = alias;

    // The resolver gave the alias but not its target's addresses: follow it once.
    if (result.status === 'cname' && result.addresses.length === 0 && alias && this.session.budget.takeName(alias)) {
      const followed = (await Promise.all([ask(alias, 'A', 'resolve'), ask(alias, 'AAAA', 'resolve')])).filter((o): o is Observation => o !== null);
      for (const o of followed) {
        result.observationIds.push(o.id);
        result.addresses.push(...readAddressReply(o, alias, false).addresses);
      }
    }

    // NXDOMAIN: is the NS name's registrable domain gone altogether (reference article 003:
    // expired-domain takeover)? The registrable domain is what someone could register: the Public
    // Suffix List's, not one label below the closest zone (ns9.old.provider.net is under
    // provider.net). When the negative answer's SOA names a zone at or below it, the domain
    // plainly exists; otherwise ask for it.
    if (result.status === 'nxdomain') {
      const registrable = registrableToProbe(name, sent.find((o) => o.response?.rcode === 'NXDOMAIN')?.response);
      if (registrable) {
        const probe = await ask(registrable, 'NS', 'takeover');
        if (probe) result.observationIds.push(probe.id);
      }
    }
    return result;
  }

  // ───────────────────────────── walking for an NS name's addresses ─────────────────────────────

  /**
   * A and AAAA of `name` found by walking, as an iterative resolver does (RFC 1034 5.3.3): from
   * the deepest cut this walk already knows (the root at worst) down the referrals, one label at a
   * time (RFC 9156), asking the servers of each zone in turn until one gives a usable reply. Every
   * query is recorded ('resolve-walk'). `chain` holds the names whose walks wait on this one: a
   * name met again (an NS name whose own zone's servers need it) ends that branch as failed.
   */
  private async resolveByWalking(name: string, zone: string, chain: readonly string[]): Promise<ResolverResult> {
    const ids: string[] = [];
    const done = (status: ResolverResult['status'], extra: Partial<ResolverResult> = {}): ResolverResult => ({
      status,
      addresses: [],
      ...extra,
      observationIds: ids,
    });
    if (!this.session.budget.takeName(name)) return done('not-attempted');
    const below = [...chain, name];

    const at = this.closestKnownCut(name);
    let servers = [...at.endpoints.values()];
    let servedZone = at.zone;
    let asked = at.zone;
    for (let step = 0; !isSameName(asked, name); step++) {
      if (step >= WALK_STEPS) return done('failed');
      const candidate = childToward(asked, name);
      const found = await this.askInTurn(servers, { name: candidate, type: 'NS' }, zone, servedZone, ids, (o) => {
        const reply = readDelegationReply(o, candidate, servedZone);
        return reply.kind === 'unusable' ? null : reply;
      });
      if (!found) return done('failed');
      let { reply } = found;
      const { observation } = found;
      if (reply.kind === 'nxdomain') {
        // One server's word is not enough (a stale copy, an old server's NXDOMAIN for an empty
        // non-terminal): as the descent does, another server is asked too, and then the full name.
        const second = await this.askInTurn(othersFirst(servers, observation.server), { name: candidate, type: 'NS' }, zone, servedZone, ids, (o) => {
          const r = readDelegationReply(o, candidate, servedZone);
          return r.kind === 'unusable' ? null : r;
        });
        if (second) reply = second.reply;
      }
      if (reply.kind === 'nxdomain') {
        const fullName = isSameName(candidate, name)
          ? null
          : await this.askInTurn(servers, { name, type: 'NS' }, zone, servedZone, ids, (o) => (isUsable(o) ? provesBelow(name, candidate, o.response) : null));
        if (fullName?.reply) {
          // Something below the candidate exists after all: on one label at a time, as for NODATA.
          asked = candidate;
          continue;
        }
        const registrable = registrableToProbe(name, observation.response);
        if (registrable) await this.askInTurn([observation.server], { name: registrable, type: 'NS' }, zone, servedZone, ids, () => true, 'takeover');
        return done('nxdomain');
      }
      if (reply.kind === 'referral' || reply.kind === 'apex-answer') {
        const next = await this.serversOfReferral(candidate, reply, zone, ids, below);
        if (next.length === 0) return done('failed');
        servers = next;
        servedZone = candidate;
      }
      // nodata or an alias: the name exists and is no cut; the same servers are asked one label down.
      asked = candidate;
    }

    const readings: AddressReply[] = [];
    await Promise.all(
      (['A', 'AAAA'] as const).map(async (type) => {
        const found = await this.askInTurn(servers, { name, type }, zone, servedZone, ids, (o) => {
          const reply = readAddressReply(o, name, true);
          return reply.status === 'failed' ? null : reply;
        });
        if (found) readings.push(found.reply);
      }),
    );
    const status = combineAddressStatus(readings.map((r) => r.status));
    if (!status) return done('failed');
    const addresses = readings.flatMap((r) => r.addresses);
    const alias = readings.find((r) => r.cnameTarget)?.cnameTarget;
    // An alias whose target these servers do not hold: the target is walked to, once.
    if (status === 'cname' && addresses.length === 0 && alias) {
      const followed = await this.walkFor(alias, zone, below);
      ids.push(...followed.observationIds);
      addresses.push(...followed.addresses);
    }
    return done(status, { addresses, ...(alias ? { cnameTarget: alias } : {}) });
  }

  /**
   * The walk for `name`, shared by everyone who needs it (each cut's look-ups, each referral whose
   * NS names lack glue). `chain` ends with the walk that asks, if any; it waits on the shared one,
   * unless that one already waits on it, directly or through others (zones served only under each
   * other, without glue): such a name ends that branch as failed, as one met again in its own
   * chain does, rather than both waiting for ever.
   */
  private walkFor(name: string, zone: string, chain: readonly string[]): Promise<ResolverResult> {
    const failed: ResolverResult = { status: 'failed', addresses: [], observationIds: [] };
    const waiter = chain.at(-1);
    if (chain.includes(name) || chain.length > WALK_NESTING || (waiter !== undefined && this.walkWaitsOn(name, waiter))) return Promise.resolve(failed);
    let walked = this.walkLookups.get(name);
    if (!walked) {
      this.walkWaits.set(name, new Set());
      walked = this.resolveByWalking(name, zone, chain).finally(() => this.walkWaits.delete(name));
      this.walkLookups.set(name, walked);
    }
    if (waiter === undefined) return walked;
    this.walkWaits.get(waiter)?.add(name);
    return walked.finally(() => this.walkWaits.get(waiter)?.delete(name));
  }

  /** Whether the walk for `from` (in flight) waits on the one for `to`, directly or through others. */
  private walkWaitsOn(from: string, to: string): boolean {
    const seen = new Set<string>();
    const todo = [from];
    for (let name = todo.pop(); name !== undefined; name = todo.pop()) {
      if (name === to) return true;
      if (seen.has(name)) continue;
      seen.add(name);
      todo.push(...(this.walkWaits.get(name) ?? []));
    }
    return false;
  }

  /** The deepest cut of this walk that `name` lies in and that has servers to ask: the root at worst. */
  private closestKnownCut(name: string): CutState {
    let best: CutState | undefined;
    for (const cut of this.cuts.values()) {
      if (cut.endpoints.size === 0 || !isSubdomain(name, cut.zone)) continue;
      if (!best || labelCount(cut.zone) > labelCount(best.zone)) best = cut;
    }
    // The root cut exists from the start of every walk that sends anything.
    return best ?? (this.cuts.get('.') as CutState);
  }

  /**
   * Where a referral (or a co-hosted server's answer) for `child` sends the walk: the addresses it
   * carries for names within the sender's own zone (readDelegationReply keeps no others, RFC 2181
   * 5.4.1), else those of its NS names, walked to in turn (except names inside `child`: without
   * glue, they cannot be reached at all).
   */
  private async serversOfReferral(
    child: string,
    reply: Extract<DelegationReply, { kind: 'referral' | 'apex-answer' }>,
    zone: string,
    ids: string[],
    chain: readonly string[],
  ): Promise<ServerAddress[]> {
    const carried = reply.kind === 'referral' ? reply.glue : reply.addresses;
    let found = carried;
    for (const ns of reply.nsNames) {
      if (found.length > 0 || this.session.stopped) break;
      if (isInDomain(ns, child)) continue;
      const walked = await this.walkFor(ns, zone, chain);
      ids.push(...walked.observationIds);
      found = walked.addresses.map((a) => ({ ...a, name: ns }));
    }
    const out: ServerAddress[] = [];
    for (const a of found) {
      const address = canonicalAddress(a.address) ?? a.address;
      if (!this.maySend(address) || out.some((s) => s.address === address)) continue;
      out.push({ address, port: this.deps.serverPort ?? DNS_PORT, name: a.name });
    }
    return out;
  }

  /**
   * Asks `question` of the servers in turn, one address of each NS name before a second of any (a
   * name whose first address failed likely fails on its second too), until `accept` takes a reply.
   * As a resolver does, the next server is asked as soon as one gives an unusable reply, or when
   * one has kept silent for WALK_STAGGER_MS, so a dead server costs a moment, not its timeout.
   * Servers not heard from yet in this walk are asked together (at most WALK_TRIES), up to the
   * first one that has answered before: a provider gone dark costs one timeout, not one per
   * server, while a zone whose servers have answered still gets one query at a time.
   * Replies that land after the answer are kept in the capture (and in `ids`) all the same.
   */
  private askInTurn<T>(
    servers: readonly ServerAddress[],
    question: Question,
    zone: string,
    servedZone: string,
    ids: string[],
    accept: (observation: Observation) => T | null,
    purpose: 'resolve-walk' | 'takeover' = 'resolve-walk',
  ): Promise<{ reply: T; observation: Observation } | null> {
    const order = inTurn(servers).slice(0, WALK_TRIES);
    return new Promise((resolve) => {
      let next = 0;
      let pending = 0;
      let settled = false;
      let timer: ReturnType<typeof setTimeout> | undefined;
      const settle = (value: { reply: T; observation: Observation } | null) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        resolve(value);
      };
      const launch = (): void => {
        clearTimeout(timer);
        const server = order[next];
        if (settled || server === undefined || this.session.stopped) {
          if (pending === 0) settle(null);
          return;
        }
        next++;
        pending++;
        const unheard = !this.session.hasAnswered(server.address);
        if (next < order.length && !unheard) timer = setTimeout(launch, WALK_STAGGER_MS);
        const sent = this.session.send({
          transport: this.deps.transport,
          server,
          question,
          options: PROBE,
          purpose,
          zone,
          // Cached by the zone asked (the root's and TLDs' answers), not by the zone that needed it.
          cacheable: this.session.isCacheable(purpose, servedZone, this.descentTargets),
        });
        this.session.track(
          sent
            .then((observation) => {
              pending--;
              if (observation) ids.push(observation.id);
              const reply = observation && !settled ? accept(observation) : null;
              if (observation && reply !== null) settle({ reply, observation });
              else if (!settled) launch();
            })
            .catch((err: unknown) => {
              pending--;
              settle(null);
              throw err;
            }),
        );
        // Not heard from yet: the next one goes out with it (and so on), not after its silence.
        if (unheard && next < order.length) launch();
      };
      launch();
    });
  }

  // ───────────────────────────── the target zone ─────────────────────────────

  /**
   * What only the target's zone gets: its keys and signals (DNSKEY, CDS, CDNSKEY: RFC 7344;
   * CSYNC: RFC 7477), the SOA again without EDNS (RFC 6891 7) and over TCP (RFC 7766), the
   * addresses of every in-domain NS name from the zone itself (to compare with glue), and from
   * every parent server the referral without EDNS (RFC 9471: does the glue fit in 512 octets?)
   * and the zone's DS.
   */
  private probeTargetZone(cut: CutState, notApexName: string | null): void {
    cut.isTarget = true;
    this.session.targetZones.add(cut.zone);
    const zone = cut.zone;
    const at = (key: string, purpose: ProbeSpec['purpose'], type: string, options: QueryOptions = PROBE): ProbeSpec => ({
      key,
      purpose,
      zone,
      question: { name: zone, type },
      options,
    });
    const onSignal = (observation: Observation) => this.onCdsReply(cut, observation);
    this.addSpec(cut, { ...at('cds', 'cds', 'CDS'), onReply: onSignal });
    this.addSpec(cut, { ...at('cdnskey', 'cdnskey', 'CDNSKEY'), onReply: onSignal });
    // Type 62 (RFC 7477); the codec sends it by number.
    this.addSpec(cut, at('csync', 'csync', 'CSYNC'));
    this.addSpec(cut, at('soa-no-edns', 'soa-no-edns', 'SOA', { recursionDesired: false, edns: false }));
    this.addSpec(cut, at('soa-tcp', 'soa-tcp', 'SOA', { ...PROBE, tcp: true }));
    for (const name of cut.servers.keys()) if (isInDomain(name, zone)) this.probeNsAddresses(cut, name);
    if (notApexName) this.addSpec(cut, this.targetProbe(cut, notApexName));
    if (cut.parent) {
      this.addSpec(cut.parent, {
        key: `referral-no-edns ${zone}`,
        purpose: 'referral-no-edns',
        zone,
        question: { name: zone, type: 'NS' },
        // No fallback to TCP: the truncated reply itself is the evidence.
        options: { recursionDesired: false, edns: false, noTcpFallback: true },
      });
      this.askDs(cut);
    }
  }

  /**
   * The DS RRset is the parent's data (RFC 4035 2.4): ask for it directly, not only as it comes
   * with a referral. A server that serves the child too answers `<zone> NS` from the child,
   * without DS or denial proof, while it answers `<zone> DS` from the parent (RFC 4035 3.1.4.1).
   * Asked for the target, and for every cut above it that such a server answered for: validation
   * needs each cut's DS or its proven absence, and there no referral brings them.
   */
  private askDs(cut: CutState): void {
    if (!cut.parent) return;
    const zone = cut.zone;
    this.addSpec(cut.parent, { key: `ds ${zone}`, purpose: 'ds', zone, question: { name: zone, type: 'DS' }, options: PROBE });
  }

  /**
   * A server of the zone publishes CDS or CDNSKEY: from then on, every NS name of the zone gets its
   * RFC 9615 signalling looked up (the check compares it with the zone's own; only it judges
   * whether a parent could use it).
   */
  private onCdsReply(cut: CutState, observation: Observation): void {
    const answer = observation.response?.answer ?? [];
    const published = answer.some((rr) => (rr.type === 'CDS' || rr.type === 'CDNSKEY') && isSameName(rr.name, cut.zone));
    if (!published || this.signalled.has(cut.zone)) return;
    this.signalled.set(cut.zone, new Set());
    for (const name of cut.servers.keys()) this.askSignal(cut, name);
  }

  /**
   * RFC 9615 4.2 step 3: the zone's CDS and CDNSKEY as the DNS operator behind `nsName`
   * co-publishes them, at `_dsboot.<zone>._signal.<nsName>`, asked through the resolver (they live
   * in the operator's zone, not the child's). NS names inside the zone itself are left out: a parent
   * ignores them (RFC 9615 4.2), as the zone is not secure yet and cannot vouch for itself. With
   * ZONECUT_RESOLVE=walk nothing goes to the resolver, so the signalling is not asked (the check
   * reads it as such) rather than asked behind the operator's back.
   */
  private askSignal(cut: CutState, nsName: string): void {
    const resolver = this.deps.resolve === 'walk' ? null : this.deps.resolver;
    const asked = this.signalled.get(cut.zone);
    if (!resolver || !asked || asked.has(nsName) || asked.size >= MAX_SIGNAL_NAMES || isInDomain(nsName, cut.zone)) return;
    asked.add(nsName);
    const name = dsbootSignalName(cut.zone, nsName);
    for (const type of ['CDS', 'CDNSKEY']) {
      this.session.track(
        this.session.send({
          transport: resolver.transport,
          server: resolver.server,
          question: { name, type },
          options: SIGNAL,
          purpose: 'dsboot',
          zone: cut.zone,
          // A parent asks with a cold cache (RFC 9615 5.2); so does each check.
          cacheable: false,
        }),
      );
    }
  }

  /**
   * The resolver's view of the zone's validation, beside the check's own: `<zone> SOA` and `. SOA`,
   * with DO=1 (purpose 'validate'). The AD bit of the first says whether the resolver found the
   * zone secure (RFC 4035 3.2.3); that of the root's says whether it validates at all, so that a
   * resolver that never sets AD is not read as calling the zone insecure. Nothing goes to the
   * resolver with ZONECUT_RESOLVE=walk.
   */
  private askResolverView(zone: string): void {
    const resolver = this.deps.resolve === 'walk' ? null : this.deps.resolver;
    if (!resolver) return;
    for (const name of new Set([zone, '.'])) {
      this.session.track(
        this.session.send({
          transport: resolver.transport,
          server: resolver.server,
          question: { name, type: 'SOA' },
          options: VALIDATE,
          purpose: 'validate',
          zone: name,
          // The target's answer is always fresh (targetZones); the root's may be reused.
          cacheable: this.session.isCacheable('validate', name, this.descentTargets),
        }),
      );
    }
  }

  /** A delegated zone (not the root: its hints are the walk's start) with no address to send to. */
  private hasNoServerToAsk(zone: string | null): boolean {
    const cut = zone === null ? undefined : this.cuts.get(zone);
    return cut !== undefined && cut.parent !== null && cut.endpoints.size === 0;
  }

  /** The name itself, asked of its zone's servers: a NODATA with the zone's SOA shows it is no apex. */
  private targetProbe(cut: CutState, name: string): ProbeSpec {
    return { key: `target ${name}`, purpose: 'target', zone: cut.zone, question: { name, type: 'SOA' }, options: PROBE };
  }

  // ───────────────────────────── the capture ─────────────────────────────

  private capture(): Capture {
    const s = this.session;
    const finished = s.now();
    const budget = s.budget.snapshot();
    let outcome = this.outcome;
    if (s.aborted) outcome = 'aborted';
    else if (budget.exhausted !== null) outcome = 'budget-exhausted';
    else if ((outcome === 'complete' || outcome === 'unreachable') && this.hasNoServerToAsk(this.targetZone)) {
      // The zone was found, but not one address of its servers could be sent to (none learnt, or
      // all refused by the policy or untested IPv6): whatever the checks say, nothing of the zone
      // itself was seen. For a name inside the zone the descent ends 'unreachable' there, as it had
      // no server to ask about the next label; that is this case too, not a silent zone.
      outcome = 'no-server-asked';
    }
    const observations = s.observations();
    const resolver = this.deps.resolver;
    const capture: Capture = {
      schemaVersion: CAPTURE_SCHEMA_VERSION,
      target: this.target,
      startedAt: s.startedAt.toISOString(),
      finishedAt: finished.toISOString(),
      durationMs: Math.max(0, finished.getTime() - s.startedAt.getTime()),
      rootHints: [...this.deps.rootHints],
      resolver: resolver ? { kind: resolver.transport.kind, ...(resolver.server.url ? { url: resolver.server.url } : {}) } : { kind: 'none' },
      cuts: [...this.cuts.values()].map((cut) => cut.toZoneCut()),
      targetZone: this.targetZone,
      observations,
      cnames: [...this.cnames],
      budget,
      outcome,
    };
    s.emit({ type: 'done', outcome, queries: budget.used.queries, durationMs: capture.durationMs });
    return capture;
  }
}

/**
 * For an NS name that does not exist: its registrable domain (the Public Suffix List's), whose own
 * existence the takeover check asks about; null when there is none, or when the NXDOMAIN's SOA
 * names a zone at or below it (then it plainly exists).
 */
function registrableToProbe(name: string, nxdomain: DecodedMessage | undefined): string | null {
  const registrable = registrableDomain(name);
  const closest = negativeSoaOwner(nxdomain);
  return registrable && !(closest && isSubdomain(closest, registrable)) ? registrable : null;
}

/**
 * The servers other than `asked`, those of other NS names first (the same operator's second
 * address likely holds the same data): who confirms what `asked` said.
 */
function othersFirst(servers: readonly ServerAddress[], asked: ServerAddress): ServerAddress[] {
  const others = servers.filter((s) => s.address !== asked.address || s.port !== asked.port);
  const sameName = (s: ServerAddress) => s.name !== undefined && s.name === asked.name;
  return [...others.filter((s) => !sameName(s)), ...others.filter(sameName)];
}

/** A reply that says something of the name: NOERROR or NXDOMAIN, not truncated. */
function isUsable(observation: Observation): boolean {
  const rcode = observation.response?.rcode;
  return (rcode === 'NOERROR' || rcode === 'NXDOMAIN') && observation.response?.flags.tc !== true;
}

/** The first address of each NS name, then the second of each, and so on. */
function inTurn(servers: readonly ServerAddress[]): ServerAddress[] {
  const rank = new Map<string, number>();
  return servers
    .map((server, i) => {
      const key = server.name ?? server.address;
      const n = rank.get(key) ?? 0;
      rank.set(key, n + 1);
      return { server, n, i };
    })
    .sort((a, b) => a.n - b.n || a.i - b.i)
    .map((x) => x.server);
}

/** The name one label below `ancestor` on the way to `name` (RFC 9156: the next label only). */
export function childToward(ancestor: string, name: string): string {
  const all = labels(canonicalName(name));
  const keep = Math.min(all.length, labelCount(ancestor) + 1);
  return all.slice(all.length - keep).join('.') + '.';
}
