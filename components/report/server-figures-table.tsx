import type { Report } from '@/lib/report/report';
import { serverTimeRows } from '@/lib/report/view/servers';

function ms(n: number | null): string {
  if (n === null) return '—';
  return n >= 1000 ? `${(n / 1000).toFixed(1)} s` : `${Math.round(n)} ms`;
}

/** Per server address: what was sent, what came back, how fast, over what: where the time went. */
export function ServerFiguresTable({ report }: { report: Report }) {
  const rows = serverTimeRows(report.servers, report.capture);
  const longest = Math.max(1, ...rows.map((r) => r.waitMs));
  const th = 'px-2 py-1.5 text-left text-xs font-medium uppercase tracking-wide text-zinc-500 dark:text-zinc-400';
  const td = 'px-2 py-1.5 align-top';
  return (
    <div className="overflow-x-auto rounded-lg border border-zinc-200 dark:border-zinc-800">
      <table className="w-full min-w-[720px] border-collapse bg-white text-sm tabular-nums dark:bg-zinc-900/40">
        <caption className="sr-only">Queries, answers, round trips and transports per server address, slowest first</caption>
        <thead className="border-b border-zinc-200 dark:border-zinc-800">
          <tr>
            <th scope="col" className={th}>
              Server
            </th>
            <th scope="col" className={th}>
              Zones
            </th>
            <th scope="col" className={`${th} text-right`}>
              Queries
            </th>
            <th scope="col" className={`${th} text-right`}>
              Answered
            </th>
            <th scope="col" className={`${th} text-right`}>
              Timeouts
            </th>
            <th scope="col" className={`${th} text-right`}>
              Median RTT
            </th>
            <th scope="col" className={th}>
              Time waited
            </th>
            <th scope="col" className={th}>
              Transport
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-zinc-100 dark:divide-zinc-800">
          {rows.map((r) => (
            <tr key={`${r.address}#${r.port}`}>
              <td className={td}>
                <span className="block break-all font-mono">
                  {r.address}
                  {r.port !== 53 ? `#${r.port}` : ''}
                </span>
                <span className="block break-all text-xs text-zinc-500 dark:text-zinc-400">
                  {r.role === 'resolver' ? 'resolver' : r.names.join(', ') || '—'}
                </span>
              </td>
              <td className={`${td} break-all font-mono text-xs`}>{r.zones.join(' ')}</td>
              <td className={`${td} text-right`}>
                {r.queries}
                {r.cached > 0 ? <span className="block text-xs text-zinc-500 dark:text-zinc-400">+{r.cached} reused</span> : null}
                {r.blocked > 0 ? <span className="block text-xs text-zinc-500 dark:text-zinc-400">{r.blocked} blocked</span> : null}
              </td>
              <td className={`${td} text-right ${r.answered < r.queries ? 'font-semibold text-amber-800 dark:text-amber-300' : ''}`}>{r.answered}</td>
              <td className={`${td} text-right ${r.timeouts > 0 ? 'font-semibold text-amber-800 dark:text-amber-300' : ''}`}>{r.timeouts}</td>
              <td className={`${td} text-right`}>{ms(r.medianRttMs)}</td>
              <td className={td}>
                <span className="flex items-center gap-2">
                  <span className="h-1.5 w-20 overflow-hidden rounded-full bg-zinc-100 dark:bg-zinc-800" aria-hidden="true">
                    <span className="block h-full rounded-full bg-zinc-500 dark:bg-zinc-400" style={{ width: `${(r.waitMs / longest) * 100}%` }} />
                  </span>
                  {ms(r.waitMs)}
                </span>
              </td>
              <td className={`${td} text-xs uppercase`}>{r.transports.join(', ') || '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
