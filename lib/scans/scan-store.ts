// Scans in the database (migration 3): the scan, one result row per name, the finding codes of
// each result. The same statements on SQLite and PostgreSQL (lib/store/sql-db.ts), except the
// database clock's expression. Every read is bounded: pages, at most MAX_PAGE rows at a time.
import type { Severity } from '@/lib/checks/catalogue';
import type { ReportStatus } from '@/lib/report/report';
import type { ChildChanges } from '@/lib/scans/change-set';
import type { ParsedScanNames } from '@/lib/scans/parse-scan-names';
import { isReportId, newReportId } from '@/lib/store/report-id';
import type { SqlDb, SqlRow, SqlStatement } from '@/lib/store/sql-db';

export type ScanResultState = 'queued' | 'done' | 'error' | 'invalid';

export interface ScanResult {
  name: string;
  position: number;
  state: ScanResultState;
  /** For 'done': the report's status, its id (permalink /r/<id>), counts and finding codes. */
  status: ReportStatus | null;
  reportId: string | null;
  counts: Record<Severity, number> | null;
  codes: string[];
  /** What processing the child's CDS and CSYNC would change (lib/scans/change-set.ts), or null. */
  changes: ChildChanges | null;
  /** For 'error' and 'invalid': why there is no report. */
  error: string | null;
  finishedAt: string | null;
}

export interface ScanProgress {
  id: string;
  createdAt: string;
  /** Entries kept (valid names and invalid entries); duplicates were dropped. */
  total: number;
  duplicates: number;
  /** Entries with an outcome: a report, a check error, or an invalid entry. */
  done: number;
  queued: number;
  /** Names whose check could not run (errors) and entries that are not names (invalid). */
  errors: number;
  invalid: number;
  byStatus: Record<ReportStatus, number>;
  /** Finding code → names with it, most frequent first (at most MAX_CODES codes). */
  byCode: Record<string, number>;
  finished: boolean;
}

/** What one scan-name job learnt. */
export type ScanOutcome =
  | { state: 'done'; status: ReportStatus; reportId: string; counts: Record<Severity, number>; codes: string[]; changes: ChildChanges | null }
  | { state: 'error'; error: string };

export const MAX_PAGE = 1000;
const MAX_CODES = 500;
const INSERT_ROWS = 200;

/** ISO 8601 UTC with milliseconds, from the database's clock (one clock for every worker). */
export function dbNow(db: SqlDb): string {
  return db.engine === 'postgres' ? `to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')` : `strftime('%Y-%m-%dT%H:%M:%fZ', 'now')`;
}

const RESULT_COLUMNS = 'name, position, state, status, report_id, count_error, count_warning, count_notice, count_info, codes, changes, error, finished_at';

function parseJson<T>(text: unknown, fallback: T): T {
  if (typeof text !== 'string') return fallback;
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
}

function toResult(row: SqlRow): ScanResult {
  const counted = row.count_error !== null && row.count_error !== undefined;
  return {
    name: String(row.name),
    position: Number(row.position),
    state: String(row.state) as ScanResultState,
    status: row.status === null || row.status === undefined ? null : (String(row.status) as ReportStatus),
    reportId: row.report_id === null || row.report_id === undefined ? null : String(row.report_id),
    counts: counted
      ? { error: Number(row.count_error), warning: Number(row.count_warning), notice: Number(row.count_notice), info: Number(row.count_info) }
      : null,
    codes: parseJson<string[]>(row.codes, []),
    changes: parseJson<ChildChanges | null>(row.changes, null),
    error: row.error === null || row.error === undefined ? null : String(row.error),
    finishedAt: row.finished_at === null || row.finished_at === undefined ? null : String(row.finished_at),
  };
}

export const isScanId = isReportId;

export interface CreatedScan {
  id: string;
  /** The valid names with their positions, for the jobs. */
  names: { name: string; position: number }[];
}

/** Writes the scan and a row per entry, all in one transaction. */
export async function createScan(db: SqlDb, parsed: ParsedScanNames, now: Date = new Date()): Promise<CreatedScan> {
  const id = newReportId();
  const total = parsed.names.length + parsed.invalid.length;
  const statements: SqlStatement[] = [
    {
      sql: 'INSERT INTO scans (id, created_at, total, invalid, duplicates) VALUES (?, ?, ?, ?, ?)',
      args: [id, now.toISOString(), total, parsed.invalid.length, parsed.duplicates],
    },
  ];
  const names = parsed.names.map((name, position) => ({ name, position }));
  for (let i = 0; i < names.length; i += INSERT_ROWS) {
    const chunk = names.slice(i, i + INSERT_ROWS);
    statements.push({
      sql: `INSERT INTO scan_results (scan_id, name, position, state) VALUES ${chunk.map(() => "(?, ?, ?, 'queued')").join(', ')}`,
      args: chunk.flatMap((n) => [id, n.name, n.position]),
    });
  }
  const invalid = parsed.invalid.map((e, i) => ({ ...e, position: names.length + i }));
  for (let i = 0; i < invalid.length; i += INSERT_ROWS) {
    const chunk = invalid.slice(i, i + INSERT_ROWS);
    statements.push({
      sql: `INSERT INTO scan_results (scan_id, name, position, state, error, finished_at) VALUES ${chunk.map(() => `(?, ?, ?, 'invalid', ?, ${dbNow(db)})`).join(', ')}`,
      args: chunk.flatMap((e) => [id, e.input, e.position, `${e.code}: ${e.message}`]),
    });
  }
  await db.batch(statements);
  return { id, names };
}

/** The state of one name's row, or null when the scan (or the name) is not there. */
/** Names of every scan still waiting for their check. */
export async function queuedScanNames(db: SqlDb): Promise<number> {
  const [row] = await db.query("SELECT COUNT(*) AS n FROM scan_results WHERE state = 'queued'");
  return Number(row?.n ?? 0);
}

export async function resultState(db: SqlDb, scanId: string, name: string): Promise<ScanResultState | null> {
  const rows = await db.query('SELECT state FROM scan_results WHERE scan_id = ? AND name = ?', [scanId, name]);
  return rows[0] ? (String(rows[0].state) as ScanResultState) : null;
}

/** Upserts the outcome of one name (keyed (scan_id, name): a second run replaces, never adds). */
export async function recordResult(db: SqlDb, scanId: string, name: string, position: number, outcome: ScanOutcome): Promise<void> {
  const done = outcome.state === 'done' ? outcome : null;
  const codes = done ? [...new Set(done.codes)].sort() : [];
  await db.batch([
    {
      sql: `INSERT INTO scan_results (scan_id, ${RESULT_COLUMNS})
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ${dbNow(db)})
            ON CONFLICT (scan_id, name) DO UPDATE SET
              state = excluded.state, status = excluded.status, report_id = excluded.report_id,
              count_error = excluded.count_error, count_warning = excluded.count_warning,
              count_notice = excluded.count_notice, count_info = excluded.count_info,
              codes = excluded.codes, changes = excluded.changes, error = excluded.error, finished_at = excluded.finished_at`,
      args: [
        scanId,
        name,
        position,
        outcome.state,
        done?.status ?? null,
        done?.reportId ?? null,
        done?.counts.error ?? null,
        done?.counts.warning ?? null,
        done?.counts.notice ?? null,
        done?.counts.info ?? null,
        JSON.stringify(codes),
        done?.changes ? JSON.stringify(done.changes) : null,
        outcome.state === 'error' ? outcome.error.slice(0, 2000) : null,
      ],
    },
    { sql: 'DELETE FROM scan_result_codes WHERE scan_id = ? AND name = ?', args: [scanId, name] },
    ...(codes.length > 0
      ? [
          {
            sql: `INSERT INTO scan_result_codes (scan_id, name, code) VALUES ${codes.map(() => '(?, ?, ?)').join(', ')}`,
            args: codes.flatMap((code) => [scanId, name, code]),
          },
        ]
      : []),
  ]);
}

export async function getScanProgress(db: SqlDb, id: string): Promise<ScanProgress | null> {
  if (!isScanId(id)) return null;
  const [scan] = await db.query('SELECT id, created_at, total, invalid, duplicates FROM scans WHERE id = ?', [id]);
  if (!scan) return null;
  const groups = await db.query('SELECT state, status, COUNT(*) AS n FROM scan_results WHERE scan_id = ? GROUP BY state, status', [id]);
  const codes = await db.query('SELECT code, COUNT(*) AS n FROM scan_result_codes WHERE scan_id = ? GROUP BY code ORDER BY COUNT(*) DESC, code LIMIT ?', [
    id,
    MAX_CODES,
  ]);
  const byStatus: Record<ReportStatus, number> = { ok: 0, warning: 0, error: 0, unknown: 0 };
  let queued = 0;
  let errors = 0;
  let invalid = 0;
  let done = 0;
  for (const g of groups) {
    const n = Number(g.n);
    if (g.state === 'queued') queued += n;
    else done += n;
    if (g.state === 'error') errors += n;
    if (g.state === 'invalid') invalid += n;
    if (g.state === 'done' && typeof g.status === 'string' && g.status in byStatus) byStatus[g.status as ReportStatus] += n;
  }
  return {
    id,
    createdAt: String(scan.created_at),
    total: Number(scan.total),
    duplicates: Number(scan.duplicates),
    done,
    queued,
    errors: errors + invalid,
    invalid,
    byStatus,
    byCode: Object.fromEntries(codes.map((c) => [String(c.code), Number(c.n)])),
    finished: queued === 0,
  };
}

/** One page of results in the order given (position), from `offset`. */
export async function listScanResults(db: SqlDb, id: string, offset: number, limit: number): Promise<ScanResult[]> {
  const rows = await db.query(`SELECT ${RESULT_COLUMNS} FROM scan_results WHERE scan_id = ? ORDER BY position LIMIT ? OFFSET ?`, [
    id,
    Math.min(MAX_PAGE, Math.max(1, Math.floor(limit))),
    Math.max(0, Math.floor(offset)),
  ]);
  return rows.map(toResult);
}

/** Every result in position order, a page at a time (exports). */
export async function* allScanResults(db: SqlDb, id: string): AsyncGenerator<ScanResult> {
  let after = -1;
  for (;;) {
    const rows = await db.query(`SELECT ${RESULT_COLUMNS} FROM scan_results WHERE scan_id = ? AND position > ? ORDER BY position LIMIT ?`, [
      id,
      after,
      MAX_PAGE,
    ]);
    for (const row of rows) yield toResult(row);
    if (rows.length < MAX_PAGE) return;
    after = Number(rows[rows.length - 1]!.position);
  }
}

/** Every result with changes, in position order (the registry's change set). */
export async function* scanResultsWithChanges(db: SqlDb, id: string): AsyncGenerator<ScanResult> {
  let after = -1;
  for (;;) {
    const rows = await db.query(
      `SELECT ${RESULT_COLUMNS} FROM scan_results WHERE scan_id = ? AND changes IS NOT NULL AND position > ? ORDER BY position LIMIT ?`,
      [id, after, MAX_PAGE],
    );
    for (const row of rows) yield toResult(row);
    if (rows.length < MAX_PAGE) return;
    after = Number(rows[rows.length - 1]!.position);
  }
}

export interface FinishedCursor {
  finishedAt: string;
  name: string;
}

/** Results finished after `cursor` (by the database clock, then name), oldest first, at most MAX_PAGE. */
export async function scanResultsFinishedAfter(db: SqlDb, id: string, cursor: FinishedCursor | null): Promise<ScanResult[]> {
  const rows = cursor
    ? await db.query(
        `SELECT ${RESULT_COLUMNS} FROM scan_results WHERE scan_id = ? AND finished_at IS NOT NULL
           AND (finished_at > ? OR (finished_at = ? AND name > ?)) ORDER BY finished_at, name LIMIT ?`,
        [id, cursor.finishedAt, cursor.finishedAt, cursor.name, MAX_PAGE],
      )
    : await db.query(`SELECT ${RESULT_COLUMNS} FROM scan_results WHERE scan_id = ? AND finished_at IS NOT NULL ORDER BY finished_at, name LIMIT ?`, [
        id,
        MAX_PAGE,
      ]);
  return rows.map(toResult);
}
