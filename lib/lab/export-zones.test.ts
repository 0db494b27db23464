import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ResourceRecord } from '@/lib/dns/wire/types';
import { parseZoneFile } from '@/lib/dns/wire/zone-file';
import { exportLabZones, type LabExport } from '@/lib/lab/export-zones';

let dir: string;
let exported: LabExport;
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'zonecut-lab-export-'));
  exported = exportLabZones(dir, { port: 5300 });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const read = (file: string, origin = '.'): ResourceRecord[] => parseZoneFile(readFileSync(path.join(dir, file), 'utf8'), { origin, fileName: file });

describe('exportLabZones', () => {
  it('writes every zone copy, root hints, the trust anchor and servers.json', () => {
    expect(exported.files).toContain('zones/root.zone');
    expect(exported.files).toContain('zones/test.stale.zone');
    expect(exported.files).toContain('zones/serial-drift.test.stale.zone');
    expect(exported.files).toEqual(expect.arrayContaining(['root.hints', 'trust-anchor.zone', 'servers.json']));
  });

  it('moves every address onto 127.53.0.0/16 and leaves no IPv6 or documentation address', () => {
    for (const file of exported.files.filter((f) => f.startsWith('zones/'))) {
      for (const rr of read(file)) {
        expect(rr.type, `${file} ${rr.name}`).not.toBe('AAAA');
        if (rr.type === 'A') expect(rr.data, `${file} ${rr.name}`).toMatch(/^127\.53\.\d+\.\d+$/);
      }
    }
    expect(read('zones/glue-stale.test.zone').find((rr) => rr.type === 'A' && rr.name === 'ns1.glue-stale.test.')?.data).toBe('127.53.100.23');
  });

  it('writes complete signed zones that read back with the zone-file parser', () => {
    const healthy = read('zones/healthy.test.zone');
    expect(new Set(healthy.map((rr) => rr.type))).toEqual(new Set(['SOA', 'NS', 'DNSKEY', 'RRSIG', 'NSEC', 'A', 'MX', 'TXT']));
    const stale = read('zones/serial-drift.test.stale.zone');
    expect(stale.find((rr) => rr.type === 'SOA')?.data).toMatchObject({ serial: 2026111501 });
    expect(read('zones/test.zone').filter((rr) => rr.type === 'DS' && rr.name === 'healthy.test.')).toHaveLength(1);
  });

  it('writes root hints and the DS trust anchor', () => {
    expect(read('root.hints').map((rr) => `${rr.name} ${rr.type} ${String(rr.data)}`)).toEqual([
      '. NS a.root-servers.test.',
      'a.root-servers.test. A 127.53.2.1',
    ]);
    expect(read('trust-anchor.zone').map((rr) => rr.type)).toEqual(['DS']);
  });

  it('says which server serves which file, where, and how', () => {
    const json = JSON.parse(readFileSync(path.join(dir, 'servers.json'), 'utf8')) as { port: number; servers: LabExport['servers'] };
    expect(json.port).toBe(5300);
    expect(json.servers.find((s) => s.name === 'ns2.nic.test.')).toEqual({
      name: 'ns2.nic.test.',
      address: '127.53.100.11',
      port: 5300,
      behaviour: 'normal',
      zones: [{ zone: 'test.', file: 'zones/test.stale.zone', behaviour: 'stale' }],
    });
    expect(json.servers.find((s) => s.name === 'ns2.tcp-broken.test.')?.behaviour).toBe('udp-only');
  });
});
