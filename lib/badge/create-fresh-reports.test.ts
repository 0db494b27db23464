import { describe, expect, it, vi } from 'vitest';
import { createFreshReports, type FreshReportDeps } from '@/lib/badge/create-fresh-reports';
import { createCheckSlots } from '@/lib/guard/check-slots';
import type { StoredReportSummary } from '@/lib/store/report-store';

const HOUR = 3_600_000;

function summary(domain: string, createdAt: number, id = `id-${createdAt}`): StoredReportSummary {
  return {
    id,
    domain,
    createdAt: new Date(createdAt).toISOString(),
    status: 'ok',
    badge: { status: 'ok', message: 'ok' },
    counts: { error: 0, warning: 0, notice: 0, info: 0 },
    zonecutVersion: 'test',
    catalogueVersion: 1,
  };
}

/** A store in a Map and a check that stores when released (or right away). */
function harness(overrides: Partial<FreshReportDeps> = {}) {
  let t = Date.UTC(2026, 10, 22, 12);
  const stored = new Map<string, StoredReportSummary>();
  const checks: string[] = [];
  let release: (() => void) | null = null;
  let gate: Promise<void> | null = null;
  const deps: FreshReportDeps = {
    latest: async (fqdn) => stored.get(fqdn) ?? null,
    check: async (fqdn) => {
      checks.push(fqdn);
      if (gate) await gate;
      const s = summary(fqdn, t, `checked-${checks.length}`);
      stored.set(fqdn, s);
      return s;
    },
    maxAgeMs: HOUR,
    waitMs: 50,
    now: () => t,
    ...overrides,
  };
  return {
    fresh: createFreshReports(deps),
    stored,
    checks,
    advance: (ms: number) => (t += ms),
    now: () => t,
    hold() {
      gate = new Promise((resolve) => (release = resolve));
    },
    release() {
      gate = null;
      release?.();
    },
  };
}

describe('createFreshReports', () => {
  it('serves a stored report younger than the window without checking', async () => {
    const h = harness();
    h.stored.set('a.test.', summary('a.test.', h.now() - HOUR + 1000));
    expect(await h.fresh.get('A.test')).toMatchObject({ source: 'stored', summary: { domain: 'a.test.' } });
    expect(h.checks).toEqual([]);
  });

  it('checks when the latest report is older than the window, and serves the new one', async () => {
    const h = harness();
    h.stored.set('a.test.', summary('a.test.', h.now() - HOUR));
    const r = await h.fresh.get('a.test.');
    expect(r).toMatchObject({ source: 'checked', summary: { id: 'checked-1' } });
    expect(h.checks).toEqual(['a.test.']);
    expect(await h.fresh.get('a.test.')).toMatchObject({ source: 'stored', summary: { id: 'checked-1' } });
    expect(h.checks).toHaveLength(1);
  });

  it('with latestMs, reads the store once for every request in that time, and takes the report of its own check at once', async () => {
    let reads = 0;
    const stored = new Map<string, StoredReportSummary>();
    const h = harness({
      latestMs: 60_000,
      latest: async (fqdn) => {
        reads++;
        return stored.get(fqdn) ?? null;
      },
    });
    stored.set('a.test.', summary('a.test.', h.now() - 1000, 'first'));
    const answers = await Promise.all(Array.from({ length: 10 }, () => h.fresh.get('a.test')));
    expect(answers.every((a) => a.source === 'stored' && a.summary?.id === 'first')).toBe(true);
    expect(reads).toBe(1);
    // Another instance's report: not seen until the read is older than latestMs.
    stored.set('a.test.', summary('a.test.', h.now(), 'second'));
    expect((await h.fresh.get('a.test')).summary?.id).toBe('first');
    expect(reads).toBe(1);
    // Out of the window: this process checks, and serves its report from memory at once.
    h.advance(2 * HOUR);
    expect(await h.fresh.get('a.test')).toMatchObject({ source: 'checked', summary: { id: 'checked-1' } });
    expect(await h.fresh.get('a.test')).toMatchObject({ source: 'stored', summary: { id: 'checked-1' } });
    expect(h.checks).toEqual(['a.test.']);
  });

  it('with latestMs, takes a report this process saved elsewhere (saved()) at once, without a read', async () => {
    let reads = 0;
    const stored = new Map<string, StoredReportSummary>();
    const h = harness({
      latestMs: 60_000,
      latest: async (fqdn) => {
        reads++;
        return stored.get(fqdn) ?? null;
      },
    });
    stored.set('a.test.', summary('a.test.', h.now() - 1000, 'first'));
    expect((await h.fresh.get('a.test')).summary?.id).toBe('first');
    h.fresh.saved(summary('a.test.', h.now(), 'saved-here'));
    expect(await h.fresh.get('A.test.')).toMatchObject({ source: 'stored', summary: { id: 'saved-here' } });
    expect(reads).toBe(1);
    expect(h.checks).toEqual([]);
  });

  it('with latestMs, serves an old read while one new read replaces it in the background', async () => {
    let reads = 0;
    let answer = 'first';
    const h = harness({
      latestMs: 1,
      latest: async (fqdn) => {
        reads++;
        return summary(fqdn, Date.UTC(2026, 10, 22, 12) - 1000, answer);
      },
    });
    expect((await h.fresh.get('a.test')).summary?.id).toBe('first');
    answer = 'second';
    await new Promise((r) => setTimeout(r, 5));
    // Older than latestMs: the old read is served, and one new read goes out for everyone.
    const during = await Promise.all([h.fresh.get('a.test'), h.fresh.get('a.test')]);
    expect(during.map((a) => a.summary?.id)).toEqual(['first', 'first']);
    expect(reads).toBe(2);
    await vi.waitFor(async () => expect((await h.fresh.get('a.test')).summary?.id).toBe('second'));
  });

  it('runs one check per domain however many requests arrive at once', async () => {
    const h = harness({ waitMs: 5000 });
    h.hold();
    const answers = Promise.all(Array.from({ length: 20 }, () => h.fresh.get('busy.test')));
    await vi.waitFor(() => expect(h.fresh.inFlight).toBe(1));
    const other = h.fresh.get('other.test');
    h.release();
    const all = await answers;
    expect(h.checks.sort()).toEqual(['busy.test.', 'other.test.']);
    expect(new Set(all.map((a) => a.summary?.id)).size).toBe(1);
    expect(all.every((a) => a.source === 'checked')).toBe(true);
    await other;
    expect(h.fresh.inFlight).toBe(0);
  });

  it('answers with the last known report when the check takes too long, and stores it later', async () => {
    const h = harness();
    h.stored.set('slow.test.', summary('slow.test.', h.now() - 2 * HOUR, 'old'));
    h.hold();
    const started = Date.now();
    expect(await h.fresh.get('slow.test')).toMatchObject({ source: 'stale', summary: { id: 'old' } });
    expect(Date.now() - started).toBeLessThan(1000);
    // A second request joins the running check instead of starting another.
    expect(await h.fresh.get('slow.test')).toMatchObject({ source: 'stale' });
    expect(h.checks).toHaveLength(1);
    h.release();
    await vi.waitFor(() => expect(h.fresh.inFlight).toBe(0));
    expect(await h.fresh.get('slow.test')).toMatchObject({ source: 'stored', summary: { id: 'checked-1' } });
  });

  it('answers none when nothing is known and the check is slow', async () => {
    const h = harness();
    h.hold();
    expect(await h.fresh.get('new.test')).toEqual({ source: 'none', summary: null });
    h.release();
  });

  it('survives a failing check: falls back, reports it, and tries again next time', async () => {
    const onError = vi.fn();
    let fail = true;
    const h = harness({
      onError,
      check: async (fqdn) => {
        if (fail) throw new Error('boom');
        return summary(fqdn, Date.now(), 'second');
      },
    });
    expect(await h.fresh.get('flaky.test')).toEqual({ source: 'none', summary: null });
    expect(onError).toHaveBeenCalledWith('flaky.test.', expect.objectContaining({ message: 'boom' }));
    fail = false;
    expect(await h.fresh.get('flaky.test')).toMatchObject({ source: 'checked', summary: { id: 'second' } });
  });

  it('asks before starting a check, not before joining one', async () => {
    const h = harness({ waitMs: 5000 });
    const deny = vi.fn(() => false);
    expect(await h.fresh.get('limited.test', { mayStartCheck: deny })).toEqual({ source: 'none', summary: null });
    expect(h.checks).toEqual([]);
    h.hold();
    const first = h.fresh.get('limited.test', { mayStartCheck: () => true });
    await vi.waitFor(() => expect(h.fresh.inFlight).toBe(1));
    deny.mockClear();
    const second = h.fresh.get('limited.test', { mayStartCheck: deny });
    h.release();
    expect((await second).source).toBe('checked');
    expect(deny).not.toHaveBeenCalled();
    await first;
  });

  it('bounds the checks running at once across domains', async () => {
    const h = harness({ maxInFlight: 2 });
    h.hold();
    await Promise.all(['a', 'b', 'c', 'd'].map((d) => h.fresh.get(`${d}.test`)));
    expect(h.checks).toHaveLength(2);
    h.release();
  });

  it("holds a slot of the process's cap while its check runs, and without one serves what is stored", async () => {
    const slots = createCheckSlots(1);
    const mayStart = vi.fn(() => true);
    const h = harness({ takeSlot: () => slots.tryTake(), waitMs: 5000 });
    h.stored.set('old.test.', summary('old.test.', h.now() - 2 * HOUR, 'old'));
    h.hold();
    const first = h.fresh.get('a.test', { mayStartCheck: mayStart });
    await vi.waitFor(() => expect(slots.running).toBe(1));
    // The only slot is taken: no check starts, the client is not charged, the stale report is served.
    expect(await h.fresh.get('old.test', { mayStartCheck: mayStart })).toMatchObject({ source: 'stale', summary: { id: 'old' } });
    expect(mayStart).toHaveBeenCalledTimes(1);
    expect(h.checks).toEqual(['a.test.']);
    h.release();
    expect((await first).source).toBe('checked');
    expect(slots.running).toBe(0);
    // A client over its rate gives the slot back at once.
    expect(await h.fresh.get('old.test', { mayStartCheck: () => false })).toMatchObject({ source: 'stale' });
    expect(slots.running).toBe(0);
    expect((await h.fresh.get('old.test')).source).toBe('checked');
  });

  it('with a window of 0 checks every time (still one at a time)', async () => {
    const h = harness({ maxAgeMs: 0 });
    await h.fresh.get('zero.test');
    await h.fresh.get('zero.test');
    expect(h.checks).toHaveLength(2);
  });

  it('with a claim shared by two instances, runs one check, and the other instance serves its report from the store', async () => {
    const claims = new Set<string>();
    const claim = async (fqdn: string) => {
      if (claims.has(fqdn)) return null;
      claims.add(fqdn);
      return () => claims.delete(fqdn);
    };
    const stored = new Map<string, StoredReportSummary>();
    const checks: string[] = [];
    const instance = (name: string) =>
      createFreshReports({
        latest: async (fqdn) => stored.get(fqdn) ?? null,
        check: async (fqdn) => {
          checks.push(`${name} ${fqdn}`);
          await new Promise((r) => setTimeout(r, 60));
          const s = summary(fqdn, Date.now(), `by-${name}`);
          stored.set(fqdn, s);
          return s;
        },
        claim,
        pollMs: 10,
        maxAgeMs: HOUR,
        waitMs: 1000,
      });
    const [a, b] = [instance('a'), instance('b')];
    const answers = await Promise.all([a.get('fresh.example'), b.get('fresh.example'), b.get('fresh.example')]);
    expect(checks).toEqual(['a fresh.example.']);
    expect(answers.map((x) => `${x.source} ${x.summary?.id}`)).toEqual(['checked by-a', 'checked by-a', 'checked by-a']);
    expect(claims.size).toBe(0);
  });

  it('waits for the other instance no longer than waitMs, then answers what it knew', async () => {
    const claim = async () => null; // another instance holds it and never stores
    const h = harness({ claim, pollMs: 10, waitMs: 80 });
    const started = Date.now();
    const answer = await h.fresh.get('slow.example');
    expect(Date.now() - started).toBeLessThan(500);
    expect(answer).toEqual({ summary: null, source: 'none' });
    expect(h.checks).toEqual([]);
  });
});
