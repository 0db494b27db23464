// What the interop harness started and where: written as JSON beside the servers' files so the
// interop tests (and later the walker's) can find every server without knowing how it was chosen.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const INTEROP_LAYOUT_VERSION = 1;

/** Everything the harness writes lives here (gitignored), one run at a time. */
export const INTEROP_DIR = fileURLToPath(new URL('../../.tmp/interop/', import.meta.url));
export const INTEROP_LAYOUT_FILE = join(INTEROP_DIR, 'layout.json');
/**
 * The certificate of Unbound's DoH endpoint, at a fixed path: vitest.interop.config.ts names it
 * in the test workers' NODE_EXTRA_CA_CERTS before they start (Node reads that variable at start
 * only), so the app's own DoH wiring (lib/run-check.ts, no `ca` option) trusts it.
 */
export const INTEROP_DOH_CERT_FILE = join(INTEROP_DIR, 'unbound', 'doh-cert.pem');

/** The loopback range the harness owns; `npm run lab:serve` stays out of it. */
export const INTEROP_RANGE = '127.54.0.0/16';

export type AuthoritativeSoftware = 'nsd' | 'knot' | 'bind';
export type InteropSoftware = AuthoritativeSoftware | 'unbound';

/** How a served zone is set up on a real server, and so how it answers. */
export type ServedZoneMode =
  /** Loaded from the lab's zone file. */
  | 'normal'
  /** Loaded from the lab's older copy (`<zone>.stale.zone`): an older serial and older RRsets. */
  | 'stale'
  /** Configured with a file that does not load: the server answers SERVFAIL for the zone. */
  | 'servfail';

export interface ServedZone {
  /** Absolute, lowercase, with the trailing dot. */
  zone: string;
  mode: ServedZoneMode;
  /** The zone file the server reads (absolute path). */
  file: string;
  /** Whether the file holds DNSKEY and RRSIG records. */
  signed: boolean;
}

/** One lab server (one NS name) as a real server reproduces it. */
export interface InteropLabServer {
  /** The NS name, as in lib/lab/manifest.ts. */
  name: string;
  /** Its documentation addresses in the lab. */
  labAddresses: string[];
  /** Where it answers here: IPv4 loopback; the lab's IPv6 addresses are not served (see notes). */
  addresses: string[];
  /**
   * Behaviours a real server cannot be told to have (`silent` gets no listener at all: the
   * address answers with ICMP port unreachable, not silence). Empty when faithful.
   */
  notReproduced: string[];
}

/** One authoritative server configuration: a process for NSD and Knot, a view of the one named for BIND. */
export interface AuthoritativeInstance {
  id: string;
  software: AuthoritativeSoftware;
  /** e.g. `NSD 4.6.1` */
  version: string;
  port: number;
  /** Every address this instance answers on. */
  addresses: string[];
  labServers: InteropLabServer[];
  /** Zones it answers for; a lab zone this server refuses (REFUSED) is simply not here. */
  zones: ServedZone[];
  /** The process group leader (the one named process for every BIND instance). */
  pid: number;
  logFile: string;
}

export interface InteropResolver {
  software: 'unbound';
  version: string;
  address: string;
  /** Plain DNS (UDP and TCP). */
  port: number;
  /** RFC 8484 endpoint, HTTP/2 only (Unbound's libnghttp2 endpoint speaks nothing else). */
  dohUrl: string;
  /** The self-signed certificate the DoH endpoint presents (PEM); trust it, nothing else. */
  caCertFile: string;
  /** Its private key: for test-side DoH front ends on `spareAddresses`, which the certificate names too. */
  tlsKeyFile: string;
  spareAddresses: string[];
  /** The lab's trust anchor Unbound validates with, when the lab exports one. */
  trustAnchorFile?: string;
  pid: number;
  logFile: string;
}

export interface InteropLayout {
  version: typeof INTEROP_LAYOUT_VERSION;
  /** ISO 8601 */
  startedAt: string;
  dir: string;
  range: string;
  /** Where the zone files came from: the lab's own export or the harness's copy of the raw zones. */
  zoneSource: string;
  /** The lab root's loopback addresses (`ip` or `ip:port`), as ZONECUT_ROOT_HINTS takes them. */
  rootHints: string[];
  /** Lab address → loopback address, for every lab address that has one. */
  addressMap: Record<string, string>;
  servers: AuthoritativeInstance[];
  resolver: InteropResolver;
  /**
   * A zone of the harness's own, outside the lab's delegations, served once by each
   * implementation: every record type we decode, and a TXT RRset too big for any UDP answer.
   */
  extraZone: { zone: string; file: string; bigName: string; servedBy: string[] };
  /**
   * DNSSEC faults signed by BIND's dnssec-signzone (real-signer.ts) under `parent`, which the
   * lab's test. delegates with a DS: every zone served by each of `servedBy`.
   */
  realSigner: { parent: string; zones: string[]; servedBy: string[] };
  /** Anything a reader of the results should know: what is approximated and why. */
  notes: string[];
}

export function readInteropLayout(file: string = INTEROP_LAYOUT_FILE): InteropLayout {
  const layout = JSON.parse(readFileSync(file, 'utf8')) as InteropLayout;
  if (layout.version !== INTEROP_LAYOUT_VERSION) {
    throw new Error(`${file}: layout version ${String(layout.version)}, expected ${INTEROP_LAYOUT_VERSION}`);
  }
  return layout;
}
