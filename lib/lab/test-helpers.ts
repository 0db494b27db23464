// For the lab's own tests: one query to one lab server, in bytes and back, no transport.
import type { DecodedMessage } from '@/lib/dns/wire/types';
import { decodeMessage, encodeQuery, type EncodeQueryOptions } from '@/lib/dns/wire';
import { serveQuery, type LabWire } from '@/lib/lab/authoritative';
import type { Lab } from '@/lib/lab/build-lab';

export function ask(
  lab: Lab,
  address: string,
  name: string,
  type: string,
  options: Partial<EncodeQueryOptions> & { wire?: LabWire } = {},
): DecodedMessage | null {
  const server = lab.serverAt(address);
  if (!server) throw new Error(`no lab server at ${address}`);
  const reply = serveQuery(server, encodeQuery({ name, type }, { id: 4242, ...options }), options.wire ?? 'udp');
  if (reply === null) return null;
  const decoded = decodeMessage(reply);
  if (!decoded.ok) throw new Error(`the lab sent an undecodable reply: ${decoded.error.message}`);
  return decoded.message;
}

/** `name TYPE data` lines, for compact assertions. */
export function lines(records: DecodedMessage['answer']): string[] {
  return records.map((rr) => `${rr.name} ${rr.type} ${typeof rr.data === 'string' ? rr.data : JSON.stringify(rr.data)}`);
}
