// DNSSEC and signalling of the target zone, for the pages: the parent's DS set against the zone's
// DNSKEYs (which DS names which key), CDS/CDNSKEY and the DS set a parent would install, CSYNC
// with its flags in words and what a parent would change, or why it would not act.
// Pure and isomorphic: key tags and which DS names which key are the analysis's (Report.zones,
// zone-facts.ts), looked up here, never recomputed.
import type { Family, Finding, FindingCode } from '@/lib/checks/catalogue';

/** A code's family (the catalogue's familyOf; pages pass the words they were sent). */
export type FamilyOf = (code: FindingCode) => Family;
import type { DnssecFacts, KeyFact } from '@/lib/checks/zone-facts';
import type { Capture, Observation, ProbePurpose } from '@/lib/dns/capture';
import type { CsyncData, DnskeyData, DsData } from '@/lib/dns/wire/types';
import { canonicalName } from '@/lib/dns/wire/name';
import type { Report } from '@/lib/report/report';
import type { Tone } from '@/lib/report/view/status';

const DIGEST_NAMES: Record<number, string> = { 1: 'SHA-1', 2: 'SHA-256', 3: 'GOST', 4: 'SHA-384', 5: 'GOST 2012', 6: 'SM3' };
const ALGORITHM_NAMES: Record<number, string> = {
  1: 'RSAMD5',
  3: 'DSA',
  5: 'RSASHA1',
  6: 'DSA-NSEC3-SHA1',
  7: 'RSASHA1-NSEC3-SHA1',
  8: 'RSASHA256',
  10: 'RSASHA512',
  12: 'ECC-GOST',
  13: 'ECDSAP256SHA256',
  14: 'ECDSAP384SHA384',
  15: 'ED25519',
  16: 'ED448',
  17: 'SM2SM3',
  23: 'ECC-GOST12',
};
export const algorithmName = (n: number) => ALGORITHM_NAMES[n] ?? `algorithm ${n}`;
export const digestName = (n: number) => DIGEST_NAMES[n] ?? `digest type ${n}`;

// ───────────── reading the capture ─────────────

/** The observations of one purpose about the zone: what a panel cites, whatever they answered. */
function asked(capture: Capture, zone: string, ...purposes: ProbePurpose[]): Observation[] {
  return capture.observations.filter((o) => o.purpose !== undefined && purposes.includes(o.purpose) && o.zone && canonicalName(o.zone) === zone);
}

export interface KeyView {
  key: DnskeyData;
  tag: number;
  role: 'KSK' | 'ZSK' | 'not a zone key';
  algorithm: string;
}

export interface DsView {
  ds: DsData;
  digestType: string;
  algorithm: string;
  /** The analysis's match (zone-facts.ts): the key it names, whether the digest was verified. */
  match: { keyIndex: number; verified: boolean | null } | null;
  /** Keys with the DS's tag and algorithm. */
  candidates: number;
}

export interface DnssecView {
  zone: string;
  parent: string | null;
  /**
   * Whether the parent's DS set is known (possibly empty): the parent answered `<zone> DS`, or,
   * in captures without those answers, gave a referral asked with DO (zone-view.ts readParentDs).
   */
  dsKnown: boolean;
  ds: DsView[];
  keys: KeyView[];
  dsEvidence: string[];
  keyEvidence: string[];
}

export function keyView({ key, tag }: KeyFact): KeyView {
  const zoneKey = (key.flags & 0x100) !== 0;
  return { key, tag, role: !zoneKey ? 'not a zone key' : key.flags & 1 ? 'KSK' : 'ZSK', algorithm: algorithmName(key.algorithm) };
}

function targetFacts(report: Pick<Report, 'capture' | 'zones'>): { zone: string; parent: string; facts: DnssecFacts } | null {
  const { capture } = report;
  if (!capture.targetZone) return null;
  const zone = canonicalName(capture.targetZone);
  const cut = capture.cuts.find((c) => canonicalName(c.zone) === zone);
  const facts = report.zones.find((z) => z.zone === zone)?.dnssec;
  if (!cut || cut.parent === null || !facts) return null;
  return { zone, parent: canonicalName(cut.parent), facts };
}

/** The parent's DS set against the zone's DNSKEYs, as the analysis matched them. */
export function dnssecView(report: Pick<Report, 'capture' | 'zones'>): DnssecView | null {
  const target = targetFacts(report);
  if (!target) return null;
  const { zone, parent, facts } = target;
  return {
    zone,
    parent,
    dsKnown: facts.dsKnown,
    ds: facts.ds.map((d) => ({
      ds: d.ds,
      digestType: digestName(d.ds.digestType),
      algorithm: algorithmName(d.ds.algorithm),
      match: d.key === null ? null : { keyIndex: d.key, verified: d.verified },
      candidates: d.candidates,
    })),
    keys: facts.keys.map(keyView),
    dsEvidence: facts.dsEvidence,
    keyEvidence: facts.keyEvidence,
  };
}

// ───────────── CDS / CDNSKEY ─────────────

/** RFC 9615 signalling at one NS name of an insecure delegation, as cds.bootstrap found it. */
export interface BootstrapSignalView {
  ns: string;
  /** check-cds.ts SignalState: match, different, unsigned, unvalidated, absent, in-domain, failed, not-asked. */
  state: string;
  words: string;
  tone: Tone;
}

export interface CdsView {
  cds: DsData[];
  cdnskey: KeyView[];
  /** RFC 8078 4 delete request. */
  deleteRequest: boolean;
  /** What a scanning parent would do, from the checks' findings. */
  verdict:
    | { kind: 'pending'; install: string[]; add: string[]; remove: string[] }
    | { kind: 'in-sync'; install: string[] }
    | { kind: 'delete'; remove: string[] }
    | { kind: 'inconsistent'; problem: string }
    | { kind: 'bootstrap'; state: string; stateWords: string; install: string[]; signals: BootstrapSignalView[]; incomplete: boolean }
    | { kind: 'none' };
  evidence: string[];
  findings: number[];
}

const strings = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : typeof v === 'string' ? [v] : []);

function findingsOf(findings: readonly Finding[], zone: string, family: Family, familyOf: FamilyOf): number[] {
  return findings.flatMap((f, i) => (familyOf(f.code) === family && canonicalName(f.zone) === zone ? [i] : []));
}

/** Matching signalling is good; what stops a bootstrap is the notice it raised; the rest is context. */
function signalTone(state: string, incomplete: boolean): Tone {
  switch (state) {
    case 'match':
      return 'ok';
    case 'different':
    case 'unsigned':
    case 'unvalidated':
    case 'failed':
      return 'notice';
    case 'absent':
      return incomplete ? 'notice' : 'muted';
    default:
      return 'muted';
  }
}

/** An insecure delegation: what a parent bootstrapping the DS would find at each NS name. */
function bootstrapVerdict(boot: Finding, incomplete: boolean): CdsView['verdict'] {
  const states = strings(boot.params.signalStates);
  const words = strings(boot.params.signalWords);
  return {
    kind: 'bootstrap',
    state: String(boot.params.state),
    stateWords: String(boot.params.stateWords),
    install: strings(boot.params.install),
    signals: strings(boot.params.signalNames).map((ns, i) => {
      const state = states[i] ?? '';
      return { ns, state, words: words[i] ?? '', tone: signalTone(state, incomplete) };
    }),
    incomplete,
  };
}

export function cdsView(report: Pick<Report, 'capture' | 'zones' | 'findings'>, familyOf: FamilyOf): CdsView | null {
  const { capture, findings } = report;
  if (!capture.targetZone) return null;
  const zone = canonicalName(capture.targetZone);
  // The records the checks accepted (zone facts): the panel does not judge answers itself.
  const facts = targetFacts(report)?.facts;
  const cdnskeyFacts = facts?.cdnskey ?? [];
  const mine = findingsOf(findings, zone, 'cds', familyOf);
  const pick = (code: FindingCode) => mine.map((i) => findings[i] as Finding).find((f) => f.code === code);
  const pending = pick('cds.pending');
  const inSync = pick('cds.in-sync');
  const del = pick('cds.delete');
  const bad = pick('cds.inconsistent');
  const boot = pick('cds.bootstrap');
  const verdict: CdsView['verdict'] = bad
    ? { kind: 'inconsistent', problem: String(bad.params.problem ?? bad.summary) }
    : del
      ? { kind: 'delete', remove: strings(del.params.dsRecords) }
      : boot
        ? bootstrapVerdict(boot, pick('cds.bootstrap-incomplete') !== undefined)
        : pending
          ? {
              kind: 'pending',
              install: strings(pending.params.install),
              add: strings(pending.params.addRecords),
              remove: strings(pending.params.removeRecords),
            }
          : inSync
            ? { kind: 'in-sync', install: strings(inSync.params.install) }
            : { kind: 'none' };
  const cdsRecords = facts?.cds ?? [];
  if (cdsRecords.length === 0 && cdnskeyFacts.length === 0 && mine.length === 0) return null;
  return {
    cds: cdsRecords,
    cdnskey: cdnskeyFacts.map(keyView),
    deleteRequest: cdsRecords.some((d) => d.keyTag === 0 && d.algorithm === 0) || cdnskeyFacts.some((k) => k.key.algorithm === 0),
    verdict,
    // The RFC 9615 signalling asked of the resolver belongs to the same question.
    evidence: asked(capture, zone, 'cds', 'cdnskey', 'dsboot').map((o) => o.id),
    findings: mine,
  };
}

// ───────────── CSYNC ─────────────

export const CSYNC_FLAGS: readonly { bit: number; name: string; meaning: string }[] = [
  { bit: 1, name: 'immediate', meaning: 'the parent may act without waiting for approval' },
  { bit: 2, name: 'soaminimum', meaning: 'act only once the zone’s SOA serial has reached the CSYNC serial' },
];

export interface CsyncFlagWord {
  name: string;
  set: boolean;
  meaning: string;
}

/** Each defined flag, set or not, then any unknown bits (RFC 7477 2.1.1.2). */
export function csyncFlagWords(flags: number): { words: CsyncFlagWord[]; unknownBits: number } {
  const words = CSYNC_FLAGS.map((f) => ({ name: `${f.name} (${f.bit})`, set: (flags & f.bit) !== 0, meaning: f.meaning }));
  return { words, unknownBits: flags & ~3 & 0xffff };
}

/** Why a parent would not act, in words, from the CSYNC findings that stop it. */
const BLOCKING: Partial<Record<FindingCode, string>> = {
  'csync.unsigned': 'it cannot be validated',
  'csync.serial-ahead': 'the SOA serial has not reached the CSYNC serial yet',
  'csync.unsupported-type': 'it lists types a parent cannot synchronise',
  'csync.unknown-flag': 'it sets unknown flags',
  'csync.inconsistent': 'the servers disagree on it',
  'csync.manual-approval': 'it waits for approval (immediate flag clear)',
};

export interface CsyncView {
  records: CsyncData[];
  /** SOA serials the zone's servers gave, for comparison with the CSYNC serial. */
  soaSerials: number[];
  effect: { kind: 'pending'; parent: string; add: string[]; remove: string[] } | { kind: 'in-sync' } | { kind: 'unknown' };
  /** Reasons a parent would not act on it now, each with its finding. */
  blockers: { reason: string; finding: number }[];
  evidence: string[];
  findings: number[];
}

export function csyncView(report: Pick<Report, 'capture' | 'zones' | 'findings'>, familyOf: FamilyOf): CsyncView | null {
  const { capture, findings } = report;
  if (!capture.targetZone) return null;
  const zone = canonicalName(capture.targetZone);
  // The records the checks accepted, and the serials of the servers they found authoritative (zone facts).
  const records = targetFacts(report)?.facts.csync ?? [];
  const mine = findingsOf(findings, zone, 'csync', familyOf);
  if (records.length === 0 && mine.length === 0) return null;
  const addresses = Object.values(report.zones.find((z) => z.zone === zone)?.addresses ?? {});
  const serials = addresses.flatMap((a) => (a.status.kind === 'authoritative' && a.status.serial !== null ? [a.status.serial] : []));
  const byCode = (code: FindingCode) => mine.find((i) => findings[i]?.code === code);
  const pendingIndex = byCode('csync.pending');
  const pending = pendingIndex === undefined ? undefined : findings[pendingIndex];
  const effect: CsyncView['effect'] = pending
    ? { kind: 'pending', parent: String(pending.params.parent ?? ''), add: strings(pending.params.add), remove: strings(pending.params.remove) }
    : byCode('csync.in-sync') !== undefined
      ? { kind: 'in-sync' }
      : { kind: 'unknown' };
  const blockers = mine.flatMap((i) => {
    const reason = BLOCKING[(findings[i] as Finding).code];
    return reason ? [{ reason, finding: i }] : [];
  });
  return {
    records,
    soaSerials: [...new Set(serials)].sort((a, b) => a - b),
    effect,
    blockers,
    evidence: asked(capture, zone, 'csync').map((o) => o.id),
    findings: mine,
  };
}
