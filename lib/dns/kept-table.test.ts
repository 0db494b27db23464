import { describe, expect, it } from 'vitest';
import { KeptTable } from '@/lib/dns/kept-table';

describe('KeptTable', () => {
  it('keeps at most max entries, the oldest dropped first', () => {
    const t = new KeptTable<string, number>(3);
    for (const [i, k] of ['a', 'b', 'c', 'd'].entries()) expect(t.keep(k, i)).toBe(i);
    expect(t.size).toBe(3);
    expect(t.get('a')).toBeUndefined();
    expect([t.get('b'), t.get('c'), t.get('d')]).toEqual([1, 2, 3]);
  });

  it('keeping a key it holds replaces its value and drops nothing', () => {
    const t = new KeptTable<string, number>(2);
    t.keep('a', 1);
    t.keep('b', 2);
    t.keep('a', 3);
    expect([t.get('a'), t.get('b'), t.size]).toEqual([3, 2, 2]);
  });

  it('through: computes once per kept key, and every time for a null key', () => {
    const t = new KeptTable<string, number>(2);
    let calls = 0;
    const compute = () => ++calls;
    expect([t.through('a', compute), t.through('a', compute)]).toEqual([1, 1]);
    expect([t.through(null, compute), t.through(null, compute)]).toEqual([2, 3]);
    expect(t.size).toBe(1);
  });
});
