// Per-server adaptive timeouts, as resolvers keep them (Unbound's infrastructure cache, BIND's
// SRTT): a smoothed round trip and its variation per address (RFC 6298 2), the per-attempt
// timeout derived from them within a floor and a ceiling, doubled once after a timeout (RFC 6298
// 5.5, but once: a dead server must not make each later check wait longer) until an answer. One table is shared by every query of a transport (every check in the
// process for the network's), keyed by address and port, bounded in size and age.
//
// It also answers the retry question: an attempt that times out is retried once, unless the
// address is already known silent (a timeout since its last answer, before this attempt went out)
// or another query to it is in flight or timed out meanwhile: the walk sends its probes to a
// server together, and each one's silence is the others' retry. A dead server so costs about one
// timeout, not three per query, and each probe still shows it silent.

export interface ServerTimeoutsOptions {
  /** The lowest per-attempt timeout, however fast the server has been (default 250 ms). */
  floorMs?: number;
  /** The first timeout for an address with no answer yet (default 400 ms, as Unbound's 376 ms). */
  unknownMs?: number;
  /** Addresses kept (default 4096): the least recently used goes first. */
  maxEntries?: number;
  /** An address not heard of for this long starts afresh (default 15 minutes, as Unbound's infra-ttl). */
  maxAgeMs?: number;
  /** Monotonic milliseconds (default performance.now()). */
  now?: () => number;
}

interface Entry {
  /** Smoothed round trip and its variation (RFC 6298 2); NaN before the first answer. */
  srtt: number;
  rttvar: number;
  /** The timeout from the round trips (RFC 6298 2), or the unknown-server one before any answer. */
  rto: number;
  /** When the last attempt to it timed out, if it has not answered since; else null. */
  silentSince: number | null;
  inflight: number;
  touched: number;
}

export interface AttemptTicket {
  /** The per-attempt timeout to use. */
  timeoutMs: number;
  /** Ends the attempt: its round trip when an answer came (any reply: the server is alive), or 'timeout'. */
  end(outcome: number | 'timeout' | 'other'): void;
  /** After a timeout: whether to retry, by the rule above. */
  mayRetry(): boolean;
}

export class ServerTimeouts {
  readonly floorMs: number;
  readonly unknownMs: number;
  private readonly maxEntries: number;
  private readonly maxAgeMs: number;
  private readonly now: () => number;
  private readonly entries = new Map<string, Entry>();

  constructor(opts: ServerTimeoutsOptions = {}) {
    this.floorMs = opts.floorMs ?? 250;
    this.unknownMs = opts.unknownMs ?? 400;
    this.maxEntries = Math.max(1, opts.maxEntries ?? 4096);
    this.maxAgeMs = opts.maxAgeMs ?? 15 * 60_000;
    this.now = opts.now ?? (() => performance.now());
  }

  /** Addresses held (for the bound on memory). */
  get size(): number {
    return this.entries.size;
  }

  /** The timeout an attempt to `address` would get now, at most `ceilingMs`. */
  timeoutFor(address: string, ceilingMs: number): number {
    const entry = this.get(address, false);
    return entry ? this.timeoutOf(entry, 1, ceilingMs) : clampTimeout(this.unknownMs, this.floorMs, ceilingMs);
  }

  /** Whether `address` timed out and has not answered since. */
  isSilent(address: string): boolean {
    return this.get(address, false)?.silentSince != null;
  }

  /** Starts an attempt to `address`, its timeout `factor` × the address's, at most `ceilingMs`. */
  begin(address: string, ceilingMs: number, factor = 1): AttemptTicket {
    const entry = this.get(address, true)!;
    entry.inflight++;
    return new Ticket(this, address, this.now(), entry.silentSince !== null, this.timeoutOf(entry, factor, ceilingMs));
  }

  /** Ends an attempt begun at `sentAt` (for its Ticket, which callers end instead); whether it may be retried. */
  settle(address: string, sentAt: number, knownSilent: boolean, outcome: number | 'timeout' | 'other'): boolean {
    const e = this.get(address, true)!;
    e.inflight = Math.max(0, e.inflight - 1);
    if (outcome === 'timeout') {
      const othersTimedOut = e.silentSince !== null && e.silentSince >= sentAt;
      e.silentSince = this.now();
      return !knownSilent && !othersTimedOut && e.inflight === 0;
    }
    if (typeof outcome === 'number') sample(e, Math.max(0, outcome));
    return false;
  }

  /** `factor` × the address's timeout (TCP's handshake doubles it), or twice it while silent. */
  private timeoutOf(entry: Entry, factor: number, ceilingMs: number): number {
    const multiple = Math.max(factor, entry.silentSince !== null ? 2 : 1);
    return clampTimeout(multiple * entry.rto, this.floorMs, ceilingMs);
  }

  private get(address: string, create: boolean): Entry | undefined {
    const key = address.toLowerCase();
    const now = this.now();
    let entry = this.entries.get(key);
    if (entry && now - entry.touched > this.maxAgeMs && entry.inflight === 0) {
      this.entries.delete(key);
      entry = undefined;
    }
    if (!entry) {
      if (!create) return undefined;
      entry = { srtt: NaN, rttvar: NaN, rto: this.unknownMs, silentSince: null, inflight: 0, touched: now };
      while (this.entries.size >= this.maxEntries) {
        const oldest = this.entries.keys().next().value;
        if (oldest === undefined) break;
        this.entries.delete(oldest);
      }
    } else this.entries.delete(key);
    entry.touched = now;
    this.entries.set(key, entry); // most recently used last
    return entry;
  }
}

/** One attempt's ticket: a class, not closures, for a burst's hundreds of attempts. */
class Ticket implements AttemptTicket {
  private ended = false;
  // Decided when the attempt ends: what is in flight then, not when the caller gets to ask.
  private retry = false;

  constructor(
    private readonly table: ServerTimeouts,
    private readonly address: string,
    private readonly sentAt: number,
    private readonly knownSilent: boolean,
    readonly timeoutMs: number,
  ) {}

  end(outcome: number | 'timeout' | 'other'): void {
    if (this.ended) return;
    this.ended = true;
    this.retry = this.table.settle(this.address, this.sentAt, this.knownSilent, outcome);
  }

  mayRetry(): boolean {
    return this.retry;
  }
}

/** RFC 6298 2.2-2.3 (alpha 1/8, beta 1/4, K 4); an answer ends the back-off and the silence. */
function sample(e: Entry, r: number): void {
  if (Number.isNaN(e.srtt)) {
    e.srtt = r;
    e.rttvar = r / 2;
  } else {
    e.rttvar = 0.75 * e.rttvar + 0.25 * Math.abs(e.srtt - r);
    e.srtt = 0.875 * e.srtt + 0.125 * r;
  }
  // Twice the smoothed round trip at least: a steady server's variation tends to nothing.
  e.rto = Math.max(2 * e.srtt, e.srtt + 4 * e.rttvar);
  e.silentSince = null;
}

function clampTimeout(ms: number, floorMs: number, ceilingMs: number): number {
  return Math.round(Math.min(ceilingMs, Math.max(floorMs, ms)));
}

/** The table every network transport of this process shares (lib/dns/transport/create-network-transport.ts). */
export const sharedServerTimeouts = new ServerTimeouts();
