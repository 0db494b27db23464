import type { NsCompareRow, NsComparison } from '@/lib/report/view/ns-compare';
import { StatusChip } from '@/components/report/status-chip';

function Side({ title, subtitle, rows, side }: { title: string; subtitle: string; rows: NsCompareRow[]; side: 'parent' | 'child' }) {
  return (
    <div className="min-w-0">
      <h4 className="text-xs font-medium uppercase tracking-wide text-zinc-500 dark:text-zinc-400">{title}</h4>
      <p className="mb-1 break-all font-mono text-xs text-zinc-500 dark:text-zinc-400">{subtitle}</p>
      {rows.length === 0 ? <p className="text-sm text-zinc-500 dark:text-zinc-400">no NS records seen</p> : null}
      <ul className="space-y-1">
        {rows.map((r) => (
          <li
            key={r.name}
            className={`rounded px-1.5 py-1 text-sm ${r.differs ? 'bg-amber-50 ring-1 ring-amber-300 dark:bg-amber-950/50 dark:ring-amber-800' : ''}`}
          >
            <div className="flex flex-wrap items-center gap-x-2">
              <span className="break-all font-mono">{r.name}</span>
              {r.differs ? <StatusChip tone="warning" text={side === 'parent' ? 'only at the parent' : 'only at the child'} plain /> : null}
            </div>
            <ul className="ml-3 font-mono text-xs text-zinc-600 dark:text-zinc-400">
              {r.addresses.map((a) => (
                <li key={a.address} className={a.differs ? 'font-semibold text-amber-800 dark:text-amber-300' : ''}>
                  {a.address}
                  {a.differs ? (
                    <span className="font-sans font-normal"> — {side === 'parent' ? 'glue the zone does not publish' : 'not in the glue'}</span>
                  ) : null}
                </li>
              ))}
              {side === 'parent' && r.missingGlue ? (
                <li className="font-sans font-semibold text-red-700 dark:text-red-400">no glue, though the name is inside the zone</li>
              ) : null}
              {side === 'parent' && !r.missingGlue && r.addresses.length === 0 ? <li className="font-sans">no glue (not needed: outside the zone)</li> : null}
              {side === 'child' && r.addresses.length === 0 ? <li className="font-sans">no address known</li> : null}
            </ul>
          </li>
        ))}
      </ul>
    </div>
  );
}

/** For each zone cut, the parent's delegation beside the child's own NS set, differences marked. */
export function NsCompareSection({ comparisons }: { comparisons: NsComparison[] }) {
  if (comparisons.length === 0) return <p className="text-sm text-zinc-500 dark:text-zinc-400">No delegation below the root was seen.</p>;
  return (
    <div className="space-y-2">
      {comparisons.map((c) => (
        <details key={c.zone} open={!c.agree} className="rounded-lg border border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900/40">
          <summary className="flex cursor-pointer flex-wrap items-center gap-x-3 gap-y-1 px-3 py-2 text-sm">
            <span className="break-all font-mono font-semibold">{c.zone}</span>
            <span className="text-xs text-zinc-500 dark:text-zinc-400">delegated by {c.parent}</span>
            <StatusChip tone={c.agree ? 'ok' : 'warning'} text={c.agree ? 'parent and child agree' : 'parent and child differ'} />
          </summary>
          <div className="grid gap-4 border-t border-zinc-200 px-3 py-3 sm:grid-cols-2 dark:border-zinc-800">
            <Side title="Parent: delegation and glue" subtitle={`NS in ${c.parent}`} rows={c.parentRows} side="parent" />
            <Side title="Child: apex NS and addresses" subtitle={`NS at ${c.zone}`} rows={c.childRows} side="child" />
            {c.coHosted ? (
              <p className="text-xs text-zinc-600 sm:col-span-2 dark:text-zinc-400">
                A parent server serves {c.zone} too and answered from it: the parent side shows that server&apos;s answer, not its delegation.
              </p>
            ) : null}
          </div>
        </details>
      ))}
    </div>
  );
}
