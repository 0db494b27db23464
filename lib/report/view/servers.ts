// Where the time of a check went: the report's per-server figures with the time spent waiting on
// each server and how many of its queries timed out, slowest first. Pure and isomorphic.
import type { Capture } from '@/lib/dns/capture';
import type { ServerFigures } from '@/lib/report/report';

export interface ServerTimeRow extends ServerFigures {
  /** Sum of the exchanges' wall time (queries to one server may overlap). */
  waitMs: number;
  timeouts: number;
}

export function serverTimeRows(servers: readonly ServerFigures[], capture: Capture): ServerTimeRow[] {
  const wait = new Map<string, { ms: number; timeouts: number }>();
  for (const o of capture.observations) {
    if (o.cached || o.attempts.length === 0) continue;
    const key = `${o.server.address.toLowerCase()}#${o.server.port}`;
    const w = wait.get(key) ?? { ms: 0, timeouts: 0 };
    w.ms += o.rttMs;
    w.timeouts += o.attempts.filter((a) => a.outcome === 'timeout').length;
    wait.set(key, w);
  }
  return servers
    .map((s) => {
      const w = wait.get(`${s.address}#${s.port}`);
      return { ...s, waitMs: Math.round(w?.ms ?? 0), timeouts: w?.timeouts ?? 0 };
    })
    .sort((a, b) => b.waitMs - a.waitMs || b.queries - a.queries);
}
