// Scans end to end on the embedded database: POST /api/scans, the in-process queue working the
// 'scan-name' jobs over the lab, then what the API answers — progress, pages, exports, the
// registry's change set — and a job run twice leaves one result.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { POST } from '@/app/api/scans/route';
import { GET as getScan } from '@/app/api/scans/[id]/route';
import { GET as getChanges } from '@/app/api/scans/[id]/changes/route';
import { GET as getExport } from '@/app/api/scans/[id]/export/route';
import { GET as getResults } from '@/app/api/scans/[id]/results/route';
import { GET as getStream } from '@/app/api/scans/[id]/stream/route';
import { ApiError } from '@/lib/api/api-error';
import { parseNdjsonStream } from '@/lib/api/ndjson';
import { getCheckSlots } from '@/lib/guard/check-slots';
import { setJobQueue } from '@/lib/jobs/get-job-queue';
import { registerJobHandlers } from '@/lib/jobs/handlers';
import { createInProcessQueue } from '@/lib/jobs/in-process-queue';
import type { JobQueue } from '@/lib/jobs/job-queue';
import { parseScanNames } from '@/lib/scans/parse-scan-names';
import { runScanNameJob, SCAN_JOB_OPTIONS, startScan as startScanJobs } from '@/lib/scans/scan-job';
import { createScan } from '@/lib/scans/scan-store';
import type { ScanProgress, ScanResult } from '@/lib/scans/scan-store';
import { getDb, getStore, setStore } from '@/lib/store/get-store';
import { withTemporaryStore } from '@/lib/store/with-temporary-store';

withTemporaryStore('scans');
let queue: JobQueue;

beforeAll(async () => {
  queue = await createInProcessQueue(await getDb(), { pollMs: 50, log: () => undefined });
  setJobQueue(queue);
  await registerJobHandlers(queue, { concurrency: 4 });
});

afterAll(async () => {
  await queue.stop(1000);
  setJobQueue(null);
});

const BASE = 'http://localhost:3000';
const ctx = (id: string) => ({ params: Promise.resolve({ id }) });
const get = (path: string) => new Request(`${BASE}${path}`, { headers: { host: 'localhost:3000' } });

async function startScan(body: string, contentType = 'text/plain') {
  return POST(new Request(`${BASE}/api/scans`, { method: 'POST', headers: { 'content-type': contentType, host: 'localhost:3000' }, body }));
}

async function untilFinished(id: string): Promise<ScanProgress> {
  for (let i = 0; i < 600; i++) {
    const p = (await (await getScan(get(`/api/scans/${id}`), ctx(id))).json()) as ScanProgress;
    if (p.finished) return p;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('the scan did not finish');
}

describe('scans on the embedded database', () => {
  let id: string;
  let progress: ScanProgress;

  it('starts: 202, names normalised and de-duplicated, invalid entries kept as errors', async () => {
    const res = await startScan('healthy.test\nHEALTHY.test.\ncds-rollover.test\ncsync-pending.test\nds-mismatch.test\nnot a name\n\n# a comment\n<b>@x</b>\n');
    expect(res.status).toBe(202);
    const body = (await res.json()) as { id: string; total: number; names: number; invalid: number; duplicates: number; links: { page: string } };
    expect(body).toMatchObject({ total: 6, names: 4, invalid: 2, duplicates: 1 });
    expect(res.headers.get('location')).toBe(`${BASE}/scans/${body.id}`);
    id = body.id;
    progress = await untilFinished(id);
  }, 60_000);

  it('counts every name once: per status, per finding code, errors', () => {
    expect(progress).toMatchObject({ total: 6, done: 6, queued: 0, invalid: 2, errors: 2, finished: true });
    expect(progress.byStatus.ok + progress.byStatus.warning + progress.byStatus.error + progress.byStatus.unknown).toBe(4);
    expect(progress.byStatus.error).toBeGreaterThanOrEqual(1); // ds-mismatch.test
    expect(progress.byCode['cds.pending']).toBe(1);
    expect(progress.byCode['csync.pending']).toBe(1);
  });

  it('pages the results in the order given, each done one linking its stored report', async () => {
    const res = await getResults(get(`/api/scans/${id}/results?offset=1&limit=3`), ctx(id));
    const page = (await res.json()) as { results: ScanResult[] };
    expect(page.results.map((r) => r.name)).toEqual(['cds-rollover.test', 'csync-pending.test', 'ds-mismatch.test']);
    expect(page.results.every((r) => r.state === 'done' && /^[A-Za-z0-9_-]{20}$/.test(r.reportId ?? ''))).toBe(true);
    const bad = await getResults(get(`/api/scans/${id}/results?limit=5000`), ctx(id));
    expect(bad.status).toBe(400);
  });

  it('exports CSV with quoted, formula-safe fields and a row per entry', async () => {
    const res = await getExport(get(`/api/scans/${id}/export?format=csv`), ctx(id));
    expect(res.headers.get('content-type')).toContain('text/csv');
    const rows = (await res.text()).trim().split('\r\n');
    expect(rows[0]).toBe('name,state,status,errors,warnings,notices,infos,codes,report,error');
    expect(rows).toHaveLength(7);
    expect(rows.find((r) => r.startsWith('healthy.test,done,ok,'))).toMatch(/,http:\/\/localhost:3000\/r\/[A-Za-z0-9_-]{20},$/);
    expect(rows.some((r) => r.startsWith('<b>@x</b>,invalid,'))).toBe(true);
  });

  it('exports NDJSON and streams every result once, then the end', async () => {
    const nd = await getExport(get(`/api/scans/${id}/export?format=ndjson`), ctx(id));
    const lines = (await nd.text())
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as ScanResult);
    expect(lines.map((l) => l.name).sort()).toEqual(
      ['<b>@x</b>', 'cds-rollover.test', 'csync-pending.test', 'ds-mismatch.test', 'healthy.test', 'not a name'].sort(),
    );
    const stream = await getStream(get(`/api/scans/${id}/stream`), ctx(id));
    const seen: string[] = [];
    let end: unknown = null;
    for await (const v of parseNdjsonStream(stream.body!)) {
      const line = v as { type: string; result?: ScanResult };
      if (line.type === 'result') seen.push(line.result!.name);
      if (line.type === 'end') end = line;
    }
    expect(seen.sort()).toEqual(lines.map((l) => l.name).sort());
    expect(end).toMatchObject({ reason: 'finished' });
  });

  it('gives the parent one change set: the DS of the CDS rollover and the NS of the CSYNC, nothing for the others', async () => {
    const res = await getChanges(get(`/api/scans/${id}/changes`), ctx(id));
    const set = (await res.json()) as {
      finished: boolean;
      children: { name: string; ds?: { action: string; add: string[]; remove: string[] }; delegation?: { action: string; add: string[]; remove: string[] } }[];
    };
    expect(set.finished).toBe(true);
    expect(set.children.map((c) => c.name).sort()).toEqual(['cds-rollover.test', 'csync-pending.test']);
    const cds = set.children.find((c) => c.name === 'cds-rollover.test')!;
    expect(cds.ds?.action).toBe('replace');
    expect(cds.ds?.add.length).toBeGreaterThan(0);
    expect(cds.ds?.remove.length).toBeGreaterThan(0);
    const csync = set.children.find((c) => c.name === 'csync-pending.test')!;
    expect(csync.delegation?.action).toBe('update');
    expect(csync.delegation?.add.join(' ')).toContain('ns3.csync-pending.test');
    expect(csync.delegation?.remove.join(' ')).toContain('ns2.csync-pending.test');
  });

  it('a job run again after its result was written changes nothing', async () => {
    const before = await (await getResults(get(`/api/scans/${id}/results`), ctx(id))).json();
    await runScanNameJob({ id: 'again', name: 'scan-name', retryCount: 1, data: { scanId: id, name: 'healthy.test', position: 0 } });
    const after = await (await getResults(get(`/api/scans/${id}/results`), ctx(id))).json();
    expect(after).toEqual(before);
  });

  it('a name whose check keeps failing is retried, and its last try records the error: the scan still finishes', async () => {
    const db = await getDb();
    const parsed = parseScanNames('healthy.test\n', 'text/plain');
    if (!parsed.ok) throw new Error(parsed.message);
    const scan = await createScan(db, parsed.value); // no jobs queued: this test runs the job itself
    const real = await getStore();
    setStore({ ...real, saveReport: () => Promise.reject(new Error('disk full')) });
    const job = (retryCount: number) => ({
      id: 'failing',
      name: 'scan-name' as const,
      retryCount,
      data: { scanId: scan.id, name: 'healthy.test', position: 0 },
    });
    try {
      await expect(runScanNameJob(job(0))).rejects.toThrow(/disk full/);
      expect((await (await getScan(get(`/api/scans/${scan.id}`), ctx(scan.id))).json()) as ScanProgress).toMatchObject({ queued: 1, finished: false });
      await runScanNameJob(job(SCAN_JOB_OPTIONS.retryLimit!));
    } finally {
      setStore(real);
    }
    const progress = (await (await getScan(get(`/api/scans/${scan.id}`), ctx(scan.id))).json()) as ScanProgress;
    expect(progress).toMatchObject({ queued: 0, errors: 1, finished: true });
    const [row] = (await (await getResults(get(`/api/scans/${scan.id}/results`), ctx(scan.id))).json()).results as ScanResult[];
    expect(row?.error).toMatch(/the check failed 4 times \(disk full\)/);
  });

  it('a scan takes none of the slots kept for checks people wait on: it finishes while they are all taken', async () => {
    const slots = getCheckSlots();
    const held: (() => void)[] = [];
    for (let take = slots.tryTake(); take; take = slots.tryTake()) held.push(take);
    try {
      expect(held.length).toBe(slots.max);
      const res = await startScan('glue-missing.test\n');
      expect(res.status).toBe(202);
      const done = await untilFinished(((await res.json()) as { id: string }).id);
      expect(done).toMatchObject({ done: 1, errors: 0 });
    } finally {
      for (const release of held) release();
    }
  }, 60_000);

  it('refuses a scan whose names would pass the names waiting in all scans, starting nothing', async () => {
    const db = await getDb();
    const scans = async () => Number((await db.query('SELECT COUNT(*) AS n FROM scans'))[0]?.n);
    const before = await scans();
    const parsed = parseScanNames('healthy.test\nglue-missing.test\nlame.test\n', 'text/plain');
    if (!parsed.ok) throw new Error(parsed.message);
    const refusal = await startScanJobs(queue, parsed.value, 2).catch((err: unknown) => err);
    expect(refusal).toBeInstanceOf(ApiError);
    expect(refusal).toMatchObject({ code: 'busy', status: 503 });
    expect((refusal as Error).message).toMatch(/this one adds 3: at most 2 may wait \(ZONECUT_MAX_QUEUED_SCAN_NAMES\)/);
    expect(await scans()).toBe(before);
  });

  it('refuses bad lists with a clear message, starting nothing', async () => {
    for (const [body, type, message] of [
      ['', 'text/plain', /no names/],
      ['[1, 2]', 'application/json', /must be a string/],
      ['{"names": "x"}', 'application/json', /array of names/],
      ['[oops', 'application/json', /not valid JSON/],
      [Array.from({ length: 100_001 }, (_, i) => `n${i}.test`).join('\n'), 'text/plain', /at most 100,000/],
    ] as const) {
      const res = await startScan(body, type);
      expect(res.status).toBe(400);
      expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(message);
    }
    const huge = await startScan('a'.repeat(10 * 1024 * 1024 + 1));
    expect(huge.status).toBe(400);
    const unknown = await getScan(get('/api/scans/AAAAAAAAAAAAAAAAAAAA'), ctx('AAAAAAAAAAAAAAAAAAAA'));
    expect(unknown.status).toBe(404);
  });
});
