// dig, the reference the interop tests compare our decoder with. Always to an IP literal (dig's
// own resolver is never consulted: every query names its server with @address).
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { DAEMON_ENV } from './daemon-process';

export interface DigResult {
  /** dig's exit status: 0 when a reply came back, 9 when none did (dig(1)). */
  status: number;
  stdout: string;
  stderr: string;
}

export function runDig(args: readonly string[], timeoutMs = 10_000): Promise<DigResult> {
  if (!args.some((a) => /^@(\d+\.\d+\.\d+\.\d+|[0-9a-f:]+)$/i.test(a))) {
    return Promise.reject(new Error(`dig ${args.join(' ')}: no @ip-literal server; the harness never lets dig pick one`));
  }
  return new Promise((resolve) => {
    execFile('dig', [...args], { env: DAEMON_ENV, timeout: timeoutMs, encoding: 'utf8' }, (err, stdout, stderr) => {
      const code = err && typeof (err as { code?: unknown }).code === 'number' ? (err as { code: number }).code : err ? 1 : 0;
      resolve({ status: code, stdout, stderr });
    });
  });
}

/** The header line `;; ->>HEADER<<- opcode: QUERY, status: NOERROR, id: 1` and the flags line. */
export function digHeader(stdout: string): { rcode: string; flags: string[] } | null {
  const status = /status: ([A-Z0-9]+)/.exec(stdout);
  const flags = /;; flags: ([a-z ]*);/.exec(stdout);
  if (!status) return null;
  return { rcode: status[1]!, flags: (flags?.[1] ?? '').split(' ').filter(Boolean) };
}

/** The flags that make dig print what parseDigOutput (dig-view.ts) reads, and nothing else. */
export const DIG_VIEW_FLAGS = ['+noall', '+comments', '+answer', '+authority', '+additional', '+nosplit'] as const;

/**
 * Runs a command line as digCommand() (lib/dns/wire) writes it for a finding's evidence, with
 * `extra` flags after it: the command a person would paste is the one the test runs. Without a
 * shell: lab names never need quoting, and a quoted word fails here rather than being guessed.
 */
export function runDigCommand(command: string, extra: readonly string[] = DIG_VIEW_FLAGS): Promise<DigResult> {
  const words = command.split(' ');
  if (words[0] !== 'dig' || words.some((w) => /['"\\$`]/.test(w))) throw new Error(`not a plain dig command: ${command}`);
  return runDig([...words.slice(1), ...extra]);
}

/**
 * Many digCommand() lines in one dig process (`dig -f`, one query per line): spawning dig costs
 * more than the query. Returns each query's output in order, or null when the outputs cannot be
 * told apart (a query got no answer), so the caller can ask one by one instead.
 */
export async function runDigBatch(commands: readonly string[], batchFile: string, extra: readonly string[] = DIG_VIEW_FLAGS): Promise<string[] | null> {
  const lines = commands.map((command) => {
    const words = command.split(' ');
    if (words[0] !== 'dig' || words.some((w) => /['"\\$`]/.test(w)) || !/^@[0-9a-f.:]+$/i.test(words[1] ?? '')) {
      throw new Error(`not a plain dig command to an IP literal: ${command}`);
    }
    return words.slice(1).join(' ');
  });
  writeFileSync(batchFile, lines.join('\n') + '\n');
  const r = await new Promise<DigResult>((resolve) => {
    execFile('dig', ['-f', batchFile, ...extra], { env: DAEMON_ENV, timeout: 60_000, encoding: 'utf8', maxBuffer: 64 << 20 }, (err, stdout, stderr) => {
      resolve({ status: err ? 1 : 0, stdout, stderr });
    });
  });
  const parts = r.stdout.split(';; Got answer:\n').slice(1);
  return parts.length === commands.length ? parts : null;
}
