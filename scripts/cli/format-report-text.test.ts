import { describe, expect, it } from 'vitest';
import { loadConfig } from '@/lib/config';
import { runCheck } from '@/lib/run-check';
import { cliExitCode } from '@/scripts/cli/cli-exit-code';
import { clean, formatReportText } from '@/scripts/cli/format-report-text';

const config = loadConfig({});
async function reportOf(name: string) {
  const r = await runCheck(name, { config, timeoutMs: 100 });
  if (!r.ok) throw new Error(r.error.message);
  return r.report;
}

describe('formatReportText', () => {
  it('draws every cut, nameserver and address of the walk', async () => {
    const report = await reportOf('a.b.c.deep.test');
    const text = formatReportText(report, { color: false });
    for (const cut of report.capture.cuts) {
      expect(text).toContain(`\n${cut.zone}  `);
      for (const ns of cut.nameservers) {
        expect(text).toContain(`\n  ${ns.name}`);
        for (const a of ns.addresses) expect(text).toMatch(new RegExp(`\\n {4}${a.address.replace(/\./g, '\\.')} `));
      }
    }
    expect(text).toMatch(/\na\.b\.c\.deep\.test\. {2}delegated by b\.c\.deep\.test\., target\n/);
  });

  it("lists an ancestor's findings apart, as context, and the verdict is the domain's own", async () => {
    const report = await reportOf('shop.sld-drift.test');
    const text = formatReportText(report, { color: false });
    const [own, context] = text.split('\nAbout the zones above  context: not counted in the verdict\n');
    expect(own).not.toMatch(/soa\.serial-mismatch {2}The servers/);
    expect(context).toMatch(/! warning {2}soa\.serial-mismatch {2}The servers of sld-drift\.test\./);
    expect(text.trimEnd().split('\n').at(-1)).toBe('shop.sld-drift.test. ok');
    expect(cliExitCode(report)).toBe(0);
  });

  it('says which families it tested, and shows untested addresses as such', async () => {
    const text = formatReportText(await reportOf('ipv4-vantage.test'), { color: false });
    expect(text).toContain('IPv4 only: this host has no IPv6 route: IPv6 servers not tested from here');
    expect(text).toMatch(/\n {4}2001:db8:100::74 +glue,child +not tested from here \(no IPv6\)\n/);
  });

  it('marks a server that never answers, and the side that names each NS', async () => {
    const text = formatReportText(await reportOf('flapping.test'), { color: false });
    expect(text).toMatch(/\n {2}ns3\.flapping\.test\. {2}child only {2}\[ns\.unreachable\] \[resolution\.flapping\]\n/);
    expect(text).toMatch(/\n {4}198\.51\.100\.142 +child +no response \(timeout\)\n/);
  });

  it('colours only when asked', async () => {
    const report = await reportOf('lame.test');
    expect(formatReportText(report, { color: false })).not.toContain('\u001b[');
    const coloured = formatReportText(report, { color: true });
    expect(coloured).toContain('\u001b[33m! warning\u001b[39m');
    expect(coloured).toContain('\u001b[31mlame: REFUSED\u001b[39m');
  });

  it('never passes control characters from DNS data to the terminal', () => {
    expect(clean('evil\u001b[2J.example.\u0007')).toBe('evil\\x1b[2J.example.\\x07');
    expect(clean('bücher.de.')).toBe('bücher.de.');
  });
});

describe('cliExitCode', () => {
  it.each([
    ['healthy.test', 0],
    ['lame.test', 1],
    ['nonexistent.test', 2],
  ])('%s → %i', async (name, code) => {
    expect(cliExitCode(await reportOf(name))).toBe(code);
  });

  it('is 3 when the check stopped at a limit before finding anything', async () => {
    const r = await runCheck('healthy.test', { config, limits: { queries: 2 } });
    if (!r.ok) throw new Error(r.error.message);
    expect(r.report.capture.outcome).toBe('budget-exhausted');
    expect(r.report.summary.counts.error + r.report.summary.counts.warning).toBe(0);
    expect(cliExitCode(r.report)).toBe(3);
  });
});
