// A worker process (scripts/worker/worker.mjs runs it): takes jobs from the PostgreSQL queue
// (pg-boss) and runs them with the handlers the app uses (lib/jobs/handlers.ts). Run as many as
// you like, on any machine that reaches the database (and, to share the per-server query rate,
// the same REDIS_URL). SIGTERM or SIGINT: stop taking jobs, let running ones finish (up to 30 s;
// what is still running then goes back to the queue), exit 0.
import '@/lib/exclude-network-from-reports';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const GRACE_MS = 30_000;

function fail(message: string, code = 2): never {
  process.stderr.write(`zonecut worker: ${message}\n`);
  process.exit(code);
}

async function main(): Promise<void> {
  const { ConfigError, getConfig } = await import('@/lib/config');
  let config;
  try {
    config = getConfig();
  } catch (err) {
    if (err instanceof ConfigError) fail(err.message);
    throw err;
  }
  if (config.database.kind !== 'postgres') {
    fail(
      'DATABASE_URL is not PostgreSQL: workers take jobs from a PostgreSQL database (DATABASE_URL=postgres://…). ' +
        'On the embedded SQLite database the app process works every job itself; no worker is needed.',
    );
  }
  // The lab reads its zone files from lib/lab/zones under the working directory.
  process.chdir(REPO_ROOT);
  if (config.redisUrl) {
    const { getRedis, verifyRedis } = await import('@/lib/redis/redis');
    await verifyRedis(getRedis()!, config.redisUrl);
  }
  const { getJobQueue } = await import('@/lib/jobs/get-job-queue');
  const { registerJobHandlers } = await import('@/lib/jobs/handlers');
  const queue = await getJobQueue();
  await registerJobHandlers(queue, { concurrency: config.jobConcurrency });
  process.stdout.write(`zonecut worker: working jobs from PostgreSQL (pid ${process.pid}, ${config.jobConcurrency} at once per kind)\n`);

  let stopping = false;
  const stop = async (signal: string): Promise<void> => {
    if (stopping) return;
    stopping = true;
    process.stdout.write(`zonecut worker: ${signal}: finishing running jobs (up to ${GRACE_MS / 1000} s)\n`);
    await queue.stop(GRACE_MS);
    const { getDb } = await import('@/lib/store/get-store');
    await (await getDb()).close().catch(() => undefined);
    process.stdout.write('zonecut worker: stopped\n');
    process.exit(0);
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => void stop(signal));
}

main().catch((err: unknown) => fail(err instanceof Error ? err.message : String(err), 1));
