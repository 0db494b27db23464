import type { FindingTexts } from '@/lib/checks/catalogue';
import type { Report } from '@/lib/report/report';
import { compareCuts } from '@/lib/report/view/ns-compare';
import { treeFromReport } from '@/lib/report/view/tree';
import { DnssecSection } from '@/components/report/dnssec-section';
import { FindingsSection } from '@/components/report/findings-section';
import { NsCompareSection } from '@/components/report/ns-compare-section';
import { ReportSection } from '@/components/report/report-section';
import { ServerFiguresTable } from '@/components/report/server-figures-table';

/**
 * The parts of a report page below the tree and the diagram, once there is a report: NS sets side
 * by side, DNSSEC, the findings and the servers. Not client components: /r renders them on the
 * server, and the live page loads them when its report arrives; their buttons reach the page's
 * selection through ReportActionsContext.
 */
export function ReportPanels({ domain, report, texts }: { domain: string; report: Report; texts: FindingTexts }) {
  return (
    <>
      <ReportSection
        id="ns-sets"
        title="Parent and child, side by side"
        description="For each zone cut: the NS set and glue in the parent next to the NS set and addresses the zone itself serves."
      >
        <NsCompareSection comparisons={compareCuts(report.capture)} />
      </ReportSection>
      <ReportSection
        id="dnssec"
        title="DNSSEC and signalling"
        description={`The chain of trust from the root, then DS and DNSKEY, CDS/CDNSKEY and CSYNC of ${report.capture.targetZone ?? `${domain}.`}`}
      >
        <DnssecSection report={report} texts={texts} />
      </ReportSection>
      <ReportSection id="findings" title={`Findings (${report.findings.length})`}>
        <FindingsSection report={report} tree={treeFromReport(report)} />
      </ReportSection>
      <ReportSection
        id="servers"
        title="Servers"
        description="Every address asked, slowest first: queries, answers, round trips and transports — where the time went."
      >
        <ServerFiguresTable report={report} />
      </ReportSection>
    </>
  );
}
