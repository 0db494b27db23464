// A Report as text for a terminal: the delegation tree from the root down (each zone, its
// nameservers with the side that names them, their addresses with where each came from and how it
// answered), then the findings, most severe first, then one verdict line. Pure: colour is a flag.
// Everything that came from DNS data is passed through `clean` first: a name or a message may hold
// control characters, and a terminal obeys escape sequences.
import type { Finding, Severity } from '@/lib/checks/catalogue';
import { failureWords } from '@/lib/checks/observations';
import type { ServerView } from '@/lib/checks/server-view';
import { readZone } from '@/lib/checks/zone-view';
import type { Nameserver, NameserverAddress, ZoneCut } from '@/lib/dns/capture';
import { badgeStatus } from '@/lib/report/badge-status';
import { contextFindingTest } from '@/lib/report/finding-scope';
import type { Report } from '@/lib/report/report';
import { UNTESTED_WORDS } from '@/lib/checks/zone-facts';
import { viewVantage } from '@/lib/report/view/vantage';

export interface FormatOptions {
  color: boolean;
  /** Where the check ran: the lab in memory or the network. */
  mode?: 'lab' | 'network';
}

type Style = 'red' | 'yellow' | 'green' | 'cyan' | 'dim' | 'bold';
const SGR: Record<Style, [number, number]> = { red: [31, 39], yellow: [33, 39], green: [32, 39], cyan: [36, 39], dim: [2, 22], bold: [1, 22] };

const SEVERITY_STYLE: Record<Severity, Style> = { error: 'red', warning: 'yellow', notice: 'cyan', info: 'dim' };
const SEVERITY_MARK: Record<Severity, string> = { error: '✗', warning: '!', notice: '·', info: 'i' };

/** C0 and C1 controls and DEL as `\xHH`: DNS data never drives the terminal. */
export function clean(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

export function formatReportText(report: Report, options: FormatOptions): string {
  const paint = (style: Style, text: string) => (options.color ? `\u001b[${SGR[style][0]}m${text}\u001b[${SGR[style][1]}m` : text);
  const { capture, summary } = report;
  const out: string[] = [];

  const where = options.mode === 'lab' ? 'lab' : options.mode === 'network' ? 'network' : null;
  const vantage = viewVantage(report);
  const facts = [
    where,
    vantage.partial ? `${vantage.families}: ${vantage.ipv6}` : null,
    `${summary.totals.queries} ${summary.totals.queries === 1 ? 'query' : 'queries'} to ${plural(summary.totals.servers, 'server')}`,
    `${summary.totals.durationMs} ms`,
    capture.startedAt,
  ].filter((f): f is string => f !== null);
  out.push(`${paint('bold', clean(report.domain))}  ${paint('dim', facts.join(' · '))}`, '');

  // Findings above info, marked on the node they are about: the zone, one NS name, one address.
  const findingsAt = (zone: string, nameserver: string | null, address: string | null) =>
    report.findings.filter(
      (f) =>
        f.severity !== 'info' &&
        f.zone === zone &&
        (address !== null ? f.address === address : (f.nameserver ?? null) === nameserver && f.address === undefined),
    );
  const marks = (findings: Finding[]) => {
    const seen = new Map<string, Severity>();
    for (const f of findings) if (!seen.has(f.code)) seen.set(f.code, f.severity);
    return [...seen].map(([code, severity]) => paint(SEVERITY_STYLE[severity], `[${code}]`)).join(' ');
  };
  const line = (...parts: string[]) =>
    out.push(
      parts
        .filter((p) => p !== '')
        .join('  ')
        .trimEnd(),
    );

  for (const cut of capture.cuts) {
    const view = readZone(capture, cut);
    const servers = new Map(view.servers.map((s) => [s.address, s]));
    const note = [cut.parent === null ? 'root' : `delegated by ${clean(cut.parent)}`, cut.isTarget ? 'target' : '', cut.coHosted ? 'parent serves it too' : '']
      .filter(Boolean)
      .join(', ');
    line(paint('bold', clean(cut.zone)), paint('dim', note), marks(findingsAt(cut.zone, null, null)));
    const width = Math.max(15, ...cut.nameservers.flatMap((ns) => ns.addresses.map((a) => a.address.length)));
    for (const ns of cut.nameservers) {
      line(`  ${clean(ns.name)}`, sideWords(cut, ns, paint), resolutionWords(ns, paint), marks(findingsAt(cut.zone, ns.name, null)));
      if (ns.addresses.length === 0) line(`    ${paint('red', 'no address')}`);
      for (const a of ns.addresses) {
        const state = addressState(servers.get(a.address.toLowerCase()), a, paint);
        line(`    ${a.address.padEnd(width)}`, a.origins.join(',').padEnd(18), state, marks(findingsAt(cut.zone, null, a.address)));
      }
    }
    for (const a of cut.unnamedAddresses ?? [])
      line(`  ${paint('dim', '(hint with no NS name)')}`, a.address, addressState(servers.get(a.address.toLowerCase()), a, paint));
    out.push('');
  }
  if (capture.cuts.length === 0) out.push(paint('dim', 'No zone cut was found.'), '');

  const { counts } = summary;
  out.push(
    paint('bold', 'Findings') +
      paint('dim', `  ${plural(counts.error, 'error')}, ${plural(counts.warning, 'warning')}, ${plural(counts.notice, 'notice')}, ${counts.info} info`),
  );
  if (report.findings.length === 0) out.push('  none');
  const codeWidth = Math.max(0, ...report.findings.map((f) => f.code.length));
  const findingLine = (f: Finding) =>
    out.push(
      `  ${paint(SEVERITY_STYLE[f.severity], `${SEVERITY_MARK[f.severity]} ${f.severity.padEnd(7)}`)}  ${paint('bold', f.code.padEnd(codeWidth))}  ${clean(f.summary)}`,
    );
  const isContext = contextFindingTest(capture);
  report.findings.filter((f) => !isContext(f)).forEach(findingLine);
  const context = report.findings.filter(isContext);
  if (context.length > 0) {
    out.push('', paint('bold', 'About the zones above') + paint('dim', '  context: not counted in the verdict'));
    context.forEach(findingLine);
  }
  out.push('');

  const badge = badgeStatus(report);
  const verdict: Record<typeof badge.status, string> = {
    ok: paint('green', 'ok'),
    warning: paint('yellow', badge.message),
    error: paint('red', badge.message),
    unknown: paint('yellow', `could not check: ${outcomeWords(report)}`),
  };
  out.push(`${clean(report.domain)} ${verdict[badge.status]}`);
  return `${out.join('\n')}\n`;
}

function sideWords(cut: ZoneCut, ns: Nameserver, paint: (s: Style, t: string) => string): string {
  if (cut.parent === null) return paint('dim', ns.inChild ? 'priming' : 'hint');
  if (ns.inParent && ns.inChild) return paint('dim', 'parent child');
  if (ns.inParent) return paint('yellow', 'parent only');
  if (ns.inChild) return paint('yellow', 'child only');
  return '';
}

function resolutionWords(ns: Nameserver, paint: (s: Style, t: string) => string): string {
  switch (ns.resolution.status) {
    case 'ok':
    case 'not-attempted':
      return '';
    case 'cname':
      return paint('red', `alias of ${clean(ns.resolution.cnameTarget ?? '?')}`);
    case 'nxdomain':
      return paint('red', 'name does not exist');
    case 'nodata':
      return paint('red', 'name has no address');
    case 'failed':
      return paint('red', 'address look-up failed');
  }
}

function addressState(server: ServerView | undefined, a: NameserverAddress, paint: (s: Style, t: string) => string): string {
  if (a.blocked !== undefined) return paint('dim', `not queried: ${clean(a.blocked)}`);
  if (a.untested !== undefined) return paint('dim', UNTESTED_WORDS[a.untested]);
  if (!server || !server.probed) return paint('dim', 'not queried');
  if (server.authoritative) {
    const serial = server.soa[0]?.data.serial;
    return paint('green', `authoritative${serial !== undefined ? `, serial ${serial}` : ''}`);
  }
  const lame = server.lame[0];
  if (lame) return paint('red', `lame: ${clean(lame.detail)}`);
  if (!server.answered) {
    const failed = server.probes.find((o) => o.error);
    return paint('red', failed ? failureWords(failed) : 'no response');
  }
  return paint('dim', 'answered');
}

function outcomeWords(report: Report): string {
  const { capture } = report;
  switch (capture.outcome) {
    case 'budget-exhausted':
      return `stopped at its ${capture.budget.exhausted ?? ''} limit before finding anything`;
    case 'unreachable':
      return `no server of ${clean(capture.targetZone ?? 'the last zone found')} answered about the name`;
    case 'aborted':
      return 'the check was stopped';
    case 'no-server-asked':
      return `no address of any server of ${clean(capture.targetZone ?? capture.target)} could be learnt: none was asked`;
    case 'complete':
    case 'no-delegation':
      return 'nothing answered';
  }
}
