// The little a store needs from a SQL engine. Statements are written once, in the SQL that SQLite
// and PostgreSQL share, with `?` placeholders (the PostgreSQL adapter numbers them). JSON is kept
// as TEXT and times as ISO 8601 TEXT, which both engines compare and sort the same way.
import type { StoreEngine } from '@/lib/store/report-store';

export type SqlValue = string | number | null;

export interface SqlStatement {
  sql: string;
  args?: readonly SqlValue[];
}

export type SqlRow = Record<string, unknown>;

export interface SqlDb {
  readonly engine: StoreEngine;
  query(sql: string, args?: readonly SqlValue[]): Promise<SqlRow[]>;
  /**
   * Every statement in one transaction, all or nothing; resolves to the rows each one changed.
   * Not interactive on purpose: the SQLite driver runs a batch in one synchronous step, so two
   * batches of one process never interleave and never wait on each other's locks.
   */
  batch(statements: readonly SqlStatement[]): Promise<number[]>;
  close(): Promise<void>;
}
