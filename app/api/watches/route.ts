// POST /api/watches — watch a domain: `{"domain": "example.com", "intervalMinutes": 60,
// "webhookUrl": "https://…"}` (interval 5–10080 minutes, default 60; webhook optional) → 201
// `{watch, manage, manageUrl, secret}`. `manage` is the management link (it holds the token: keep
// it; it is not shown again), `secret` the webhook signing secret (once; null without a webhook).
// The first run (the baseline) is queued at once. 400 on bad input (a webhook address the policy
// refuses included), 429 past the per-client rate of checks, 503 when the instance runs as many
// watches as it may.
import { ApiError, errorResponse } from '@/lib/api/api-error';
import { readJsonBody } from '@/lib/api/read-json-body';
import { takeRateLimitToken } from '@/lib/guard/rate-limit';
import { getJobQueue } from '@/lib/jobs/get-job-queue';
import { publicOrigin } from '@/lib/store/report-url';
import { getWatchStore } from '@/lib/watch/get-watch-store';
import { createWatch } from '@/lib/watch/manage-watch';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

const MAX_BODY = 8192;

export async function POST(request: Request): Promise<Response> {
  try {
    const body = await readJsonBody(request, MAX_BODY, '{"domain": "example.com", "intervalMinutes": 60}');
    // A watch runs a check at once and then on its schedule: it costs the client a check.
    const limited = await takeRateLimitToken(request, 'check');
    if (!limited.ok) throw new ApiError('rate-limited', `Too many checks from your address: try again in ${limited.retryAfterSeconds} s`, limited);
    const origin = publicOrigin(request);
    const created = await createWatch(body, origin, await getWatchStore(), await getJobQueue());
    const manageUrl = `${origin}${created.manage}`;
    return Response.json({ ...created, manageUrl }, { status: 201, headers: { location: manageUrl, 'cache-control': 'no-store' } });
  } catch (err) {
    return errorResponse(err);
  }
}
