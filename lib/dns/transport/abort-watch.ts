// One 'abort' listener per signal, however many waits hang on it. A walk shares one AbortSignal
// among all its queries, and each query's timer used to add (and later remove) its own listener:
// Node's EventTarget looks through every listener on each add and remove, so a burst of n
// queries cost n² steps. Here a signal gets one listener and a Set of the waits pending on it.

const pending = new WeakMap<AbortSignal, Set<() => void>>();

/**
 * Calls `onAbort` once when `signal` aborts, unless the returned function was called first. The
 * caller checks `signal.aborted` beforehand: an already-aborted signal never fires again.
 */
export function watchAbort(signal: AbortSignal, onAbort: () => void): () => void {
  let waits = pending.get(signal);
  if (!waits) {
    const set = new Set<() => void>();
    waits = set;
    pending.set(signal, set);
    signal.addEventListener(
      'abort',
      () => {
        const woken = [...set];
        set.clear();
        for (const wake of woken) wake();
      },
      { once: true },
    );
  }
  const waitsOnSignal = waits;
  waitsOnSignal.add(onAbort);
  return () => void waitsOnSignal.delete(onAbort);
}
