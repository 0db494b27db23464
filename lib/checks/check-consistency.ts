// Consistency among the zone's own servers: SOA serials, and the other SOA fields.
import type { Finding } from '@/lib/checks/catalogue';
import type { CheckContext } from '@/lib/checks/check-context';
import { makeFinding } from '@/lib/checks/make-finding';
import { describeVariants, groupVariants } from '@/lib/checks/variants';
import { serverLabel } from '@/lib/checks/server-view';
import type { ZoneView } from '@/lib/checks/zone-view';
import type { Observation } from '@/lib/dns/capture';
import type { SoaData } from '@/lib/dns/wire/types';
import { canonicalName } from '@/lib/dns/wire/pure';

export function checkConsistency(ctx: CheckContext): Finding[] {
  return ctx.zones.flatMap((view) => {
    const all = answers(view);
    return [...serials(view, all), ...fields(view, all)];
  });
}

/** SOA answers of this check's own burst: a reply reused from an earlier check (captures made
 *  before the walker stopped caching SOA) is of another moment, not comparable. */
type SoaAnswer = { server: string; obs: Observation; soa: SoaData };

function answers(view: ZoneView): SoaAnswer[] {
  return view.servers.flatMap((s) => s.soa.filter((a) => !a.obs.cached).map((a) => ({ server: serverLabel(s), obs: a.obs, soa: a.data })));
}

function serials(view: ZoneView, all: SoaAnswer[]): Finding[] {
  const variants = groupVariants(all.map((a) => ({ key: String(a.soa.serial), value: a.soa.serial, server: a.server, obs: a.obs })));
  if (variants.length < 2) return [];
  return [
    makeFinding('soa.serial-mismatch', {
      zone: view.zone,
      params: { variants: describeVariants(variants, (serial) => `serial ${serial}`), serials: variants.map((v) => String(v.value)) },
      evidence: all.map((a) => a.obs),
    }),
  ];
}

const FIELDS = ['mname', 'rname', 'refresh', 'retry', 'expire', 'minimum'] as const;
type Field = (typeof FIELDS)[number];

function fieldValue(soa: SoaData, field: Field): string {
  return field === 'mname' || field === 'rname' ? canonicalName(soa[field]) : String(soa[field]);
}

function fields(view: ZoneView, all: SoaAnswer[]): Finding[] {
  const differing = FIELDS.filter((f) => new Set(all.map((a) => fieldValue(a.soa, f))).size > 1);
  if (differing.length === 0) return [];
  const key = (soa: SoaData) => differing.map((f) => `${f} ${fieldValue(soa, f)}`).join(', ');
  const variants = groupVariants(all.map((a) => ({ key: key(a.soa), value: a.soa, server: a.server, obs: a.obs })));
  return [
    makeFinding('soa.inconsistent', {
      zone: view.zone,
      params: { fields: [...differing], variants: describeVariants(variants, key) },
      evidence: all.map((a) => a.obs),
    }),
  ];
}
