// The environment, parsed and validated once. Every variable is optional; a bad value stops the
// process with a message that names the variable, never a surprise later in a check.
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { type Cidr, parseCidr, parseIp } from '@/lib/domain/ip-literal';

export interface HintAddress {
  address: string;
  port: number;
}

/** IANA root servers (root-servers.org, named.root as of 2023-11: b moved to 170.247.170.2). */
export const IANA_ROOT_HINTS: readonly HintAddress[] = [
  '198.41.0.4',
  '2001:503:ba3e::2:30', // a
  '170.247.170.2',
  '2801:1b8:10::b', // b
  '192.33.4.12',
  '2001:500:2::c', // c
  '199.7.91.13',
  '2001:500:2d::d', // d
  '192.203.230.10',
  '2001:500:a8::e', // e
  '192.5.5.241',
  '2001:500:2f::f', // f
  '192.112.36.4',
  '2001:500:12::d0d', // g
  '198.97.190.53',
  '2001:500:1::53', // h
  '192.36.148.17',
  '2001:7fe::53', // i
  '192.58.128.30',
  '2001:503:c27::2:30', // j
  '193.0.14.129',
  '2001:7fd::1', // k
  '199.7.83.42',
  '2001:500:9f::42', // l
  '202.12.27.33',
  '2001:dc3::35', // m
].map((address) => ({ address, port: 53 }));

/** A public resolver by IP literal, so that reaching it never needs the operating system's resolver. */
export const DEFAULT_DOH_URL = 'https://1.1.1.1/dns-query';

/** The root zone's trust anchors (IANA root-anchors.xml): KSK-2017 and KSK-2024. */
export const IANA_TRUST_ANCHOR = `; IANA root zone trust anchors
. 172800 IN DS 20326 8 2 E06D44B80B8F1D39A95C0B0D7C65D08458E880409BBC683457104237C7F8EC8D
. 172800 IN DS 38696 8 2 683D2D0ACB8C9B712A1948B27F741219298D0A450D612C483AF444A4C0FB2B16
`;

/** `ip`, `ip:port` or `[ipv6]:port`. */
export function parseHostPort(text: string, defaultPort = 53): HintAddress | null {
  const t = text.trim();
  let host = t;
  let port = defaultPort;
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(t);
  const v4port = /^([0-9.]+):(\d+)$/.exec(t);
  if (bracketed) {
    host = bracketed[1] ?? '';
    if (bracketed[2] !== undefined) port = Number(bracketed[2]);
  } else if (v4port) {
    host = v4port[1] ?? '';
    port = Number(v4port[2]);
  }
  const ip = parseIp(host);
  if (!ip || !Number.isInteger(port) || port < 1 || port > 65535) return null;
  return { address: ip.toString(), port };
}

const listOf = <T>(name: string, what: string, parse: (s: string) => T | null) =>
  z.string().transform((value, ctx) => {
    const items = value
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    if (items.length === 0) {
      ctx.addIssue({ code: 'custom', message: `${name} is set but empty; unset it or give ${what}` });
      return z.NEVER;
    }
    const out: T[] = [];
    for (const item of items) {
      const parsed = parse(item);
      if (parsed === null) {
        ctx.addIssue({ code: 'custom', message: `${name}: "${item}" is not ${what}` });
        return z.NEVER;
      }
      out.push(parsed);
    }
    return out;
  });

/** A whole number from `min` to `max`, with a message that names the variable and the range. */
const wholeNumber = (name: string, min: number, max: number, what: string) =>
  z
    .string()
    .refine((v) => /^\d+$/.test(v.trim()) && Number(v) >= min && Number(v) <= max, {
      message: `${name} must be a whole number ${what} from ${min} to ${max}`,
    })
    .transform(Number);

/**
 * Which X-Forwarded-For entry is the client (lib/guard/rate-limit.ts): `hops` entries skipped from
 * the end (0: the last one, what the nearest proxy saw), or every entry from the end that is inside
 * one of `cidrs` (your CDN's ranges) skipped.
 */
export type ProxyTrust = { hops: number } | { cidrs: readonly Cidr[] };
const MAX_PROXY_HOPS = 16;

/** Checks running at once in this process; past that, 503 with Retry-After. */
export const DEFAULT_MAX_CONCURRENT_CHECKS = 32;
export const DEFAULT_JOB_CONCURRENCY = 8;
/** Three full scans (100,000 names each) may wait at once. */
export const DEFAULT_MAX_QUEUED_SCAN_NAMES = 300_000;
/** Queries a second to one server address, from all checks of this process together (also the burst). */
export const DEFAULT_SERVER_QPS = 20;
/** Observations one report keeps: the largest lab report has 234 (big-referral.test). */
export const DEFAULT_STORED_OBSERVATIONS = 1000;
/** Octets of answers one report keeps: the largest lab report has 53 KB (big-referral.test). */
export const DEFAULT_STORED_ANSWER_BYTES = 2 * 1024 * 1024;
/** Checks one client may start: this many at once, then this many a minute. */
export const DEFAULT_CHECKS_PER_MINUTE = 10;

/** How old a stored report a badge may show before it runs a new check: one hour by default. */
export const DEFAULT_BADGE_MAX_AGE = 3600;
const MAX_BADGE_MAX_AGE = 30 * 24 * 3600;

const envSchema = z.object({
  ZONECUT_ROOT_HINTS: listOf('ZONECUT_ROOT_HINTS', 'an IP address or ip:port ([v6]:port)', (s) => parseHostPort(s)).optional(),
  ZONECUT_DOH_URL: z
    .string()
    .transform((value, ctx) => {
      let url: URL;
      try {
        url = new URL(value);
      } catch {
        ctx.addIssue({ code: 'custom', message: `ZONECUT_DOH_URL: "${value}" is not a URL` });
        return z.NEVER;
      }
      if (url.protocol !== 'https:' && url.protocol !== 'http:') {
        ctx.addIssue({ code: 'custom', message: `ZONECUT_DOH_URL must be an https:// URL (RFC 8484), got ${url.protocol}` });
        return z.NEVER;
      }
      // zonecut never asks the operating system's resolver, so the endpoint must be an IP literal.
      const host = url.hostname.replace(/^\[|\]$/g, '');
      if (!parseIp(host)) {
        ctx.addIssue({
          code: 'custom',
          message: `ZONECUT_DOH_URL must name its server by IP address (e.g. https://1.1.1.1/dns-query), not "${url.hostname}": zonecut never uses the system resolver`,
        });
        return z.NEVER;
      }
      return url.toString();
    })
    .optional(),
  ZONECUT_RESOLVE: z
    .string()
    .transform((value, ctx) => {
      const v = value.trim().toLowerCase();
      if (v === 'doh' || v === 'walk') return v;
      ctx.addIssue({
        code: 'custom',
        message: `ZONECUT_RESOLVE must be "doh" (the resolver, walking from the root when it fails) or "walk" (walking only), got "${value}"`,
      });
      return z.NEVER;
    })
    .optional(),
  ZONECUT_TRUST_ANCHOR: z.string().min(1, 'ZONECUT_TRUST_ANCHOR is set but empty').optional(),
  ZONECUT_ALLOW_TARGETS: z
    .string()
    .transform((value, ctx) => {
      const out: Cidr[] = [];
      for (const item of value
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean)) {
        const cidr = parseCidr(item);
        if (!cidr) {
          ctx.addIssue({ code: 'custom', message: `ZONECUT_ALLOW_TARGETS: "${item}" is not a CIDR such as 127.53.0.0/16 or fd00::/8` });
          return z.NEVER;
        }
        out.push(cidr);
      }
      return out;
    })
    .optional(),
  ZONECUT_LAB: z
    .string()
    .transform((value, ctx) => {
      const v = value.trim().toLowerCase();
      if (['on', 'true', '1', 'yes'].includes(v)) return true;
      if (['off', 'false', '0', 'no'].includes(v)) return false;
      ctx.addIssue({ code: 'custom', message: `ZONECUT_LAB must be "on" or "off", got "${value}"` });
      return z.NEVER;
    })
    .optional(),
  ZONECUT_IPV6: z
    .string()
    .transform((value, ctx) => {
      const v = value.trim().toLowerCase();
      if (v === 'auto' || v === 'on' || v === 'off') return v;
      ctx.addIssue({ code: 'custom', message: `ZONECUT_IPV6 must be "auto", "on" or "off", got "${value}"` });
      return z.NEVER;
    })
    .optional(),
  ZONECUT_LAB_SWITCHES: z
    .string()
    .transform((value, ctx) => {
      const v = value.trim().toLowerCase();
      if (['on', 'true', '1', 'yes'].includes(v)) return true;
      if (['off', 'false', '0', 'no'].includes(v)) return false;
      ctx.addIssue({ code: 'custom', message: `ZONECUT_LAB_SWITCHES must be "on" or "off", got "${value}"` });
      return z.NEVER;
    })
    .optional(),
  DATABASE_URL: z
    .string()
    .refine((v) => /^postgres(ql)?:\/\/./.test(v) || /^(file:)?[^:]+$/.test(v), {
      message: 'DATABASE_URL must be postgres://… (PostgreSQL) or a directory for the embedded database',
    })
    .optional(),
  REDIS_URL: z
    .string()
    .refine((v) => /^rediss?:\/\/./.test(v), { message: 'REDIS_URL must be redis://… or rediss://…' })
    // zonecut resolves no name through the operating system; Redis is found by its address.
    .refine((v) => !/^rediss?:\/\/./.test(v) || redisHostIsIp(v), { message: 'REDIS_URL must name its server by IP address (redis://10.0.0.5:6379)' })
    .optional(),
  ZONECUT_BADGE_MAX_AGE: z
    .string()
    .refine((v) => /^\d+$/.test(v.trim()) && Number(v) <= MAX_BADGE_MAX_AGE, {
      message: `ZONECUT_BADGE_MAX_AGE must be a whole number of seconds from 0 to ${MAX_BADGE_MAX_AGE} (30 days)`,
    })
    .transform(Number)
    .optional(),
  ZONECUT_TRUSTED_PROXIES: z
    .string()
    .transform((value, ctx): ProxyTrust => {
      const v = value.trim();
      if (/^\d+$/.test(v)) {
        if (Number(v) <= MAX_PROXY_HOPS) return { hops: Number(v) };
        ctx.addIssue({ code: 'custom', message: `ZONECUT_TRUSTED_PROXIES: ${v} hops is more than ${MAX_PROXY_HOPS}; give a count of proxies or their CIDRs` });
        return z.NEVER;
      }
      const cidrs: Cidr[] = [];
      for (const item of v
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean)) {
        const cidr = parseCidr(item);
        if (!cidr) {
          ctx.addIssue({
            code: 'custom',
            message: `ZONECUT_TRUSTED_PROXIES must be a count of proxy hops (e.g. 1) or a list of the proxies' CIDRs (e.g. 173.245.48.0/20,2400:cb00::/32); "${item}" is neither`,
          });
          return z.NEVER;
        }
        cidrs.push(cidr);
      }
      return { cidrs };
    })
    .optional(),
  ZONECUT_MAX_CONCURRENT_CHECKS: wholeNumber('ZONECUT_MAX_CONCURRENT_CHECKS', 1, 10_000, '(checks at once)').optional(),
  ZONECUT_CHECKS_PER_MINUTE: wholeNumber('ZONECUT_CHECKS_PER_MINUTE', 1, 1_000_000, '(checks per client per minute)').optional(),
  ZONECUT_SERVER_QPS: wholeNumber('ZONECUT_SERVER_QPS', 1, 10_000, '(queries a second to one server address)').optional(),
  ZONECUT_MAX_STORED_OBSERVATIONS: wholeNumber('ZONECUT_MAX_STORED_OBSERVATIONS', 1, 1_000_000, '(observations kept per report)').optional(),
  ZONECUT_MAX_STORED_ANSWER_BYTES: wholeNumber('ZONECUT_MAX_STORED_ANSWER_BYTES', 0, 1_073_741_824, '(octets of answers kept per report)').optional(),
  ZONECUT_LAB_REGISTRY: wholeNumber('ZONECUT_LAB_REGISTRY', 0, 9999, "(children of the lab's synthetic registry.test)").optional(),
  ZONECUT_LAB_RTT_MS: wholeNumber('ZONECUT_LAB_RTT_MS', 0, 2000, "of milliseconds (the lab's simulated round trip)").optional(),
  ZONECUT_WORK_JOBS: z
    .string()
    .transform((value, ctx) => {
      const v = value.trim().toLowerCase();
      if (['on', 'true', '1', 'yes'].includes(v)) return true;
      if (['off', 'false', '0', 'no'].includes(v)) return false;
      ctx.addIssue({ code: 'custom', message: `ZONECUT_WORK_JOBS must be "on" or "off", got "${value}"` });
      return z.NEVER;
    })
    .optional(),
  ZONECUT_MAX_QUEUED_SCAN_NAMES: wholeNumber('ZONECUT_MAX_QUEUED_SCAN_NAMES', 1, 100_000_000, '(names waiting in scans, all scans together)').optional(),
  ZONECUT_JOB_CONCURRENCY: wholeNumber('ZONECUT_JOB_CONCURRENCY', 1, 256, '(jobs of one kind a process runs at once)').optional(),
  ZONECUT_REPORT_RETENTION_DAYS: wholeNumber('ZONECUT_REPORT_RETENTION_DAYS', 1, 36_500, 'of days (unset: keep reports forever)').optional(),
  PORT: z
    .string()
    .refine((v) => /^\d+$/.test(v) && Number(v) >= 1 && Number(v) <= 65535, { message: 'PORT must be a number from 1 to 65535' })
    .transform(Number)
    .optional(),
});

export interface Config {
  rootHints: readonly HintAddress[];
  /** true when ZONECUT_ROOT_HINTS was not given: the IANA root servers. */
  rootHintsAreIana: boolean;
  dohUrl: string;
  /**
   * How out-of-domain NS names are looked up: 'doh' through the resolver, walking from the root
   * hints when it fails; 'walk' by walking only (ZONECUT_RESOLVE).
   */
  resolve: 'doh' | 'walk';
  /** Zone-file text of the root trust anchor (DS or DNSKEY records). */
  trustAnchorText: string;
  trustAnchorSource: string;
  allowTargets: readonly Cidr[];
  /**
   * Whether IPv6 servers are queried: `on`, `off`, or `auto` (default): when this host has a route
   * for global IPv6 (lib/dns/transport/host-ipv6.ts). Untested addresses are reported as such.
   */
  ipv6: Ipv6Mode;
  lab: boolean;
  /** Test-only: POST /api/lab/switch may change lab scenarios (ZONECUT_LAB_SWITCHES=on). Off by default. */
  labSwitches: boolean;
  /** Children of the lab's synthetic registry.test (lib/lab/registry.ts), for scans; 0: none (ZONECUT_LAB_REGISTRY). */
  labRegistryChildren: number;
  /** Benchmarks: every lab server and the lab resolver answer after this many ms (ZONECUT_LAB_RTT_MS; default 0, at once). */
  labRttMs: number;
  database: { kind: 'embedded'; dir: string } | { kind: 'postgres'; url: string };
  /** Redis shared by every instance (limits, badge checks in flight, the walk cache), or null: each instance alone. */
  redisUrl: string | null;
  /** Seconds a badge serves the latest stored report before it checks again (0: always check). */
  badgeMaxAgeSeconds: number;
  /** Which X-Forwarded-For entry is the client (ZONECUT_TRUSTED_PROXIES; default: the last). */
  trustedProxies: ProxyTrust;
  /** Checks running at once in this process, from every route (ZONECUT_MAX_CONCURRENT_CHECKS). */
  maxConcurrentChecks: number;
  /** Checks one client may start: this many at once, then this many a minute (ZONECUT_CHECKS_PER_MINUTE). */
  checksPerMinute: number;
  /** Queries a second to one server address, from all checks together; also the burst (ZONECUT_SERVER_QPS). */
  serverQps: number;
  /** What one report keeps (ZONECUT_MAX_STORED_OBSERVATIONS, ZONECUT_MAX_STORED_ANSWER_BYTES). */
  storageLimits: { observations: number; answerBytes: number };
  /** Stored reports older than this many days are deleted; null: kept forever (ZONECUT_REPORT_RETENTION_DAYS). */
  reportRetentionDays: number | null;
  /**
   * Whether the app process works queued jobs (scans, watches) itself (ZONECUT_WORK_JOBS, default on).
   * On the embedded database it is the only one that can; on PostgreSQL, turn it off when
   * `npm run worker` processes do the work.
   */
  workJobs: boolean;
  /** Jobs of one kind a process (the app or a worker) runs at once (ZONECUT_JOB_CONCURRENCY). */
  jobConcurrency: number;
  /** Names of all scans together that may wait for their check (ZONECUT_MAX_QUEUED_SCAN_NAMES): a new scan past it is refused. */
  maxQueuedScanNames: number;
  port: number;
}

export type Ipv6Mode = 'auto' | 'on' | 'off';

export class ConfigError extends Error {
  override name = 'ConfigError';
}

export interface ConfigIo {
  readFile(path: string): string;
}

/** Pure: environment in, Config out; throws ConfigError naming every bad variable. */
export function loadConfig(env: Record<string, string | undefined>, io?: ConfigIo): Config {
  // An empty variable counts as unset, as shells and .env files commonly leave them.
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v.trim() !== ''));
  const parsed = envSchema.safeParse(present);
  if (!parsed.success) {
    throw new ConfigError(`Invalid configuration:\n${parsed.error.issues.map((i) => `  - ${i.message}`).join('\n')}`);
  }
  const e = parsed.data;
  let trustAnchorText = IANA_TRUST_ANCHOR;
  let trustAnchorSource = 'IANA root anchors (built in)';
  if (e.ZONECUT_TRUST_ANCHOR) {
    if (!io) throw new ConfigError('ZONECUT_TRUST_ANCHOR is set but no file reader was given');
    try {
      trustAnchorText = io.readFile(e.ZONECUT_TRUST_ANCHOR);
    } catch (err) {
      throw new ConfigError(`ZONECUT_TRUST_ANCHOR: cannot read ${e.ZONECUT_TRUST_ANCHOR}: ${(err as Error).message}`);
    }
    if (!/\b(DS|DNSKEY)\b/.test(trustAnchorText)) {
      throw new ConfigError(`ZONECUT_TRUST_ANCHOR: ${e.ZONECUT_TRUST_ANCHOR} holds no DS or DNSKEY record`);
    }
    trustAnchorSource = e.ZONECUT_TRUST_ANCHOR;
  }
  const db = e.DATABASE_URL;
  return {
    rootHints: e.ZONECUT_ROOT_HINTS ?? IANA_ROOT_HINTS,
    rootHintsAreIana: !e.ZONECUT_ROOT_HINTS,
    dohUrl: e.ZONECUT_DOH_URL ?? DEFAULT_DOH_URL,
    resolve: e.ZONECUT_RESOLVE ?? 'doh',
    trustAnchorText,
    trustAnchorSource,
    allowTargets: e.ZONECUT_ALLOW_TARGETS ?? [],
    ipv6: e.ZONECUT_IPV6 ?? 'auto',
    lab: e.ZONECUT_LAB ?? true,
    labSwitches: e.ZONECUT_LAB_SWITCHES ?? false,
    labRegistryChildren: e.ZONECUT_LAB_REGISTRY ?? 0,
    labRttMs: e.ZONECUT_LAB_RTT_MS ?? 0,
    database: db && /^postgres/.test(db) ? { kind: 'postgres', url: db } : { kind: 'embedded', dir: (db ?? './data').replace(/^file:/, '') },
    redisUrl: e.REDIS_URL ?? null,
    badgeMaxAgeSeconds: e.ZONECUT_BADGE_MAX_AGE ?? DEFAULT_BADGE_MAX_AGE,
    trustedProxies: e.ZONECUT_TRUSTED_PROXIES ?? { hops: 0 },
    maxConcurrentChecks: e.ZONECUT_MAX_CONCURRENT_CHECKS ?? DEFAULT_MAX_CONCURRENT_CHECKS,
    checksPerMinute: e.ZONECUT_CHECKS_PER_MINUTE ?? DEFAULT_CHECKS_PER_MINUTE,
    serverQps: e.ZONECUT_SERVER_QPS ?? DEFAULT_SERVER_QPS,
    storageLimits: {
      observations: e.ZONECUT_MAX_STORED_OBSERVATIONS ?? DEFAULT_STORED_OBSERVATIONS,
      answerBytes: e.ZONECUT_MAX_STORED_ANSWER_BYTES ?? DEFAULT_STORED_ANSWER_BYTES,
    },
    reportRetentionDays: e.ZONECUT_REPORT_RETENTION_DAYS ?? null,
    workJobs: e.ZONECUT_WORK_JOBS ?? true,
    jobConcurrency: e.ZONECUT_JOB_CONCURRENCY ?? DEFAULT_JOB_CONCURRENCY,
    maxQueuedScanNames: e.ZONECUT_MAX_QUEUED_SCAN_NAMES ?? DEFAULT_MAX_QUEUED_SCAN_NAMES,
    port: e.PORT ?? 3000,
  };
}

const cache = globalThis as unknown as { __zonecutConfig?: Config };

/** The process's configuration, parsed on first use. */
export function getConfig(): Config {
  cache.__zonecutConfig ??= loadConfig(process.env, { readFile: (path) => readFileSync(path, 'utf8') });
  return cache.__zonecutConfig;
}

function redisHostIsIp(url: string): boolean {
  try {
    return parseIp(new URL(url).hostname.replace(/^\[|\]$/g, '')) !== null;
  } catch {
    return false;
  }
}
