// Server components' access to stored reports, memoized per request (generateMetadata and the page
// both ask for the same report; React's cache() makes that one read).
import 'server-only';
import { cache } from 'react';
import { withZoneFacts } from '@/lib/report/build-report';
import { getStore } from '@/lib/store/get-store';
import { isReportId } from '@/lib/store/report-id';
import type { StoredReport } from '@/lib/store/report-store';

export const loadReport = cache(async (id: string): Promise<StoredReport | null> => {
  if (!isReportId(id)) return null;
  const stored = await (await getStore()).getReport(id);
  return stored && { ...stored, report: withZoneFacts(stored.report) };
});
