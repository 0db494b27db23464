import 'server-only';
import { isIP } from 'node:net';
import { performance } from 'node:perf_hooks';
import type { AttemptReason } from '@/lib/dns/capture';
import type { ServerAddress } from '@/lib/dns/transport/options';
import { parseIp } from '@/lib/domain/ip-literal';
import type { AddressPolicy } from '@/lib/guard/address-policy';
import { checkDestination } from './check-destination';
import { judgeOnlyReply } from './classify-reply';
import { createDohConnectionPool, type DohConnectionPoolOptions, type DohEndpoint, type DohHttpRequest } from './doh-connection-pool';
import type { ExchangeResult } from './exchange-result';
import { MAX_TCP_FRAME } from './frame-accumulator';
import { startObservation } from './observation-recorder';
import { normalizeQuestion, prepareQuery, recordedOptions, resolveSettings, type PreparedQuery } from './prepare-query';
import type { Transport } from './types';

export const DEFAULT_DOH_TIMEOUT_MS = 3000;

export interface DohTransportOptions {
  /** RFC 8484 endpoint, e.g. `https://1.1.1.1/dns-query`. Its host must be an IP literal. */
  url: string;
  /** Checked against the URL's host before anything is sent. */
  policy: AddressPolicy;
  /** Per-request timeout, connection set-up included (default 3000 ms). */
  timeoutMs?: number;
  /**
   * Trust only these CAs (tests with a throwaway certificate). In deployment, trust a private
   * endpoint with NODE_EXTRA_CA_CERTS instead: it adds to Node's CAs, where `ca` replaces them.
   */
  ca?: DohConnectionPoolOptions['ca'];
  /** Close a kept connection after this long idle (default 30 s). */
  idleMs?: number;
  /** Largest response body accepted (default 65535, the most a DNS message can be). */
  maxResponseBytes?: number;
}

export interface DohTransport extends Transport {
  readonly kind: 'doh';
  /** The configured endpoint as a ServerAddress, ready to pass to `query`. */
  readonly server: ServerAddress;
  /** Closes kept connections (shutdown, tests). Queries after this open new ones. */
  close(): void;
}

// RFC 8484 4.1: a server that does not take POST says so with one of these; GET may still work.
const POST_REFUSED = new Set([405, 415, 501]);

export type DohUrlResult = { ok: true; endpoint: DohEndpoint; path: string; href: string } | { ok: false; message: string };

/**
 * Parses a DoH URL without ever resolving it: the host must be an IP literal. `http://` is
 * accepted only for loopback (test and lab endpoints): DNS answers in clear text over a network
 * are open to tampering, and RFC 8484 5 requires HTTPS.
 */
export function parseDohUrl(url: string): DohUrlResult {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return { ok: false, message: `"${url}" is not a URL` };
  }
  if (u.protocol !== 'https:' && u.protocol !== 'http:') return { ok: false, message: `DoH needs https://, got ${u.protocol}` };
  const host = u.hostname.replace(/^\[|\]$/g, '');
  if (isIP(host) === 0) {
    return { ok: false, message: `DoH endpoint must be an IP literal, not "${u.hostname}": zonecut never resolves names through the system` };
  }
  if (u.protocol === 'http:' && parseIp(host)?.range() !== 'loopback') {
    return { ok: false, message: 'plain http:// DoH is allowed only on loopback; use https://' };
  }
  const port = u.port ? Number(u.port) : u.protocol === 'https:' ? 443 : 80;
  const hostPart = isIP(host) === 6 ? `[${host}]` : host;
  return {
    ok: true,
    endpoint: { protocol: u.protocol, host, port, origin: `${u.protocol}//${hostPart}:${port}` },
    path: u.pathname + u.search,
    href: u.href,
  };
}

/**
 * DNS over HTTPS (RFC 8484) for recursive look-ups: POST `application/dns-message` with id 0
 * (4.1, so answers are cacheable) and RD set, GET `?dns=` when the server will not take POST.
 * HTTP/2 with one kept session per origin where the server offers it, HTTP/1.1 otherwise.
 * `query(server)` goes to `server.url` when set, else to the configured URL.
 */
export function createDohTransport(opts: DohTransportOptions): DohTransport {
  const pool = createDohConnectionPool({ ca: opts.ca, idleMs: opts.idleMs });
  const defaultTimeout = opts.timeoutMs ?? DEFAULT_DOH_TIMEOUT_MS;
  const maxBytes = opts.maxResponseBytes ?? MAX_TCP_FRAME;
  const configured = parseDohUrl(opts.url);
  const server: ServerAddress = configured.ok
    ? { address: configured.endpoint.host, port: configured.endpoint.port, url: configured.href }
    : { address: '', port: 0, url: opts.url };

  return {
    kind: 'doh',
    server,
    close: () => pool.close(),
    async query(target, question, options = {}) {
      options ??= {}; // a caller's null must not become a throw
      const q = normalizeQuestion(question);
      // A resolver is asked to recurse unless the caller says otherwise.
      const settings = { ...resolveSettings(options, { recursionDesired: true }), tcp: false };
      const parsed = target?.url ? parseDohUrl(target.url) : configured;
      const where: ServerAddress = parsed.ok
        ? { address: parsed.endpoint.host, port: parsed.endpoint.port, url: parsed.href, ...(target?.name ? { name: target.name } : {}) }
        : (target ?? server);
      const rec = startObservation(where, q, recordedOptions(settings));
      try {
        if (!parsed.ok) return rec.finish('doh', { kind: 'blocked-by-policy', message: parsed.message });
        const refused = checkDestination(opts.policy, parsed.endpoint.host, parsed.endpoint.port);
        if (refused) return rec.finish('doh', refused);
        if (options.signal?.aborted) return rec.finish('doh', { kind: 'timeout', message: 'aborted' });
        const prepared = prepareQuery(q, settings, 0);
        if (!prepared.ok) return rec.finish('doh', { kind: 'invalid-query', message: prepared.message });

        const limits = { timeoutMs: options.timeoutMs ?? defaultTimeout, signal: options.signal, maxBytes };
        const attempt = async (req: DohHttpRequest, reason: AttemptReason) => {
          const t0 = performance.now();
          const http = await pool.request(parsed.endpoint, req, limits);
          const result = judge(http, prepared.query, req.method, performance.now() - t0, maxBytes);
          rec.record(result, 'doh', reason, settings.edns);
          return { http, result };
        };

        const post = await attempt({ method: 'POST', path: parsed.path, body: prepared.query.bytes }, 'initial');
        if (!(post.http.ok && POST_REFUSED.has(post.http.status)) || options.signal?.aborted) return rec.finish('doh', post.result);
        const get = await attempt({ method: 'GET', path: withDnsParam(parsed.path, prepared.query.bytes) }, 'get-after-post-failure');
        return rec.finish('doh', get.result);
      } catch (err) {
        return rec.finish('doh', { kind: 'internal', message: `internal error: ${err instanceof Error ? err.message : String(err)}` });
      }
    },
  };
}

/** RFC 8484 4.1: the query as base64url without padding in the `dns` parameter. */
function withDnsParam(path: string, query: Buffer): string {
  return `${path}${path.includes('?') ? '&' : '?'}dns=${query.toString('base64url')}`;
}

function judge(
  http: Awaited<ReturnType<ReturnType<typeof createDohConnectionPool>['request']>>,
  query: PreparedQuery,
  method: string,
  rttMs: number,
  maxBytes: number,
): ExchangeResult {
  const fail = (kind: Extract<ExchangeResult, { ok: false }>['kind'], message: string): ExchangeResult => ({ ok: false, kind, message, rttMs, ignored: [] });
  if (!http.ok) return fail(http.kind, http.message);
  const what = `${http.version} ${method}`;
  if (http.status < 200 || http.status > 299) return fail('http-error', `HTTP ${http.status} (${what})`);
  const mediaType = http.contentType?.split(';')[0]?.trim().toLowerCase();
  if (mediaType !== 'application/dns-message') {
    return fail('http-error', `content type ${http.contentType ? `"${http.contentType}"` : 'missing'}, expected application/dns-message (${what})`);
  }
  if (http.oversized) return fail('http-error', `response body larger than ${maxBytes} octets (${what})`);
  // Over HTTP nothing else can arrive on this stream: a reply that does not match is the answer.
  const outcome = judgeOnlyReply(http.body, query.decoded);
  return outcome.ok ? { ...outcome, rttMs, ignored: [], note: `${what} ${http.status}` } : { ...outcome, rttMs, ignored: [] };
}
