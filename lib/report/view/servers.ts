// Where the time of a check went: the report's per-server figures with the time spent waiting on
// each server and how many of its queries timed out, slowest first. Pure and isomorphic.
import type { Capture } from '@/lib/dns/capture';
import type { ServerFigures } from '@/lib/report/report';

export interface ServerTimeRow extends ServerFigures {
  /**
   * How long the check waited on this server: the time at least one query to it was out (queries
   * sent together count once), from each exchange's start and duration in the capture. For a
   * server that never answered, what its timeouts cost the check.
   */
  waitMs: number;
  timeouts: number;
}

export function serverTimeRows(servers: readonly ServerFigures[], capture: Capture): ServerTimeRow[] {
  const wait = new Map<string, { spans: [number, number][]; timeouts: number }>();
  for (const o of capture.observations) {
    if (o.cached || o.attempts.length === 0) continue;
    const key = `${o.server.address.toLowerCase()}#${o.server.port}`;
    const w = wait.get(key) ?? { spans: [], timeouts: 0 };
    const start = Date.parse(o.startedAt);
    w.spans.push(Number.isFinite(start) ? [start, start + o.rttMs] : [0, o.rttMs]);
    w.timeouts += o.attempts.filter((a) => a.outcome === 'timeout').length;
    wait.set(key, w);
  }
  return servers
    .map((s) => {
      const w = wait.get(`${s.address}#${s.port}`);
      return { ...s, waitMs: Math.round(covered(w?.spans ?? [])), timeouts: w?.timeouts ?? 0 };
    })
    .sort((a, b) => b.waitMs - a.waitMs || b.queries - a.queries);
}

/** The length of the union of [start, end] spans. */
function covered(spans: [number, number][]): number {
  let total = 0;
  let end = -Infinity;
  for (const [a, b] of [...spans].sort((x, y) => x[0] - y[0])) {
    if (b <= end) continue;
    total += b - Math.max(a, end);
    end = b;
  }
  return total;
}
