// One attempt at a webhook delivery (a 'webhook-delivery' job): the event's JSON, signed, POSTed to
// the watch's URL at an address the policy allows, and logged. A failed attempt throws, so the
// queue retries it with backoff (run-watch.ts WEBHOOK_JOB_OPTIONS); the last one marks it failed.
import type { AddressPolicy } from '@/lib/guard/address-policy';
import { postWebhook, type WebhookAttemptResult } from '@/lib/watch/post-webhook';
import { webhookPayload } from '@/lib/watch/webhook-payload';
import { webhookSignatureHeaders } from '@/lib/watch/webhook-signature';
import { parseWebhookUrl, pickWebhookAddress } from '@/lib/watch/webhook-target';
import type { WatchStore } from '@/lib/watch/watch-store';

export interface DeliverDeps {
  store: WatchStore;
  policy: AddressPolicy;
  /** zonecut's resolver (run-check.ts lookupHostAddresses). */
  lookup: (host: string) => Promise<string[]>;
  now?: () => Date;
  timeoutMs?: number;
}

export class DeliveryFailed extends Error {
  override name = 'DeliveryFailed';
}

/** `retryCount` is the job's (0 the first time); `retryLimit` how many retries it has. */
export async function deliverEvent(eventId: string, retryCount: number, retryLimit: number, deps: DeliverDeps): Promise<WebhookAttemptResult | null> {
  const now = deps.now ?? (() => new Date());
  const event = await deps.store.getEvent(eventId);
  if (!event || event.delivery === 'delivered' || event.delivery === 'none') return null;
  const watch = await deps.store.getWatch(event.watchId);
  const secret = await deps.store.webhookSecret(event.watchId);
  // The webhook was removed since: nothing to deliver, now or ever (the scheduler stops offering it).
  if (!watch?.webhookUrl || !secret) {
    await deps.store.undeliverable(eventId);
    return null;
  }
  const final = retryCount >= retryLimit;
  // Counted from the log, not the job: a delivery queued again (a lost job) goes on numbering.
  const attempt = await deps.store.nextAttempt(eventId);

  let result: WebhookAttemptResult;
  const target = parseWebhookUrl(watch.webhookUrl);
  const address = target.ok ? await pickWebhookAddress(target.target, deps.policy, deps.lookup) : target;
  if (!target.ok || !address.ok) {
    result = { ok: false, status: null, error: address.ok ? 'bad URL' : address.message };
  } else {
    const body = JSON.stringify(webhookPayload(watch, event));
    result = await postWebhook({
      target: target.target,
      address: address.address,
      body,
      headers: webhookSignatureHeaders(secret, body, now()),
      timeoutMs: deps.timeoutMs,
    });
  }
  await deps.store.recordAttempt(event, { attempt, ok: result.ok, httpStatus: result.status, error: result.ok ? null : result.error }, final);
  if (!result.ok) throw new DeliveryFailed(`webhook of event ${eventId}, attempt ${attempt}: ${result.error}`);
  return result;
}
