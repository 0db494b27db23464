// nsd.conf for one lab server (or several with the same zones): it answers on its addresses for
// its zones and REFUSED for anything else (NSD 4.6, nsd.conf(5)). Nothing leaves it: no
// request-xfr, no notify, no remote control.
import { join } from 'node:path';
import type { ServedZone } from './interop-layout';

export interface NsdConfigInput {
  dir: string;
  addresses: readonly string[];
  port: number;
  zones: readonly ServedZone[];
}

export function nsdConfig({ dir, addresses, port, zones }: NsdConfigInput): string {
  const q = (s: string) => JSON.stringify(s);
  return [
    'server:',
    ...addresses.map((a) => `  ip-address: ${a}@${port}`),
    '  do-ip6: no',
    '  username: ""',
    '  chroot: ""',
    `  zonesdir: ${q(dir)}`,
    // No compiled database (NSD 4): zones are read from their files at start.
    '  database: ""',
    `  zonelistfile: ${q(join(dir, 'zone.list'))}`,
    `  xfrdfile: ${q(join(dir, 'xfrd.state'))}`,
    `  xfrdir: ${q(dir)}`,
    `  pidfile: ${q(join(dir, 'nsd.pid'))}`,
    '  server-count: 1',
    '  hide-version: yes',
    '  hide-identity: yes',
    '  verbosity: 1',
    // Response rate limiting is on by default and would answer the tests' bursts with TC or
    // nothing; its table is also most of NSD's memory.
    '  rrl-ratelimit: 0',
    '  rrl-whitelist-ratelimit: 0',
    '  rrl-size: 1',
    '  tcp-count: 20',
    'remote-control:',
    '  control-enable: no',
    ...zones.flatMap((z) => ['zone:', `  name: ${q(z.zone)}`, `  zonefile: ${q(z.file)}`]),
    '',
  ].join('\n');
}
