// Idle worker lanes of a queue engine: each sleeps until it is woken (a job was sent in this
// process, or the queue stops) or its poll interval passes, whichever comes first.
export interface Wakers {
  sleep(ms: number): Promise<void>;
  wakeAll(): void;
}

export function createWakers(): Wakers {
  const waiting = new Set<() => void>();
  return {
    sleep(ms) {
      return new Promise<void>((resolve) => {
        const done = (): void => {
          clearTimeout(timer);
          waiting.delete(done);
          resolve();
        };
        const timer = setTimeout(done, ms);
        waiting.add(done);
      });
    },
    wakeAll() {
      for (const wake of [...waiting]) wake();
    },
  };
}
