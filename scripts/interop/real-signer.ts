// The DNSSEC faults of issue 10 made by a real signer rather than by the lab's own: BIND's
// dnssec-keygen and dnssec-signzone (9.18) sign zones under `signzone.test.` into a directory of
// the run, each with the fault written into it the way an operator's mistake would (a signing
// window in the past, a DS for the wrong key, a damaged signature), and the harness serves them on
// NSD, Knot and BIND. The lab's test. delegates signzone.test. with a DS for its real KSK (through
// buildLab's `extraRecords`), so a validator reaches every zone here from the lab's trust anchor.
// Keys are random per run: the tests compare verdicts, never key tags.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ResourceRecord } from '@/lib/dns/wire/types';
import { parseZoneFile } from '@/lib/dns/wire/zone-file';
import { DAEMON_ENV } from './daemon-process';

/** The real signer's parent zone, delegated from the lab's test. */
export const REAL_SIGNER_PARENT = 'signzone.test.';

export type DnssecVerdict = 'secure' | 'insecure' | 'bogus' | 'indeterminate';

export interface RealSignerZone {
  zone: string;
  /** What is wrong with it, if anything. */
  fault: string;
  /** How the real signer was made to produce it. */
  how: string;
  /** What every validator must conclude about the zone. */
  expect: Exclude<DnssecVerdict, 'indeterminate'>;
  /** false for a zone served as written (an unsigned child). */
  signed: boolean;
}

const P = REAL_SIGNER_PARENT;

/** Every zone the real signer writes, parents first. */
export const REAL_SIGNER_ZONES: readonly RealSignerZone[] = [
  { zone: P, fault: 'none: the parent of the others', how: 'KSK and ZSK, ECDSA P-256, NSEC', expect: 'secure', signed: true },
  { zone: `expired.${P}`, fault: 'expired signatures', how: 'dnssec-signzone -s now-37d -e now-7d', expect: 'bogus', signed: true },
  { zone: `not-yet-valid.${P}`, fault: 'signatures not yet valid', how: 'dnssec-signzone -s now+7d -e now+37d', expect: 'bogus', signed: true },
  { zone: `corrupted.${P}`, fault: 'a corrupted signature', how: 'one octet of the SOA RRSIG flipped in the signed file', expect: 'bogus', signed: true },
  {
    zone: `ds-unsigned-keyset.${P}`,
    fault: 'the DS matches a key that does not sign the DNSKEY set',
    how: "the parent's DS is dnssec-dsfromkey of the ZSK (published, signs the SOA, not the DNSKEY set)",
    expect: 'bogus',
    signed: true,
  },
  {
    zone: `algorithm-rollover.${P}`,
    fault: 'a half-done algorithm rollover: the new algorithm has a DNSKEY and a DS and signs nothing',
    how: 'RSASHA256 KSK and ZSK active, an ECDSA P-256 KSK published with dnssec-keygen -A none; DS for both KSKs (RFC 6840 5.11: one working algorithm is enough)',
    expect: 'secure',
    signed: true,
  },
  { zone: `optout.${P}`, fault: 'none: an NSEC3 opt-out parent', how: 'dnssec-signzone -3 <salt> -A', expect: 'secure', signed: true },
  {
    zone: `unsigned.optout.${P}`,
    fault: 'none: an unsigned delegation covered by an opt-out NSEC3',
    how: 'no DS; the parent proves nothing but opt-out (RFC 5155 6)',
    expect: 'insecure',
    signed: false,
  },
];

/** Faults of the lab's DNSSEC scenarios no real signer here reproduces, and why. */
export const REAL_SIGNER_NOT_REPRODUCED: readonly { fault: string; reason: string }[] = [
  {
    fault: 'a missing denial proof',
    reason:
      'a parent whose DS answers lose their NSEC/NSEC3 takes a server that strips records from its answers; every signer writes the chain and NSD, Knot and BIND serve it (lab-only)',
  },
  {
    fault: 'an unsupported algorithm',
    reason: 'dnssec-keygen and dnssec-signzone 9.18 sign only with algorithms BIND (and so Unbound and delv here) validate',
  },
  {
    fault: 'a stale server with old signatures',
    reason: 'which server a resolver asks is its own choice, and Unbound retries another on a bogus answer: its verdict would depend on luck (lab-only)',
  },
];

/** The NS names of every real-signer zone, and the software that answers at each. */
export const REAL_SIGNER_SERVERS = [
  { name: `ns1.${P}`, software: 'nsd', address: '127.54.10.1' },
  { name: `ns2.${P}`, software: 'knot', address: '127.54.10.2' },
  { name: `ns3.${P}`, software: 'bind', address: '127.54.10.3' },
] as const;

export interface SignedZoneFile {
  zone: string;
  file: string;
  signed: boolean;
}

export interface RealSignerOutput {
  zones: SignedZoneFile[];
  /** NS, glue and DS of signzone.test. for the lab's test. (buildLab `extraRecords`). */
  parentRecords: ResourceRecord[];
}

const DAY = 86400;
/**
 * How far outside its window a signature is: beyond every validator's clock-skew allowance.
 * Unbound forgives a tenth of the signature's lifetime, at most a day (val-sig-skew-max), so a
 * signature that begins tomorrow already validates there; BIND forgives nothing.
 */
const SKEW_BEYOND = 7 * DAY;
const NSEC3_SALT = 'a1b2c3d4';
const TTL = 3600;

/** YYYYMMDDHHMMSS in UTC, as dnssec-signzone's -s and -e take it. */
const stamp = (epochS: number) => new Date(epochS * 1000).toISOString().replace(/[-:T]/g, '').replace(/\..*$/, '');

const label = (zone: string) => zone.slice(0, -1);

/**
 * Generates keys, writes and signs every zone of REAL_SIGNER_ZONES under `dir`. ~1 s, most of it
 * RSA key generation.
 */
export function signRealSignerZones(dir: string, now = new Date()): RealSignerOutput {
  mkdirSync(dir, { recursive: true });
  const nowS = Math.floor(now.getTime() / 1000);
  const run = (cmd: string, args: string[]) =>
    execFileSync(cmd, args, { cwd: dir, env: DAEMON_ENV, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
  const keygen = (zone: string, alg: string, opts: string[] = []) =>
    run('dnssec-keygen', ['-q', '-K', dir, '-a', alg, ...(alg.startsWith('RSA') ? ['-b', '2048'] : []), ...opts, label(zone)]);
  /** The DS (SHA-256) of a key, as dnssec-dsfromkey prints it. */
  const dsOf = (key: string): ResourceRecord[] =>
    parseZoneFile(run('dnssec-dsfromkey', ['-2', '-T', String(TTL), join(dir, `${key}.key`)]), { fileName: `${key}.ds` });

  const nsRecords = (zone: string) => REAL_SIGNER_SERVERS.map((s) => `${zone} ${TTL} IN NS ${s.name}`);
  const soa = (zone: string) => `${zone} ${TTL} IN SOA ns1.${P} hostmaster.${zone} ${nowS} 7200 3600 1209600 300`;
  const zoneText = (zone: string, extra: string[] = []) =>
    [
      soa(zone),
      ...nsRecords(zone),
      `${zone} ${TTL} IN MX 10 mail.${zone}`,
      `mail.${zone} ${TTL} IN A 127.54.10.25`,
      `www.${zone} ${TTL} IN A 127.54.10.80`,
      ...extra,
      '',
    ].join('\n');

  const zones: SignedZoneFile[] = [];
  const sign = (zone: string, text: string, signOpts: string[], damage?: (signed: string) => string) => {
    const source = join(dir, `${label(zone)}.zone`);
    const file = join(dir, `${label(zone)}.signed`);
    writeFileSync(source, text);
    // -S: the keys in -K with their timing (a key published but not active is in the DNSKEY set
    // and signs nothing); -x: KSKs alone sign the DNSKEY set, as most operators run it; -O full:
    // one record a line; -P: no verification of the result, which would refuse the faults.
    run('dnssec-signzone', ['-S', '-K', dir, '-x', '-O', 'full', '-P', '-o', zone, '-f', file, ...signOpts, source]);
    if (damage) writeFileSync(file, damage(readFileSync(file, 'utf8')));
    zones.push({ zone, file, signed: true });
  };

  // The children first: the parents hold their DS.
  const delegations: string[] = [];
  const delegate = (zone: string, ds: ResourceRecord[]) => delegations.push(...nsRecords(zone), ...ds.map(dsLine));
  const standard = (zone: string) => {
    const ksk = keygen(zone, 'ECDSAP256SHA256', ['-f', 'KSK']);
    const zsk = keygen(zone, 'ECDSAP256SHA256');
    return { ksk, zsk };
  };

  const recipes: Record<string, () => void> = {
    [`expired.${P}`]: () => {
      const { ksk } = standard(`expired.${P}`);
      sign(`expired.${P}`, zoneText(`expired.${P}`), ['-s', stamp(nowS - 37 * DAY), '-e', stamp(nowS - SKEW_BEYOND)]);
      delegate(`expired.${P}`, dsOf(ksk));
    },
    [`not-yet-valid.${P}`]: () => {
      const { ksk } = standard(`not-yet-valid.${P}`);
      sign(`not-yet-valid.${P}`, zoneText(`not-yet-valid.${P}`), ['-s', stamp(nowS + SKEW_BEYOND), '-e', stamp(nowS + 37 * DAY)]);
      delegate(`not-yet-valid.${P}`, dsOf(ksk));
    },
    [`corrupted.${P}`]: () => {
      const { ksk } = standard(`corrupted.${P}`);
      sign(`corrupted.${P}`, zoneText(`corrupted.${P}`), [], (text) => flipSignatureOctet(text, `corrupted.${P}`, 'SOA'));
      delegate(`corrupted.${P}`, dsOf(ksk));
    },
    [`ds-unsigned-keyset.${P}`]: () => {
      const { zsk } = standard(`ds-unsigned-keyset.${P}`);
      sign(`ds-unsigned-keyset.${P}`, zoneText(`ds-unsigned-keyset.${P}`), []);
      delegate(`ds-unsigned-keyset.${P}`, dsOf(zsk));
    },
    [`algorithm-rollover.${P}`]: () => {
      const zone = `algorithm-rollover.${P}`;
      const oldKsk = keygen(zone, 'RSASHA256', ['-f', 'KSK']);
      keygen(zone, 'RSASHA256');
      const newKsk = keygen(zone, 'ECDSAP256SHA256', ['-f', 'KSK', '-P', 'now', '-A', 'none']);
      sign(zone, zoneText(zone), []);
      delegate(zone, [...dsOf(oldKsk), ...dsOf(newKsk)]);
    },
  };
  for (const z of REAL_SIGNER_ZONES) recipes[z.zone]?.();

  // The opt-out parent and its unsigned child, served as written.
  const optout = `optout.${P}`;
  const child = `unsigned.${optout}`;
  const childFile = join(dir, `${label(child)}.zone`);
  writeFileSync(childFile, zoneText(child));
  zones.push({ zone: child, file: childFile, signed: false });
  const optoutKeys = standard(optout);
  sign(optout, zoneText(optout, nsRecords(child)), ['-3', NSEC3_SALT, '-A']);
  delegate(optout, dsOf(optoutKeys.ksk));

  const parentKeys = standard(P);
  sign(P, zoneText(P, [...REAL_SIGNER_SERVERS.map((s) => `${s.name} ${TTL} IN A ${s.address}`), ...delegations]), []);
  zones.reverse();

  const parentRecords: ResourceRecord[] = [
    ...REAL_SIGNER_SERVERS.flatMap((s): ResourceRecord[] => [
      { name: P, type: 'NS', class: 'IN', ttl: TTL, data: s.name },
      { name: s.name, type: 'A', class: 'IN', ttl: TTL, data: s.address },
    ]),
    ...dsOf(parentKeys.ksk),
  ];
  return { zones, parentRecords };
}

function dsLine(rr: ResourceRecord): string {
  const d = rr.data as { keyTag: number; algorithm: number; digestType: number; digest: string };
  return `${rr.name} ${rr.ttl} IN DS ${d.keyTag} ${d.algorithm} ${d.digestType} ${d.digest}`;
}

/**
 * The signed file (`-O full`: one record a line) with one octet flipped in the middle of the
 * signature of every RRSIG over `type` at the apex: the RRset is then signed by nothing valid.
 */
export function flipSignatureOctet(text: string, zone: string, type: string): string {
  let flipped = 0;
  const out = text.split('\n').map((line) => {
    const t = line.trim().split(/\s+/);
    // owner ttl IN RRSIG covered alg labels origttl expiration inception tag signer signature…
    if (t[0]?.toLowerCase() !== zone || t[3] !== 'RRSIG' || t[4] !== type) return line;
    const signature = Buffer.from(t.slice(12).join(''), 'base64');
    signature[signature.length >> 1]! ^= 0xff;
    flipped++;
    return [...t.slice(0, 12), signature.toString('base64')].join(' ');
  });
  if (flipped === 0) throw new Error(`real signer: no RRSIG over ${type} at ${zone} to damage`);
  return out.join('\n');
}
