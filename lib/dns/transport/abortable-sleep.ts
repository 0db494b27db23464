import { watchAbort } from './abort-watch';

/** Waits `ms`, or less when `signal` aborts: simulated round trips and timeouts that a cancelled
 *  check must not sit out. Resolves, never rejects. */
export function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (ms <= 0 || signal?.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    if (!signal) {
      setTimeout(resolve, ms);
      return;
    }
    const timer = setTimeout(() => {
      unwatch();
      resolve();
    }, ms);
    const unwatch = watchAbort(signal, () => {
      clearTimeout(timer);
      resolve();
    });
  });
}
