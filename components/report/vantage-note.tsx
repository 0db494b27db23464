import type { Report } from '@/lib/report/report';
import { viewVantage } from '@/lib/report/view/vantage';

/** Where the check ran from: the families it could test and the resolver it used. Small, always shown. */
export function VantageNote({ report }: { report: Pick<Report, 'vantage' | 'capture'> }) {
  const v = viewVantage(report);
  return (
    <dl className="grid grid-cols-[auto_minmax(0,1fr)] gap-x-2 text-xs text-zinc-500 dark:text-zinc-400" aria-label="Vantage point" data-testid="vantage">
      <dt>Tested over</dt>
      <dd className={v.partial ? 'text-amber-800 dark:text-amber-300' : undefined}>
        {v.families}
        <span className="block">{v.ipv6}</span>
      </dd>
      <dt>Resolver</dt>
      <dd className="break-all">{v.resolver}</dd>
    </dl>
  );
}
