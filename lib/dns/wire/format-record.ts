// One record as dig prints it: owner, TTL, class, type and RDATA separated by tabs.
import type { ResourceRecord } from '@/lib/dns/wire/types';
import { formatRdata } from '@/lib/dns/wire/format-rdata';

export function formatRecord(rr: ResourceRecord): string {
  return [rr.name, rr.ttl, rr.class, rr.type, formatRdata(rr.type, rr.data)].join('\t');
}
