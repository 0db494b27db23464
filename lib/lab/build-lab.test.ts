import { createHash, createPublicKey, verify } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import type { DnskeyData, DsData, Nsec3Data, NsecData, ResourceRecord, RrsigData } from '@/lib/dns/wire/types';
import { canonicalName, encodeName, encodeRdata, rrsigSignedData } from '@/lib/dns/wire';
import { buildLab, type Lab } from '@/lib/lab/build-lab';
import { isBelowCut, type LabZone } from '@/lib/lab/lab-zone';
import { LAB_SIGNING } from '@/lib/lab/manifest';
import { verifyRrsig, type SignatureStatus } from '@/lib/dns/dnssec/verify';
import { nsec3Hash } from '@/lib/dns/dnssec/nsec3-hash';

const NOW = new Date('2026-11-22T12:00:00Z');
let lab: Lab;
beforeAll(() => {
  lab = buildLab({ now: NOW });
});

/** Independent of the signer: the DNSKEY as a JWK, node:crypto, the RFC 4034 3.1.8.1 data. */
function verifies(rrsig: ResourceRecord, rrset: readonly ResourceRecord[], dnskey: DnskeyData): boolean {
  const raw = Buffer.from(dnskey.publicKey, 'base64');
  const key = createPublicKey({
    key: { kty: 'EC', crv: 'P-256', x: raw.subarray(0, 32).toString('base64url'), y: raw.subarray(32).toString('base64url') },
    format: 'jwk',
  });
  const data = rrsig.data as RrsigData;
  return verify('sha256', rrsigSignedData(data, rrset), { key, dsaEncoding: 'ieee-p1363' }, Buffer.from(data.signature, 'base64'));
}

/** RFC 4034 B: computed here rather than with the wire helper, to check it independently. */
function tagOf(key: DnskeyData): number {
  const rdata = encodeRdata('DNSKEY', key);
  let ac = 0;
  for (let i = 0; i < rdata.length; i++) ac += i & 1 ? rdata[i]! : rdata[i]! << 8;
  return (ac + ((ac >> 16) & 0xffff)) & 0xffff;
}

/** RFC 4509 2.1: SHA-256 over the owner's canonical wire name and the DNSKEY RDATA. */
function sha256Ds(owner: string, key: DnskeyData): string {
  return createHash('sha256')
    .update(encodeName(canonicalName(owner)))
    .update(encodeRdata('DNSKEY', key))
    .digest('hex');
}

const copies = (): [string, LabZone][] =>
  [...lab.zones].flatMap(([name, c]) => [[name, c.current] as [string, LabZone], ...(c.stale ? [[`${name} (stale)`, c.stale] as [string, LabZone]] : [])]);
const dnskeys = (zone: LabZone) => (zone.rrsets.get(zone.apex)?.get('DNSKEY') ?? []).map((rr) => rr.data as DnskeyData);
/** The RRset an RRSIG covers: NSEC3 records are kept apart from the zone's names (lab-zone.ts). */
const rrsetOf = (zone: LabZone, owner: string, type: string): readonly ResourceRecord[] =>
  (type === 'NSEC3' ? zone.nsec3!.records.get(owner) : zone.rrsets.get(owner)!.get(type))!;
/** A copy whose signer the manifest makes faulty (`faults`, `staleFaults`, keys of another algorithm than 13). */
const faulty = (name: string): boolean => {
  const spec = LAB_SIGNING[name.replace(' (stale)', '')];
  return !!spec && (!!spec.faults || (name.endsWith(' (stale)') && !!spec.staleFaults) || spec.keys.some((k) => (k.algorithm ?? 13) !== 13));
};
/** Each RRSIG of the copy as verifyRrsig (lib/dns/dnssec/verify.ts) judges it with the DNSKEY of its tag, by owner and type. */
const signatureStatuses = (zone: LabZone, now: Date): Map<string, SignatureStatus[]> => {
  const out = new Map<string, SignatureStatus[]>();
  for (const [owner, byType] of zone.signatures) {
    for (const [type, sigs] of byType) {
      const statuses = sigs.map((sig) => {
        const data = sig.data as RrsigData;
        const key = dnskeys(zone).find((k) => tagOf(k) === data.keyTag && k.algorithm === data.algorithm);
        return key ? verifyRrsig(rrsetOf(zone, owner, type), data, key, { now: now.getTime() / 1000 }).status : 'no-key';
      });
      out.set(`${owner} ${type}`, statuses);
    }
  }
  return out;
};
const dsAt = (parent: string, child: string) => (lab.zones.get(parent)!.current.rrsets.get(child)?.get('DS') ?? []).map((rr) => rr.data as DsData);

describe('signed zones', () => {
  it('signs the root, test. and the signed scenarios; the others stay unsigned', () => {
    const signed = copies()
      .filter(([, z]) => z.signed)
      .map(([n]) => n);
    expect(signed).toEqual([
      '.',
      'test.',
      'test. (stale)',
      'algo-rollover.test.',
      'bootstrap-partial.test.',
      'bootstrap-ready.test.',
      'cds-delete.test.',
      'cds-rollover.test.',
      'cloud-dns.test.',
      'co-hosted.test.',
      'csync-ahead.test.',
      'csync-badtype.test.',
      'csync-pending.test.',
      'ds-mismatch.test.',
      'ds-zsk.test.',
      'healthy.test.',
      'hosted-dns.test.',
      'no-denial.test.',
      'optout.test.',
      'private-algo.test.',
      'sig-corrupt.test.',
      'sig-expired.test.',
      'sig-future.test.',
      'signal-dns.test.',
      'stale-sigs.test.',
      'stale-sigs.test. (stale)',
      'zonehost.test.',
      'bank.optout.test.',
      'corp.zonehost.test.',
      'shop.co-hosted.test.',
      'shop.ds-zsk.test.',
    ]);
    expect(dnskeys(lab.zones.get('csync-unsigned.test.')!.current)).toEqual([]);
  });

  it('every RRSIG verifies with node:crypto against a DNSKEY of its zone, in the window from now-1h to now+30d', () => {
    let checked = 0;
    for (const [name, zone] of copies().filter(([n, z]) => z.signed && !faulty(n))) {
      const keys = dnskeys(zone);
      for (const [owner, byType] of zone.signatures) {
        for (const [type, sigs] of byType) {
          const rrset = rrsetOf(zone, owner, type);
          for (const sig of sigs) {
            const data = sig.data as RrsigData;
            const key = keys.find((k) => tagOf(k) === data.keyTag);
            expect(key, `${name} ${owner} ${type}: no DNSKEY with tag ${data.keyTag}`).toBeDefined();
            expect(verifies(sig, rrset, key!), `${name} ${owner} ${type}`).toBe(true);
            expect(data).toMatchObject({
              algorithm: 13,
              signerName: zone.apex,
              inception: NOW.getTime() / 1000 - 3600,
              expiration: NOW.getTime() / 1000 + 30 * 86400,
            });
            checked++;
          }
        }
      }
    }
    expect(checked).toBeGreaterThan(100);
  });

  it('signs every authoritative RRset and nothing at or below a cut but DS and NSEC (RFC 4035 2.2)', () => {
    for (const [name, zone] of copies().filter(([, z]) => z.signed)) {
      for (const [owner, byType] of zone.rrsets) {
        for (const type of byType.keys()) {
          const sigs = zone.signatures.get(owner)?.get(type) ?? [];
          const authoritative = !isBelowCut(owner, zone.cuts, zone.apex) && (!zone.cuts.has(owner) || type === 'DS' || type === 'NSEC');
          expect(sigs.length > 0, `${name} ${owner} ${type}`).toBe(authoritative);
        }
      }
    }
  });

  it('KSKs sign the DNSKEY RRset, ZSKs the rest', () => {
    const zone = lab.zones.get('healthy.test.')!.current;
    const flagsOf = (type: string) =>
      zone.signatures
        .get(zone.apex)!
        .get(type)!
        .map((s) => dnskeys(zone).find((k) => tagOf(k) === (s.data as RrsigData).keyTag)!.flags);
    expect(flagsOf('DNSKEY')).toEqual([257]);
    expect(flagsOf('SOA')).toEqual([256]);
  });

  it('closes the NSEC chain in canonical order, with the types present at each name', () => {
    const zone = lab.zones.get('test.')!.current;
    const nsecs = zone.nsecChain.map((owner) => zone.rrsets.get(owner)!.get('NSEC')![0]!.data as NsecData);
    expect(zone.nsecChain[0]).toBe('test.');
    expect(nsecs.at(-1)!.nextDomain).toBe('test.');
    expect(nsecs[0]!.types).toEqual(['NS', 'SOA', 'RRSIG', 'NSEC', 'DNSKEY']);
    const healthy = zone.rrsets.get('healthy.test.')!.get('NSEC')![0]!.data as NsecData;
    expect(healthy.types).toEqual(['NS', 'DS', 'RRSIG', 'NSEC']);
    // Glue is occluded: no NSEC for ns1.healthy.test.
    expect(zone.nsecChain).not.toContain('ns1.healthy.test.');
  });
});

describe('signature faults (manifest `faults`)', () => {
  const DAY = 86400;
  const nowS = NOW.getTime() / 1000;
  const zone = (name: string) => lab.zones.get(name)!.current;
  const rrsigs = (z: LabZone) => [...z.signatures.values()].flatMap((byType) => [...byType.values()].flat()).map((rr) => rr.data as RrsigData);

  it('sig-expired.test: every RRSIG expired 10 days before the build, 30 days after it was made', () => {
    const statuses = [...signatureStatuses(zone('sig-expired.test.'), NOW).values()].flat();
    expect(statuses.length).toBeGreaterThan(5);
    expect(new Set(statuses)).toEqual(new Set(['expired']));
    for (const sig of rrsigs(zone('sig-expired.test.'))) expect(sig).toMatchObject({ expiration: nowS - 10 * DAY, inception: nowS - 40 * DAY - 3600 });
    // Checked 41 days earlier, the same signatures were good: nothing else is wrong with them.
    expect(new Set([...signatureStatuses(zone('sig-expired.test.'), new Date(NOW.getTime() - 39 * DAY * 1000)).values()].flat())).toEqual(new Set(['valid']));
  });

  it('sig-future.test: every RRSIG starts a week after the build, and verifies once that week is over', () => {
    expect(new Set([...signatureStatuses(zone('sig-future.test.'), NOW).values()].flat())).toEqual(new Set(['not-yet-valid']));
    for (const sig of rrsigs(zone('sig-future.test.'))) expect(sig.inception).toBe(nowS + 7 * DAY - 3600);
    expect(new Set([...signatureStatuses(zone('sig-future.test.'), new Date(NOW.getTime() + 8 * DAY * 1000)).values()].flat())).toEqual(new Set(['valid']));
  });

  it("sig-corrupt.test: only the SOA's RRSIG fails, and it has the shape and fields of a good one", () => {
    const statuses = signatureStatuses(zone('sig-corrupt.test.'), NOW);
    expect(statuses.get('sig-corrupt.test. SOA')).toEqual(['invalid']);
    statuses.delete('sig-corrupt.test. SOA');
    expect(new Set([...statuses.values()].flat())).toEqual(new Set(['valid']));
    const soaSig = zone('sig-corrupt.test.').signatures.get('sig-corrupt.test.')!.get('SOA')![0]!.data as RrsigData;
    expect(Buffer.from(soaSig.signature, 'base64')).toHaveLength(64);
    expect(soaSig).toMatchObject({ typeCovered: 'SOA', algorithm: 13, signerName: 'sig-corrupt.test.', expiration: nowS + 30 * DAY });
    // The provider's own zone, on the same servers, is signed right.
    expect(new Set([...signatureStatuses(zone('cloud-dns.test.'), NOW).values()].flat())).toEqual(new Set(['valid']));
  });

  it("shop.ds-zsk.test: the parent's only DS is the ZSK's, a key that signs no DNSKEY RRset", () => {
    const zsk = lab.keys.get('shop.ds-zsk.test.')!.get('zsk')!;
    expect(dsAt('ds-zsk.test.', 'shop.ds-zsk.test.')).toEqual([
      { keyTag: tagOf(zsk.dnskey), algorithm: 13, digestType: 2, digest: sha256Ds('shop.ds-zsk.test.', zsk.dnskey) },
    ]);
    expect(zsk.dnskey.flags).toBe(256);
    const child = zone('shop.ds-zsk.test.');
    const keysetSigners = child.signatures
      .get(child.apex)!
      .get('DNSKEY')!
      .map((rr) => (rr.data as RrsigData).keyTag);
    expect(keysetSigners).toHaveLength(1);
    expect(keysetSigners).not.toContain(zsk.keyTag);
    expect(signatureStatuses(child, NOW).get('shop.ds-zsk.test. DNSKEY')).toEqual(['valid']);
  });
});

describe('algorithms and stale copies', () => {
  const zone = (name: string) => lab.zones.get(name)!.current;
  const algorithmsOf = (z: LabZone) =>
    new Set([...z.signatures.values()].flatMap((byType) => [...byType.values()].flat()).map((rr) => (rr.data as RrsigData).algorithm));

  it('algo-rollover.test: an Ed25519 KSK published with a DS at the parent, and every RRset signed with algorithm 13 only', () => {
    const ed = lab.keys.get('algo-rollover.test.')!.get('ksk-ed25519')!;
    const p256 = lab.keys.get('algo-rollover.test.')!.get('ksk')!;
    expect(ed.dnskey).toMatchObject({ flags: 257, algorithm: 15 });
    expect(dnskeys(zone('algo-rollover.test.'))).toContainEqual(ed.dnskey);
    expect(dsAt('test.', 'algo-rollover.test.')).toEqual([
      { keyTag: tagOf(p256.dnskey), algorithm: 13, digestType: 2, digest: sha256Ds('algo-rollover.test.', p256.dnskey) },
      { keyTag: tagOf(ed.dnskey), algorithm: 15, digestType: 2, digest: sha256Ds('algo-rollover.test.', ed.dnskey) },
    ]);
    expect(algorithmsOf(zone('algo-rollover.test.'))).toEqual(new Set([13]));
    expect(new Set([...signatureStatuses(zone('algo-rollover.test.'), NOW).values()].flat())).toEqual(new Set(['valid']));
  });

  it('private-algo.test: DNSKEY, DS and every RRSIG of algorithm 253, which verifyRrsig cannot check', () => {
    const ksk = lab.keys.get('private-algo.test.')!.get('ksk')!;
    expect(dnskeys(zone('private-algo.test.')).map((k) => k.algorithm)).toEqual([253, 253]);
    expect(dsAt('test.', 'private-algo.test.')).toEqual([
      { keyTag: tagOf(ksk.dnskey), algorithm: 253, digestType: 2, digest: sha256Ds('private-algo.test.', ksk.dnskey) },
    ]);
    expect(algorithmsOf(zone('private-algo.test.'))).toEqual(new Set([253]));
    expect(new Set([...signatureStatuses(zone('private-algo.test.'), NOW).values()].flat())).toEqual(new Set(['unsupported-algorithm']));
  });

  it('stale-sigs.test: the current copy is signed right, the stale copy (older serial) with signatures that expired', () => {
    const copies = lab.zones.get('stale-sigs.test.')!;
    expect(new Set([...signatureStatuses(copies.current, NOW).values()].flat())).toEqual(new Set(['valid']));
    expect(new Set([...signatureStatuses(copies.stale!, NOW).values()].flat())).toEqual(new Set(['expired']));
    expect((copies.stale!.soa.data as { serial: number }).serial).toBeLessThan((copies.current.soa.data as { serial: number }).serial);
    // Same keys on both: the secondary has the zone as the signer made it, only older.
    expect(dnskeys(copies.stale!)).toEqual(dnskeys(copies.current));
  });
});

describe('NSEC3 opt-out (optout.test)', () => {
  it('has NSEC3PARAM and a closed NSEC3 chain over every name but the unsigned delegation and glue, all flagged Opt-Out', () => {
    const zone = lab.zones.get('optout.test.')!.current;
    expect(zone.nsecChain).toEqual([]);
    expect([...zone.rrsets.values()].some((byType) => byType.has('NSEC'))).toBe(false);
    expect(
      zone.rrsets
        .get('optout.test.')!
        .get('NSEC3PARAM')!
        .map((rr) => rr.data),
    ).toEqual([{ hashAlgorithm: 1, flags: 0, iterations: 0, salt: '' }]);
    const owners = ['optout.test.', 'ns1.optout.test.', 'ns2.optout.test.', 'whois.optout.test.', 'bank.optout.test.'];
    const byHash = new Map(owners.map((o) => [nsec3Hash(o, 1, 0, ''), o]));
    const nsec3s = [...zone.nsec3!.records.values()].flat();
    expect(new Set(nsec3s.map((rr) => canonicalName(rr.name)))).toEqual(new Set([...byHash.keys()].map((h) => `${h}.optout.test.`)));
    // Each next hashed owner is the following hash in order, and the last points back to the first.
    const sorted = [...byHash.keys()].sort();
    for (const rr of nsec3s) {
      const data = rr.data as Nsec3Data;
      const hash = rr.name.split('.')[0]!;
      expect(data.nextHashedOwner).toBe(sorted[(sorted.indexOf(hash) + 1) % sorted.length]);
      expect(data).toMatchObject({ hashAlgorithm: 1, flags: 1, iterations: 0, salt: '' });
      expect(rr.ttl).toBe(3600);
    }
    const typesOf = (owner: string) => (zone.nsec3!.records.get(`${nsec3Hash(owner, 1, 0, '')}.optout.test.`)![0]!.data as Nsec3Data).types;
    expect(typesOf('optout.test.')).toEqual(['NS', 'SOA', 'RRSIG', 'DNSKEY', 'NSEC3PARAM']);
    expect(typesOf('bank.optout.test.')).toEqual(['NS', 'DS', 'RRSIG']);
    // Every NSEC3 and NSEC3PARAM is signed, and verifies.
    const statuses = signatureStatuses(zone, NOW);
    for (const rr of nsec3s) expect(statuses.get(`${canonicalName(rr.name)} NSEC3`), rr.name).toEqual(['valid']);
    expect(statuses.get('optout.test. NSEC3PARAM')).toEqual(['valid']);
    // The export has the chain too.
    expect(zone.records.filter((rr) => rr.type === 'NSEC3')).toHaveLength(owners.length);
  });
});

describe('DS, CDS and the trust anchor', () => {
  it("test. holds a DS for healthy.test's KSK that matches by key tag and digest", () => {
    const ksk = dnskeys(lab.zones.get('healthy.test.')!.current).find((k) => k.flags === 257)!;
    expect(dsAt('test.', 'healthy.test.')).toEqual([{ keyTag: tagOf(ksk), algorithm: 13, digestType: 2, digest: sha256Ds('healthy.test.', ksk) }]);
  });

  it('every signed child but ds-mismatch.test has a DS matching a published KSK; the stale test. copy has the same DS', () => {
    for (const child of ['healthy.test.', 'cds-delete.test.', 'cds-rollover.test.', 'csync-ahead.test.', 'csync-badtype.test.', 'csync-pending.test.']) {
      const keys = dnskeys(lab.zones.get(child)!.current);
      for (const ds of dsAt('test.', child)) expect(keys.some((k) => k.flags === 257 && sha256Ds(child, k) === ds.digest)).toBe(true);
      expect(
        lab.zones
          .get('test.')!
          .stale!.rrsets.get(child)!
          .get('DS')!
          .map((rr) => rr.data),
      ).toEqual(dsAt('test.', child));
    }
    expect(dsAt('test.', 'lame.test.')).toEqual([]);
    expect(dsAt('test.', 'csync-unsigned.test.')).toEqual([]);
  });

  it('ds-mismatch.test: the DS matches none of the published keys, by tag or digest', () => {
    const keys = dnskeys(lab.zones.get('ds-mismatch.test.')!.current);
    const [ds] = dsAt('test.', 'ds-mismatch.test.');
    expect(ds).toBeDefined();
    expect(keys.some((k) => tagOf(k) === ds!.keyTag || sha256Ds('ds-mismatch.test.', k) === ds!.digest)).toBe(false);
  });

  it('cds-rollover.test: DS for the old KSK, CDS and CDNSKEY for the new one, both KSKs sign the keys', () => {
    const zone = lab.zones.get('cds-rollover.test.')!.current;
    const newKsk = lab.keys.get('cds-rollover.test.')!.get('ksk-new')!.dnskey;
    const oldKsk = lab.keys.get('cds-rollover.test.')!.get('ksk')!.dnskey;
    expect(dsAt('test.', 'cds-rollover.test.').map((d) => d.digest)).toEqual([sha256Ds('cds-rollover.test.', oldKsk)]);
    expect(
      zone.rrsets
        .get(zone.apex)!
        .get('CDS')!
        .map((rr) => rr.data),
    ).toEqual([{ keyTag: tagOf(newKsk), algorithm: 13, digestType: 2, digest: sha256Ds('cds-rollover.test.', newKsk) }]);
    expect(
      zone.rrsets
        .get(zone.apex)!
        .get('CDNSKEY')!
        .map((rr) => rr.data),
    ).toEqual([newKsk]);
    expect(
      zone.signatures
        .get(zone.apex)!
        .get('DNSKEY')!
        .map((s) => (s.data as RrsigData).keyTag)
        .sort(),
    ).toEqual([tagOf(oldKsk), tagOf(newKsk)].sort());
  });

  it('bootstrap-ready.test: no DS, CDS for its KSK; signal-dns.test co-publishes them under both NS names, signed with its own keys (RFC 9615)', () => {
    const ksk = lab.keys.get('bootstrap-ready.test.')!.get('ksk')!.dnskey;
    const cds = { keyTag: tagOf(ksk), algorithm: 13, digestType: 2, digest: sha256Ds('bootstrap-ready.test.', ksk) };
    expect(dsAt('test.', 'bootstrap-ready.test.')).toEqual([]);
    const child = lab.zones.get('bootstrap-ready.test.')!.current;
    expect(
      child.rrsets
        .get(child.apex)!
        .get('CDS')!
        .map((rr) => rr.data),
    ).toEqual([cds]);
    const provider = lab.zones.get('signal-dns.test.')!.current;
    const providerKsk = dnskeys(provider).find((k) => k.flags === 257)!;
    for (const ns of ['ns1', 'ns2']) {
      const owner = `_dsboot.bootstrap-ready.test._signal.${ns}.signal-dns.test.`;
      expect(
        provider.rrsets
          .get(owner)!
          .get('CDS')!
          .map((rr) => rr.data),
      ).toEqual([cds]);
      expect(
        provider.rrsets
          .get(owner)!
          .get('CDNSKEY')!
          .map((rr) => rr.data),
      ).toEqual([ksk]);
      const [sig] = provider.signatures.get(owner)!.get('CDS')!;
      expect(verifies(sig!, provider.rrsets.get(owner)!.get('CDS')!, providerKsk)).toBe(true);
    }
    // bootstrap-partial.test: under ns2 only; legacy-dns.test signals nothing.
    expect(provider.rrsets.has('_dsboot.bootstrap-partial.test._signal.ns2.signal-dns.test.')).toBe(true);
    expect(provider.rrsets.has('_dsboot.bootstrap-partial.test._signal.ns1.signal-dns.test.')).toBe(false);
    expect([...lab.zones.get('legacy-dns.test.')!.current.rrsets.keys()].filter((n) => n.startsWith('_dsboot'))).toEqual([]);
  });

  it('cds-delete.test publishes the RFC 8078 delete request, signed', () => {
    const zone = lab.zones.get('cds-delete.test.')!.current;
    expect(
      zone.rrsets
        .get(zone.apex)!
        .get('CDS')!
        .map((rr) => rr.data),
    ).toEqual([{ keyTag: 0, algorithm: 0, digestType: 0, digest: '00' }]);
    expect(
      zone.rrsets
        .get(zone.apex)!
        .get('CDNSKEY')!
        .map((rr) => rr.data),
    ).toEqual([{ flags: 0, protocol: 3, algorithm: 0, publicKey: 'AA==' }]);
    expect(zone.signatures.get(zone.apex)!.get('CDS')).toHaveLength(1);
  });

  it('the trust anchor is the DS of the root KSK, and the root holds the DS of test.', () => {
    const rootKsk = dnskeys(lab.zones.get('.')!.current).find((k) => k.flags === 257)!;
    expect(lab.trustAnchor.map((rr) => rr.data)).toEqual([{ keyTag: tagOf(rootKsk), algorithm: 13, digestType: 2, digest: sha256Ds('.', rootKsk) }]);
    expect(dsAt('.', 'test.')).toHaveLength(1);
  });

  it('keys, key tags and DS are the same in every build (permalinks and fixtures stay valid)', () => {
    const again = buildLab({ now: new Date('2027-01-01T00:00:00Z') });
    for (const zone of ['.', 'test.', 'healthy.test.']) {
      expect(dnskeys(again.zones.get(zone)!.current)).toEqual(dnskeys(lab.zones.get(zone)!.current));
    }
    expect(
      again.zones
        .get('test.')!
        .current.rrsets.get('healthy.test.')!
        .get('DS')!
        .map((r) => r.data),
    ).toEqual(dsAt('test.', 'healthy.test.'));
  });
});

describe('addresses', () => {
  it('finds servers by any spelling of their addresses, and nothing elsewhere', () => {
    expect(lab.serverAt('2001:DB8:100:0:0:0:0:20')?.name).toBe('ns1.healthy.test.');
    expect(lab.serverAt('198.51.100.20')?.name).toBe('ns1.healthy.test.');
    expect(lab.serverAt('198.51.100.123')).toBeUndefined();
    expect(lab.serverAt('not an address')).toBeUndefined();
  });

  it('rewrites A/AAAA data before signing when asked (the export to loopback)', () => {
    const moved = buildLab({ now: NOW, rewriteAddress: (a) => (a.includes(':') ? null : '127.0.0.1') });
    const zone = moved.zones.get('healthy.test.')!.current;
    expect(zone.rrsets.get('ns1.healthy.test.')!.get('A')![0]!.data).toBe('127.0.0.1');
    expect(zone.rrsets.get('ns1.healthy.test.')!.get('AAAA')).toBeUndefined();
    const sig = zone.signatures.get('ns1.healthy.test.')!.get('A')![0]!;
    expect(
      verifies(
        sig,
        zone.rrsets.get('ns1.healthy.test.')!.get('A')!,
        dnskeys(zone).find((k) => k.flags === 256)!,
      ),
    ).toBe(true);
  });

  it('adds extra records to a zone before signing, kept from the address rewrite (the interop delegation of signzone.test.)', () => {
    const ds = { keyTag: 4242, algorithm: 13, digestType: 2, digest: 'ab'.repeat(32) };
    const extra: ResourceRecord[] = [
      { name: 'signzone.test.', type: 'NS', class: 'IN', ttl: 3600, data: 'ns1.signzone.test.' },
      { name: 'ns1.signzone.test.', type: 'A', class: 'IN', ttl: 3600, data: '127.54.10.1' },
      { name: 'signzone.test.', type: 'DS', class: 'IN', ttl: 3600, data: ds },
    ];
    const withExtra = buildLab({ now: NOW, rewriteAddress: () => null, extraRecords: { 'test.': extra } });
    for (const copy of [withExtra.zones.get('test.')!.current, withExtra.zones.get('test.')!.stale!]) {
      expect(
        copy.rrsets
          .get('signzone.test.')!
          .get('DS')!
          .map((rr) => rr.data),
      ).toEqual([ds]);
      expect(copy.rrsets.get('ns1.signzone.test.')!.get('A')![0]!.data).toBe('127.54.10.1');
      const sig = copy.signatures.get('signzone.test.')!.get('DS')![0]!;
      expect(
        verifies(
          sig,
          copy.rrsets.get('signzone.test.')!.get('DS')!,
          dnskeys(copy).find((k) => k.flags === 256)!,
        ),
      ).toBe(true);
    }
    expect(() => buildLab({ now: NOW, extraRecords: { 'nowhere.test.': extra } })).toThrow(/not a lab zone/);
  });
});
