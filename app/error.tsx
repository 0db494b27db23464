'use client';

import Link from 'next/link';
import { useEffect } from 'react';

/**
 * A page broke while rendering (a stored report that cannot be read, a bug of ours): say so
 * plainly, offer another try, never show internals. Server errors reach the browser as a generic
 * message and a digest, which matches the server's log line.
 */
export default function RouteError({ error, retry }: { error: unknown; retry: () => void }) {
  useEffect(() => {
    console.error(error);
  }, [error]);
  const digest = error instanceof Error && 'digest' in error && typeof error.digest === 'string' ? error.digest : null;
  return (
    <div role="alert" className="mx-auto max-w-3xl space-y-4">
      <h1 className="text-xl font-semibold">Something went wrong</h1>
      <p className="text-zinc-700 dark:text-zinc-300">
        This page could not be shown. It is a fault on our side, not in the domain you asked about. Trying again often works; if it does not, check the domain
        again from the start.
      </p>
      {digest ? (
        <p className="text-xs text-zinc-500 dark:text-zinc-400">
          Error reference: <span className="font-mono">{digest}</span>
        </p>
      ) : null}
      <p className="flex flex-wrap items-center gap-4 text-sm">
        <button
          type="button"
          onClick={() => retry()}
          className="rounded-md bg-sky-700 px-3 py-1.5 font-medium text-white hover:bg-sky-800 focus-visible:outline focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-sky-700"
        >
          Try again
        </button>
        <Link href="/" className="text-sky-700 hover:underline dark:text-sky-400">
          Check a domain
        </Link>
      </p>
    </div>
  );
}
