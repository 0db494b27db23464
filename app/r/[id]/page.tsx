// /r/<id>: a stored report as it was, with the live page's components, the time it was taken, a
// "check again" button, the domain's history and the badge's embed snippets. Unknown ids → 404.
// A report of an older catalogue is also re-analysed by today's (never rewritten in the store):
// when the findings differ, a notice links both readings; `?checks=today` shows today's.
import type { Metadata } from 'next';
import { headers } from 'next/headers';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { EmbedPanel } from '@/components/report/embed-panel';
import { PermalinkBar } from '@/components/report/permalink-bar';
import { CatalogueNotice } from '@/components/report/catalogue-notice';
import { ReportPanels } from '@/components/report/report-panels';
import { ReportSummary } from '@/components/report/report-summary';
import { diagramSubtitle } from '@/lib/report/view/diagram';
import { StoredReportView } from '@/components/report/stored-report-view';
import { StatusChip } from '@/components/report/status-chip';
import { reportWords } from '@/lib/report/report-words';
import { badgeStatus } from '@/lib/report/badge-status';
import { domainPathSegment } from '@/lib/report/embed-snippets';
import { todaysChecks } from '@/lib/report/todays-checks';
import { treeFromReport } from '@/lib/report/view/tree';
import { badgeTone, countsText, displayName, permalinkMeta, timeAgo } from '@/lib/report/view/permalink';
import { loadReport } from '@/lib/store/load-report';
import { originFromHeaders } from '@/lib/store/report-url';
import { ZONECUT_VERSION } from '@/lib/run-check';

export const dynamic = 'force-dynamic';

type Props = { params: Promise<{ id: string }> };
type PageProps = Props & { searchParams: Promise<Record<string, string | string[] | undefined>> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { id } = await params;
  const stored = await loadReport(id);
  if (!stored) return { title: 'Report not found' };
  const meta = permalinkMeta(stored);
  const url = `${originFromHeaders(await headers())}/r/${encodeURIComponent(stored.id)}`;
  // Next's metadata renders these as attribute values, escaped: a hostile name stays text.
  return {
    title: meta.title,
    description: meta.description,
    openGraph: { type: 'article', siteName: 'zonecut', title: meta.title, description: meta.description, url },
    twitter: { card: 'summary', title: meta.title, description: meta.description },
  };
}

export default async function PermalinkPage({ params, searchParams }: PageProps) {
  const { id } = await params;
  const stored = await loadReport(id);
  if (!stored) notFound();
  const origin = originFromHeaders(await headers());
  const name = displayName(stored.domain);
  const segment = domainPathSegment(stored.domain);
  const now = new Date();
  const path = `/r/${encodeURIComponent(stored.id)}`;
  const today = todaysChecks(stored.report, { version: ZONECUT_VERSION });
  const differs = today !== null && today.diff.codes.length > 0;
  const showing = differs && (await searchParams).checks === 'today' ? 'today' : 'as-checked';
  const report = showing === 'today' && today ? today.report : stored.report;
  const badge = showing === 'today' ? badgeStatus(report) : stored.badge;
  const counts = showing === 'today' ? report.summary.counts : stored.counts;
  const { texts, summary } = reportWords(report);
  // Built here and sent as props, with the summary rendered here: the browser never loads the tree
  // builders or the summary's words for a stored report.
  const tree = treeFromReport(report);

  return (
    <div className="space-y-6">
      <header className="space-y-2">
        <div className="flex flex-wrap items-baseline justify-between gap-x-4 gap-y-1">
          <h1 className="break-all font-mono text-2xl font-semibold">{name}</h1>
          <div className="flex flex-wrap items-center gap-3 text-sm">
            <Link href={`/domain/${segment}`} className="text-sky-700 hover:underline dark:text-sky-400">
              History of {name}
            </Link>
            <Link href={`/watch?domain=${segment}`} className="text-sky-700 hover:underline dark:text-sky-400">
              Watch this domain
            </Link>
            {/* A plain link: the live page it opens starts a fresh check as it mounts. */}
            <a
              href={`/check/${segment}`}
              className="rounded-md border border-zinc-300 px-2.5 py-1 font-medium hover:bg-zinc-100 dark:border-zinc-700 dark:hover:bg-zinc-800"
            >
              Check again
            </a>
          </div>
        </div>
        <p className="flex flex-wrap items-center gap-x-3 gap-y-1 text-sm text-zinc-700 dark:text-zinc-300">
          <StatusChip tone={badgeTone(badge.status)} text={badge.message} sayTone />
          <span data-testid="report-counts">{countsText(counts)}</span>
          <span>
            taken at <time dateTime={stored.createdAt}>{stored.createdAt}</time>
          </span>
          <span data-testid="report-age">checked {timeAgo(stored.createdAt, now)}</span>
        </p>
        <PermalinkBar url={`${origin}${path}`} />
      </header>
      {differs ? <CatalogueNotice today={today} showing={showing} href={{ asChecked: path, today: `${path}?checks=today` }} /> : null}
      <StoredReportView
        key={showing}
        domain={name}
        report={report}
        texts={texts}
        tree={tree}
        summary={<ReportSummary report={report} summary={summary} tree={tree} />}
        subtitle={diagramSubtitle(report, summary)}
        panels={<ReportPanels domain={name} report={report} texts={texts} />}
      />
      <EmbedPanel origin={origin} domain={stored.domain} />
    </div>
  );
}
