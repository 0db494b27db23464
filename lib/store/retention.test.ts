import { describe, expect, it } from 'vitest';
import type { ReportStore } from '@/lib/store/report-store';
import { applyRetention, retentionCutoff, startRetention } from '@/lib/store/retention';

const DAY = 86_400_000;
const T0 = Date.UTC(2026, 11, 3, 12);

/** A store holding only creation times: enough to see what retention deletes. */
function timesStore(createdAt: number[]) {
  const kept = [...createdAt];
  const calls: Date[] = [];
  let fail = false;
  const store = {
    async deleteReportsBefore(cutoff: Date) {
      calls.push(cutoff);
      if (fail) throw new Error('database down');
      const before = kept.length;
      for (let i = kept.length - 1; i >= 0; i--) if ((kept[i] ?? 0) < cutoff.getTime()) kept.splice(i, 1);
      return before - kept.length;
    },
  } as unknown as ReportStore;
  return { store, kept, calls, failNext: (v: boolean) => (fail = v) };
}

function manualTimers() {
  const runs: (() => void)[] = [];
  return { runs, setInterval: (run: () => void) => (runs.push(run), {}), clearInterval: () => runs.splice(0) };
}

describe('retentionCutoff', () => {
  it('is exactly `days` before now', () => {
    expect(retentionCutoff(new Date(T0), 30).getTime()).toBe(T0 - 30 * DAY);
  });
  it.each([0, -1, 1.5])('refuses %s days', (days) => {
    expect(() => retentionCutoff(new Date(T0), days)).toThrow(RangeError);
  });
});

describe('applyRetention', () => {
  it('deletes only what is older than the limit', async () => {
    const s = timesStore([T0 - 31 * DAY, T0 - 30 * DAY, T0 - 30 * DAY + 1, T0 - DAY, T0]);
    expect(await applyRetention(s.store, 30, new Date(T0))).toBe(1);
    expect(s.kept).toEqual([T0 - 30 * DAY, T0 - 30 * DAY + 1, T0 - DAY, T0]);
  });
});

describe('startRetention', () => {
  it('runs at start, then at every tick with the time of that tick, until stopped', async () => {
    let now = T0;
    const s = timesStore([T0 - 8 * DAY, T0 - 6 * DAY, T0 - 2 * DAY]);
    const timers = manualTimers();
    const logs: string[] = [];
    const r = startRetention({ days: 7, store: async () => s.store, now: () => new Date(now), ...timers, log: (m) => logs.push(m) });
    expect(await r.first).toBe(1);
    expect(s.kept).toEqual([T0 - 6 * DAY, T0 - 2 * DAY]);
    expect(logs).toEqual(['zonecut: retention deleted 1 report older than 7 days']);
    now += 2 * DAY;
    timers.runs[0]?.();
    await settle();
    expect(s.kept).toEqual([T0 - 2 * DAY]);
    expect(s.calls.map((c) => c.getTime())).toEqual([T0 - 7 * DAY, T0 - 5 * DAY]);
    r.stop();
    expect(timers.runs).toEqual([]);
  });

  it('logs a failed run and tries again at the next tick', async () => {
    const s = timesStore([T0 - 9 * DAY]);
    s.failNext(true);
    const timers = manualTimers();
    const logs: string[] = [];
    const r = startRetention({ days: 7, store: async () => s.store, now: () => new Date(T0), ...timers, log: (m) => logs.push(m) });
    expect(await r.first).toBeNull();
    expect(logs).toEqual(['zonecut: retention failed (will try again): database down']);
    s.failNext(false);
    timers.runs[0]?.();
    await settle();
    expect(s.kept).toEqual([]);
  });
});

/** Lets the promise chain of a run started by a tick settle. */
function settle(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
