// What resolvers will experience: parent-centric and child-centric resolvers hold different NS
// sets (RFC 2181 5.4.1), and a broken server in only one of them makes the zone fail by turns.
import type { Finding } from '@/lib/checks/catalogue';
import type { CheckContext } from '@/lib/checks/check-context';
import { makeFinding } from '@/lib/checks/make-finding';
import { isServerEvidence } from '@/lib/checks/observations';
import type { ZoneView } from '@/lib/checks/zone-view';
import type { Observation } from '@/lib/dns/capture';

export function checkResolution(ctx: CheckContext): Finding[] {
  return ctx.zones.filter((v) => !v.isRoot).flatMap(flapping);
}

function brokenness(view: ZoneView, name: string): { status: string; obs: (Observation | string)[] } | null {
  const servers = view.servers.filter((s) => s.names.includes(name));
  const lame = servers.filter((s) => s.lame.length > 0);
  if (lame.length > 0) return { status: 'lame', obs: lame.flatMap((s) => s.lame.map((l) => l.obs)) };
  const unreachable = servers.filter((s) => s.probed && !s.answered);
  if (unreachable.length > 0) {
    const all = unreachable.length === servers.filter((s) => s.probed).length;
    return {
      status: all ? 'unreachable' : `unreachable at ${unreachable.map((s) => s.address).join(', ')}`,
      obs: unreachable.flatMap((s) => s.probes.filter(isServerEvidence)),
    };
  }
  const ns = view.nameservers.find((n) => n.name === name);
  if (ns && ns.addresses.every((a) => a.blocked !== undefined) && (ns.addresses.length > 0 || ['nxdomain', 'nodata'].includes(ns.resolution.status))) {
    return { status: 'without a usable address', obs: ns.resolution.observationIds };
  }
  return null;
}

function flapping(view: ZoneView): Finding[] {
  const delegating = view.delegations;
  const childAnswers = view.servers.flatMap((s) => s.ns);
  if (delegating.length === 0 || childAnswers.length === 0) return [];
  const sides = [
    { side: 'parent', names: view.parentNs.filter((n) => !view.childNs.includes(n)), obs: delegating.map((r) => r.obs) },
    { side: 'child', names: view.childNs.filter((n) => !view.parentNs.includes(n)), obs: childAnswers.map((a) => a.obs) },
  ];
  return sides.flatMap(({ side, names, obs }) =>
    names.flatMap((name) => {
      const broken = brokenness(view, name);
      if (!broken) return [];
      return [
        makeFinding('resolution.flapping', {
          zone: view.zone,
          params: { nameserver: name, side, status: broken.status },
          evidence: [...obs, ...broken.obs],
          nameserver: name,
        }),
      ];
    }),
  );
}
