// What the live page needs only once its report is in, loaded then (LiveCheck imports it when the
// report line arrives): the report's tree builder, the summary band, the evidence behind findings
// and nodes, the panels, the permalink and the embed snippets. The page's first load is what the
// growing tree needs; /r loads all of these with its first load, as it shows them at once.
export { treeFromReport } from '@/lib/report/view/tree';
export { ReportSummary } from '@/components/report/report-summary';
export { EvidenceDetails } from '@/components/report/report-evidence';
export { ReportPanels } from '@/components/report/report-panels';
export { PermalinkBar } from '@/components/report/permalink-bar';
export { EmbedPanel } from '@/components/report/embed-panel';
