#!/usr/bin/env node
// `npm start [-- --host <ip>]`: build when there is no current build, then serve (scripts/serve.mjs:
// Node's HTTP server in front of Next, answering recent stored-status badges from memory).
// "Current" means built from exactly these sources: a fingerprint of every file that goes into the
// build is kept beside it.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const nextBin = join(root, 'node_modules', 'next', 'dist', 'bin', 'next');
const stamp = join(root, '.next', 'zonecut-source-hash');
const INPUTS = ['app', 'components', 'lib', 'public', 'package-lock.json', 'next.config.js', 'tsconfig.json', 'postcss.config.mjs'];

function* files(path) {
  if (!existsSync(path)) return;
  const st = statSync(path);
  if (st.isFile()) {
    if (!/\.test\.ts$/.test(path)) yield path;
    return;
  }
  for (const name of readdirSync(path).sort()) yield* files(join(path, name));
}

export function sourceHash() {
  const h = createHash('sha256');
  for (const input of INPUTS) {
    for (const f of files(join(root, input))) {
      h.update(relative(root, f)).update('\0').update(readFileSync(f)).update('\0');
    }
  }
  return h.digest('hex');
}

export function ensureBuild({ quiet = false } = {}) {
  const hash = sourceHash();
  const current = existsSync(join(root, '.next', 'BUILD_ID')) && existsSync(stamp) && readFileSync(stamp, 'utf8') === hash;
  if (current) return;
  if (!quiet) console.log('zonecut: no current build, building (about a minute)…');
  const r = spawnSync(process.execPath, [nextBin, 'build'], {
    cwd: root,
    stdio: quiet ? 'pipe' : 'inherit',
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' },
  });
  if (r.status !== 0) {
    if (quiet) process.stderr.write(`${r.stdout}${r.stderr}`);
    console.error('zonecut: the build failed (see above)');
    process.exit(r.status ?? 1);
  }
  writeFileSync(stamp, hash);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { main } = await import('./serve.mjs');
  await main(process.argv.slice(2), { beforeServe: () => ensureBuild() });
}
