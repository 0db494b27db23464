// The process's database and report store, chosen by DATABASE_URL (lib/config.ts): the embedded
// SQLite database in a directory (./data by default, created when missing) or PostgreSQL. Opened
// once, migrated on open, shared by every route handler; scans (and the in-process job queue) use
// the same connection through getDb().
import 'server-only';
import { getConfig, type Config } from '@/lib/config';
import { createSqlStore, type SqlStoreOptions } from '@/lib/store/create-sql-store';
import { migrate } from '@/lib/store/migrations';
import { openPostgresDb } from '@/lib/store/open-postgres-db';
import { openSqliteDb } from '@/lib/store/open-sqlite-db';
import { reportSaved } from '@/lib/store/report-saved';
import type { ReportStore } from '@/lib/store/report-store';
import type { SqlDb } from '@/lib/store/sql-db';

export type DatabaseConfig = Config['database'];

/** Opens and migrates the database; the caller owns it (close it when done). */
export async function openDatabase(database: DatabaseConfig, now?: () => Date): Promise<SqlDb> {
  const db = database.kind === 'postgres' ? await openPostgresDb(database.url) : await openSqliteDb(database.dir);
  try {
    await migrate(db, now);
  } catch (err) {
    await db.close().catch(() => undefined);
    throw err;
  }
  return db;
}

/** Opens and migrates a store; the caller owns it (close it when done). */
export async function openStore(database: DatabaseConfig, options: SqlStoreOptions = {}): Promise<ReportStore> {
  return createSqlStore(await openDatabase(database, options.now), options);
}

/** `store`, announcing each report it saves (report-saved.ts). */
function announcingSaves(store: ReportStore): ReportStore {
  return {
    ...store,
    async saveReport(report) {
      const saved = await store.saveReport(report);
      reportSaved(saved);
      return saved;
    },
  };
}

// On globalThis so that Next's dev reloads and several route bundles share one connection pool.
const state = globalThis as unknown as { __zonecutDb?: Promise<SqlDb>; __zonecutStore?: Promise<ReportStore> };

/** Memoizes an opening; a failed one (database down, bad permissions) is retried by the next call. */
function once<T>(key: '__zonecutDb' | '__zonecutStore', open: () => Promise<T>): Promise<T> {
  const slot = state as Record<string, Promise<T> | undefined>;
  if (!slot[key]) {
    const opening = open();
    opening.catch(() => {
      if (slot[key] === opening) slot[key] = undefined;
    });
    slot[key] = opening;
  }
  return slot[key];
}

/** The process's migrated database connection (scans, the in-process job queue). */
export function getDb(): Promise<SqlDb> {
  return once('__zonecutDb', () => openDatabase(getConfig().database));
}

export function getStore(): Promise<ReportStore> {
  return once('__zonecutStore', async () => announcingSaves(createSqlStore(await getDb())));
}

/** For tests and tools: serve `store` from getStore() (null: open the configured one again). */
export function setStore(store: ReportStore | null): void {
  state.__zonecutStore = store ? Promise.resolve(announcingSaves(store)) : undefined;
}

/** For tests and tools: serve `db` from getDb() (null: open the configured one again). */
export function setDb(db: SqlDb | null): void {
  state.__zonecutDb = db ? Promise.resolve(db) : undefined;
}
