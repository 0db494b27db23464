// What the scan routes share: reading a bounded body, the scan's URLs, the scan by id or 404.
import 'server-only';
import { ApiError } from '@/lib/api/api-error';
import { readBodyText } from '@/lib/api/read-json-body';
import { takeRateLimitToken } from '@/lib/guard/rate-limit';
import { MAX_SCAN_BODY_BYTES } from '@/lib/scans/scan-limits';
import { getScanProgress, type ScanProgress } from '@/lib/scans/scan-store';
import { getDb } from '@/lib/store/get-store';
import { publicOrigin } from '@/lib/store/report-url';

/** The body as text, read no further than MAX_SCAN_BODY_BYTES. */
export function readBoundedText(request: Request, max = MAX_SCAN_BODY_BYTES): Promise<string> {
  return readBodyText(request, max, `The body is larger than ${max / 1024 / 1024} MiB: split the list into several scans`);
}

export interface ScanLinks {
  page: string;
  api: string;
  results: string;
  stream: string;
  csv: string;
  ndjson: string;
  changes: string;
}

export function scanLinks(request: Request, id: string): ScanLinks {
  const origin = publicOrigin(request);
  const api = `${origin}/api/scans/${encodeURIComponent(id)}`;
  return {
    page: `${origin}/scans/${encodeURIComponent(id)}`,
    api,
    results: `${api}/results`,
    stream: `${api}/stream`,
    csv: `${api}/export?format=csv`,
    ndjson: `${api}/export?format=ndjson`,
    changes: `${api}/changes`,
  };
}

/** The scan's progress after a `read` token, or the ApiError to answer (404 for an unknown id). */
export async function readScan(request: Request, id: string): Promise<ScanProgress> {
  const limited = await takeRateLimitToken(request, 'read');
  if (!limited.ok) throw new ApiError('rate-limited', 'Too many requests: slow down', limited);
  const progress = await getScanProgress(await getDb(), id);
  if (!progress) throw new ApiError('not-found', 'No scan has this id');
  return progress;
}
