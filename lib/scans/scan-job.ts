// A scan's jobs: one 'scan-name' job per name. The job runs the check as the API does
// (runStoredCheck: the same storage limits and per-server query rate ZONECUT_SERVER_QPS — shared
// by every process through REDIS_URL), stores the report, and upserts the name's result. A job run
// twice (its worker died after the result was written) finds the result there and does nothing.
// It takes no slot of ZONECUT_MAX_CONCURRENT_CHECKS: those are for people waiting on a page, and a
// registry's 100,000-name scan must not answer them 503 busy. The job concurrency
// (ZONECUT_JOB_CONCURRENCY per process) bounds the scan's checks instead.
import 'server-only';
import { ApiError } from '@/lib/api/api-error';
import { getConfig } from '@/lib/config';
import type { Job, JobQueue, SendOptions } from '@/lib/jobs/job-queue';
import { runStoredCheck } from '@/lib/run-stored-check';
import { childChanges } from '@/lib/scans/change-set';
import type { ParsedScanNames } from '@/lib/scans/parse-scan-names';
import { createScan, queuedScanNames, recordResult, resultState } from '@/lib/scans/scan-store';
import { getDb } from '@/lib/store/get-store';
import type { SqlDb } from '@/lib/store/sql-db';

export interface ScanNameJob {
  scanId: string;
  name: string;
  position: number;
}

/**
 * A check stops at its 20 s walk budget; with the store, a job still active
 * after this long lost its worker and is run again elsewhere.
 */
export const SCAN_JOB_OPTIONS: SendOptions = { retryLimit: 3, retryDelaySeconds: 5, retryBackoff: true, expireInSeconds: 45 };

/**
 * Creates the scan and queues its names; resolves to the scan's id. A 503 `busy` when its names
 * would take the names waiting in all scans past `maxQueued` (ZONECUT_MAX_QUEUED_SCAN_NAMES).
 */
export async function startScan(queue: JobQueue, parsed: ParsedScanNames, maxQueued = getConfig().maxQueuedScanNames): Promise<string> {
  const db = await getDb();
  const waiting = await queuedScanNames(db);
  if (waiting + parsed.names.length > maxQueued) {
    throw new ApiError(
      'busy',
      `${waiting} names are waiting in scans already, and this one adds ${parsed.names.length}: at most ${maxQueued} may wait (ZONECUT_MAX_QUEUED_SCAN_NAMES). Try again when they are done, or split the list.`,
      { retryAfterSeconds: 300 },
    );
  }
  const scan = await createScan(db, parsed);
  await queue.sendMany<ScanNameJob>(
    'scan-name',
    scan.names.map(({ name, position }) => ({ data: { scanId: scan.id, name, position }, options: SCAN_JOB_OPTIONS })),
  );
  return scan.id;
}

export async function runScanNameJob(job: Job<ScanNameJob>): Promise<void> {
  const { scanId, name, position } = job.data;
  const db = await getDb();
  const state = await resultState(db, scanId, name);
  if (state === null || state === 'done' || state === 'error') return; // scan gone, or done before
  try {
    await checkAndRecord(db, job.data);
  } catch (err) {
    // Tries left: the queue runs it again. The last one failing is the name's error, or the name
    // would stay queued for ever: the scan never finished, its place in the queue's cap never freed.
    if (job.retryCount < (SCAN_JOB_OPTIONS.retryLimit ?? 0)) throw err;
    const message = err instanceof Error ? err.message : String(err);
    await recordResult(db, scanId, name, position, {
      state: 'error',
      error: `internal: the check failed ${job.retryCount + 1} times (${message.slice(0, 200)})`,
    });
  }
}

async function checkAndRecord(db: SqlDb, { scanId, name, position }: ScanNameJob): Promise<void> {
  const result = await runStoredCheck(name);
  if (!result.ok) {
    await recordResult(db, scanId, name, position, { state: 'error', error: `${result.error.code}: ${result.error.message}` });
    return;
  }
  if (!result.stored) throw new Error('the check was not stored');
  const { report } = result;
  await recordResult(db, scanId, name, position, {
    state: 'done',
    status: report.summary.status,
    reportId: result.stored.id,
    counts: result.stored.counts,
    codes: report.findings.map((f) => f.code),
    changes: childChanges(report),
  });
}
