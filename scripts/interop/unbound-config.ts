// unbound.conf for a resolver of the lab only (Unbound 1.17, unbound.conf(5)). It must never
// reach the internet: its root hints are the lab root's loopback addresses (the compiled-in ones
// are real root servers), its queries leave from a loopback address (which the kernel will not
// route anywhere else), and it trusts the lab's root key or none, never the system's.
import { join } from 'node:path';

export interface UnboundConfigInput {
  dir: string;
  address: string;
  port: number;
  httpsPort: number;
  rootHintsFile: string;
  certFile: string;
  keyFile: string;
  /** The lab's root DS/DNSKEY; without it Unbound does not validate at all. */
  trustAnchorFile?: string;
  /** Zones outside the lab's delegations to reach anyway, unvalidated (the harness's interop.test.). */
  stubZones?: readonly { zone: string; addresses: readonly string[] }[];
}

export function unboundConfig(o: UnboundConfigInput): string {
  const q = (s: string) => JSON.stringify(s);
  return [
    'server:',
    '  verbosity: 1',
    '  use-syslog: no',
    '  logfile: ""',
    '  chroot: ""',
    '  username: ""',
    `  directory: ${q(o.dir)}`,
    `  pidfile: ${q(join(o.dir, 'unbound.pid'))}`,
    '  num-threads: 1',
    '  interface-automatic: no',
    `  interface: ${o.address}@${o.port}`,
    `  interface: ${o.address}@${o.httpsPort}`,
    `  port: ${o.port}`,
    // DNS over HTTPS (RFC 8484) on the interface with this port: HTTP/2 over TLS, /dns-query.
    `  https-port: ${o.httpsPort}`,
    `  tls-service-key: ${q(o.keyFile)}`,
    `  tls-service-pem: ${q(o.certFile)}`,
    '  http-endpoint: "/dns-query"',
    `  outgoing-interface: ${o.address}`,
    '  do-ip6: no',
    '  access-control: 0.0.0.0/0 refuse',
    '  access-control: 127.0.0.0/8 allow',
    // The lab's servers are on loopback, which Unbound otherwise never asks.
    '  do-not-query-localhost: no',
    `  root-hints: ${q(o.rootHintsFile)}`,
    // Unbound answers for test. itself by default (RFC 6761 6.2 says resolvers may): the lab lives there.
    '  local-zone: "test." nodefault',
    ...(o.trustAnchorFile ? [`  trust-anchor-file: ${q(o.trustAnchorFile)}`] : []),
    `  module-config: ${q(o.trustAnchorFile ? 'validator iterator' : 'iterator')}`,
    // Small, quick and predictable: answers straight from the lab, no prefetching behind our back.
    '  prefetch: no',
    '  serve-expired: no',
    '  harden-referral-path: no',
    '  infra-host-ttl: 60',
    // interop.test. is not delegated from the signed test.: the lab proves it does not exist.
    ...(o.stubZones ?? []).map((z) => `  domain-insecure: ${q(z.zone)}`),
    ...(o.stubZones ?? []).flatMap((z) => ['stub-zone:', `  name: ${q(z.zone)}`, ...z.addresses.map((a) => `  stub-addr: ${a}`)]),
    'remote-control:',
    '  control-enable: no',
    '',
  ].join('\n');
}
