import 'server-only';
import type { ExchangeRequest } from './create-exchange-transport';
import type { ExchangeResult } from './exchange-result';
import { exchangeTcp } from './tcp-exchange';
import { exchangeUdp } from './udp-exchange';

/** One attempt on real sockets: a datagram, or a TCP connection. The UDP and TCP transports' Exchange. */
export function exchangeOverNetwork({ server, protocol, reason, query, timeoutMs, signal }: ExchangeRequest): Promise<ExchangeResult> {
  const common = { address: server.address, port: server.port, bytes: query.bytes, query: query.decoded, timeoutMs, signal };
  // The first datagram goes connected so an ICMP port unreachable ends it at once; the retry
  // after a timeout listens unconnected so an answer from the wrong address is seen and
  // recorded, not silently dropped.
  return protocol === 'udp' ? exchangeUdp({ ...common, connect: reason !== 'retry-after-timeout' }) : exchangeTcp(common);
}
