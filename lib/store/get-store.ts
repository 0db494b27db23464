// The process's report store, chosen by DATABASE_URL (lib/config.ts): the embedded SQLite database
// in a directory (./data by default, created when missing) or PostgreSQL. Opened once, migrated on
// open, shared by every route handler.
import 'server-only';
import { getConfig, type Config } from '@/lib/config';
import { createSqlStore, type SqlStoreOptions } from '@/lib/store/create-sql-store';
import { migrate } from '@/lib/store/migrations';
import { openPostgresDb } from '@/lib/store/open-postgres-db';
import { openSqliteDb } from '@/lib/store/open-sqlite-db';
import type { ReportStore } from '@/lib/store/report-store';

export type DatabaseConfig = Config['database'];

/** Opens and migrates a store; the caller owns it (close it when done). */
export async function openStore(database: DatabaseConfig, options: SqlStoreOptions = {}): Promise<ReportStore> {
  const db = database.kind === 'postgres' ? await openPostgresDb(database.url) : await openSqliteDb(database.dir);
  try {
    await migrate(db, options.now);
  } catch (err) {
    await db.close().catch(() => undefined);
    throw err;
  }
  return createSqlStore(db, options);
}

// On globalThis so that Next's dev reloads and several route bundles share one connection pool.
const state = globalThis as unknown as { __zonecutStore?: Promise<ReportStore> };

export function getStore(): Promise<ReportStore> {
  if (!state.__zonecutStore) {
    const opening = openStore(getConfig().database);
    // A failed open (database down, bad permissions) is retried by the next request.
    opening.catch(() => {
      if (state.__zonecutStore === opening) state.__zonecutStore = undefined;
    });
    state.__zonecutStore = opening;
  }
  return state.__zonecutStore;
}

/** For tests and tools: serve `store` from getStore() (null: open the configured one again). */
export function setStore(store: ReportStore | null): void {
  state.__zonecutStore = store ? Promise.resolve(store) : undefined;
}
