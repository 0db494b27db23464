import { describe, expect, it } from 'vitest';
import { percentile, summarize } from '@/scripts/bench/stats';

describe('percentile (nearest rank)', () => {
  const hundred = Array.from({ length: 100 }, (_, i) => i + 1); // 1..100

  it('is the value at rank ceil(p% of n)', () => {
    expect(percentile(hundred, 50)).toBe(50);
    expect(percentile(hundred, 99)).toBe(99);
    expect(percentile(hundred, 100)).toBe(100);
    expect(percentile(hundred, 0.5)).toBe(1);
    expect(percentile([10, 20, 30], 50)).toBe(20);
    expect(percentile([10, 20, 30, 40], 50)).toBe(20);
    expect(percentile([10, 20, 30, 40], 51)).toBe(30);
  });

  it('a single slow request in a hundred is the p99 only when it is two', () => {
    const fast = [...Array.from({ length: 99 }, () => 5), 900];
    expect(percentile(fast, 99)).toBe(5);
    expect(percentile([...Array.from({ length: 98 }, () => 5), 900, 900], 99)).toBe(900);
  });

  it('NaN for no values; p outside (0, 100] is an error', () => {
    expect(percentile([], 50)).toBeNaN();
    expect(() => percentile(hundred, 0)).toThrow(/p must be/);
    expect(() => percentile(hundred, 101)).toThrow(/p must be/);
  });
});

describe('summarize', () => {
  it('sorts a copy and reports count, p50, p99 and max', () => {
    const values = [30, 10, 20, 40];
    expect(summarize(values)).toEqual({ count: 4, p50: 20, p99: 40, max: 40 });
    expect(values).toEqual([30, 10, 20, 40]);
  });
});
