// One bounded table for the results zonecut keeps because computing them again costs more than
// looking them up (a name's canonical form, an encoded query, a decoded reply, a key's tag, a
// signature's verdict…): at most `max` entries, the oldest dropped first. Isomorphic: no Node APIs.
export class KeptTable<K, V> {
  private readonly entries = new Map<K, V>();

  constructor(readonly max: number) {}

  get(key: K): V | undefined {
    return this.entries.get(key);
  }

  /** Keeps `value` under `key`, dropping the oldest entry first when the table is full; returns `value`. */
  keep(key: K, value: V): V {
    if (!this.entries.has(key) && this.entries.size >= Math.max(1, this.max)) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
    this.entries.set(key, value);
    return value;
  }

  /** The value kept under `key`, else `compute()`'s, kept unless `key` is null (not to be kept). */
  through(key: K | null, compute: () => V): V {
    const known = key === null ? undefined : this.entries.get(key);
    if (known !== undefined) return known;
    const value = compute();
    return key === null ? value : this.keep(key, value);
  }

  get size(): number {
    return this.entries.size;
  }
}
