// A reply as dig shows it and as we decode it, in one comparable shape: rcode, header flags, and
// each section's records one per line in presentation format. Differences that are only
// spelling are normalised away (runs of blanks, hex case in RFC 3597 `\#` data, the TTL when a
// resolver's cache counts it down); everything else must match token for token.
import type { DecodedMessage, MessageFlags } from '@/lib/dns/wire/types';
import { formatRecord } from '@/lib/dns/wire';

export interface DigView {
  rcode: string;
  flags: string[];
  answer: string[];
  authority: string[];
  additional: string[];
}

const SECTIONS = { 'ANSWER SECTION': 'answer', 'AUTHORITY SECTION': 'authority', 'ADDITIONAL SECTION': 'additional' } as const;
const FLAG_ORDER: (keyof MessageFlags)[] = ['qr', 'aa', 'tc', 'rd', 'ra', 'ad', 'cd'];

/** dig's output with `+noall +comments +answer +authority +additional +nosplit`. */
export function parseDigOutput(stdout: string): DigView | null {
  const status = /status: ([A-Z0-9]+)/.exec(stdout);
  const flags = /;; flags: ([a-z ]*);/.exec(stdout);
  if (!status) return null;
  const view: DigView = { rcode: status[1]!, flags: (flags?.[1] ?? '').split(' ').filter(Boolean).sort(), answer: [], authority: [], additional: [] };
  let section: keyof typeof SECTIONS | null = null;
  for (const line of stdout.split('\n')) {
    const header = /^;; ([A-Z ]+):$/.exec(line);
    if (header) {
      section = header[1]! in SECTIONS ? (header[1] as keyof typeof SECTIONS) : null;
      continue;
    }
    if (!line.trim()) {
      section = null;
      continue;
    }
    if (section && !line.startsWith(';')) view[SECTIONS[section]].push(line);
  }
  return view;
}

export function decodedView(message: DecodedMessage): DigView {
  return {
    rcode: message.rcode,
    flags: FLAG_ORDER.filter((f) => message.flags[f]).sort(),
    answer: message.answer.map(formatRecord),
    authority: message.authority.map(formatRecord),
    additional: message.additional.map(formatRecord),
  };
}

/** Presentation-format tokens; a quoted character-string is one token, quotes and escapes kept. */
export function recordTokens(line: string): string[] {
  const tokens: string[] = [];
  const re = /"(?:[^"\\]|\\.)*"|\S+/g;
  for (const m of line.matchAll(re)) tokens.push(m[0]);
  return tokens;
}

export function normalizeRecord(line: string, opts: { ignoreTtl?: boolean } = {}): string {
  const t = recordTokens(line);
  if (opts.ignoreTtl && t.length > 1) t[1] = '<ttl>';
  const generic = t.indexOf('\\#');
  if (generic >= 0) for (let i = generic + 2; i < t.length; i++) t[i] = t[i]!.toUpperCase();
  return t.join(' ');
}

/** Every difference between two views, as lines for a failure message; empty when they agree. */
export function diffViews(ours: DigView, dig: DigView, opts: { ignoreTtl?: boolean } = {}): string[] {
  const out: string[] = [];
  if (ours.rcode !== dig.rcode) out.push(`rcode: ours ${ours.rcode}, dig ${dig.rcode}`);
  if (ours.flags.join(' ') !== dig.flags.join(' ')) out.push(`flags: ours [${ours.flags.join(' ')}], dig [${dig.flags.join(' ')}]`);
  for (const section of ['answer', 'authority', 'additional'] as const) {
    // Two queries, two replies: a server may rotate an RRset between them (BIND's rrset-order).
    const a = ours[section].map((l) => normalizeRecord(l, opts)).sort();
    const b = dig[section].map((l) => normalizeRecord(l, opts)).sort();
    const onlyOurs = a.filter((l) => !b.includes(l));
    const onlyDig = b.filter((l) => !a.includes(l));
    for (const l of onlyOurs) out.push(`${section}, ours only: ${l}`);
    for (const l of onlyDig) out.push(`${section}, dig only:  ${l}`);
    if (!onlyOurs.length && !onlyDig.length && a.length !== b.length) out.push(`${section}: ours ${a.length} records, dig ${b.length}`);
  }
  return out;
}
