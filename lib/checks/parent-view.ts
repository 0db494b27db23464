// The parent side of a zone cut: each parent server's referral (NS, glue, addresses out of
// bailiwick, DS with DO) and its answer to `<zone> DS`, and the parent's DS set read from them.
import type { Observation } from '@/lib/dns/capture';
import type { DsData } from '@/lib/dns/wire/types';
import { addressKey } from '@/lib/dns/address';
import { addressesInBailiwick, type FoundAddress } from '@/lib/dns/walk/read-reply';
import { canonicalName, isSubdomain } from '@/lib/dns/wire/name';
import { records, sameName, uniqueSorted } from '@/lib/checks/message-records';
import { sentWithEdns } from '@/lib/checks/observations';
import { dsKey, isDs, uniqueBy } from '@/lib/checks/rdata-guards';

export type ReferralKind = 'referral' | 'answer' | 'nxdomain' | 'nodata' | 'failure' | 'no-response';

export interface ReferralView {
  obs: Observation;
  address: string;
  noEdns: boolean;
  /** `answer`: the parent server also serves the child and answered from it (AA). */
  kind: ReferralKind;
  ns: string[];
  nsTtls: number[];
  /** NS name → glue addresses (A and AAAA) for names in the referral's NS set, under the parent. */
  glue: Map<string, string[]>;
  /**
   * NS name → addresses the referral carried for NS names outside the parent zone: not glue (RFC
   * 2181 5.4.1, RFC 9471 2), ignored by resolvers and by the walker.
   */
  outOfBailiwick: Map<string, string[]>;
  ds: DsData[];
  /** The response as recorded has TC: its glue may be incomplete. */
  truncated: boolean;
  /** An attempt came back truncated (a later TCP attempt may have fetched it whole). */
  truncatedOverUdp: boolean;
  dnssecOk: boolean;
}

function addressesByName(found: readonly FoundAddress[]): Map<string, string[]> {
  const byName = new Map<string, string[]>();
  for (const a of found) {
    const list = byName.get(a.name);
    if (list) list.push(addressKey(a.address));
    else byName.set(a.name, [addressKey(a.address)]);
  }
  for (const [name, list] of byName) byName.set(name, uniqueSorted(list));
  return byName;
}

export function readReferral(o: Observation, zone: string, parent: string): ReferralView {
  const msg = o.response;
  const truncated = msg?.flags.tc ?? false;
  const truncatedOverUdp = truncated || o.attempts.some((a) => a.outcome === 'truncated');
  const address = addressKey(o.server.address);
  const noEdns = o.purpose === 'referral-no-edns' || !sentWithEdns(o);
  const dnssecOk = o.options.dnssecOk === true;
  // Every view built whole, in one shape (a spread of a shared base was ≈5% of reading a zone).
  const view = (
    kind: ReferralKind,
    ns: string[] = [],
    nsTtls: number[] = [],
    glue = new Map<string, string[]>(),
    outOfBailiwick = new Map<string, string[]>(),
    ds: DsData[] = [],
  ): ReferralView => ({
    obs: o,
    address,
    noEdns,
    ns,
    nsTtls,
    glue,
    outOfBailiwick,
    ds,
    truncated,
    truncatedOverUdp,
    dnssecOk,
    kind,
  });
  if (!msg) return view('no-response');
  if (msg.rcode === 'NXDOMAIN') return view('nxdomain');
  if (msg.rcode !== 'NOERROR') return view('failure');
  let nsRecords = records(msg, 'authority', zone, 'NS');
  let kind: ReferralKind = 'referral';
  if (nsRecords.length === 0) {
    nsRecords = records(msg, 'answer', zone, 'NS');
    kind = 'answer';
  }
  if (nsRecords.length === 0) {
    const nodata = msg.flags.aa && records(msg, 'authority', undefined, 'SOA').length > 0;
    return view(nodata ? 'nodata' : 'failure');
  }
  const ns = uniqueSorted(nsRecords.map((rr) => canonicalName(String(rr.data))));
  // The walker's own split (read-reply.ts), so the checks judge the glue the walk used.
  const { inside, outside } = addressesInBailiwick(msg.additional, new Set(ns), parent);
  const dsSection = kind === 'referral' ? 'authority' : 'answer';
  const ds = records(msg, dsSection, zone, 'DS')
    .map((rr) => rr.data)
    .filter(isDs);
  return view(
    kind,
    ns,
    nsRecords.map((rr) => rr.ttl),
    addressesByName(inside),
    addressesByName(outside),
    ds,
  );
}

/** A parent server's answer to `<zone> DS` ('ds' probe). */
export interface DsAnswer {
  obs: Observation;
  address: string;
  /**
   * The parent's word on the DS RRset: an authoritative answer with the DS RRset, or an
   * authoritative NODATA whose SOA is an ancestor's (the parent's), not the zone's own.
   */
  usable: boolean;
  ds: DsData[];
}

export function readDsAnswer(o: Observation, zone: string): DsAnswer {
  const msg = o.response;
  const base = { obs: o, address: addressKey(o.server.address), ds: [] as DsData[] };
  if (!msg || !msg.flags.aa || msg.flags.tc || msg.rcode !== 'NOERROR') return { ...base, usable: false };
  const ds = records(msg, 'answer', zone, 'DS')
    .map((rr) => rr.data)
    .filter(isDs);
  if (ds.length > 0) return { ...base, usable: true, ds };
  const soa = records(msg, 'authority', undefined, 'SOA')[0];
  const fromAbove = soa !== undefined && isSubdomain(zone, soa.name) && !sameName(soa.name, zone);
  return { ...base, usable: fromAbove && records(msg, 'answer').length === 0 };
}

/** The parent's DS set of a zone, as the checks and the report's pages both read it. */
export interface ParentDs {
  /** Whether the parent's DS set (possibly empty) is known. */
  dsKnown: boolean;
  ds: DsData[];
  /** The parent's answers that show the DS set. */
  dsEvidence: Observation[];
}

/**
 * The parent's DS set: from its authoritative answers to `<zone> DS`, asked of every parent
 * server. Only when none is usable (a capture without them, every one failed), from referrals
 * asked with DO, which carry the DS with the NS (RFC 4035 3.1.4) but say nothing when the server
 * answered from the child instead.
 */
export function readParentDs(view: { dsAnswers: readonly DsAnswer[]; delegations: readonly ReferralView[] }): ParentDs {
  const answers = view.dsAnswers.filter((a) => a.usable);
  const sources = answers.length > 0 ? answers : view.delegations.filter((r) => r.dnssecOk && r.kind === 'referral');
  return {
    dsKnown: sources.length > 0,
    ds: uniqueBy(
      sources.flatMap((s) => s.ds),
      dsKey,
    ),
    dsEvidence: sources.map((s) => s.obs),
  };
}
