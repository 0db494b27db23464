// `dig +trace` against the lab root, as a second opinion on the walker's delegation chain, run so
// that no packet can leave the loopback.
//
// The catch: dig +trace sends its first query (`. NS`) to the @server given, but looks up the
// address of every NS name it follows with getaddrinfo(3), that is through the system's resolver
// (/etc/nsswitch.conf, /etc/resolv.conf), never from the glue in the referral (BIND 9.18
// dighost.c, followup_lookup → getaddresses). Run plainly, it would ask the machine's resolver for
// every lab name. So dig runs in a mount namespace of its own (unshare(1), root only) where
// /etc/resolv.conf names one resolver, a relay on the loopback (dns-relay.ts) in front of the
// lab's Unbound, /etc/nsswitch.conf says `hosts: files dns`, /etc/hosts holds localhost only and
// nscd's socket directory, if any, is hidden. The script refuses to run dig unless those files are
// in place; the caller then checks every `;; Received … from` address against the harness's range
// and throws on any other. (Checked once under strace: every connect and send of dig and of its
// look-ups went to 127.54.0.0/16.)
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DAEMON_ENV } from './daemon-process';
import { inInteropRange } from './in-interop-range';
import { INTEROP_RANGE } from './interop-layout';

/** One reply dig printed while tracing: its header, the records it showed and who sent them. */
export interface DigTraceStep {
  rcode: string;
  /** Header flags as dig prints them: `qr`, `aa`, … */
  flags: string[];
  /** Records as dig printed them (`owner ttl class type rdata`), by section; dig +trace shows no additional section. */
  records: { section: 'answer' | 'authority'; owner: string; type: string; data: string }[];
  /** NS targets per owner, lowercase, sorted: the delegation (or apex NS set) this reply gave. */
  nsSets: Record<string, string[]>;
  bytes: number;
  from: { address: string; port: number; name: string };
}

export interface DigTrace {
  command: string;
  steps: DigTraceStep[];
  /** `couldn't get address for 'x': …` lines: NS names getaddrinfo could not resolve, absolute. */
  unresolved: string[];
  stdout: string;
  stderr: string;
  status: number;
}

const RECEIVED = /^;; Received (\d+) bytes from ([0-9a-f.:]+)#(\d+)\(([^)]*)\) in \d+ ms$/i;
const SECTIONS: Record<string, 'answer' | 'authority' | null> = {
  ANSWER: 'answer',
  AUTHORITY: 'authority',
  ADDITIONAL: null,
  QUESTION: null,
  'OPT PSEUDOSECTION': null,
};

/** Parses `dig +trace +nodnssec +comments` output into its steps, one per `;; Received` line. */
export function parseDigTrace(stdout: string): { steps: DigTraceStep[]; unresolved: string[] } {
  const steps: DigTraceStep[] = [];
  const unresolved: string[] = [];
  let rcode = '';
  let flags: string[] = [];
  let records: DigTraceStep['records'] = [];
  let section: 'answer' | 'authority' | null = null;
  for (const line of stdout.split('\n')) {
    const unres = /^couldn't get address for '([^']+)'/.exec(line);
    if (unres) {
      unresolved.push(unres[1]!.toLowerCase().replace(/\.?$/, '.'));
      continue;
    }
    const header = /^;; ->>HEADER<<- opcode: \S+, status: ([A-Z0-9]+),/.exec(line);
    if (header) {
      rcode = header[1]!;
      continue;
    }
    const flagLine = /^;; flags: ([a-z ]*);/.exec(line);
    if (flagLine) {
      flags = flagLine[1]!.split(' ').filter(Boolean);
      continue;
    }
    const sectionLine = /^;; ([A-Z ]+) SECTION:$|^;; (OPT PSEUDOSECTION):$/.exec(line);
    if (sectionLine) {
      section = SECTIONS[sectionLine[1] ?? sectionLine[2]!] ?? null;
      continue;
    }
    const received = RECEIVED.exec(line);
    if (received) {
      const nsSets: Record<string, string[]> = {};
      for (const r of records) if (r.type === 'NS') (nsSets[r.owner] ??= []).push(r.data.toLowerCase());
      for (const owner of Object.keys(nsSets)) nsSets[owner]!.sort();
      steps.push({ rcode, flags, records, nsSets, bytes: Number(received[1]), from: { address: received[2]!, port: Number(received[3]), name: received[4]! } });
      rcode = '';
      flags = [];
      records = [];
      section = null;
      continue;
    }
    if (!line.trim() || line.startsWith(';') || section === null) continue;
    const t = line.split(/\s+/);
    // owner ttl class type rdata…
    if (t.length >= 5 && /^\d+$/.test(t[1]!) && t[2] === 'IN') records.push({ section, owner: t[0]!.toLowerCase(), type: t[3]!, data: t.slice(4).join(' ') });
  }
  return { steps, unresolved };
}

// $1 resolv.conf, $2 nsswitch.conf, $3 hosts; the rest is dig's arguments. The mounts are
// private to the new namespace (`--propagation private`), so the machine's own files are never
// touched.
const NAMESPACE_SCRIPT = [
  'set -e',
  'mount --bind "$1" /etc/resolv.conf',
  'mount --bind "$2" /etc/nsswitch.conf',
  'mount --bind "$3" /etc/hosts',
  // The C library asks nscd first when its socket exists, and nscd answers from the machine's resolver.
  'for d in /run/nscd /var/run/nscd; do if [ -d "$d" ]; then mount -t tmpfs tmpfs "$d"; fi; done',
  'if ! cmp -s "$1" /etc/resolv.conf || ! cmp -s "$2" /etc/nsswitch.conf || ! cmp -s "$3" /etc/hosts; then',
  '  echo "dig-trace: the private resolver files are not in place; dig not run" >&2; exit 97',
  'fi',
  'shift 3',
  'exec dig "$@"',
].join('\n');

export interface DigTraceOptions {
  /** The lab root's address: dig asks it for `. NS` and starts from its answer. */
  root: string;
  /** The resolver getaddrinfo uses inside the namespace (a relay in front of Unbound). */
  resolver: string;
  /** Where the namespace's resolv.conf, nsswitch.conf and hosts are written. */
  dir: string;
  timeoutMs?: number;
}

/**
 * Writes `file` unless it already holds `content`, by renaming a complete copy into place: a dig
 * running meanwhile has the old file mounted, and must never read it half written (an empty
 * resolv.conf means 127.0.0.1 to the C library).
 */
function placeFile(file: string, content: string): string {
  if (existsSync(file) && readFileSync(file, 'utf8') === content) return file;
  const tmp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}`;
  writeFileSync(tmp, content);
  renameSync(tmp, file);
  return file;
}

export function runDigTrace(name: string, type: string, opts: DigTraceOptions): Promise<DigTrace> {
  for (const [what, a] of [
    ['root', opts.root],
    ['resolver', opts.resolver],
  ] as const) {
    if (!inInteropRange(a)) return Promise.reject(new Error(`dig-trace: ${what} ${a} is outside ${INTEROP_RANGE}`));
  }
  if (!/^[a-z0-9.-]+$/i.test(name) || !/^[A-Z0-9]+$/.test(type)) return Promise.reject(new Error(`dig-trace: will not trace "${name}" ${type}`));
  mkdirSync(opts.dir, { recursive: true });
  // No search list: a name that does not resolve fails, rather than being tried under a suffix.
  const resolvConf = placeFile(join(opts.dir, 'resolv.conf'), `nameserver ${opts.resolver}\nsearch .\noptions timeout:2 attempts:2\n`);
  const nsswitch = placeFile(join(opts.dir, 'nsswitch.conf'), 'hosts: files dns\n');
  const hosts = placeFile(join(opts.dir, 'hosts'), '127.0.0.1 localhost\n');
  // -4: the lab has no IPv6. +nodnssec: the NS sets are the point, not the DS and signatures.
  const digArgs = ['-4', `@${opts.root}`, name, type, '+trace', '+nodnssec', '+comments', '+time=2', '+tries=2'];
  const command = `dig ${digArgs.join(' ')}`;
  const args = ['--mount', '--propagation', 'private', '--', 'sh', '-c', NAMESPACE_SCRIPT, 'dig-trace', resolvConf, nsswitch, hosts, ...digArgs];
  return new Promise((resolve, reject) => {
    execFile('unshare', args, { env: DAEMON_ENV, timeout: opts.timeoutMs ?? 20_000, encoding: 'utf8' }, (err, stdout, stderr) => {
      const status = err ? (typeof (err as { code?: unknown }).code === 'number' ? (err as { code: number }).code : 1) : 0;
      if (status === 97) return reject(new Error(stderr.trim()));
      const { steps, unresolved } = parseDigTrace(stdout);
      const stray = steps.filter((s) => !inInteropRange(s.from.address));
      if (stray.length) {
        return reject(new Error(`dig-trace: ${command} received from ${stray.map((s) => s.from.address).join(', ')}, outside ${INTEROP_RANGE}:\n${stdout}`));
      }
      resolve({ command, steps, unresolved, stdout, stderr, status });
    });
  });
}
