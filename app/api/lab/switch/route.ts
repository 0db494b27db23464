// POST /api/lab/switch — test-only: change a lab scenario while the app runs, e.g.
// `{"scenario":"csync-pending","state":"applied"}` makes the `test.` zone follow
// csync-pending.test's CSYNC (its delegation becomes the child's NS set); `"original"` undoes it.
// 404 unless ZONECUT_LAB_SWITCHES=on (and the lab is on). The lab is rebuilt and the lab walk
// cache dropped, so the next check sees the new delegation.
import { z } from 'zod';
import { ApiError, errorResponse } from '@/lib/api/api-error';
import { getConfig } from '@/lib/config';
import { getLab } from '@/lib/lab/get-lab';
import { LAB_SWITCHES, labSwitchState, setLabSwitch } from '@/lib/lab/lab-switches';
import { resetLabWiring } from '@/lib/run-check';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

const bodySchema = z.object({
  scenario: z.enum(Object.keys(LAB_SWITCHES) as [keyof typeof LAB_SWITCHES]),
  state: z.enum(['original', 'applied']),
});

export async function POST(request: Request): Promise<Response> {
  try {
    const config = getConfig();
    if (!config.lab || !config.labSwitches) throw new ApiError('not-found', 'Lab switches are off (ZONECUT_LAB_SWITCHES)');
    const parsed = bodySchema.safeParse(await request.json().catch(() => null));
    if (!parsed.success) throw new ApiError('bad-request', 'Expected {"scenario":"csync-pending","state":"original"|"applied"}');
    const { scenario, state } = parsed.data;
    if (setLabSwitch(scenario, state)) {
      resetLabWiring();
      getLab(); // rebuild now, not in the next check
    }
    return Response.json({ scenario, state: labSwitchState(scenario) }, { headers: { 'cache-control': 'no-store' } });
  } catch (err) {
    return errorResponse(err);
  }
}
