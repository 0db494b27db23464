// POST /api/watches/manage/<token>/run — run the watch now → 202 `{queued: true}`, or
// `{queued: false}` when a run of it is already queued or running (one at a time). Costs the
// client a check (429 past its rate).
import { ApiError, errorResponse } from '@/lib/api/api-error';
import { takeRateLimitToken } from '@/lib/guard/rate-limit';
import { getJobQueue } from '@/lib/jobs/get-job-queue';
import { getWatchStore } from '@/lib/watch/get-watch-store';
import { runWatchNow } from '@/lib/watch/manage-watch';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export async function POST(request: Request, { params }: { params: Promise<{ token: string }> }): Promise<Response> {
  try {
    const limited = await takeRateLimitToken(request, 'check');
    if (!limited.ok) throw new ApiError('rate-limited', `Too many checks from your address: try again in ${limited.retryAfterSeconds} s`, limited);
    const queued = await runWatchNow((await params).token, await getWatchStore(), await getJobQueue());
    return Response.json({ queued }, { status: 202, headers: { 'cache-control': 'no-store' } });
  } catch (err) {
    return errorResponse(err);
  }
}
