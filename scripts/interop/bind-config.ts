// named.conf for every lab server BIND plays: one named, one view per server keyed on the
// address the query came to (match-destinations), so each address answers for its own zones and
// REFUSED for the rest, as separate servers would. Authoritative only (BIND 9.18 ARM): no
// recursion, no validation, no NOTIFY, no control channel; its own traffic could only leave from
// its loopback address.
import { join } from 'node:path';
import type { ServedZone } from './interop-layout';

export interface BindView {
  id: string;
  addresses: readonly string[];
  zones: readonly ServedZone[];
}

export interface BindConfigInput {
  dir: string;
  port: number;
  views: readonly BindView[];
}

export function bindConfig({ dir, port, views }: BindConfigInput): string {
  const q = (s: string) => JSON.stringify(s);
  const all = views.flatMap((v) => v.addresses);
  const source = all[0] ?? '127.54.0.1';
  return [
    'options {',
    `  directory ${q(dir)};`,
    `  pid-file ${q(join(dir, 'named.pid'))};`,
    `  session-keyfile ${q(join(dir, 'session.key'))};`,
    `  managed-keys-directory ${q(dir)};`,
    `  listen-on port ${port} { ${all.map((a) => `${a};`).join(' ')} };`,
    '  listen-on-v6 { none; };',
    '  recursion no;',
    '  dnssec-validation no;',
    '  notify no;',
    '  allow-transfer { none; };',
    '  allow-update { none; };',
    `  query-source address ${source};`,
    `  notify-source ${source};`,
    `  transfer-source ${source};`,
    '  version none;',
    '  hostname none;',
    '  server-id none;',
    '  empty-zones-enable no;',
    // No view ever caches (no recursion): keep each view's cache small.
    '  max-cache-size 1m;',
    // The lab's zones are wrong on purpose (missing glue, CNAME NS targets): load them anyway.
    '  check-names primary ignore;',
    '  check-integrity no;',
    '  check-mx ignore;',
    '  check-mx-cname ignore;',
    '  check-srv-cname ignore;',
    '  check-wildcard no;',
    '  check-sibling no;',
    '  check-dup-records ignore;',
    '  check-spf ignore;',
    '};',
    'controls { };',
    ...views.flatMap((v) => [
      `view ${q(v.id)} {`,
      `  match-destinations { ${v.addresses.map((a) => `${a};`).join(' ')} };`,
      ...v.zones.map((z) => `  zone ${q(z.zone === '.' ? '.' : z.zone.replace(/\.$/, ''))} { type primary; file ${q(z.file)}; };`),
      '};',
    ]),
    '',
  ].join('\n');
}
