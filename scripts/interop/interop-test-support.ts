// Shared by the interop tests: the layout the global setup provided, transports that may reach
// the harness's loopback range and nothing else, and the servers by implementation.
import { describe, inject } from 'vitest';
import type { ServerAddress } from '@/lib/dns/transport/options';
import { parseCidr } from '@/lib/domain/ip-literal';
import { createAddressPolicy, type AddressPolicy } from '@/lib/guard/address-policy';
import { INTEROP_RANGE, type AuthoritativeInstance, type AuthoritativeSoftware, type InteropLayout } from './interop-layout';

/**
 * `describe` when the harness is running, else skipped: vitest.config.ts excludes these files,
 * but one named on the command line (`vitest run x.interop.test.ts`) would still run there.
 */
export const describeInterop = (name: string, fn: () => void) => describe.skipIf(!inject('interopLayout'))(name, fn);

export function interopLayout(): InteropLayout {
  const layout = inject('interopLayout');
  if (!layout) throw new Error('no interop layout: run with vitest.interop.config.ts');
  return layout;
}

/** The harness's range and nothing else: a stray query to anywhere else comes back blocked. */
export function loopbackPolicy(): AddressPolicy {
  return createAddressPolicy([parseCidr(INTEROP_RANGE)!]);
}

export const SOFTWARE: readonly AuthoritativeSoftware[] = ['nsd', 'knot', 'bind'];

/** The harness's own server of interop.test. running `software`. */
export function extraServer(layout: InteropLayout, software: AuthoritativeSoftware): AuthoritativeInstance {
  const s = layout.servers.find((i) => i.id === `${software}-interop`);
  if (!s) throw new Error(`no ${software}-interop server in the layout`);
  return s;
}

export function serverAddress(instance: AuthoritativeInstance, index = 0): ServerAddress {
  return { address: instance.addresses[index]!, port: instance.port, name: instance.id };
}

/** The lab server instance serving `zone` at `address`'s lab server, by its NS name. */
export function labInstance(layout: InteropLayout, nsName: string): { instance: AuthoritativeInstance; server: ServerAddress } {
  for (const instance of layout.servers) {
    const lab = instance.labServers.find((l) => l.name === nsName);
    if (lab) return { instance, server: { address: lab.addresses[0]!, port: instance.port, name: nsName } };
  }
  throw new Error(`no lab server ${nsName} in the layout`);
}

/** `fn` over `items`, at most `limit` at a time (a loaded machine times out a burst of hundreds). */
export async function forEachAtMost<T>(items: readonly T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  const queue = [...items];
  const worker = async () => {
    for (let item = queue.shift(); item !== undefined; item = queue.shift()) await fn(item);
  };
  await Promise.all(Array.from({ length: Math.min(limit, queue.length) }, worker));
}
