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
    // the resolver fails the provider's NS names (one round trip); the walk from the root that it
    // prompts learns their addresses from the glue of test.'s referral to gone-dns.test (one
    // round trip), and they keep silent: a timeout
    ['stranded.test', 3, 4 * RTT + 400],
    // the same with servers that answer: after the resolver's failure, the walk asks test. for
    // firewalled-dns.test, then dns1.firewalled-dns.test NS, then its A and AAAA (three round
    // trips), and only that answer gives the address the zone's probes go to
    ['resolver-fallback.test', 3, 7 * RTT],
    // every server says NXDOMAIN for dept.broken-ent.test (an empty non-terminal): the full name
    // is asked only then, and its answer, a referral to cs.dept, delegates the zone
    ['cs.dept.broken-ent.test', 4, 5 * RTT],
    // the A and AAAA of ns1 and ns2 go to two servers, both refuse, and only then to a third
    ['lame-all.test', 3, 4 * RTT],
  ])('%s: %i levels, %i ms', async (name, levels, boundMs) => {
    const path = criticalPath(await walk(name));
    expect(path).toMatchObject({ levels, boundMs });
  });
});
