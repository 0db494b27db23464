import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '@/lib/config';
import { resetRateLimits } from '@/lib/guard/rate-limit';
import { runCheck } from '@/lib/run-check';
import { openStore, setStore } from '@/lib/store/get-store';
import type { ReportStore, StoredReportSummary } from '@/lib/store/report-store';
import { GET } from './route';

const dir = mkdtempSync(join(tmpdir(), 'zonecut-api-domains-'));
let store: ReportStore;
const saved: string[] = [];

beforeAll(async () => {
  let t = Date.UTC(2026, 10, 22, 12);
  store = await openStore({ kind: 'embedded', dir }, { now: () => new Date((t += 1000)) });
  setStore(store);
  const r = await runCheck('healthy.test', { config: loadConfig({}), timeoutMs: 150 });
  if (!r.ok) throw new Error(r.error.message);
  for (let i = 0; i < 5; i++) saved.push((await store.saveReport(r.report)).id);
  saved.reverse(); // newest first
});
afterAll(async () => {
  setStore(null);
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});
beforeEach(() => resetRateLimits());

interface ListBody {
  domain: string;
  reports: (StoredReportSummary & { url: string })[];
  next: string | null;
}

const list = (domain: string, query = '') =>
  GET(new Request(`http://localhost/api/domains/${domain}/reports${query}`), { params: Promise.resolve({ domain }) });

describe('GET /api/domains/<domain>/reports', () => {
  it('lists the reports newest first, without bodies', async () => {
    const response = await list('Healthy.Test.');
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const body = (await response.json()) as ListBody;
    expect(body.domain).toBe('healthy.test.');
    expect(body.reports.map((r) => r.id)).toEqual(saved);
    expect(body.next).toBeNull();
    expect(body.reports[0]).toMatchObject({
      domain: 'healthy.test.',
      status: 'ok',
      badge: { status: 'ok', message: 'ok' },
      url: `http://localhost/r/${saved[0]}`,
    });
    expect(body.reports[0]).not.toHaveProperty('report');
    expect(Date.parse(body.reports[0]!.createdAt)).toBeGreaterThan(Date.parse(body.reports[1]!.createdAt));
  });

  it('pages with limit and before, handing out the next cursor', async () => {
    const first = (await (await list('healthy.test', '?limit=2')).json()) as ListBody;
    expect(first.reports.map((r) => r.id)).toEqual(saved.slice(0, 2));
    expect(first.next).toBe(saved[1]);
    const second = (await (await list('healthy.test', `?limit=2&before=${first.next}`)).json()) as ListBody;
    expect(second.reports.map((r) => r.id)).toEqual(saved.slice(2, 4));
    const third = (await (await list('healthy.test', `?limit=2&before=${second.next}`)).json()) as ListBody;
    expect(third.reports.map((r) => r.id)).toEqual(saved.slice(4));
    expect(third.next).toBeNull();
  });

  it('answers an empty list for a domain never checked', async () => {
    expect(await (await list('never.test')).json()).toEqual({ domain: 'never.test.', reports: [], next: null });
  });

  it.each([
    ['healthy.test', '?limit=0', 'bad-request'],
    ['healthy.test', '?limit=101', 'bad-request'],
    ['healthy.test', '?limit=ten', 'bad-request'],
    ['healthy.test', '?before=nope', 'bad-request'],
    ['exa%20mple.com', '', 'invalid-character'],
    ['192.0.2.1', '', 'ip-address'],
    ['%E0%A4%A', '', 'bad-request'],
  ])('answers 400 for %s%s', async (domain, query, code) => {
    const response = await list(domain, query);
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe(code);
  });
});
