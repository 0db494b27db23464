// knot.conf for one lab server (or several with the same zones). Knot 3.2 (knot.conf(5)): zones
// are served as written (no signing, no journal, no zone file write-back), semantic checks off
// because lab zones are broken on purpose, no remotes, so it never sends a NOTIFY or a transfer.
import { join } from 'node:path';
import type { ServedZone } from './interop-layout';

export interface KnotConfigInput {
  dir: string;
  addresses: readonly string[];
  port: number;
  zones: readonly ServedZone[];
}

export function knotConfig({ dir, addresses, port, zones }: KnotConfigInput): string {
  const q = (s: string) => JSON.stringify(s);
  return [
    'server:',
    `  rundir: ${q(dir)}`,
    `  listen: [ ${addresses.map((a) => `${a}@${port}`).join(', ')} ]`,
    '  identity: ""',
    '  version: ""',
    // One of each: the lab is a handful of queries, and there may be a dozen of these processes.
    '  udp-workers: 1',
    '  tcp-workers: 1',
    '  background-workers: 1',
    'log:',
    '  - target: stderr',
    '    any: info',
    'database:',
    `  storage: ${q(join(dir, 'db'))}`,
    'control:',
    `  listen: ${q(join(dir, 'knot.sock'))}`,
    'template:',
    '  - id: default',
    '    semantic-checks: off',
    '    zonefile-sync: -1',
    '    zonefile-load: whole',
    '    journal-content: none',
    ...(zones.length ? ['zone:', ...zones.flatMap((z) => [`  - domain: ${q(z.zone)}`, `    file: ${q(z.file)}`])] : []),
    '',
  ].join('\n');
}
