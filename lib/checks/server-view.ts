// One address of a zone's servers: the probes sent to it about the zone, whether it answered, and
// its apex answers judged (authoritative or lame), with the SOA and NS it served.
import type { Observation } from '@/lib/dns/capture';
import type { DecodedMessage, SoaData } from '@/lib/dns/wire/types';
import { addressFamily } from '@/lib/dns/address';
import { canonicalName } from '@/lib/dns/wire/name';
import { judgeApexAnswer, type LameReason } from '@/lib/checks/apex-answer';
import { records, sameName, uniqueSorted } from '@/lib/checks/message-records';
import { isEdnsRejection, isServerEvidence } from '@/lib/checks/observations';
import { isSoa } from '@/lib/checks/rdata-guards';

export interface Lameness {
  obs: Observation;
  reason: LameReason;
  detail: string;
}

export interface ServerView {
  address: string;
  family: 4 | 6;
  /** NS names with this address (canonical), or the name the walker gave the query. */
  names: string[];
  /** The address policy refused it: nothing was sent. */
  blocked?: string;
  /** Observations sent to this address about this zone, capture order (incl. referrals it gave). */
  probes: Observation[];
  /** Whether any probe was sent; and whether any got a response. */
  probed: boolean;
  answered: boolean;
  /** Lame answers among the apex SOA/NS probes (EDNS trouble set aside: that is ns.edns-broken). */
  lame: Lameness[];
  /** At least one apex probe judged, and every one authoritative. */
  authoritative: boolean;
  soa: { obs: Observation; data: SoaData }[];
  ns: { obs: Observation; names: string[]; ttls: number[] }[];
}

/** The label for one server in summaries: `ns1.example.test./192.0.2.1`. */
export function serverLabel(s: { names: string[]; address: string }): string {
  return `${s.names[0] ?? '?'}/${s.address}`;
}

/** One address of the zone's servers, from the probes sent to it about `zone` (readZone gathers them). */
export function readServer(address: string, names: string[], blocked: string | undefined, probes: Observation[], zone: string): ServerView {
  const sent = probes.filter(isServerEvidence);
  const answered = sent.some((o) => o.response !== undefined);
  const apex = probes.filter((o) => (o.purpose === 'apex-soa' || o.purpose === 'apex-ns') && o.response && sameName(o.question.name, zone));
  let judged = apex.filter((o) => !isEdnsRejection(o));
  // When the EDNS probes were all rejected, judge the server by its answer without EDNS.
  if (judged.length === 0) judged = probes.filter((o) => o.purpose === 'soa-no-edns' && o.response && !isEdnsRejection(o));
  const lame: Lameness[] = [];
  const soa: ServerView['soa'] = [];
  const ns: ServerView['ns'] = [];
  for (const o of judged) {
    const msg = o.response as DecodedMessage;
    const qtype = o.question.type.toUpperCase();
    const verdict = judgeApexAnswer(msg, zone, qtype);
    if (!verdict.authoritative) {
      lame.push({ obs: o, reason: verdict.reason, detail: verdict.detail });
      continue;
    }
    if (o.purpose === 'apex-soa') {
      const rr = records(msg, 'answer', zone, 'SOA').find((r) => isSoa(r.data));
      if (rr) soa.push({ obs: o, data: rr.data as SoaData });
    } else if (o.purpose === 'apex-ns') {
      const rrs = records(msg, 'answer', zone, 'NS');
      ns.push({ obs: o, names: uniqueSorted(rrs.map((r) => canonicalName(String(r.data)))), ttls: rrs.map((r) => r.ttl) });
    }
  }
  return {
    address,
    family: addressFamily(address),
    names,
    ...(blocked !== undefined ? { blocked } : {}),
    probes,
    probed: sent.length > 0,
    answered,
    lame,
    authoritative: judged.length > 0 && lame.length === 0,
    soa,
    ns,
  };
}
