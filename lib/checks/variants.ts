// Grouping per-server values to say who disagrees with whom: "a, b (ns1/192.0.2.1); a (ns2/…)".
import type { Observation } from '@/lib/dns/capture';

export interface Variant<T> {
  key: string;
  value: T;
  /** Server labels that returned this value. */
  servers: string[];
  obs: Observation[];
}

export function groupVariants<T>(items: { key: string; value: T; server: string; obs: Observation }[]): Variant<T>[] {
  const groups = new Map<string, Variant<T>>();
  for (const item of items) {
    const g = groups.get(item.key) ?? { key: item.key, value: item.value, servers: [], obs: [] };
    if (!g.servers.includes(item.server)) g.servers.push(item.server);
    g.obs.push(item.obs);
    groups.set(item.key, g);
  }
  return [...groups.values()];
}

/** `<what> at <server>, <server>` per variant, for params and summaries. */
export function describeVariants<T>(variants: Variant<T>[], describe: (value: T) => string): string[] {
  return variants.map((v) => `${describe(v.value)} at ${v.servers.join(', ')}`);
}
