// Issue 10: zonecut's DNSSEC verdict per zone against two real validators, for every zone of the
// lab's signed scenarios (signed by the lab's own signer) and every fault BIND's dnssec-signzone made
// (real-signer.ts), all served by NSD, Knot and BIND on loopback:
//
// - Unbound (the harness's resolver, the lab's trust anchor): `<zone> SOA` with DO. AD set:
//   secure; an answer without AD: insecure; SERVFAIL, and the same question with CD answered:
//   bogus (the data is there, the validation failed); anything else: indeterminate.
// - delv (BIND 9.18's validating lookup), given the same anchor (-a) and asking only Unbound
//   (@127.54.0.53, asked with CD so that delv validates every answer itself): "fully validated":
//   secure; "unsigned answer": insecure; "resolution failed" for a validation reason: bogus.
// - zonecut: runCheck(zone), as the app runs it against the lab on real servers (lab-env.ts);
//   the zone's `validation.verdict` in the report.
//
// The three must agree zone by zone, and for the real signer's faults also with what each fault
// must come to. The table is printed once.
import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { loadConfig, type Config } from '@/lib/config';
import type { Transport } from '@/lib/dns/transport';
import { createUdpTransport } from '@/lib/dns/transport';
import type { DsData } from '@/lib/dns/wire/types';
import { parseZoneFile } from '@/lib/dns/wire/zone-file';
import { LAB_INFRA_SIGNING, LAB_SCENARIOS, LAB_SIGNING } from '@/lib/lab/manifest';
import type { Report } from '@/lib/report/report';
import { runCheck } from '@/lib/run-check';
import { DAEMON_ENV } from './daemon-process';
import { describeInterop, forEachAtMost, interopLayout, loopbackPolicy } from './interop-test-support';
import { labEnv } from './lab-env';
import { REAL_SIGNER_NOT_REPRODUCED, REAL_SIGNER_ZONES, type DnssecVerdict } from './real-signer';

interface Row {
  zone: string;
  source: 'lab' | 'dnssec-signzone';
  /** What the zone must come to (the real signer's faults only). */
  expect?: DnssecVerdict;
  fault?: string;
  zonecut: DnssecVerdict | null;
  zonecutReasons: string[];
  unbound: DnssecVerdict;
  unboundEvidence: string;
  delv: DnssecVerdict;
  delvEvidence: string;
}

/**
 * The lab's signed zones below test. (the root and test. top every chain; they are no scenario),
 * and the zone of every scenario that signs something, signed itself or not (shop.optout.test.).
 */
const LAB_ZONES_SIGNED = [
  ...new Set([
    ...Object.keys(LAB_SIGNING).filter((z) => !(z in LAB_INFRA_SIGNING)),
    ...LAB_SCENARIOS.filter((s) => s.signing || s.signedZones).map((s) => s.zone),
  ]),
].sort();
const CASES: { zone: string; source: Row['source']; expect?: DnssecVerdict; fault?: string }[] = [
  ...LAB_ZONES_SIGNED.map((zone) => ({ zone, source: 'lab' as const })),
  ...REAL_SIGNER_ZONES.map((z) => ({ zone: z.zone, source: 'dnssec-signzone' as const, expect: z.expect, fault: z.fault })),
];

/** delv's words for a failed validation (BIND's result texts), as against a lookup that found nothing. */
const DELV_BOGUS =
  /no valid (RRSIG|DS|KEY|signature)|RRSIG (has )?expired|RRSIG validity period has not begun|signature (has )?expired|not yet valid|broken trust chain|insecurity proof failed|verify failure|bad signature|no valid signature found|validation failed/i;

/**
 * Where zonecut does not yet say what both validators say, and why (for the lead: not ours to fix
 * in scripts/interop). None at present.
 */
const KNOWN_DISAGREEMENTS: Readonly<Record<string, { verdicts: string }>> = {};

let config: Config;
let udp: Transport;
let anchorFile: string;
const rows = new Map<string, Row>();

function runDelv(args: string[]): Promise<string> {
  return new Promise((resolve) => {
    execFile('delv', args, { env: DAEMON_ENV, timeout: 20_000, encoding: 'utf8' }, (_err, stdout, stderr) => resolve(`${stdout}${stderr}`));
  });
}

/** delv's verdict from its output: the comment line it prints before the answer, or its failure. */
function delvVerdict(output: string): DnssecVerdict {
  if (/^; fully validated$/m.test(output)) return 'secure';
  if (/^; unsigned answer$/m.test(output)) return 'insecure';
  if (/resolution failed/.test(output) && DELV_BOGUS.test(output)) return 'bogus';
  return 'indeterminate';
}

/** The line that says why: delv's verdict comment, else its first validation failure, else its first line. */
function delvEvidence(output: string): string {
  const lines = output.split('\n');
  return (
    lines.find((l) => /^; (fully validated|unsigned answer)$/.test(l)) ??
    lines.find((l) => DELV_BOGUS.test(l)) ??
    lines.find((l) => l.includes('resolution failed')) ??
    lines[0] ??
    ''
  ).trim();
}

async function unboundVerdict(zone: string): Promise<{ verdict: DnssecVerdict; evidence: string }> {
  const { resolver } = interopLayout();
  const server = { address: resolver.address, port: resolver.port };
  const q = { name: zone, type: 'SOA' as const };
  const o = await udp.query(server, q, { recursionDesired: true, dnssecOk: true });
  const r = o.response;
  if (!r) return { verdict: 'indeterminate', evidence: `no answer: ${o.error?.message ?? ''}` };
  const soa = r.answer.some((rr) => rr.type === 'SOA');
  if (r.rcode === 'NOERROR' && soa) return r.flags.ad ? { verdict: 'secure', evidence: 'NOERROR, AD' } : { verdict: 'insecure', evidence: 'NOERROR, no AD' };
  if (r.rcode !== 'SERVFAIL') return { verdict: 'indeterminate', evidence: `${r.rcode}, ${soa ? 'SOA' : 'no SOA'}` };
  const cd = await udp.query(server, q, { recursionDesired: true, dnssecOk: true, checkingDisabled: true });
  const cdSoa = cd.response?.rcode === 'NOERROR' && cd.response.answer.some((rr) => rr.type === 'SOA');
  return cdSoa
    ? { verdict: 'bogus', evidence: 'SERVFAIL; with CD: NOERROR, SOA' }
    : { verdict: 'indeterminate', evidence: `SERVFAIL; with CD: ${cd.response?.rcode ?? 'no answer'}` };
}

/** The lab's anchor (DS records in a zone file) as delv's trust-anchors clause (BIND 9.18 ARM). */
function delvAnchors(dsZoneFile: string): string {
  const ds = parseZoneFile(readFileSync(dsZoneFile, 'utf8'), { fileName: dsZoneFile }).filter((rr) => rr.type === 'DS');
  if (ds.length === 0) throw new Error(`${dsZoneFile}: no DS record to anchor delv with`);
  const lines = ds.map((rr) => {
    const d = rr.data as DsData;
    return `  "${rr.name}" static-ds ${d.keyTag} ${d.algorithm} ${d.digestType} "${d.digest}";`;
  });
  return `trust-anchors {\n${lines.join('\n')}\n};\n`;
}

const validationOf = (zone: string, report: Report) => report.zones.find((z) => z.zone === zone)?.validation;

describeInterop('DNSSEC verdicts: zonecut, delv and Unbound agree', () => {
  beforeAll(async () => {
    const layout = interopLayout();
    config = loadConfig(labEnv().env, { readFile: (path) => readFileSync(path, 'utf8') });
    udp = createUdpTransport({ policy: loopbackPolicy(), timeoutMs: 4000 });
    anchorFile = join(layout.dir, 'delv-anchors.conf');
    writeFileSync(anchorFile, delvAnchors(layout.resolver.trustAnchorFile!));
    await forEachAtMost(CASES, 4, async (c) => {
      const [check, unbound, delvOut] = await Promise.all([
        // The product's own time budget: a shorter one cut checks short on a loaded machine (no verdict).
        runCheck(c.zone, { config }),
        unboundVerdict(c.zone),
        // -4: the resolver's IPv4 address only; +root: validate from the anchor down; +cdflag:
        // ask with CD, so Unbound hands over what it would refuse and delv judges it alone;
        // +vtrace: the validator's reasons (else a bogus answer reads "resolution failed: failure").
        runDelv([
          '-4',
          '-a',
          anchorFile,
          `@${layout.resolver.address}`,
          '-p',
          String(layout.resolver.port),
          c.zone,
          'SOA',
          '+root',
          '+cdflag',
          '+vtrace',
          '+nomultiline',
        ]),
      ]);
      if (!check.ok) throw new Error(`${c.zone}: ${check.error.message}`);
      // delv's whole trace, for whoever reads a failure.
      writeFileSync(join(layout.dir, `delv-${c.zone}txt`), delvOut);
      rows.set(c.zone, {
        ...c,
        zonecut: validationOf(c.zone, check.report)?.verdict ?? null,
        zonecutReasons: validationOf(c.zone, check.report)?.reasons ?? [],
        unbound: unbound.verdict,
        unboundEvidence: unbound.evidence,
        delv: delvVerdict(delvOut),
        delvEvidence: delvEvidence(delvOut),
      });
    });
  }, 120_000);

  afterAll(() => {
    const all = [...rows.values()];
    const w = Math.max(...all.map((r) => r.zone.length));
    const line = (cells: string[]) => cells.map((c, i) => c.padEnd([w, 15, 14, 14, 14][i] ?? 0)).join(' ');
    console.log(
      [
        'DNSSEC verdicts per zone (zonecut: report.zones[].validation.verdict; Unbound: AD / SERVFAIL + CD; delv: its validation comment)',
        line(['zone', 'source', 'expected', 'zonecut', 'unbound', 'delv']),
        ...all.map((r) => line([r.zone, r.source, r.expect ?? '-', r.zonecut ?? '(none)', r.unbound, r.delv])),
        'Not reproduced with a real signer:',
        ...REAL_SIGNER_NOT_REPRODUCED.map((n) => `  ${n.fault}: ${n.reason}`),
      ].join('\n'),
    );
  });

  it('has a row for every signed lab zone and every real-signer zone', () => {
    expect([...rows.keys()].sort()).toEqual(CASES.map((c) => c.zone).sort());
    // Both sides of the comparison are exercised: each verdict occurs.
    expect(new Set([...rows.values()].map((r) => r.unbound))).toEqual(new Set(['secure', 'insecure', 'bogus']));
  });

  it.each(REAL_SIGNER_ZONES.map((z) => [z.zone, z.fault, z.expect] as const))('%s (%s): Unbound and delv say %s', (zone, _fault, expected) => {
    const r = rows.get(zone)!;
    expect({ unbound: r.unbound, delv: r.delv }, `Unbound: ${r.unboundEvidence}; delv: ${r.delvEvidence}`).toEqual({ unbound: expected, delv: expected });
  });

  it.each(LAB_ZONES_SIGNED)('%s (lab): delv agrees with Unbound', (zone) => {
    const r = rows.get(zone)!;
    expect(r.unbound, `Unbound: ${r.unboundEvidence}`).not.toBe('indeterminate');
    expect(r.delv, `delv: ${r.delvEvidence}; Unbound: ${r.unboundEvidence}`).toBe(r.unbound);
  });

  // The zonecut column needs the checks' ValidationFacts (issue 10 design item D); a report
  // without them runs nothing here, and the table shows "(none)". Disagreements known and not yet
  // fixed are listed in KNOWN_DISAGREEMENTS, exactly: fixing one fails this until it is removed.
  it('zonecut agrees with both on every zone, but for the known disagreements', ({ skip }) => {
    const all = [...rows.values()];
    if (all.every((r) => r.zonecut === null)) skip('no report carries validation facts yet');
    const disagree = all.filter((r) => r.zonecut !== r.unbound || r.zonecut !== r.delv);
    expect(
      Object.fromEntries(disagree.map((r) => [r.zone, `zonecut ${r.zonecut ?? '(none)'}, Unbound ${r.unbound}, delv ${r.delv}`])),
      disagree.map((r) => `${r.zone}: ${r.zonecutReasons.join('; ')}`).join('\n'),
    ).toEqual(Object.fromEntries(Object.entries(KNOWN_DISAGREEMENTS).map(([zone, d]) => [zone, d.verdicts])));
  });
});
