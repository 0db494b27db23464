// /r/<id>/compare/<other>: what changed between two stored reports of one domain — NS sets on
// each side of each cut, glue, DS, DNSKEY, CDS, CSYNC, servers, findings added and resolved. The
// older report is "before", whichever order the URL names them in. Unknown ids → 404.
import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import type { ReactNode } from 'react';
import { StatusChip } from '@/components/report/status-chip';
import { domainPathSegment } from '@/lib/report/embed-snippets';
import { diffReports, setChanged, type FindingRef, type SetDiff } from '@/lib/report/diff-reports';
import { badgeTone, countsText, displayName } from '@/lib/report/view/permalink';
import { loadReport } from '@/lib/store/load-report';
import type { StoredReport } from '@/lib/store/report-store';

export const dynamic = 'force-dynamic';

type Props = { params: Promise<{ id: string; other: string }> };

async function load(params: Props['params']): Promise<[StoredReport, StoredReport] | null> {
  const { id, other } = await params;
  const [a, b] = await Promise.all([loadReport(id), loadReport(other)]);
  if (!a || !b) return null;
  return a.createdAt <= b.createdAt ? [a, b] : [b, a];
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const pair = await load(params);
  return { title: pair ? `${displayName(pair[1].domain)}: what changed` : 'Report not found' };
}

function Side({ label, report }: { label: string; report: StoredReport }) {
  return (
    <div className="min-w-0 rounded-md border border-zinc-200 px-3 py-2 text-sm dark:border-zinc-800">
      <p className="text-xs font-medium uppercase tracking-wide text-zinc-500 dark:text-zinc-400">{label}</p>
      <p className="flex flex-wrap items-center gap-2">
        <Link href={`/r/${report.id}`} className="font-mono text-sky-700 hover:underline dark:text-sky-400">
          <time dateTime={report.createdAt}>{report.createdAt.slice(0, 19).replace('T', ' ')} UTC</time>
        </Link>
        <StatusChip tone={badgeTone(report.badge.status)} text={report.badge.message} sayTone />
        <span>{countsText(report.counts)}</span>
      </p>
    </div>
  );
}

/** One set, before and after: removed in red, added in green, kept plain. Text marks say which, too. */
function SetRow({ label, diff, testId }: { label: string; diff: SetDiff; testId?: string }) {
  const changed = setChanged(diff);
  return (
    <tr data-testid={testId} className={changed ? '' : 'text-zinc-500 dark:text-zinc-400'}>
      <th scope="row" className="py-1 pr-3 text-left align-top font-medium whitespace-nowrap">
        {label}
      </th>
      <td className="py-1 pr-3 align-top">
        <Values values={diff.before} marked={diff.removed} mark="removed" />
      </td>
      <td className="py-1 align-top">
        <Values values={diff.after} marked={diff.added} mark="added" />
      </td>
    </tr>
  );
}

function Values({ values, marked, mark }: { values: string[]; marked: string[]; mark: 'added' | 'removed' }) {
  if (values.length === 0) return <span className="text-zinc-500 dark:text-zinc-400">none</span>;
  return (
    <ul className="space-y-0.5 font-mono text-xs">
      {values.map((v) => {
        const hit = marked.includes(v);
        return (
          <li
            key={v}
            data-change={hit ? mark : undefined}
            className={`break-all ${hit ? (mark === 'added' ? 'text-green-700 dark:text-green-400' : 'text-red-700 line-through dark:text-red-400') : ''}`}
          >
            {hit ? <span className="sr-only">{mark}: </span> : null}
            {hit ? (mark === 'added' ? '+ ' : '− ') : ''}
            {v}
          </li>
        );
      })}
    </ul>
  );
}

function Block({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section className="space-y-2" aria-label={title}>
      <h2 className="text-base font-semibold">{title}</h2>
      {children}
    </section>
  );
}

function SetTable({ children }: { children: ReactNode }) {
  return (
    <div className="overflow-x-auto rounded-lg border border-zinc-200 px-3 py-1 dark:border-zinc-800">
      <table className="w-full text-sm">
        <thead>
          <tr className="text-left text-xs text-zinc-500 dark:text-zinc-400">
            <th scope="col" className="py-1 pr-3 font-medium">
              <span className="sr-only">What</span>
            </th>
            <th scope="col" className="py-1 pr-3 font-medium">
              Before
            </th>
            <th scope="col" className="py-1 font-medium">
              After
            </th>
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}

function FindingList({ findings, testId, empty }: { findings: FindingRef[]; testId: string; empty: string }) {
  if (findings.length === 0) return <p className="text-sm text-zinc-500 dark:text-zinc-400">{empty}</p>;
  return (
    <ul data-testid={testId} className="space-y-1 text-sm">
      {findings.map((f) => (
        <li key={`${f.code} ${f.zone} ${f.summary}`} className="flex flex-wrap items-baseline gap-2">
          <StatusChip tone={f.severity} text={f.severity} />
          <code className="font-mono text-xs">{f.code}</code>
          <span className="min-w-0 break-words">{f.summary}</span>
        </li>
      ))}
    </ul>
  );
}

export default async function ComparePage({ params }: Props) {
  const pair = await load(params);
  if (!pair) notFound();
  const [before, after] = pair;
  if (before.domain !== after.domain) {
    return (
      <div className="mx-auto max-w-3xl space-y-4">
        <h1 className="text-xl font-semibold">These reports are of different domains</h1>
        <p className="text-zinc-700 dark:text-zinc-300">
          Only two reports of one domain can be compared: one is of <span className="font-mono">{displayName(before.domain)}</span>, the other of{' '}
          <span className="font-mono">{displayName(after.domain)}</span>.
        </p>
        <p className="flex gap-4 text-sm">
          <Link href={`/r/${before.id}`} className="text-sky-700 hover:underline dark:text-sky-400">
            The first report
          </Link>
          <Link href={`/r/${after.id}`} className="text-sky-700 hover:underline dark:text-sky-400">
            The second report
          </Link>
        </p>
      </div>
    );
  }

  const d = diffReports(before.report, after.report);
  const name = displayName(after.domain);
  return (
    <div className="mx-auto max-w-5xl space-y-6">
      <header className="space-y-3">
        <div className="flex flex-wrap items-baseline justify-between gap-x-4 gap-y-1">
          <h1 className="break-all text-2xl font-semibold">
            What changed in <span className="font-mono">{name}</span>
          </h1>
          <Link href={`/domain/${domainPathSegment(after.domain)}`} className="text-sm text-sky-700 hover:underline dark:text-sky-400">
            History of {name}
          </Link>
        </div>
        <div className="grid gap-2 sm:grid-cols-2">
          <Side label="Before" report={before} />
          <Side label="After" report={after} />
        </div>
        {d.same ? <p className="text-sm font-medium">Nothing changed in the delegation, DNSSEC, servers or findings.</p> : null}
      </header>

      <Block title="Zone cuts">
        <SetTable>
          {d.cuts.flatMap((c) => [
            <tr key={`${c.zone}-h`}>
              <th scope="rowgroup" colSpan={3} className="pt-3 pb-1 text-left font-mono font-semibold break-all">
                {c.zone}
                {c.presence !== 'both' ? (
                  <span className="ml-2 font-sans text-xs font-normal">{c.presence === 'before-only' ? '(only before)' : '(only after)'}</span>
                ) : null}
              </th>
            </tr>,
            <SetRow key={`${c.zone}-p`} label="NS at the parent" diff={c.parentNs} testId={`cut-parent-${c.zone}`} />,
            <SetRow key={`${c.zone}-c`} label="NS at the child" diff={c.childNs} testId={`cut-child-${c.zone}`} />,
            <SetRow key={`${c.zone}-g`} label="Glue" diff={c.glue} testId={`cut-glue-${c.zone}`} />,
          ])}
        </SetTable>
      </Block>

      <Block title="DNSSEC and signalling">
        <SetTable>
          <SetRow label="DS" diff={d.ds} />
          <SetRow label="DNSKEY" diff={d.dnskey} />
          <SetRow label="CDS / CDNSKEY" diff={d.cds} />
          <SetRow label="CSYNC" diff={d.csync} />
        </SetTable>
      </Block>

      <Block title="Servers">
        {d.servers.length === 0 ? (
          <p className="text-sm text-zinc-500 dark:text-zinc-400">Every server answered as before.</p>
        ) : (
          <SetTable>
            {d.servers.map((s) => (
              <tr key={s.server}>
                <th scope="row" className="py-1 pr-3 text-left font-mono text-xs font-medium">
                  {s.server}
                </th>
                <td className="py-1 pr-3">{s.before ?? 'not asked'}</td>
                <td className="py-1">{s.after ?? 'not asked'}</td>
              </tr>
            ))}
          </SetTable>
        )}
      </Block>

      <div className="grid gap-6 md:grid-cols-2">
        <Block title={`Findings resolved (${d.findingsResolved.length})`}>
          <FindingList findings={d.findingsResolved} testId="findings-resolved" empty="None." />
        </Block>
        <Block title={`Findings added (${d.findingsAdded.length})`}>
          <FindingList findings={d.findingsAdded} testId="findings-added" empty="None." />
        </Block>
      </div>
    </div>
  );
}
