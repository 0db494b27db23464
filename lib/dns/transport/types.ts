import type { Observation } from '@/lib/dns/capture';
import type { QueryOptions, ServerAddress, TransportKind } from '@/lib/dns/transport/options';
import type { Question } from '@/lib/dns/wire/types';

/** One interface, several ways to send a query: UDP(+TCP), TCP, DoH, and the lab in memory. */
export interface Transport {
  readonly kind: TransportKind;
  /** Never throws: every failure comes back as an Observation with `error`. */
  query(server: ServerAddress, question: Question, options?: QueryOptions): Promise<Observation>;
}
