// lib/checks: pure functions from a Capture to Findings (see ../shared/docs/checks.md).
export { analyze, analyzeCapture, compareFindings, CHECKS, type Analysis, type AnalyzeOptions } from '@/lib/checks/analyze';
export {
  CATALOGUE,
  CATALOGUE_VERSION,
  FINDING_CODES,
  SEVERITIES,
  refUrl,
  renderSummary,
  severityOf,
  severityRank,
  type CatalogueEntry,
  type Finding,
  type FindingCode,
  type ParamValue,
  type Ref,
  type Severity,
  type SeverityRule,
} from '@/lib/checks/catalogue';
