// A server is up when it answers for each of its zones as it should: NOERROR with AA for a zone
// it loaded (Knot answers SERVFAIL until its background load is done), SERVFAIL for a zone meant
// not to load, and any answer at all when it serves nothing (REFUSED is its whole job).
import { setTimeout as sleep } from 'node:timers/promises';
import type { ServedZone } from './interop-layout';
import { digHeader, runDig } from './run-dig';

export interface ReadinessProbe {
  address: string;
  port: number;
  zones: readonly Pick<ServedZone, 'zone' | 'mode'>[];
  /** Recursion desired, for the resolver: any answer for the root SOA then means it works. */
  recursive?: boolean;
}

export async function waitUntilAnswering(probe: ReadinessProbe, opts: { timeoutMs: number; isDead?: () => string | null }): Promise<void> {
  const deadline = Date.now() + opts.timeoutMs;
  const checks = probe.zones.length ? probe.zones : [{ zone: '.', mode: 'refused' as const }];
  for (const { zone, mode } of checks) {
    let last = 'no answer';
    for (;;) {
      const dead = opts.isDead?.();
      if (dead) throw new Error(`${probe.address}: the server ${dead} before answering`);
      const r = await runDig([
        `@${probe.address}`,
        '-p',
        String(probe.port),
        zone,
        'SOA',
        probe.recursive ? '+rec' : '+norec',
        '+time=1',
        '+tries=1',
        '+noall',
        '+comments',
      ]);
      const h = r.status === 0 ? digHeader(r.stdout) : null;
      if (h) {
        last = `${h.rcode} ${h.flags.join(' ')}`;
        if (mode === 'refused' || (mode === 'servfail' && h.rcode === 'SERVFAIL')) break;
        if (probe.recursive ? h.rcode === 'NOERROR' : h.rcode === 'NOERROR' && h.flags.includes('aa')) break;
      }
      if (Date.now() > deadline) {
        throw new Error(`${probe.address}:${probe.port} did not answer for ${zone} as expected within ${opts.timeoutMs} ms (last: ${last})`);
      }
      await sleep(50);
    }
  }
}
