// The fuzz bench's packets (scripts/bench/fuzz.ts), from a seeded generator: the same seed gives the
// same packets, so a crash it finds can be found again. Three kinds: a seed packet mutated 1-6
// times (bit flips, truncation, spliced or deleted bytes, a compression pointer written anywhere,
// a section count changed, a slice repeated), random bytes, and random bytes behind a plausible
// header (small section counts, so the decoder reads on past the header).

/** mulberry32: a small, fast 32-bit generator; uniform in [0, 1). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export type Random = () => number;

/** An integer in [0, n). */
const below = (rng: Random, n: number): number => Math.floor(rng() * n);

function randomBytes(rng: Random, length: number): Buffer {
  const b = Buffer.alloc(length);
  for (let i = 0; i < length; i++) b[i] = below(rng, 256);
  return b;
}

export const MUTATIONS = ['flip', 'truncate', 'splice', 'delete', 'pointer', 'count', 'repeat'] as const;
export type MutationKind = (typeof MUTATIONS)[number];

/** One mutation of `packet` (never changes it in place). */
export function mutateOnce(packet: Buffer, kind: MutationKind, rng: Random): Buffer {
  if (packet.length === 0) return Buffer.from(randomBytes(rng, 1 + below(rng, 12)));
  const at = below(rng, packet.length);
  const b = Buffer.from(packet);
  switch (kind) {
    case 'flip':
      b[at] = (b[at] as number) ^ (1 << below(rng, 8));
      return b;
    case 'truncate':
      return b.subarray(0, at);
    case 'splice':
      return Buffer.concat([b.subarray(0, at), randomBytes(rng, 1 + below(rng, 8)), b.subarray(at)]);
    case 'delete':
      return Buffer.concat([b.subarray(0, at), b.subarray(Math.min(b.length, at + 1 + below(rng, 8)))]);
    case 'pointer':
      // A compression pointer to anywhere, a little past the end included.
      if (at + 1 < b.length) b.writeUInt16BE(0xc000 | below(rng, Math.min(0x3fff, b.length + 4)), at);
      return b;
    case 'count': {
      // QDCOUNT, ANCOUNT, NSCOUNT or ARCOUNT one off, zero or huge.
      const field = 4 + 2 * below(rng, 4);
      if (field + 1 >= b.length) return b;
      const now = b.readUInt16BE(field);
      const choices = [now + 1, Math.max(0, now - 1), 0, 0xffff];
      b.writeUInt16BE((choices[below(rng, choices.length)] as number) & 0xffff, field);
      return b;
    }
    case 'repeat': {
      const end = Math.min(b.length, at + 1 + below(rng, 32));
      return Buffer.concat([b.subarray(0, end), b.subarray(at, end), b.subarray(end)]);
    }
  }
}

/** A seed packet with 1-6 mutations. */
export function mutatedPacket(seeds: readonly Buffer[], rng: Random): Buffer {
  if (seeds.length === 0) throw new Error('mutatedPacket needs at least one seed packet');
  let b = seeds[below(rng, seeds.length)] as Buffer;
  const n = 1 + below(rng, 6);
  for (let i = 0; i < n; i++) b = mutateOnce(b, MUTATIONS[below(rng, MUTATIONS.length)] as MutationKind, rng);
  return b;
}

/** Random bytes, 0-512 of them. */
export function randomPacket(rng: Random): Buffer {
  return randomBytes(rng, below(rng, 513));
}

/** A 12-octet header with section counts of 0-3 each, then 0-300 random bytes. */
export function headedPacket(rng: Random): Buffer {
  const head = randomBytes(rng, 12);
  for (const field of [4, 6, 8, 10]) head.writeUInt16BE(below(rng, 4), field);
  return Buffer.concat([head, randomBytes(rng, below(rng, 301))]);
}

export type PacketKind = 'mutated' | 'random' | 'headed';

/** The mix: 80% mutated seed packets, 10% random bytes, 10% random bytes behind a header. */
export function nextPacket(seeds: readonly Buffer[], rng: Random): { kind: PacketKind; bytes: Buffer } {
  const r = rng();
  if (r < 0.8) return { kind: 'mutated', bytes: mutatedPacket(seeds, rng) };
  if (r < 0.9) return { kind: 'random', bytes: randomPacket(rng) };
  return { kind: 'headed', bytes: headedPacket(rng) };
}
