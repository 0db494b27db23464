'use client';

import type { ComponentProps } from 'react';
import { EvidenceDetails } from '@/components/report/report-evidence';
import { ReportView } from '@/components/report/report-view';

/**
 * ReportView for a report that is there from the start (/r): its evidence is on the first screen
 * (the worst finding is selected), so its code comes with the page. The live page hands the same
 * EvidenceDetails over once its report arrives (live-report.tsx).
 */
export function StoredReportView(props: Omit<ComponentProps<typeof ReportView>, 'details'>) {
  return <ReportView {...props} details={EvidenceDetails} />;
}
