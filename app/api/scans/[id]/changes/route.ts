// GET /api/scans/<id>/changes — the registry's view: one JSON change set of what processing each
// child's CDS/CDNSKEY and CSYNC now would change at the parent, from the checks' own verdicts
// (lib/scans/change-set.ts): {scan, finished, children: [{name, report, ds?, delegation?}]}.
// `ds`: replace (add/remove DS), delete, bootstrap (install), or blocked (reason); `delegation`:
// update (add/remove NS and glue at `parent`) or blocked (reasons). Children with nothing to change
// are left out.
import { errorResponse } from '@/lib/api/api-error';
import { textStream } from '@/lib/scans/scan-export';
import { readScan } from '@/lib/scans/scan-http';
import { scanResultsWithChanges } from '@/lib/scans/scan-store';
import { getDb } from '@/lib/store/get-store';
import { reportUrl } from '@/lib/store/report-url';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export async function GET(request: Request, context: { params: Promise<{ id: string }> }): Promise<Response> {
  try {
    const { id } = await context.params;
    const progress = await readScan(request, id);
    const db = await getDb();
    async function* json(): AsyncGenerator<string> {
      yield `{"scan":${JSON.stringify(id)},"finished":${progress.finished},"children":[`;
      let first = true;
      for await (const r of scanResultsWithChanges(db, id)) {
        const child = { name: r.name, report: r.reportId ? reportUrl(request, r.reportId) : null, ...r.changes };
        yield `${first ? '' : ','}\n${JSON.stringify(child)}`;
        first = false;
      }
      yield '\n]}\n';
    }
    return new Response(textStream(json()), { headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' } });
  } catch (err) {
    return errorResponse(err);
  }
}
