// /domain/<domain>: the stored reports of one domain, newest first, a strip of its status over
// time (oldest → newest), and links to compare two of them.
import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { StatusChip } from '@/components/report/status-chip';
import { TONE_WORD } from '@/components/report/tone';
import type { BadgeStatus } from '@/lib/report/badge-status';
import { normalizeDomain } from '@/lib/domain/normalize-domain';
import { badgeTone, countsText, timeAgo } from '@/lib/report/view/permalink';
import { getStore } from '@/lib/store/get-store';
import { domainFeedPath } from '@/lib/watch/watch-links';
import { MAX_LIST_LIMIT } from '@/lib/store/report-store';

export const dynamic = 'force-dynamic';

/** Solid cells for the strip (the words are there too, for screen readers and on hover). */
const CELL: Record<BadgeStatus, string> = {
  ok: 'bg-green-600 border-green-700',
  warning: 'bg-amber-400 border-amber-500',
  error: 'bg-red-600 border-red-700',
  unknown: 'bg-zinc-400 border-zinc-500',
};

type Props = { params: Promise<{ domain: string }> };

function parse(segment: string) {
  let text = segment;
  try {
    text = decodeURIComponent(segment);
  } catch {
    // A malformed escape: validate it as typed.
  }
  return normalizeDomain(text);
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const result = parse((await params).domain);
  if (!result.ok) return { title: 'Invalid domain' };
  // Feed readers find the domain's feed from the page (RFC 4287 with HTML's link rel=alternate).
  return { title: `History of ${result.domain}`, alternates: { types: { 'application/atom+xml': domainFeedPath(result.fqdn) } } };
}

export default async function DomainHistoryPage({ params }: Props) {
  const result = parse((await params).domain);
  if (!result.ok) notFound();
  const reports = await (await getStore()).listReports(result.fqdn, { limit: MAX_LIST_LIMIT });
  const now = new Date();
  const oldestFirst = [...reports].reverse();
  const [newest, previous] = reports;

  return (
    <div className="mx-auto max-w-4xl space-y-6">
      <header className="flex flex-wrap items-baseline justify-between gap-x-4 gap-y-1">
        <h1 className="break-all text-2xl font-semibold">
          History of <span className="font-mono">{result.domain}</span>
        </h1>
        <div className="flex flex-wrap items-baseline gap-x-4 text-sm">
          <Link href={`/check/${encodeURIComponent(result.domain)}`} prefetch={false} className="text-sky-700 hover:underline dark:text-sky-400">
            Check it now
          </Link>
          <Link href={`/watch?domain=${encodeURIComponent(result.domain)}`} className="text-sky-700 hover:underline dark:text-sky-400">
            Watch this domain
          </Link>
          <a href={domainFeedPath(result.fqdn)} type="application/atom+xml" className="text-sky-700 hover:underline dark:text-sky-400">
            Feed of its changes (Atom)
          </a>
        </div>
      </header>

      {reports.length === 0 ? (
        <p className="text-zinc-700 dark:text-zinc-300">No stored reports of this domain yet. Check it, and every check is kept here.</p>
      ) : (
        <>
          <section aria-labelledby="strip-heading" className="space-y-2">
            <h2 id="strip-heading" className="text-base font-semibold">
              Status over time
            </h2>
            <ol className="flex flex-wrap gap-1" aria-label="Status of each report, oldest first">
              {oldestFirst.map((r) => (
                <li key={r.id}>
                  <Link href={`/r/${r.id}`} title={`${r.createdAt}: ${r.badge.message}`} className={`block h-6 w-4 rounded-sm border ${CELL[r.badge.status]}`}>
                    <span className="sr-only">
                      {r.createdAt}: {TONE_WORD[badgeTone(r.badge.status)]}, {r.badge.message}
                    </span>
                  </Link>
                </li>
              ))}
            </ol>
            {newest && previous ? (
              <p className="text-sm">
                <Link href={`/r/${newest.id}/compare/${previous.id}`} className="text-sky-700 hover:underline dark:text-sky-400">
                  Compare the two newest reports
                </Link>
              </p>
            ) : null}
          </section>

          <section aria-labelledby="reports-heading" className="space-y-2">
            <h2 id="reports-heading" className="text-base font-semibold">
              Reports ({reports.length}
              {reports.length === MAX_LIST_LIMIT ? ', the newest' : ''})
            </h2>
            <ul data-testid="history" className="divide-y divide-zinc-200 rounded-lg border border-zinc-200 dark:divide-zinc-800 dark:border-zinc-800">
              {reports.map((r, i) => {
                const older = reports[i + 1];
                return (
                  <li key={r.id} data-testid="history-row" className="flex flex-wrap items-center gap-x-4 gap-y-1 px-3 py-2 text-sm">
                    <Link href={`/r/${r.id}`} className="font-mono text-sky-700 hover:underline dark:text-sky-400">
                      <time dateTime={r.createdAt}>{r.createdAt.slice(0, 19).replace('T', ' ')} UTC</time>
                    </Link>
                    <span className="text-zinc-500 dark:text-zinc-400">{timeAgo(r.createdAt, now)}</span>
                    <StatusChip tone={badgeTone(r.badge.status)} text={r.badge.message} sayTone />
                    <span className="text-zinc-700 dark:text-zinc-300">{countsText(r.counts)}</span>
                    {older ? (
                      <Link href={`/r/${r.id}/compare/${older.id}`} className="ml-auto text-sky-700 hover:underline dark:text-sky-400">
                        Compare with the one before
                      </Link>
                    ) : null}
                  </li>
                );
              })}
            </ul>
          </section>
        </>
      )}
    </div>
  );
}
