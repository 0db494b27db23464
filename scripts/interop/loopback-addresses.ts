// BIND listens only on addresses it finds on an interface (it scans them; NSD, Knot and Unbound
// bind whatever 127/8 address they are given). So BIND's lab addresses are added to `lo` as /32s
// for the run and removed after it. They are inside 127.0.0.0/8, which `lo` already routes: the
// addresses change what an interface scan sees, not where any packet can go.
import { execFileSync } from 'node:child_process';
import { DAEMON_ENV } from './daemon-process';

const ip = (args: string[], input?: string) => execFileSync('ip', args, { env: DAEMON_ENV, input, stdio: ['pipe', 'pipe', 'pipe'], encoding: 'utf8' });

/** The /32s on `lo` inside 127.54.0.0/16 (ours, maybe left by a run that was killed). */
export function listLoopbackAddresses(prefix = '127.54.'): string[] {
  const out = ip(['-o', '-4', 'addr', 'show', 'dev', 'lo']);
  const found: string[] = [];
  for (const m of out.matchAll(/inet (\d+\.\d+\.\d+\.\d+)\/32 /g)) if (m[1]!.startsWith(prefix)) found.push(m[1]!);
  return found;
}

export function addLoopbackAddresses(addresses: readonly string[]): void {
  if (addresses.length === 0) return;
  assertOurs(addresses);
  const present = new Set(listLoopbackAddresses());
  const missing = addresses.filter((a) => !present.has(a));
  if (missing.length) ip(['-batch', '-'], missing.map((a) => `addr add ${a}/32 dev lo`).join('\n') + '\n');
}

/** Never throws: used on teardown and in exit handlers. */
export function removeLoopbackAddresses(addresses: readonly string[]): void {
  if (addresses.length === 0) return;
  assertOurs(addresses);
  try {
    ip(['-force', '-batch', '-'], addresses.map((a) => `addr del ${a}/32 dev lo`).join('\n') + '\n');
  } catch {
    // Some were gone already; -force went on with the rest.
  }
}

function assertOurs(addresses: readonly string[]): void {
  const stray = addresses.find((a) => !/^127\.54\.\d{1,3}\.\d{1,3}$/.test(a));
  if (stray) throw new Error(`refusing to touch ${stray} on lo: the interop harness owns 127.54.0.0/16 only`);
}
