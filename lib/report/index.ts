// lib/report: a Capture analysed into a Report, its summary, per-server figures and badge status.
export { badgeStatus, type Badge, type BadgeStatus } from '@/lib/report/badge-status';
export { buildReport, summarizeFindings, type BuildReportOptions } from '@/lib/report/build-report';
export { serverFigures } from '@/lib/report/server-figures';
export { REPORT_SCHEMA_VERSION, type CheckTotals, type Report, type ReportStatus, type ReportSummary, type ServerFigures } from '@/lib/report/report';
