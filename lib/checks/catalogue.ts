// The findings catalogue (../shared/docs/checks.md): every code zonecut can report, its severity,
// a one-line summary template, why it matters, how to fix it, and references. Codes are public API
// (JSON reports, badges): never rename one, add a new one. Isomorphic: pages render from it.

import type { Severity } from '@/lib/checks/severity';

export { SEVERITIES, severityRank, type Severity } from '@/lib/checks/severity';

/** Where checks.md gives two severities: the check says which applies, from the evidence. */
export interface SeverityRule {
  base: Severity;
  escalated: Severity;
  /** When the escalated severity applies, in words (shown in docs and tooltips). */
  when: string;
}

/**
 * A reference: `RFC 1034 4.2` (section optional), `Zonemaster DELEGATION04`, or
 * `zonecut article 003` (the reference articles the product was conceived from).
 */
export type Ref = string;

/**
 * The check module that reports a code (lib/checks/check-<family>.ts) and the part of the report
 * that shows it. Group findings by this, never by the code's prefix: `ns.mismatch` is a delegation
 * finding, `ds.*`, `dnskey.*` and `dnssec.*` are all DNSSEC.
 */
export type Family = 'delegation' | 'glue' | 'nameservers' | 'consistency' | 'dnssec' | 'cds' | 'csync' | 'resolution' | 'coverage';

interface EntryShape {
  family: Family;
  severity: Severity | SeverityRule;
  title: string;
  /** One line; `{param}` placeholders are filled from the finding's params (arrays joined). */
  summary: string;
  why: string;
  fix: string;
  refs: readonly Ref[];
  /** False for a code whose check is not written yet (none today). */
  implemented: boolean;
  /**
   * True for codes zonecut added beyond the shared catalogue (../shared/docs/checks.md), which
   * this repository cannot edit: tests hold every other code to that document.
   */
  addedByZonecut?: true;
}

/** Bump when a code is added, a severity changes or a check's meaning changes (4: DNSSEC validation, issue 10). */
export const CATALOGUE_VERSION = 4;

export const CATALOGUE = {
  // ───────────── Delegation (the parent side) ─────────────
  'delegation.missing': {
    family: 'delegation',
    severity: 'error',
    title: 'No delegation',
    summary: '{parent} has no delegation for {name}: its servers answer {rcode}',
    why: "Resolvers start at the parent; if it says the name does not exist, nothing below it can be resolved, whatever the zone's own servers hold.",
    fix: "Register the domain, or ask the parent zone's operator (your registrar) to publish NS records for it; check the name for typos.",
    refs: ['RFC 1034 4.2', 'Zonemaster BASIC01'],
    implemented: true,
  },
  'zone.not-apex': {
    family: 'delegation',
    severity: 'info',
    title: 'Not a zone apex',
    summary: '{name} is not a zone cut: it is a name inside {zone}, which this report covers',
    why: 'Delegation, glue and DNSSEC belong to zones, not to single names; the checks apply to the zone that holds the name.',
    fix: 'Nothing to fix. Check a delegated zone by its apex name if you meant another one.',
    refs: ['RFC 1034 4.2'],
    implemented: true,
  },
  'delegation.parent-inconsistent': {
    family: 'delegation',
    severity: 'warning',
    title: 'Parent servers disagree',
    summary: 'The servers of {parent} disagree on the delegation of {zone}: {variants}',
    why: 'Which delegation a resolver sees depends on which parent server it happens to ask, so failures come and go; usually one parent server has not picked up an update.',
    fix: "Ask the parent zone's operator to check zone transfers to all of its servers; wait one parent SOA refresh after a change before judging.",
    refs: ['Zonemaster CONSISTENCY05'],
    implemented: true,
  },
  'delegation.single-ns': {
    family: 'delegation',
    severity: 'warning',
    title: 'Fewer than two nameservers',
    summary: 'The {side} NS set of {zone} has {count} name: {names}',
    why: 'A single nameserver is a single point of failure: one outage, one network problem or one attack and the whole zone disappears.',
    fix: "Add at least one more nameserver, on a different network, to the zone's apex NS set and to the delegation at the registrar.",
    refs: ['RFC 2182 5', 'Zonemaster DELEGATION01'],
    implemented: true,
  },
  'delegation.shared-address': {
    family: 'delegation',
    severity: 'warning',
    title: 'Nameservers share an address',
    summary: 'The NS names {names} of {zone} share the address {address}: they are one server',
    why: 'Several NS names only help if they fail independently; names on one address are one server under several names, and go down together.',
    fix: 'Give each nameserver an address of its own, ideally in another network with another operator; or list the server once.',
    refs: ['RFC 2182 3.1', 'Zonemaster DELEGATION02'],
    implemented: true,
  },
  'delegation.single-prefix': {
    family: 'delegation',
    addedByZonecut: true,
    severity: 'warning',
    title: 'Nameservers all in one network',
    summary: 'Every {family} address of the nameservers of {zone} is in {network} ({addresses}): one outage or routing problem there reaches them all',
    why: 'Servers in one /24 or /48 usually share a site, an upstream and a route, so they fail together (RFC 2182 3.1 asks for different networks). Without routing data zonecut compares /24 and /48, the longest prefixes routed on the internet; Zonemaster CONNECTIVITY04 compares the announced prefixes.',
    fix: 'Add a nameserver in another network, ideally with another operator and AS (a secondary DNS service).',
    refs: ['RFC 2182 3.1', 'Zonemaster CONNECTIVITY04', 'Zonemaster CONNECTIVITY03'],
    implemented: true,
  },
  'delegation.truncated-referral': {
    family: 'delegation',
    severity: 'warning',
    title: 'Referral too large for 512 octets',
    summary: 'The referral for {zone} from {servers} without EDNS {problem}',
    why: 'Resolvers without EDNS, and those behind middleboxes that drop large UDP answers, must retry over TCP or lose the glue they need to reach in-domain nameservers.',
    fix: 'Shorten the delegation: fewer NS names or addresses, shorter names; RFC 9471 requires the parent to set TC when in-domain glue does not fit.',
    refs: ['RFC 9471 3', 'Zonemaster DELEGATION03'],
    implemented: true,
  },
  'ns.mismatch': {
    family: 'delegation',
    severity: { base: 'warning', escalated: 'error', when: 'the parent and child NS sets share no name' },
    title: 'Parent and child NS sets differ',
    summary: 'The NS sets of {zone} differ: only at the parent: {onlyParent}; only at the child: {onlyChild}',
    why: "Resolvers start from the parent's set and many then switch to the child's; when they differ, the zone's health depends on which set a resolver holds, and it changes as caches expire.",
    fix: 'Make the delegation at the registrar and the apex NS records in the zone list exactly the same names.',
    refs: ['RFC 1034 4.2.2', 'RFC 2181 5.4.1', 'Zonemaster DELEGATION04', 'Zonemaster CONSISTENCY04', 'zonecut article 002'],
    implemented: true,
  },
  'ns.child-inconsistent': {
    family: 'delegation',
    severity: 'warning',
    title: 'Zone servers disagree on NS',
    summary: 'The servers of {zone} return different apex NS sets: {variants}',
    why: 'Servers serving different versions of the zone usually means a secondary stopped transferring it; what a resolver learns depends on which server it asks.',
    fix: 'Check zone transfers (NOTIFY, IXFR/AXFR, ACLs) from the primary to every server, and compare SOA serials.',
    refs: ['Zonemaster CONSISTENCY04'],
    implemented: true,
  },

  // ───────────── Glue ─────────────
  'glue.missing': {
    family: 'glue',
    severity: { base: 'warning', escalated: 'error', when: 'no in-domain nameserver has any glue' },
    title: 'Missing glue',
    summary: '{parent} gives no A/AAAA glue for {nameserver}, an in-domain nameserver of {zone}',
    why: 'An in-domain nameserver can only be found through the zone it serves; without glue from the parent that is a circle no resolver can break.',
    fix: 'Register the nameserver\'s addresses (the "host" or "glue" records) with the registrar.',
    refs: ['RFC 9471 2', 'Zonemaster DELEGATION07', 'zonecut article 003'],
    implemented: true,
  },
  'glue.mismatch': {
    family: 'glue',
    severity: { base: 'warning', escalated: 'error', when: 'no glue address answers for the zone' },
    title: 'Glue differs from the zone',
    summary: 'Glue for {nameserver} at {parent} is {glue}, but the zone {zone} says {child}',
    why: "Resolvers use the parent's glue first and the zone's addresses later, so stale glue sends some queries to an old address, which may be dead or in someone else's hands.",
    fix: 'Update the glue (host records) at the registrar to the addresses the zone publishes, or the zone to the glue.',
    refs: ['RFC 9471', 'Zonemaster CONSISTENCY05', 'zonecut article 003'],
    implemented: true,
  },
  'glue.ipv6-missing': {
    family: 'glue',
    severity: 'notice',
    title: 'No IPv6 glue',
    summary: 'The zone {zone} publishes AAAA {child} for {nameserver}, but {parent} gives only A glue',
    why: 'IPv6-only resolvers cannot reach an in-domain nameserver without AAAA glue.',
    fix: "Add the nameserver's IPv6 addresses to its host record at the registrar.",
    refs: ['RFC 9471', 'zonecut article 003'],
    implemented: true,
  },
  'glue.unverified': {
    family: 'glue',
    severity: 'info',
    title: 'Glue not compared',
    summary:
      "The glue for {names} in {parent} could not be compared with the zone's own data: no server of {zone} asked answered authoritatively for their addresses ({asked})",
    why: 'zonecut compares glue with the A/AAAA records the zone itself serves (glue.mismatch); when none of its servers answers for them, the comparison cannot be made, and no glue.mismatch must not be read as "the glue is right". Why the servers did not answer is in their own findings.',
    fix: "Fix what keeps the zone's servers from answering (see ns.lame, ns.unreachable), then check again.",
    refs: ['RFC 9471', 'Zonemaster CONSISTENCY05'],
    implemented: true,
    addedByZonecut: true,
  },
  'glue.sibling': {
    family: 'glue',
    severity: 'info',
    title: 'Sibling glue',
    summary: 'The referral for {zone} carries sibling glue (names under its parent, outside {zone}): {names}',
    why: "Sibling glue (RFC 9499 7: for names under the parent zone but not under the delegated one) is optional; resolvers may use or ignore it, so it should agree with those names' own data.",
    fix: "Nothing required; keep such addresses in step with the nameservers' own zones, or drop the host records if unused.",
    refs: ['RFC 9471 2.2'],
    implemented: true,
  },
  'glue.out-of-bailiwick': {
    family: 'glue',
    addedByZonecut: true,
    severity: { base: 'notice', escalated: 'warning', when: 'the addresses differ from what the names resolve to' },
    title: 'Out-of-bailiwick addresses in the referral',
    summary: 'The referral for {zone} from {parent} carries addresses for names outside {parent}, which cannot be glue: {data}',
    why: "A server may only vouch for names in its own zone (RFC 2181 5.4.1): resolvers ignore these addresses and look the names up, as zonecut does. A resolver that took them would go where the parent says, not where the names' own zones say: the shape of a cache-poisoning answer, or a parent zone file with stray host records.",
    fix: "Ask the parent zone's operator to remove the address records for names outside their zone; the nameservers' own zones are where those addresses belong.",
    refs: ['RFC 2181 5.4.1', 'RFC 9471 2', 'RFC 9499 7'],
    implemented: true,
  },

  // ───────────── Nameservers ─────────────
  'ns.lame': {
    family: 'nameservers',
    severity: { base: 'warning', escalated: 'error', when: 'no server of the zone answers authoritatively' },
    title: 'Lame nameserver',
    summary: '{nameserver} ({addresses}) answers for {zone} but not authoritatively: {reason}',
    why: 'A listed server that does not serve the zone wastes resolver time on every cache miss, and when all are lame the zone fails with SERVFAIL.',
    fix: "Load the zone on that server (as primary or secondary), or remove the name from the zone's NS set and the delegation.",
    refs: ['RFC 8499 7', 'Zonemaster DELEGATION04', 'zonecut article 004'],
    implemented: true,
  },
  'ns.unreachable': {
    family: 'nameservers',
    severity: { base: 'warning', escalated: 'error', when: 'no server of the zone answers at all' },
    title: 'Nameserver unreachable',
    summary: '{nameserver} ({addresses}) does not answer for {zone}: {reason}',
    why: 'Resolvers time out on a dead server before trying the next one, slowing every cache miss; when none answers, the zone is gone.',
    fix: 'Check that the server runs and listens on port 53 over UDP and TCP at that address, and that no firewall drops the queries.',
    refs: ['Zonemaster CONNECTIVITY01', 'Zonemaster CONNECTIVITY02'],
    implemented: true,
  },
  'ns.tcp-broken': {
    family: 'nameservers',
    severity: 'warning',
    title: 'No DNS over TCP',
    summary: '{nameserver} ({addresses}) answers {zone} over UDP but not over TCP: {reason}',
    why: 'Large answers (DNSSEC, many records) are truncated over UDP and must be retried over TCP; without TCP they fail.',
    fix: 'Allow TCP port 53 to the server in every firewall and make the server listen on it (RFC 7766 makes TCP mandatory).',
    refs: ['RFC 7766 5', 'Zonemaster CONNECTIVITY02'],
    implemented: true,
  },
  'ns.edns-broken': {
    family: 'nameservers',
    severity: 'warning',
    title: 'EDNS mishandled',
    summary: '{nameserver} ({addresses}) mishandles EDNS(0) for {zone}: {reason}',
    why: 'Resolvers send EDNS with every query; a server that rejects it, drops it or answers without OPT loses DNSSEC and large answers, and since the 2019 DNS flag day is treated as dead by some resolvers.',
    fix: 'Upgrade the server software, or fix the firewall or load balancer in front of it that drops or rewrites EDNS queries.',
    refs: ['RFC 6891 7', 'Zonemaster NAMESERVER02'],
    implemented: true,
  },
  'ns.ent-nxdomain': {
    family: 'nameservers',
    addedByZonecut: true,
    severity: 'warning',
    title: 'NXDOMAIN for an empty non-terminal',
    summary: '{nameserver} ({addresses}) answers NXDOMAIN for {name}, though {below} exists below it',
    why: 'NXDOMAIN means the name and everything below it do not exist (RFC 8020). Resolvers that ask one label at a time (QNAME minimisation, RFC 9156) and trust that rule stop at the empty non-terminal and never reach the names below it; others only get there by asking again with the full name.',
    fix: 'Upgrade or fix the server software (or the load balancer answering in its place) so that a name with no records but names below it gets NOERROR with no answer (NODATA).',
    refs: ['RFC 8020 2', 'RFC 9156', 'RFC 4592 2.2.2'],
    implemented: true,
  },
  'ns.cname': {
    family: 'nameservers',
    severity: 'error',
    title: 'Nameserver name is an alias',
    summary: 'The NS name {nameserver} of {zone} is an alias (CNAME to {target})',
    why: 'RFC 2181 forbids NS records that point at a CNAME; some resolvers follow it, others refuse, so the zone works for some people and not for others.',
    fix: "Point the NS record at the canonical name (the CNAME's target) instead of the alias.",
    refs: ['RFC 2181 10.3', 'Zonemaster DELEGATION05'],
    implemented: true,
  },
  'ns.unresolvable': {
    family: 'nameservers',
    severity: 'error',
    title: 'Nameserver name has no address',
    summary: 'The NS name {nameserver} of {zone} has no A or AAAA record ({status})',
    why: 'A nameserver without an address cannot be asked anything: it is a dead entry that costs every resolver a look-up.',
    fix: 'Publish A/AAAA records for the name, or remove it from the NS set and the delegation.',
    refs: ['RFC 1034 4.2.2', 'Zonemaster ADDRESS03'],
    implemented: true,
  },
  'ns.address-unknown': {
    family: 'nameservers',
    severity: 'warning',
    title: 'Nameserver address could not be learnt',
    summary: 'No address of the NS name {nameserver} of {zone} could be learnt ({tried}): that server was not asked anything',
    why: "Neither the resolver nor zonecut's own walk from the root hints found the name's A or AAAA, so the server behind it was never asked and the zone is judged without it. Resolvers elsewhere may fail the same way: when the NS name's own zone (often a DNS provider's) is broken or unreachable, the zone loses this server for everyone.",
    fix: 'Check the zone the NS name lives in: its delegation and its servers must answer for the name. If they do, the failure lies on the path from zonecut: check again, or with ZONECUT_RESOLVE=walk.',
    refs: ['RFC 1034 5.3.3'],
    implemented: true,
    addedByZonecut: true,
  },
  'ns.takeover-risk': {
    family: 'nameservers',
    severity: 'error',
    title: 'Nameserver domain can be registered',
    summary:
      'The NS name {nameserver} of {zone} is under {domain}, which does not exist (NXDOMAIN): if it can be registered, whoever registers it controls {zone}',
    why: "The registrable domain of the nameserver name (per the Public Suffix List: example.co.uk, not co.uk; a missing name below an existing domain is only unresolvable) is absent from the DNS: expired or never registered, anyone may register it, run that nameserver and answer for your zone. A registry can also hold a name that is not in the DNS (reserved, on hold, pending deletion), so its registry's RDAP or WHOIS has the last word.",
    fix: 'Remove the nameserver from the NS set and the delegation at once, or renew its domain.',
    refs: ['zonecut article 003'],
    implemented: true,
  },
  'ns.private-address': {
    family: 'nameservers',
    severity: 'error',
    title: 'Nameserver at a non-global address',
    summary: '{nameserver} of {zone} has the address {address}, which is not a global one: {reason}',
    why: 'Nobody on the internet can reach a loopback, private or link-local address, and resolvers inside some network may reach something else entirely.',
    fix: "Publish the nameserver's public address instead (in the zone and in the glue).",
    refs: ['RFC 6890', 'Zonemaster ADDRESS01'],
    implemented: true,
  },
  'ns.no-ipv6': {
    family: 'nameservers',
    severity: 'notice',
    title: 'No IPv6 nameserver',
    summary: 'No nameserver of {zone} has an IPv6 address ({count} IPv4 addresses)',
    why: 'IPv6-only resolvers cannot reach the zone at all.',
    fix: 'Give at least two nameservers an IPv6 address (AAAA, and AAAA glue for in-domain ones).',
    refs: ['RFC 3901', 'Zonemaster CONNECTIVITY01'],
    implemented: true,
  },
  'ns.no-ipv4': {
    family: 'nameservers',
    severity: 'notice',
    title: 'No IPv4 nameserver',
    summary: 'No nameserver of {zone} has an IPv4 address ({count} IPv6 addresses)',
    why: 'IPv4-only resolvers, still the majority, cannot reach the zone at all.',
    fix: 'Give at least two nameservers an IPv4 address (A, and A glue for in-domain ones).',
    refs: ['RFC 3901', 'Zonemaster CONNECTIVITY01'],
    implemented: true,
  },
  'ns.ttl-range': {
    family: 'nameservers',
    severity: 'notice',
    title: 'Unusual NS TTL',
    summary: 'The {side} NS TTL of {zone} is {ttl} s, outside 3600-604800 s',
    why: 'Below an hour, resolvers ask the parent again and again and an outage of the parent hurts sooner; above a week, a nameserver change takes far too long to reach everyone.',
    fix: 'Use an NS TTL between one hour and one week (one or two days is common); lower it only for a planned move.',
    refs: ['zonecut article 003', 'zonecut article 004'],
    implemented: true,
  },

  // ───────────── Consistency among the zone's servers ─────────────
  'soa.serial-mismatch': {
    family: 'consistency',
    severity: 'warning',
    title: 'SOA serials differ',
    summary: 'The servers of {zone} report different SOA serials: {variants}',
    why: 'Servers behind on serials serve old data: some resolvers see a change and others do not.',
    fix: 'Check that every secondary receives NOTIFY and can transfer the zone from the primary; a difference that lasts longer than the SOA refresh is a broken transfer.',
    refs: ['RFC 1996', 'Zonemaster CONSISTENCY01'],
    implemented: true,
  },
  'soa.inconsistent': {
    family: 'consistency',
    severity: 'notice',
    title: 'SOA fields differ',
    summary: 'The servers of {zone} disagree on the SOA {fields}: {variants}',
    why: 'Different MNAME, RNAME or timers mean the servers do not serve the same zone: a separate configuration or a failed transfer.',
    fix: 'Serve one zone from one primary and transfer it to every secondary; do not edit the SOA per server.',
    refs: ['Zonemaster CONSISTENCY02', 'Zonemaster CONSISTENCY03', 'Zonemaster CONSISTENCY06'],
    implemented: true,
  },

  // ───────────── DNSSEC delegation and validation ─────────────
  // What is validated (lib/checks/validate-chain.ts): from the trust anchor down, the DS RRset (or
  // the NSEC/NSEC3 proof of none) and the DNSKEY, SOA, NS, CDS, CDNSKEY, CSYNC RRsets and in-domain
  // NS addresses of every zone, per server; algorithms 5, 7, 8, 10, 13, 14, 15, 16, DS digests 1, 2,
  // 4; 5 minutes of clock skew. Not validated: wildcard expansions, DNAME, other negative answers.
  'ds.absent': {
    family: 'dnssec',
    severity: 'info',
    title: 'Not signed at the parent',
    summary: '{parent} has no DS for {zone}: the delegation is insecure',
    why: 'Without a DS at the parent, validating resolvers treat the zone as unsigned: forged answers go unnoticed, but nothing fails either.',
    fix: 'To enable DNSSEC: sign the zone, then publish its DS at the registrar (or CDS for automatic pickup).',
    refs: ['RFC 4035 5.2'],
    implemented: true,
  },
  'dnssec.island': {
    family: 'dnssec',
    severity: 'notice',
    title: 'Signed zone without DS',
    summary: 'The zone {zone} serves DNSKEY {keys} but {parent} has no DS: no resolver validates it',
    why: 'The zone is signed but nothing anchors it in the chain of trust, so the signatures protect no one.',
    fix: 'Publish a DS for the KSK at the registrar (or publish CDS and let the parent pick it up), or stop signing.',
    refs: ['RFC 4035 5', 'RFC 7344'],
    implemented: true,
  },
  'ds.no-dnskey': {
    family: 'dnssec',
    severity: 'error',
    title: 'DS but no DNSKEY',
    summary: '{parent} has DS {ds} for {zone}, but its servers serve no DNSKEY',
    why: 'The parent promises a signed zone and the zone is not signed: every validating resolver (a large share of the internet) answers SERVFAIL.',
    fix: 'Remove the DS at the registrar right away, or re-sign the zone with the key the DS names.',
    refs: ['RFC 4035 5.2', 'Zonemaster DNSSEC02'],
    implemented: true,
  },
  'ds.no-match': {
    family: 'dnssec',
    severity: 'error',
    title: 'DS matches no DNSKEY',
    summary: 'No DS of {zone} at {parent} ({ds}) matches a served DNSKEY ({keys})',
    why: "Validating resolvers cannot link the parent's DS to any key of the zone, so they reject every answer from it (SERVFAIL).",
    fix: "Publish the DS of the zone's current KSK at the registrar and remove stale ones; after a provider change, import the new provider's DS before switching NS.",
    refs: ['RFC 4035 5.2', 'RFC 4509', 'Zonemaster DNSSEC02'],
    implemented: true,
  },
  'ds.unsigned-keyset': {
    family: 'dnssec',
    severity: 'error',
    title: 'DS key does not sign the DNSKEY set',
    summary: 'The DNSKEY {keyTag} of {zone}, which a DS at {parent} names, does not sign the DNSKEY RRset served by {server} ({signedBy})',
    why: 'The chain of trust runs DS → key → signature over the DNSKEY set; when no key a DS names signs that set, validating resolvers asking this server cannot trust any key of the zone and fail it (SERVFAIL). zonecut reports it when no DS-named key signs the set (a standby key with a DS that signs nothing, beside one that does, is normal).',
    fix: 'Sign the DNSKEY RRset with the key the DS names (the KSK), or publish the DS of the key that does; with several servers, make sure each serves the signed set.',
    refs: ['RFC 4035 5.2', 'Zonemaster DNSSEC03'],
    implemented: true,
  },
  'ds.weak-digest': {
    family: 'dnssec',
    severity: 'notice',
    title: 'Only SHA-1 DS digests',
    summary: 'Every DS of {zone} at {parent} uses a SHA-1 digest: {ds}',
    why: 'SHA-1 is deprecated for DS records (RFC 8624); validators may stop accepting it.',
    fix: 'Publish a SHA-256 (digest type 2) DS for the key, then remove the SHA-1 one.',
    refs: ['RFC 8624 3.3', 'RFC 4509', 'Zonemaster DNSSEC01'],
    implemented: true,
  },
  'dnskey.deprecated-algorithm': {
    family: 'dnssec',
    severity: 'warning',
    title: 'Deprecated DNSSEC algorithm',
    summary: 'The zone {zone} uses DNSSEC algorithm {algorithms}, which RFC 8624 says must not be used for signing',
    why: 'Validators are dropping these algorithms; when they do, the zone becomes insecure or fails to validate.',
    fix: 'Roll the zone to algorithm 13 (ECDSA P-256) or 8 (RSA/SHA-256) with an algorithm rollover (RFC 6781 4.1.4).',
    refs: ['RFC 8624 3.1', 'Zonemaster DNSSEC05'],
    implemented: true,
  },
  'dnskey.inconsistent': {
    family: 'dnssec',
    severity: 'warning',
    title: 'Servers disagree on DNSKEY',
    summary: 'The servers of {zone} serve different DNSKEY sets: {variants}',
    why: 'Signatures made with a key some servers do not serve fail validation when a resolver asks those servers.',
    fix: "Make every server serve the same signed zone: with several signing providers, follow RFC 8901 and publish every provider's keys everywhere.",
    refs: ['RFC 8901', 'Zonemaster DNSSEC tests'],
    implemented: true,
  },
  'rrsig.invalid': {
    family: 'dnssec',
    severity: 'error',
    title: 'Invalid signature',
    summary: 'The RRSIG over {type} of {zone} from {server} does not verify: {detail}',
    why: 'A signature that fails verification (altered data, a wrong key, a corrupted signature) makes validating resolvers reject the data (SERVFAIL) whenever they ask this server. zonecut verifies, from the trust anchor down, the DS (or the NSEC/NSEC3 proof of none), DNSKEY, SOA, NS, CDS, CDNSKEY and CSYNC RRsets and the in-domain NS addresses, with algorithms 5, 7, 8, 10, 13, 14, 15 and 16; wildcard expansions and other negative answers are not checked.',
    fix: 'Re-sign the zone; check that the signer and every server serve the same keys and data (a server that edits or re-generates records after signing breaks them).',
    refs: ['RFC 4035 5.3'],
    implemented: true,
  },
  'rrsig.expired': {
    family: 'dnssec',
    severity: 'error',
    title: 'Expired signature',
    summary: 'The RRSIG over {type} of {zone} from {server} expired at {expiration}',
    why: 'Validating resolvers reject expired signatures: the zone fails for them (the most common DNSSEC outage). zonecut allows 5 minutes of clock skew.',
    fix: 'Re-sign the zone now and make sure automatic re-signing runs (and secondaries transfer the result: one server serving an old copy is enough to fail some resolvers).',
    refs: ['RFC 4035 5.3.1'],
    implemented: true,
  },
  'rrsig.expiring': {
    family: 'dnssec',
    severity: 'warning',
    title: 'Signature expires soon',
    summary: 'The RRSIG over {type} of {zone} from {server} expires at {expiration}, within 3 days',
    why: 'If re-signing does not happen before then, the zone fails for validating resolvers. zonecut warns when the freshest valid signature has less than 3 days left and is past half its validity window, so online signers, whose short-lived signatures are made as they answer, are not flagged.',
    fix: 'Check that the signer re-signs automatically and that secondaries pick up the new signatures.',
    refs: ['RFC 4035 5.3.1', 'RFC 6781 4.1.1'],
    implemented: true,
  },
  'rrsig.not-yet-valid': {
    family: 'dnssec',
    addedByZonecut: true,
    severity: 'error',
    title: 'Signature not yet valid',
    summary: 'The RRSIG over {type} of {zone} from {server} is valid only from {inception}',
    why: "Validating resolvers reject a signature before its inception time, so the zone fails for them until then: usually the signer's clock runs ahead, or the zone was signed with a future inception. zonecut allows 5 minutes of clock skew.",
    fix: "Check the signing host's clock (NTP) and re-sign with an inception in the past (signers commonly back-date it by an hour).",
    refs: ['RFC 4035 5.3.1', 'RFC 4034 3.1.5'],
    implemented: true,
  },
  'rrsig.missing': {
    family: 'dnssec',
    addedByZonecut: true,
    severity: 'error',
    title: 'Signature missing',
    summary: 'The {type} RRset of {zone} from {server} has no usable signature: {detail}',
    why: 'The chain of trust says the zone is signed, so validating resolvers expect a valid RRSIG by one of its keys over every RRset; data without one is bogus and they answer SERVFAIL.',
    fix: 'Sign every RRset of the zone (check that the server serves the signed copy, and that its signer uses keys of the published DNSKEY set).',
    refs: ['RFC 4035 2.2', 'RFC 4035 5.3'],
    implemented: true,
  },
  'rrsig.algorithm-missing': {
    family: 'dnssec',
    addedByZonecut: true,
    severity: 'warning',
    title: 'Algorithm rollover half done',
    summary: 'The zone {zone} has a DS or DNSKEY of algorithm {algorithm} but no RRSIG of that algorithm over {types}',
    why: 'RFC 4035 2.2 asks every RRset to be signed with each algorithm of the DNSKEY set, and the DS set says which algorithms a validator may expect. Resolvers that follow RFC 6840 5.11 accept any one valid path, but stricter ones (downgrade protection) fail the zone: this is the state of an algorithm rollover done in the wrong order.',
    fix: 'Finish the rollover in the order of RFC 6781 4.1.4: sign every RRset with the new algorithm before publishing its DNSKEY and DS, and remove the old algorithm’s DS before its signatures.',
    refs: ['RFC 4035 2.2', 'RFC 6840 5.11', 'RFC 6781 4.1.4'],
    implemented: true,
  },
  'ds.absence-unproven': {
    family: 'dnssec',
    addedByZonecut: true,
    severity: 'error',
    title: 'No DS, and no proof of it',
    summary: '{parent} is signed but gives no DS for {zone} without proving its absence: {reason}',
    why: 'Under a signed parent a delegation is insecure only if the parent proves, with a signed NSEC or NSEC3, that there is no DS; otherwise a validating resolver cannot tell an unsigned zone from an attacker stripping the DS, and fails it (bogus).',
    fix: "Ask the parent zone's operator to serve the NSEC/NSEC3 records (and their signatures) with the answer to DS queries and referrals; a signer or server that drops them is misconfigured.",
    refs: ['RFC 4035 5.2', 'RFC 4035 3.1.4.1', 'RFC 5155 8.6', 'RFC 6840 4.4'],
    implemented: true,
  },
  'dnssec.unsupported-algorithm': {
    family: 'dnssec',
    addedByZonecut: true,
    severity: 'notice',
    title: 'DNSSEC algorithm not validated',
    summary:
      'The DS set of {zone} at {parent} ({ds}) uses only algorithm {algorithms} or digest types that zonecut does not validate: the zone is treated as insecure',
    why: 'A validator that does not implement any algorithm (or digest type) of the DS set treats the zone as unsigned, never as bogus (RFC 4035 5.2); zonecut validates algorithms 5, 7, 8, 10, 13, 14, 15 and 16 and digest types 1, 2 and 4. The zone gets no DNSSEC protection from such validators.',
    fix: 'Sign with an algorithm RFC 8624 recommends (13, ECDSA P-256, or 8, RSA/SHA-256) and publish a SHA-256 DS.',
    refs: ['RFC 4035 5.2', 'RFC 8624 3.1'],
    implemented: true,
  },
  'dnssec.resolver-disagrees': {
    family: 'dnssec',
    addedByZonecut: true,
    severity: 'warning',
    title: 'Resolver disagrees with the validation',
    summary: 'zonecut finds {zone} {verdict}, but the validating resolver says {resolver}',
    why: "zonecut validates the chain of trust itself and asks the configured resolver as a cross-check; when a resolver that validates (it set AD on the root's SOA) disagrees, one of them sees other data (a cache, another server, another trust anchor) or implements a rule differently.",
    fix: 'Read the reasons beside the verdict and the evidence; query the zone with delv or dig +dnssec through the resolver; flush its cache after a fix.',
    refs: ['RFC 4035 3.2.3', 'RFC 4035 5'],
    implemented: true,
  },

  // ───────────── CDS / CDNSKEY ─────────────
  'cds.present': {
    family: 'cds',
    severity: 'info',
    title: 'CDS/CDNSKEY published',
    summary: 'The zone {zone} publishes CDS {cds} and CDNSKEY {cdnskey}',
    why: 'CDS and CDNSKEY tell a parent that scans for them which DS set the zone wants.',
    fix: 'Nothing to fix.',
    refs: ['RFC 7344', 'RFC 8078'],
    implemented: true,
  },
  'cds.pending': {
    family: 'cds',
    severity: 'info',
    title: 'DS update pending',
    summary: 'A parent scanning CDS/CDNSKEY of {zone} would add DS {add} and remove DS {remove}',
    why: 'Shows what the next scan of the parent would change, so you can check a rollover before it happens. zonecut says so only when the CDS/CDNSKEY validate under the current DS set, signed by a key it names (RFC 7344 4.1); otherwise it reports cds.unauthenticated.',
    fix: 'Nothing to fix if this is the intended DS set; otherwise correct CDS/CDNSKEY before the parent scans.',
    refs: ['RFC 7344 4.1', 'RFC 8078 3'],
    implemented: true,
  },
  'cds.delete': {
    family: 'cds',
    severity: 'warning',
    title: 'DS deletion requested',
    summary: 'The zone {zone} publishes a delete request ({records}): a parent would remove DS {ds} and the zone would become insecure',
    why: 'RFC 8078 delete records ask the parent to remove every DS: validation protection ends for the zone.',
    fix: 'Keep it only if you mean to turn DNSSEC off (e.g. before a provider move); otherwise remove the delete CDS/CDNSKEY.',
    refs: ['RFC 8078 4'],
    implemented: true,
  },
  'cds.inconsistent': {
    family: 'cds',
    severity: 'error',
    title: 'CDS/CDNSKEY inconsistent',
    summary: 'CDS/CDNSKEY of {zone} are inconsistent: {problem}',
    why: 'A parent must not act on inconsistent CDS/CDNSKEY, and one that does may install a DS that breaks validation.',
    fix: 'Publish CDS and CDNSKEY for the same keys, keys present in the DNSKEY set, identically on every server.',
    refs: ['RFC 7344 4.1', 'RFC 9615'],
    implemented: true,
  },
  'cds.bootstrap': {
    family: 'cds',
    addedByZonecut: true,
    severity: 'info',
    title: 'DS bootstrap only',
    summary: '{zone} has no DS at {parent}, so its CDS/CDNSKEY can only bootstrap one: {stateWords}. RFC 9615 signalling per NS name: {signals}',
    why: "Without a DS nothing authenticates CDS/CDNSKEY, so a parent does not act on them as on a rollover (RFC 7344 4.1). It can bootstrap the DS when every out-of-domain NS operator co-publishes the same records, signed, at _dsboot.<zone>._signal.<NS name> (RFC 9615); otherwise only by the unauthenticated methods of RFC 8078 3 (accept after a delay, with a challenge), which RFC 9615 deprecates, or out of band. zonecut compares the signalling with the zone's records and looks for signatures; whether they validate is the resolver's AD bit.",
    fix: 'To get the DS installed, ask each DNS operator to publish the RFC 9615 signalling (many do it automatically for signed zones), or submit the DS through your registrar. Nothing to fix if DNSSEC is not meant to be enabled yet.',
    refs: ['RFC 9615 4.2', 'RFC 8078 3', 'RFC 7344 4.1'],
    implemented: true,
  },
  'cds.bootstrap-incomplete': {
    family: 'cds',
    addedByZonecut: true,
    severity: 'notice',
    title: 'DS bootstrap signalling incomplete',
    summary: 'RFC 9615 signalling for {zone} does not let a parent bootstrap its DS: {problems}',
    why: "A parent bootstraps the DS only when the signalling at every out-of-domain NS name holds exactly the zone's CDS and CDNSKEY, signed and validated (RFC 9615 4.2); one NS operator missing, stale or unsigned stops it, so that no operator of a multi-provider zone can enable DNSSEC alone.",
    fix: "Have every DNS operator named in the delegation publish the zone's current CDS and CDNSKEY at _dsboot.<zone>._signal.<its NS name>, in a signed, securely delegated zone; remove stale signalling.",
    refs: ['RFC 9615 4.1', 'RFC 9615 4.2'],
    implemented: true,
  },
  'cds.unauthenticated': {
    family: 'cds',
    addedByZonecut: true,
    severity: 'warning',
    title: 'CDS/CDNSKEY not signed by a DS key',
    summary: 'A parent will ignore the CDS/CDNSKEY of {zone}: {reason}',
    why: 'With a DS in place, a parent acts on CDS/CDNSKEY only if they validate under the current chain of trust, signed by a key the DS set at the parent names (RFC 7344 4.1): otherwise anyone who can alter answers could replace the DS. Unsigned, badly signed or ZSK-only signed CDS/CDNSKEY change nothing.',
    fix: 'Sign the CDS and CDNSKEY RRsets with the KSK the current DS names (signers do this when CDS/CDNSKEY are treated like DNSKEY), and fix the chain of trust first if the zone does not validate.',
    refs: ['RFC 7344 4.1', 'RFC 8078 3'],
    implemented: true,
  },
  'cds.in-sync': {
    family: 'cds',
    severity: 'notice',
    title: 'CDS/CDNSKEY already applied',
    summary: 'CDS/CDNSKEY of {zone} already match the DS at {parent}: they can be removed',
    why: 'Once the parent holds the requested DS, CDS/CDNSKEY only cost the parent scans.',
    fix: 'Remove CDS/CDNSKEY until the next key rollover (keep them if your signer manages them automatically).',
    refs: ['RFC 7344 4'],
    implemented: true,
  },

  // ───────────── CSYNC ─────────────
  'csync.present': {
    family: 'csync',
    severity: 'info',
    title: 'CSYNC published',
    summary: 'The zone {zone} publishes CSYNC serial {serial}, flags {flags} ({flagWords}), types {types}',
    why: "CSYNC asks a parent that supports it to copy the zone's NS set and in-domain glue into the delegation.",
    fix: 'Nothing to fix.',
    refs: ['RFC 7477 2', 'zonecut article 000'],
    implemented: true,
  },
  'csync.unsigned': {
    family: 'csync',
    severity: 'warning',
    title: 'CSYNC not usable: not secure',
    summary: 'The CSYNC of {zone} cannot be trusted: {reason}; a parent must ignore it',
    why: 'A parent only acts on a CSYNC it can validate (RFC 7477 3): zonecut validates the chain of trust from the root anchor to the zone and the CSYNC RRset from every server. Resolution is unaffected, but the CSYNC does nothing.',
    fix: 'Sign the zone and publish its DS, and make sure the CSYNC RRset is signed.',
    refs: ['RFC 7477 3'],
    implemented: true,
  },
  'csync.serial-ahead': {
    family: 'csync',
    severity: 'warning',
    title: 'CSYNC serial ahead of SOA',
    summary: '{servers} serve SOA serial {soaSerial}, below the CSYNC serial {csyncSerial} of {zone}: a parent will not act yet',
    why: "With soaminimum set, a parent acts only once the zone's SOA serial has reached the CSYNC serial (RFC 1982 arithmetic).",
    fix: 'Set the CSYNC serial to the SOA serial of the zone version that holds the wanted NS and glue, and check that every server has that version.',
    refs: ['RFC 7477 2.1.1.1', 'RFC 1982'],
    implemented: true,
  },
  'csync.unsupported-type': {
    family: 'csync',
    severity: 'warning',
    title: 'CSYNC lists unsupported types',
    summary: 'The CSYNC of {zone} lists {types}, beyond A, AAAA and NS: a parent will not act on it',
    why: 'A parent must ignore a CSYNC whose type bitmap holds a type it cannot synchronise.',
    fix: 'List only NS, A and AAAA in the CSYNC type bitmap.',
    refs: ['RFC 7477 2.1.1.2.1', 'zonecut article 000'],
    implemented: true,
  },
  'csync.unknown-flag': {
    family: 'csync',
    severity: 'warning',
    title: 'CSYNC has unknown flags',
    summary: 'The CSYNC of {zone} sets flags {flags} (unknown bits {unknownBits}): a parent will not process it',
    why: 'Only immediate (1) and soaminimum (2) are defined; a parent must not process a CSYNC with any other bit set.',
    fix: 'Use flags 1, 2 or 3 (3 = immediate + soaminimum).',
    refs: ['RFC 7477 2.1.1.2'],
    implemented: true,
  },
  'csync.manual-approval': {
    family: 'csync',
    severity: 'notice',
    title: 'CSYNC waits for approval',
    summary: 'The CSYNC of {zone} has the immediate flag clear: a parent waits for approval before acting',
    why: 'Without the immediate flag, the parent holds the update until you approve it out of band.',
    fix: 'Set the immediate flag (flags 3 with soaminimum) if the parent should act on its own.',
    refs: ['RFC 7477 2.1.1.2'],
    implemented: true,
  },
  'csync.pending': {
    family: 'csync',
    severity: 'info',
    title: 'CSYNC update pending',
    summary: 'Processing the CSYNC of {zone} would add {add} and remove {remove} at {parent}',
    why: 'Shows exactly what a parent processing the CSYNC now would change in the delegation.',
    fix: "Nothing to fix if this is the intended change; otherwise correct the zone's NS/A/AAAA before the parent polls.",
    refs: ['RFC 7477 3.2', 'zonecut article 000'],
    implemented: true,
  },
  'csync.in-sync': {
    family: 'csync',
    severity: 'notice',
    title: 'CSYNC already applied',
    summary: 'The delegation of {zone} already matches what its CSYNC asks for: it can be removed',
    why: 'Nothing would change; the CSYNC only costs the parent polls.',
    fix: 'Remove the CSYNC record until the next change.',
    refs: ['RFC 7477 3', 'zonecut article 000'],
    implemented: true,
  },
  'csync.inconsistent': {
    family: 'csync',
    severity: 'warning',
    title: 'Servers disagree on CSYNC',
    summary: 'The servers of {zone} publish different CSYNC records: {variants}',
    why: 'A parent that polls several servers sees different requests and may act on an old one, or not at all.',
    fix: 'Publish the CSYNC in the zone on the primary and let it transfer to every server.',
    refs: ['RFC 7477 3.1'],
    implemented: true,
  },

  // ───────────── What resolvers experience ─────────────
  'resolution.flapping': {
    family: 'resolution',
    severity: 'warning',
    title: 'Intermittent failures',
    summary: '{nameserver} is only in the {side} NS set of {zone} and is {status}: resolvers will fail intermittently',
    why: 'Parent-centric and child-centric resolvers hold different NS sets, and the broken server is in only one: the zone works or fails depending on the resolver and on cache timing.',
    fix: 'Remove the broken server from the set that lists it, or fix it, and make the parent and child NS sets equal.',
    refs: ['RFC 2181 5.4.1', 'zonecut article 002'],
    implemented: true,
  },

  // ───────────── The check itself ─────────────
  'check.budget-exhausted': {
    family: 'coverage',
    addedByZonecut: true,
    severity: 'notice',
    title: 'Check stopped at a limit',
    summary: 'The check of {target} stopped at its {limit} limit ({used} of {max}): findings may be incomplete',
    why: 'zonecut bounds every check; deep delegation chains, many NS names or slow servers can exhaust the bounds, and then part of the zone was not examined.',
    fix: 'Run the check again; if it keeps stopping, reduce the number of NS names or delegation levels the zone needs.',
    refs: [],
    implemented: true,
  },
} as const satisfies Record<string, EntryShape>;

export type FindingCode = keyof typeof CATALOGUE;
export type CatalogueEntry = (typeof CATALOGUE)[FindingCode];

export const FINDING_CODES = Object.keys(CATALOGUE) as FindingCode[];

export type ParamValue = string | number | string[];

/** The placeholders of a summary template, as a union of names. */
type Placeholders<S extends string> = S extends `${string}{${infer P}}${infer Rest}` ? P | Placeholders<Rest> : never;

/** The params a code's summary needs (`zone` comes from the finding itself). */
export type ParamsFor<C extends FindingCode> = {
  [K in Exclude<Placeholders<(typeof CATALOGUE)[C]['summary']>, 'zone'>]: ParamValue;
} & Record<string, ParamValue>;

export interface Finding {
  code: FindingCode;
  severity: Severity;
  /** The zone the finding belongs to, absolute, lowercase. */
  zone: string;
  summary: string;
  params: Record<string, ParamValue>;
  /** Observation ids, in capture order. */
  evidence: string[];
  nameserver?: string;
  address?: string;
}

export function familyOf(code: FindingCode): Family {
  return CATALOGUE[code].family;
}

/** Whether the code is one zonecut added beyond the shared catalogue (checks.md). */
export function isAddedByZonecut(code: FindingCode): boolean {
  const entry = CATALOGUE[code];
  return 'addedByZonecut' in entry && entry.addedByZonecut === true;
}

export function severityOf(code: FindingCode, escalated = false): Severity {
  const s: Severity | SeverityRule = CATALOGUE[code].severity;
  if (typeof s === 'string') return s;
  return escalated ? s.escalated : s.base;
}

function renderValue(value: ParamValue | undefined): string {
  if (value === undefined) return '?';
  if (!Array.isArray(value)) return String(value);
  if (value.length === 0) return 'none';
  // Names and addresses read well in a comma list; phrases (`serial 7 at ns1/192.0.2.1, …`,
  // `NS ns3.example.`) need a stronger separator.
  return value.join(value.some((v) => v.includes(' ')) ? '; ' : ', ');
}

/**
 * Fills `{name}` placeholders. Arrays are joined with commas, or semicolons when their items
 * are phrases; an empty one reads `none`.
 */
export function renderSummary(template: string, params: Record<string, ParamValue>): string {
  return template.replace(/\{([A-Za-z]+)\}/g, (_, key: string) => renderValue(params[key]));
}

/** A reference as a link: RFC sections to rfc-editor.org, Zonemaster tests to their public spec. */
export function refUrl(ref: Ref): string | null {
  const rfc = /^RFC (\d+)(?: ([\d.]+|[A-Z]\.?[\d.]*))?$/.exec(ref);
  if (rfc) {
    const section = rfc[2] ? `#section-${rfc[2].replace(/\.$/, '')}` : '';
    return `https://www.rfc-editor.org/rfc/rfc${rfc[1]}${section}`;
  }
  const zm = /^Zonemaster ([A-Z]+)(\d{2})$/.exec(ref);
  if (zm) {
    const folders: Record<string, string> = {
      BASIC: 'Basic-TP',
      ADDRESS: 'Address-TP',
      CONNECTIVITY: 'Connectivity-TP',
      CONSISTENCY: 'Consistency-TP',
      DELEGATION: 'Delegation-TP',
      DNSSEC: 'DNSSEC-TP',
      NAMESERVER: 'Nameserver-TP',
      SYNTAX: 'Syntax-TP',
      ZONE: 'Zone-TP',
    };
    const folder = folders[zm[1] as string];
    if (!folder) return null;
    return `https://github.com/zonemaster/zonemaster/blob/master/docs/public/specifications/tests/${folder}/${(zm[1] as string).toLowerCase()}${zm[2]}.md`;
  }
  return null;
}

/**
 * What a report page shows about a code: its title and family, why it matters, how to fix it, and
 * its references as links. The pages ship these for the findings a report has, never the whole
 * catalogue, so its prose stays out of the browser's JavaScript.
 */
export interface FindingText {
  title: string;
  family: Family;
  why: string;
  fix: string;
  refs: { ref: Ref; url: string | null }[];
}

export type FindingTexts = Partial<Record<FindingCode, FindingText>>;

export function findingTexts(findings: readonly Pick<Finding, 'code'>[]): FindingTexts {
  const texts: FindingTexts = {};
  for (const { code } of findings) {
    const { title, family, why, fix, refs } = CATALOGUE[code];
    texts[code] ??= { title, family, why, fix, refs: refs.map((ref) => ({ ref, url: refUrl(ref) })) };
  }
  return texts;
}
