// The per-zone facts the analysis decides and the pages only look up (DNSViz-style statuses):
// how each address of each zone answered, and which served DNSKEY each of the parent's DS names.
// Computed once with the findings (analyze), stored in the Report, so no view re-judges them and
// the browser needs neither the judging rules nor the digest and key-tag code.
import type { LameReason } from '@/lib/checks/apex-answer';
import { uniqueSorted } from '@/lib/checks/message-records';
import { failureWords, isServerEvidence } from '@/lib/checks/observations';
import { readParentDs } from '@/lib/checks/parent-view';
import { uniqueBy } from '@/lib/checks/rdata-guards';
import type { ZoneView } from '@/lib/checks/zone-view';
import { dnskeyKey, dsMatchesKey, readDnssec } from '@/lib/checks/dnssec-data';
import { tcpBrokenReason } from '@/lib/checks/check-nameservers';
import type { UntestedReason } from '@/lib/dns/capture';
import type { DnskeyData, DsData } from '@/lib/dns/wire/types';
import { keyTag } from '@/lib/dns/wire';

/** How an address answered for a zone: one closed status, the checks' own verdict. */
export type AddressStatus =
  | { kind: 'authoritative'; serial: number | null }
  /** `reasons`: the kinds of lameness (zone-view.ts judgeApexAnswer); `detail`: ns.lame's reason. */
  | { kind: 'lame'; reasons: LameReason[]; detail: string }
  /** Nothing answered: `detail` is ns.unreachable's reason. */
  | { kind: 'unreachable'; detail: string }
  /** This host could not send to the address's family (Capture.vantage): no verdict either way. */
  | { kind: 'not-tested'; reason: UntestedReason; detail: string }
  /** Nothing was sent (address policy, budget), or no apex question got an answer to judge. */
  | { kind: 'not-queried'; detail: string };

export interface AddressFact {
  status: AddressStatus;
  /** Answers over UDP but not over TCP: ns.tcp-broken's reason; null otherwise. */
  tcpBroken: string | null;
}

export interface KeyFact {
  key: DnskeyData;
  tag: number;
}

export interface DsFact {
  ds: DsData;
  /** Index into `keys` of the DNSKEY this DS names (tag, algorithm and digest), or null. */
  key: number | null;
  /** true: the digest over the key matches; null: tag and algorithm match, digest type not computed. */
  verified: boolean | null;
  /** How many served keys have the DS's tag and algorithm. */
  candidates: number;
}

export interface DnssecFacts {
  /** Whether the parent's DS set (possibly empty) is known (zone-view.ts readParentDs). */
  dsKnown: boolean;
  ds: DsFact[];
  /** The DNSKEYs the zone's servers serve, with their key tags. */
  keys: KeyFact[];
  /** The CDNSKEYs they publish, with their key tags. */
  cdnskey: KeyFact[];
  dsEvidence: string[];
  keyEvidence: string[];
}

export interface ZoneFacts {
  zone: string;
  /** Lowercase address → its status for this zone. */
  addresses: Record<string, AddressFact>;
  /** The target zone below the root only. */
  dnssec?: DnssecFacts;
}

export const UNTESTED_WORDS: Record<UntestedReason, string> = { 'no-ipv6-here': 'not tested from here (no IPv6)' };

function addressFacts(view: ZoneView): Record<string, AddressFact> {
  const untested = new Map<string, UntestedReason>();
  for (const ns of view.nameservers) for (const a of ns.addresses) if (a.untested) untested.set(a.address.toLowerCase(), a.untested);
  const out: Record<string, AddressFact> = {};
  for (const s of view.servers) {
    const reason = untested.get(s.address);
    const sent = s.probes.filter(isServerEvidence);
    let status: AddressStatus;
    if (s.blocked !== undefined) status = { kind: 'not-queried', detail: s.blocked };
    else if (reason !== undefined && !s.probed) status = { kind: 'not-tested', reason, detail: UNTESTED_WORDS[reason] };
    else if (s.lame.length > 0)
      status = {
        kind: 'lame',
        reasons: uniqueSorted(s.lame.map((l) => l.reason)) as LameReason[],
        detail: uniqueSorted(s.lame.map((l) => l.detail)).join('; '),
      };
    else if (s.authoritative) status = { kind: 'authoritative', serial: s.soa[0]?.data.serial ?? null };
    else if (s.probed && !s.answered) status = { kind: 'unreachable', detail: uniqueSorted(sent.map(failureWords)).join('; ') };
    else {
      const unsent = s.probes.find((o) => !isServerEvidence(o) && o.error);
      status = { kind: 'not-queried', detail: unsent ? failureWords(unsent) : s.probes.length === 0 ? 'not queried' : 'no apex answer to judge' };
    }
    out[s.address] = { status, tcpBroken: s.answered ? tcpBrokenReason(view, s) : null };
  }
  return out;
}

function dnssecFacts(view: ZoneView): DnssecFacts {
  const data = readDnssec(view);
  const parentDs = readParentDs(view);
  const withTag = (key: DnskeyData): KeyFact => ({ key, tag: keyTag(key) });
  const keys = data.keys.map(withTag);
  return {
    dsKnown: parentDs.dsKnown,
    ds: parentDs.ds.map((ds): DsFact => {
      const candidates = keys.flatMap((k, i) => (k.tag === ds.keyTag && k.key.algorithm === ds.algorithm ? [i] : []));
      let match: { key: number; verified: boolean | null } | null = null;
      for (const i of candidates) {
        const verdict = dsMatchesKey(view.zone, ds, (keys[i] as KeyFact).key, false);
        if (verdict === true) {
          match = { key: i, verified: true };
          break;
        }
        if (verdict === null) match ??= { key: i, verified: null };
      }
      return { ds, key: match?.key ?? null, verified: match?.verified ?? null, candidates: candidates.length };
    }),
    keys,
    cdnskey: uniqueBy(
      data.cdnskey.flatMap((a) => a.records),
      dnskeyKey,
    ).map(withTag),
    dsEvidence: parentDs.dsEvidence.map((o) => o.id),
    keyEvidence: view.probes('dnskey').map((o) => o.id),
  };
}

/** Every zone's facts, root first, as the checks read them. */
export function zoneFacts(zones: readonly ZoneView[]): ZoneFacts[] {
  return zones.map((view) => ({
    zone: view.zone,
    addresses: addressFacts(view),
    ...(view.isTarget && !view.isRoot ? { dnssec: dnssecFacts(view) } : {}),
  }));
}
