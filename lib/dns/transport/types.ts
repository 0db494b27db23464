import type { Observation, Question, QueryOptions, ServerAddress, TransportKind } from '@/lib/dns/capture';

/** One interface, several ways to send a query: UDP(+TCP), TCP, DoH, and the lab in memory. */
export interface Transport {
  readonly kind: TransportKind;
  /** Never throws: every failure comes back as an Observation with `error`. */
  query(server: ServerAddress, question: Question, options?: QueryOptions): Promise<Observation>;
}
