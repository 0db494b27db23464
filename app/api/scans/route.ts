// POST /api/scans — start a scan: the body is a JSON array of names (or {"names": [...]}) or plain
// text, one name per line; at most 100,000 names and 10 MiB. Names are normalised and
// de-duplicated; an entry that is not a domain name becomes that entry's error in the results.
// 202 {id, total, names, invalid, duplicates, links} with Location: the scan's page. The names are
// checked by 'scan-name' jobs (lib/scans/scan-job.ts), in this process or `npm run worker`s.
import { ApiError, errorResponse } from '@/lib/api/api-error';
import { takeRateLimitToken } from '@/lib/guard/rate-limit';
import { getJobQueue } from '@/lib/jobs/get-job-queue';
import { parseScanNames } from '@/lib/scans/parse-scan-names';
import { startScan } from '@/lib/scans/scan-job';
import { readBoundedText, scanLinks } from '@/lib/scans/scan-http';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export async function POST(request: Request): Promise<Response> {
  try {
    // The token first: a client past its rate costs no 10 MiB read and no 100,000 name parses.
    const limited = await takeRateLimitToken(request, 'check');
    if (!limited.ok) throw new ApiError('rate-limited', `Too many checks from your address: try again in ${limited.retryAfterSeconds} s`, limited);
    const parsed = parseScanNames(await readBoundedText(request), request.headers.get('content-type') ?? '');
    if (!parsed.ok) throw new ApiError('bad-request', parsed.message);
    const id = await startScan(await getJobQueue(), parsed.value);
    const links = scanLinks(request, id);
    const { names, invalid, duplicates } = parsed.value;
    return Response.json(
      { id, total: names.length + invalid.length, names: names.length, invalid: invalid.length, duplicates, links },
      { status: 202, headers: { location: links.page, 'cache-control': 'no-store' } },
    );
  } catch (err) {
    return errorResponse(err);
  }
}
