// A throwaway Redis for tests: Debian's redis-server, listening on 127.0.0.1 only, on a free port,
// with no persistence (no RDB snapshots, no append-only file) and its working directory under the
// system temp dir. `setpriv --pdeathsig KILL` ties its life to ours: a killed test run leaves no
// server running. stop() shuts it down and deletes the directory. scripts/ensure-system-deps.sh
// installs redis-server.
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { freePort } from '../free-port';

export interface RedisServer {
  /** redis://127.0.0.1:<port> */
  url: string;
  port: number;
  stop(): Promise<void>;
}

export function findRedisServer(): string | null {
  try {
    return execFileSync('sh', ['-c', 'command -v redis-server'], { encoding: 'utf8' }).trim() || null;
  } catch {
    return null;
  }
}

/** Whether a PING on 127.0.0.1:port gets +PONG (no client library: this also tests that one). */
function pings(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    let data = '';
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(500, () => done(false));
    socket.once('error', () => done(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.on('data', (chunk) => {
      data += chunk.toString('latin1');
      if (data.includes('\r\n')) done(data.startsWith('+PONG'));
    });
  });
}

export async function startRedis(): Promise<RedisServer> {
  const bin = findRedisServer();
  if (!bin) throw new Error('redis-server is not installed: run scripts/ensure-system-deps.sh as root, or apt-get install redis-server');
  const dir = mkdtempSync(join(tmpdir(), 'zonecut-redis-'));
  const port = await freePort();
  // prettier-ignore
  const args = [
    '--pdeathsig', 'KILL', '--', bin,
    '--bind', '127.0.0.1', '--port', String(port), '--dir', dir,
    '--save', '', '--appendonly', 'no', '--daemonize', 'no', '--loglevel', 'warning', '--logfile', '',
  ];
  const child = spawn('setpriv', args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (c: Buffer) => (stderr += c.toString()));
  let exited: string | null = null;
  const exit = new Promise<void>((resolve) =>
    child.once('exit', (code, signal) => {
      exited = signal ? `killed by ${signal}` : `exited with status ${code}`;
      resolve();
    }),
  );
  const stop = async () => {
    if (exited === null) {
      child.kill('SIGTERM');
      await Promise.race([exit, sleep(5000)]);
      if (exited === null) child.kill('SIGKILL');
    }
    rmSync(dir, { recursive: true, force: true });
  };
  const deadline = Date.now() + 10_000;
  while (!(await pings(port))) {
    if (exited !== null || Date.now() > deadline) {
      await stop();
      throw new Error(`redis-server ${exited ?? 'did not answer within 10 s'}: ${stderr.trim()}`);
    }
    await sleep(30);
  }
  return { url: `redis://127.0.0.1:${port}`, port, stop };
}
