import { describe, expect, it } from 'vitest';
import type { ExchangeResult } from '@/lib/dns/transport/exchange-result';
import type { ServerAddress } from '@/lib/dns/transport/options';
import { createMemoryServerRateLimiter, paceExchange } from '@/lib/dns/transport/server-rate';
import { buildLab } from '@/lib/lab/build-lab';
import { createLabTransport } from '@/lib/lab/lab-transport';

function clock() {
  let t = 5_000_000;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}

/** A sleep that only records how long it was asked to wait (the fake clock does not move). */
function recordingSleep() {
  const waits: number[] = [];
  return { waits, sleep: async (ms: number) => void waits.push(ms) };
}

describe('createMemoryServerRateLimiter', () => {
  it('lets a burst out at once, then books one query every 1/perSecond s, in order', async () => {
    const c = clock();
    const limiter = createMemoryServerRateLimiter({ perSecond: 20, burst: 3 }, { now: c.now });
    const waits = await Promise.all(Array.from({ length: 6 }, () => limiter.reserve('192.0.2.1', 10_000)));
    expect(waits).toEqual([0, 0, 0, 50, 100, 150]);
    // Another server has its own rate.
    expect(await limiter.reserve('192.0.2.2', 10_000)).toBe(0);
  });

  it('refills while a server is left alone, never beyond the burst', async () => {
    const c = clock();
    const limiter = createMemoryServerRateLimiter({ perSecond: 10, burst: 2 }, { now: c.now });
    for (let i = 0; i < 4; i++) await limiter.reserve('a', 10_000); // 0, 0, 100, 200
    c.advance(300); // the booked ones have gone out; the bucket is empty again
    expect(await limiter.reserve('a', 10_000)).toBe(0);
    expect(await limiter.reserve('a', 10_000)).toBe(100);
    c.advance(60_000);
    expect([await limiter.reserve('a', 10_000), await limiter.reserve('a', 10_000), await limiter.reserve('a', 10_000)]).toEqual([0, 0, 100]);
  });

  it('books nothing when the turn is further away than the caller will wait', async () => {
    const c = clock();
    const limiter = createMemoryServerRateLimiter({ perSecond: 1, burst: 1 }, { now: c.now });
    expect(await limiter.reserve('a', 500)).toBe(0);
    expect(await limiter.reserve('a', 500)).toBeNull(); // would be 1000 ms
    expect(await limiter.reserve('a', 1000)).toBe(1000); // the refused one took no turn
  });

  it('remembers a bounded number of servers, forgetting the least recently asked', async () => {
    const limiter = createMemoryServerRateLimiter({ perSecond: 1, burst: 1 }, { now: clock().now, maxKeys: 2 });
    expect(await limiter.reserve('a', 1500)).toBe(0);
    expect(await limiter.reserve('b', 1500)).toBe(0);
    expect(await limiter.reserve('a', 1500)).toBe(1000); // a is now the most recent
    await limiter.reserve('c', 1500); // b goes
    expect(await limiter.reserve('a', 1500)).toBeNull(); // still remembered: its next turn is 2 s away
    expect(await limiter.reserve('b', 1500)).toBe(0); // forgotten: a quiet server again
  });

  it.each([
    { perSecond: 0, burst: 1 },
    { perSecond: 5, burst: 0 },
    { perSecond: 5, burst: 1.5 },
  ])('refuses %j', (policy) => {
    expect(() => createMemoryServerRateLimiter(policy)).toThrow(RangeError);
  });
});

describe('paceExchange', () => {
  const server: ServerAddress = { address: '192.0.2.53', port: 53 };
  const reply: ExchangeResult = { ok: false, kind: 'refused-connection', message: 'sent', rttMs: 1, ignored: [] };

  it('sends each attempt when its turn comes, and sends nothing past the longest wait', async () => {
    const c = clock();
    const sent: number[] = [];
    const s = recordingSleep();
    const limiter = createMemoryServerRateLimiter({ perSecond: 10, burst: 1 }, { now: c.now });
    const paced = paceExchange(async (r: { server: ServerAddress; n: number }) => (sent.push(r.n), reply), { limiter, maxWaitMs: 250, sleep: s.sleep });
    const results = await Promise.all([0, 1, 2, 3, 4].map((n) => paced({ server, n })));
    expect(s.waits).toEqual([100, 200]);
    expect(sent).toEqual([0, 1, 2]);
    expect(results.slice(3)).toEqual([
      expect.objectContaining({
        ok: false,
        kind: 'budget-exhausted',
        message: expect.stringMatching(/^not sent: 192\.0\.2\.53 is at zonecut's query rate for one server \(10\/s\)/),
      }),
      expect.objectContaining({ ok: false, kind: 'budget-exhausted' }),
    ]);
  });

  it('sends nothing for a query aborted while it waits (the walk ran out of time)', async () => {
    const limiter = createMemoryServerRateLimiter({ perSecond: 1, burst: 1 }, { now: clock().now });
    const walk = new AbortController();
    let sent = 0;
    const paced = paceExchange(async () => (sent++, reply), {
      limiter,
      sleep: async () => walk.abort(),
    });
    expect(await paced({ server })).toBe(reply);
    expect(await paced({ server, signal: walk.signal })).toMatchObject({ ok: false, kind: 'timeout', message: 'aborted' });
    expect(sent).toBe(1);
  });
});

describe('the lab transport, paced', () => {
  it('answers every query to one server, each in its turn, and says in the evidence how long it waited', async () => {
    const s = recordingSleep();
    const limiter = createMemoryServerRateLimiter({ perSecond: 20, burst: 20 }, { now: clock().now });
    const transport = createLabTransport(buildLab(), { sleep: async () => {}, pacing: { limiter, sleep: s.sleep } });
    const observations = await Promise.all(
      Array.from({ length: 25 }, () => transport.query({ address: '192.0.2.11', port: 53 }, { name: 'healthy.test', type: 'NS' })),
    );
    expect(observations.every((o) => o.error === undefined && o.response?.rcode === 'NOERROR')).toBe(true);
    expect(s.waits).toEqual([50, 100, 150, 200, 250]);
    const notes = observations.map((o) => o.attempts[0]?.message ?? '');
    expect(notes.filter((m) => m.includes("waited 250 ms for its turn at zonecut's query rate for one server"))).toHaveLength(1);
    expect(notes.filter((m) => m === '')).toHaveLength(20);
    // Another server is not held up by this one.
    const other = await transport.query({ address: '2001:db8:2::11', port: 53 }, { name: 'healthy.test', type: 'NS' });
    expect(other.attempts[0]?.message).toBeUndefined();
    expect(s.waits).toHaveLength(5);
  });
});
