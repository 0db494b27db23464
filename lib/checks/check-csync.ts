// CSYNC (RFC 7477): what the child asks its parent to copy (NS, in-domain A/AAAA glue), whether a
// parent may act on it, and exactly what it would change.
import type { Finding } from '@/lib/checks/catalogue';
import type { CheckContext } from '@/lib/checks/check-context';
import { readDnssec, type DnssecData, type RrsetAnswer } from '@/lib/checks/dnssec-data';
import { makeFinding } from '@/lib/checks/make-finding';
import { describeVariants, groupVariants } from '@/lib/checks/variants';
import { uniqueSorted } from '@/lib/checks/message-records';
import { uniqueBy } from '@/lib/checks/rdata-guards';
import { serverLabel, type ServerView } from '@/lib/checks/server-view';
import type { ZoneView } from '@/lib/checks/zone-view';
import { validateChain } from '@/lib/checks/validate-chain';
import type { Observation } from '@/lib/dns/capture';
import type { CsyncData } from '@/lib/dns/wire/types';
import { isInDomain } from '@/lib/dns/wire/pure';

export const CSYNC_IMMEDIATE = 1;
export const CSYNC_SOAMINIMUM = 2;
const KNOWN_FLAGS = CSYNC_IMMEDIATE | CSYNC_SOAMINIMUM;
const SYNCABLE = new Set(['A', 'AAAA', 'NS']);

/**
 * RFC 1982 3.2 serial arithmetic: whether s1 < s2 in sequence space. Undefined comparisons
 * (exactly 2^31 apart) are not "less".
 */
export function serialLessThan(s1: number, s2: number): boolean {
  const a = s1 >>> 0;
  const b = s2 >>> 0;
  const HALF = 2 ** 31;
  return (a < b && b - a < HALF) || (a > b && a - b > HALF);
}

const csyncKey = (c: CsyncData) =>
  `${c.serial} ${c.flags} ${[...c.types]
    .map((t) => t.toUpperCase())
    .sort()
    .join(' ')}`;

export function flagWords(flags: number): string {
  const words = [flags & CSYNC_IMMEDIATE ? 'immediate' : null, flags & CSYNC_SOAMINIMUM ? 'soaminimum' : null].filter(Boolean);
  if (flags & ~KNOWN_FLAGS) words.push('unknown bits');
  return words.length ? words.join(', ') : 'none';
}

export function checkCsync(ctx: CheckContext): Finding[] {
  const view = ctx.target;
  if (!view || view.isRoot) return [];
  const data = readDnssec(view);
  const published = data.csync.filter((a) => a.records.length > 0);
  if (published.length === 0) return [];
  const records = uniqueBy(
    published.flatMap((a) => a.records),
    csyncKey,
  );
  const evidence = published.map((a) => a.obs);
  const findings: Finding[] = [];

  for (const c of records) {
    const types = uniqueSorted(c.types.map((t) => t.toUpperCase()));
    findings.push(
      makeFinding('csync.present', {
        zone: view.zone,
        params: { serial: c.serial, flags: c.flags, flagWords: flagWords(c.flags), types },
        evidence: published.filter((a) => a.records.some((r) => csyncKey(r) === csyncKey(c))).map((a) => a.obs),
      }),
    );
    const unsupported = types.filter((t) => !SYNCABLE.has(t));
    if (unsupported.length > 0) {
      findings.push(makeFinding('csync.unsupported-type', { zone: view.zone, params: { types: unsupported, allTypes: types }, evidence }));
    }
    const unknownBits = c.flags & ~KNOWN_FLAGS & 0xffff;
    if (unknownBits !== 0) {
      findings.push(
        makeFinding('csync.unknown-flag', {
          zone: view.zone,
          params: { flags: c.flags, unknownBits: `0x${unknownBits.toString(16).padStart(4, '0')}` },
          evidence,
        }),
      );
    }
    if ((c.flags & CSYNC_IMMEDIATE) === 0) {
      findings.push(makeFinding('csync.manual-approval', { zone: view.zone, params: { flags: c.flags }, evidence }));
    }
  }

  const inconsistent = inconsistency(view, data.csync);
  findings.push(...inconsistent);
  findings.push(...unsigned(ctx, view, data, published));
  const ahead = serialAhead(view, data.csync, records);
  findings.push(...ahead);

  const only = records.length === 1 ? records[0] : undefined;
  if (only && inconsistent.length === 0) {
    const blockers = uniqueSorted(findings.filter((f) => f.severity === 'warning').map((f) => f.code));
    findings.push(...effect(view, only, blockers, evidence));
  }
  return findings;
}

function inconsistency(view: ZoneView, answers: RrsetAnswer<CsyncData>[]): Finding[] {
  const variants = groupVariants(answers.map((a) => ({ key: a.records.map(csyncKey).sort().join('|'), value: a.records, server: a.label, obs: a.obs })));
  if (variants.length < 2) return [];
  return [
    makeFinding('csync.inconsistent', {
      zone: view.zone,
      params: {
        variants: describeVariants(variants, (recs) =>
          recs.length === 0 ? 'no CSYNC' : recs.map((c) => `CSYNC ${c.serial} ${c.flags} ${c.types.join(' ')}`).join(', '),
        ),
      },
      evidence: answers.map((a) => a.obs),
    }),
  ];
}

/**
 * RFC 7477 3: a parent acts only on a CSYNC it can validate: the zone must be secure (validate-chain.ts)
 * and every server's CSYNC RRset validly signed. When the chain could not be judged (no trust anchor
 * recorded), what is certain without it still counts: no DS at the parent, no RRSIG served.
 */
function unsigned(ctx: CheckContext, view: ZoneView, data: DnssecData, published: RrsetAnswer<CsyncData>[]): Finding[] {
  const reasons: string[] = [];
  const evidence: (Observation | string)[] = published.map((a) => a.obs);
  const v = validateChain(ctx).get(view.zone)?.facts;
  if (v && (v.verdict === 'insecure' || v.verdict === 'bogus')) {
    reasons.push(`the zone is ${v.verdict}: ${v.reasons.join('; ')}`);
    evidence.push(...v.anchor.evidence);
  } else if (v?.verdict !== 'secure' && data.dsKnown && data.ds.length === 0) {
    reasons.push(`${view.parent} has no DS for ${view.zone} (insecure delegation)`);
    evidence.push(...data.dsEvidence);
  }
  if (v?.verdict === 'secure' || v?.verdict === 'indeterminate') {
    const label = (address: string) => serverLabel(view.servers.find((s) => s.address === address) ?? { names: [], address });
    const csync = v.rrsets.filter((r) => r.type === 'CSYNC' && r.owner === view.zone);
    const unsignedAt = csync.filter((r) => r.status === 'unsigned' || (r.status === 'bogus' && r.signatures.length === 0));
    const badAt = csync.filter((r) => r.status === 'bogus' && r.signatures.length > 0);
    const from = (list: typeof csync) => (list.length === csync.length ? '' : ` from ${list.map((r) => label(r.server)).join(', ')}`);
    if (unsignedAt.length > 0) reasons.push(`no RRSIG over the CSYNC RRset${from(unsignedAt)}`);
    if (badAt.length > 0) {
      const why = uniqueSorted(badAt.flatMap((r) => r.signatures.map((sig) => sig.status)));
      reasons.push(`no valid signature over the CSYNC RRset${from(badAt)} (${why.join(', ')})`);
    }
  }
  if (reasons.length === 0) return [];
  return [makeFinding('csync.unsigned', { zone: view.zone, params: { reason: reasons.join('; '), reasons }, evidence })];
}

/** Servers behind the CSYNC serial, one finding per (SOA serial, CSYNC serial) they report. */
function serialAhead(view: ZoneView, answers: RrsetAnswer<CsyncData>[], records: CsyncData[]): Finding[] {
  const groups = new Map<string, { soaSerial: number; csyncSerial: number; servers: ServerView[]; evidence: Observation[] }>();
  for (const s of view.servers) {
    // The server's own CSYNC, or the one the zone publishes when this server was not asked.
    const own = answers.find((a) => a.server === s && a.records.length > 0);
    const csync = own?.records[0] ?? (records.length === 1 ? records[0] : undefined);
    if (!csync || (csync.flags & CSYNC_SOAMINIMUM) === 0) continue; // without soaminimum the serial is ignored
    const soa = s.soa[0];
    if (!soa || !serialLessThan(soa.data.serial, csync.serial)) continue;
    const key = `${soa.data.serial} ${csync.serial}`;
    const g = groups.get(key) ?? { soaSerial: soa.data.serial, csyncSerial: csync.serial, servers: [], evidence: [] };
    g.servers.push(s);
    g.evidence.push(soa.obs, ...(own ? [own.obs] : answers.filter((a) => a.records.length > 0).map((a) => a.obs)));
    groups.set(key, g);
  }
  return [...groups.values()].map((g) => {
    const only = g.servers.length === 1 ? g.servers[0] : undefined;
    return makeFinding('csync.serial-ahead', {
      zone: view.zone,
      params: { servers: g.servers.map(serverLabel), soaSerial: g.soaSerial, csyncSerial: g.csyncSerial },
      evidence: g.evidence,
      ...(only ? { nameserver: only.names[0] ?? only.address, address: only.address } : {}),
    });
  });
}

/** What a parent processing the CSYNC now would change (RFC 7477 3.2): NS, and in-domain glue. */
function effect(view: ZoneView, csync: CsyncData, blockers: string[], evidence: RrsetAnswer<CsyncData>['obs'][]): Finding[] {
  const delegating = view.referrals.filter((r) => r.kind === 'referral');
  const childAnswers = view.servers.flatMap((s) => s.ns);
  if (delegating.length === 0 || childAnswers.length === 0) return [];
  const types = new Set(csync.types.map((t) => t.toUpperCase()));
  const parentNs = view.parentNs;
  const targetNs = types.has('NS') ? view.childNs : parentNs;
  const add: string[] = [];
  const remove: string[] = [];
  if (types.has('NS')) {
    add.push(...targetNs.filter((n) => !parentNs.includes(n)).map((n) => `NS ${n}`));
    remove.push(...parentNs.filter((n) => !targetNs.includes(n)).map((n) => `NS ${n}`));
  }

  // Glue only for in-domain names (RFC 7477 3.2.2); out-of-domain addresses are not the child's.
  const currentGlue = new Set<string>();
  for (const r of delegating) {
    for (const [name, addrs] of r.glue) {
      if (!isInDomain(name, view.zone)) continue;
      for (const a of addrs) currentGlue.add(`${name} ${a.includes(':') ? 'AAAA' : 'A'} ${a}`);
    }
  }
  const targetGlue = new Set<string>();
  for (const name of targetNs.filter((n) => isInDomain(n, view.zone))) {
    for (const family of ['A', 'AAAA'] as const) {
      const current = [...currentGlue].filter((g) => g.startsWith(`${name} ${family} `));
      const answers = view.addressAnswers.filter((a) => a.name === name && a.type === family);
      if (types.has(family) && answers.length > 0) {
        for (const a of uniqueSorted(answers.flatMap((x) => x.values))) targetGlue.add(`${name} ${family} ${a}`);
      } else {
        // Not listed (or not known): the parent keeps what it has for names it keeps.
        current.forEach((g) => targetGlue.add(g));
      }
    }
  }
  add.push(...[...targetGlue].filter((g) => !currentGlue.has(g)).sort());
  remove.push(...[...currentGlue].filter((g) => !targetGlue.has(g)).sort());

  const all = [...evidence, ...delegating.map((r) => r.obs), ...childAnswers.map((a) => a.obs), ...view.addressAnswers.map((a) => a.obs)];
  if (add.length === 0 && remove.length === 0) {
    return [makeFinding('csync.in-sync', { zone: view.zone, params: { types: [...types].sort() }, evidence: all })];
  }
  return [
    makeFinding('csync.pending', {
      zone: view.zone,
      params: { parent: view.parent as string, add, remove, types: [...types].sort(), blockers },
      evidence: all,
    }),
  ];
}
