// For tests: an embedded store in a fresh temporary directory, installed as the process's store
// for the file's tests and removed afterwards. Call at the top level of a test file.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { openStore, setStore } from '@/lib/store/get-store';
import type { ReportStore } from '@/lib/store/report-store';

export function withTemporaryStore(prefix: string): () => ReportStore {
  const dir = mkdtempSync(join(tmpdir(), `zonecut-${prefix}-`));
  let store: ReportStore | null = null;
  beforeAll(async () => {
    store = await openStore({ kind: 'embedded', dir });
    setStore(store);
  });
  afterAll(async () => {
    setStore(null);
    await store?.close();
    rmSync(dir, { recursive: true, force: true });
  });
  return () => {
    if (!store) throw new Error('the temporary store is open only inside tests');
    return store;
  };
}
