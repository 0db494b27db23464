import Link from 'next/link';
import type { FindingRef } from '@/lib/report/diff-reports';
import type { TodaysChecks } from '@/lib/report/todays-checks';
import { StatusChip } from '@/components/report/status-chip';

const TAB = 'rounded-md border px-2.5 py-1 font-medium';
const CURRENT = 'border-sky-700 bg-sky-700 text-white dark:border-sky-500 dark:bg-sky-600';
const OTHER = 'border-zinc-300 hover:bg-zinc-100 dark:border-zinc-700 dark:hover:bg-zinc-800';

function Changes({ title, findings }: { title: string; findings: FindingRef[] }) {
  if (findings.length === 0) return null;
  return (
    <div className="min-w-0 space-y-1">
      <p className="text-xs font-semibold uppercase tracking-wide text-zinc-500 dark:text-zinc-400">{title}</p>
      <ul className="space-y-1">
        {findings.map((f, i) => (
          <li key={`${f.code}-${i}`} className="flex flex-wrap items-baseline gap-x-2">
            <StatusChip tone={f.severity} text={f.severity} plain sayTone />
            <code className="font-mono text-xs">{f.code}</code>
            <span className="min-w-0 break-words text-zinc-700 dark:text-zinc-300">{f.summary}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}

/**
 * A stored report analysed by an older catalogue whose findings today's checks would change: both
 * readings of the same capture, one link each (plain links: no script needed), and what differs.
 */
export function CatalogueNotice({
  today,
  showing,
  href,
}: {
  today: TodaysChecks;
  showing: 'as-checked' | 'today';
  href: { asChecked: string; today: string };
}) {
  const { diff } = today;
  return (
    <section
      aria-labelledby="catalogue-notice-heading"
      className="space-y-3 rounded-lg border border-amber-300 bg-amber-50 p-4 text-sm dark:border-amber-800 dark:bg-amber-950/40"
    >
      <h2 id="catalogue-notice-heading" className="font-semibold">
        Today&apos;s checks read this capture differently
      </h2>
      <p className="text-zinc-700 dark:text-zinc-300">
        This report was analysed with catalogue version {today.asCheckedVersion}; today&apos;s is version {today.todayVersion}. The responses recorded are the
        same; only the judgement changed, for {diff.codes.length === 1 ? 'the code' : 'the codes'}{' '}
        {diff.codes.map((c, i) => (
          <span key={c}>
            {i > 0 ? ', ' : ''}
            <code className="font-mono text-xs">{c}</code>
          </span>
        ))}
        .
      </p>
      <nav aria-label="Which checks to show" className="flex flex-wrap gap-2">
        <Link
          href={href.asChecked}
          aria-current={showing === 'as-checked' ? 'page' : undefined}
          className={`${TAB} ${showing === 'as-checked' ? CURRENT : OTHER}`}
        >
          As checked (catalogue v{today.asCheckedVersion})
        </Link>
        <Link href={href.today} aria-current={showing === 'today' ? 'page' : undefined} className={`${TAB} ${showing === 'today' ? CURRENT : OTHER}`}>
          With today&apos;s checks (v{today.todayVersion})
        </Link>
      </nav>
      <div className="grid gap-3 sm:grid-cols-2">
        <Changes title="Only with today's checks" findings={diff.added} />
        <Changes title="Only as checked" findings={diff.removed} />
      </div>
    </section>
  );
}
