// lib/dns/transport: one interface, several ways to send a query. Server-only: sockets.
import 'server-only';

export type { Transport } from './types';
export { createNetworkTransport, type NetworkTransportOptions } from './create-network-transport';
export {
  createExchangeTransport,
  DEFAULT_TIMEOUT_MS,
  type Exchange,
  type ExchangeRequest,
  type ExchangeTransportSpec,
  type Protocol,
} from './create-exchange-transport';
export type { ExchangeResult } from './exchange-result';
export { judgeOnlyReply } from './classify-reply';
export { abortableSleep } from './abortable-sleep';
export { createUdpTransport, type UdpTransportOptions } from './udp-transport';
export { createTcpTransport, type TcpTransportOptions } from './tcp-transport';
export { createDohTransport, parseDohUrl, DEFAULT_DOH_TIMEOUT_MS, type DohTransport, type DohTransportOptions, type DohUrlResult } from './doh-transport';
export { createFrameAccumulator, frameMessage, MAX_TCP_FRAME, type FrameAccumulator } from './frame-accumulator';
export { DEFAULT_UDP_SIZE } from './prepare-query';
export {
  createMemoryServerRateLimiter,
  paceExchange,
  DEFAULT_PACING_MAX_WAIT_MS,
  type MemoryServerRateOptions,
  type ServerPacing,
  type ServerRateLimiter,
  type ServerRatePolicy,
} from './server-rate';
export { ServerTimeouts, sharedServerTimeouts, type AttemptTicket, type ServerTimeoutsOptions } from './server-timeouts';
