import { describe, expect, it } from 'vitest';
import { headedPacket, mutatedPacket, mutateOnce, MUTATIONS, nextPacket, randomPacket, seededRandom } from '@/scripts/bench/fuzz-packets';

const seedPacket = Buffer.from('1234010000010000000000000377777707657861706c6503636f6d0000010001', 'hex');

describe('seededRandom', () => {
  it('gives the same sequence for the same seed, another for another seed, in [0, 1)', () => {
    const a = seededRandom(7);
    const b = seededRandom(7);
    const c = seededRandom(8);
    const xs = Array.from({ length: 1000 }, () => a());
    expect(Array.from({ length: 1000 }, () => b())).toEqual(xs);
    expect(Array.from({ length: 1000 }, () => c())).not.toEqual(xs);
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
    // Spread over the interval, not stuck in a corner.
    expect(xs.filter((x) => x < 0.5).length).toBeGreaterThan(400);
    expect(xs.filter((x) => x < 0.5).length).toBeLessThan(600);
  });
});

describe('mutateOnce', () => {
  it('never changes the seed packet in place', () => {
    const copy = Buffer.from(seedPacket);
    const rng = seededRandom(1);
    for (let i = 0; i < 500; i++) mutateOnce(seedPacket, MUTATIONS[i % MUTATIONS.length]!, rng);
    expect(seedPacket.equals(copy)).toBe(true);
  });

  it('flip changes exactly one bit; truncate shortens; splice lengthens; delete shortens', () => {
    const rng = seededRandom(2);
    for (let i = 0; i < 200; i++) {
      const flipped = mutateOnce(seedPacket, 'flip', rng);
      const bits = [...flipped].reduce((n, byte, k) => n + [...((byte ^ seedPacket[k]!) >>> 0).toString(2)].filter((d) => d === '1').length, 0);
      expect(bits).toBe(1);
      expect(mutateOnce(seedPacket, 'truncate', rng).length).toBeLessThan(seedPacket.length);
      expect(mutateOnce(seedPacket, 'splice', rng).length).toBeGreaterThan(seedPacket.length);
      expect(mutateOnce(seedPacket, 'delete', rng).length).toBeLessThan(seedPacket.length);
    }
  });

  it('pointer writes a compression pointer (top bits 11); count changes a section count only', () => {
    const rng = seededRandom(3);
    let pointers = 0;
    let counts = 0;
    for (let i = 0; i < 200; i++) {
      const p = mutateOnce(seedPacket, 'pointer', rng);
      const at = [...p].findIndex((byte, k) => byte !== seedPacket[k]);
      if (at >= 0) {
        expect(p[at]! & 0xc0).toBe(0xc0);
        pointers++;
      }
      const c = mutateOnce(seedPacket, 'count', rng);
      const changed = [...c].map((byte, k) => (byte !== seedPacket[k] ? k : -1)).filter((k) => k >= 0);
      expect(changed.every((k) => k >= 4 && k < 12)).toBe(true);
      if (changed.length) counts++;
    }
    expect(pointers).toBeGreaterThan(100);
    expect(counts).toBeGreaterThan(100);
  });

  it('an empty packet becomes a few random bytes', () => {
    expect(mutateOnce(Buffer.alloc(0), 'truncate', seededRandom(4)).length).toBeGreaterThan(0);
  });
});

describe('packets', () => {
  it('a header packet has section counts of 0-3 and at most 300 bytes after it', () => {
    const rng = seededRandom(5);
    for (let i = 0; i < 200; i++) {
      const p = headedPacket(rng);
      expect(p.length).toBeGreaterThanOrEqual(12);
      expect(p.length).toBeLessThanOrEqual(312);
      for (const field of [4, 6, 8, 10]) expect(p.readUInt16BE(field)).toBeLessThan(4);
    }
    expect(Math.max(...Array.from({ length: 200 }, () => randomPacket(rng).length))).toBeLessThanOrEqual(512);
  });

  it('the mix is mostly mutated seeds, the same for the same seed', () => {
    const run = (seed: number) => {
      const rng = seededRandom(seed);
      return Array.from({ length: 2000 }, () => nextPacket([seedPacket], rng));
    };
    const a = run(9);
    expect(run(9)).toEqual(a);
    const mutated = a.filter((p) => p.kind === 'mutated').length;
    expect(mutated).toBeGreaterThan(1500);
    expect(mutated).toBeLessThan(1700);
    expect(a.some((p) => p.kind === 'random') && a.some((p) => p.kind === 'headed')).toBe(true);
    expect(() => mutatedPacket([], seededRandom(1))).toThrow(/at least one seed/);
  });
});
