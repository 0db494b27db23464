// Bounds on what one report keeps (ZONECUT_MAX_STORED_OBSERVATIONS, ZONECUT_MAX_STORED_ANSWER_BYTES):
// a hostile zone could make a check's capture ~100 MB (400 queries of 64 KB TCP answers, kept raw
// and decoded), and every check is stored and sent whole. Applied after the analysis, so findings,
// zone facts, totals and per-server figures are those of the whole capture; only the evidence kept
// is cut, and `storageCut` says what was cut. The defaults keep every lab report whole.
// Observations a finding cites are kept before any other, and keep their answers first.
import type { Observation } from '@/lib/dns/capture';
import type { Report, StorageCut, StorageLimits } from '@/lib/report/report';

export type { StorageCut, StorageLimits };

/** The octets of the raw answer (its base64 decoded), without decoding it; isomorphic. */
function answerBytes(o: Observation): number {
  const b64 = o.responseBase64?.replace(/\s/g, '') ?? '';
  return Math.floor((b64.length * 3) / 4) - (b64.endsWith('==') ? 2 : b64.endsWith('=') ? 1 : 0);
}

/** `report` within `limits`: itself when it fits, else a copy with `storageCut` saying what was left out. */
export function boundReport(report: Report, limits: StorageLimits): Report {
  const all = report.capture.observations;
  const cited = new Set(report.findings.flatMap((f) => f.evidence));
  // Cited first, then in the order they were sent; the kept ones stay in that order.
  const byPriority = [...all.filter((o) => cited.has(o.id)), ...all.filter((o) => !cited.has(o.id))];
  const kept = new Set(byPriority.slice(0, limits.observations));
  const cleared = new Set<Observation>();
  let keptBytes = 0;
  for (const o of byPriority) {
    if (!kept.has(o)) continue;
    const size = answerBytes(o);
    if (size === 0 && o.response === undefined) continue;
    if (keptBytes + size <= limits.answerBytes) keptBytes += size;
    else cleared.add(o);
  }
  const dropped = all.length - kept.size;
  if (dropped === 0 && cleared.size === 0) return report;
  const observations = all.filter((o) => kept.has(o)).map((o) => (cleared.has(o) ? withoutAnswer(o) : o));
  return {
    ...report,
    capture: { ...report.capture, observations },
    storageCut: {
      limits: { ...limits },
      observations: { total: all.length, dropped },
      answers: { keptBytes, cleared: all.filter((o) => cleared.has(o)).map((o) => o.id) },
    },
  };
}

function withoutAnswer(o: Observation): Observation {
  const rest = { ...o };
  delete rest.response;
  delete rest.responseBase64;
  return rest;
}

/** One line for the page: what the report left out, or null when nothing. */
export function storageCutLine(cut: StorageCut | undefined): string | null {
  if (!cut) return null;
  const parts: string[] = [];
  if (cut.observations.dropped > 0) {
    parts.push(`${cut.observations.dropped} of its ${cut.observations.total} queries are not kept (at most ${cut.limits.observations} per report)`);
  }
  if (cut.answers.cleared.length > 0) {
    const n = cut.answers.cleared.length;
    parts.push(
      `${n} ${n === 1 ? 'answer is' : 'answers are'} kept without ${n === 1 ? 'its' : 'their'} contents (at most ${formatBytes(cut.limits.answerBytes)} of answers per report)`,
    );
  }
  if (parts.length === 0) return null;
  return `This report is larger than zonecut keeps: ${parts.join('; ')}. The findings were made from the whole check.`;
}

function formatBytes(n: number): string {
  if (n >= 1024 * 1024 && n % (1024 * 1024) === 0) return `${n / (1024 * 1024)} MiB`;
  if (n >= 1024 && n % 1024 === 0) return `${n / 1024} KiB`;
  return `${n} octets`;
}
