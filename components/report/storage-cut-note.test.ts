import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { ReportSummary } from '@/components/report/report-summary';
import { loadConfig } from '@/lib/config';
import { boundReport, storageCutLine } from '@/lib/report/bound-report';
import { treeFromReport } from '@/lib/report/view/tree';
import { runCheck } from '@/lib/run-check';

describe('the page line of a cut report', () => {
  it('is shown above the summary when the report was cut, and not otherwise', async () => {
    const r = await runCheck('lame.test', { config: loadConfig({}) });
    if (!r.ok) throw new Error('lab check failed');
    const render = (report: typeof r.report) => renderToStaticMarkup(createElement(ReportSummary, { report, summary: null, tree: treeFromReport(report) }));
    const cut = boundReport(r.report, { observations: 10, answerBytes: 1024 });
    const line = storageCutLine(cut.storageCut);
    expect(line).toMatch(/^This report is larger than zonecut keeps: /);
    expect(render(cut)).toContain(`data-testid="storage-cut"`);
    expect(render(cut)).toContain(line);
    expect(render(r.report)).not.toContain('storage-cut');
  });
});
