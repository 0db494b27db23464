// A DNS server run in the foreground as its own process group, so that stopping it stops every
// process it forked (NSD forks xfrd and its server processes) and nothing outlives the run.
// Where it can, it also runs in a PID namespace of its own (unshare(1)): NSD's main process exits
// without reaping its server processes, and on a machine whose init does not reap (containers,
// microVMs) they would linger as zombies; in the namespace, the kernel reaps them when NSD's last
// process goes (pid_namespaces(7)). And it is started under setpriv --pdeathsig, so that even
// when this process is killed outright (SIGKILL, no handler runs) the server dies with it.
import { execFileSync, spawn } from 'node:child_process';
import { closeSync, existsSync, openSync, readdirSync, readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';

export interface DaemonSpec {
  /** For messages: `nsd-a.root-servers.test`, `named`. */
  name: string;
  command: string;
  args: string[];
  cwd: string;
  /** stdout and stderr both go here. */
  logFile: string;
}

export interface Daemon {
  readonly name: string;
  readonly pid: number;
  readonly logFile: string;
  /** Set once the process group leader has exited. */
  exitStatus(): string | null;
  /** SIGTERM to the group, SIGKILL after `graceMs`; resolves when no process of the group is left. */
  stop(graceMs?: number): Promise<void>;
  /** For exit and signal handlers, where nothing can be awaited: SIGKILL to the group. */
  killNow(): void;
}

/** The sbin directories hold nsd, knotd, named and unbound; a non-login PATH may lack them. */
export const DAEMON_PATH = [process.env.PATH ?? '', '/usr/local/sbin', '/usr/sbin', '/sbin'].filter(Boolean).join(':');

/** The whole environment of every program the harness runs: nothing else of ours leaks into a server. */
export const DAEMON_ENV: NodeJS.ProcessEnv = { PATH: DAEMON_PATH, LANG: 'C.UTF-8', TZ: 'UTC', NODE_ENV: process.env.NODE_ENV };

const works = new Map<string, boolean>();
function commandWorks(command: string, args: string[]): boolean {
  const key = [command, ...args].join(' ');
  if (!works.has(key)) {
    try {
      execFileSync(command, args, { env: DAEMON_ENV, stdio: 'ignore' });
      works.set(key, true);
    } catch {
      works.set(key, false);
    }
  }
  return works.get(key)!;
}

/** Whether this process may create PID namespaces (root outside an unprivileged container). */
export function canUsePidNamespace(): boolean {
  return commandWorks('unshare', ['--pid', '--fork', '--kill-child', 'true']);
}

/** Whether setpriv(1) can tie a child's life to ours (util-linux 2.33 and later). */
function canUseParentDeathSignal(): boolean {
  return commandWorks('setpriv', ['--pdeathsig', 'KILL', 'true']);
}

/** The command line that runs `command` contained as well as this machine allows. */
function containedCommand(command: string, args: readonly string[]): [string, string[]] {
  let argv = [command, ...args];
  // --kill-child: should unshare be killed, the namespace and everything in it goes too.
  if (canUsePidNamespace()) argv = ['unshare', '--pid', '--fork', '--kill-child', ...argv];
  // The parent-death signal is set on setpriv and kept across its exec of the rest.
  if (canUseParentDeathSignal()) argv = ['setpriv', '--pdeathsig', 'KILL', ...argv];
  return [argv[0]!, argv.slice(1)];
}

export function startDaemon(spec: DaemonSpec): Promise<Daemon> {
  const fd = openSync(spec.logFile, 'a');
  const [command, args] = containedCommand(spec.command, spec.args);
  const child = spawn(command, args, {
    cwd: spec.cwd,
    detached: true, // its own process group: kill(-pid) reaches every fork
    stdio: ['ignore', fd, fd],
    env: DAEMON_ENV,
  });
  closeSync(fd);
  let status: string | null = null;
  const exited = new Promise<void>((resolve) => {
    child.once('exit', (code, signal) => {
      status = signal ? `killed by ${signal}` : `exited with status ${code}`;
      resolve();
    });
  });

  return new Promise((resolve, reject) => {
    child.once('error', (err) => reject(new Error(`${spec.name}: cannot start ${spec.command}: ${err.message}`)));
    child.once('spawn', () => {
      const pid = child.pid!;
      const daemon: Daemon = {
        name: spec.name,
        pid,
        logFile: spec.logFile,
        exitStatus: () => status,
        async stop(graceMs = 5000) {
          signalGroup(pid, 'SIGTERM');
          const deadline = Date.now() + graceMs;
          while (groupAlive(pid) && Date.now() < deadline) await sleep(25);
          if (groupAlive(pid)) {
            signalGroup(pid, 'SIGKILL');
            for (let i = 0; i < 200 && groupAlive(pid); i++) await sleep(10);
          }
          // Let Node reap its own child, so not even a zombie of it is left.
          await Promise.race([exited, sleep(1000)]);
        },
        killNow: () => signalGroup(pid, 'SIGKILL'),
      };
      resolve(daemon);
    });
  });
}

export function signalGroup(pgid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pgid, signal);
  } catch {
    // ESRCH: the group is gone already.
  }
}

/**
 * Whether any live process of the group is left. Read from /proc rather than with kill(-pgid, 0):
 * a zombie (an exited fork whose new parent has not reaped it yet) still counts for kill but
 * holds no socket, and waiting on it could wait for ever.
 */
export function groupAlive(pgid: number): boolean {
  return groupMembers(pgid).length > 0;
}

/** Live (not zombie) processes whose process group is `pgid`. */
export function groupMembers(pgid: number): number[] {
  const members: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue; // exited while we looked
    }
    // pid (comm) state ppid pgrp …; comm may hold spaces and parentheses, so split after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (fields[0] !== 'Z' && Number(fields[2]) === pgid) members.push(Number(entry));
  }
  return members;
}

/** The last lines of a log, for an error message that says why a server did not come up. */
export function logTail(file: string, lines = 15): string {
  if (!existsSync(file)) return '(no log)';
  return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
}
