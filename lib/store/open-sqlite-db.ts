// The embedded engine: SQLite through libSQL's Node driver (@libsql/client). Its native library
// comes as a registry package (@libsql/linux-x64-gnu and kin), so installing needs no compiler and
// no download; opening a database takes tens of milliseconds and a few tens of MB.
// Crash safety: write-ahead log, synchronous=FULL (SQLite's default, checked below), and every
// write is one transaction, so a killed process leaves each report whole or absent.
import 'server-only';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createClient, type InValue, type ResultSet } from '@libsql/client';
import type { SqlDb, SqlRow, SqlStatement, SqlValue } from '@/lib/store/sql-db';

export const SQLITE_FILE_NAME = 'zonecut.db';

/** How long a writer waits for another process's write lock before giving up (ms). */
const BUSY_TIMEOUT_MS = 5000;

function toRows(result: ResultSet): SqlRow[] {
  return result.rows.map((row) => Object.fromEntries(result.columns.map((name, i) => [name, row[i]])));
}

const args = (values: readonly SqlValue[] | undefined): InValue[] => (values ? [...values] : []);

/** Opens (creating if needed) the database in `dir`, which is created too. */
export async function openSqliteDb(dir: string): Promise<SqlDb> {
  const absolute = resolve(dir);
  mkdirSync(absolute, { recursive: true });
  const client = createClient({ url: pathToFileURL(join(absolute, SQLITE_FILE_NAME)).href, timeout: BUSY_TIMEOUT_MS });
  try {
    // WAL is a property of the file: set once, every later connection uses it.
    await client.execute('PRAGMA journal_mode = WAL');
    const sync = await client.execute('PRAGMA synchronous');
    // 2 = FULL: in WAL mode a commit is on disk before it returns.
    if (Number(sync.rows[0]?.[0]) < 2) await client.execute('PRAGMA synchronous = FULL');
  } catch (err) {
    client.close();
    throw err;
  }
  return {
    engine: 'sqlite',
    async query(sql, values) {
      return toRows(await client.execute({ sql, args: args(values) }));
    },
    async batch(statements: readonly SqlStatement[]) {
      const results = await client.batch(
        statements.map((s) => ({ sql: s.sql, args: args(s.args) })),
        'write',
      );
      return results.map((r) => r.rowsAffected);
    },
    async close() {
      client.close();
    },
  };
}
