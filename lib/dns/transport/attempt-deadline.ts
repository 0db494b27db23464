import 'server-only';
import { watchAbort } from './abort-watch';

export type DeadlineReason = 'timeout' | 'aborted';

/**
 * Calls `onExpire` once, when `timeoutMs` passes or `signal` aborts, whichever comes first; the
 * returned function cancels both. An already-aborted signal expires on the next microtask so the
 * caller's handlers are in place first.
 *
 * A timeout is only called once the sockets have been read: when the event loop was held (a
 * check's signature verification, many checks at once), the timer phase runs before the poll
 * phase that would deliver a reply already waiting in the socket, so the expiry is deferred to
 * the check phase (setImmediate), after that poll. A reply that arrived in time is never a timeout.
 */
export function startDeadline(timeoutMs: number, signal: AbortSignal | undefined, onExpire: (reason: DeadlineReason) => void): () => void {
  let done = false;
  const fire = (reason: DeadlineReason) => {
    if (done) return;
    cancel();
    onExpire(reason);
  };
  let immediate: ReturnType<typeof setImmediate> | undefined;
  const timer = setTimeout(
    () => {
      immediate = setImmediate(() => fire('timeout'));
    },
    Math.max(1, timeoutMs),
  );
  let unwatch: (() => void) | undefined;
  function cancel() {
    done = true;
    clearTimeout(timer);
    if (immediate) clearImmediate(immediate);
    unwatch?.();
  }
  if (signal?.aborted) queueMicrotask(() => fire('aborted'));
  else if (signal) unwatch = watchAbort(signal, () => fire('aborted'));
  return cancel;
}

export function deadlineMessage(reason: DeadlineReason, timeoutMs: number, what: string): string {
  return reason === 'aborted' ? 'aborted' : `no ${what} within ${timeoutMs} ms`;
}
