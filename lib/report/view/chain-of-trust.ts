// The chain of trust for the pages: for each zone from the root down to the target's, the anchor
// (the configured trust anchor, or the parent's DS), each DS to the key it names and whether that
// key signs the DNSKEY set, then every signed RRset as each server served it, with each signature's
// key tag, algorithm and validity window. Pure and isomorphic: every status is the analysis's
// (ZoneFacts.validation, lib/checks/zone-facts.ts), looked up and put in words here, never decided.
// Times are told against the check's own clock (when the walk ran), not the reader's.
import type { RrsetValidation, SignatureFact, SignatureFactStatus, ValidationFacts, ValidationVerdict } from '@/lib/checks/zone-facts';
import { canonicalName, isSubdomain, labelCount } from '@/lib/dns/wire/name';
import type { Report } from '@/lib/report/report';
import { algorithmName } from '@/lib/report/view/dnssec';
import type { Tone } from '@/lib/report/view/status';

/** A link's (or a zone's) place in the chain: the four states of RFC 4033 5, in words. */
export interface ChainStatusView {
  status: ValidationVerdict;
  /** Short, for a chip: "secure", "bogus: does not sign the DNSKEY set". */
  words: string;
  tone: Tone;
}

export interface SignatureView {
  keyTag: number;
  /** "RSASHA256 (8)" */
  algorithm: string;
  signer: string;
  typeCovered: string;
  status: SignatureFactStatus;
  statusWords: string;
  tone: Tone;
  /** The analysis's words. */
  detail: string;
  /** "2026-11-01 00:00 UTC" */
  inception: string;
  expiration: string;
  /** Against the check time: "expires in 27 days", "expired 3 days ago", "valid only from … (in 2 days)". */
  window: string;
  /** The DS (or trust anchor) names this key: "the key the DS names"; null otherwise. */
  keyNote: string | null;
  /** The signer when it is not the zone itself (the parent signs the DS it holds); null otherwise. */
  otherSigner: string | null;
}

/** Servers that served one RRset the same way: same status, same signatures. */
export interface RrsetVariantView {
  /** "198.51.100.1 (ns1.healthy.test.)" */
  servers: string[];
  status: ChainStatusView;
  signatures: SignatureView[];
  evidence: string[];
}

export interface RrsetView {
  /** "healthy.test. SOA" */
  label: string;
  type: string;
  owner: string;
  /** How many servers served it, and per status: "secure at 4 of 4 servers". */
  summary: string;
  /** The worst tone among its variants, so a stale server shows on the closed group too. */
  tone: Tone;
  variants: RrsetVariantView[];
  evidence: string[];
}

export interface KeyLinkView {
  /** The DS (or anchor digest) in presentation form. */
  ds: string;
  keyTag: number | null;
  status: ChainStatusView;
}

export interface ZoneChainView {
  zone: string;
  verdict: ChainStatusView;
  reasons: string[];
  anchor: { title: string; status: ChainStatusView; detail: string; evidence: string[] };
  keyLinks: KeyLinkView[];
  /** The DNSKEY RRset: signed by the DS-named key (KSK), it brings in the other keys (ZSK). */
  keyset: RrsetView[];
  /** Everything else the zone signs (SOA, NS, CDS, CDNSKEY, CSYNC, NS addresses; DS at the parent). */
  rrsets: RrsetView[];
  resolver: { words: string; tone: Tone; evidence: string[] } | null;
  evidence: string[];
}

export interface ChainOfTrustView {
  /** When the check ran (ISO 8601): every "expires in" is counted from it. */
  checkedAt: string;
  /** Root first, down to the target's zone. */
  zones: ZoneChainView[];
}

const VERDICT: Record<ValidationVerdict, { words: string; tone: Tone }> = {
  secure: { words: 'secure', tone: 'ok' },
  insecure: { words: 'insecure', tone: 'info' },
  bogus: { words: 'bogus', tone: 'error' },
  indeterminate: { words: 'indeterminate', tone: 'muted' },
};

const status = (s: ValidationVerdict, why?: string): ChainStatusView => ({
  status: s,
  words: why ? `${VERDICT[s].words}: ${why}` : VERDICT[s].words,
  tone: VERDICT[s].tone,
});

/** The anchor kinds in words, and the state each one is in the chain (RFC 4035 4.3). */
function anchorView(facts: ValidationFacts, parent: string | null): ZoneChainView['anchor'] {
  const a = facts.anchor;
  const inParent = parent ? ` in ${parent}` : '';
  switch (a.kind) {
    case 'trust-anchor':
      return { title: 'Trust anchor', status: status('secure', 'the configured root trust anchor'), detail: a.detail, evidence: a.evidence };
    case 'ds':
      return { title: `DS${inParent}`, status: status('secure', `a signed DS set${inParent}`), detail: a.detail, evidence: a.evidence };
    case 'no-ds-proven':
      return { title: `No DS${inParent}`, status: status('insecure', 'the parent proves there is no DS'), detail: a.detail, evidence: a.evidence };
    case 'no-ds-unproven':
      return { title: `No DS${inParent}`, status: status('bogus', 'no DS, and no valid proof that there is none'), detail: a.detail, evidence: a.evidence };
    case 'parent-insecure':
      return { title: 'Insecure parent', status: status('insecure', `${parent ?? 'the parent'} is not secure itself`), detail: a.detail, evidence: a.evidence };
    case 'unknown':
      return { title: 'Anchor unknown', status: status('indeterminate', 'nothing to judge it by'), detail: a.detail, evidence: a.evidence };
  }
}

function keyLinkView(link: ValidationFacts['keyLinks'][number]): KeyLinkView {
  const view = (s: ChainStatusView): KeyLinkView => ({ ds: link.ds, keyTag: link.keyTag, status: s });
  if (link.keyTag === null) return view(status('indeterminate', 'names no DNSKEY the zone serves: no chain through it'));
  if (link.signsKeyset === true) return view(status('secure', `key ${link.keyTag} signs the DNSKEY set`));
  if (link.signsKeyset === false) return view(status('bogus', `key ${link.keyTag} does not sign the DNSKEY set`));
  return view(status('indeterminate', `key ${link.keyTag}: its signature over the DNSKEY set was not judged`));
}

const SIGNATURE: Record<SignatureFactStatus, { words: string; tone: Tone }> = {
  valid: { words: 'valid', tone: 'ok' },
  invalid: { words: 'does not verify', tone: 'error' },
  expired: { words: 'expired', tone: 'error' },
  'not-yet-valid': { words: 'not yet valid', tone: 'error' },
  'unsupported-algorithm': { words: 'algorithm not supported: treated as unsigned', tone: 'muted' },
  'no-key': { words: 'no DNSKEY with this tag and algorithm', tone: 'warning' },
};

const RRSET: Record<RrsetValidation['status'], ChainStatusView> = {
  secure: status('secure'),
  bogus: status('bogus'),
  insecure: status('insecure'),
  indeterminate: status('indeterminate', 'nothing anchors the keys'),
  // No RRSIG served, and nothing known of the chain: not a verdict of its own.
  unsigned: { status: 'indeterminate', words: 'unsigned', tone: 'muted' },
};

const DAY = 86_400;

/** "2026-11-01 00:00 UTC" */
export function utcDate(epochSeconds: number): string {
  const iso = new Date(epochSeconds * 1000).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}

const days = (seconds: number) => {
  const n = Math.floor(Math.abs(seconds) / DAY);
  return n === 0 ? 'less than a day' : n === 1 ? '1 day' : `${n} days`;
};

/** The validity window against the check time (epoch seconds). */
export function windowWords(inception: number, expiration: number, now: number): string {
  if (now < inception) return `not valid until ${utcDate(inception)} (in ${days(inception - now)})`;
  if (now > expiration) return `expired ${days(now - expiration)} ago`;
  return `expires in ${days(expiration - now)}`;
}

/** What a signature is read against: the check time, the zone, the key tags its DS (or anchor) names. */
interface SignatureContext {
  now: number;
  zone: string;
  named: ReadonlySet<number>;
  /** "the DS" or "the trust anchor" */
  namedBy: string;
}

function signatureView(sig: SignatureFact, ctx: SignatureContext): SignatureView {
  const s = SIGNATURE[sig.status];
  const signer = canonicalName(sig.signer);
  return {
    keyTag: sig.keyTag,
    algorithm: `${algorithmName(sig.algorithm)} (${sig.algorithm})`,
    signer: sig.signer,
    typeCovered: sig.typeCovered,
    status: sig.status,
    statusWords: s.words,
    tone: s.tone,
    detail: sig.detail,
    inception: utcDate(sig.inception),
    expiration: utcDate(sig.expiration),
    window: windowWords(sig.inception, sig.expiration, ctx.now),
    keyNote: signer === ctx.zone && ctx.named.has(sig.keyTag) ? `the key ${ctx.namedBy} names` : null,
    otherSigner: signer === ctx.zone ? null : signer,
  };
}

const TONE_RANK: Record<Tone, number> = { error: 0, warning: 1, notice: 2, pending: 3, info: 4, muted: 5, ok: 6 };
const worst = (tones: Tone[]): Tone => tones.reduce<Tone>((w, t) => (TONE_RANK[t] < TONE_RANK[w] ? t : w), 'ok');

/** One RRset's answers, servers that served it alike taken together (a stale server stands apart). */
function rrsetViews(rrsets: readonly RrsetValidation[], ctx: SignatureContext, serverName: (a: string) => string): RrsetView[] {
  const groups = new Map<string, RrsetValidation[]>();
  for (const r of rrsets) {
    const key = `${canonicalName(r.owner)} ${r.type.toUpperCase()}`;
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  return [...groups.entries()].map(([label, served]) => {
    const variants = new Map<string, RrsetVariantView>();
    for (const r of served) {
      const signatures = r.signatures.map((sig) => signatureView(sig, ctx));
      const key = JSON.stringify([r.status, r.signatures]);
      const known = variants.get(key);
      if (known) {
        if (!known.servers.includes(serverName(r.server))) known.servers.push(serverName(r.server));
        known.evidence.push(r.evidence);
      } else variants.set(key, { servers: [serverName(r.server)], status: RRSET[r.status], signatures, evidence: [r.evidence] });
    }
    const list = [...variants.values()];
    const total = new Set(served.map((r) => r.server)).size;
    const counts = new Map<string, number>();
    for (const v of list) counts.set(v.status.words, (counts.get(v.status.words) ?? 0) + v.servers.length);
    const summary = [...counts.entries()]
      .map(([words, n]) => (n === total ? `${words} at ${total === 1 ? 'the one server' : `every server (${total})`}` : `${words} at ${n} of ${total} servers`))
      .join(', ');
    const first = served[0] as RrsetValidation;
    return {
      label,
      type: first.type.toUpperCase(),
      owner: canonicalName(first.owner),
      summary,
      tone: worst(list.map((v) => v.status.tone)),
      variants: list,
      evidence: served.map((r) => r.evidence),
    };
  });
}

function resolverView(facts: ValidationFacts, zone: string): ZoneChainView['resolver'] {
  const r = facts.resolverAd;
  if (!r) return null;
  const evidence = r.evidence ? [r.evidence] : [];
  if (!r.validating) return { words: 'The resolver does not validate (no AD bit even for the root): nothing to compare.', tone: 'muted', evidence };
  return r.ad
    ? { words: `The validating resolver set the AD bit for ${zone}: it found it secure.`, tone: 'ok', evidence }
    : { words: `The validating resolver did not set the AD bit for ${zone}: it did not find it secure.`, tone: 'info', evidence };
}

/** The apex's RRsets first, DNSKEY leading (it links the DS-named key to the others), then names below by name. */
const TYPE_ORDER = ['DNSKEY', 'SOA', 'NS', 'DS', 'CDS', 'CDNSKEY', 'CSYNC', 'A', 'AAAA'];
const typeRank = (t: string) => {
  const i = TYPE_ORDER.indexOf(t.toUpperCase());
  return i === -1 ? TYPE_ORDER.length : i;
};
const rrsetOrder = (zone: string) => (a: RrsetValidation, b: RrsetValidation) => {
  const [ao, bo] = [canonicalName(a.owner), canonicalName(b.owner)];
  return Number(ao !== zone) - Number(bo !== zone) || (ao === bo ? 0 : ao < bo ? -1 : 1) || typeRank(a.type) - typeRank(b.type);
};

export function chainOfTrustView(report: Pick<Report, 'capture' | 'zones'>): ChainOfTrustView | null {
  const { capture } = report;
  if (!capture.targetZone) return null;
  const target = canonicalName(capture.targetZone);
  const now = Math.floor(Date.parse(capture.startedAt) / 1000);
  const names = new Map<string, Set<string>>();
  for (const cut of capture.cuts) {
    for (const ns of cut.nameservers) {
      for (const a of ns.addresses) names.set(a.address.toLowerCase(), (names.get(a.address.toLowerCase()) ?? new Set()).add(ns.name));
    }
  }
  const serverName = (address: string) => {
    const known = [...(names.get(address.toLowerCase()) ?? [])];
    return known.length > 0 ? `${address} (${known.join(', ')})` : address;
  };
  const parents = new Map(capture.cuts.map((c) => [canonicalName(c.zone), c.parent === null ? null : canonicalName(c.parent)]));

  const zones = report.zones.flatMap((z): ZoneChainView[] => {
    const facts = z.validation;
    const zone = canonicalName(z.zone);
    if (!facts || !isSubdomain(target, zone)) return [];
    const ctx: SignatureContext = {
      now,
      zone,
      named: new Set(facts.keyLinks.flatMap((l) => (l.keyTag === null ? [] : [l.keyTag]))),
      namedBy: facts.anchor.kind === 'trust-anchor' ? 'the trust anchor' : 'the DS',
    };
    const ordered = [...facts.rrsets].sort(rrsetOrder(zone));
    const isKeyset = (r: RrsetValidation) => r.type.toUpperCase() === 'DNSKEY' && canonicalName(r.owner) === zone;
    const anchor = anchorView(facts, parents.get(zone) ?? null);
    const resolver = resolverView(facts, zone);
    return [
      {
        zone,
        verdict: status(facts.verdict),
        reasons: facts.reasons,
        anchor,
        keyLinks: facts.keyLinks.map(keyLinkView),
        keyset: rrsetViews(ordered.filter(isKeyset), ctx, serverName),
        rrsets: rrsetViews(
          ordered.filter((r) => !isKeyset(r)),
          ctx,
          serverName,
        ),
        resolver,
        evidence: [...new Set([...anchor.evidence, ...facts.rrsets.map((r) => r.evidence), ...(resolver?.evidence ?? [])])],
      },
    ];
  });
  if (zones.length === 0) return null;
  // Root first, then each zone below its parent: all lie on the one path to the target.
  zones.sort((a, b) => labelCount(a.zone) - labelCount(b.zone));
  return { checkedAt: capture.startedAt, zones };
}
