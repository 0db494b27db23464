// What a transport is asked: where to send a query, over what, and with which options. A leaf: it
// imports nothing (lib/dns/transport/index.ts is server-only; these types are not).

/** Where a query went: always an IP literal and port, never a name to resolve. */
export interface ServerAddress {
  address: string;
  port: number;
  /** The NS name this address belongs to, when known: for display only. */
  name?: string;
  /** For DoH: the endpoint URL (its host is an IP literal, as `address`). */
  url?: string;
}

export type TransportKind = 'udp' | 'tcp' | 'doh' | 'lab';

export interface QueryOptions {
  /** Send an OPT record (default true). */
  edns?: boolean;
  /** Advertised UDP payload size (default 1232). */
  udpSize?: number;
  /** The DO bit (default false). */
  dnssecOk?: boolean;
  /** The RD bit: false for authoritative probes, true for a resolver (default false). */
  recursionDesired?: boolean;
  /** The CD bit (default false). */
  checkingDisabled?: boolean;
  /** Skip UDP and ask over TCP (UDP transports only). */
  tcp?: boolean;
  /** Do not fall back from UDP to TCP on truncation (to see the truncated answer itself). */
  noTcpFallback?: boolean;
  /** Per-attempt timeout in milliseconds. */
  timeoutMs?: number;
  signal?: AbortSignal;
}
