// The process's watch store, on the database the reports live in (getDb: SQLite or PostgreSQL).
import 'server-only';
import { getDb } from '@/lib/store/get-store';
import { createWatchStore, type WatchStore } from '@/lib/watch/watch-store';

export async function getWatchStore(): Promise<WatchStore> {
  return createWatchStore(await getDb());
}
