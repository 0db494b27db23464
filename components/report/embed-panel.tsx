'use client';

import { CopyButton } from '@/components/copy-button';
import { embedSnippets } from '@/lib/report/embed-snippets';

/** The domain's status badge, ready to paste: Markdown, HTML and the plain URL. */
export function EmbedPanel({ origin, domain }: { origin: string; domain: string }) {
  const s = embedSnippets(origin, domain);
  const rows: [string, string, string][] = [
    ['markdown', 'Markdown', s.markdown],
    ['html', 'HTML', s.html],
    ['url', 'Badge URL', s.badgeUrl],
  ];
  return (
    <section id="embed" aria-labelledby="embed-heading" className="space-y-2">
      <div>
        <h2 id="embed-heading" className="text-base font-semibold">
          Embed
        </h2>
        <p className="text-sm text-zinc-600 dark:text-zinc-400">A status badge for a README or a status page; it links to the domain&apos;s latest report.</p>
      </div>
      <div className="flex items-center gap-3">
        {/* eslint-disable-next-line @next/next/no-img-element -- an SVG badge drawn by this server */}
        <img src={s.badgeUrl} alt={`DNS status of ${domain.replace(/\.$/, '')}`} height={20} />
      </div>
      <dl className="space-y-2">
        {rows.map(([key, label, text]) => (
          <div key={key} className="space-y-1">
            <dt className="text-xs font-medium uppercase tracking-wide text-zinc-500 dark:text-zinc-400">{label}</dt>
            <dd className="flex items-start gap-2">
              <code data-testid={`embed-${key}`} className="min-w-0 flex-1 break-all rounded bg-zinc-100 px-2 py-1 font-mono text-xs dark:bg-zinc-900">
                {text}
              </code>
              <CopyButton text={text} label={`Copy ${label}`} />
            </dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
