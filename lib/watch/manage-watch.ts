// What the watch API does, between the route handlers (thin: parse, call, serialize) and the store:
// validate a request (the domain, the schedule, the webhook URL under the address policy), make or
// change the watch, queue its runs. Errors are ApiErrors with a clear message; bad input changes
// nothing.
import 'server-only';
import { z } from 'zod';
import { ApiError } from '@/lib/api/api-error';
import { getConfig, type Config } from '@/lib/config';
import { normalizeDomain } from '@/lib/domain/normalize-domain';
import { createAddressPolicy } from '@/lib/guard/address-policy';
import type { JobQueue } from '@/lib/jobs/job-queue';
import { lookupHostAddresses } from '@/lib/run-check';
import { WATCH_RUN_OPTIONS, type WatchRunJob } from '@/lib/watch/run-watch';
import { domainFeedPath, managePath, watchFeedPath } from '@/lib/watch/watch-links';
import { newWebhookSecret } from '@/lib/watch/webhook-signature';
import { parseWebhookUrl, pickWebhookAddress } from '@/lib/watch/webhook-target';
import { MAX_INTERVAL_MINUTES, MIN_INTERVAL_MINUTES, type DeliveryAttempt, type Watch, type WatchEvent, type WatchStore } from '@/lib/watch/watch-store';

/** Watches running at once on this instance (all clients together): past that, new ones are refused. */
export const MAX_ACTIVE_WATCHES = 1000;
export const DEFAULT_INTERVAL_MINUTES = 60;

const interval = z
  .number({ error: `intervalMinutes must be a number of minutes from ${MIN_INTERVAL_MINUTES} to ${MAX_INTERVAL_MINUTES}` })
  .int(`intervalMinutes must be a whole number of minutes`)
  .min(MIN_INTERVAL_MINUTES, `intervalMinutes must be at least ${MIN_INTERVAL_MINUTES} minutes`)
  .max(MAX_INTERVAL_MINUTES, `intervalMinutes must be at most ${MAX_INTERVAL_MINUTES} minutes (a week)`);
const webhook = z.string({ error: 'webhookUrl must be a URL or null' }).max(4096, 'webhookUrl is too long').nullable();

export const watchCreateSchema = z.object({
  domain: z.string({ error: 'The body needs a domain, e.g. {"domain": "example.com"}' }).max(2048, 'The domain is longer than 2048 characters'),
  intervalMinutes: interval.optional(),
  webhookUrl: webhook.optional(),
});

export const watchUpdateSchema = z
  .object({ intervalMinutes: interval.optional(), webhookUrl: webhook.optional() })
  .refine((v) => v.intervalMinutes !== undefined || v.webhookUrl !== undefined, { message: 'Nothing to change: give intervalMinutes and/or webhookUrl' });

function parseBody<T>(schema: z.ZodType<T>, body: unknown): T {
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw new ApiError('bad-request', parsed.error.issues[0]?.message ?? 'Bad request');
  return parsed.data;
}

/** A webhook URL that may be used ('' and null: none), or the ApiError saying why not. */
export async function checkWebhookUrl(text: string | null | undefined, config: Config = getConfig()): Promise<string | null> {
  if (text === null || text === undefined || text.trim() === '') return null;
  const parsed = parseWebhookUrl(text);
  if (!parsed.ok) throw new ApiError('bad-request', parsed.message);
  const address = await pickWebhookAddress(parsed.target, createAddressPolicy(config.allowTargets), (host) => lookupHostAddresses(host, config));
  if (!address.ok) throw new ApiError('bad-request', address.message);
  return parsed.target.url.toString();
}

/** The watch as the API and the management page show it (the token and the secret never: they are shown once). */
export interface WatchView extends Watch {
  feed: string;
  domainFeed: string;
}

export const watchView = (watch: Watch): WatchView => ({ ...watch, feed: watchFeedPath(watch.id), domainFeed: domainFeedPath(watch.domain) });

export interface WatchDetails {
  watch: WatchView;
  events: WatchEvent[];
  deliveries: DeliveryAttempt[];
}

export async function watchDetails(store: WatchStore, watch: Watch): Promise<WatchDetails> {
  const [events, deliveries] = await Promise.all([store.listEvents(watch.id), store.listAttempts(watch.id)]);
  return { watch: watchView(watch), events, deliveries };
}

export interface CreateWatchResult {
  watch: WatchView;
  /** Shown once: the management page's path (holds the token). */
  manage: string;
  /** Shown once; null without a webhook. */
  secret: string | null;
}

/** Makes a watch and queues its first run (the baseline). */
export async function createWatch(body: unknown, origin: string, store: WatchStore, queue: Pick<JobQueue, 'send'>): Promise<CreateWatchResult> {
  const input = parseBody(watchCreateSchema, body);
  const name = normalizeDomain(input.domain);
  if (!name.ok) throw new ApiError(name.code, name.message);
  const webhookUrl = await checkWebhookUrl(input.webhookUrl);
  if ((await store.countActive()) >= MAX_ACTIVE_WATCHES) {
    throw new ApiError('busy', `This zonecut already runs ${MAX_ACTIVE_WATCHES} watches, as many as it may: try again later`, { retryAfterSeconds: 3600 });
  }
  const created = await store.createWatch(
    { domain: name.fqdn, intervalMinutes: input.intervalMinutes ?? DEFAULT_INTERVAL_MINUTES, webhookUrl, origin },
    webhookUrl ? newWebhookSecret() : null,
  );
  await queue.send<WatchRunJob>('watch-run', { watchId: created.watch.id }, WATCH_RUN_OPTIONS(created.watch.id));
  return { watch: watchView(created.watch), manage: managePath(created.token), secret: created.secret };
}

export async function watchByToken(store: WatchStore, token: string): Promise<Watch> {
  const watch = await store.getWatchByToken(token);
  if (!watch) throw new ApiError('not-found', 'No watch has this management link (it may have been mistyped)');
  return watch;
}

/** Changes the schedule and/or the webhook; a webhook added where there was none gets a new secret, shown once. */
export async function updateWatch(token: string, body: unknown, store: WatchStore): Promise<{ watch: WatchView; secret: string | null }> {
  const watch = await watchByToken(store, token);
  const input = parseBody(watchUpdateSchema, body);
  if (watch.stoppedAt) throw new ApiError('bad-request', 'This watch is stopped; make a new one');
  const webhookUrl = input.webhookUrl === undefined ? undefined : await checkWebhookUrl(input.webhookUrl);
  const hadSecret = (await store.webhookSecret(watch.id)) !== null;
  const secret = webhookUrl && !hadSecret ? newWebhookSecret() : null;
  const updated = await store.updateWatch(watch.id, { intervalMinutes: input.intervalMinutes, webhookUrl }, secret);
  if (!updated) throw new ApiError('not-found', 'No watch has this management link');
  return { watch: watchView(updated), secret };
}

/** Queues a run now; false when one is already queued or running. */
export async function runWatchNow(token: string, store: WatchStore, queue: Pick<JobQueue, 'send'>): Promise<boolean> {
  const watch = await watchByToken(store, token);
  if (watch.stoppedAt) throw new ApiError('bad-request', 'This watch is stopped');
  return (await queue.send<WatchRunJob>('watch-run', { watchId: watch.id }, WATCH_RUN_OPTIONS(watch.id))) !== null;
}

export async function stopWatch(token: string, store: WatchStore): Promise<WatchView> {
  const watch = await watchByToken(store, token);
  await store.stopWatch(watch.id);
  return watchView((await store.getWatch(watch.id)) ?? watch);
}
