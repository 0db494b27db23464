// Versioned migrations, applied in order when a store opens, each in its own transaction together
// with its row in schema_migrations. One list serves both engines: plain TEXT and INTEGER columns,
// no engine-specific types. Never edit a released migration; add the next one.
import { StoreError } from '@/lib/store/report-store';
import type { SqlDb } from '@/lib/store/sql-db';

export interface Migration {
  version: number;
  name: string;
  statements: readonly string[];
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'reports',
    statements: [
      // One row holds one whole report (`body`, the Report JSON, with its SHA-256), plus the few
      // fields that lists and badges read without parsing it.
      `CREATE TABLE reports (
        id TEXT PRIMARY KEY,
        domain TEXT NOT NULL,
        created_at TEXT NOT NULL,
        status TEXT NOT NULL,
        badge_status TEXT NOT NULL,
        badge_message TEXT NOT NULL,
        count_error INTEGER NOT NULL,
        count_warning INTEGER NOT NULL,
        count_notice INTEGER NOT NULL,
        count_info INTEGER NOT NULL,
        schema_version INTEGER NOT NULL,
        zonecut_version TEXT NOT NULL,
        catalogue_version INTEGER NOT NULL,
        body TEXT NOT NULL,
        body_sha256 TEXT NOT NULL
      )`,
      'CREATE INDEX reports_domain_created ON reports (domain, created_at DESC, id DESC)',
    ],
  },
  {
    version: 2,
    name: 'reports by age',
    // Retention (ZONECUT_REPORT_RETENTION_DAYS) deletes by age across all domains.
    statements: ['CREATE INDEX reports_created ON reports (created_at)'],
  },
  {
    version: 3,
    name: 'scans',
    statements: [
      // A scan: a list of names checked by 'scan-name' jobs (lib/scans). `total` counts every
      // entry kept, valid or not; duplicates are dropped before.
      `CREATE TABLE scans (
        id TEXT PRIMARY KEY,
        created_at TEXT NOT NULL,
        total INTEGER NOT NULL,
        invalid INTEGER NOT NULL,
        duplicates INTEGER NOT NULL
      )`,
      // One row per name, written when the scan starts (state 'queued', or 'invalid' for an entry
      // that is not a name) and completed by its job. Keyed (scan_id, name): a job run twice
      // (its worker died after writing) updates the same row. `finished_at` is the database's clock,
      // so the result stream orders results alike whichever machine's worker wrote them.
      `CREATE TABLE scan_results (
        scan_id TEXT NOT NULL,
        name TEXT NOT NULL,
        position INTEGER NOT NULL,
        state TEXT NOT NULL,
        status TEXT,
        report_id TEXT,
        count_error INTEGER,
        count_warning INTEGER,
        count_notice INTEGER,
        count_info INTEGER,
        codes TEXT,
        changes TEXT,
        error TEXT,
        finished_at TEXT,
        PRIMARY KEY (scan_id, name)
      )`,
      'CREATE INDEX scan_results_position ON scan_results (scan_id, position)',
      'CREATE INDEX scan_results_finished ON scan_results (scan_id, finished_at, name)',
      // The finding codes of each result, for the per-code counts of a scan's progress.
      'CREATE TABLE scan_result_codes (scan_id TEXT NOT NULL, name TEXT NOT NULL, code TEXT NOT NULL, PRIMARY KEY (scan_id, name, code))',
      'CREATE INDEX scan_result_codes_code ON scan_result_codes (scan_id, code)',
    ],
  },
  {
    version: 4,
    name: 'watches',
    statements: [
      // A watch (lib/watch/watch-store.ts): `id` is public (its feed); the management URL's token
      // is kept only as its SHA-256. The webhook secret is kept as given: signing needs it.
      // `next_run_at` NULL: stopped. The last run's report and snapshot are what the next run is
      // compared with.
      `CREATE TABLE watches (
        id TEXT PRIMARY KEY,
        token_sha256 TEXT NOT NULL UNIQUE,
        domain TEXT NOT NULL,
        interval_minutes INTEGER NOT NULL,
        webhook_url TEXT,
        webhook_secret TEXT,
        origin TEXT NOT NULL,
        created_at TEXT NOT NULL,
        next_run_at TEXT,
        stopped_at TEXT,
        runs INTEGER NOT NULL,
        last_run_at TEXT,
        last_report_id TEXT,
        last_status TEXT,
        last_snapshot TEXT,
        last_error TEXT
      )`,
      'CREATE INDEX watches_due ON watches (next_run_at)',
      'CREATE INDEX watches_domain ON watches (domain)',
      // A change between two runs; `changes` is the JSON list diffSnapshots gave. `delivery`: none
      // (no webhook), pending, delivered, failed (every retry spent).
      `CREATE TABLE watch_events (
        id TEXT PRIMARY KEY,
        watch_id TEXT NOT NULL,
        domain TEXT NOT NULL,
        created_at TEXT NOT NULL,
        report_id TEXT NOT NULL,
        previous_report_id TEXT NOT NULL,
        status TEXT NOT NULL,
        changes TEXT NOT NULL,
        delivery TEXT NOT NULL
      )`,
      'CREATE INDEX watch_events_watch ON watch_events (watch_id, created_at DESC)',
      'CREATE INDEX watch_events_domain ON watch_events (domain, created_at DESC)',
      // One row per webhook attempt: the delivery log.
      `CREATE TABLE webhook_deliveries (
        event_id TEXT NOT NULL,
        attempt INTEGER NOT NULL,
        watch_id TEXT NOT NULL,
        attempted_at TEXT NOT NULL,
        ok INTEGER NOT NULL,
        http_status INTEGER,
        error TEXT,
        PRIMARY KEY (event_id, attempt)
      )`,
      'CREATE INDEX webhook_deliveries_watch ON webhook_deliveries (watch_id, attempted_at DESC)',
    ],
  },
  {
    version: 5,
    name: 'queued scan names',
    // POST /api/scans counts the names still waiting across all scans (ZONECUT_MAX_QUEUED_SCAN_NAMES).
    statements: ["CREATE INDEX scan_results_queued ON scan_results (state) WHERE state = 'queued'"],
  },
];

export const LATEST_SCHEMA_VERSION = Math.max(...MIGRATIONS.map((m) => m.version));

const CREATE_LEDGER = 'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)';

async function appliedVersions(db: SqlDb): Promise<Set<number>> {
  return new Set((await db.query('SELECT version FROM schema_migrations')).map((r) => Number(r.version)));
}

/**
 * Brings the database up to LATEST_SCHEMA_VERSION; returns the versions it applied. Safe when
 * several processes start at once: each migration's ledger row is written first, in the same
 * transaction, so a second process conflicts on it, rolls back, and finds the work done.
 */
export async function migrate(db: SqlDb, now: () => Date = () => new Date(), migrations: readonly Migration[] = MIGRATIONS): Promise<number[]> {
  try {
    await db.batch([{ sql: CREATE_LEDGER }]);
  } catch {
    await db.batch([{ sql: CREATE_LEDGER }]); // PostgreSQL: lost a race to create it; it exists now
  }
  let applied = await appliedVersions(db);
  const newest = Math.max(...migrations.map((m) => m.version));
  const unknown = [...applied].filter((v) => v > newest);
  if (unknown.length > 0) {
    throw new StoreError(
      'schema-too-new',
      `the database has schema version ${Math.max(...unknown)}, newer than this zonecut knows (${newest}): run a newer zonecut or another database`,
    );
  }
  const done: number[] = [];
  for (const m of [...migrations].sort((a, b) => a.version - b.version)) {
    if (applied.has(m.version)) continue;
    try {
      await db.batch([
        { sql: 'INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)', args: [m.version, m.name, now().toISOString()] },
        ...m.statements.map((sql) => ({ sql })),
      ]);
      done.push(m.version);
    } catch (err) {
      applied = await appliedVersions(db);
      if (!applied.has(m.version)) throw err;
    }
  }
  return done;
}
