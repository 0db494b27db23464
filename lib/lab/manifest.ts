// The lab universe under `test.` (RFC 6761 6.2), declared: which servers exist at which
// documentation addresses (RFC 5737, RFC 3849), which zones each serves and how it misbehaves,
// and for each scenario the story a person reads and the finding codes the checks must produce.
// The zone contents live in ./zones/*.zone; this file says who serves them and how.
//
// Address plan (so a person can tell servers apart at a glance):
//   192.0.2.0/24    infrastructure (the lab root, the test. servers); IPv6 2001:db8:2::N
//   198.51.100.0/24 each scenario's first server;                    IPv6 2001:db8:100::N
//   203.0.113.0/24  each scenario's second server;                   IPv6 2001:db8:113::N
// A zone's servers always span two /24s and two /48s, so `delegation.single-prefix` and
// `delegation.shared-address` stay quiet unless a scenario wants them (one-network.test,
// one-address.test).

import type { FindingCode } from '@/lib/checks/catalogue';
import type { RRType } from '@/lib/dns/wire/types';
import type { SigningAlgorithm } from '@/lib/dns/dnssec/sign';
import type { Nsec3Parameters } from '@/lib/lab/lab-zone';

/** How a server treats every packet it receives, whatever zone it asks about. */
export type ServerBehaviour =
  | 'normal'
  /** Never answers, over UDP or TCP: the query times out. */
  | 'silent'
  /** Answers over UDP; TCP connections are refused (RFC 7766 says TCP is mandatory). */
  | 'udp-only'
  /** FORMERR, without OPT, to any query that carries OPT (a pre-RFC 6891 server). */
  | 'formerr-on-edns'
  /**
   * Over UDP, a referral too big for the requester keeps one address per NS name (A first) and
   * whatever other glue still fits, and sets TC only when no glue fits at all: NSD 4.6 and BIND
   * 9.18 do this (scripts/interop/authoritative.interop.test.ts); RFC 9471 3 asks for TC.
   */
  | 'glue-without-tc'
  /**
   * NXDOMAIN, not NODATA, for an empty non-terminal: a name with no records whose descendants
   * exist (an old server, or a load balancer's DNS, that breaks RFC 8020).
   */
  | 'nxdomain-for-ent'
  /**
   * Drops every query from the lab resolver (LAB_RESOLVER_ADDRESS) and answers everyone else: a
   * provider's firewall rule against a public resolver's query flood. Look-ups through that
   * resolver fail (SERVFAIL); anyone who asks the server directly gets answers.
   */
  | 'blocks-resolver';

/** How a server answers for one of the zones it is configured with. */
export type ZoneBehaviour =
  | 'normal'
  /** REFUSED: configured for the zone at the parent, not on the server (a lame delegation). */
  | 'refused'
  | 'servfail'
  /** The right data, but without the AA bit. */
  | 'no-aa'
  /** Serves an older copy of the zone: <zone>.stale.zone laid over the current one (older serial, older RRsets). */
  | 'stale'
  /**
   * Signed, but its negative answers and its referrals to unsigned children carry no NSEC or
   * NSEC3 (nor their RRSIGs): `<child> DS` is a bare NODATA, so no validator can tell an
   * insecure delegation from a stripped DS (RFC 4035 3.1.3, 3.1.4.1). A broken signing proxy or
   * front end that signs answers but never learnt denial of existence.
   */
  | 'no-denial'
  /**
   * The zone file holds addresses of names outside the zone (a leftover "glue" line for a
   * provider's NS), and referrals carry them as if they were glue. BIND, NSD and Knot drop such
   * out-of-zone data when they load a zone; old or home-grown servers did not (RFC 2181 5.4.1).
   */
  | 'out-of-zone-glue';

/** Every behaviour the lab can give a server, as the issue lists them. */
export type Behaviour = ServerBehaviour | ZoneBehaviour;

export interface LabServer {
  /** The NS name it is known by (display and logs; the lab routes by address). */
  name: string;
  ipv4?: string;
  ipv6?: string;
  /** Default `normal`. */
  behaviour?: ServerBehaviour;
  /** Zone (absolute, lowercase) → how this server answers for it. */
  serves: Readonly<Record<string, ZoneBehaviour>>;
}

export interface ZoneKey {
  /** Stable label: with the seed and the zone name it derives the key (so DS and tags never change). */
  id: string;
  /** 257 = KSK (SEP), 256 = ZSK (RFC 4034 2.1.1). */
  flags: 256 | 257;
  /**
   * Default 13 (ECDSA P-256); 15 is Ed25519 (RFC 8080); 253 is PRIVATEDNS (RFC 4034 A.1.1), whose
   * signatures are opaque bytes no validator implements.
   */
  algorithm?: SigningAlgorithm;
  /** Default true; an unpublished key exists only to give the parent a DS that matches nothing. */
  published?: boolean;
  /** Default true; false: published (and perhaps named by a DS) but it signs nothing. */
  signs?: boolean;
}

/**
 * Faults of a signer, in every RRSIG of a zone copy. Windows are relative to the lab's build time
 * (the lab rebuilds weekly), so a scenario stays true forever.
 */
export interface SignatureFaults {
  /**
   * `expired`: made 40 days ago, expired 10 days ago (a signer that stopped re-signing);
   * `not-yet-valid`: inception a week ahead (a signer whose clock runs a week fast).
   */
  window?: 'expired' | 'not-yet-valid';
  /** Apex RRsets whose RRSIGs have bytes of the signature flipped: well-formed, but they do not verify. */
  corrupt?: readonly RRType[];
}

export interface ZoneSigning {
  /**
   * The keys, ECDSA P-256 / SHA-256 (algorithm 13, RFC 6605) unless a key says otherwise. Per
   * algorithm, KSKs sign DNSKEY, CDS and CDNSKEY and ZSKs the rest (KSKs everything when the
   * algorithm has no ZSK).
   */
  keys: readonly ZoneKey[];
  /** Key ids the parent publishes a DS (SHA-256) for, computed at load time. */
  ds: readonly string[];
  /** Key ids the child publishes CDS (SHA-256) and CDNSKEY for (RFC 7344), computed at load time. */
  cds?: readonly string[];
  /**
   * RFC 9615 signalling this zone publishes as a DNS operator: child zone → NS names (in this
   * zone) under which `_dsboot.<child>._signal.<NS name>` holds the child's CDS and CDNSKEY (its
   * `cds` keys), computed at load time.
   */
  dsboot?: Readonly<Record<string, readonly string[]>>;
  /**
   * NSEC3 (RFC 5155, SHA-1) instead of NSEC: `{ iterations: 0, salt: '' }` as RFC 9276 asks;
   * `optOut`: delegations without DS are left out of the chain, as registries do.
   */
  nsec3?: Nsec3Parameters;
  /** What is wrong with the signatures of the zone (every copy); absent: nothing. */
  faults?: SignatureFaults;
  /** Faults of the stale copy alone (a `stale` server's): a secondary that stopped transferring keeps old signatures. */
  staleFaults?: SignatureFaults;
}

/** A finding code a lab scenario expects: any code of the catalogue (lib/checks/catalogue.ts). */
export type ExpectedCode = FindingCode;

export interface LabScenario {
  /** The zone the scenario is about (absolute, lowercase). */
  zone: string;
  /** The name to check when it is not the zone itself (`deep.test` is about its deepest cut). */
  check?: string;
  /** One line for the home page: what is wrong, in an operator's words. */
  story: string;
  /**
   * Every finding code a check of `check ?? zone` in the lab must produce, info ones included;
   * no other code may fire. Conventions the list relies on: a CDS delete request is
   * `cds.delete`, not also `cds.pending`; CDS with no DS at the parent is `cds.bootstrap` (a parent
   * can only bootstrap), never `cds.pending`; `csync.in-sync` whenever the CSYNC would change
   * nothing, even when a parent would not process it anyway; a single server is
   * `delegation.single-ns`, not also `delegation.shared-address`.
   */
  expect: readonly ExpectedCode[];
  /** How the scenario's main zone is signed; absent: unsigned. */
  signing?: ZoneSigning;
  /** Other zones of the scenario that are signed (a signed child below the main zone, a DNS provider's own zone), by apex. */
  signedZones?: Readonly<Record<string, ZoneSigning>>;
  /** The servers that exist for this scenario. */
  servers: readonly LabServer[];
  /**
   * The host the scenario is checked from, when not one with IPv4 and IPv6: `{ ipv6: false }`
   * simulates an IPv4-only host (queries to IPv6 addresses fail with no route, as they would).
   */
  vantage?: { ipv6: boolean };
  /** The report's status (the badge's colour) a check must give, when the scenario is about it. */
  status?: 'ok' | 'warning' | 'error' | 'unknown';
}

/** A zone with a KSK (DS at the parent) and a ZSK: the common case. */
const KSK_ZSK: ZoneSigning = {
  keys: [
    { id: 'ksk', flags: 257 },
    { id: 'zsk', flags: 256 },
  ],
  ds: ['ksk'],
};

/** Signed, no DS at the parent yet, CDS/CDNSKEY asking for one for its KSK (RFC 8078 3, RFC 9615). */
const CDS_BOOTSTRAP: ZoneSigning = { ...KSK_ZSK, ds: [], cds: ['ksk'] };

/** signal-dns.test's servers host their customers' zones too (ns2 one more than ns1). */
const PROVIDER_75: Partial<LabServer> = { serves: { 'signal-dns.test.': 'normal', 'bootstrap-ready.test.': 'normal' } };
const PROVIDER_75_NS2: Partial<LabServer> = { serves: { ...PROVIDER_75.serves, 'bootstrap-partial.test.': 'normal' } };

/** The keys derive from this seed; publishing it is fine: the lab is a teaching and test universe. */
export const LAB_KEY_SEED = 'zonecut lab keys v1';

/** Where the lab's recursive resolver (lib/lab/resolver.ts) sends its queries from, in the infrastructure block. */
export const LAB_RESOLVER_ADDRESS = '192.0.2.53';

export const LAB_ROOT_ZONE = '.';
export const LAB_TLD_ZONE = 'test.';

/** Signing of the lab root and `test.`: the root KSK is the lab's trust anchor. */
export const LAB_INFRA_SIGNING: Readonly<Record<string, ZoneSigning>> = {
  '.': KSK_ZSK,
  'test.': KSK_ZSK,
};

export const LAB_INFRA_SERVERS: readonly LabServer[] = [
  { name: 'a.root-servers.test.', ipv4: '192.0.2.1', ipv6: '2001:db8:2::1', serves: { '.': 'normal' } },
  { name: 'ns1.nic.test.', ipv4: '192.0.2.11', ipv6: '2001:db8:2::11', serves: { 'test.': 'normal' } },
  // parent-split.test: this one still serves an older copy of test. (test.stale.zone).
  { name: 'ns2.nic.test.', ipv4: '198.51.100.11', ipv6: '2001:db8:100::11', serves: { 'test.': 'stale' } },
];

/** The lab's address numbering: scenario n's first server is 198.51.100.n, its second 203.0.113.n. */
export const pairAddresses = (n: number, which: 1 | 2): { ipv4: string; ipv6: string } =>
  which === 1 ? { ipv4: `198.51.100.${n}`, ipv6: `2001:db8:100::${n}` } : { ipv4: `203.0.113.${n}`, ipv6: `2001:db8:113::${n}` };

const pair = (zone: string, n: number, second: Partial<LabServer> = {}, first: Partial<LabServer> = {}): LabServer[] => [
  { name: `ns1.${zone}`, ...pairAddresses(n, 1), serves: { [zone]: 'normal' }, ...first },
  { name: `ns2.${zone}`, ...pairAddresses(n, 2), serves: { [zone]: 'normal' }, ...second },
];

export const LAB_SCENARIOS: readonly LabScenario[] = [
  {
    zone: 'healthy.test.',
    story: 'Everything right: two nameservers, IPv4 and IPv6 glue, signed, DS at the parent.',
    expect: [],
    signing: KSK_ZSK,
    servers: pair('healthy.test.', 20),
  },
  {
    zone: 'ns-mismatch.test.',
    story: 'The parent lists ns1 and ns2, the zone itself lists ns1 and ns3; every server answers.',
    expect: ['ns.mismatch', 'ds.absent'],
    servers: [
      ...pair('ns-mismatch.test.', 21),
      { name: 'ns3.ns-mismatch.test.', ipv4: '198.51.100.121', ipv6: '2001:db8:100::121', serves: { 'ns-mismatch.test.': 'normal' } },
    ],
  },
  {
    zone: 'glue-missing.test.',
    story: 'Both nameservers live inside the zone, but the parent gives no addresses for them: nobody can reach them.',
    expect: ['glue.missing', 'ds.absent'],
    servers: pair('glue-missing.test.', 22),
  },
  {
    zone: 'glue-stale.test.',
    story: "ns1 moved to a new address; the parent's glue still points at the old one, where nothing answers.",
    expect: ['glue.mismatch', 'ns.unreachable', 'ds.absent'],
    // ns1's old address, 198.51.100.123, is in the parent's glue and has no server behind it.
    servers: pair('glue-stale.test.', 23),
  },
  {
    zone: 'lame.test.',
    story: 'One of the two nameservers refuses to answer for the zone (REFUSED): a lame delegation.',
    expect: ['ns.lame', 'ds.absent'],
    servers: pair('lame.test.', 24, { serves: { 'lame.test.': 'refused' } }),
  },
  {
    zone: 'lame-servfail.test.',
    story: 'One of the two nameservers answers SERVFAIL for the zone: it has no usable copy.',
    expect: ['ns.lame', 'ds.absent'],
    servers: pair('lame-servfail.test.', 25, { serves: { 'lame-servfail.test.': 'servfail' } }),
  },
  {
    zone: 'lame-noaa.test.',
    story: 'One of the two nameservers answers with the right data but not authoritatively (no AA bit).',
    expect: ['ns.lame', 'ds.absent'],
    servers: pair('lame-noaa.test.', 26, { serves: { 'lame-noaa.test.': 'no-aa' } }),
  },
  {
    zone: 'silent.test.',
    story: 'One of the two nameservers never answers, over UDP or TCP.',
    expect: ['ns.unreachable', 'ds.absent'],
    servers: pair('silent.test.', 27, { behaviour: 'silent' }),
  },
  {
    zone: 'cname-ns.test.',
    story: 'One NS name is an alias (CNAME) for another host: RFC 2181 forbids it, and some resolvers will not follow it.',
    expect: ['ns.cname', 'ds.absent'],
    // ns2.cname-ns.test is `CNAME host.cname-ns.test.`; the glue holds host's address, so it answers.
    servers: pair('cname-ns.test.', 28),
  },
  {
    zone: 'takeover.test.',
    story: 'One NS name sits under expired-dns.test, which does not exist: whoever registers it controls the zone.',
    expect: ['ns.takeover-risk', 'ns.unresolvable', 'ds.absent'],
    servers: [pair('takeover.test.', 29)[0]!],
  },
  {
    zone: 'serial-drift.test.',
    story: 'The second nameserver stopped receiving updates: it serves an older serial and older data.',
    expect: ['soa.serial-mismatch', 'ds.absent'],
    servers: pair('serial-drift.test.', 30, { serves: { 'serial-drift.test.': 'stale' } }),
  },
  {
    zone: 'single-ns.test.',
    story: 'Only one nameserver: when it is down, so is the zone.',
    expect: ['delegation.single-ns', 'ds.absent'],
    servers: [pair('single-ns.test.', 31)[0]!],
  },
  {
    zone: 'ds-mismatch.test.',
    story: "The parent's DS names a key the zone no longer publishes: validating resolvers fail the whole zone.",
    expect: ['ds.no-match'],
    signing: {
      keys: [
        { id: 'ksk', flags: 257 },
        { id: 'zsk', flags: 256 },
        { id: 'retired-ksk', flags: 257, published: false },
      ],
      ds: ['retired-ksk'],
    },
    servers: pair('ds-mismatch.test.', 32),
  },
  {
    zone: 'cds-rollover.test.',
    story: 'A KSK rollover under way: the new key is published and signs, and CDS/CDNSKEY ask the parent to switch its DS to it.',
    expect: ['cds.present', 'cds.pending'],
    signing: {
      keys: [
        { id: 'ksk', flags: 257 },
        { id: 'ksk-new', flags: 257 },
        { id: 'zsk', flags: 256 },
      ],
      ds: ['ksk'],
      cds: ['ksk-new'],
    },
    servers: pair('cds-rollover.test.', 33),
  },
  {
    zone: 'cds-delete.test.',
    story: 'The zone publishes a CDS/CDNSKEY delete request: a scanning parent would remove the DS and the zone would go insecure.',
    expect: ['cds.present', 'cds.delete'],
    signing: KSK_ZSK,
    servers: pair('cds-delete.test.', 34),
  },
  {
    zone: 'csync-pending.test.',
    story: 'The zone moved from ns2 to ns3 and publishes CSYNC: a parent processing it would swap the NS and glue.',
    expect: ['ns.mismatch', 'csync.present', 'csync.pending'],
    signing: KSK_ZSK,
    servers: [
      ...pair('csync-pending.test.', 35),
      { name: 'ns3.csync-pending.test.', ipv4: '198.51.100.135', ipv6: '2001:db8:100::135', serves: { 'csync-pending.test.': 'normal' } },
    ],
  },
  {
    zone: 'csync-ahead.test.',
    story: "CSYNC asks for soaminimum with a serial above the zone's SOA serial: a parent will wait.",
    expect: ['csync.present', 'csync.serial-ahead', 'csync.in-sync'],
    signing: KSK_ZSK,
    servers: pair('csync-ahead.test.', 36),
  },
  {
    zone: 'csync-unsigned.test.',
    story: 'CSYNC in an unsigned zone: a parent must ignore it (RFC 7477 3).',
    expect: ['csync.present', 'csync.unsigned', 'csync.in-sync', 'ds.absent'],
    servers: pair('csync-unsigned.test.', 37),
  },
  {
    zone: 'csync-badtype.test.',
    story: 'CSYNC lists MX, which a parent cannot synchronise: it must not act on the record at all.',
    expect: ['csync.present', 'csync.unsupported-type', 'csync.in-sync'],
    signing: KSK_ZSK,
    servers: pair('csync-badtype.test.', 38),
  },
  {
    zone: 'big-referral.test.',
    story: 'Ten in-domain nameservers with long names: the referral with their glue does not fit in 512 octets, not even with IPv4 glue alone.',
    expect: ['delegation.truncated-referral', 'ds.absent'],
    servers: Array.from({ length: 10 }, (_, i): LabServer => {
      const n = 160 + i;
      // Long first labels (the part name compression cannot share): without EDNS the referral is
      // 895 octets with AAAA glue, 615 with A glue alone (on sockets and real servers), so it
      // truncates everywhere, not only in memory.
      const name = `authoritative-nameserver-${String(i + 1).padStart(2, '0')}.big-referral.test.`;
      return i % 2 === 0
        ? { name, ipv4: `198.51.100.${n}`, ipv6: `2001:db8:100::${n}`, serves: { 'big-referral.test.': 'normal' } }
        : { name, ipv4: `203.0.113.${n}`, ipv6: `2001:db8:113::${n}`, serves: { 'big-referral.test.': 'normal' } };
    }),
  },
  {
    zone: 'deep.test.',
    check: 'a.b.c.deep.test.',
    story: 'Four zone cuts in a row: deep.test, c.deep.test, b.c.deep.test (on the same servers as its parent), a.b.c.deep.test.',
    expect: ['ds.absent'],
    servers: [
      ...pair('deep.test.', 50),
      ...pair(
        'c.deep.test.',
        51,
        { serves: { 'c.deep.test.': 'normal', 'b.c.deep.test.': 'normal' } },
        { serves: { 'c.deep.test.': 'normal', 'b.c.deep.test.': 'normal' } },
      ),
      ...pair('a.b.c.deep.test.', 52),
    ],
  },
  {
    zone: 'parent-split.test.',
    story: 'The two test. servers disagree: ns2.nic.test still delegates to the old server ns3 as well.',
    expect: ['delegation.parent-inconsistent', 'ns.mismatch', 'ds.absent'],
    servers: [
      ...pair('parent-split.test.', 40),
      { name: 'ns3.parent-split.test.', ipv4: '198.51.100.140', ipv6: '2001:db8:100::140', serves: { 'parent-split.test.': 'normal' } },
    ],
  },
  {
    zone: 'tcp-broken.test.',
    story: 'One nameserver answers over UDP but refuses TCP: large answers and TCP-only clients fail.',
    expect: ['ns.tcp-broken', 'ds.absent'],
    servers: pair('tcp-broken.test.', 41, { behaviour: 'udp-only' }),
  },
  {
    zone: 'flapping.test.',
    story: 'The zone lists a third nameserver the parent does not know, and it never answers: resolvers that trust the child time out now and then.',
    expect: ['ns.mismatch', 'ns.unreachable', 'resolution.flapping', 'ds.absent'],
    servers: [
      ...pair('flapping.test.', 42),
      { name: 'ns3.flapping.test.', ipv4: '198.51.100.142', ipv6: '2001:db8:100::142', behaviour: 'silent', serves: { 'flapping.test.': 'normal' } },
    ],
  },
  {
    zone: 'edns-broken.test.',
    story: 'One nameserver answers FORMERR to any query with EDNS: it predates RFC 6891 and breaks DNSSEC and large answers.',
    expect: ['ns.edns-broken', 'ds.absent'],
    servers: pair('edns-broken.test.', 43, { behaviour: 'formerr-on-edns' }),
  },
  {
    zone: 'sld-drift.test.',
    check: 'shop.sld-drift.test.',
    story: "A healthy zone under a registry whose second server missed an update: the registry's serial drift is shown as context, and the badge stays green.",
    // Codes from every zone; the status and badge count shop.sld-drift.test's own findings only.
    expect: ['soa.serial-mismatch', 'ds.absent'],
    status: 'ok',
    servers: [...pair('sld-drift.test.', 72, { serves: { 'sld-drift.test.': 'stale' } }), ...pair('shop.sld-drift.test.', 73)],
  },
  {
    zone: 'ipv4-vantage.test.',
    story: 'Checked from a host without IPv6: the IPv6 servers are not tested from here, and nothing is reported about them.',
    expect: ['ds.absent'],
    status: 'ok',
    vantage: { ipv6: false },
    servers: pair('ipv4-vantage.test.', 74),
  },
  {
    zone: 'brand.test.',
    check: 'store.brand.test.',
    story:
      'brand.test delegates store.brand.test to a DNS provider, and its referral still carries an old address for ns1.dns-provider.test: not glue, it must be ignored.',
    expect: ['ds.absent', 'glue.out-of-bailiwick'],
    servers: [
      // brand.test's zone file keeps a line `ns1.dns-provider.test. A 198.51.100.183` from an old
      // set-up (nothing answers there); its servers hand it out in referrals.
      ...pair('brand.test.', 63, { serves: { 'brand.test.': 'out-of-zone-glue' } }, { serves: { 'brand.test.': 'out-of-zone-glue' } }),
      // The provider: its own zone, and store.brand.test on the same servers (big-referral.test
      // has 203.0.113.163, so ns2 is at .183).
      ...['198.51.100.163 2001:db8:100::163', '203.0.113.183 2001:db8:113::183'].map((a, i): LabServer => {
        const [ipv4, ipv6] = a.split(' ');
        return { name: `ns${i + 1}.dns-provider.test.`, ipv4, ipv6, serves: { 'dns-provider.test.': 'normal', 'store.brand.test.': 'normal' } };
      }),
    ],
  },
  {
    zone: 'co-hosted.test.',
    check: 'shop.co-hosted.test.',
    story:
      "A signed zone and its signed child on the same two servers, the child's DS in the parent: the DS must be asked of the parent, not read from the child.",
    expect: [],
    signing: KSK_ZSK,
    signedZones: { 'shop.co-hosted.test.': KSK_ZSK },
    servers: pair(
      'co-hosted.test.',
      64,
      { serves: { 'co-hosted.test.': 'normal', 'shop.co-hosted.test.': 'normal' } },
      { serves: { 'co-hosted.test.': 'normal', 'shop.co-hosted.test.': 'normal' } },
    ),
  },
  {
    zone: 'campus.test.',
    check: 'physics.campus.test.',
    story:
      "campus.test runs a server that, without EDNS, keeps the A glue of physics.campus.test's six nameservers and silently drops AAAA glue that does not fit (no TC).",
    expect: ['delegation.truncated-referral', 'ds.absent'],
    servers: [
      ...pair('campus.test.', 65, { behaviour: 'glue-without-tc' }, { behaviour: 'glue-without-tc' }),
      // Six in-domain servers with long names: without EDNS the referral is 367 octets with A
      // glue alone and 535 with AAAA glue, so only IPv4 glue fits in 512 octets.
      // (198.51.100.164 and 203.0.113.165 are big-referral.test's.)
      ...['198.51.100.165', '203.0.113.164', '198.51.100.184', '203.0.113.184', '198.51.100.185', '203.0.113.185'].map((ipv4, i): LabServer => ({
        name: `physics-department-ns-0${i + 1}.physics.campus.test.`,
        ipv4,
        ipv6: `2001:db8:${ipv4.startsWith('198.') ? '100' : '113'}::${ipv4.split('.')[3]}`,
        serves: { 'physics.campus.test.': 'normal' },
      })),
    ],
  },
  {
    zone: 'one-network.test.',
    story: 'Two nameservers on two addresses, but in one /24 and one /48: an outage or a routing problem in that network takes both.',
    expect: ['delegation.single-prefix', 'ds.absent'],
    servers: pair('one-network.test.', 70, { ipv4: '198.51.100.170', ipv6: '2001:db8:100::170' }),
  },
  {
    zone: 'one-address.test.',
    story: 'ns1 and ns2 are two names for one server at one address: the second name adds no redundancy at all.',
    expect: ['delegation.shared-address', 'ds.absent'],
    // ns2.one-address.test. has ns1's addresses: the lab routes by address, so one server is both.
    servers: [pair('one-address.test.', 71)[0]!],
  },
  {
    zone: 'stale-ns-name.test.',
    story:
      'Its DNS provider renamed its servers and the zone still lists ns9.old.dnsco.test: dnsco.test exists, so the name cannot be taken over, it just has no address.',
    // ns.unresolvable, not ns.takeover-risk: what someone could register is dnsco.test (the
    // Public Suffix List's default rule makes test. the suffix), and it exists. The provider's
    // addresses come as sibling glue from test.
    expect: ['glue.sibling', 'ns.unresolvable', 'ds.absent'],
    servers: [
      { name: 'ns1.dnsco.test.', ipv4: '198.51.100.69', ipv6: '2001:db8:100::69', serves: { 'dnsco.test.': 'normal', 'stale-ns-name.test.': 'normal' } },
      { name: 'ns2.dnsco.test.', ipv4: '203.0.113.69', ipv6: '2001:db8:113::69', serves: { 'dnsco.test.': 'normal', 'stale-ns-name.test.': 'normal' } },
    ],
  },
  {
    zone: 'bootstrap-ready.test.',
    story: 'Newly signed, no DS yet: its DNS provider publishes CDS and the RFC 9615 signalling under both its NS names, so a parent can bootstrap the DS.',
    // glue.sibling: test. hands out the provider's addresses with the referral, as TLDs do.
    expect: ['glue.sibling', 'ds.absent', 'dnssec.island', 'cds.present', 'cds.bootstrap'],
    signing: CDS_BOOTSTRAP,
    // signal-dns.test is the provider: a signed zone of its own that holds the signalling.
    signedZones: {
      'signal-dns.test.': {
        ...KSK_ZSK,
        dsboot: {
          'bootstrap-ready.test.': ['ns1.signal-dns.test.', 'ns2.signal-dns.test.'],
          'bootstrap-partial.test.': ['ns2.signal-dns.test.'],
        },
      },
    },
    servers: pair('signal-dns.test.', 75, PROVIDER_75_NS2, PROVIDER_75),
  },
  {
    zone: 'bootstrap-partial.test.',
    story: 'Two DNS providers, no DS yet: one publishes the RFC 9615 signalling for the zone, the other does not, so no parent can bootstrap the DS from it.',
    expect: ['glue.sibling', 'ds.absent', 'dnssec.island', 'cds.present', 'cds.bootstrap', 'cds.bootstrap-incomplete'],
    signing: CDS_BOOTSTRAP,
    // Served by ns2.signal-dns.test (above) and ns1.legacy-dns.test, a provider without signalling.
    servers: pair('legacy-dns.test.', 76, {}, { serves: { 'legacy-dns.test.': 'normal', 'bootstrap-partial.test.': 'normal' } }),
  },
  {
    zone: 'broken-ent.test.',
    check: 'cs.dept.broken-ent.test.',
    story: 'Old servers answer NXDOMAIN for dept.broken-ent.test, empty but for cs.dept below it: resolvers trusting RFC 8020 lose cs.dept.',
    expect: ['ns.ent-nxdomain', 'ds.absent'],
    servers: [...pair('broken-ent.test.', 66, { behaviour: 'nxdomain-for-ent' }, { behaviour: 'nxdomain-for-ent' }), ...pair('cs.dept.broken-ent.test.', 67)],
  },
  {
    zone: 'pre-edns.test.',
    check: 'shop.pre-edns.test.',
    story: 'Both servers of pre-edns.test predate EDNS (FORMERR to it): shop.pre-edns.test is reached only by asking again without EDNS.',
    expect: ['ns.edns-broken', 'ds.absent'],
    servers: [
      ...pair('pre-edns.test.', 68, { behaviour: 'formerr-on-edns' }, { behaviour: 'formerr-on-edns' }),
      { name: 'ns1.shop.pre-edns.test.', ipv4: '198.51.100.188', ipv6: '2001:db8:100::188', serves: { 'shop.pre-edns.test.': 'normal' } },
      { name: 'ns2.shop.pre-edns.test.', ipv4: '203.0.113.188', ipv6: '2001:db8:113::188', serves: { 'shop.pre-edns.test.': 'normal' } },
    ],
  },
  {
    zone: 'resolver-fallback.test.',
    story:
      'Hosted at a provider whose firewall drops the public resolver: its look-ups of dns1/dns2.firewalled-dns.test fail (SERVFAIL), so zonecut walks from the root for them.',
    expect: ['ds.absent'],
    status: 'ok',
    servers: pair('firewalled-dns.test.', 60).map((server) => ({
      ...server,
      behaviour: 'blocks-resolver' as const,
      serves: { 'firewalled-dns.test.': 'normal', 'resolver-fallback.test.': 'normal' },
    })),
  },
  {
    zone: 'stranded.test.',
    story:
      'Hosted at gone-dns.test, a provider gone dark: neither the resolver nor a walk from the root finds dns1/dns2.gone-dns.test, so no server of the zone can be asked.',
    expect: ['ns.address-unknown', 'ds.absent'],
    // Never ok: not one server of the zone was asked (outcome no-server-asked).
    status: 'unknown',
    servers: pair('gone-dns.test.', 61).map((server) => ({
      ...server,
      behaviour: 'silent' as const,
      serves: { 'gone-dns.test.': 'normal', 'stranded.test.': 'normal' },
    })),
  },
  {
    zone: 'lame-all.test.',
    story: 'Deleted at its DNS provider, still delegated: all three servers answer REFUSED, so nothing of the zone can be read and its glue cannot be checked.',
    expect: ['ns.lame', 'glue.unverified', 'ds.absent'],
    servers: [
      ...pair('lame-all.test.', 62, { serves: { 'lame-all.test.': 'refused' } }, { serves: { 'lame-all.test.': 'refused' } }),
      { name: 'ns3.lame-all.test.', ipv4: '198.51.100.180', ipv6: '2001:db8:100::180', serves: { 'lame-all.test.': 'refused' } },
    ],
  },
  {
    zone: 'sig-expired.test.',
    story: 'Signed in-house, and the signer stopped re-signing 40 days ago: every signature expired 10 days ago, so validating resolvers fail the zone.',
    expect: ['rrsig.expired'],
    signing: { ...KSK_ZSK, faults: { window: 'expired' } },
    servers: pair('sig-expired.test.', 77),
  },
  {
    zone: 'sig-future.test.',
    story: "Signed on a host whose clock runs a week fast: every signature's inception is a week away, so validating resolvers fail the zone until then.",
    expect: ['rrsig.not-yet-valid'],
    signing: { ...KSK_ZSK, faults: { window: 'not-yet-valid' } },
    servers: pair('sig-future.test.', 78),
  },
  {
    zone: 'sig-corrupt.test.',
    story: "Hosted and signed at cloud-dns.test, whose signer damaged one signature, the SOA's: it looks right and does not verify.",
    expect: ['rrsig.invalid'],
    signing: { ...KSK_ZSK, faults: { corrupt: ['SOA'] } },
    // The provider: its own zone, signed, and the customer's on the same two servers.
    signedZones: { 'cloud-dns.test.': KSK_ZSK },
    servers: pair('cloud-dns.test.', 79).map((server) => ({ ...server, serves: { 'cloud-dns.test.': 'normal', 'sig-corrupt.test.': 'normal' } })),
  },
  {
    zone: 'ds-zsk.test.',
    check: 'shop.ds-zsk.test.',
    story:
      "shop.ds-zsk.test's owner gave its parent the DS of the ZSK: the key exists, but it does not sign the DNSKEY set, so the chain of trust breaks there.",
    expect: ['ds.unsigned-keyset'],
    signing: KSK_ZSK,
    signedZones: { 'shop.ds-zsk.test.': { ...KSK_ZSK, ds: ['zsk'] } },
    servers: pair(
      'ds-zsk.test.',
      80,
      { serves: { 'ds-zsk.test.': 'normal', 'shop.ds-zsk.test.': 'normal' } },
      { serves: { 'ds-zsk.test.': 'normal', 'shop.ds-zsk.test.': 'normal' } },
    ),
  },
  {
    zone: 'algo-rollover.test.',
    // RFC 4035 2.2: every algorithm of the DNSKEY set must sign every RRset; RFC 6840 5.11.
    story: 'Halfway through a move from ECDSA to Ed25519: the Ed25519 key is published and has a DS at the parent, but nothing is signed with it yet.',
    expect: ['rrsig.algorithm-missing'],
    signing: {
      keys: [
        { id: 'ksk', flags: 257 },
        { id: 'zsk', flags: 256 },
        { id: 'ksk-ed25519', flags: 257, algorithm: 15, signs: false },
      ],
      ds: ['ksk', 'ksk-ed25519'],
    },
    servers: pair('algo-rollover.test.', 81),
  },
  {
    zone: 'shop.no-denial.test.',
    story: 'Unsigned under a signed parent whose servers never add NSEC: its DS query gets a bare NODATA, which no validator can tell from a stripped DS.',
    expect: ['ds.absence-unproven'],
    // The parent, signed with a DS in test.; its servers leave every denial proof out.
    signedZones: { 'no-denial.test.': KSK_ZSK },
    servers: [
      ...pair('no-denial.test.', 82, { serves: { 'no-denial.test.': 'no-denial' } }, { serves: { 'no-denial.test.': 'no-denial' } }),
      ...pair('shop.no-denial.test.', 83),
    ],
  },
  {
    zone: 'private-algo.test.',
    story:
      "Signed with a private algorithm (253) of its vendor's HSM: the DS and every signature use it, and no validator implements it, so resolvers treat the zone as unsigned.",
    expect: ['dnssec.unsupported-algorithm'],
    signing: {
      keys: [
        { id: 'ksk', flags: 257, algorithm: 253 },
        { id: 'zsk', flags: 256, algorithm: 253 },
      ],
      ds: ['ksk'],
    },
    servers: pair('private-algo.test.', 84),
  },
  {
    zone: 'stale-sigs.test.',
    story:
      'ns2 is a secondary that stopped transferring 40 days ago: it serves an old serial whose signatures expired 10 days ago, so resolvers that ask it fail.',
    expect: ['rrsig.expired', 'soa.serial-mismatch'],
    signing: { ...KSK_ZSK, staleFaults: { window: 'expired' } },
    // The provider: its own zone, signed, on both servers; its second server has the customer's old copy.
    signedZones: { 'hosted-dns.test.': KSK_ZSK },
    servers: pair(
      'hosted-dns.test.',
      85,
      { serves: { 'hosted-dns.test.': 'normal', 'stale-sigs.test.': 'stale' } },
      { serves: { 'hosted-dns.test.': 'normal', 'stale-sigs.test.': 'normal' } },
    ),
  },
  {
    zone: 'shop.optout.test.',
    story:
      "Unsigned under a registry signed with NSEC3 opt-out: the registry's proof that it has no DS covers a whole span of unsigned delegations, shop among them.",
    expect: ['ds.absent'],
    // The registry (NSEC3, no salt, 0 iterations, Opt-Out; DS in test.) and a signed customer with a DS there.
    signedZones: {
      'optout.test.': { ...KSK_ZSK, nsec3: { iterations: 0, salt: '', optOut: true } },
      'bank.optout.test.': KSK_ZSK,
    },
    servers: [...pair('optout.test.', 86), ...pair('shop.optout.test.', 87), ...pair('bank.optout.test.', 88)],
  },
  {
    zone: 'shop.corp.zonehost.test.',
    story:
      "Unsigned, under an NSEC3 opt-out parent, all on one DNS host's servers with the host's zone above: nothing refers to corp or shop, so each DS, or its absence, is asked of the parent.",
    expect: ['ds.absent'],
    // The host (DS in test.) and its customer corp (NSEC3, no salt, 0 iterations, Opt-Out; DS in zonehost.test.).
    signedZones: {
      'zonehost.test.': KSK_ZSK,
      'corp.zonehost.test.': { ...KSK_ZSK, nsec3: { iterations: 0, salt: '', optOut: true } },
    },
    servers: pair(
      'zonehost.test.',
      91,
      { serves: { 'zonehost.test.': 'normal', 'corp.zonehost.test.': 'normal', 'shop.corp.zonehost.test.': 'normal' } },
      { serves: { 'zonehost.test.': 'normal', 'corp.zonehost.test.': 'normal', 'shop.corp.zonehost.test.': 'normal' } },
    ),
  },
];

/** Every lab server: the infrastructure first, then each scenario's. */
export const LAB_SERVERS: readonly LabServer[] = [...LAB_INFRA_SERVERS, ...LAB_SCENARIOS.flatMap((s) => s.servers)];

/** How each zone is signed; zones not listed are unsigned. */
export const LAB_SIGNING: Readonly<Record<string, ZoneSigning>> = {
  ...LAB_INFRA_SIGNING,
  ...Object.fromEntries(LAB_SCENARIOS.filter((s) => s.signing).map((s) => [s.zone, s.signing!])),
  ...Object.assign({}, ...LAB_SCENARIOS.map((s) => s.signedZones ?? {})),
};

/** Every zone some server serves, root first, parents before children. */
export const LAB_ZONES: readonly string[] = [...new Set(LAB_SERVERS.flatMap((s) => Object.keys(s.serves)))].sort(
  (a, b) => a.split('.').length - b.split('.').length || a.localeCompare(b),
);

/** The scenario a lab name belongs to: the one with the deepest zone at or above it. */
export function labScenarioFor(name: string): LabScenario | undefined {
  const n = name.toLowerCase().replace(/\.?$/, '.');
  let best: LabScenario | undefined;
  for (const s of LAB_SCENARIOS) {
    if ((n === s.zone || n.endsWith(`.${s.zone}`)) && (!best || s.zone.length > best.zone.length)) best = s;
  }
  return best;
}
