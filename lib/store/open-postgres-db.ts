// PostgreSQL through node-postgres (`pg`), for several instances sharing one store. The statements
// are the same as SQLite's; only the placeholders differ, and toPgPlaceholders() is the one place
// that translates them.
import 'server-only';
import pg from 'pg';
import type { SqlDb, SqlStatement, SqlValue } from '@/lib/store/sql-db';

/** `?` → `$1`, `$2`… outside string literals and quoted identifiers. */
export function toPgPlaceholders(sql: string): string {
  let out = '';
  let n = 0;
  let quote: "'" | '"' | null = null;
  for (const ch of sql) {
    if (quote) {
      if (ch === quote) quote = null; // a doubled quote closes and reopens: same result
      out += ch;
    } else if (ch === "'" || ch === '"') {
      quote = ch;
      out += ch;
    } else if (ch === '?') {
      out += `$${++n}`;
    } else {
      out += ch;
    }
  }
  return out;
}

export async function openPostgresDb(url: string): Promise<SqlDb> {
  const pool = new pg.Pool({ connectionString: url, max: 10, connectionTimeoutMillis: 10_000, idleTimeoutMillis: 30_000 });
  // An idle connection dropped by the server must not take the process down; the pool reconnects.
  // (pool.end() resolves before its sockets are closed: a server stopping then is no news.)
  let closed = false;
  pool.on('error', (err) => {
    if (!closed) console.error('zonecut store: PostgreSQL connection lost:', err.message);
  });
  try {
    await pool.query('SELECT 1');
  } catch (err) {
    await pool.end().catch(() => undefined);
    throw err;
  }
  const values = (args: readonly SqlValue[] | undefined): SqlValue[] => (args ? [...args] : []);
  return {
    engine: 'postgres',
    async query(sql, args) {
      return (await pool.query(toPgPlaceholders(sql), values(args))).rows as Record<string, unknown>[];
    },
    async batch(statements: readonly SqlStatement[]) {
      const client = await pool.connect();
      let broken = false;
      try {
        await client.query('BEGIN');
        const counts: number[] = [];
        for (const s of statements) counts.push((await client.query(toPgPlaceholders(s.sql), values(s.args))).rowCount ?? 0);
        await client.query('COMMIT');
        return counts;
      } catch (err) {
        try {
          await client.query('ROLLBACK');
        } catch {
          broken = true; // the connection itself failed: do not hand it out again
        }
        throw err;
      } finally {
        client.release(broken);
      }
    },
    async close() {
      closed = true;
      await pool.end();
    },
  };
}
