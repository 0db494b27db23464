// GET /api/scans/<id> — a scan's progress: {id, createdAt, total, done, queued, errors, invalid,
// duplicates, byStatus, byCode, finished, links}. 404 for an unknown id.
import { errorResponse } from '@/lib/api/api-error';
import { readScan, scanLinks } from '@/lib/scans/scan-http';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export async function GET(request: Request, context: { params: Promise<{ id: string }> }): Promise<Response> {
  try {
    const { id } = await context.params;
    const progress = await readScan(request, id);
    return Response.json({ ...progress, links: scanLinks(request, id) }, { headers: { 'cache-control': 'no-store' } });
  } catch (err) {
    return errorResponse(err);
  }
}
