import { describe, expect, it } from 'vitest';
import { ServerTimeouts } from './server-timeouts';

describe('ServerTimeouts', () => {
  it('an unknown address gets the unknown-server timeout, within the ceiling', () => {
    const t = new ServerTimeouts();
    expect(t.timeoutFor('192.0.2.1#53', 1500)).toBe(400);
    expect(t.timeoutFor('192.0.2.1#53', 300)).toBe(300);
  });

  it('learns from answers (RFC 6298), never under the floor nor over the ceiling', () => {
    const t = new ServerTimeouts({ floorMs: 100 });
    t.begin('a', 1500).end(200); // SRTT 200, RTTVAR 100: 200 + 4 × 100
    expect(t.timeoutFor('a', 1500)).toBe(600);
    for (let i = 0; i < 50; i++) t.begin('a', 1500).end(200);
    expect(t.timeoutFor('a', 1500)).toBe(400); // steady: twice the SRTT
    t.begin('b', 1500).end(10);
    expect(t.timeoutFor('b', 1500)).toBe(100);
    t.begin('c', 1500).end(900);
    expect(t.timeoutFor('c', 1500)).toBe(1500);
  });

  it('doubles the timeout once after a timeout, however many follow; an answer ends the silence', () => {
    const t = new ServerTimeouts();
    const [x, y] = [t.begin('a', 1500), t.begin('a', 1500)];
    x.end('timeout');
    y.end('timeout');
    expect(t.isSilent('a')).toBe(true);
    expect(t.timeoutFor('a', 1500)).toBe(800);
    t.begin('a', 1500).end('timeout');
    expect(t.timeoutFor('a', 1500)).toBe(800);
    expect(t.begin('a', 700, 2).timeoutMs).toBe(700);
    t.begin('a', 1500).end(40);
    expect(t.isSilent('a')).toBe(false);
    expect(t.timeoutFor('a', 1500)).toBe(250);
  });

  it('retries a lone timeout once, not one already known silent nor one whose companions timed out', () => {
    const t = new ServerTimeouts();
    const lone = t.begin('a', 1500);
    lone.end('timeout');
    expect(lone.mayRetry()).toBe(true);
    const after = t.begin('a', 1500);
    after.end('timeout');
    expect(after.mayRetry()).toBe(false);
    const [x, y] = [t.begin('b', 1500), t.begin('b', 1500)];
    x.end('timeout');
    expect(x.mayRetry()).toBe(false); // y is still out: it is x's retry
    y.end('timeout');
    expect(y.mayRetry()).toBe(false); // x timed out meanwhile
  });

  it('holds at most maxEntries addresses, the least recently used dropped first', () => {
    const t = new ServerTimeouts({ maxEntries: 2 });
    t.begin('a', 1500).end(20);
    t.begin('b', 1500).end(20);
    t.timeoutFor('a', 1500);
    t.begin('c', 1500).end(20);
    expect(t.size).toBe(2);
    expect(t.timeoutFor('b', 1500)).toBe(400); // forgotten: unknown again
    expect(t.timeoutFor('a', 1500)).toBe(250);
  });
});
