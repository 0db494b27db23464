// A throwaway PostgreSQL for tests: Debian's server binaries (/usr/lib/postgresql/<v>/bin), a
// fresh data directory under the system temp dir, listening on 127.0.0.1 only, on a free port.
// PostgreSQL refuses to run as root, so as root it runs as the `postgres` user (or `nobody`) via
// setpriv, which also ties its life to ours (--pdeathsig): a killed test run leaves no server
// running (its directory is deleted by the next run). stop() shuts it down and deletes the
// directory. scripts/ensure-system-deps.sh installs PostgreSQL.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { chownSync, closeSync, existsSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import pg from 'pg';
import { freePort } from '../free-port';

const run = promisify(execFile);

export interface PostgresServer {
  /** postgres://zonecut@127.0.0.1:<port>/postgres — a superuser, trust authentication. */
  url: string;
  port: number;
  /** A URL for a new, empty database on this server. */
  createDatabase(name: string): Promise<string>;
  stop(): Promise<void>;
}

const ROOT = '/usr/lib/postgresql';
const SUPERUSER = 'zonecut';
const PREFIX = 'zonecut-pg-';

/** The newest installed server's bin directory, or null. */
export function findPostgresBin(): string | null {
  if (!existsSync(ROOT)) return null;
  const versions = readdirSync(ROOT)
    .filter((v) => existsSync(join(ROOT, v, 'bin', 'initdb')) && existsSync(join(ROOT, v, 'bin', 'postgres')))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] ? join(ROOT, versions[0], 'bin') : null;
}

async function uidOf(user: string): Promise<{ uid: number; gid: number } | null> {
  try {
    const uid = Number((await run('id', ['-u', user])).stdout.trim());
    const gid = Number((await run('id', ['-g', user])).stdout.trim());
    return Number.isInteger(uid) && Number.isInteger(gid) ? { uid, gid } : null;
  } catch {
    return null;
  }
}

/** Directories of earlier runs that were killed outright (their server is gone): delete them. */
function removeAbandoned(): void {
  const minute = 60_000;
  for (const name of readdirSync(tmpdir())) {
    if (!name.startsWith(PREFIX)) continue;
    const dir = join(tmpdir(), name);
    try {
      if (Date.now() - statSync(dir).mtimeMs < minute) continue; // maybe another run starting up
      const pidFile = join(dir, 'data', 'postmaster.pid');
      const pid = existsSync(pidFile) ? Number(readFileSync(pidFile, 'utf8').split('\n')[0]) : NaN;
      if (Number.isInteger(pid) && pid > 0 && isAlive(pid)) continue;
      rmSync(dir, { recursive: true, force: true });
    } catch {
      /* not ours to worry about */
    }
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export async function startPostgres(): Promise<PostgresServer> {
  removeAbandoned();
  const bin = findPostgresBin();
  if (!bin) throw new Error(`PostgreSQL is not installed (no ${ROOT}/*/bin/initdb): run scripts/ensure-system-deps.sh as root, or apt-get install postgresql`);
  const base = mkdtempSync(join(tmpdir(), PREFIX));
  const dataDir = join(base, 'data');
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH ?? '/usr/bin:/bin', LANG: 'C.UTF-8', TZ: 'UTC', NODE_ENV: process.env.NODE_ENV };

  // As root: drop to an unprivileged user that owns the directory.
  let asUser: string[] = [];
  if (process.getuid?.() === 0) {
    const ids = (await uidOf('postgres')) ?? { uid: 65534, gid: 65534 };
    chownSync(base, ids.uid, ids.gid);
    asUser = ['setpriv', `--reuid=${ids.uid}`, `--regid=${ids.gid}`, '--clear-groups', '--'];
  }
  const cmd = (argv: string[]): [string, string[]] => {
    const all = [...asUser, ...argv];
    return [all[0]!, all.slice(1)];
  };

  try {
    const [initdb, initArgs] = cmd([
      'setpriv',
      '--pdeathsig',
      'KILL',
      '--',
      join(bin, 'initdb'),
      '-D',
      dataDir,
      '-U',
      SUPERUSER,
      '--auth=trust',
      '-E',
      'UTF8',
      '--locale=C',
      '--no-sync',
      '--no-instructions',
    ]);
    await run(initdb, initArgs, { cwd: base, env });
  } catch (err) {
    rmSync(base, { recursive: true, force: true });
    throw new Error(`initdb failed: ${(err as Error).message}`);
  }

  const port = await freePort();
  const logFile = join(base, 'postgres.log');
  // The pdeathsig is set after the change of user (a change of credentials clears it).
  const [command, args] = cmd([
    'setpriv',
    '--pdeathsig',
    'KILL',
    '--',
    join(bin, 'postgres'),
    '-D',
    dataDir,
    '-p',
    String(port),
    '-k',
    base,
    '-c',
    'listen_addresses=127.0.0.1',
    '-c',
    'logging_collector=off',
    '-c',
    'fsync=off',
    '-c',
    'full_page_writes=off',
  ]);
  const log = openSync(logFile, 'a');
  const child: ChildProcess = spawn(command, args, { cwd: base, env, stdio: ['ignore', log, log], detached: true });
  closeSync(log);
  let exited: string | null = null;
  const exit = new Promise<void>((resolve) =>
    child.once('exit', (code, signal) => {
      exited = signal ? `killed by ${signal}` : `exited with status ${code}`;
      resolve();
    }),
  );

  const url = `postgres://${SUPERUSER}@127.0.0.1:${port}/postgres`;
  const stop = async () => {
    if (exited === null) {
      try {
        process.kill(child.pid!, 'SIGINT'); // fast shutdown
      } catch {
        /* gone already */
      }
      await Promise.race([exit, sleep(10_000)]);
      if (exited === null) child.kill('SIGKILL');
      await Promise.race([exit, sleep(2000)]);
    }
    rmSync(base, { recursive: true, force: true });
  };

  const deadline = Date.now() + 30_000;
  for (;;) {
    if (exited !== null) {
      const tail = readFileSync(logFile, 'utf8').split('\n').slice(-15).join('\n');
      rmSync(base, { recursive: true, force: true });
      throw new Error(`postgres ${exited}:\n${tail}`);
    }
    const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1000 });
    try {
      await client.connect();
      await client.query('SELECT 1');
      await client.end();
      break;
    } catch {
      await client.end().catch(() => undefined);
      if (Date.now() > deadline) {
        await stop();
        throw new Error('postgres did not accept connections within 30 s');
      }
      await sleep(50);
    }
  }

  return {
    url,
    port,
    async createDatabase(name) {
      if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`not a plain database name: ${name}`);
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        await client.query(`CREATE DATABASE ${name}`);
      } finally {
        await client.end();
      }
      return `postgres://${SUPERUSER}@127.0.0.1:${port}/${name}`;
    },
    stop,
  };
}
