// A synthetic registry in the lab, for scans (issue 13): `registry.test.` delegates many children,
// c0001.registry.test. …, to a few DNS hosting providers whose servers have out-of-domain NS names
// (ns1.reghost-a.test. …), as a registry's children mostly are. Generated in code, not zone files:
// a thousand zones would be a thousand files saying the same thing. getLab() builds it when
// ZONECUT_LAB_REGISTRY gives a number of children (off by default: 1,000 add ~0.35 s to a build);
// the export for real DNS servers and the lab's scenarios (the home page's gallery, the table
// test) leave it out. Every 20th child is a provider move under way with CSYNC, every 20th
// (offset 10) a KSK rollover with CDS, so a scan's change set is not empty; every 50th (offset 25)
// is lame (its provider refuses it: a customer gone, the delegation left); the rest are unsigned
// and quiet. Signing is what a lab build spends its time on, so only the children that need it
// are signed, and the registry signs with NSEC3 Opt-Out.
import type { CsyncData, ResourceRecord, SoaData } from '@/lib/dns/wire/types';
import { pairAddresses, type LabServer, type ZoneSigning } from '@/lib/lab/manifest';

export const LAB_REGISTRY_ZONE = 'registry.test.';
const PROVIDERS = ['a', 'b', 'c'] as const;
const SERIAL = 2026112201;
const TTL = 3600;

export type RegistryChildKind = 'plain' | 'csync' | 'cds' | 'lame';

/** `c0001.registry.test.` for i = 1. */
export function registryChildName(i: number): string {
  return `c${String(i).padStart(4, '0')}.${LAB_REGISTRY_ZONE}`;
}

export function registryChildKind(i: number): RegistryChildKind {
  if (i % 20 === 0) return 'csync';
  if (i % 20 === 10) return 'cds';
  if (i % 50 === 25) return 'lame';
  return 'plain';
}

const KSK_ZSK: ZoneSigning = {
  keys: [
    { id: 'ksk', flags: 257 },
    { id: 'zsk', flags: 256 },
  ],
  ds: ['ksk'],
};

const ROLLOVER: ZoneSigning = {
  keys: [
    { id: 'ksk', flags: 257 },
    { id: 'ksk-new', flags: 257 },
    { id: 'zsk', flags: 256 },
  ],
  ds: ['ksk'],
  cds: ['ksk-new'],
};

const provider = (p: number) => `reghost-${PROVIDERS[p % PROVIDERS.length]}.test.`;
const providerNs = (p: number) => [`ns1.${provider(p)}`, `ns2.${provider(p)}`];
const providerAddresses = (p: number, n: 1 | 2) => pairAddresses(201 + p, n);
const REGISTRY_SERVERS = [
  { name: `ns1.${LAB_REGISTRY_ZONE}`, ipv4: '198.51.100.200', ipv6: '2001:db8:100::200' },
  { name: `ns2.${LAB_REGISTRY_ZONE}`, ipv4: '203.0.113.200', ipv6: '2001:db8:113::200' },
];

const rr = (name: string, type: ResourceRecord['type'], data: ResourceRecord['data'], ttl = TTL): ResourceRecord => ({ name, type, class: 'IN', ttl, data });
const soa = (zone: string, mname: string): ResourceRecord =>
  rr(zone, 'SOA', { mname, rname: `hostmaster.${zone}`, serial: SERIAL, refresh: 7200, retry: 3600, expire: 1209600, minimum: 3600 } satisfies SoaData);
const addresses = (name: string, a: { ipv4: string; ipv6: string }) => [rr(name, 'A', a.ipv4), rr(name, 'AAAA', a.ipv6)];

export interface SyntheticRegistry {
  /** Zone → its records (the registry, the providers, the children). */
  zones: Map<string, ResourceRecord[]>;
  /** Records to add to `test.`: the delegations of the registry and the providers, with glue. */
  tld: ResourceRecord[];
  servers: LabServer[];
  signing: Record<string, ZoneSigning>;
}

export function synthesizeRegistry(children: number): SyntheticRegistry {
  const zones = new Map<string, ResourceRecord[]>();
  // NSEC3 with Opt-Out, as registries sign: only the signed children's delegations are in the
  // chain, so signing the parent costs little however many children it has.
  const signing: Record<string, ZoneSigning> = { [LAB_REGISTRY_ZONE]: { ...KSK_ZSK, nsec3: { iterations: 0, salt: '', optOut: true } } };
  const tld: ResourceRecord[] = [];
  const served: Record<string, string>[][] = PROVIDERS.map(() => [{}, {}]);

  const parent: ResourceRecord[] = [soa(LAB_REGISTRY_ZONE, REGISTRY_SERVERS[0]!.name)];
  for (const s of REGISTRY_SERVERS) {
    parent.push(rr(LAB_REGISTRY_ZONE, 'NS', s.name), ...addresses(s.name, s));
    tld.push(rr(LAB_REGISTRY_ZONE, 'NS', s.name, 86400), ...addresses(s.name, s));
  }
  PROVIDERS.forEach((_, p) => {
    const zone = provider(p);
    const [ns1, ns2] = providerNs(p) as [string, string];
    zones.set(zone, [
      soa(zone, ns1),
      rr(zone, 'NS', ns1),
      rr(zone, 'NS', ns2),
      ...addresses(ns1, providerAddresses(p, 1)),
      ...addresses(ns2, providerAddresses(p, 2)),
    ]);
    tld.push(rr(zone, 'NS', ns1, 86400), rr(zone, 'NS', ns2, 86400), ...addresses(ns1, providerAddresses(p, 1)), ...addresses(ns2, providerAddresses(p, 2)));
  });

  for (let i = 1; i <= children; i++) {
    const zone = registryChildName(i);
    const kind = registryChildKind(i);
    const p = i % PROVIDERS.length;
    // A move under way: the parent still lists provider p, the child already lists the next one,
    // and both providers serve it.
    const childProvider = kind === 'csync' ? (p + 1) % PROVIDERS.length : p;
    for (const ns of providerNs(p)) parent.push(rr(zone, 'NS', ns, 86400));
    const records = [soa(zone, providerNs(childProvider)[0]!), ...providerNs(childProvider).map((ns) => rr(zone, 'NS', ns))];
    if (kind === 'csync') records.push(rr(zone, 'CSYNC', { serial: SERIAL, flags: 3, types: ['A', 'AAAA', 'NS'] } satisfies CsyncData));
    zones.set(zone, records);
    if (kind === 'csync') signing[zone] = KSK_ZSK;
    if (kind === 'cds') signing[zone] = ROLLOVER;
    for (const q of new Set([p, childProvider])) {
      served[q]![0]![zone] = kind === 'lame' ? 'refused' : 'normal';
      served[q]![1]![zone] = kind === 'lame' ? 'refused' : 'normal';
    }
  }
  zones.set(LAB_REGISTRY_ZONE, parent);

  const servers: LabServer[] = [
    ...REGISTRY_SERVERS.map((s) => ({ ...s, serves: { [LAB_REGISTRY_ZONE]: 'normal' as const } })),
    ...PROVIDERS.flatMap((_, p) =>
      ([1, 2] as const).map((n): LabServer => ({
        name: providerNs(p)[n - 1]!,
        ...providerAddresses(p, n),
        serves: { [provider(p)]: 'normal', ...served[p]![n - 1]! } as LabServer['serves'],
      })),
    ),
  ];
  return { zones, tld, servers, signing };
}
