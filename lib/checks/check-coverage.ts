// The check itself: a walk that stopped at a limit examined only part of the delegation.
import type { Finding } from '@/lib/checks/catalogue';
import type { CheckContext } from '@/lib/checks/check-context';
import { makeFinding } from '@/lib/checks/make-finding';
import type { BudgetLimit, WalkBudget } from '@/lib/dns/capture';
import { canonicalName } from '@/lib/dns/wire/pure';

const USED: Record<BudgetLimit, (b: WalkBudget) => [number, number]> = {
  queries: (b) => [b.used.queries, b.limits.queries],
  depth: (b) => [b.used.depth, b.limits.depth],
  names: (b) => [b.used.names, b.limits.names],
  time: (b) => [b.used.timeMs, b.limits.timeMs],
};

export function checkCoverage(ctx: CheckContext): Finding[] {
  const { capture } = ctx;
  const limit = capture.budget.exhausted;
  if (limit === null && capture.outcome !== 'budget-exhausted') return [];
  const which: BudgetLimit = limit ?? 'queries';
  const [used, max] = USED[which](capture.budget);
  const target = canonicalName(capture.target);
  return [
    makeFinding('check.budget-exhausted', {
      zone: canonicalName(capture.targetZone ?? ctx.zones.at(-1)?.zone ?? target),
      params: { target, limit: which === 'time' ? 'time (ms)' : which, used, max },
      evidence: capture.observations.filter((o) => o.error?.kind === 'budget-exhausted'),
    }),
  ];
}
