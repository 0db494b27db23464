// How a receiver knows a webhook came from this watch: an HMAC-SHA256 (RFC 2104) of the timestamp
// and the body, keyed with the secret shown once when the watch was made. The timestamp is inside
// what is signed, so a captured request replayed later fails the receiver's freshness check.
//   X-Zonecut-Timestamp: 1764770000
//   X-Zonecut-Signature: sha256=<hex of HMAC-SHA256(secret, "1764770000." + body)>
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_HEADER = 'x-zonecut-signature';
export const TIMESTAMP_HEADER = 'x-zonecut-timestamp';
/** A receiver should refuse a timestamp further than this from its clock (the README's example does). */
export const SIGNATURE_TOLERANCE_SECONDS = 300;

/** 256 random bits, base64url, with a prefix that says what it is when it turns up in a log. */
export function newWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString('base64url')}`;
}

/** The value of X-Zonecut-Signature for `body` sent at `timestamp` (Unix seconds). */
export function signWebhook(secret: string, timestamp: number, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`, 'utf8').digest('hex')}`;
}

/** The headers a delivery carries. */
export function webhookSignatureHeaders(secret: string, body: string, now: Date): Record<string, string> {
  const timestamp = Math.floor(now.getTime() / 1000);
  return { [TIMESTAMP_HEADER]: String(timestamp), [SIGNATURE_HEADER]: signWebhook(secret, timestamp, body) };
}

/** What a receiver does: the signature matches (in constant time) and the timestamp is fresh. */
export function verifyWebhookSignature(
  secret: string,
  body: string,
  headers: { timestamp: string | null | undefined; signature: string | null | undefined },
  now: Date,
  toleranceSeconds = SIGNATURE_TOLERANCE_SECONDS,
): boolean {
  if (!headers.timestamp || !/^\d{1,12}$/.test(headers.timestamp) || !headers.signature) return false;
  const timestamp = Number(headers.timestamp);
  if (Math.abs(now.getTime() / 1000 - timestamp) > toleranceSeconds) return false;
  const expected = Buffer.from(signWebhook(secret, timestamp, body));
  const given = Buffer.from(headers.signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
