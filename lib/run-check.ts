// The one entry point: what a person typed → normalize → pick the transports (lab or network) →
// walk → analyze → Report. The API, the stream, the CLI, badges and pages all call runCheck; only
// this module knows that the lab exists.
import 'server-only';
import { createHash } from 'node:crypto';
import pkg from '@/package.json';
import { buildReport } from '@/lib/report';
import type { Report } from '@/lib/report/report';
import type { Capture, WalkBudget } from '@/lib/dns/capture';
import { withAnswerStatus, type CheckEvent } from '@/lib/checks/live-answer';
import type { ServerAddress } from '@/lib/dns/transport/options';
import { createDohTransport, createMemoryServerRateLimiter, createNetworkTransport, type ServerRateLimiter } from '@/lib/dns/transport';
import { hostCanSendIpv6 } from '@/lib/dns/transport/host-ipv6';
import type { Transport } from '@/lib/dns/transport/types';
import { createWalkCache, walkDelegation, type WalkCache, type WalkDeps } from '@/lib/dns/walk';
import { readAddressReply } from '@/lib/dns/walk/read-reply';
import { isSubdomain } from '@/lib/dns/wire';
import { normalizeDomain, type DomainErrorCode } from '@/lib/domain/normalize-domain';
import { parseCidr } from '@/lib/domain/ip-literal';
import { createAddressPolicy } from '@/lib/guard/address-policy';
import { parseTrustAnchor } from '@/lib/dns/dnssec/trust-anchor';
import { getConfig, type Config } from '@/lib/config';
import { getLab } from '@/lib/lab/get-lab';
import { createLabTransport } from '@/lib/lab/lab-transport';
import { createLabResolverTransport } from '@/lib/lab/lab-resolver-transport';
import { labScenarioFor } from '@/lib/lab/manifest';
import { getRedis } from '@/lib/redis/redis';
import { createSharedServerRateLimiter } from '@/lib/redis/redis-limits';
import { createRedisWalkCache } from '@/lib/redis/redis-walk-cache';

export const ZONECUT_VERSION: string = pkg.version;

/** The special-use TLD the lab lives under (RFC 6761 6.2). */
const LAB_TLD = 'test.';

export type CheckMode = 'lab' | 'network';

export interface RunCheckOptions {
  /** The walk's progress; answers to the zones' apex questions carry the checks' verdict on them. */
  onEvent?: (event: CheckEvent) => void;
  signal?: AbortSignal;
  now?: () => Date;
  limits?: Partial<WalkBudget['limits']>;
  /** Per-attempt timeout for every query. */
  timeoutMs?: number;
  /** For tests and tools: another configuration than the process's. */
  config?: Config;
}

export type RunCheckResult = { ok: true; report: Report; mode: CheckMode } | { ok: false; error: { code: DomainErrorCode; message: string } };

/** Lab names go to the lab when it is on; everything else to the network. */
export function checkMode(fqdn: string, config: Config): CheckMode {
  return config.lab && isSubdomain(fqdn, LAB_TLD) ? 'lab' : 'network';
}

/** The host a check runs from: whether it can send IPv6, its transport, and its walk cache. */
interface Host {
  ipv6: boolean;
  transport: Transport;
  cache: WalkCache;
}

interface Wiring {
  trustAnchor: NonNullable<Capture['trustAnchor']>;
  /** The host a check of `fqdn` runs from: this one, or in the lab the scenario's simulated host. */
  hostFor(fqdn: string): Host;
  resolver: WalkDeps['resolver'];
  rootHints: readonly ServerAddress[];
  policy: WalkDeps['policy'];
}

// Transports and caches live for the process: DoH keeps its HTTP/2 session, and root and TLD
// referrals are reused across checks within their TTL. Lab and network never share a cache.
const state = globalThis as unknown as { __zonecutWiring?: Map<string, Wiring> };

function wiringFor(mode: CheckMode, config: Config): Wiring {
  state.__zonecutWiring ??= new Map();
  // Everything the network wiring is built from is in the key: a configuration with another
  // allow-list must not reuse a wiring whose address policy lets more through.
  const key =
    mode === 'lab'
      ? 'lab'
      : [
          'network',
          config.dohUrl,
          config.rootHints.map((h) => `${h.address}:${h.port}`).join(','),
          config.allowTargets.map(([ip, bits]) => `${ip.toString()}/${bits}`).join(','),
          config.trustAnchorText,
        ].join(' ');
  const existing = state.__zonecutWiring.get(key);
  if (existing) return existing;

  let wiring: Wiring;
  if (mode === 'lab') {
    const lab = getLab();
    // ZONECUT_LAB_RTT_MS (benchmarks): every lab server and the lab resolver that far away.
    const rttMs = config.labRttMs;
    const resolver = createLabResolverTransport(lab, { rttMs });
    // The lab simulates the host too: a scenario may be checked from one without IPv6 (manifest
    // `vantage`). Each host has its own cache, as two hosts would: an answer one of them got over
    // IPv6 is not something the other could have seen.
    const dualStack: Host = { ipv6: true, transport: createLabTransport(lab, { rttMs }), cache: createWalkCache({}) };
    const ipv4Only: Host = { ipv6: false, transport: createLabTransport(lab, { ipv6: false, rttMs }), cache: createWalkCache({}) };
    wiring = {
      trustAnchor: { source: 'the lab root key', records: [...lab.trustAnchor] },
      hostFor: (fqdn) => ((labScenarioFor(fqdn)?.vantage?.ipv6 ?? true) ? dualStack : ipv4Only),
      resolver: { transport: resolver, server: resolver.server },
      rootHints: lab.rootHints,
      policy: null, // the lab is in memory: nothing leaves the process
    };
  } else {
    const policy = createAddressPolicy(config.allowTargets);
    // The resolver is the operator's own choice (ZONECUT_DOH_URL), so its address is trusted even
    // when it is not global: a private hierarchy has a private resolver.
    const dohHost = new URL(config.dohUrl).hostname.replace(/^\[|\]$/g, '');
    const dohCidr = parseCidr(dohHost);
    const doh = createDohTransport({ url: config.dohUrl, policy: createAddressPolicy(dohCidr ? [...config.allowTargets, dohCidr] : config.allowTargets) });
    const pacing = { limiter: serverRateLimiter(config) };
    const ipv6 = hostCanSendIpv6();
    // With REDIS_URL every instance shares the cache; only instances with the same root hints and
    // the same view (IPv6 or not) share entries.
    const redis = getRedis();
    const namespace = createHash('sha256').update(`${key} ipv6=${ipv6}`).digest('hex').slice(0, 16);
    const cache = redis ? createRedisWalkCache(redis, { namespace }) : createWalkCache({});
    const host: Host = { ipv6, transport: createNetworkTransport({ policy, pacing }), cache };
    wiring = {
      trustAnchor: { source: config.trustAnchorSource, records: parseTrustAnchor(config.trustAnchorText, config.trustAnchorSource) },
      hostFor: () => host,
      resolver: { transport: doh, server: doh.server },
      rootHints: config.rootHints.map((h) => ({ address: h.address, port: h.port })),
      policy,
    };
  }
  state.__zonecutWiring.set(key, wiring);
  return wiring;
}

const rates = globalThis as unknown as { __zonecutServerRate?: ServerRateLimiter };

/**
 * The per-server query rate (ZONECUT_SERVER_QPS), one for the process: every network wiring shares
 * it, as the servers it protects are the same whatever the configuration. The lab is not paced: it
 * is in memory and sends nothing (its transport takes the same pacing when a test wants it).
 */
function serverRateLimiter(config: Config): ServerRateLimiter {
  const qps = config.serverQps;
  let limiter = rates.__zonecutServerRate;
  if (limiter?.policy.perSecond !== qps) {
    const redis = getRedis();
    // With REDIS_URL the rate is for all instances together (falling back to this one's while Redis fails).
    limiter = redis ? createSharedServerRateLimiter(redis, { perSecond: qps, burst: qps }) : createMemoryServerRateLimiter({ perSecond: qps, burst: qps });
    rates.__zonecutServerRate = limiter;
  }
  return limiter;
}

/**
 * Forgets the lab's transports and walk cache, so the next lab check uses the lab as getLab() now
 * builds it: after a test-only lab switch, the cached `test.` referrals would be stale.
 */
export function resetLabWiring(): void {
  state.__zonecutWiring?.delete('lab');
}

export async function runCheck(input: string, options: RunCheckOptions = {}): Promise<RunCheckResult> {
  const parsed = normalizeDomain(input);
  if (!parsed.ok) return { ok: false, error: { code: parsed.code, message: parsed.message } };
  const config = options.config ?? getConfig();
  const mode = checkMode(parsed.fqdn, config);
  const w = wiringFor(mode, config);
  const now = options.now ?? (() => new Date());
  const host = w.hostFor(parsed.fqdn);
  // `on` and `off` overrule the detection (a private IPv6 hierarchy without a global route; a
  // host whose IPv6 route leads nowhere); `auto` trusts it.
  const ipv6 = config.ipv6 === 'auto' ? host.ipv6 : config.ipv6 === 'on';
  const capture = await walkDelegation(parsed.fqdn, {
    transport: host.transport,
    ipv6,
    resolver: w.resolver,
    resolve: config.resolve,
    rootHints: w.rootHints,
    policy: w.policy,
    cache: host.cache,
    limits: options.limits,
    timeoutMs: options.timeoutMs,
    onEvent: options.onEvent && ((event, observation) => options.onEvent?.(withAnswerStatus(event, observation))),
    signal: options.signal,
    now,
  });
  const anchored: Capture = { ...capture, trustAnchor: w.trustAnchor, vantage: { families: ipv6 ? [4, 6] : [4], ipv6: config.ipv6 } };
  return { ok: true, report: buildReport(anchored, { now: now(), version: ZONECUT_VERSION }), mode };
}

/**
 * The addresses of a host name (a webhook's), looked up as zonecut looks up an NS name's: through
 * its own resolver (ZONECUT_DOH_URL, or the lab's for names under `test.`), never the operating
 * system's. A and AAAA; an alias is followed as far as the answer carries it. Empty when the name
 * has no address or the resolver failed.
 */
export async function lookupHostAddresses(host: string, config: Config = getConfig()): Promise<string[]> {
  const parsed = normalizeDomain(host);
  if (!parsed.ok) return [];
  const w = wiringFor(checkMode(parsed.fqdn, config), config);
  if (!w.resolver) return [];
  const { transport, server } = w.resolver;
  const options = { recursionDesired: true, edns: true, udpSize: 1232, dnssecOk: false };
  const replies = await Promise.all(['A', 'AAAA'].map((type) => transport.query(server, { name: parsed.fqdn, type }, options)));
  return [...new Set(replies.flatMap((o) => readAddressReply(o, parsed.fqdn, false).addresses.map((a) => a.address)))];
}
