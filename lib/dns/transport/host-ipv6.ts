// Can this host send IPv6 to the internet at all? (ZONECUT_IPV6=auto.) Without IPv6 every IPv6
// server would time out or fail with ENETUNREACH and be reported unreachable; such addresses are
// "not tested from here" instead, and the report says which families it could test.
//
// How, without sending anything: the kernel's own tables. A UDP socket's connect() looks promising
// (it only picks a route and a source address), but it is not silent on Linux: when the default
// router's neighbour entry is not known to be reachable, the route lookup sends an ICMPv6 Neighbor
// Solicitation to that router (router reachability probing, RFC 4191 3.5; net.ipv6.conf.*
// .router_probe_interval, 60 s). Seen here: Icmp6OutNeighborSolicits in /proc/net/snmp6 went up by
// one per connect(). Reading /proc/net/if_inet6 and /proc/net/ipv6_route sends nothing, costs two
// small file reads, and is done once per process.
import 'server-only';
import { readFileSync } from 'node:fs';
import { networkInterfaces } from 'node:os';

const RTF_UP = 0x0001;
const RTF_REJECT = 0x0200;
const IFA_F_DADFAILED = 0x08;
const IFA_F_TENTATIVE = 0x40;

/**
 * /proc/net/if_inet6 (one address a line: address, ifindex, prefix length, scope, flags, device):
 * whether an interface other than the loopback holds an address of global scope (scope 0; unique
 * local fd00::/8 counts, as it is routed through NAT66 in containers) that passed duplicate
 * address detection.
 */
export function hasGlobalIpv6Address(ifInet6: string): boolean {
  return ifInet6.split('\n').some((line) => {
    const [, , , scope, flags, device] = line.trim().split(/\s+/);
    if (scope === undefined || flags === undefined || device === undefined || device === 'lo') return false;
    const f = parseInt(flags, 16);
    return parseInt(scope, 16) === 0 && (f & (IFA_F_DADFAILED | IFA_F_TENTATIVE)) === 0;
  });
}

/**
 * /proc/net/ipv6_route (destination, prefix length, source, source length, next hop, metric,
 * refcount, use, flags, device): whether a usable route (up, not a reject route, not on the
 * loopback) covers global unicast, 2000::/3: a default route or one as wide.
 */
export function hasGlobalIpv6Route(ipv6Route: string): boolean {
  return ipv6Route.split('\n').some((line) => {
    const fields = line.trim().split(/\s+/);
    const [dest, plenHex] = fields;
    const flagsHex = fields[8];
    const device = fields[9];
    if (dest === undefined || plenHex === undefined || flagsHex === undefined || device === undefined || device === 'lo') return false;
    const flags = parseInt(flagsHex, 16);
    if ((flags & RTF_UP) === 0 || (flags & RTF_REJECT) !== 0) return false;
    const plen = parseInt(plenHex, 16);
    if (plen > 3) return false;
    // The first plen bits of the destination must be those of 2000::/3 (001…).
    const top = parseInt(dest.slice(0, 1), 16) >> 1; // the first three bits
    return plen === 0 || top >> (3 - plen) === 0b001 >> (3 - plen);
  });
}

/** Elsewhere than Linux: an interface address that is neither loopback nor link-local (fe80::/10). */
function hasIpv6FromInterfaces(): boolean {
  return Object.values(networkInterfaces()).some((list) => (list ?? []).some((a) => a.family === 'IPv6' && !a.internal && !/^fe[89ab]/i.test(a.address)));
}

function detect(): boolean {
  let ifInet6: string;
  let ipv6Route: string;
  try {
    ifInet6 = readFileSync('/proc/net/if_inet6', 'utf8');
    ipv6Route = readFileSync('/proc/net/ipv6_route', 'utf8');
  } catch {
    // No /proc/net/if_inet6 on Linux means a kernel without IPv6; no /proc at all, another system.
    if (process.platform === 'linux') return false;
    return hasIpv6FromInterfaces();
  }
  return hasGlobalIpv6Address(ifInet6) && hasGlobalIpv6Route(ipv6Route);
}

const state = globalThis as unknown as { __zonecutHostIpv6?: boolean };

/** Whether this host can send IPv6 beyond itself; read once per process (routes rarely change). */
export function hostCanSendIpv6(): boolean {
  state.__zonecutHostIpv6 ??= detect();
  return state.__zonecutHostIpv6;
}
