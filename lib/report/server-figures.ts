// Per-server figures for the report: what was sent where, what came back, and how fast.
import type { Capture, Observation } from '@/lib/dns/capture';
import type { TransportKind } from '@/lib/dns/transport/options';
import { canonicalName } from '@/lib/dns/wire/pure';
import type { CheckTotals, ServerFigures } from '@/lib/report/report';

/** A fresh exchange went out (not a reused reply, not stopped before sending). */
function wentOut(o: Observation): boolean {
  return o.cached === undefined && o.attempts.length > 0;
}

/** The round trip of the exchange that brought the answer. */
function answerRtt(o: Observation): number {
  const answering = [...o.attempts].reverse().find((a) => a.outcome === 'response' || a.outcome === 'truncated');
  return answering?.rttMs ?? o.rttMs;
}

export function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const value = sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
  return Math.round(value * 10) / 10;
}

export function serverFigures(capture: Capture): { servers: ServerFigures[]; totals: CheckTotals } {
  const groups = new Map<string, Observation[]>();
  for (const o of capture.observations) {
    const key = `${o.server.address.toLowerCase()}#${o.server.port}`;
    groups.set(key, [...(groups.get(key) ?? []), o]);
  }
  const servers = [...groups.values()].map((list): ServerFigures => {
    const first = list[0] as Observation;
    const sent = list.filter(wentOut);
    const answered = sent.filter((o) => o.response !== undefined);
    const transports = new Set<TransportKind>(sent.flatMap((o) => o.attempts.map((a) => a.transport)));
    return {
      address: first.server.address.toLowerCase(),
      port: first.server.port,
      names: [...new Set(list.flatMap((o) => (o.server.name ? [canonicalName(o.server.name)] : [])))].sort(),
      zones: [...new Set(list.flatMap((o) => (o.zone ? [canonicalName(o.zone)] : [])))].sort(),
      role: list.every((o) => o.purpose === 'resolve' || o.options.recursionDesired === true) ? 'resolver' : 'authoritative',
      queries: sent.length,
      answered: answered.length,
      attempts: sent.reduce((n, o) => n + o.attempts.length, 0),
      cached: list.filter((o) => o.cached !== undefined).length,
      blocked: list.filter((o) => o.error?.kind === 'blocked-by-policy').length,
      medianRttMs: median(answered.map(answerRtt)),
      transports: [...transports].sort(),
    };
  });
  const sum = (f: (s: ServerFigures) => number) => servers.reduce((n, s) => n + f(s), 0);
  return {
    servers,
    totals: {
      queries: sum((s) => s.queries),
      attempts: sum((s) => s.attempts),
      answered: sum((s) => s.answered),
      cached: sum((s) => s.cached),
      servers: servers.filter((s) => s.queries > 0).length,
      durationMs: capture.durationMs,
      budgetExhausted: capture.budget.exhausted,
    },
  };
}
