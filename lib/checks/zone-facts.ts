// The per-zone facts the analysis decides and the pages only look up (DNSViz-style statuses):
// how each address of each zone answered, and which served DNSKEY each of the parent's DS names.
// Computed once with the findings (analyze), stored in the Report, so no view re-judges them and
// the browser needs neither the judging rules nor the digest and key-tag code.
import type { LameReason } from '@/lib/checks/apex-answer';
import { uniqueSorted } from '@/lib/checks/message-records';
import { failureWords, isServerEvidence } from '@/lib/checks/observations';
import { readParentDs } from '@/lib/checks/parent-view';
import { csyncKey, dsKey, uniqueBy } from '@/lib/checks/rdata-guards';
import type { ZoneView } from '@/lib/checks/zone-view';
import type { CheckContext } from '@/lib/checks/check-context';
import { validateChain } from '@/lib/checks/validate-chain';
import { dnskeyKey, dsMatchesKey, readDnssec } from '@/lib/checks/dnssec-data';
import { tcpBrokenReason } from '@/lib/checks/check-nameservers';
import type { UntestedReason } from '@/lib/dns/capture';
import type { CsyncData, DnskeyData, DsData } from '@/lib/dns/wire/types';
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
  /**
   * The CDS and CSYNC records they publish, each once: from the answers the checks accept
   * (authoritative NOERROR, dnssec-data.ts). Reports stored before they were recorded are given
   * them when read (withZoneFacts).
   */
  cds: DsData[];
  csync: CsyncData[];
  dsEvidence: string[];
  keyEvidence: string[];
}

/** One zone's place in the chain of trust (RFC 4033-4035), decided once by the checks. */
export type ValidationVerdict = 'secure' | 'insecure' | 'bogus' | 'indeterminate';

/** The outcome of checking one RRSIG (lib/dns/dnssec/verify.ts SignatureStatus, as plain data). */
export type SignatureFactStatus = 'valid' | 'invalid' | 'expired' | 'not-yet-valid' | 'unsupported-algorithm' | 'no-key';

/** One RRSIG checked against the zone's keys: verify.ts SignatureCheck as plain, serialisable data. */
export interface SignatureFact {
  status: SignatureFactStatus;
  /** Why, in words (e.g. "expired 2026-11-30T00:00:00Z"). */
  detail: string;
  keyTag: number;
  algorithm: number;
  signer: string;
  typeCovered: string;
  /** Validity window, epoch seconds. */
  inception: number;
  expiration: number;
}

/** What the zone's keys are anchored to. */
export interface AnchorFact {
  /** 'trust-anchor': the configured anchor (the root); 'ds': the parent's signed DS set;
   *  'no-ds-proven' / 'no-ds-unproven': no DS, with or without a valid NSEC/NSEC3 denial (unproven is
   *  bogus, except NSEC3 above 150 iterations, which validators take as insecure: RFC 9276 3.2);
   *  'parent-insecure': the parent is itself insecure; 'unknown': no answer to judge. */
  kind: 'trust-anchor' | 'ds' | 'no-ds-proven' | 'no-ds-unproven' | 'parent-insecure' | 'unknown';
  detail: string;
  /** Observation ids (the DS answers / referrals, or the denial proof). */
  evidence: string[];
}

/** One DS (or trust-anchor digest) and the DNSKEY it names. */
export interface KeyLinkFact {
  /** The DS in presentation form ("<tag> <alg> <digest type> <digest>"). */
  ds: string;
  /** Key tag of the served DNSKEY the DS matches, or null when none matches. */
  keyTag: number | null;
  /** Whether that key signs the DNSKEY RRset (a valid RRSIG); null when no key matches or it was not judged. */
  signsKeyset: boolean | null;
}

/** One RRset as one server served it, and what its signatures came to. */
export interface RrsetValidation {
  type: string;
  owner: string;
  /** The server address that served it. */
  server: string;
  /** Observation id of the answer. */
  evidence: string;
  /** 'secure': a valid signature by a trusted key; 'bogus': no valid signature by a trusted key where
   *  the zone is secure (none served, expired, invalid...), or the zone's chain is bogus; 'insecure': the
   *  zone is insecure (proven); 'unsigned': no RRSIG served and nothing known about the chain;
   *  'indeterminate': the zone's verdict is indeterminate (its signatures are listed as checked
   *  against the keys it serves, but nothing anchors those keys). */
  status: 'secure' | 'bogus' | 'insecure' | 'unsigned' | 'indeterminate';
  signatures: SignatureFact[];
}

/** The validating resolver's AD bit for the zone, recorded beside the verdict as a cross-check. */
export interface ResolverAdFact {
  ad: boolean;
  /** Whether the resolver validates at all (AD on the root's `. SOA`); false: no comparison. */
  validating: boolean;
  evidence: string;
}

export interface ValidationFacts {
  verdict: ValidationVerdict;
  /** Why the verdict, in words (for bogus: each reason; for indeterminate: what was missing). */
  reasons: string[];
  anchor: AnchorFact;
  keyLinks: KeyLinkFact[];
  rrsets: RrsetValidation[];
  resolverAd: ResolverAdFact | null;
}

export interface ZoneFacts {
  zone: string;
  /** Lowercase address → its status for this zone. */
  addresses: Record<string, AddressFact>;
  /** The target zone below the root only. */
  dnssec?: DnssecFacts;
  /** Every zone on the path (root included) once validation has run. */
  validation?: ValidationFacts;
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
    cds: uniqueBy(
      data.cds.flatMap((a) => a.records),
      dsKey,
    ),
    csync: uniqueBy(
      data.csync.flatMap((a) => a.records),
      csyncKey,
    ),
    dsEvidence: parentDs.dsEvidence.map((o) => o.id),
    keyEvidence: view.probes('dnskey').map((o) => o.id),
  };
}

/** Every zone's facts, root first, as the checks read them. */
export function zoneFacts(ctx: CheckContext): ZoneFacts[] {
  const validation = validateChain(ctx);
  return ctx.zones.map((view) => {
    const validated = validation.get(view.zone);
    return {
      zone: view.zone,
      addresses: addressFacts(view),
      ...(view.isTarget && !view.isRoot ? { dnssec: dnssecFacts(view) } : {}),
      ...(validated ? { validation: validated.facts } : {}),
    };
  });
}
