// The delegation tree the pages draw: zone cuts from the root down, each zone's nameservers (the
// union of the parent's and the child's sets), each nameserver's addresses with where they came
// from and how they answered. Built from a finished Report, or from the live stream before the
// report is in, into the same shape, so the tree keeps its rows when the report replaces the
// live view. Findings are attached to the node where they occur. Pure and isomorphic.
import type { Finding, Severity } from '@/lib/checks/catalogue';
import { severityRank } from '@/lib/checks/severity';
import type { AddressFact } from '@/lib/checks/zone-facts';
import { CHILD_PURPOSES, type AddressOrigin, type NameResolutionStatus, type Observation, type ProbePurpose } from '@/lib/dns/capture';
import { canonicalName, isSubdomain } from '@/lib/dns/wire/name';
import type { Report } from '@/lib/report/report';
import type { LiveQuery, LiveState } from '@/lib/report/view/live';

/** How an address answered for the zone it is listed under. */
export type AddressState =
  | { kind: 'pending' }
  | { kind: 'authoritative'; serial: number | null }
  | { kind: 'lame'; reason: string }
  | { kind: 'unreachable'; reason: string }
  | { kind: 'not-queried'; reason: string }
  /** This host could not send to its family (Capture.vantage): no verdict either way. */
  | { kind: 'untested'; reason: string };

export interface AddressFacts {
  state: AddressState;
  /** Answers over UDP but not over TCP: why. */
  tcpBroken: string | null;
  /** Queries to it still waiting (live only). */
  pending: number;
}

export type Side = 'both' | 'parent' | 'child';

interface NodeCommon {
  /** Stable across live and final trees: `z:<zone>`, `n:<zone>|<ns>`, `a:<zone>|<ns>|<address>`. */
  id: string;
  label: string;
  /** Indexes into report.findings of the findings that occur at this node. */
  findings: number[];
  /** Observation ids behind this node: what was asked of it (empty while live). */
  evidence: string[];
  /** Observation ids that named it: the referrals that carried glue, the answers that gave an address. */
  sources: string[];
  /**
   * The worst problem at or below this node: findings above info, and (live, before any finding
   * exists) servers seen failing. Null when nothing needs attention.
   */
  attention: Severity | null;
  children: TreeNode[];
}

export interface ZoneNode extends NodeCommon {
  kind: 'zone';
  zone: string;
  parent: string | null;
  isTarget: boolean;
  coHosted: boolean;
  children: NameserverNode[];
}

export interface NameserverNode extends NodeCommon {
  kind: 'nameserver';
  zone: string;
  name: string;
  /** In the parent's NS set, the child's, or both; null when unknown (live) or for the root. */
  side: Side | null;
  inDomain: boolean | null;
  /** How its addresses were looked up beyond glue (report only). */
  resolution: NameResolutionStatus | null;
  /** Live: an address look-up is under way. */
  resolving: boolean;
  children: AddressNode[];
}

export interface AddressNode extends NodeCommon {
  kind: 'address';
  zone: string;
  name: string;
  address: string;
  family: 4 | 6;
  origins: AddressOrigin[];
  facts: AddressFacts;
  children: [];
}

export type TreeNode = ZoneNode | NameserverNode | AddressNode;

export interface TreeModel {
  zones: ZoneNode[];
  /** Finding index → the id of the node it is attached to (absent: no node fits). */
  findingNode: Map<number, string>;
  /** Node id → node, and node id → parent id. */
  byId: Map<string, TreeNode>;
  parentOf: Map<string, string>;
  live: boolean;
}

export const zoneId = (zone: string) => `z:${zone}`;
export const nameserverId = (zone: string, name: string) => `n:${zone}|${name}`;
export const addressId = (zone: string, name: string, address: string) => `a:${zone}|${name}|${address}`;

export function worseOf(a: Severity | null, b: Severity | null): Severity | null {
  if (a === null) return b;
  if (b === null) return a;
  return severityRank(a) <= severityRank(b) ? a : b;
}

const APEX: ReadonlySet<ProbePurpose> = new Set<ProbePurpose>(['apex-soa', 'apex-ns']);

// ───────────── address facts ─────────────

/** The analysis's status of an address (Report.zones), in the tree's terms. */
export function addressFactsOf(fact: AddressFact | undefined): AddressFacts {
  const s = fact?.status;
  const state: AddressState =
    s === undefined
      ? { kind: 'not-queried', reason: 'not queried' }
      : s.kind === 'authoritative'
        ? s
        : s.kind === 'lame'
          ? { kind: 'lame', reason: s.detail }
          : s.kind === 'unreachable'
            ? { kind: 'unreachable', reason: s.detail }
            : s.kind === 'not-tested'
              ? { kind: 'untested', reason: s.detail }
              : { kind: 'not-queried', reason: s.detail };
  return { state, tcpBroken: fact?.tcpBroken ?? null, pending: 0 };
}

/**
 * The same from live query events, before the report: the checks' verdict on each answer
 * (lib/checks/live-answer.ts, sent with the stream) combined the way the report's address facts
 * are (zone-facts.ts): any lame answer makes the address lame; the answers without EDNS count only
 * when no answer with EDNS was judged; unreachable once every apex question failed. Pending until then.
 */
export function addressFactsFromLive(queries: readonly LiveQuery[]): AddressFacts {
  const pending = queries.filter((q) => !q.answer).length;
  const apex = queries.filter((q) => APEX.has(q.purpose));
  const statuses = (qs: readonly LiveQuery[]) => qs.flatMap((q) => (q.answer?.status ? [q.answer.status] : []));
  const judged = statuses(apex).filter((s) => s.kind !== 'unreachable');
  const verdicts = judged.length > 0 ? judged : statuses(queries.filter((q) => q.purpose === 'soa-no-edns'));
  const words = (details: string[]) => [...new Set(details)].sort().join('; ');
  const tcp = statuses(queries).flatMap((s) => (s.kind === 'tcp-broken' ? [s.detail] : []));
  const withState = (state: AddressState): AddressFacts => ({
    state,
    tcpBroken: state.kind === 'authoritative' && tcp.length > 0 ? words(tcp) : null,
    pending,
  });
  const lame = verdicts.flatMap((s) => (s.kind === 'lame' ? [s.detail] : []));
  if (lame.length > 0) return withState({ kind: 'lame', reason: words(lame) });
  if (verdicts.some((s) => s.kind === 'authoritative')) return withState({ kind: 'authoritative', serial: null });
  const failed = statuses(apex).flatMap((s) => (s.kind === 'unreachable' ? [s.detail] : []));
  if (apex.length > 0 && failed.length === apex.length) return withState({ kind: 'unreachable', reason: words(failed) });
  return withState({ kind: 'pending' });
}

/** Problems that servers show before any finding exists (live), and on every address row. */
export function factsAttention(facts: AddressFacts): Severity | null {
  if (facts.state.kind === 'lame' || facts.state.kind === 'unreachable' || facts.tcpBroken) return 'warning';
  return null;
}

// ───────────── the tree ─────────────

function sideOf(inParent: boolean, inChild: boolean, isRoot: boolean): Side | null {
  if (isRoot) return null;
  if (inParent && inChild) return 'both';
  return inParent ? 'parent' : inChild ? 'child' : null;
}

function finishTree(zones: ZoneNode[], findings: readonly Finding[], live: boolean): TreeModel {
  const byId = new Map<string, TreeNode>();
  const parentOf = new Map<string, string>();
  const walk = (node: TreeNode, parent: string | null) => {
    byId.set(node.id, node);
    if (parent) parentOf.set(node.id, parent);
    for (const c of node.children) walk(c, node.id);
  };
  zones.forEach((z) => walk(z, null));

  // Attach each finding to the most specific node that fits: its address, its nameserver, its
  // zone, or the deepest zone above it (a missing delegation belongs to the parent that says so).
  const findingNode = new Map<number, string>();
  findings.forEach((f, i) => {
    const zone = canonicalName(f.zone);
    let zoneNode = zones.find((z) => z.zone === zone);
    if (!zoneNode) zoneNode = [...zones].reverse().find((z) => isSubdomain(zone, z.zone));
    if (!zoneNode) return;
    let node: TreeNode = zoneNode;
    if (f.nameserver) {
      const ns = zoneNode.children.find((n) => n.name === canonicalName(f.nameserver as string));
      if (ns) {
        node = ns;
        const addr = f.address ? ns.children.find((a) => a.address === (f.address as string).toLowerCase()) : undefined;
        if (addr) node = addr;
      }
    }
    node.findings.push(i);
    findingNode.set(i, node.id);
  });

  // Attention rolls up: a collapsed zone still says that something below it is wrong.
  const roll = (node: TreeNode): Severity | null => {
    let worst: Severity | null = null;
    for (const i of node.findings) {
      const s = findings[i]?.severity ?? null;
      if (s !== 'info') worst = worseOf(worst, s);
    }
    if (node.kind === 'address') worst = worseOf(worst, factsAttention(node.facts));
    for (const c of node.children) worst = worseOf(worst, roll(c));
    node.attention = worst;
    return worst;
  };
  zones.forEach(roll);
  return { zones, findingNode, byId, parentOf, live };
}

export function treeFromReport(report: Report): TreeModel {
  const { capture, findings } = report;
  const byZoneAddress = new Map<string, Observation[]>();
  const byZoneName = new Map<string, Observation[]>();
  for (const o of capture.observations) {
    if (!o.zone || !o.purpose || !CHILD_PURPOSES.has(o.purpose)) continue;
    const zone = canonicalName(o.zone);
    const ka = `${zone}|${o.server.address.toLowerCase()}`;
    byZoneAddress.set(ka, [...(byZoneAddress.get(ka) ?? []), o]);
    if (o.server.name) {
      const kn = `${zone}|${canonicalName(o.server.name)}`;
      byZoneName.set(kn, [...(byZoneName.get(kn) ?? []), o]);
    }
  }
  const referralsOf = (zone: string) =>
    capture.observations
      .filter((o) => o.zone && canonicalName(o.zone) === zone && (o.purpose === 'referral' || o.purpose === 'referral-no-edns' || o.purpose === 'ds'))
      .map((o) => o.id);

  const zones = capture.cuts.map((cut): ZoneNode => {
    const zone = canonicalName(cut.zone);
    const isRoot = cut.parent === null;
    const facts = report.zones.find((z) => z.zone === zone);
    const children = cut.nameservers.map((ns): NameserverNode => {
      const name = canonicalName(ns.name);
      const addresses = ns.addresses.map((a): AddressNode => {
        const address = a.address.toLowerCase();
        const obs = byZoneAddress.get(`${zone}|${address}`) ?? [];
        return {
          kind: 'address',
          id: addressId(zone, name, address),
          label: address,
          zone,
          name,
          address,
          family: a.family,
          origins: a.origins,
          facts: addressFactsOf(facts?.addresses[address]),
          findings: [],
          evidence: obs.map((o) => o.id),
          sources: [...new Set([...(a.glueFrom ?? []), ...(a.childFrom ?? [])])].filter((id) => !obs.some((o) => o.id === id)),
          attention: null,
          children: [],
        };
      });
      const own = byZoneName.get(`${zone}|${name}`) ?? [];
      return {
        kind: 'nameserver',
        id: nameserverId(zone, name),
        label: name,
        zone,
        name,
        side: sideOf(ns.inParent, ns.inChild, isRoot),
        inDomain: ns.inDomain,
        resolution: ns.resolution.status,
        resolving: false,
        findings: [],
        evidence: own.map((o) => o.id),
        sources: ns.resolution.observationIds.filter((id) => !own.some((o) => o.id === id)),
        attention: null,
        children: addresses,
      };
    });
    return {
      kind: 'zone',
      id: zoneId(zone),
      label: zone,
      zone,
      parent: cut.parent === null ? null : canonicalName(cut.parent),
      isTarget: cut.isTarget,
      coHosted: cut.coHosted === true,
      findings: [],
      evidence: children.flatMap((n) => (byZoneName.get(`${zone}|${n.name}`) ?? []).filter((o) => o.purpose === 'apex-ns').map((o) => o.id)),
      sources: referralsOf(zone),
      attention: null,
      children,
    };
  });
  return finishTree(zones, findings, false);
}

export function treeFromLive(state: LiveState): TreeModel {
  const queries = Object.values(state.queries);
  const target = state.target ? canonicalName(state.target) : null;
  const deepest = state.cuts.at(-1)?.zone;
  const zones = state.cuts.map((cut): ZoneNode => {
    const zone = canonicalName(cut.zone);
    const own = queries.filter((q) => canonicalName(q.zone) === zone && CHILD_PURPOSES.has(q.purpose));
    const names = [...new Set([...cut.nameservers.map(canonicalName), ...own.flatMap((q) => (q.server.name ? [canonicalName(q.server.name)] : []))])];
    const children = names.map((name): NameserverNode => {
      const mine = own.filter((q) => q.server.name && canonicalName(q.server.name) === name);
      const addresses = [...new Set(mine.map((q) => q.server.address.toLowerCase()))];
      const lookups = queries.filter(
        (q) => (q.purpose === 'resolve' || q.purpose === 'resolve-walk' || q.purpose === 'ns-address') && canonicalName(q.question.name) === name,
      );
      return {
        kind: 'nameserver',
        id: nameserverId(zone, name),
        label: name,
        zone,
        name,
        side: null,
        inDomain: null,
        resolution: null,
        resolving: addresses.length === 0 && lookups.some((q) => !q.answer),
        findings: [],
        evidence: [],
        sources: [],
        attention: null,
        children: addresses.map((address): AddressNode => ({
          kind: 'address',
          id: addressId(zone, name, address),
          label: address,
          zone,
          name,
          address,
          // lib/dns/address's addressFamily, inline: importing that module would put ipaddr.js in the page's first-load JS.
          family: address.includes(':') ? 6 : 4,
          origins: [],
          facts: addressFactsFromLive(mine.filter((q) => q.server.address.toLowerCase() === address)),
          findings: [],
          evidence: [],
          sources: [],
          attention: null,
          children: [],
        })),
      };
    });
    return {
      kind: 'zone',
      id: zoneId(zone),
      label: zone,
      zone,
      parent: cut.parent === null ? null : canonicalName(cut.parent),
      // Until the report says which zone holds the target, the deepest cut at or above it is the best guess.
      isTarget: target !== null && zone === deepest && isSubdomain(target, zone),
      coHosted: false,
      findings: [],
      evidence: [],
      sources: [],
      attention: null,
      children,
    };
  });
  return finishTree(zones, [], true);
}

// Expansion, keyboard order and DOM ids live in tree-rows.ts (the client tree needs them without
// the builders above); re-exported here for callers of the model.
export { ancestorsOf, isExpandedByDefault, nodeDomId, visibleRows, type VisibleRow } from '@/lib/report/view/tree-rows';
