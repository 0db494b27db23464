import type { Observation, WalkBudget, WalkEvent } from '@/lib/dns/capture';
import type { ServerAddress } from '@/lib/dns/transport/options';
import type { Transport } from '@/lib/dns/transport/types';
import type { WalkCache } from '@/lib/dns/walk/walk-cache';
import type { AddressPolicy } from '@/lib/guard/address-policy';

/** Everything the walker works with: it is handed its transports, it never picks one. */
export interface WalkDeps {
  /** Queries to authoritative servers (RD=0): UDP with TCP fallback, or the lab in memory. */
  transport: Transport;
  /** Recursive look-ups (RD=1): addresses of out-of-domain NS names. Null: none are made. */
  resolver: { transport: Transport; server: ServerAddress } | null;
  /**
   * How out-of-domain NS names are looked up (ZONECUT_RESOLVE): 'doh' (default) through the
   * resolver, walking from the root hints when it fails or there is none; 'walk' by walking only,
   * and then nothing at all goes to the resolver (RFC 9615 signalling is not asked).
   */
  resolve?: 'doh' | 'walk';
  /** Where the walk starts (RFC 8109 priming goes to every one of them). */
  rootHints: readonly ServerAddress[];
  /** Which addresses may be sent to; null in the lab, which is exempt. The resolver is exempt. */
  policy: AddressPolicy | null;
  limits?: Partial<WalkBudget['limits']>;
  /** Per-attempt timeout handed to the transports (their default when absent). */
  timeoutMs?: number;
  /** Progress; an `answer` comes with the observation it announces (for callers that annotate it). */
  onEvent?: (event: WalkEvent, observation?: Observation) => void;
  /** Stops the walk: nothing more is sent, the partial capture comes back with outcome 'aborted'. */
  signal?: AbortSignal;
  /** The clock for timestamps, the time budget and cache expiry. */
  now?: () => Date;
  /** Shared across walks (createWalkCache); without it every walk asks everything afresh. */
  cache?: WalkCache;
  /**
   * Whether this host can send IPv6 (default true). When false, IPv6 addresses are recorded as
   * `untested` and never sent to: a host without IPv6 would see every IPv6 server fail.
   */
  ipv6?: boolean;
  /** Port for servers found in DNS data (default 53); hints carry their own. */
  serverPort?: number;
  /**
   * Called with errors of the walker's own (a bug, never a server's fault): the walk still returns
   * its capture. Tests use it to fail loudly.
   */
  onFault?: (error: unknown) => void;
}
