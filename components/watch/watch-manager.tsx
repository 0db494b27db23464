'use client';

import { QueryClientProvider, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { type FormEvent, useState } from 'react';
import { CopyButton } from '@/components/copy-button';
import { getQueryClient } from '@/components/get-query-client';
import { watchApi } from '@/components/watch/watch-api-client';
import { describeChange } from '@/lib/watch/watch-change';
import type { WatchDetails, WatchView } from '@/lib/watch/manage-watch';

/** How often the page asks for new runs, events and deliveries while it is open. */
const POLL_MS = 4000;

const BUTTON =
  'rounded-md border border-zinc-300 bg-white px-3 py-1.5 text-sm font-medium hover:bg-zinc-100 disabled:opacity-60 focus-visible:outline-2 focus-visible:outline-sky-600 dark:border-zinc-700 dark:bg-zinc-900 dark:hover:bg-zinc-800';
const FIELD =
  'min-w-0 rounded-md border border-zinc-300 bg-white px-2 py-1.5 font-mono text-sm outline-none focus:border-sky-600 focus:ring-2 focus:ring-sky-600/30 dark:border-zinc-700 dark:bg-zinc-900';
const LINK = 'text-sky-700 hover:underline dark:text-sky-400';

const time = (iso: string | null) => (iso ? `${iso.slice(0, 19).replace('T', ' ')} UTC` : '—');
const bare = (domain: string) => domain.replace(/\.$/, '');

export function WatchManager(props: { token: string; initial: WatchDetails }) {
  return (
    <QueryClientProvider client={getQueryClient()}>
      <Manager {...props} />
    </QueryClientProvider>
  );
}

function Manager({ token, initial }: { token: string; initial: WatchDetails }) {
  const path = `/api/watches/manage/${encodeURIComponent(token)}`;
  const key = ['watch', token];
  const client = useQueryClient();
  const details = useQuery({
    queryKey: key,
    queryFn: () => watchApi<WatchDetails>(path),
    initialData: initial,
    staleTime: 0,
    refetchInterval: (q) => (q.state.data?.watch.stoppedAt ? false : POLL_MS),
  });
  const [message, setMessage] = useState<string | null>(null);
  const [secret, setSecret] = useState<string | null>(null);
  const refresh = () => client.invalidateQueries({ queryKey: key });
  const onError = (err: Error) => setMessage(err.message);

  const update = useMutation({
    mutationFn: (body: { intervalMinutes?: number; webhookUrl?: string | null }) =>
      watchApi<{ watch: WatchView; secret: string | null }>(path, { method: 'PATCH', body: JSON.stringify(body) }),
    onSuccess: (r) => {
      setMessage('Saved.');
      if (r.secret) setSecret(r.secret);
      void refresh();
    },
    onError,
  });
  const run = useMutation({
    mutationFn: () => watchApi<{ queued: boolean }>(`${path}/run`, { method: 'POST' }),
    onSuccess: (r) => {
      setMessage(r.queued ? 'Run queued: the result appears below in a few seconds.' : 'A run is already queued or running.');
      void refresh();
    },
    onError,
  });
  const stop = useMutation({
    mutationFn: () => watchApi<{ watch: WatchView }>(path, { method: 'DELETE' }),
    onSuccess: () => {
      setMessage('The watch is stopped. Its events and feed stay.');
      void refresh();
    },
    onError,
  });

  const { watch, events, deliveries } = details.data;
  const stopped = watch.stoppedAt !== null;
  const busy = update.isPending || run.isPending || stop.isPending;

  function saveInterval(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    update.mutate({ intervalMinutes: Number(new FormData(e.currentTarget).get('intervalMinutes')) });
  }
  function saveWebhook(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const url = String(new FormData(e.currentTarget).get('webhookUrl') ?? '').trim();
    update.mutate({ webhookUrl: url || null });
  }

  return (
    <div className="space-y-8">
      <header className="space-y-2">
        <h1 className="break-all text-2xl font-semibold">
          Watch of <span className="font-mono">{bare(watch.domain)}</span>
        </h1>
        <dl className="grid grid-cols-[max-content_1fr] gap-x-4 gap-y-1 text-sm" data-testid="watch-facts">
          <dt className="text-zinc-500 dark:text-zinc-400">State</dt>
          <dd data-testid="watch-state">
            {stopped ? `stopped ${time(watch.stoppedAt)}` : `every ${watch.intervalMinutes} minutes, next run ${time(watch.nextRunAt)}`}
          </dd>
          <dt className="text-zinc-500 dark:text-zinc-400">Runs</dt>
          <dd data-testid="watch-runs">{watch.runs}</dd>
          <dt className="text-zinc-500 dark:text-zinc-400">Last run</dt>
          <dd>
            {watch.lastReportId ? (
              <Link href={`/r/${watch.lastReportId}`} className={LINK} data-testid="last-report">
                {time(watch.lastRunAt)} ({watch.lastStatus})
              </Link>
            ) : (
              'not yet'
            )}
            {watch.lastError ? <span className="ml-2 text-red-700 dark:text-red-400">the last run failed: {watch.lastError}</span> : null}
          </dd>
          <dt className="text-zinc-500 dark:text-zinc-400">Feeds</dt>
          <dd className="space-x-3">
            <a href={watch.feed} className={LINK} type="application/atom+xml">
              This watch (Atom)
            </a>
            <a href={watch.domainFeed} className={LINK} type="application/atom+xml">
              Every watch of {bare(watch.domain)} (Atom)
            </a>
            <Link href={`/domain/${encodeURIComponent(bare(watch.domain))}`} className={LINK}>
              History
            </Link>
          </dd>
        </dl>
        <p role="status" className="min-h-5 text-sm text-zinc-700 dark:text-zinc-300">
          {message}
        </p>
        {secret ? (
          <div className="flex items-center gap-2 text-sm" data-testid="webhook-secret">
            <span className="font-medium">New webhook secret (shown only now):</span>
            <code className="break-all">{secret}</code>
            <CopyButton text={secret} />
          </div>
        ) : null}
      </header>

      {stopped ? null : (
        <section aria-labelledby="controls-heading" className="space-y-4">
          <h2 id="controls-heading" className="text-base font-semibold">
            Schedule and webhook
          </h2>
          <div className="flex flex-wrap gap-2">
            <button type="button" className={BUTTON} disabled={busy} onClick={() => run.mutate()}>
              Run now
            </button>
            <button
              type="button"
              className={`${BUTTON} text-red-700 dark:text-red-400`}
              disabled={busy}
              onClick={() => {
                if (window.confirm('Stop this watch? It cannot be restarted (its events and feed stay).')) stop.mutate();
              }}
            >
              Stop watching
            </button>
          </div>
          <form onSubmit={saveInterval} className="flex flex-wrap items-end gap-2" aria-label="Schedule">
            <label className="text-sm">
              <span className="mb-1 block font-medium">Check every (minutes)</span>
              <input name="intervalMinutes" type="number" min={5} max={10080} defaultValue={watch.intervalMinutes} className={`${FIELD} w-28`} />
            </label>
            <button type="submit" className={BUTTON} disabled={busy}>
              Save schedule
            </button>
          </form>
          <form onSubmit={saveWebhook} className="flex flex-wrap items-end gap-2" aria-label="Webhook">
            <label className="min-w-0 flex-1 text-sm">
              <span className="mb-1 block font-medium">Webhook URL (empty: none)</span>
              <input
                name="webhookUrl"
                type="url"
                defaultValue={watch.webhookUrl ?? ''}
                placeholder="https://hooks.example.com/zonecut"
                className={`${FIELD} w-full`}
              />
            </label>
            <button type="submit" className={BUTTON} disabled={busy}>
              Save webhook
            </button>
          </form>
        </section>
      )}

      <section aria-labelledby="events-heading" className="space-y-2">
        <h2 id="events-heading" className="text-base font-semibold">
          Events ({events.length})
        </h2>
        {events.length === 0 ? (
          <p className="text-sm text-zinc-700 dark:text-zinc-300">
            No change yet. The first run is the baseline; each later run that differs from the one before becomes an event.
          </p>
        ) : (
          <ol className="divide-y divide-zinc-200 rounded-lg border border-zinc-200 dark:divide-zinc-800 dark:border-zinc-800" data-testid="events">
            {events.map((event) => (
              <li key={event.id} className="space-y-1 px-3 py-2 text-sm" data-testid="event">
                <div className="flex flex-wrap items-baseline gap-x-3">
                  <time dateTime={event.createdAt} className="font-mono">
                    {time(event.createdAt)}
                  </time>
                  <span>status {event.status}</span>
                  <Link href={`/r/${event.reportId}/compare/${event.previousReportId}`} className={LINK}>
                    What changed
                  </Link>
                  <Link href={`/r/${event.reportId}`} className={LINK}>
                    Report
                  </Link>
                  <span className="text-zinc-500 dark:text-zinc-400" data-testid="event-delivery">
                    webhook: {event.delivery}
                  </span>
                </div>
                <ul className="list-inside list-disc font-mono text-xs">
                  {event.changes.map((change, i) => (
                    <li key={i}>{describeChange(change)}</li>
                  ))}
                </ul>
              </li>
            ))}
          </ol>
        )}
      </section>

      <section aria-labelledby="deliveries-heading" className="space-y-2">
        <h2 id="deliveries-heading" className="text-base font-semibold">
          Webhook deliveries
        </h2>
        {deliveries.length === 0 ? (
          <p className="text-sm text-zinc-700 dark:text-zinc-300">{watch.webhookUrl ? 'None yet.' : 'No webhook is set.'}</p>
        ) : (
          <table className="w-full text-left text-sm" data-testid="deliveries">
            <thead>
              <tr className="text-zinc-500 dark:text-zinc-400">
                <th className="py-1 pr-3 font-medium">Time</th>
                <th className="py-1 pr-3 font-medium">Attempt</th>
                <th className="py-1 pr-3 font-medium">Result</th>
              </tr>
            </thead>
            <tbody>
              {deliveries.map((d) => (
                <tr key={`${d.eventId}-${d.attempt}`} className="border-t border-zinc-200 dark:border-zinc-800" data-testid="delivery">
                  <td className="py-1 pr-3 font-mono">{time(d.attemptedAt)}</td>
                  <td className="py-1 pr-3">{d.attempt}</td>
                  <td className={`py-1 pr-3 ${d.ok ? 'text-green-700 dark:text-green-400' : 'text-red-700 dark:text-red-400'}`}>
                    {d.ok ? `delivered (HTTP ${d.httpStatus})` : `failed: ${d.httpStatus !== null ? `HTTP ${d.httpStatus}` : ''} ${d.error ?? ''}`}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </div>
  );
}
