// The ReportStore over any SqlDb: the same statements for SQLite and PostgreSQL.
import { createHash } from 'node:crypto';
import type { Severity } from '@/lib/checks/catalogue';
import { badgeStatus, type BadgeStatus } from '@/lib/report/badge-status';
import type { Report, ReportStatus } from '@/lib/report/report';
import { isReportId, newReportId } from '@/lib/store/report-id';
import {
  DEFAULT_LIST_LIMIT,
  MAX_LIST_LIMIT,
  StoreError,
  storeDomainKey,
  type ListReportsOptions,
  type ReportStore,
  type StoredReport,
  type StoredReportSummary,
} from '@/lib/store/report-store';
import type { SqlDb, SqlRow } from '@/lib/store/sql-db';

export interface SqlStoreOptions {
  now?: () => Date;
  newId?: () => string;
}

const SUMMARY_COLUMNS =
  'id, domain, created_at, status, badge_status, badge_message, count_error, count_warning, count_notice, count_info, zonecut_version, catalogue_version';

const sha256 = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

function toSummary(row: SqlRow): StoredReportSummary {
  return {
    id: String(row.id),
    domain: String(row.domain),
    createdAt: String(row.created_at),
    status: String(row.status) as ReportStatus,
    badge: { status: String(row.badge_status) as BadgeStatus, message: String(row.badge_message) },
    counts: {
      error: Number(row.count_error),
      warning: Number(row.count_warning),
      notice: Number(row.count_notice),
      info: Number(row.count_info),
    } satisfies Record<Severity, number>,
    zonecutVersion: String(row.zonecut_version),
    catalogueVersion: Number(row.catalogue_version),
  };
}

/** The stored body, checked against its digest: a report is returned whole or not at all. */
function toStoredReport(row: SqlRow): StoredReport {
  const summary = toSummary(row);
  const body = String(row.body);
  if (sha256(body) !== row.body_sha256) throw new StoreError('corrupt', `report ${summary.id}: the stored body does not match its checksum`);
  let report: Report;
  try {
    report = JSON.parse(body) as Report;
  } catch {
    throw new StoreError('corrupt', `report ${summary.id}: the stored body is not JSON`);
  }
  return { ...summary, report };
}

function checkReport(report: Report): void {
  const ok =
    typeof report === 'object' &&
    report !== null &&
    typeof report.domain === 'string' &&
    report.domain.length > 0 &&
    typeof report.capture === 'object' &&
    Array.isArray(report.findings) &&
    typeof report.summary?.counts === 'object';
  if (!ok) throw new StoreError('invalid-report', 'not a report: it needs a domain, a capture, findings and a summary');
}

function clampLimit(limit: number | undefined): number {
  if (limit === undefined || !Number.isFinite(limit)) return DEFAULT_LIST_LIMIT;
  return Math.min(MAX_LIST_LIMIT, Math.max(1, Math.floor(limit)));
}

export function createSqlStore(db: SqlDb, options: SqlStoreOptions = {}): ReportStore {
  const now = options.now ?? (() => new Date());
  const newId = options.newId ?? newReportId;

  async function listReports(domain: string, opts: ListReportsOptions = {}): Promise<StoredReportSummary[]> {
    const key = storeDomainKey(domain);
    const limit = clampLimit(opts.limit);
    if (opts.before === undefined) {
      const rows = await db.query(`SELECT ${SUMMARY_COLUMNS} FROM reports WHERE domain = ? ORDER BY created_at DESC, id DESC LIMIT ?`, [key, limit]);
      return rows.map(toSummary);
    }
    if (!isReportId(opts.before)) return [];
    const [cursor] = await db.query('SELECT created_at FROM reports WHERE id = ? AND domain = ?', [opts.before, key]);
    if (!cursor) return [];
    const at = String(cursor.created_at);
    // Keyset paging on (created_at, id): stable however many reports arrive meanwhile.
    const rows = await db.query(
      `SELECT ${SUMMARY_COLUMNS} FROM reports WHERE domain = ? AND (created_at < ? OR (created_at = ? AND id < ?))
       ORDER BY created_at DESC, id DESC LIMIT ?`,
      [key, at, at, opts.before, limit],
    );
    return rows.map(toSummary);
  }

  return {
    engine: db.engine,

    async saveReport(report) {
      checkReport(report);
      const body = JSON.stringify(report);
      const badge = badgeStatus(report);
      const { counts } = report.summary;
      const createdAt = now().toISOString();
      const domain = storeDomainKey(report.domain);
      // A fresh id is all but certain to be new; should one ever collide, draw again (never reuse).
      for (let attempt = 0; attempt < 5; attempt++) {
        const id = newId();
        if (!isReportId(id)) throw new StoreError('invalid-report', `the id generator gave a malformed id: ${JSON.stringify(id)}`);
        const [inserted] = await db.batch([
          {
            sql: `INSERT INTO reports (id, domain, created_at, status, badge_status, badge_message, count_error, count_warning,
                    count_notice, count_info, schema_version, zonecut_version, catalogue_version, body, body_sha256)
                  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                  ON CONFLICT (id) DO NOTHING`,
            args: [
              id,
              domain,
              createdAt,
              report.summary.status,
              badge.status,
              badge.message,
              counts.error,
              counts.warning,
              counts.notice,
              counts.info,
              report.schemaVersion,
              report.zonecutVersion,
              report.catalogueVersion,
              body,
              sha256(body),
            ],
          },
        ]);
        if (inserted === 1) {
          return {
            id,
            domain,
            createdAt,
            status: report.summary.status,
            badge,
            counts: { ...counts },
            zonecutVersion: report.zonecutVersion,
            catalogueVersion: report.catalogueVersion,
          };
        }
      }
      throw new StoreError('id-exhausted', 'could not draw an unused report id');
    },

    async getReport(id) {
      if (!isReportId(id)) return null;
      const [row] = await db.query(`SELECT ${SUMMARY_COLUMNS}, body, body_sha256 FROM reports WHERE id = ?`, [id]);
      return row ? toStoredReport(row) : null;
    },

    listReports,

    async latestReport(domain) {
      const [row] = await db.query(`SELECT ${SUMMARY_COLUMNS}, body, body_sha256 FROM reports WHERE domain = ? ORDER BY created_at DESC, id DESC LIMIT 1`, [
        storeDomainKey(domain),
      ]);
      return row ? toStoredReport(row) : null;
    },

    async latestSummary(domain) {
      return (await listReports(domain, { limit: 1 }))[0] ?? null;
    },

    async deleteReportsBefore(cutoff) {
      // created_at is ISO 8601 UTC with milliseconds, as toISOString() writes it: it sorts as time.
      // What names the reports goes with them, in the same transaction, so nothing links a deleted
      // report: a watch's events (migration 4) that compare one, with their delivery log, and the
      // scans (migration 3) of that age with their results.
      const before = cutoff.toISOString();
      const goneEvents = 'SELECT id FROM watch_events WHERE created_at < ? OR previous_report_id IN (SELECT id FROM reports WHERE created_at < ?)';
      const goneScans = 'SELECT id FROM scans WHERE created_at < ?';
      const results = await db.batch([
        { sql: `DELETE FROM webhook_deliveries WHERE event_id IN (${goneEvents})`, args: [before, before] },
        { sql: `DELETE FROM watch_events WHERE id IN (${goneEvents})`, args: [before, before] },
        { sql: `DELETE FROM scan_result_codes WHERE scan_id IN (${goneScans})`, args: [before] },
        { sql: `DELETE FROM scan_results WHERE scan_id IN (${goneScans})`, args: [before] },
        { sql: 'DELETE FROM scans WHERE created_at < ?', args: [before] },
        { sql: 'DELETE FROM reports WHERE created_at < ?', args: [before] },
      ]);
      const deleted = results.at(-1);
      return deleted ?? 0;
    },

    close: () => db.close(),
  };
}
