import { getEventListeners } from 'node:events';
import { describe, expect, it } from 'vitest';
import { watchAbort } from './abort-watch';
import { abortableSleep } from './abortable-sleep';

describe('watchAbort', () => {
  it('puts one listener on a signal however many waits hang on it, and wakes each once', () => {
    const controller = new AbortController();
    const woken: number[] = [];
    const stops = Array.from({ length: 50 }, (_, i) => watchAbort(controller.signal, () => woken.push(i)));
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(1);
    stops[7]!();
    stops[7]!(); // twice is harmless
    controller.abort();
    controller.abort();
    expect(woken).toHaveLength(49);
    expect(woken).not.toContain(7);
    expect(new Set(woken).size).toBe(49);
  });

  it('keeps signals apart', () => {
    const a = new AbortController();
    const b = new AbortController();
    const woken: string[] = [];
    watchAbort(a.signal, () => woken.push('a'));
    watchAbort(b.signal, () => woken.push('b'));
    b.abort();
    expect(woken).toEqual(['b']);
  });

  it('lets a wait added while the signal wakes the others be woken by nothing (the signal has fired)', () => {
    const controller = new AbortController();
    const woken: string[] = [];
    watchAbort(controller.signal, () => {
      woken.push('first');
      watchAbort(controller.signal, () => woken.push('late'));
    });
    controller.abort();
    expect(woken).toEqual(['first']);
  });
});

describe('abortableSleep', () => {
  it('ends every sleep on a shared signal at the abort, long before their timers', async () => {
    const controller = new AbortController();
    const sleeps = Array.from({ length: 20 }, () => abortableSleep(60_000, controller.signal));
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(1);
    controller.abort();
    await expect(Promise.all(sleeps)).resolves.toHaveLength(20);
  });

  it('resolves at once for an already-aborted signal or no time', async () => {
    await expect(abortableSleep(60_000, AbortSignal.abort())).resolves.toBeUndefined();
    await expect(abortableSleep(0)).resolves.toBeUndefined();
  });
});
