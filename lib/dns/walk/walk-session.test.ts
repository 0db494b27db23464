import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { WalkSession } from '@/lib/dns/walk/walk-session';
import { buildLab, type Lab } from '@/lib/lab/build-lab';
import { createLabTransport } from '@/lib/lab/lab-transport';

let lab: Lab;
beforeAll(() => {
  lab = buildLab();
});

const warnings: Error[] = [];
const onWarning = (w: Error) => warnings.push(w);
afterEach(() => {
  process.off('warning', onWarning);
  warnings.length = 0;
});

describe('WalkSession', () => {
  it('one abort reaches every query then in flight, however many, and none that had ended', async () => {
    process.on('warning', onWarning);
    const caller = new AbortController();
    // A silent server and a timeout of a minute, waited for in real time: only the abort can end
    // these queries (the test would time out otherwise).
    const silent = lab.servers.find((s) => s.behaviour === 'silent')!;
    const transport = createLabTransport(lab, { timeoutMs: 60_000, timeouts: false });
    const session = new WalkSession({ transport, resolver: null, rootHints: [], policy: null, signal: caller.signal });
    const send = (address: string) =>
      session.send({
        transport,
        server: { address, port: 53 },
        question: { name: 'healthy.test.', type: 'NS' },
        options: {},
        purpose: 'referral',
        zone: 'test.',
        cacheable: false,
      });

    const done = await send('192.0.2.11');
    const waiting = Array.from({ length: 40 }, () => send(silent.addresses[0]!));
    caller.abort();
    const aborted = await Promise.all(waiting);
    session.close();

    expect(done?.error).toBeUndefined();
    expect(done?.response?.rcode).toBe('NOERROR');
    expect(aborted).toHaveLength(40);
    for (const o of aborted) expect(o?.error).toEqual({ kind: 'timeout', message: 'aborted' });
    expect(session.observations().map((o) => o.id)).toEqual(Array.from({ length: 41 }, (_, i) => `q${i + 1}`));
    // Nothing more goes out once aborted.
    expect(await send('192.0.2.11')).toBeNull();
    // Forty listeners on the walk's one signal are not a leak.
    await new Promise((resolve) => setImmediate(resolve));
    expect(warnings.filter((w) => w.name === 'MaxListenersExceededWarning')).toEqual([]);
  });
});
