// The report store's one interface. Two engines sit behind it (create-sql-store.ts over SQLite or
// PostgreSQL); everything else in zonecut sees only this.
import type { Severity } from '@/lib/checks/catalogue';
import type { Badge } from '@/lib/report/badge-status';
import type { Report, ReportStatus } from '@/lib/report/report';

export type StoreEngine = 'sqlite' | 'postgres';

/** One stored report as a history list shows it, without the report itself. */
export interface StoredReportSummary {
  id: string;
  /** Absolute, lowercase, with the trailing dot, as in the report. */
  domain: string;
  /** When the store saved it (ISO 8601, UTC, milliseconds). */
  createdAt: string;
  status: ReportStatus;
  /** What a badge says about it (ok, N warnings, N errors, unknown). */
  badge: Badge;
  counts: Record<Severity, number>;
  zonecutVersion: string;
  catalogueVersion: number;
}

export interface StoredReport extends StoredReportSummary {
  report: Report;
}

export interface ListReportsOptions {
  /** 1–100, default 20. */
  limit?: number;
  /** A report id: list only reports older than that one (the next page of a history). */
  before?: string;
}

export interface ReportStore {
  readonly engine: StoreEngine;
  /** Stores the whole report in one transaction, under a new unguessable id. */
  saveReport(report: Report): Promise<StoredReportSummary>;
  /** null when no report has that id (or it is not an id at all). */
  getReport(id: string): Promise<StoredReport | null>;
  /** Newest first. */
  listReports(domain: string, options?: ListReportsOptions): Promise<StoredReportSummary[]>;
  latestReport(domain: string): Promise<StoredReport | null>;
  /** The newest report's summary: what a badge needs, without reading the report. */
  latestSummary(domain: string): Promise<StoredReportSummary | null>;
  /** Deletes every report stored strictly before `cutoff` (retention), with the watch events that link one and the scans of that age; resolves to how many reports went. */
  deleteReportsBefore(cutoff: Date): Promise<number>;
  close(): Promise<void>;
}

export type StoreErrorCode = 'corrupt' | 'schema-too-new' | 'id-exhausted' | 'invalid-report';

export class StoreError extends Error {
  override name = 'StoreError';
  constructor(
    readonly code: StoreErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export const DEFAULT_LIST_LIMIT = 20;
export const MAX_LIST_LIMIT = 100;

/** Reports are keyed by the name as reports spell it: lowercase, absolute. */
export function storeDomainKey(domain: string): string {
  const d = domain.trim().toLowerCase();
  return d.endsWith('.') ? d : `${d}.`;
}
