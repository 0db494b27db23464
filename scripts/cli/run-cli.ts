// zonecut check <domain> — the command line, run by scripts/cli/zonecut.mjs under tsx with React's
// server condition. Reads flags and environment into one Config (lib/config.ts), runs the one
// entry point (runCheck), prints the tree or the JSON report, and exits with a status a script can
// act on (scripts/cli/cli-exit-code.ts). Messages about the run go to stderr, the report to stdout.
import '@/lib/exclude-network-from-reports';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { EXIT_COULD_NOT_CHECK, EXIT_OK, cliExitCode, nothingAnswered, type CliExitCode } from '@/scripts/cli/cli-exit-code';
import { formatReportText, clean } from '@/scripts/cli/format-report-text';
import { USAGE, parseCliArgs } from '@/scripts/cli/parse-cli-args';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

function finish(code: CliExitCode, stdout = '', stderr = ''): void {
  if (stderr) process.stderr.write(stderr.endsWith('\n') ? stderr : `${stderr}\n`);
  // Exit once stdout is flushed: a large report into a pipe must not be cut short, and open
  // connections (the DoH session) must not keep the process alive.
  process.stdout.write(stdout, () => process.exit(code));
}

async function main(): Promise<void> {
  const command = parseCliArgs(process.argv.slice(2), process.env);
  if (command.kind === 'help') return finish(EXIT_OK, `${USAGE}\n`);
  if (command.kind === 'usage-error') return finish(EXIT_COULD_NOT_CHECK, '', `zonecut: ${command.message} (zonecut --help for usage)`);

  const { ConfigError, loadConfig } = await import('@/lib/config');
  let config;
  try {
    // Relative paths (ZONECUT_TRUST_ANCHOR) are the user's, read before moving below.
    config = loadConfig(command.env, { readFile: (file) => readFileSync(path.resolve(file), 'utf8') });
  } catch (err) {
    if (err instanceof ConfigError) return finish(EXIT_COULD_NOT_CHECK, '', `zonecut: ${configErrorLine(err.message, command.flags)}`);
    throw err;
  }
  // The lab reads its zone files from lib/lab/zones under the working directory.
  process.chdir(REPO_ROOT);

  const { runCheck } = await import('@/lib/run-check');
  const result = await runCheck(command.domain, { config, ...(command.timeoutMs !== undefined ? { timeoutMs: command.timeoutMs } : {}) });
  if (!result.ok) return finish(EXIT_COULD_NOT_CHECK, '', `zonecut: "${clean(command.domain)}" is not a domain name: ${result.error.message}`);

  const { report, mode } = result;
  const code = cliExitCode(report);
  let why = '';
  if (code === EXIT_COULD_NOT_CHECK) {
    why = nothingAnswered(report)
      ? `zonecut: could not check ${report.domain}: no server answered (${mode === 'lab' ? 'lab' : 'is the network reachable? see --root-hints, --allow'})`
      : `zonecut: could not check ${report.domain}: the check ended "${report.capture.outcome}" before finding anything`;
  }
  const color = process.stdout.isTTY === true && !process.env.NO_COLOR;
  const stdout = command.json ? `${JSON.stringify(report)}\n` : formatReportText(report, { color, mode });
  finish(code, stdout, why);
}

/** ConfigError's list as one line, naming the flag where a flag set the variable. */
function configErrorLine(message: string, flags: Record<string, string>): string {
  const [head, ...items] = message
    .split('\n')
    .map((l) => l.replace(/^\s*-\s*/, '').trim())
    .filter(Boolean);
  const text = items.length > 0 ? `${(head ?? '').replace(/:$/, '').toLowerCase()}: ${items.join('; ')}` : (head ?? message);
  return Object.entries(flags).reduce((t, [variable, flag]) => t.replaceAll(variable, flag), text);
}

main().catch((err: unknown) => {
  finish(EXIT_COULD_NOT_CHECK, '', `zonecut: internal error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
});
