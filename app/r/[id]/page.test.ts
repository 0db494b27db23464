// A report stored by an older catalogue: the permalink re-analyses its capture with today's, shows
// both readings when they differ, and leaves the stored row as it was.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Children, isValidElement, type ReactElement, type ReactNode } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { CatalogueNotice } from '@/components/report/catalogue-notice';
import { StoredReportView } from '@/components/report/stored-report-view';
import { CATALOGUE_VERSION } from '@/lib/checks/catalogue';
import type { Report } from '@/lib/report/report';
import { runCheck } from '@/lib/run-check';
import { openStore, setStore } from '@/lib/store/get-store';
import type { ReportStore } from '@/lib/store/report-store';

vi.mock('next/headers', () => ({ headers: async () => new Headers({ host: 'zonecut.example' }) }));

const dir = mkdtempSync(join(tmpdir(), 'zonecut-page-'));
let store: ReportStore;
let current: Report;
let oldId = '';
let currentId = '';
beforeAll(async () => {
  store = await openStore({ kind: 'embedded', dir });
  setStore(store);
  const result = await runCheck('lame.test');
  if (!result.ok) throw new Error(result.error.message);
  current = result.report;
  // As the first catalogue would have stored it, had it not known ns.lame.
  const old: Report = { ...current, catalogueVersion: 1, findings: current.findings.filter((f) => f.code !== 'ns.lame') };
  oldId = (await store.saveReport(old)).id;
  currentId = (await store.saveReport(current)).id;
});
afterAll(async () => {
  setStore(null);
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Every element of a type in a rendered server tree (without rendering client components). */
function find<P>(node: ReactNode, type: unknown): ReactElement<P>[] {
  if (!isValidElement(node)) return Array.isArray(node) ? node.flatMap((n: ReactNode) => find<P>(n, type)) : [];
  const own = node.type === type ? [node as ReactElement<P>] : [];
  const props = node.props as { children?: ReactNode };
  return [...own, ...Children.toArray(props.children).flatMap((n) => find<P>(n, type))];
}

async function page(id: string, search: Record<string, string> = {}) {
  const { default: PermalinkPage } = await import('./page');
  return PermalinkPage({ params: Promise.resolve({ id }), searchParams: Promise.resolve(search) });
}

describe('/r/<id> and the catalogue version', () => {
  it("shows a report of an older catalogue as checked, with a notice linking today's reading", async () => {
    expect(current.findings.map((f) => f.code)).toContain('ns.lame');
    const tree = await page(oldId);
    const [view] = find<{ report: Report }>(tree, StoredReportView);
    expect(view?.props.report.findings.map((f) => f.code)).not.toContain('ns.lame');
    const [notice] = find<Parameters<typeof CatalogueNotice>[0]>(tree, CatalogueNotice);
    expect(notice?.props.showing).toBe('as-checked');
    expect(notice?.props.today.diff.codes).toEqual(['ns.lame']);
    const html = renderToStaticMarkup(CatalogueNotice(notice!.props));
    expect(html).toContain(`As checked (catalogue v1)`);
    expect(html).toContain(`With today&#x27;s checks (v${CATALOGUE_VERSION})`);
    expect(html).toContain(`href="/r/${oldId}?checks=today"`);
    expect(html).toMatch(/aria-current="page"[^>]*>As checked/);
  });

  it('?checks=today shows the capture re-analysed, and the stored row stays as it was', async () => {
    const tree = await page(oldId, { checks: 'today' });
    const [view] = find<{ report: Report }>(tree, StoredReportView);
    expect(view?.props.report.findings).toEqual(current.findings);
    expect(find<{ showing: string }>(tree, CatalogueNotice)[0]?.props.showing).toBe('today');
    const again = await store.getReport(oldId);
    expect(again?.report.findings.map((f) => f.code)).not.toContain('ns.lame');
    expect(again?.catalogueVersion).toBe(1);
    expect(again?.report.catalogueVersion).toBe(1);
  });

  it("shows a report of today's catalogue alone, whatever the query asks", async () => {
    const tree = await page(currentId, { checks: 'today' });
    expect(find(tree, CatalogueNotice)).toEqual([]);
    expect(find<{ report: Report }>(tree, StoredReportView)[0]?.props.report.findings).toEqual(current.findings);
  });
});
