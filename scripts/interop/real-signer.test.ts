// The real signer's zones hold the faults they claim, read back with our own parser and checked
// with our own verifier (lib/dns/dnssec/verify.ts), independently of any validator. Needs BIND's
// dnssec-keygen and dnssec-signzone (bind9-utils), not root.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DnskeyData, DsData, Nsec3Data, ResourceRecord, RrsigData } from '@/lib/dns/wire/types';
import { dsFromDnskey } from '@/lib/dns/dnssec/ds-digest';
import { nsec3Hash } from '@/lib/dns/dnssec/nsec3-hash';
import { verifyRrset } from '@/lib/dns/dnssec/verify';
import { canonicalName } from '@/lib/dns/wire';
import { parseZoneFile } from '@/lib/dns/wire/zone-file';
import { flipSignatureOctet, REAL_SIGNER_PARENT as P, REAL_SIGNER_ZONES, signRealSignerZones, type RealSignerOutput } from './real-signer';

const NOW = new Date();
const nowS = Math.floor(NOW.getTime() / 1000);
let dir: string;
let out: RealSignerOutput;
const zones = new Map<string, ResourceRecord[]>();

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'zonecut-real-signer-'));
  out = signRealSignerZones(dir, NOW);
  for (const z of out.zones) zones.set(z.zone, parseZoneFile(readFileSync(z.file, 'utf8'), { origin: z.zone, fileName: z.file }));
}, 30_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const records = (zone: string, name: string, type: string) =>
  zones.get(zone)!.filter((rr) => canonicalName(rr.name) === canonicalName(name) && rr.type === type);
const rrsigs = (zone: string, name: string, type: string) =>
  records(zone, name, 'RRSIG')
    .map((rr) => rr.data as RrsigData)
    .filter((s) => s.typeCovered === type);
const keys = (zone: string) => records(zone, zone, 'DNSKEY').map((rr) => rr.data as DnskeyData);
/** Our verifier's statuses for the signatures over `type` at the apex. */
const statuses = (zone: string, type: string) =>
  verifyRrset(records(zone, zone, type), rrsigs(zone, zone, type), keys(zone), { now: nowS }).checks.map((c) => c.status);
const parentDs = (zone: string) => records(P, zone, 'DS').map((rr) => rr.data as DsData);
const keyFor = (zone: string, ds: DsData) => keys(zone).find((k) => dsFromDnskey(zone, k, ds.digestType)?.digest === ds.digest.toLowerCase());

describe('signRealSignerZones (dnssec-signzone)', () => {
  it('writes every zone it lists, and delegates the parent from test. with a DS for its KSK', () => {
    expect(out.zones.map((z) => z.zone).sort()).toEqual(REAL_SIGNER_ZONES.map((z) => z.zone).sort());
    const ds = out.parentRecords.filter((rr) => rr.type === 'DS');
    expect(ds).toHaveLength(1);
    expect(keyFor(P, ds[0]!.data as DsData)?.flags).toBe(257);
    expect(statuses(P, 'SOA')).toEqual(['valid']);
    expect(statuses(P, 'DNSKEY')).toEqual(['valid']);
  });

  it('expired and not-yet-valid: every signature outside its window, and otherwise sound', () => {
    for (const [zone, status] of [
      [`expired.${P}`, 'expired'],
      [`not-yet-valid.${P}`, 'not-yet-valid'],
    ] as const) {
      expect(statuses(zone, 'SOA'), zone).toEqual([status]);
      expect(statuses(zone, 'DNSKEY'), zone).toEqual([status]);
      // Far outside: more than any validator's skew allowance.
      const s = rrsigs(zone, zone, 'SOA')[0]!;
      expect(status === 'expired' ? nowS - s.expiration : s.inception - nowS).toBeGreaterThan(86400);
      // The same signatures verify at a moment inside their window: the fault is the window alone.
      const inside = (s.inception + s.expiration) / 2;
      expect(verifyRrset(records(zone, zone, 'SOA'), rrsigs(zone, zone, 'SOA'), keys(zone), { now: inside }).secure).toBe(true);
    }
  });

  it('corrupted: the SOA signature fails to verify, the rest of the zone is sound', () => {
    const zone = `corrupted.${P}`;
    expect(statuses(zone, 'SOA')).toEqual(['invalid']);
    expect(statuses(zone, 'NS')).toEqual(['valid']);
    expect(statuses(zone, 'DNSKEY')).toEqual(['valid']);
  });

  it('ds-unsigned-keyset: the DS names the ZSK, which is published and signs the SOA but not the DNSKEY set', () => {
    const zone = `ds-unsigned-keyset.${P}`;
    const [ds] = parentDs(zone);
    const key = keyFor(zone, ds!);
    expect(key?.flags).toBe(256);
    expect(rrsigs(zone, zone, 'DNSKEY').map((s) => s.keyTag)).not.toContain(ds!.keyTag);
    expect(rrsigs(zone, zone, 'SOA').map((s) => s.keyTag)).toEqual([ds!.keyTag]);
    expect(statuses(zone, 'DNSKEY')).toEqual(['valid']);
  });

  it('algorithm-rollover: DNSKEY and DS for RSASHA256 and ECDSA P-256, signatures by RSASHA256 only', () => {
    const zone = `algorithm-rollover.${P}`;
    expect(
      keys(zone)
        .map((k) => `${k.flags}/${k.algorithm}`)
        .sort(),
    ).toEqual(['256/8', '257/13', '257/8']);
    expect(
      parentDs(zone)
        .map((d) => d.algorithm)
        .sort(),
    ).toEqual([13, 8]);
    expect(parentDs(zone).every((d) => keyFor(zone, d))).toBe(true);
    expect(
      new Set(
        zones
          .get(zone)!
          .filter((rr) => rr.type === 'RRSIG')
          .map((rr) => (rr.data as RrsigData).algorithm),
      ),
    ).toEqual(new Set([8]));
    expect(statuses(zone, 'DNSKEY')).toEqual(['valid']);
  });

  it('optout: NSEC3 with the opt-out flag, no NSEC3 and no DS for the unsigned child', () => {
    const zone = `optout.${P}`;
    const child = `unsigned.${zone}`;
    const nsec3 = zones.get(zone)!.filter((rr) => rr.type === 'NSEC3');
    expect(nsec3.length).toBeGreaterThan(1);
    const first = nsec3[0]!.data as Nsec3Data;
    expect(nsec3.every((rr) => ((rr.data as Nsec3Data).flags & 1) === 1)).toBe(true);
    const childHash = nsec3Hash(child, first.hashAlgorithm, first.iterations, first.salt);
    expect(nsec3.map((rr) => canonicalName(rr.name).split('.')[0])).not.toContain(childHash);
    expect(nsec3.map((rr) => canonicalName(rr.name).split('.')[0])).toContain(nsec3Hash(zone, first.hashAlgorithm, first.iterations, first.salt));
    expect(records(zone, child, 'NS')).toHaveLength(3);
    expect(records(zone, child, 'DS')).toEqual([]);
    expect(zones.get(child)!.some((rr) => rr.type === 'RRSIG' || rr.type === 'DNSKEY')).toBe(false);
  });
});

describe('flipSignatureOctet', () => {
  const line = (type: string, sig: string) => `x.test. 3600 IN RRSIG ${type} 13 2 3600 20270101000000 20261201000000 1234 x.test. ${sig}`;
  it('flips one octet of every RRSIG over the type at the apex, joining the split base64', () => {
    const sig = Buffer.alloc(64, 7);
    const text = [line('SOA', `${sig.subarray(0, 30).toString('base64')} ${sig.subarray(30).toString('base64')}`), line('NS', sig.toString('base64'))].join(
      '\n',
    );
    const [soa, ns] = flipSignatureOctet(text, 'x.test.', 'SOA').split('\n');
    const flipped = Buffer.from(soa!.split(' ').at(-1)!, 'base64');
    expect([...flipped].filter((b, i) => b !== sig[i])).toEqual([7 ^ 0xff]);
    expect(ns).toBe(line('NS', sig.toString('base64')));
  });
  it('refuses a file with no such signature', () => {
    expect(() => flipSignatureOctet(line('NS', 'AAAA'), 'x.test.', 'SOA')).toThrow(/no RRSIG over SOA/);
  });
});
