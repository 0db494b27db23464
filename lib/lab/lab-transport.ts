// The Transport for the lab: queries go to the in-memory servers by IP address, as real bytes
// (encodeQuery → the server → its reply bytes → decodeMessage), so Observations have exactly the
// shape the network gives, and the codec is exercised on every query. The lab supplies only the
// exchange (one attempt against its universe, in simulated time); retries, the FORMERR fallback
// without EDNS, the TCP fallback and the record are the network transports' own
// (createExchangeTransport).
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { ServerAddress } from '@/lib/dns/transport/options';
import {
  abortableSleep,
  createExchangeTransport,
  judgeOnlyReply,
  type Exchange,
  type ExchangeRequest,
  type ExchangeResult,
  ServerTimeouts,
  type ServerPacing,
  type Transport,
} from '@/lib/dns/transport';
import { acceptsTcp, serveQuery } from '@/lib/lab/authoritative';
import type { Lab, LabServerInstance } from '@/lib/lab/build-lab';

export interface LabTransportOptions {
  /** Per-attempt timeout unless a query sets `timeoutMs` (default 1500 ms, as the UDP transport). */
  timeoutMs?: number;
  /** Simulated round trip of an answered attempt, per server (default 0). The walker benchmark uses 20. */
  rttMs?: number | ((server: LabServerInstance) => number);
  /**
   * How simulated time passes: by default real waiting, until the simulated round trip after the
   * query went out, so a silent lab server costs the app its timeout as a dead server would.
   * Tests pass `() => Promise.resolve()` to skip the wait (it is given each attempt's whole
   * simulated time, and the server waited on); the recorded times stay the simulated ones either way.
   */
  sleep?: (ms: number, signal: AbortSignal | undefined, server: ServerAddress) => Promise<void>;
  /** The wall clock for `startedAt` (default `new Date()`). */
  now?: () => Date;
  /**
   * Whether the simulated host has IPv6 (default true). Without, a query to an IPv6 address fails
   * at once as on a real IPv4-only host (ENETUNREACH): a lab scenario's `vantage`.
   */
  ipv6?: boolean;
  /** The address the servers see the queries come from (the lab resolver's, for its own). */
  from?: string;
  /** A per-server query rate, as the network transport's (lib/dns/transport/server-rate.ts). */
  pacing?: ServerPacing;
  /**
   * Adaptive per-server timeouts, as the network transport's (server-timeouts.ts): by default a
   * table of this transport's own, shared by every walk through it; `false` for fixed timeouts.
   */
  timeouts?: ServerTimeouts | false;
}

const DNS_PORT = 53;

export function createLabTransport(lab: Lab, opts: LabTransportOptions = {}): Transport {
  /** One attempt against the in-memory universe; its rttMs is simulated, not measured, and waited out. */
  const exchange: Exchange = async (request) => {
    // The server works while the query is on its way, as a real one on another host does: after
    // the walk's other queries of this moment have gone out, not between them. The reply still
    // lands its simulated round trip after the query went out.
    const sentAt = performance.now();
    await nextTurn();
    const result = attempt(lab, opts, request);
    if (opts.sleep) await opts.sleep(result.rttMs, request.signal, request.server);
    else await abortableSleep(result.rttMs - (performance.now() - sentAt), request.signal);
    // Read when it lands, as on the network: not while the other queries of the walk go out.
    return 'reply' in result ? ({ ...judgeOnlyReply(result.reply, request.query.decoded), rttMs: result.rttMs, ignored: [] } as ExchangeResult) : result;
  };

  return createExchangeTransport({
    kind: 'lab',
    protocol: 'udp',
    exchange,
    timeoutMs: opts.timeoutMs,
    clock: { now: opts.now, simulated: true },
    pacing: opts.pacing,
    ...(opts.timeouts === false ? {} : { timeouts: opts.timeouts ?? new ServerTimeouts() }),
  });
}

/** What the lab's server at the address does with the query: its reply and simulated round trip, or the failure. */
function attempt(
  lab: Lab,
  opts: LabTransportOptions,
  { server, protocol, query, timeoutMs }: ExchangeRequest,
): ExchangeResult | { reply: Buffer; rttMs: number } {
  const wire = protocol === 'tcp' ? 'tcp' : 'udp';
  if (opts.ipv6 === false && server.address.includes(':')) return noRoute(server);
  const target = lab.serverAt(server.address);
  // No host at the address: nothing routes there, and the lab says so at once.
  if (!target) return fail('unreachable', `no lab server at ${server.address}`, 0);
  const rtt = typeof opts.rttMs === 'function' ? opts.rttMs(target) : (opts.rttMs ?? 0);
  if (server.port !== DNS_PORT) {
    // As on a real host: a TCP RST, or for UDP an ICMP port unreachable (ECONNREFUSED).
    return fail('refused-connection', `nothing listens on ${wire.toUpperCase()} port ${server.port}`, rtt);
  }
  if (wire === 'tcp' && !acceptsTcp(target)) return fail('refused-connection', `${target.name} refuses TCP connections`, rtt);
  const reply = serveQuery(target, query.bytes, wire, opts.from);
  if (reply === null) return fail('timeout', `no ${wire === 'tcp' ? 'TCP reply' : 'reply'} within ${timeoutMs} ms`, timeoutMs);
  return { reply, rttMs: rtt };
}

function fail(kind: 'timeout' | 'unreachable' | 'refused-connection', message: string, rttMs: number): ExchangeResult {
  return { ok: false, kind, message, rttMs, ignored: [] };
}

/** What a host without IPv6 gets for an IPv6 destination: no route, nothing sent. */
function noRoute(server: ServerAddress): ExchangeResult {
  return { ok: false, kind: 'unreachable', message: `network unreachable: this host has no IPv6 route to ${server.address}`, rttMs: 0, ignored: [] };
}
