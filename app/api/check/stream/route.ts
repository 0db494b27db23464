// GET /api/check/stream — progress of one check as NDJSON, then its report
// One JSON object per line (lib/api/check-stream.ts): every WalkEvent as it happens (answers to
// apex questions with the checks' verdict on them, lib/checks/live-answer.ts), then
// `{"type":"report","report":…,"texts":…,"summary":…,"id":…,"url":"/r/…"}` (texts: the catalogue's words for its findings, summary: the verdict at its top (lib/report/report-words.ts); the report is stored when the walk
// completes; `id`/`url` are left out when it could not be), or `{"type":"error",…}` if the check broke on our side. Bad or
// missing input is a plain 400 JSON error, not a stream, and so are 429 (the client's rate of
// checks) and 503 (this instance runs as many checks as it may), with Retry-After: the page shows
// their message. A client that disconnects aborts the walk.
import { errorResponse } from '@/lib/api/api-error';
import { admitCheck } from '@/lib/api/check-admission';
import { checkStreamResponse } from '@/lib/api/check-stream';
import { parseCheckQuery } from '@/lib/api/parse-check-query';
import { reportWords } from '@/lib/report/report-words';
import { runCheckKeepingReport } from '@/lib/run-stored-check';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export async function GET(request: Request): Promise<Response> {
  try {
    const { domain } = parseCheckQuery(new URL(request.url));
    const release = await admitCheck(request);
    try {
      // The stream starts the check at once; the slot is held until it ends (stored or abandoned).
      return checkStreamResponse((input, options) => runCheckKeepingReport(input, options).finally(release), reportWords, domain, request.signal);
    } catch (err) {
      release();
      throw err;
    }
  } catch (err) {
    return errorResponse(err);
  }
}
