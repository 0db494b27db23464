// GET /api/check — full report for one domain
// `?domain=…` as a person would type it. 200 with the Report JSON, also when the check stopped at
// its budget or could not reach a server (the report says so: capture.outcome); 400 with
// `{ error: { code, message } }` when the input is not a domain name or is missing. A completed check
// is stored: `X-Zonecut-Report: <id>` and `Location: <origin>/r/<id>`. 429 past the client's rate
// of checks, 503 when this instance runs as many checks as it may (both with Retry-After).
import { ApiError, errorResponse } from '@/lib/api/api-error';
import { admitCheck } from '@/lib/api/check-admission';
import { parseCheckQuery } from '@/lib/api/parse-check-query';
import { runCheckKeepingReport } from '@/lib/run-stored-check';
import { reportUrl } from '@/lib/store/report-url';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export async function GET(request: Request): Promise<Response> {
  try {
    const { domain } = parseCheckQuery(new URL(request.url));
    const release = await admitCheck(request);
    // A client that hangs up stops the walk: nothing more is sent on its behalf.
    const result = await runCheckKeepingReport(domain, { signal: request.signal }).finally(release);
    if (!result.ok) throw new ApiError(result.error.code, result.error.message);
    // The completed check is stored; its id and permalink ride in headers, the body stays a Report.
    const headers: Record<string, string> = { 'cache-control': 'no-store' };
    if (result.stored) {
      headers['x-zonecut-report'] = result.stored.id;
      headers.location = reportUrl(request, result.stored.id);
    }
    return Response.json(result.report, { headers });
  } catch (err) {
    return errorResponse(err);
  }
}
