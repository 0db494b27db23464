'use client';

import type { Finding } from '@/lib/checks/catalogue';
import { useFindingTexts } from '@/components/report/finding-texts';
import { textOf } from '@/lib/report/finding-text';
import { StatusChip } from '@/components/report/status-chip';

/** A finding with what it means: its summary, why it matters, how to fix it, and references. */
export function FindingCard({ finding, compact = false, children }: { finding: Finding; compact?: boolean; children?: React.ReactNode }) {
  const entry = textOf(useFindingTexts(), finding.code);
  return (
    <article className="space-y-1.5 text-sm">
      <header className="flex flex-wrap items-center gap-2">
        <StatusChip tone={finding.severity} text={finding.severity} />
        <h4 className="font-semibold">{entry.title}</h4>
        <code className="text-xs text-zinc-500 dark:text-zinc-400">{finding.code}</code>
      </header>
      <p className="break-words text-zinc-800 dark:text-zinc-200">{finding.summary}</p>
      <dl className={`grid gap-x-3 gap-y-1 ${compact ? '' : 'sm:grid-cols-[9rem_1fr]'}`}>
        <dt className="text-xs font-medium uppercase tracking-wide text-zinc-500 dark:text-zinc-400">Why it matters</dt>
        <dd className="text-zinc-700 dark:text-zinc-300">{entry.why}</dd>
        <dt className="text-xs font-medium uppercase tracking-wide text-zinc-500 dark:text-zinc-400">How to fix</dt>
        <dd className="text-zinc-700 dark:text-zinc-300">{entry.fix}</dd>
      </dl>
      {entry.refs.length > 0 ? (
        <p className="text-xs text-zinc-500 dark:text-zinc-400">
          {entry.refs.map(({ ref, url }, i) => {
            return (
              <span key={ref}>
                {i > 0 ? ' · ' : ''}
                {url ? (
                  <a
                    href={url}
                    className="underline decoration-zinc-400 underline-offset-2 hover:text-sky-700 dark:hover:text-sky-400"
                    rel="noreferrer"
                    target="_blank"
                  >
                    {ref}
                  </a>
                ) : (
                  ref
                )}
              </span>
            );
          })}
        </p>
      ) : null}
      {children}
    </article>
  );
}
