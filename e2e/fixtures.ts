// Streams the lab cannot produce, served to the page with page.route: a walk that never reached
// the root (as on a machine without a route to the internet), and names full of markup.
// Typed against the real Report so a change of shape breaks these fixtures at compile time.
import type { Observation } from '@/lib/dns/capture';
import type { Report } from '@/lib/report/report';
import { reportWords } from '@/lib/report/report-words';
import type { StreamLine } from '@/lib/report/view/live';

const AT = '2026-01-01T00:00:00.000Z';

export function ndjson(lines: readonly StreamLine[]): string {
  return lines.map((l) => JSON.stringify(l)).join('\n') + '\n';
}

function timedOut(id: string, address: string): Observation {
  return {
    id,
    purpose: 'apex-soa',
    zone: '.',
    server: { address, port: 53 },
    question: { name: '.', type: 'SOA', class: 'IN' },
    options: { edns: true, udpSize: 1232, dnssecOk: true, recursionDesired: false },
    transport: 'udp',
    attempts: [1, 2, 3].map((n) => ({
      transport: 'udp' as const,
      reason: n === 1 ? ('initial' as const) : ('retry-after-timeout' as const),
      edns: true,
      rttMs: 1500,
      outcome: 'timeout' as const,
    })),
    startedAt: AT,
    rttMs: 4500,
    error: { kind: 'timeout', message: 'no response in 1500 ms' },
  };
}

/** example.com on a machine that cannot reach any root server. */
export function rootUnreachableStream(): string {
  const roots = ['198.41.0.4', '170.247.170.2'];
  const observations = roots.map((a, i) => timedOut(`q${i + 1}`, a));
  const report: Report = {
    schemaVersion: 1,
    zonecutVersion: 'e2e',
    catalogueVersion: 1,
    domain: 'example.com.',
    analyzedAt: AT,
    capture: {
      schemaVersion: 1,
      target: 'example.com.',
      startedAt: AT,
      finishedAt: AT,
      durationMs: 4500,
      rootHints: roots.map((address) => ({ address, port: 53 })),
      resolver: { kind: 'doh', url: 'https://1.1.1.1/dns-query' },
      cuts: [],
      targetZone: null,
      observations,
      cnames: [],
      budget: { limits: { queries: 400, depth: 16, names: 40, timeMs: 20000 }, used: { queries: 2, depth: 0, names: 0, timeMs: 4500 }, exhausted: null },
      outcome: 'unreachable',
    },
    findings: [],
    zones: [],
    summary: {
      status: 'ok',
      counts: { error: 0, warning: 0, notice: 0, info: 0 },
      totals: { queries: 2, attempts: 6, answered: 0, cached: 0, servers: 2, durationMs: 4500, budgetExhausted: null },
    },
    servers: roots.map((address) => ({
      address,
      port: 53,
      names: [],
      zones: ['.'],
      role: 'authoritative' as const,
      queries: 1,
      answered: 0,
      attempts: 3,
      cached: 0,
      blocked: 0,
      medianRttMs: null,
      transports: ['udp' as const],
    })),
  };
  return ndjson([
    { type: 'start', target: 'example.com.', at: AT },
    ...observations.map((o): StreamLine => ({ type: 'query', id: o.id, zone: '.', purpose: 'apex-soa', server: o.server, question: o.question })),
    ...observations.map((o): StreamLine => ({ type: 'answer', id: o.id, zone: '.', purpose: 'apex-soa', rttMs: 4500, error: 'timeout' })),
    { type: 'done', outcome: 'unreachable', queries: 2, durationMs: 4500 },
    { type: 'report', report, ...reportWords(report) },
  ]);
}

/** Presentation form as the decoder writes it: printable octets as they are, spaces as `\032`. */
export const MARKUP_NAME = '<img\\032src=x\\032onerror=window.__pwned=1>.odd.test.';
/** The same octets as `<script>.odd.test.`, spelled with decimal escapes: shown in canonical form. */
export const ESCAPED_NAME = '\\060script\\062.odd.test.';
export const ESCAPED_NAME_SHOWN = '<script>.odd.test.';

/** A walk whose names carry markup and escapes, then an error whose message carries markup. */
export function markupStream(): string {
  return ndjson([
    { type: 'start', target: 'odd.test.', at: AT },
    { type: 'cut', zone: '.', parent: null, nameservers: ['a.root-servers.test.'] },
    { type: 'cut', zone: 'odd.test.', parent: '.', nameservers: [MARKUP_NAME, ESCAPED_NAME] },
    { type: 'error', error: { code: 'internal', message: '<b>not bold</b>' } },
  ]);
}
