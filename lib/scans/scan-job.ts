// A scan's jobs: one 'scan-name' job per name. The job runs the check as the API does
// (runStoredCheck: the same storage limits, a slot of ZONECUT_MAX_CONCURRENT_CHECKS, the
// per-server query rate ZONECUT_SERVER_QPS — shared by every process through REDIS_URL), stores
// the report, and upserts the name's result. A job run twice (its worker died after the result
// was written) finds the result there and does nothing.
import 'server-only';
import { setTimeout as sleep } from 'node:timers/promises';
import { getCheckSlots, takeCheckSlot } from '@/lib/guard/check-slots';
import type { Job, JobQueue, SendOptions } from '@/lib/jobs/job-queue';
import { runStoredCheck } from '@/lib/run-stored-check';
import { childChanges } from '@/lib/scans/change-set';
import type { ParsedScanNames } from '@/lib/scans/parse-scan-names';
import { createScan, recordResult, resultState } from '@/lib/scans/scan-store';
import { getDb } from '@/lib/store/get-store';

export interface ScanNameJob {
  scanId: string;
  name: string;
  position: number;
}

/** A check slot is waited for this long at most; then the job is retried later. */
const SLOT_WAIT_MS = 15_000;

/**
 * A check stops at its 20 s walk budget; with the wait for a slot and the store, a job still active
 * after this long lost its worker and is run again elsewhere.
 */
export const SCAN_JOB_OPTIONS: SendOptions = { retryLimit: 3, retryDelaySeconds: 5, retryBackoff: true, expireInSeconds: 45 };

/** Creates the scan and queues its names; resolves to the scan's id. */
export async function startScan(queue: JobQueue, parsed: ParsedScanNames): Promise<string> {
  const db = await getDb();
  const scan = await createScan(db, parsed);
  await queue.sendMany<ScanNameJob>(
    'scan-name',
    scan.names.map(({ name, position }) => ({ data: { scanId: scan.id, name, position }, options: SCAN_JOB_OPTIONS })),
  );
  return scan.id;
}

async function waitForSlot(): Promise<() => void> {
  const deadline = Date.now() + SLOT_WAIT_MS;
  for (;;) {
    const release = await takeCheckSlot(getCheckSlots());
    if (release) return release;
    if (Date.now() > deadline) throw new Error('no check slot free (ZONECUT_MAX_CONCURRENT_CHECKS): will try again');
    await sleep(250);
  }
}

export async function runScanNameJob(job: Job<ScanNameJob>): Promise<void> {
  const { scanId, name, position } = job.data;
  const db = await getDb();
  const state = await resultState(db, scanId, name);
  if (state === null || state === 'done' || state === 'error') return; // scan gone, or done before
  const release = await waitForSlot();
  let result;
  try {
    result = await runStoredCheck(name);
  } finally {
    release();
  }
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
