// Stored-status badge answers kept a few seconds, for scripts/serve.mjs to send before Next's
// per-request machinery (which costs ten times what the badge itself does): the badge route stays
// the one place that decides and draws a badge, and publishes here the exact 200 answer (headers
// and bytes) of each badge it served from a stored status. The server answers a request from here
// only when everything the route varies on — the name, label and style — is the same; anything
// else (another query parameter, a name it would have to normalise, a method but GET and HEAD)
// goes to Next. An entry lives no longer than the badge's own max-age and BADGE_CACHE_TTL_MS, and
// a report stored in this process drops its domain's entries (report-saved.ts). As Next does, a
// client that accepts gzip gets the body gzipped (compressed once, when published).
import type { IncomingMessage, ServerResponse } from 'node:http';
import { gzipSync } from 'node:zlib';
import { matchesIfNoneMatch, notModifiedHeaders } from '@/lib/badge/badge-response';
import { storeDomainKey } from '@/lib/store/report-store';
import { onReportSaved } from '@/lib/store/report-saved';

/** The longest an answer is kept: about as long as another instance's new report takes to show. */
export const BADGE_CACHE_TTL_MS = 10_000;
const MAX_URL_LENGTH = 2048;

/**
 * The cache key of a badge URL's path and query, or null when the server must leave it to Next.
 * Two URLs with one key get the same answer from the route: the name is percent-decoded and
 * lowercased (plain ASCII names only; the route normalises the rest), `style` absent is `flat`,
 * and the only parameters are `label` and `style`, each at most once.
 */
export function badgeCacheKey(pathAndQuery: string): string | null {
  if (pathAndQuery.length > MAX_URL_LENGTH) return null;
  const q = pathAndQuery.indexOf('?');
  const path = q < 0 ? pathAndQuery : pathAndQuery.slice(0, q);
  const match = /^\/badge\/([^/]+)$/.exec(path);
  if (!match) return null;
  let name: string;
  try {
    name = decodeURIComponent(match[1]!).toLowerCase();
  } catch {
    return null;
  }
  if (!/^[a-z0-9._-]+\.svg$/.test(name)) return null;
  let label: string | null = null;
  let style: string | null = null;
  if (q >= 0) {
    for (const [key, value] of new URLSearchParams(pathAndQuery.slice(q + 1))) {
      if (key === 'label' && label === null) label = value;
      else if (key === 'style' && style === null) style = value;
      else return null;
    }
  }
  return JSON.stringify([name, label, style ?? 'flat']);
}

/** Whether an Accept-Encoding header admits gzip (RFC 9110 12.5.3: `gzip`, `x-gzip` or `*`, q > 0). */
export function acceptsGzip(header: string | undefined): boolean {
  if (!header) return false;
  let any = false;
  for (const part of header.split(',')) {
    const [name = '', ...params] = part.split(';');
    const coding = name.trim().toLowerCase();
    const q = params.map((p) => p.trim().toLowerCase()).find((p) => p.startsWith('q='));
    const weight = q === undefined ? 1 : Number(q.slice(2));
    if (coding === 'gzip' || coding === 'x-gzip') return weight > 0;
    if (coding === '*') any = weight > 0;
  }
  return any;
}

export interface BadgeToPublish {
  /** The domain the badge shows (any spelling: it is compared as the store keys it). */
  fqdn: string;
  /** The 200 answer's headers, content type included (badgeHeaders()). */
  headers: Headers;
  body: Uint8Array;
  /** How long the badge says it may be cached (its Cache-Control max-age). */
  maxAgeSeconds: number;
  /** drops() when the route began deciding: a drop since then means its answer may be old. */
  dropsBefore: number;
}

export interface BadgeResponseCache {
  /** Keeps the answer to `pathAndQuery` (true) unless it cannot be kept. */
  publish(pathAndQuery: string, badge: BadgeToPublish): boolean;
  /** Answers a GET or HEAD from memory (true), or leaves `res` untouched (false). */
  serve(req: IncomingMessage, res: ServerResponse): boolean;
  /** Forgets every answer for `fqdn`. */
  dropDomain(fqdn: string): void;
  /** How many times dropDomain has run. */
  drops(): number;
  readonly size: number;
  readonly bytes: number;
}

interface Entry {
  domain: string;
  headers: Record<string, string>;
  notModified: Record<string, string>;
  body: Buffer;
  /** The body gzipped, when that is smaller. */
  gzipped: Buffer | null;
  etag: string;
  publishedAt: number;
  expiresAt: number;
  bytes: number;
}

export interface BadgeResponseCacheOptions {
  maxEntries?: number;
  maxBytes?: number;
  ttlMs?: number;
  now?: () => number;
}

const headerRecord = (headers: Headers): Record<string, string> => Object.fromEntries(headers);
const headerBytes = (headers: Record<string, string>): number => Object.entries(headers).reduce((n, [k, v]) => n + k.length + v.length + 4, 0);

export function createBadgeResponseCache(options: BadgeResponseCacheOptions = {}): BadgeResponseCache {
  const maxEntries = Math.max(1, options.maxEntries ?? 1000);
  const maxBytes = Math.max(1, options.maxBytes ?? 4 * 1024 * 1024);
  const ttlMs = options.ttlMs ?? BADGE_CACHE_TTL_MS;
  const now = options.now ?? Date.now;
  const entries = new Map<string, Entry>(); // least recently used first
  let bytes = 0;
  let drops = 0;

  function remove(key: string, entry: Entry): void {
    entries.delete(key);
    bytes -= entry.bytes;
  }

  function lookup(key: string): Entry | null {
    const entry = entries.get(key);
    if (!entry) return null;
    if (now() >= entry.expiresAt) {
      remove(key, entry);
      return null;
    }
    entries.delete(key);
    entries.set(key, entry);
    return entry;
  }

  return {
    publish(pathAndQuery, badge) {
      const key = badgeCacheKey(pathAndQuery);
      const etag = badge.headers.get('etag');
      const life = Math.min(ttlMs, badge.maxAgeSeconds * 1000);
      if (key === null || etag === null || life <= 0 || badge.dropsBefore !== drops) return false;
      // Each answer depends on Accept-Encoding, the identity one too.
      const headers = { ...headerRecord(badge.headers), vary: 'Accept-Encoding' };
      const notModified = { ...headerRecord(notModifiedHeaders(badge.headers)), vary: 'Accept-Encoding' };
      const body = Buffer.from(badge.body);
      const zipped = gzipSync(body);
      const gzipped = zipped.length < body.length ? zipped : null;
      const size = key.length * 2 + body.length + (gzipped?.length ?? 0) + headerBytes(headers) + headerBytes(notModified);
      if (size > maxBytes) return false;
      const old = entries.get(key);
      if (old) remove(key, old);
      while (entries.size >= maxEntries || bytes + size > maxBytes) {
        const [oldestKey, oldest] = entries.entries().next().value!;
        remove(oldestKey, oldest);
      }
      const at = now();
      entries.set(key, { domain: storeDomainKey(badge.fqdn), headers, notModified, body, gzipped, etag, publishedAt: at, expiresAt: at + life, bytes: size });
      bytes += size;
      return true;
    },

    serve(req, res) {
      if (req.method !== 'GET' && req.method !== 'HEAD') return false;
      const key = badgeCacheKey(req.url ?? '');
      const entry = key === null ? null : lookup(key);
      if (!entry) return false;
      // A shared cache says how long it has held an answer (RFC 9111 5.1): max-age counts from then.
      const age = String(Math.floor(Math.max(0, now() - entry.publishedAt) / 1000));
      if (matchesIfNoneMatch(req.headers['if-none-match'] ?? null, entry.etag)) {
        res.writeHead(304, { ...entry.notModified, age });
        res.end();
        return true;
      }
      const gzip = entry.gzipped !== null && acceptsGzip(req.headers['accept-encoding']);
      const body = gzip ? entry.gzipped! : entry.body;
      res.writeHead(200, { ...entry.headers, ...(gzip ? { 'content-encoding': 'gzip' } : {}), age, 'content-length': String(body.length) });
      res.end(req.method === 'HEAD' ? undefined : body);
      return true;
    },

    dropDomain(fqdn) {
      drops++;
      const domain = storeDomainKey(fqdn);
      for (const [key, entry] of entries) if (entry.domain === domain) remove(key, entry);
    },

    drops: () => drops,

    get size() {
      return entries.size;
    },
    get bytes() {
      return bytes;
    },
  };
}

const state = globalThis as unknown as { __zonecutServesBadgeCache?: boolean; __zonecutBadgeCache?: BadgeResponseCache };

/**
 * The process's cache, shared with scripts/serve.mjs through globalThis (Next's bundles and the
 * server each load their own modules); null unless that server set __zonecutServesBadgeCache, as
 * nothing else would answer from it (next dev, tests).
 */
export function badgeResponseCache(): BadgeResponseCache | null {
  if (!state.__zonecutServesBadgeCache) return null;
  if (!state.__zonecutBadgeCache) {
    const cache = createBadgeResponseCache();
    onReportSaved((summary) => cache.dropDomain(summary.domain));
    state.__zonecutBadgeCache = cache;
  }
  return state.__zonecutBadgeCache;
}
