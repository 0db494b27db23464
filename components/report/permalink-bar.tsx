'use client';

import { CopyButton } from '@/components/copy-button';

/** The stored report's permalink, to hand to someone else. */
export function PermalinkBar({ url }: { url: string }) {
  return (
    <div className="flex flex-wrap items-center gap-2 rounded-md border border-zinc-200 bg-zinc-50 px-3 py-2 text-sm dark:border-zinc-800 dark:bg-zinc-900/60">
      <span className="font-medium">Permalink</span>
      <a href={url} data-testid="permalink" className="min-w-0 break-all font-mono text-sky-700 hover:underline dark:text-sky-400">
        {url}
      </a>
      <CopyButton text={url} label="Copy link" />
    </div>
  );
}
