// GET /api/check — full report for one domain
// `?domain=…` as a person would type it. 200 with the Report JSON, also when the check stopped at
// its budget or could not reach a server (the report says so: capture.outcome); 400 with
// `{ error: { code, message } }` when the input is not a domain name or is missing.
import { ApiError, errorResponse } from '@/lib/api/api-error';
import { parseCheckQuery } from '@/lib/api/parse-check-query';
import { runCheck } from '@/lib/run-check';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export async function GET(request: Request): Promise<Response> {
  try {
    const { domain } = parseCheckQuery(new URL(request.url));
    // A client that hangs up stops the walk: nothing more is sent on its behalf.
    const result = await runCheck(domain, { signal: request.signal });
    if (!result.ok) throw new ApiError(result.error.code, result.error.message);
    return Response.json(result.report, { headers: { 'cache-control': 'no-store' } });
  } catch (err) {
    return errorResponse(err);
  }
}
