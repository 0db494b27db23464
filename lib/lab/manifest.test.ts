import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultZonesDir, zoneFileName } from '@/lib/lab/build-lab';
import { isAddedByZonecut } from '@/lib/checks/catalogue';
import { LAB_SCENARIOS, LAB_SERVERS, LAB_SIGNING, LAB_ZONES } from '@/lib/lab/manifest';

// Type-level: every code a scenario may expect is one the checks can produce (tsc checks this).

// The scenario names the issue fixed; more may be added, none renamed.
const REQUIRED = [
  'healthy.test.',
  'ns-mismatch.test.',
  'glue-missing.test.',
  'glue-stale.test.',
  'lame.test.',
  'silent.test.',
  'cname-ns.test.',
  'takeover.test.',
  'serial-drift.test.',
  'single-ns.test.',
  'ds-mismatch.test.',
  'cds-rollover.test.',
  'cds-delete.test.',
  'csync-pending.test.',
  'csync-ahead.test.',
  'csync-unsigned.test.',
  'csync-badtype.test.',
  'big-referral.test.',
  'deep.test.',
  'parent-split.test.',
  'tcp-broken.test.',
  'flapping.test.',
];

const v4Block = (a: string) => a.split('.').slice(0, 3).join('.');
const v6Block = (a: string) => a.split(':').slice(0, 3).join(':');

describe('lab manifest', () => {
  it('has every scenario the issue names, each with a one-line story', () => {
    const zones = LAB_SCENARIOS.map((s) => s.zone);
    expect(zones).toEqual(expect.arrayContaining(REQUIRED));
    expect(new Set(zones).size).toBe(zones.length);
    for (const s of LAB_SCENARIOS) {
      expect(s.story, s.zone).toMatch(/^[A-Za-z0-9].{20,200}[.:)]$/);
      expect(s.story).not.toContain('\n');
    }
  });

  it('names are absolute and lowercase; addresses are documentation addresses, each used once', () => {
    const addresses = LAB_SERVERS.flatMap((s) => [s.ipv4, s.ipv6].filter((a): a is string => a !== undefined));
    expect(new Set(addresses).size).toBe(addresses.length);
    for (const a of addresses) expect(a).toMatch(/^(192\.0\.2|198\.51\.100|203\.0\.113)\.\d+$|^2001:db8:/);
    for (const s of LAB_SERVERS) {
      expect(s.name).toMatch(/^[a-z0-9.-]+\.$/);
      expect(s.ipv4, `${s.name} needs IPv4 to have a loopback socket`).toBeDefined();
      for (const zone of Object.keys(s.serves)) expect(zone).toMatch(/^(\.|([a-z0-9-]+\.)+)$/);
    }
    expect(new Set(LAB_SERVERS.map((s) => s.name)).size).toBe(LAB_SERVERS.length);
  });

  it("each scenario's servers serve its zone, from at least two /24s and /48s unless it has one server or is about that", () => {
    for (const s of LAB_SCENARIOS) {
      const own = s.servers.filter((server) => s.zone in server.serves);
      expect(own.length, s.zone).toBeGreaterThan(0);
      if (own.length > 1 && !s.expect.includes('delegation.single-prefix')) {
        expect(new Set(own.map((x) => v4Block(x.ipv4!))).size, s.zone).toBeGreaterThan(1);
        expect(new Set(own.map((x) => v6Block(x.ipv6!))).size, s.zone).toBeGreaterThan(1);
      }
      // Named in the scenario's zone, or in a zone of its own (a DNS provider's: dns-provider.test.).
      for (const server of s.servers) {
        const home = server.name.endsWith(s.zone) || Object.keys(server.serves).some((z) => z !== '.' && server.name.endsWith(`.${z}`));
        expect(home, `${server.name} in ${s.zone}`).toBe(true);
      }
    }
  });

  it('every zone has its file, every stale copy its overlay, and no file is left over', () => {
    const dir = defaultZonesDir();
    const expected = new Set(LAB_ZONES.map((z) => zoneFileName(z)));
    for (const s of LAB_SERVERS) for (const [zone, b] of Object.entries(s.serves)) if (b === 'stale') expected.add(zoneFileName(zone, true));
    expect(new Set(readdirSync(dir).filter((f) => f.endsWith('.zone')))).toEqual(expected);
    expect(LAB_ZONES[0]).toBe('.');
    expect(LAB_ZONES[1]).toBe('test.');
  });

  it('signing specs name only their own keys; every signed zone has a KSK, and a DS unless it asks for one', () => {
    for (const [zone, spec] of Object.entries(LAB_SIGNING)) {
      const ids = new Set(spec.keys.map((k) => k.id));
      for (const id of [...spec.ds, ...(spec.cds ?? [])]) expect(ids.has(id), `${zone} ${id}`).toBe(true);
      expect(
        spec.keys.some((k) => k.flags === 257 && k.published !== false),
        zone,
      ).toBe(true);
      // No DS only while CDS asks the parent to bootstrap one (RFC 8078 3, RFC 9615).
      expect(spec.ds.length + (spec.cds?.length ?? 0), zone).toBeGreaterThan(0);
      for (const child of Object.keys(spec.dsboot ?? {})) expect(LAB_SIGNING[child]?.cds?.length, `${zone} signals for ${child}`).toBeGreaterThan(0);
    }
  });

  it('scenarios without a DS expect ds.absent (insecure) or ds.absence-unproven (bogus: the parent does not prove it), never both; the others neither', () => {
    for (const s of LAB_SCENARIOS) {
      if (s.zone === 'deep.test.') continue; // about a.b.c.deep.test, which is unsigned too
      const noDs = s.signing === undefined || s.signing.ds.length === 0;
      const said = s.expect.filter((c) => c === 'ds.absent' || c === 'ds.absence-unproven');
      expect(said.length, s.zone).toBe(noDs ? 1 : 0);
    }
  });

  const catalogue = path.join(process.cwd(), '..', 'shared', 'docs', 'checks.md');
  it.skipIf(!existsSync(catalogue))('expects only codes from the findings catalogue', () => {
    const text = readFileSync(catalogue, 'utf8');
    for (const code of new Set(LAB_SCENARIOS.flatMap((s) => s.expect))) {
      // Codes zonecut added are catalogued in lib/checks/catalogue.ts only (checks.md is shared, read-only).
      if (!isAddedByZonecut(code)) expect(text, code).toContain(`\`${code}\``);
    }
  });
});
