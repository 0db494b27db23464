// The bound the benchmark divides by, on lab walks with simulated time only (no waiting).
import { describe, expect, it } from 'vitest';
import { walkDelegation } from '@/lib/dns/walk';
import type { Transport } from '@/lib/dns/transport/types';
import { getLab } from '@/lib/lab/get-lab';
import { createLabResolverTransport } from '@/lib/lab/lab-resolver-transport';
import { createLabTransport } from '@/lib/lab/lab-transport';
import { criticalPath } from '@/scripts/bench/critical-path';

const RTT = 20;
const TIMEOUT = 1000;
const lab = getLab();
const transport = createLabTransport(lab, { rttMs: RTT, timeoutMs: TIMEOUT, sleep: () => Promise.resolve() });
const labResolver = createLabResolverTransport(lab);
const resolver: Transport = {
  kind: labResolver.kind,
  query: async (server, question, options) => ({ ...(await labResolver.query(server, question, options)), rttMs: RTT }),
};

const walk = (name: string) =>
  walkDelegation(name, {
    transport,
    resolver: { transport: resolver, server: labResolver.server },
    rootHints: lab.rootHints,
    policy: null,
    timeoutMs: TIMEOUT,
  });

describe('criticalPath', () => {
  it.each([
    // two referrals (root → test., test. → the zone), then every probe of the zone at once
    ['healthy.test', 3, 3 * RTT],
    // ns3 is known only from the zone's own apex NS answer: one more round trip to reach it
    ['ns-mismatch.test', 3, 4 * RTT],
    // a server that never answers costs one timeout: the longest of its probes' first attempts
    // (adaptive, server-timeouts.ts: over TCP twice the 400 ms an unknown server gets)
    ['silent.test', 3, 2 * RTT + 800],
    // b.c.deep.test's servers are named under c.deep.test, whose own answer the walk already holds
    ['a.b.c.deep.test', 6, 6 * RTT],
    // the provider's servers are learnt from the glue of test.'s referral to gone-dns.test, asked by
    // the walk from the root as soon as the zone is found (one round trip), then silent: a timeout
    ['stranded.test', 3, 3 * RTT + 400],
  ])('%s: %i levels, %i ms', async (name, levels, boundMs) => {
    const path = criticalPath(await walk(name));
    expect(path).toMatchObject({ levels, boundMs });
  });
});
