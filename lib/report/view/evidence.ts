// Evidence: the raw exchanges behind a node or a finding, as dig would print them, with the dig
// command that asks the same question again. Pure and isomorphic (the wire formatters it uses
// need no Node APIs), so the page formats in the browser only what a person opens.
import type { Finding } from '@/lib/checks/catalogue';
import type { Attempt, Capture, Observation, ProbePurpose } from '@/lib/dns/capture';
import { digCommand } from '@/lib/dns/wire/dig-command';
import { formatMessage } from '@/lib/dns/wire/format-message';
import { loopbackAddress } from '@/lib/guard/loopback-address';
import { errorWords } from '@/lib/checks/failure-words';
import { exchangeVerdict, type ExchangeVerdict } from '@/lib/checks/observations';

export const PURPOSE_WORDS: Record<ProbePurpose, string> = {
  referral: 'delegation from the parent',
  'referral-no-edns': 'delegation without EDNS (512 octets)',
  'referral-full-qname': 'the full name, after an NXDOMAIN on the way',
  ds: 'DS at the parent',
  'apex-soa': 'zone SOA',
  'apex-ns': 'zone NS set',
  'soa-no-edns': 'SOA without EDNS',
  'soa-tcp': 'SOA over TCP',
  'ns-address': 'nameserver address',
  dnskey: 'DNSKEY',
  cds: 'CDS',
  cdnskey: 'CDNSKEY',
  csync: 'CSYNC',
  target: 'the name itself',
  resolve: 'look-up through the resolver',
  'resolve-walk': 'look-up walking from the root',
  takeover: 'does the NS domain exist?',
  validate: 'validation through the resolver (AD bit)',
  dsboot: 'RFC 9615 bootstrap signal at the NS operator',
};

export type EvidenceTone = 'ok' | 'warning' | 'error' | 'muted';

export interface EvidenceEntry {
  id: string;
  /** `203.0.113.24 (ns2.lame.test.)` */
  server: string;
  /** `lame.test. SOA` */
  question: string;
  purpose: string;
  /** `NOERROR aa`, `REFUSED`, `timed out` */
  outcome: string;
  tone: EvidenceTone;
  rttMs: number;
  transport: string;
  /** Reused from the walker's cache: nothing was sent for it. */
  cached: boolean;
  dig: string;
  /** The same question to the lab served on loopback (`npm run lab:serve`), for lab captures. */
  labDig: string | null;
}

/** The tone of each verdict the checks give an exchange (lib/checks/observations.ts exchangeVerdict). */
const VERDICT_TONE: Record<ExchangeVerdict, EvidenceTone> = {
  answered: 'ok',
  'not-authoritative': 'warning',
  'error-rcode': 'error',
  failed: 'error',
  'not-sent': 'muted',
};

function outcomeOf(o: Observation): { outcome: string; tone: EvidenceTone } {
  const tone = VERDICT_TONE[exchangeVerdict(o)];
  const m = o.response;
  if (!m) return { outcome: errorWords(o.error?.kind), tone };
  // The header as dig shows it: the rcode and the AA and TC flags.
  return { outcome: [m.rcode, ...(['aa', 'tc'] as const).filter((f) => m.flags[f])].join(' '), tone };
}

export function evidenceEntry(o: Observation, lab: boolean): EvidenceEntry {
  const { outcome, tone } = outcomeOf(o);
  const transport = o.transport === 'lab' ? (o.options.tcp ? 'tcp' : 'udp') : o.transport;
  const dig = digCommand(o.server, o.question, o.options, transport);
  const loop = lab && transport !== 'doh' ? loopbackAddress(o.server.address) : null;
  return {
    id: o.id,
    server: o.server.name && o.server.name !== o.server.address ? `${o.server.address} (${o.server.name})` : o.server.address,
    question: `${o.question.name} ${o.question.type}`,
    purpose: o.purpose ? PURPOSE_WORDS[o.purpose] : 'query',
    outcome,
    tone,
    rttMs: o.rttMs,
    transport,
    cached: o.cached !== undefined,
    dig,
    labDig: loop ? digCommand({ ...o.server, address: loop, port: 5300 }, o.question, o.options, transport) : null,
  };
}

function attemptLine(a: Attempt, i: number): string {
  const outcome = a.outcome === 'response' ? 'response' : a.outcome === 'truncated' ? 'truncated (TC)' : errorWords(a.outcome);
  return `;; attempt ${i + 1}: ${a.transport.toUpperCase()}${a.edns ? '' : ' without EDNS'} (${a.reason}), ${Math.round(a.rttMs)} ms: ${outcome}${a.message ? ` (${a.message})` : ''}`;
}

/** The exchange as dig-like text: the message as dig prints it, or what went wrong. */
export function evidenceText(o: Observation): string {
  const lines: string[] = [];
  if (o.cached) lines.push(`;; reused from the walker's cache (stored ${o.cached.storedAt}, ${o.cached.ageSeconds} s old)`);
  if (o.attempts.length > 1 || !o.response) lines.push(...o.attempts.map(attemptLine));
  if (o.response) {
    if (lines.length > 0) lines.push('');
    return (
      lines.join('\n') +
      (lines.length > 0 ? '\n' : '') +
      formatMessage(o.response, { server: o.server, transport: o.transport, rttMs: o.rttMs, when: o.startedAt })
    );
  }
  const where = `${o.server.address}#${o.server.port}${o.server.name ? `(${o.server.name})` : ''}`;
  lines.push(`;; no answer from ${where}: ${o.error ? `${errorWords(o.error.kind)}${o.error.message ? ` — ${o.error.message}` : ''}` : 'no response'}`);
  lines.push(`;; WHEN: ${o.startedAt}`);
  return lines.join('\n') + '\n';
}

/** Observations by id, in capture order: what a node's or a finding's evidence list names. */
export function observationsFor(capture: Capture, ids: readonly string[]): Observation[] {
  const want = new Set(ids);
  return capture.observations.filter((o) => want.has(o.id));
}

export function findingEvidence(capture: Capture, finding: Finding): Observation[] {
  return observationsFor(capture, finding.evidence);
}

/** Whether the capture was taken in the lab (its resolver is the lab's). */
export function isLabCapture(capture: Capture): boolean {
  return capture.resolver.kind === 'lab';
}
