// The chain of trust, one rule at a time, on real signed captures: a walk of the lab (signed by
// lib/dns/dnssec/sign.ts, ECDSA P-256) taken once, then one thing broken per test, as a stale
// server, a careless signer or a stripping middlebox would break it.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Capture, Observation } from '@/lib/dns/capture';
import type { DecodedMessage, DnskeyData, ResourceRecord, RrsigData } from '@/lib/dns/wire/types';
import { analyzeCapture } from '@/lib/checks/analyze';
import { loadConfig } from '@/lib/config';
import { deriveSigningKey, ED25519, signRrset } from '@/lib/dns/dnssec/sign';
import { LAB_KEY_SEED } from '@/lib/lab/manifest';
import { runCheck } from '@/lib/run-check';
import { rr } from '@/lib/checks/test-capture';
import { records, rrsigsOver } from '@/lib/checks/message-records';
import { verifyRrset } from '@/lib/dns/dnssec/verify';

const config = loadConfig({});
const captures = new Map<string, Capture>();
const NOW = new Date();

async function labCapture(name: string): Promise<Capture> {
  const r = await runCheck(name, { config, timeoutMs: 150 });
  if (!r.ok) throw new Error(r.error.message);
  return r.report.capture;
}

beforeAll(async () => {
  for (const name of ['healthy.test.', 'ns-mismatch.test.', 'cds-rollover.test.', 'csync-pending.test.', 'shop.optout.test.', 'stale-sigs.test.'])
    captures.set(name, await labCapture(name));
});

/** A copy of a lab capture to break. */
const fresh = (name: string): Capture => structuredClone(captures.get(name) as Capture);

const analyzed = (capture: Capture, now = NOW) => analyzeCapture(capture, { now });
const verdicts = (capture: Capture, now = NOW) => Object.fromEntries(analyzed(capture, now).zones.map((z) => [z.zone, z.validation?.verdict]));
const dnssecCodes = (capture: Capture, now = NOW) =>
  [
    ...new Set(
      analyzed(capture, now)
        .findings.filter((f) => /^(rrsig|ds|dnssec|dnskey)\./.test(f.code))
        .map((f) => f.code),
    ),
  ].sort();
const facts = (capture: Capture, zone: string, now = NOW) => analyzed(capture, now).zones.find((z) => z.zone === zone)?.validation;

const nowS = Math.floor(NOW.getTime() / 1000);
const zskOf = (zone: string) => deriveSigningKey(LAB_KEY_SEED, zone, 'zsk', 256);

const isRrsigOver = (type: string) => (rr: ResourceRecord) => rr.type === 'RRSIG' && (rr.data as RrsigData).typeCovered === type;

function edit(capture: Capture, which: (o: Observation) => boolean, fn: (m: DecodedMessage) => DecodedMessage): number {
  let n = 0;
  for (const o of capture.observations) {
    if (!o.response || !which(o)) continue;
    o.response = fn(o.response);
    n++;
  }
  expect(n, 'the edit touched no observation').toBeGreaterThan(0);
  return n;
}

const probe = (purpose: string, zone: string, address?: string) => (o: Observation) =>
  o.purpose === purpose && o.zone === zone && (address === undefined || o.server.address === address);

describe('validation over the lab', () => {
  it('healthy.test: secure from the lab root key down, each DS naming a key that signs the DNSKEY set', () => {
    const c = fresh('healthy.test.');
    expect(verdicts(c)).toEqual({ '.': 'secure', 'test.': 'secure', 'healthy.test.': 'secure' });
    const root = facts(c, '.')!;
    expect(root.anchor).toMatchObject({ kind: 'trust-anchor', detail: 'the trust anchor (the lab root key)' });
    const zone = facts(c, 'healthy.test.')!;
    expect(zone.anchor.kind).toBe('ds');
    expect(zone.keyLinks).toHaveLength(1);
    expect(zone.keyLinks[0]).toMatchObject({ signsKeyset: true });
    expect(zone.keyLinks[0]!.keyTag).toEqual(expect.any(Number));
    // Every RRset the zone's servers served, and the DS from test.'s servers, verify.
    expect(new Set(zone.rrsets.map((r) => r.type))).toEqual(new Set(['DS', 'SOA', 'NS', 'DNSKEY', 'A', 'AAAA']));
    expect(zone.rrsets.every((r) => r.status === 'secure')).toBe(true);
    expect(zone.rrsets.find((r) => r.type === 'SOA')!.signatures[0]).toMatchObject({ status: 'valid', algorithm: 13, signer: 'healthy.test.' });
    // The lab resolver does not validate: its missing AD is recorded, not compared.
    expect(zone.resolverAd).toMatchObject({ ad: false, validating: false });
    expect(dnssecCodes(c)).toEqual([]);
  });

  it('an unsigned child of test. is insecure, with the signed NSEC proof of test. beside it', () => {
    const c = fresh('ns-mismatch.test.');
    const v = facts(c, 'ns-mismatch.test.')!;
    expect(v.verdict).toBe('insecure');
    expect(v.anchor.kind).toBe('no-ds-proven');
    expect(v.anchor.detail).toContain('NSEC');
    const proofs = v.rrsets.filter((r) => r.type === 'NSEC');
    expect(proofs.length).toBeGreaterThan(0);
    expect(proofs.every((r) => r.status === 'secure' && r.owner === 'ns-mismatch.test.')).toBe(true);
    expect(v.rrsets.filter((r) => r.type === 'SOA').every((r) => r.status === 'insecure')).toBe(true);
    expect(dnssecCodes(c)).toEqual(['ds.absent']);
  });

  it('an unsigned registrant of an NSEC3 opt-out registry is insecure: the closest encloser proof, both NSEC3 RRsets signed', () => {
    const c = fresh('shop.optout.test.');
    const v = facts(c, 'shop.optout.test.')!;
    expect(verdicts(c)).toMatchObject({ 'optout.test.': 'secure', 'shop.optout.test.': 'insecure' });
    expect(v.anchor).toMatchObject({ kind: 'no-ds-proven', detail: 'optout.test. proves there is no DS for shop.optout.test. (NSEC3 opt-out, signed)' });
    const proofs = v.rrsets.filter((r) => r.type === 'NSEC3');
    // Two NSEC3 RRsets (closest encloser, next closer name covered) from each server of optout.test.
    expect(new Set(proofs.map((r) => r.owner)).size).toBe(2);
    expect(proofs.every((r) => r.status === 'secure')).toBe(true);
  });

  it('one stale secondary with expired signatures: its own rrsig.expired; the zone stays secure', () => {
    const c = fresh('stale-sigs.test.');
    expect(verdicts(c)['stale-sigs.test.']).toBe('secure');
    const expired = analyzed(c).findings.filter((f) => f.code === 'rrsig.expired');
    // The second server only (both of its addresses), never the first.
    expect(new Set(expired.map((f) => f.nameserver)).size).toBe(1);
    expect(expired.every((f) => f.address?.startsWith('203.0.113.') || f.address?.startsWith('2001:db8:113:'))).toBe(true);
    const v = facts(c, 'stale-sigs.test.')!;
    expect(
      v.rrsets
        .filter((r) => r.type === 'DNSKEY')
        .map((r) => `${r.server} ${r.status}`)
        .sort(),
    ).toEqual(expect.arrayContaining([expect.stringMatching(/^198\.51\.100\.\d+ secure$/), expect.stringMatching(/^203\.0\.113\.\d+ bogus$/)]));
  });

  it('no DS and no NSEC from the parent: bogus, ds.absence-unproven', () => {
    const c = fresh('ns-mismatch.test.');
    const parentSays = (o: Observation) => (o.purpose === 'ds' || o.purpose === 'referral') && o.question.name.toLowerCase() === 'ns-mismatch.test.';
    edit(c, parentSays, (m) => ({ ...m, authority: m.authority.filter((rr) => rr.type !== 'NSEC' && !isRrsigOver('NSEC')(rr)) }));
    const v = facts(c, 'ns-mismatch.test.')!;
    expect(v.verdict).toBe('bogus');
    expect(v.anchor.kind).toBe('no-ds-unproven');
    expect(v.reasons[0]).toContain('no NSEC or NSEC3');
    expect(analyzed(c).findings.find((f) => f.code === 'ds.absence-unproven')!.summary).toBe(
      'test. is signed but gives no DS for ns-mismatch.test. without proving its absence: no NSEC or NSEC3 records in the response for ns-mismatch.test. DS',
    );
    expect(dnssecCodes(c)).toEqual(['ds.absence-unproven']);
  });

  it('NSEC3 of more than 150 iterations: insecure without a proof, as validators take it (RFC 9276 3.2)', () => {
    const c = fresh('ns-mismatch.test.');
    const parentSays = (o: Observation) => (o.purpose === 'ds' || o.purpose === 'referral') && o.question.name.toLowerCase() === 'ns-mismatch.test.';
    const nsec3 = rr('0p9mhaveqvm6t7vbl5lop2u3t2rp3tom.test.', 'NSEC3', {
      hashAlgorithm: 1,
      flags: 0,
      iterations: 500,
      salt: 'aabb',
      nextHashedOwner: '0p9mhaveqvm6t7vbl5lop2u3t2rp3ton',
      types: ['NS'],
    });
    edit(c, parentSays, (m) => ({ ...m, authority: [...m.authority.filter((x) => x.type !== 'NSEC' && !isRrsigOver('NSEC')(x)), nsec3] }));
    const v = facts(c, 'ns-mismatch.test.')!;
    expect(v.verdict).toBe('insecure');
    expect(v.anchor).toMatchObject({ kind: 'no-ds-unproven' });
    expect(v.reasons[0]).toContain('500 iterations, above 150');
    expect(dnssecCodes(c)).toEqual(['ds.absent']);
  });

  it('an NSEC proof without its signature proves nothing: bogus, and only ds.absence-unproven says so', () => {
    const c = fresh('ns-mismatch.test.');
    const parentSays = (o: Observation) => (o.purpose === 'ds' || o.purpose === 'referral') && o.question.name.toLowerCase() === 'ns-mismatch.test.';
    edit(c, parentSays, (m) => ({ ...m, authority: m.authority.filter((rr) => !isRrsigOver('NSEC')(rr)) }));
    const v = facts(c, 'ns-mismatch.test.')!;
    expect(v.verdict).toBe('bogus');
    expect(v.reasons[0]).toContain('has no valid signature');
    expect(dnssecCodes(c)).toEqual(['ds.absence-unproven']);
  });

  it("one server's corrupted SOA signature is its own rrsig.invalid; the zone stays secure", () => {
    const c = fresh('healthy.test.');
    const address = c.observations.find(probe('apex-soa', 'healthy.test.'))!.server.address;
    edit(c, probe('apex-soa', 'healthy.test.', address), (m) => ({
      ...m,
      answer: m.answer.map((rr) => {
        if (!isRrsigOver('SOA')(rr)) return rr;
        const sig = rr.data as RrsigData;
        const bytes = Buffer.from(sig.signature, 'base64');
        bytes[5] = (bytes[5] as number) ^ 0xff;
        return { ...rr, data: { ...sig, signature: bytes.toString('base64') } };
      }),
    }));
    expect(verdicts(c)['healthy.test.']).toBe('secure');
    const found = analyzed(c).findings.filter((f) => f.code === 'rrsig.invalid');
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ zone: 'healthy.test.', address, params: { type: ['SOA'] } });
    expect(found[0]!.summary).toContain('does not verify');
  });

  it('no server signs the SOA: rrsig.missing on each, and the zone is bogus', () => {
    const c = fresh('healthy.test.');
    const n = edit(c, probe('apex-soa', 'healthy.test.'), (m) => ({ ...m, answer: m.answer.filter((rr) => !isRrsigOver('SOA')(rr)) }));
    const v = facts(c, 'healthy.test.')!;
    expect(v.verdict).toBe('bogus');
    expect(v.reasons.join(' ')).toContain('healthy.test. SOA');
    const found = analyzed(c).findings.filter((f) => f.code === 'rrsig.missing');
    expect(found.map((f) => f.address).sort()).toHaveLength(n);
    expect(found[0]!.params.detail).toBe('no RRSIG served');
  });

  it('expired, not yet valid and expiring: the analysis time decides, with 5 minutes of skew', () => {
    const c = fresh('healthy.test.');
    const sig = c.observations.find(probe('apex-soa', 'healthy.test.'))!.response!.answer.find(isRrsigOver('SOA'))!.data as RrsigData;
    const at = (seconds: number) => new Date(seconds * 1000);
    // Two days before the end: still valid, expiring.
    expect(dnssecCodes(c, at(sig.expiration - 2 * 86400))).toEqual(['rrsig.expiring']);
    // Within the skew after the end: still accepted.
    expect(dnssecCodes(c, at(sig.expiration + 200))).toEqual(['rrsig.expiring']);
    // An online signer's signature (a 2-day window, fresh): less than 3 days left, but not expiring.
    const online = fresh('healthy.test.');
    edit(online, probe('apex-soa', 'healthy.test.'), (m) => ({
      ...m,
      answer: [
        ...m.answer.filter((rr) => !isRrsigOver('SOA')(rr)),
        signRrset(
          m.answer.filter((rr) => rr.type === 'SOA'),
          zskOf('healthy.test.'),
          { inception: nowS - 3600, expiration: nowS + 2 * 86400 },
        ),
      ],
    }));
    expect(dnssecCodes(online)).toEqual([]);
    // Past it: every zone of the lab expired together, the root first; below it the chain is broken.
    const later = at(sig.expiration + 3600);
    expect(dnssecCodes(c, later)).toEqual(['rrsig.expired']);
    expect(verdicts(c, later)).toEqual({ '.': 'bogus', 'test.': 'bogus', 'healthy.test.': 'bogus' });
    expect(facts(c, 'healthy.test.', later)!.reasons[0]).toContain('already broken at test.');
    // Before the inception (less the skew): not yet valid.
    expect(dnssecCodes(c, at(sig.inception - 3600))).toEqual(['rrsig.not-yet-valid']);
    expect(dnssecCodes(c, at(sig.inception - 200))).toEqual([]);
  });

  it('a DS-named key that signs no DNSKEY RRset: ds.unsigned-keyset', () => {
    const c = fresh('healthy.test.');
    // The KSK's signature over the DNSKEY set gone: only the ZSK (no DS) signs it.
    const dnskeyObs = c.observations.filter(probe('dnskey', 'healthy.test.'));
    const ksk = dnskeyObs[0]!.response!.answer.find((rr) => rr.type === 'DNSKEY' && (rr.data as DnskeyData).flags === 257)!.data as DnskeyData;
    const zsk = deriveSigningKey(LAB_KEY_SEED, 'healthy.test.', 'zsk', 256);
    edit(c, probe('dnskey', 'healthy.test.'), (m) => {
      const keys = m.answer.filter((rr) => rr.type === 'DNSKEY');
      const sig = m.answer.find(isRrsigOver('DNSKEY'))!.data as RrsigData;
      return { ...m, answer: [...keys, signRrset(keys, zsk, { inception: sig.inception, expiration: sig.expiration })] };
    });
    expect(ksk.algorithm).toBe(13);
    const v = facts(c, 'healthy.test.')!;
    expect(v.verdict).toBe('bogus');
    expect(v.keyLinks[0]).toMatchObject({ signsKeyset: false });
    expect(dnssecCodes(c)).toEqual(['ds.unsigned-keyset']);
    expect(analyzed(c).findings.find((f) => f.code === 'ds.unsigned-keyset')!.params.signedBy).toMatch(/signed only by key \d+\/13, which no DS names/);
  });

  it('a key of a second algorithm that signs nothing: a half-done rollover, rrsig.algorithm-missing', () => {
    const c = fresh('healthy.test.');
    const ksk = deriveSigningKey(LAB_KEY_SEED, 'healthy.test.', 'ksk', 257);
    const edKey = deriveSigningKey(LAB_KEY_SEED, 'healthy.test.', 'ed-ksk', 257, ED25519);
    edit(c, probe('dnskey', 'healthy.test.'), (m) => {
      const keys = m.answer.filter((rr) => rr.type === 'DNSKEY');
      const sig = m.answer.find(isRrsigOver('DNSKEY'))!.data as RrsigData;
      const withEd = [...keys, { ...keys[0]!, data: edKey.dnskey }];
      return { ...m, answer: [...withEd, signRrset(withEd, ksk, { inception: sig.inception, expiration: sig.expiration })] };
    });
    expect(verdicts(c)['healthy.test.']).toBe('secure');
    expect(dnssecCodes(c)).toEqual(['rrsig.algorithm-missing']);
    const f = analyzed(c).findings.find((x) => x.code === 'rrsig.algorithm-missing')!;
    expect(f.params).toMatchObject({ algorithm: 15 });
    expect(f.params.types).toEqual(expect.arrayContaining(['SOA', 'NS', 'DNSKEY']));
  });

  it("an RRset's checks are those of the whole key set, though only the keys its RRSIGs name are verified", () => {
    const c = fresh('healthy.test.');
    const ksk = deriveSigningKey(LAB_KEY_SEED, 'healthy.test.', 'ksk', 257);
    // Keys no RRSIG names: one of another algorithm, one of the same algorithm with another tag.
    const extra = [
      deriveSigningKey(LAB_KEY_SEED, 'healthy.test.', 'ed-zsk', 256, ED25519).dnskey,
      deriveSigningKey(LAB_KEY_SEED, 'healthy.test.', 'zsk-next', 256).dnskey,
    ];
    edit(c, probe('dnskey', 'healthy.test.'), (m) => {
      const keys = m.answer.filter((rr) => rr.type === 'DNSKEY');
      const sig = m.answer.find(isRrsigOver('DNSKEY'))!.data as RrsigData;
      const withExtra = [...keys, ...extra.map((data) => ({ ...keys[0]!, data }))];
      return { ...m, answer: [...withExtra, signRrset(withExtra, ksk, { inception: sig.inception, expiration: sig.expiration })] };
    });
    const v = facts(c, 'healthy.test.')!;
    expect(v.verdict).toBe('secure');
    const byId = new Map(c.observations.map((o) => [o.id, o]));
    const own = v.rrsets.filter((r) => r.type !== 'DS');
    const allKeys = (m: DecodedMessage) => records(m, 'answer', 'healthy.test.', 'DNSKEY').map((rr) => rr.data as DnskeyData);
    const zoneKeys = allKeys(c.observations.find(probe('dnskey', 'healthy.test.'))!.response!);
    expect(zoneKeys).toHaveLength(4);
    expect(own.length).toBeGreaterThan(5);
    for (const r of own) {
      const m = byId.get(r.evidence)!.response!;
      const keys = r.type === 'DNSKEY' ? allKeys(m) : zoneKeys;
      const whole = verifyRrset(records(m, 'answer', r.owner, r.type), rrsigsOver(m.answer, r.owner, r.type), keys, { now: nowS, zone: 'healthy.test.' });
      expect(r.signatures).toEqual(whole.checks);
    }
  });

  it('a trust anchor of an algorithm we do not validate: insecure, never bogus', () => {
    const c = fresh('healthy.test.');
    c.trustAnchor = { source: 'test', records: c.trustAnchor!.records.map((rr) => ({ ...rr, data: { ...(rr.data as object), algorithm: 253 } as never })) };
    expect(verdicts(c)).toEqual({ '.': 'insecure', 'test.': 'insecure', 'healthy.test.': 'insecure' });
    expect(dnssecCodes(c)).toEqual(['dnssec.unsupported-algorithm']);
  });

  it('a wrong trust anchor makes the root bogus; none at all leaves everything indeterminate', () => {
    const wrong = fresh('healthy.test.');
    wrong.trustAnchor = { source: 'test', records: wrong.trustAnchor!.records.map((rr) => ({ ...rr, data: { ...(rr.data as object), keyTag: 1 } as never })) };
    expect(verdicts(wrong)).toEqual({ '.': 'bogus', 'test.': 'bogus', 'healthy.test.': 'bogus' });
    expect(facts(wrong, '.')!.reasons).toEqual(['no trust anchor names a DNSKEY the zone serves']);
    const none = fresh('healthy.test.');
    delete none.trustAnchor;
    expect(verdicts(none)).toEqual({ '.': 'indeterminate', 'test.': 'indeterminate', 'healthy.test.': 'indeterminate' });
    expect(dnssecCodes(none)).toEqual([]);
  });

  it("a validating resolver's AD bit is compared with the verdict", () => {
    const setAd = (c: Capture) =>
      edit(
        c,
        (o) => o.purpose === 'validate',
        (m) => ({ ...m, flags: { ...m.flags, ad: true } }),
      );
    const insecure = fresh('ns-mismatch.test.');
    setAd(insecure);
    expect(facts(insecure, 'ns-mismatch.test.')!.resolverAd).toMatchObject({ ad: true, validating: true });
    expect(dnssecCodes(insecure)).toEqual(['dnssec.resolver-disagrees', 'ds.absent']);
    expect(analyzed(insecure).findings.find((f) => f.code === 'dnssec.resolver-disagrees')!.summary).toBe(
      'zonecut finds ns-mismatch.test. insecure, but the validating resolver says secure (AD set)',
    );
    const secure = fresh('healthy.test.');
    setAd(secure);
    expect(dnssecCodes(secure)).toEqual([]);
    // A validating resolver that fails the zone: SERVFAIL, which may be DNSSEC or not, and says so.
    const failing = fresh('healthy.test.');
    setAd(failing);
    edit(
      failing,
      (o) => o.purpose === 'validate' && o.question.name === 'healthy.test.',
      (m) => ({ ...m, rcode: 'SERVFAIL', answer: [], flags: { ...m.flags, ad: false } }),
    );
    expect(analyzed(failing).findings.find((f) => f.code === 'dnssec.resolver-disagrees')!.params.resolver).toBe(
      'SERVFAIL (bogus, or it could not resolve the zone)',
    );
  });
});

describe('CDS and CSYNC rest on the chain of trust', () => {
  const allCodes = (c: Capture) => [...new Set(analyzed(c).findings.map((f) => f.code))].sort();

  it('CDS signed only by the ZSK (no DS names it): cds.unauthenticated instead of cds.pending (RFC 7344 4.1)', () => {
    const c = fresh('cds-rollover.test.');
    expect(allCodes(c)).toEqual(['cds.pending', 'cds.present']);
    const zsk = deriveSigningKey(LAB_KEY_SEED, 'cds-rollover.test.', 'zsk', 256);
    edit(c, probe('cds', 'cds-rollover.test.'), (m) => {
      const set = m.answer.filter((rr) => rr.type === 'CDS');
      const sig = m.answer.find(isRrsigOver('CDS'))!.data as RrsigData;
      return { ...m, answer: [...set, signRrset(set, zsk, { inception: sig.inception, expiration: sig.expiration })] };
    });
    // The zone stays secure (the ZSK is a trusted key): only a parent scanning CDS must refuse them.
    expect(verdicts(c)['cds-rollover.test.']).toBe('secure');
    expect(allCodes(c)).toEqual(['cds.present', 'cds.unauthenticated']);
    const f = analyzed(c).findings.find((x) => x.code === 'cds.unauthenticated')!;
    expect(f.severity).toBe('warning');
    expect(f.summary).toMatch(
      /^A parent will ignore the CDS\/CDNSKEY of cds-rollover\.test\.: no valid signature by a key the DS set names \(\d+\) over CDS from ns1\.cds-rollover\.test\.\/198\.51\.100\.33/,
    );
  });

  it("a CSYNC whose signature does not verify on one server is not usable: csync.unsigned, and that server's rrsig.invalid", () => {
    const c = fresh('csync-pending.test.');
    expect(allCodes(c)).toEqual(['csync.pending', 'csync.present', 'ns.mismatch']);
    edit(c, probe('csync', 'csync-pending.test.', '198.51.100.35'), (m) => ({
      ...m,
      answer: m.answer.map((rr) =>
        isRrsigOver('CSYNC')(rr) ? { ...rr, data: { ...(rr.data as RrsigData), inception: (rr.data as RrsigData).inception - 1 } } : rr,
      ),
    }));
    expect(verdicts(c)['csync-pending.test.']).toBe('secure');
    const f = analyzed(c).findings.find((x) => x.code === 'csync.unsigned')!;
    expect(f.params.reason).toBe('no valid signature over the CSYNC RRset from ns1.csync-pending.test./198.51.100.35 (invalid)');
    expect(
      analyzed(c)
        .findings.filter((x) => x.code === 'rrsig.invalid')
        .map((x) => `${x.address} ${String(x.params.type)}`),
    ).toEqual(['198.51.100.35 CSYNC']);
    // csync.pending names what blocks it.
    expect(analyzed(c).findings.find((x) => x.code === 'csync.pending')!.params.blockers).toEqual(['csync.unsigned']);
  });

  it('a CSYNC in a zone whose signatures all expired: csync.unsigned says the zone is bogus', () => {
    const c = fresh('csync-pending.test.');
    const sig = c.observations.find(probe('csync', 'csync-pending.test.'))!.response!.answer.find(isRrsigOver('CSYNC'))!.data as RrsigData;
    const later = new Date((sig.expiration + 3600) * 1000);
    const f = analyzeCapture(c, { now: later }).findings.find((x) => x.code === 'csync.unsigned')!;
    expect(f.params.reason).toMatch(/^the zone is bogus: /);
  });
});

describe('replies the transport shares (frozen) are judged as their plain copies are', () => {
  /** The RRSIG objects of a capture's answers, and how many observations hold each. */
  const sharedSignatures = (capture: Capture) => {
    const holders = new Map<RrsigData, number>();
    for (const o of capture.observations)
      for (const r of o.response?.answer ?? []) if (r.type === 'RRSIG') holders.set(r.data as RrsigData, (holders.get(r.data as RrsigData) ?? 0) + 1);
    return [...holders.values()];
  };
  /** A copy as a stored report reads back: nothing frozen, nothing shared. */
  const plain = (name: string): Capture => JSON.parse(JSON.stringify(captures.get(name))) as Capture;

  it('the same findings and facts from the walk as from a copy of it, stale servers included', () => {
    for (const name of ['healthy.test.', 'stale-sigs.test.', 'cds-rollover.test.']) {
      const walked = captures.get(name) as Capture;
      // The walk's servers share one frozen reply each: what lets a verdict be reused.
      expect(Object.isFrozen(walked.observations.find((o) => o.purpose === 'apex-soa')?.response?.answer)).toBe(true);
      expect(Math.max(...sharedSignatures(walked))).toBeGreaterThan(1);
      expect(Math.max(...sharedSignatures(plain(name)))).toBe(1);
      expect(analyzed(walked)).toEqual(analyzed(plain(name)));
    }
  });

  it('a verdict kept for one analysis time is not another’s: the shared signatures expire when the time passes them', () => {
    const walked = captures.get('healthy.test.') as Capture;
    const sig = walked.observations.find(probe('apex-soa', 'healthy.test.'))!.response!.answer.find(isRrsigOver('SOA'))!.data as RrsigData;
    const later = new Date((sig.expiration + 3600) * 1000);
    expect(verdicts(walked)['healthy.test.']).toBe('secure');
    expect(verdicts(walked, later)['healthy.test.']).toBe('bogus');
    expect(dnssecCodes(walked, later)).toContain('rrsig.expired');
    expect(analyzed(walked, later)).toEqual(analyzed(plain('healthy.test.'), later));
    // And back: the earlier time's verdicts again.
    expect(verdicts(walked)['healthy.test.']).toBe('secure');
  });
});
