'use client';

import Link from 'next/link';
import { type FormEvent, useId, useState } from 'react';
import { CopyButton } from '@/components/copy-button';
import { watchApi } from '@/components/watch/watch-api-client';

interface Created {
  watch: { id: string; domain: string; intervalMinutes: number; feed: string };
  manage: string;
  manageUrl: string;
  secret: string | null;
}

const FIELD =
  'w-full rounded-md border border-zinc-300 bg-white px-3 py-2 font-mono text-base shadow-sm outline-none focus:border-sky-600 focus:ring-2 focus:ring-sky-600/30 dark:border-zinc-700 dark:bg-zinc-900';

/** The form that makes a watch; once made, its management link and webhook secret, shown this once. */
export function WatchForm({ initialDomain = '' }: { initialDomain?: string }) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [created, setCreated] = useState<Created | null>(null);
  const errorId = useId();

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const webhookUrl = String(form.get('webhookUrl') ?? '').trim();
    setBusy(true);
    setError(null);
    try {
      setCreated(
        await watchApi<Created>('/api/watches', {
          method: 'POST',
          body: JSON.stringify({
            domain: String(form.get('domain') ?? ''),
            intervalMinutes: Number(form.get('intervalMinutes')),
            webhookUrl: webhookUrl || null,
          }),
        }),
      );
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setBusy(false);
    }
  }

  if (created) {
    return (
      <section
        aria-labelledby="created-heading"
        className="space-y-4 rounded-lg border border-green-600/40 bg-green-50 p-4 dark:bg-green-950/30"
        data-testid="watch-created"
      >
        <h2 id="created-heading" className="text-lg font-semibold">
          Watching <span className="font-mono">{created.watch.domain.replace(/\.$/, '')}</span> every {created.watch.intervalMinutes} minutes
        </h2>
        <div className="space-y-1">
          <p className="text-sm font-medium">Management link — keep it: it is the only way to change or stop this watch, and it is not shown again.</p>
          <div className="flex items-center gap-2">
            <code className="break-all text-sm" data-testid="manage-url">
              {created.manageUrl}
            </code>
            <CopyButton text={created.manageUrl} />
          </div>
        </div>
        {created.secret ? (
          <div className="space-y-1">
            <p className="text-sm font-medium">Webhook secret — shown only now: your receiver checks each request&apos;s X-Zonecut-Signature with it.</p>
            <div className="flex items-center gap-2">
              <code className="break-all text-sm" data-testid="webhook-secret">
                {created.secret}
              </code>
              <CopyButton text={created.secret} />
            </div>
          </div>
        ) : null}
        <p className="text-sm">
          <Link href={created.manage} className="font-medium text-sky-700 hover:underline dark:text-sky-400">
            Open the watch&apos;s page
          </Link>{' '}
          ·{' '}
          <a href={created.watch.feed} className="text-sky-700 hover:underline dark:text-sky-400">
            Atom feed
          </a>
        </p>
      </section>
    );
  }

  return (
    <form onSubmit={(e) => void onSubmit(e)} className="max-w-xl space-y-4" aria-label="Watch a domain" noValidate>
      <div>
        <label htmlFor="watch-domain" className="mb-1 block text-sm font-medium">
          Domain
        </label>
        <input
          id="watch-domain"
          name="domain"
          type="text"
          required
          defaultValue={initialDomain}
          placeholder="example.com"
          autoComplete="off"
          spellCheck={false}
          className={FIELD}
        />
      </div>
      <div>
        <label htmlFor="watch-interval" className="mb-1 block text-sm font-medium">
          Check every (minutes, 5 to 10080)
        </label>
        <input id="watch-interval" name="intervalMinutes" type="number" min={5} max={10080} step={1} defaultValue={60} className={`${FIELD} max-w-40`} />
      </div>
      <div>
        <label htmlFor="watch-webhook" className="mb-1 block text-sm font-medium">
          Webhook URL (optional)
        </label>
        <input
          id="watch-webhook"
          name="webhookUrl"
          type="url"
          placeholder="https://hooks.example.com/zonecut"
          autoComplete="off"
          spellCheck={false}
          className={FIELD}
        />
        <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">Each change is POSTed there as JSON, signed with HMAC-SHA256.</p>
      </div>
      <button
        type="submit"
        disabled={busy}
        aria-describedby={error ? errorId : undefined}
        className="rounded-md bg-sky-700 px-4 py-2 font-medium text-white hover:bg-sky-800 disabled:opacity-60 focus:outline-none focus-visible:ring-2 focus-visible:ring-sky-600 focus-visible:ring-offset-2"
      >
        {busy ? 'Making the watch…' : 'Watch this domain'}
      </button>
      <p id={errorId} role="alert" className="min-h-5 text-sm text-red-700 dark:text-red-400">
        {error}
      </p>
    </form>
  );
}
