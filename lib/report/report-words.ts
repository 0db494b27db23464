// What the pages are sent with a report: the catalogue's words for its findings and the summary
// decided here (summaryView). Server side: the catalogue's prose and the summary's rules stay off
// the pages, which only show what they are given (/r renders it, the stream's report line carries it).
import { findingTexts, type FindingTexts } from '@/lib/checks/catalogue';
import type { Report } from '@/lib/report/report';
import { summaryView, type SummaryView } from '@/lib/report/view/summary';

export function reportWords(report: Report): { texts: FindingTexts; summary: SummaryView } {
  const texts = findingTexts(report.findings);
  return { texts, summary: summaryView(report, texts) };
}
