#!/usr/bin/env node
// npm run worker — works queued jobs (scans, watches, webhooks) from PostgreSQL. As the command line
// (scripts/cli/zonecut.mjs): our server modules need React's server condition and tsx's loader.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = new URL('../../', import.meta.url);
const child = spawn(
  process.execPath,
  ['--conditions=react-server', '--import', import.meta.resolve('tsx'), fileURLToPath(new URL('scripts/worker/run-worker.ts', root)), ...process.argv.slice(2)],
  { stdio: 'inherit', env: { ...process.env, TSX_TSCONFIG_PATH: fileURLToPath(new URL('tsconfig.json', root)) } },
);
// A `kill` (SIGTERM from a process manager) reaches only this process: pass it on, then exit as
// the worker does, once it has stopped gracefully.
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 3 : 0)));
