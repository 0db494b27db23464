// For tests: an embedded store in a fresh temporary directory, installed as the process's store
// (getStore) and database (getDb) for the file's tests and removed afterwards. Call at the top
// level of a test file.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { createSqlStore } from '@/lib/store/create-sql-store';
import { openDatabase, setDb, setStore } from '@/lib/store/get-store';
import type { ReportStore } from '@/lib/store/report-store';

export function withTemporaryStore(prefix: string): () => ReportStore {
  const dir = mkdtempSync(join(tmpdir(), `zonecut-${prefix}-`));
  let store: ReportStore | null = null;
  beforeAll(async () => {
    const db = await openDatabase({ kind: 'embedded', dir });
    store = createSqlStore(db);
    setDb(db);
    setStore(store);
  });
  afterAll(async () => {
    setStore(null);
    setDb(null);
    await store?.close();
    rmSync(dir, { recursive: true, force: true });
  });
  return () => {
    if (!store) throw new Error('the temporary store is open only inside tests');
    return store;
  };
}
