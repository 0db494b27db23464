/**
 * Shown while the check page's server part renders. Not at the root: a root loading boundary
 * makes Next stream the shell (status 200) before a page can call notFound(), so /r/<bad id> and
 * /domain/<bad name> would stop being real 404s (e2e/permalink.spec.ts).
 */
export default function Loading() {
  return (
    <div role="status" aria-live="polite" className="mx-auto max-w-3xl space-y-3">
      <span className="sr-only">Loading…</span>
      <div aria-hidden="true" className="h-6 w-1/2 animate-pulse rounded bg-zinc-200 motion-reduce:animate-none dark:bg-zinc-800" />
      <div aria-hidden="true" className="h-4 w-3/4 animate-pulse rounded bg-zinc-200 motion-reduce:animate-none dark:bg-zinc-800" />
      <div aria-hidden="true" className="h-32 w-full animate-pulse rounded-lg bg-zinc-200 motion-reduce:animate-none dark:bg-zinc-800" />
    </div>
  );
}
