// Whether a request may start a check: a free slot (ZONECUT_MAX_CONCURRENT_CHECKS, per process and
// with REDIS_URL for all instances together; else 503 `busy`) and a token from the client's
// `check` bucket (ZONECUT_CHECKS_PER_MINUTE, else 429 `rate-limited`), both with Retry-After. The slot is taken first, so a client is not charged
// for a check the server could not run. Every route that starts a check calls this before it
// starts one; the stream route before its stream, so the page gets a plain JSON error.
import 'server-only';
import { ApiError } from '@/lib/api/api-error';
import { getCheckSlots, takeCheckSlot, type CheckSlots } from '@/lib/guard/check-slots';
import { takeRateLimitToken } from '@/lib/guard/rate-limit';

/** A check takes seconds (its time budget is 20 s): asking again this soon is reasonable. */
export const BUSY_RETRY_AFTER_SECONDS = 5;

/** Admits one check or throws the ApiError to answer; the result gives the slot back (call it once the check is over). */
export async function admitCheck(request: Request, slots: CheckSlots = getCheckSlots()): Promise<() => void> {
  const release = await takeCheckSlot(slots);
  if (!release) {
    throw new ApiError('busy', `zonecut is running as many checks as it may at once (${slots.max}): try again in a few seconds`, {
      retryAfterSeconds: BUSY_RETRY_AFTER_SECONDS,
    });
  }
  const limited = await takeRateLimitToken(request, 'check');
  if (!limited.ok) {
    release();
    throw new ApiError('rate-limited', `Too many checks from your address: try again in ${limited.retryAfterSeconds} s`, limited);
  }
  return release;
}
