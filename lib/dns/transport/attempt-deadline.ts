import 'server-only';

export type DeadlineReason = 'timeout' | 'aborted';

/**
 * Calls `onExpire` once, when `timeoutMs` passes or `signal` aborts, whichever comes first; the
 * returned function cancels both. An already-aborted signal expires on the next microtask so the
 * caller's handlers are in place first.
 */
export function startDeadline(timeoutMs: number, signal: AbortSignal | undefined, onExpire: (reason: DeadlineReason) => void): () => void {
  let done = false;
  const fire = (reason: DeadlineReason) => {
    if (done) return;
    cancel();
    onExpire(reason);
  };
  const onAbort = () => fire('aborted');
  const timer = setTimeout(() => fire('timeout'), Math.max(1, timeoutMs));
  function cancel() {
    done = true;
    clearTimeout(timer);
    signal?.removeEventListener('abort', onAbort);
  }
  if (signal?.aborted) queueMicrotask(onAbort);
  else signal?.addEventListener('abort', onAbort, { once: true });
  return cancel;
}

export function deadlineMessage(reason: DeadlineReason, timeoutMs: number, what: string): string {
  return reason === 'aborted' ? 'aborted' : `no ${what} within ${timeoutMs} ms`;
}
