// The unfurl tags of a permalink with a hostile name: generateMetadata passes the name through as
// text, and rendered as the head's <meta> elements (React attribute values, as Next renders them)
// it stays text — no element, no broken attribute.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Report } from '@/lib/report/report';
import { runCheck } from '@/lib/run-check';
import { openStore, setStore } from '@/lib/store/get-store';
import type { ReportStore } from '@/lib/store/report-store';

vi.mock('next/headers', () => ({ headers: async () => new Headers({ host: 'zonecut.example' }) }));

const HOSTILE = 'x"><script>window.__pwned=1</script>.test.';
const dir = mkdtempSync(join(tmpdir(), 'zonecut-meta-'));
let store: ReportStore;
let id = '';
beforeAll(async () => {
  store = await openStore({ kind: 'embedded', dir });
  setStore(store);
  const result = await runCheck('lame.test');
  if (!result.ok) throw new Error(result.error.message);
  const report: Report = { ...result.report, domain: HOSTILE };
  id = (await store.saveReport(report)).id;
});
afterAll(async () => {
  setStore(null);
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('/r/<id> metadata', () => {
  it('titles and describes the report, and a hostile name stays text in the head', async () => {
    const { generateMetadata } = await import('./page');
    const meta = await generateMetadata({ params: Promise.resolve({ id }) });
    const title = 'x"><script>window.__pwned=1</script>.test: 1 warning';
    expect(meta.title).toBe(title);
    expect(meta.openGraph).toMatchObject({ title, url: `http://zonecut.example/r/${id}` });
    expect(meta.twitter).toMatchObject({ title, card: 'summary' });
    const html = renderToStaticMarkup(
      createElement('head', null, [
        createElement('meta', { key: 't', property: 'og:title', content: String(meta.title) }),
        createElement('meta', { key: 'd', property: 'og:description', content: String(meta.description) }),
      ]),
    );
    expect(html).not.toContain('<script>');
    expect(html).toContain('content="x&quot;&gt;&lt;script&gt;window.__pwned=1&lt;/script&gt;.test: 1 warning"');
  });

  it('an unknown id has no report metadata', async () => {
    const { generateMetadata } = await import('./page');
    expect((await generateMetadata({ params: Promise.resolve({ id: 'AAAAAAAAAAAAAAAAAAAA' }) })).title).toBe('Report not found');
  });
});
