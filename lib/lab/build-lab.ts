// Builds the lab universe from manifest.ts and zones/*.zone: every zone (and stale copy) parsed,
// DS records computed into the parents, signed zones signed, each server given its zones. Takes
// ~100 ms; done once per process (get-lab.ts).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { canonicalAddress } from '@/lib/dns/address';
import type { ServerAddress } from '@/lib/dns/transport/options';
import type { ResourceRecord } from '@/lib/dns/wire/types';
import { deriveSigningKey, type SignatureWindow, type SigningKey } from '@/lib/dns/dnssec/sign';
import { canonicalName, dsbootSignalName, isSubdomain } from '@/lib/dns/wire';
import { dsFromDnskey } from '@/lib/dns/dnssec/ds-digest';
import { parseZoneFile } from '@/lib/dns/wire/zone-file';
import { buildLabZone, type LabZone, type ZoneSigningInput } from '@/lib/lab/lab-zone';
import { synthesizeRegistry } from '@/lib/lab/registry';
import {
  LAB_KEY_SEED,
  LAB_ROOT_ZONE,
  LAB_SCENARIOS,
  LAB_SERVERS,
  LAB_SIGNING,
  LAB_TLD_ZONE,
  LAB_ZONES,
  type LabScenario,
  type LabServer,
  type ServerBehaviour,
  type SignatureFaults,
  type ZoneBehaviour,
  type ZoneSigning,
} from '@/lib/lab/manifest';

export interface ServedZone {
  /** The copy this server serves: the stale one when its behaviour is `stale`. */
  zone: LabZone;
  behaviour: ZoneBehaviour;
}

export interface LabServerInstance {
  spec: LabServer;
  name: string;
  /** Normalised (RFC 5952 for IPv6). */
  addresses: readonly string[];
  behaviour: ServerBehaviour;
  zones: readonly ServedZone[];
}

export interface LabZoneCopies {
  current: LabZone;
  stale?: LabZone;
}

export interface Lab {
  builtAt: Date;
  servers: readonly LabServerInstance[];
  zones: ReadonlyMap<string, LabZoneCopies>;
  scenarios: readonly LabScenario[];
  /** Every key of every signed zone, unpublished ones included (zone → keys by manifest id). */
  keys: ReadonlyMap<string, ReadonlyMap<string, SigningKey>>;
  /** The lab root's servers, port 53: what the walker starts from in lab mode. */
  rootHints: readonly ServerAddress[];
  /** DS records for the lab root's KSK: the trust anchor of the lab (as a root-anchors file holds). */
  trustAnchor: readonly ResourceRecord[];
  /** The server listening at an address (any spelling), if any. */
  serverAt(address: string): LabServerInstance | undefined;
}

export interface BuildLabOptions {
  /** Where the zone files are; default `lib/lab/zones` under the working directory. */
  zonesDir?: string;
  /** Signatures run from an hour before this to 30 days after it (RFC 4034 3.1.5). */
  now?: Date;
  /**
   * Rewrites the data of every A/AAAA record before signing (null drops it): the export for real
   * DNS servers moves the lab onto loopback addresses with this.
   */
  rewriteAddress?: (address: string) => string | null;
  /**
   * Test-only overlays (lib/lab/lab-switches.ts): child zones whose CSYNC the parent has applied —
   * the parent's delegation becomes the child's NS set, with glue from the child's addresses.
   */
  csyncApplied?: readonly string[];
  /**
   * Records added to a zone (every copy) as it is read, after `rewriteAddress` and before DS and
   * signing: the interop harness delegates its real-signer zones (scripts/interop/real-signer.ts)
   * from test. with their NS, glue and DS this way. Each zone named must be a lab zone.
   */
  extraRecords?: Readonly<Record<string, readonly ResourceRecord[]>>;
  /**
   * The synthetic registry (lib/lab/registry.ts) with this many children, for scans; absent or 0:
   * none. getLab() has it; the export for real DNS servers does not.
   */
  registryChildren?: number;
}

const SIGNATURE_LIFETIME_S = 30 * 86400;
/** As the lab's CDS/CDNSKEY at an apex (lab-zone.ts KEY_TTL). */
const SIGNAL_TTL = 3600;
// Clocks of validators drift; an hour of slack on the inception is customary.
const INCEPTION_SLACK_S = 3600;

/**
 * The window of a faulty signer, relative to `nowS` (the build time): expired 10 days ago after
 * the usual 30 days, or starting a week from now (a clock a week fast). Undefined: no fault.
 */
export function faultyWindow(nowS: number, fault: SignatureFaults['window']): SignatureWindow | undefined {
  const day = 86400;
  if (fault === 'expired') return { inception: nowS - 40 * day - INCEPTION_SLACK_S, expiration: nowS - 10 * day };
  if (fault === 'not-yet-valid') return { inception: nowS + 7 * day - INCEPTION_SLACK_S, expiration: nowS + 7 * day + SIGNATURE_LIFETIME_S };
  return undefined;
}

export function defaultZonesDir(): string {
  return path.join(process.cwd(), 'lib', 'lab', 'zones');
}

/** `healthy.test.` → `healthy.test.zone`; the root is `root.zone`. */
export function zoneFileName(zone: string, stale = false): string {
  const base = zone === '.' ? 'root' : zone.slice(0, -1);
  return `${base}${stale ? '.stale' : ''}.zone`;
}

export function buildLab(options: BuildLabOptions = {}): Lab {
  const zonesDir = options.zonesDir ?? defaultZonesDir();
  const now = options.now ?? new Date();
  const nowS = Math.floor(now.getTime() / 1000);
  const window = { inception: nowS - INCEPTION_SLACK_S, expiration: nowS + SIGNATURE_LIFETIME_S };

  const registry = options.registryChildren ? synthesizeRegistry(options.registryChildren) : null;
  const SIGNING: Readonly<Record<string, ZoneSigning>> = registry ? { ...LAB_SIGNING, ...registry.signing } : LAB_SIGNING;
  const SERVERS: readonly LabServer[] = registry ? [...LAB_SERVERS, ...registry.servers] : LAB_SERVERS;
  const ZONES: readonly string[] = registry ? [...LAB_ZONES, ...registry.zones.keys()] : LAB_ZONES;
  const enclosing = (zone: string) => closestEnclosingZone(zone, ZONES);

  const rewriteRecords = (records: ResourceRecord[]): ResourceRecord[] => {
    if (!options.rewriteAddress) return records;
    const rewrite = options.rewriteAddress;
    return records.flatMap((rr) => {
      if (rr.type !== 'A' && rr.type !== 'AAAA') return [rr];
      const data = rewrite(rr.data as string);
      return data === null ? [] : [{ ...rr, data }];
    });
  };
  const read = (zone: string, stale: boolean): ResourceRecord[] => {
    const file = zoneFileName(zone, stale);
    const text = readFileSync(path.join(zonesDir, file), 'utf8');
    return rewriteRecords(parseZoneFile(text, { origin: zone, fileName: file }));
  };

  // Keys first: the parents need the children's DS before they can be signed.
  const keys = new Map<string, Map<string, SigningKey>>();
  for (const [zone, signing] of Object.entries(SIGNING)) {
    keys.set(zone, new Map(signing.keys.map((k) => [k.id, deriveSigningKey(LAB_KEY_SEED, zone, k.id, k.flags, k.algorithm)])));
  }
  const keyOf = (zone: string, id: string): SigningKey => {
    const key = keys.get(zone)?.get(id);
    if (!key) throw new Error(`lab manifest: ${zone} has no key "${id}"`);
    return key;
  };

  const staleZones = new Set(
    SERVERS.flatMap((s) =>
      Object.entries(s.serves)
        .filter(([, b]) => b === 'stale')
        .map(([z]) => z),
    ),
  );
  const sources = new Map<string, { current: ResourceRecord[]; stale?: ResourceRecord[] }>();
  for (const zone of LAB_ZONES) {
    const current = read(zone, false);
    sources.set(zone, staleZones.has(zone) ? { current, stale: overlay(current, read(zone, true)) } : { current });
  }
  if (registry) {
    for (const [zone, records] of registry.zones) sources.set(zone, { current: rewriteRecords(records) });
    const tld = sources.get(LAB_TLD_ZONE)!;
    for (const records of [tld.current, tld.stale]) records?.push(...rewriteRecords(registry.tld));
  }

  for (const [zone, extra] of Object.entries(options.extraRecords ?? {})) {
    const copies = sources.get(zone);
    if (!copies) throw new Error(`lab: cannot add records to ${zone}: not a lab zone`);
    copies.current.push(...extra);
    copies.stale?.push(...extra);
  }

  for (const zone of options.csyncApplied ?? []) {
    const parent = enclosing(zone);
    const parentCopies = sources.get(parent);
    const child = sources.get(zone)?.current;
    if (!parentCopies || !child) throw new Error(`lab: cannot apply the CSYNC of ${zone}: not a lab zone`);
    parentCopies.current = applyCsync(parentCopies.current, child, zone);
    if (parentCopies.stale) parentCopies.stale = applyCsync(parentCopies.stale, child, zone);
  }

  // DS records for signed children, into every copy of the parent (RFC 4034 5).
  for (const [zone, signing] of Object.entries(SIGNING)) {
    if (zone === LAB_ROOT_ZONE) continue;
    const parent = enclosing(zone);
    const copies = sources.get(parent)!;
    for (const records of [copies.current, copies.stale]) {
      if (!records) continue;
      const delegation = records.find((rr) => rr.type === 'NS' && canonicalName(rr.name) === zone);
      if (!delegation) throw new Error(`lab: ${parent} does not delegate ${zone}, so it cannot hold its DS`);
      for (const id of signing.ds) {
        const ds = dsFromDnskey(zone, keyOf(zone, id).dnskey, 2)!;
        records.push({ name: zone, type: 'DS', class: 'IN', ttl: delegation.ttl, data: ds });
      }
    }
  }

  // RFC 9615 signalling: a DNS operator's zone co-publishes its customers' CDS and CDNSKEY.
  for (const [zone, signing] of Object.entries(SIGNING)) {
    for (const [child, nsNames] of Object.entries(signing.dsboot ?? {})) {
      const keys = (SIGNING[child]?.cds ?? []).map((id) => keyOf(child, id));
      if (keys.length === 0) throw new Error(`lab manifest: ${zone} signals for ${child}, which publishes no CDS`);
      const copies = sources.get(zone)!;
      for (const ns of nsNames) {
        const owner = dsbootSignalName(child, ns);
        if (!isSubdomain(owner, zone)) throw new Error(`lab manifest: ${zone} cannot hold ${owner}`);
        const signal = keys.flatMap((key): ResourceRecord[] => [
          { name: owner, type: 'CDS', class: 'IN', ttl: SIGNAL_TTL, data: dsFromDnskey(child, key.dnskey, 2)! },
          { name: owner, type: 'CDNSKEY', class: 'IN', ttl: SIGNAL_TTL, data: key.dnskey },
        ]);
        for (const records of [copies.current, copies.stale]) records?.push(...signal);
      }
    }
  }

  // A zone some server hands out out-of-zone "glue" for may hold such lines; elsewhere they are a mistake.
  const keepOutOfZone = new Set(
    SERVERS.flatMap((s) =>
      Object.entries(s.serves)
        .filter(([, b]) => b === 'out-of-zone-glue')
        .map(([z]) => z),
    ),
  );
  const zones = new Map<string, LabZoneCopies>();
  for (const [zone, copies] of sources) {
    const zoneOptions = { outOfZone: keepOutOfZone.has(zone) ? ('keep' as const) : ('reject' as const) };
    const spec = SIGNING[zone];
    const signing = (faults: SignatureFaults | undefined): ZoneSigningInput | undefined => {
      if (!spec) return undefined;
      const published = spec.keys.filter((k) => k.published !== false);
      return {
        keys: published.map((k) => keyOf(zone, k.id)),
        signers: published.filter((k) => k.signs !== false).map((k) => keyOf(zone, k.id)),
        cds: (spec.cds ?? []).map((id) => keyOf(zone, id)),
        window: faultyWindow(nowS, faults?.window) ?? window,
        corrupt: faults?.corrupt ?? [],
        ...(spec.nsec3 ? { nsec3: spec.nsec3 } : {}),
      };
    };
    zones.set(zone, {
      current: buildLabZone(zone, copies.current, signing(spec?.faults), zoneOptions),
      ...(copies.stale ? { stale: buildLabZone(zone, copies.stale, signing(spec?.staleFaults ?? spec?.faults), zoneOptions) } : {}),
    });
  }

  const byAddress = new Map<string, LabServerInstance>();
  const servers = SERVERS.map((spec): LabServerInstance => {
    const addresses = [spec.ipv4, spec.ipv6]
      .filter((a): a is string => a !== undefined)
      .map((a) => {
        const normal = canonicalAddress(a);
        if (!normal) throw new Error(`lab manifest: ${spec.name} has a bad address "${a}"`);
        return normal;
      });
    const served = Object.entries(spec.serves).map(([zone, behaviour]): ServedZone => {
      const copies = zones.get(zone)!;
      return { zone: behaviour === 'stale' ? copies.stale! : copies.current, behaviour };
    });
    const instance: LabServerInstance = { spec, name: spec.name, addresses, behaviour: spec.behaviour ?? 'normal', zones: served };
    for (const a of addresses) {
      if (byAddress.has(a)) throw new Error(`lab manifest: ${a} belongs to both ${byAddress.get(a)!.name} and ${spec.name}`);
      byAddress.set(a, instance);
    }
    return instance;
  });

  const rootServers = servers.filter((s) => s.zones.some((z) => z.zone.apex === LAB_ROOT_ZONE));
  const rootSigning = SIGNING[LAB_ROOT_ZONE];
  return {
    builtAt: now,
    servers,
    zones,
    scenarios: LAB_SCENARIOS,
    keys,
    rootHints: rootServers.flatMap((s) => s.addresses.map((address) => ({ address, port: 53, name: s.name }))),
    trustAnchor: (rootSigning?.ds ?? []).map((id) => ({
      name: '.',
      type: 'DS',
      class: 'IN',
      ttl: 172800,
      data: dsFromDnskey('.', keyOf(LAB_ROOT_ZONE, id).dnskey, 2)!,
    })),
    serverAt(address) {
      const normal = canonicalAddress(address);
      return normal === undefined ? undefined : byAddress.get(normal);
    },
  };
}

/** The deepest lab zone strictly above `zone`: where its delegation and DS live. */
function closestEnclosingZone(zone: string, zones: readonly string[] = LAB_ZONES): string {
  // Label by label upwards: a set look-up each, however many zones the lab has.
  const known = zoneSets.get(zones) ?? new Set(zones.map(canonicalName));
  zoneSets.set(zones, known);
  let name = canonicalName(zone);
  while (name !== '.') {
    const dot = name.indexOf('.');
    name = dot === name.length - 1 ? '.' : name.slice(dot + 1);
    if (known.has(name)) return name;
  }
  throw new Error(`lab: no zone encloses ${zone}`);
}
const zoneSets = new WeakMap<readonly string[], Set<string>>();

/** A stale copy: the current records with every RRset the stale file names replaced by its version. */
/**
 * The parent's records once it has followed the child's CSYNC (RFC 7477, types NS A AAAA): the
 * delegation of `zone` is the child's apex NS set, and the glue below `zone` is the child's A and
 * AAAA records of the in-domain names of that set. Everything else in the parent is kept.
 */
export function applyCsync(parent: readonly ResourceRecord[], child: readonly ResourceRecord[], zone: string): ResourceRecord[] {
  const apex = canonicalName(zone);
  const ns = child.filter((rr) => rr.type === 'NS' && canonicalName(rr.name) === apex);
  const names = new Set(ns.map((rr) => canonicalName(rr.data as string)));
  const glue = child.filter((rr) => (rr.type === 'A' || rr.type === 'AAAA') && names.has(canonicalName(rr.name)) && isSubdomain(canonicalName(rr.name), apex));
  const kept = parent.filter((rr) => {
    const owner = canonicalName(rr.name);
    if (rr.type === 'NS' && owner === apex) return false;
    return !((rr.type === 'A' || rr.type === 'AAAA') && owner !== apex && isSubdomain(owner, apex));
  });
  return [...kept, ...ns, ...glue];
}

function overlay(current: readonly ResourceRecord[], older: readonly ResourceRecord[]): ResourceRecord[] {
  const key = (rr: ResourceRecord) => `${canonicalName(rr.name)} ${rr.type}`;
  const replaced = new Set(older.map(key));
  return [...current.filter((rr) => !replaced.has(key(rr))), ...older];
}
