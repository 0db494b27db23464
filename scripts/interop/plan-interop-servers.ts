// Which real server plays which lab server, on which loopback address. Pure: the manifest in,
// a plan out; the starter writes the configurations and runs them.
//
// The split: NSD serves the lab root and ns1.nic.test, Knot serves ns2.nic.test (the stale copy
// of test.), and each scenario's servers are shared out so that every implementation serves
// signed zones, CDS/CDNSKEY and CSYNC: the servers in 198.51.100/24 (each scenario's first, and
// third when there is one) go to Knot and NSD in turn, scenario by scenario, and the servers in
// 203.0.113/24 (each scenario's second; where a scenario has none there, its second server) go to
// BIND. A scenario's two servers thus run different software, which is what a zone's operators
// often do too. BIND refuses outright to load some zones that are broken on purpose (an apex NS
// that is a CNAME, whatever check-integrity says): such a server goes to whichever of Knot and
// NSD its scenario's first server does not run.
import { loopbackAddress } from '@/lib/guard/loopback-address';
import type { LabScenario, LabServer, ZoneBehaviour } from '@/lib/lab/manifest';
import type { AuthoritativeSoftware, ServedZoneMode } from './interop-layout';

export interface PlannedLabServer {
  server: LabServer;
  addresses: string[];
  notReproduced: string[];
}

export interface PlannedInstance {
  id: string;
  software: AuthoritativeSoftware;
  addresses: string[];
  labServers: PlannedLabServer[];
  /** Zones it answers for, sorted; a zone it refuses is not here. */
  zones: { zone: string; mode: ServedZoneMode }[];
}

export interface InteropPlan {
  instances: PlannedInstance[];
  /** `silent` lab servers: sockets that read and never answer. */
  blackHoles: PlannedLabServer[];
  /** The lab root's loopback addresses. */
  rootAddresses: string[];
  addressMap: Record<string, string>;
}

/**
 * The lab's own loopback map (lib/guard/loopback-address.ts: 192.0.2.N → 127.53.2.N, 198.51.100.N
 * → 127.53.100.N, 203.0.113.N → 127.53.113.N, for `npm run lab:serve`) moved to 127.54.0.0/16,
 * so the two can run at once. IPv6 has one loopback address only (::1): none for the lab's.
 */
export function loopbackFor(labAddress: string): string | null {
  return loopbackAddress(labAddress)?.replace(/^127\.53\./, '127.54.') ?? null;
}

/** What a real server does with a zone the lab server treats this way. */
function zoneMode(behaviour: ZoneBehaviour): ServedZoneMode | 'refused' {
  switch (behaviour) {
    case 'normal':
    case 'no-aa': // no server software can be told to clear AA: it answers normally
    case 'out-of-zone-glue': // every one of them drops out-of-zone data when it loads the zone
    case 'no-denial': // they serve the NSEC chain the export writes
      return 'normal';
    case 'stale':
      return 'stale';
    case 'servfail':
      return 'servfail';
    case 'refused':
      return 'refused';
  }
}

function notReproduced(server: LabServer): string[] {
  const out: string[] = [];
  switch (server.behaviour ?? 'normal') {
    case 'normal':
    case 'silent': // reproduced, by a black hole
      break;
    case 'udp-only':
      out.push('udp-only: answers over TCP too (NSD, Knot and BIND cannot turn TCP off)');
      break;
    case 'formerr-on-edns':
      out.push('formerr-on-edns: answers EDNS queries normally (every server here speaks EDNS)');
      break;
    case 'glue-without-tc':
      // NSD 4.6 and BIND 9.18 do drop glue without TC, but the export has no AAAA glue to drop:
      // with A glue alone the referral fits in 512 octets.
      out.push('glue-without-tc: no AAAA glue to drop (the export leaves AAAA out), so the referral fits');
      break;
    case 'nxdomain-for-ent':
      out.push('nxdomain-for-ent: answers NODATA for an empty non-terminal (NSD, Knot and BIND follow RFC 8020 and cannot be told otherwise)');
      break;
    case 'blocks-resolver':
      out.push('blocks-resolver: answers Unbound too (it queries from the loopback like the walker; no server here is given an ACL against it)');
      break;
  }
  for (const [zone, b] of Object.entries(server.serves)) {
    if (b === 'no-aa') out.push(`no-aa for ${zone}: answers with AA set`);
    if (b === 'no-denial') out.push(`no-denial for ${zone}: answers with the NSEC proofs of the exported chain (NSD, Knot and BIND always add them)`);
    if (b === 'out-of-zone-glue') out.push(`out-of-zone-glue for ${zone}: out-of-zone data is not exported (real servers drop it at load)`);
  }
  return out;
}

/** Whether `software` will load the zone as this lab server serves it (default: yes). */
export type CanLoad = (software: AuthoritativeSoftware, zone: string, mode: ServedZoneMode) => boolean;

export function planInteropServers(infra: readonly LabServer[], scenarios: readonly LabScenario[], canLoad: CanLoad = () => true): InteropPlan {
  const addressMap: Record<string, string> = {};
  const assigned: { server: LabServer; software: AuthoritativeSoftware }[] = [];

  let tld = 0;
  for (const server of infra) {
    const isRoot = '.' in server.serves;
    assigned.push({ server, software: isRoot ? 'nsd' : tld++ % 2 === 0 ? 'nsd' : 'knot' });
  }
  const loadsAll = (software: AuthoritativeSoftware, server: LabServer) =>
    Object.entries(server.serves).every(([zone, b]) => {
      const mode = zoneMode(b);
      return mode === 'refused' || mode === 'servfail' || canLoad(software, zone, mode);
    });
  scenarios.forEach((scenario, i) => {
    const first: AuthoritativeSoftware = i % 2 === 0 ? 'knot' : 'nsd';
    const other: AuthoritativeSoftware = first === 'knot' ? 'nsd' : 'knot';
    // A scenario with no server in 203.0.113/24 (one-network.test: one /24 on purpose) still
    // runs its second server on BIND.
    const secondBlock = scenario.servers.some((srv) => srv.ipv4?.startsWith('203.0.113.'));
    scenario.servers.forEach((server, index) => {
      const second = secondBlock ? server.ipv4?.startsWith('203.0.113.') : index === 1;
      const software = !second ? first : loadsAll('bind', server) ? 'bind' : other;
      if (!loadsAll(software, server)) throw new Error(`${server.name}: ${software} cannot load its zones either`);
      assigned.push({ server, software });
    });
  });

  const instances = new Map<string, PlannedInstance>();
  const blackHoles: PlannedLabServer[] = [];
  const rootAddresses: string[] = [];
  for (const { server, software } of assigned) {
    const labAddresses = [server.ipv4, server.ipv6].filter((a): a is string => !!a);
    const addresses: string[] = [];
    for (const a of labAddresses) {
      const lo = loopbackFor(a);
      if (lo) {
        if (Object.values(addressMap).includes(lo) && addressMap[a] !== lo) throw new Error(`two lab addresses map to ${lo}`);
        addressMap[a] = lo;
        addresses.push(lo);
      } else if (!a.includes(':')) {
        throw new Error(`${server.name} has ${a}, outside the lab's three /24s: give it a loopback address in plan-interop-servers.ts`);
      }
    }
    if (addresses.length === 0) throw new Error(`${server.name} has no IPv4 address to serve it on`);
    const planned: PlannedLabServer = { server, addresses, notReproduced: notReproduced(server) };
    if ('.' in server.serves) rootAddresses.push(...addresses);

    if ((server.behaviour ?? 'normal') === 'silent') {
      blackHoles.push(planned);
      continue;
    }
    const zones = Object.entries(server.serves)
      .map(([zone, b]) => ({ zone, mode: zoneMode(b) }))
      .filter((z): z is { zone: string; mode: ServedZoneMode } => z.mode !== 'refused')
      .sort((a, b) => a.zone.localeCompare(b.zone));
    // Servers with the same software and the same zones can share one process.
    const key = `${software} ${JSON.stringify(zones)}`;
    const existing = instances.get(key);
    if (existing) {
      existing.addresses.push(...addresses);
      existing.labServers.push(planned);
    } else {
      instances.set(key, { id: `${software}-${server.name.replace(/\.$/, '')}`, software, addresses: [...addresses], labServers: [planned], zones });
    }
  }
  return { instances: [...instances.values()], blackHoles, rootAddresses, addressMap };
}
