import { describe, expect, it } from 'vitest';
import type { Nsec3Data, ResourceRecord, RRType } from '@/lib/dns/wire/types';
import { proveDsAbsence } from '@/lib/dns/dnssec/denial';
import { nsec3Hash } from '@/lib/dns/dnssec/nsec3-hash';
import { parseZoneFile } from '@/lib/dns/wire/zone-file';

const nsec = (owner: string, nextDomain: string, types: RRType[]): ResourceRecord => ({
  name: owner,
  type: 'NSEC',
  class: 'IN',
  ttl: 300,
  data: { nextDomain, types },
});

describe('NSEC (RFC 4035 5.4, RFC 6840 4.4)', () => {
  it('an NSEC at the child with NS and no DS proves the DS absent', () => {
    const record = nsec('Insecure.Parent.TEST.', 'z.parent.test.', ['NS', 'RRSIG', 'NSEC']);
    expect(proveDsAbsence('insecure.parent.test', 'parent.test.', [record])).toEqual({ proven: true, by: 'nsec', records: [record] });
  });

  it('an NSEC from the child apex (with SOA) is ignored in favour of the parent side', () => {
    const apex = nsec('insecure.parent.test.', 'www.insecure.parent.test.', ['NS', 'SOA', 'RRSIG', 'NSEC', 'DNSKEY']);
    const parentSide = nsec('insecure.parent.test.', 'z.parent.test.', ['NS', 'RRSIG', 'NSEC']);
    expect(proveDsAbsence('insecure.parent.test.', 'parent.test.', [apex, parentSide])).toMatchObject({ proven: true, records: [parentSide] });
    expect(proveDsAbsence('insecure.parent.test.', 'parent.test.', [apex])).toEqual({
      proven: false,
      reason: expect.stringMatching(/lists SOA.*other side of the cut/),
    });
  });

  it.each<[string, ResourceRecord[], RegExp]>([
    ['no records', [], /no NSEC or NSEC3 records/],
    ['an NSEC owned by another name', [nsec('a.parent.test.', 'z.parent.test.', ['NS', 'RRSIG', 'NSEC'])], /no NSEC owned by insecure\.parent\.test\./],
    ['a bitmap with DS', [nsec('insecure.parent.test.', 'z.parent.test.', ['NS', 'DS', 'RRSIG', 'NSEC'])], /lists DS/],
    ['a bitmap without NS', [nsec('insecure.parent.test.', 'z.parent.test.', ['A', 'RRSIG', 'NSEC'])], /not a delegation/],
  ])('%s: no proof', (_, authority, reason) => {
    expect(proveDsAbsence('insecure.parent.test.', 'parent.test.', authority)).toEqual({
      proven: false,
      reason: expect.stringMatching(reason),
    });
  });

  it('a child that is not below the parent zone', () => {
    const record = nsec('other.test.', 'z.test.', ['NS', 'RRSIG', 'NSEC']);
    expect(proveDsAbsence('other.test.', 'parent.test.', [record])).toMatchObject({ proven: false, reason: expect.stringMatching(/not below parent\.test\./) });
    expect(proveDsAbsence('parent.test.', 'parent.test.', [record]).proven).toBe(false);
  });
});

// ---- NSEC3 ----

const ZONE = 'parent.test.';
const SALT = 'beef';
const ITERATIONS = 0;

interface Node {
  name: string;
  types: RRType[];
}

/** An NSEC3 chain over `nodes` (hashed, sorted, each pointing at the next, the last at the first). */
function chain(nodes: Node[], opts: { flags?: number; salt?: string; iterations?: number; hashAlgorithm?: number } = {}): Map<string, ResourceRecord> {
  const salt = opts.salt ?? SALT;
  const iterations = opts.iterations ?? ITERATIONS;
  const hashed = nodes.map((n) => ({ ...n, hash: nsec3Hash(n.name, 1, iterations, salt) })).sort((a, b) => (a.hash < b.hash ? -1 : 1));
  const out = new Map<string, ResourceRecord>();
  hashed.forEach((n, i) => {
    const data: Nsec3Data = {
      hashAlgorithm: opts.hashAlgorithm ?? 1,
      flags: opts.flags ?? 0,
      iterations,
      salt,
      nextHashedOwner: hashed[(i + 1) % hashed.length]!.hash,
      types: n.types,
    };
    out.set(n.name, { name: `${n.hash.toUpperCase()}.${ZONE}`, type: 'NSEC3', class: 'IN', ttl: 300, data });
  });
  return out;
}

/** The record of `records` whose interval covers `name`'s hash. */
function coveringOf(records: Map<string, ResourceRecord>, name: string): ResourceRecord {
  const h = nsec3Hash(name, 1, ITERATIONS, SALT);
  for (const rr of records.values()) {
    const from = rr.name.split('.')[0]!.toLowerCase();
    const to = (rr.data as Nsec3Data).nextHashedOwner;
    if (from < to ? from < h && h < to : h > from || h < to) return rr;
  }
  throw new Error(`nothing covers ${name}`);
}

const APEX: Node = { name: ZONE, types: ['NS', 'SOA', 'RRSIG', 'DNSKEY', 'NSEC3PARAM'] };
const SECURE: Node = { name: `secure.${ZONE}`, types: ['NS', 'DS', 'RRSIG'] };
const INSECURE: Node = { name: `insecure.${ZONE}`, types: ['NS'] };
const WWW: Node = { name: `www.${ZONE}`, types: ['A', 'RRSIG'] };
const ENT: Node = { name: `b.${ZONE}`, types: [] };

describe('NSEC3 (RFC 5155 8.5, 8.6)', () => {
  const full = chain([APEX, SECURE, INSECURE, WWW]);

  it('an NSEC3 matching hash(child) with NS and no DS proves the DS absent', () => {
    const record = full.get(INSECURE.name)!;
    expect(proveDsAbsence('INSECURE.parent.test', ZONE, [...full.values()])).toEqual({ proven: true, by: 'nsec3', records: [record] });
  });

  it('the matching NSEC3 lists DS, or no NS: no proof', () => {
    expect(proveDsAbsence(SECURE.name, ZONE, [full.get(SECURE.name)!])).toEqual({
      proven: false,
      reason: expect.stringMatching(/NSEC3 matching secure\.parent\.test\. lists DS/),
    });
    expect(proveDsAbsence(WWW.name, ZONE, [full.get(WWW.name)!])).toEqual({ proven: false, reason: expect.stringMatching(/not a delegation/) });
  });

  it('opt-out: the closest encloser matched and the next closer covered with Opt-Out', () => {
    const optOut = chain([APEX, SECURE, WWW], { flags: 1 });
    const child = `unsigned.${ZONE}`;
    const covering = coveringOf(optOut, child);
    const result = proveDsAbsence(child, ZONE, [...optOut.values()]);
    expect(result).toEqual({ proven: true, by: 'nsec3-opt-out', records: [optOut.get(ZONE)!, covering] });
  });

  it('opt-out below an empty non-terminal: the closest encloser is the ENT', () => {
    const optOut = chain([APEX, ENT, SECURE], { flags: 1 });
    const child = `a.b.${ZONE}`;
    expect(proveDsAbsence(child, ZONE, [...optOut.values()])).toEqual({
      proven: true,
      by: 'nsec3-opt-out',
      records: [optOut.get(ENT.name)!, coveringOf(optOut, child)],
    });
  });

  it('a covering NSEC3 without Opt-Out proves the name absent, not an unsigned delegation', () => {
    const noOptOut = chain([APEX, SECURE, WWW]);
    expect(proveDsAbsence(`unsigned.${ZONE}`, ZONE, [...noOptOut.values()])).toEqual({ proven: false, reason: expect.stringMatching(/no Opt-Out flag/) });
  });

  it('the closest encloser matched but the next closer name not covered', () => {
    const optOut = chain([APEX, SECURE, WWW], { flags: 1 });
    const child = `unsigned.${ZONE}`;
    const covering = coveringOf(optOut, child);
    const authority = [...optOut.values()].filter((rr) => rr !== covering);
    expect(proveDsAbsence(child, ZONE, authority)).toEqual({
      proven: false,
      reason: expect.stringMatching(/none covers the next closer name unsigned\.parent\.test\./),
    });
  });

  it('no NSEC3 matches any encloser', () => {
    const optOut = chain([APEX, SECURE, WWW], { flags: 1 });
    const authority = [...optOut.values()].filter((rr) => rr !== optOut.get(ZONE));
    expect(proveDsAbsence(`unsigned.${ZONE}`, ZONE, authority)).toEqual({ proven: false, reason: expect.stringMatching(/no NSEC3 matches/) });
  });

  it('a closest encloser that is a delegation cannot prove names below it', () => {
    const optOut = chain([APEX, INSECURE, WWW], { flags: 1 });
    expect(proveDsAbsence(`x.${INSECURE.name}`, ZONE, [...optOut.values()])).toEqual({
      proven: false,
      reason: expect.stringMatching(/insecure\.parent\.test\. is a delegation/),
    });
  });

  it('parameters that differ between the records', () => {
    const a = chain([APEX, SECURE], { flags: 1 });
    const b = chain([INSECURE], { flags: 1, salt: 'cafe' });
    expect(proveDsAbsence(INSECURE.name, ZONE, [...a.values(), ...b.values()])).toEqual({
      proven: false,
      reason: expect.stringMatching(/disagree on their parameters.*1 0 beef \/ 1 0 cafe/),
    });
  });

  it('more than 150 iterations (RFC 9276), or an unknown hash algorithm: no proof, and why', () => {
    const many = chain([APEX, INSECURE], { iterations: 151 });
    expect(proveDsAbsence(INSECURE.name, ZONE, [...many.values()])).toEqual({ proven: false, reason: expect.stringMatching(/151 iterations.*RFC 9276/) });
    const at150 = chain([APEX, INSECURE], { iterations: 150 });
    expect(proveDsAbsence(INSECURE.name, ZONE, [...at150.values()]).proven).toBe(true);
    const otherHash = chain([APEX, INSECURE], { hashAlgorithm: 2 });
    expect(proveDsAbsence(INSECURE.name, ZONE, [...otherHash.values()])).toEqual({
      proven: false,
      reason: expect.stringMatching(/hash algorithm 2 is unknown/),
    });
  });

  it('NSEC3 with unknown flags are ignored (RFC 5155 8.2), and so are those of another zone', () => {
    const flagged = chain([APEX, INSECURE], { flags: 2 });
    expect(proveDsAbsence(INSECURE.name, ZONE, [...flagged.values()])).toEqual({ proven: false, reason: expect.stringMatching(/no NSEC3 of parent\.test\./) });
    const childSide = [...full.values()].map((rr) => ({ ...rr, name: rr.name.replace(ZONE, INSECURE.name) }));
    expect(proveDsAbsence(INSECURE.name, ZONE, childSide).proven).toBe(false);
  });
});

describe('RFC 5155 Appendix B.3: the referral to the opt-out unsigned zone c.example', () => {
  // Appendix A's records, as printed there (salt aabbccdd, 12 iterations, Opt-Out on every NSEC3).
  const records = parseZoneFile(
    [
      '$ORIGIN example.',
      '$TTL 3600',
      '0p9mhaveqvm6t7vbl5lop2u3t2rp3tom NSEC3 1 1 12 aabbccdd ( 2t7b4g4vsa5smi47k61mv5bv1a22bojr MX DNSKEY NS SOA NSEC3PARAM RRSIG )',
      '35mthgpgcu1qg68fab165klnsnk3dpvl NSEC3 1 1 12 aabbccdd ( b4um86eghhds6nea196smvmlo4ors995 NS DS RRSIG )',
    ].join('\n'),
  );

  it('proves c.example has no DS by opt-out', () => {
    expect(proveDsAbsence('c.example.', 'example.', records)).toEqual({ proven: true, by: 'nsec3-opt-out', records });
  });

  it('a.example, in the same chain, has a DS', () => {
    expect(proveDsAbsence('a.example.', 'example.', records)).toMatchObject({ proven: false, reason: expect.stringMatching(/lists DS/) });
  });
});
