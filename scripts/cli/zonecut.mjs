#!/usr/bin/env node
// zonecut — the command line (package.json "bin"): `zonecut check <domain> [--json] …`.
// Our server modules `import 'server-only'`, which resolves only under React's server export
// condition (as inside Next), and they are TypeScript: run scripts/cli/run-cli.ts under Node with
// that condition and tsx's loader, from wherever the command was typed.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = new URL('../../', import.meta.url);
const child = spawn(
  process.execPath,
  ['--conditions=react-server', '--import', import.meta.resolve('tsx'), fileURLToPath(new URL('scripts/cli/run-cli.ts', root)), ...process.argv.slice(2)],
  // tsx finds the `@/` paths in tsconfig.json by the working directory unless told where it is.
  { stdio: 'inherit', env: { ...process.env, TSX_TSCONFIG_PATH: fileURLToPath(new URL('tsconfig.json', root)) } },
);
// The terminal sends SIGINT to both of us; a `kill` reaches only this process: pass it on.
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 3 : 0)));
