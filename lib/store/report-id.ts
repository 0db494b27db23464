// Report ids: 120 random bits from the operating system's CSPRNG, base64url (RFC 4648 5), 20
// characters. Unguessable, so a permalink is only as public as whoever holds it; never reused,
// because the store refuses a duplicate and draws again.
import { randomBytes } from 'node:crypto';

const ID_BYTES = 15; // a multiple of 3: no padding
export const REPORT_ID_LENGTH = 20;
const ID_PATTERN = /^[A-Za-z0-9_-]{20}$/;

export function newReportId(): string {
  return randomBytes(ID_BYTES).toString('base64url');
}

export function isReportId(value: string): boolean {
  return ID_PATTERN.test(value);
}
