// RFC 8484 DNS-over-HTTPS in front of the lab resolver: request checks (size, content type,
// base64url) and the reply with its freshness. The route handler only moves HTTP in and out.
import { decodeMessage, encodeMessage } from '@/lib/dns/wire';
import type { Lab } from '@/lib/lab/build-lab';
import { resolveInLab } from '@/lib/lab/resolver';

export const DNS_MESSAGE = 'application/dns-message';
/** The largest DNS message (RFC 1035 4.2.2's 16-bit length); RFC 8484 4.1 allows no more. */
export const MAX_DNS_MESSAGE = 65535;

export type LabDohErrorCode = 'bad-request' | 'too-large' | 'unsupported-media-type';

export type LabDohResult =
  | { ok: true; body: Buffer; /** RFC 8484 5.1: the smallest TTL in the answer. */ maxAge: number }
  | { ok: false; status: 400 | 413 | 415; code: LabDohErrorCode; message: string };

const fail = (status: 400 | 413 | 415, code: LabDohErrorCode, message: string): LabDohResult => ({ ok: false, status, code, message });

/** RFC 8484 4.1: the `dns` parameter is base64url, padding optional. */
export function decodeDnsParameter(dns: string | null): Uint8Array | LabDohResult {
  if (dns === null || dns === '') return fail(400, 'bad-request', 'missing the "dns" query parameter (RFC 8484 4.1)');
  // base64url needs at most 4 characters per 3 octets; refuse before decoding what cannot fit.
  if (dns.length > Math.ceil((MAX_DNS_MESSAGE * 4) / 3) + 2) return fail(413, 'too-large', `the message is larger than ${MAX_DNS_MESSAGE} octets`);
  if (!/^[A-Za-z0-9_-]+={0,2}$/.test(dns) || dns.replace(/=+$/, '').length % 4 === 1) {
    return fail(400, 'bad-request', 'the "dns" parameter is not base64url (RFC 4648 5)');
  }
  return Buffer.from(dns, 'base64url');
}

/** RFC 8484 4.1: POST bodies must be application/dns-message. */
export function checkContentType(contentType: string | null): LabDohResult | undefined {
  const mediaType = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  return mediaType === DNS_MESSAGE ? undefined : fail(415, 'unsupported-media-type', `expected Content-Type: ${DNS_MESSAGE}`);
}

/** A query in wire form → the lab resolver's reply in wire form. */
export async function answerLabDoh(lab: Lab, packet: Uint8Array): Promise<LabDohResult> {
  if (packet.length > MAX_DNS_MESSAGE) return fail(413, 'too-large', `the message is larger than ${MAX_DNS_MESSAGE} octets`);
  const decoded = decodeMessage(packet);
  if (!decoded.ok) return fail(400, 'bad-request', `not a DNS message: ${decoded.error.message}`);
  if (decoded.message.flags.qr) return fail(400, 'bad-request', 'a response, not a query (QR is set)');
  if (decoded.message.question.length !== 1) return fail(400, 'bad-request', `${decoded.message.question.length} questions; exactly one is supported`);
  // RFC 8484 4.1: the id should be 0 for cache friendliness; the reply echoes whatever came.
  const reply = await resolveInLab(lab, decoded.message);
  const ttls = [...(reply.answer ?? []), ...(reply.authority ?? [])].map((rr) => rr.ttl);
  const maxAge = reply.rcode === 'SERVFAIL' || ttls.length === 0 ? 0 : Math.min(...ttls);
  return { ok: true, body: encodeMessage(reply), maxAge };
}
