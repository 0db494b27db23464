#!/usr/bin/env node
// `npm test`: every test, in order of speed — lint, types, unit and lab tests, interop with real DNS
// servers, then the pages in real Chromium — and one closing line `N passed, N failed`.
// Every stage runs even when an earlier one fails, so one run shows everything that is wrong.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const tmp = join(root, '.tmp');
mkdirSync(tmp, { recursive: true });
const bin = (name) => join(root, 'node_modules', '.bin', name);
const env = { ...process.env, NEXT_TELEMETRY_DISABLED: '1', FORCE_COLOR: process.stdout.isTTY ? '1' : '0' };

const only = process.argv.slice(2); // e.g. `npm test -- unit e2e`
const results = [];

function run(cmd, args, extraEnv = {}) {
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: { ...env, ...extraEnv } });
  return r.status ?? 1;
}

function readJson(path) {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return null;
  }
}

function stage(name, fn) {
  if (only.length && !only.includes(name)) return;
  console.log(`\n━━ ${name} ━━`);
  const started = Date.now();
  const r = fn();
  r.seconds = Math.round((Date.now() - started) / 100) / 10;
  results.push({ name, ...r });
}

/** A stage that is one pass/fail check (lint, types). */
const single = (status) => ({ passed: status === 0 ? 1 : 0, failed: status === 0 ? 0 : 1, skipped: 0 });

/** Vitest: counts from its JSON report; a crash with no report counts as one failure. */
function vitest(config, report) {
  rmSync(report, { force: true });
  const status = run(bin('vitest'), ['run', '--config', config, '--reporter=default', '--reporter=json', `--outputFile.json=${report}`]);
  const j = readJson(report);
  if (!j) return { passed: 0, failed: 1, skipped: 0 };
  const failed = j.numFailedTests + (status !== 0 && j.numFailedTests === 0 ? 1 : 0);
  return { passed: j.numPassedTests, failed, skipped: j.numPendingTests + (j.numTodoTests ?? 0) };
}

stage('system', () => single(run('bash', [join(root, 'scripts', 'ensure-system-deps.sh')])));
// Lint is ESLint and the formatter: `npm run format` rewrites what `prettier --check` refuses.
const FORMATTED = '**/*.{ts,tsx,js,mjs,cjs,css}';
stage('lint', () => {
  const eslint = run(bin('eslint'), ['.', '--max-warnings=0']);
  const prettier = run(bin('prettier'), ['--check', '--log-level=warn', FORMATTED]);
  return single(eslint === 0 && prettier === 0 ? 0 : 1);
});
stage('types', () => single(run(bin('tsc'), ['--noEmit', '-p', '.'])));
stage('unit', () => vitest('vitest.config.ts', join(tmp, 'vitest-unit.json')));
if (existsSync(join(root, 'vitest.interop.config.ts'))) {
  stage('interop', () => vitest('vitest.interop.config.ts', join(tmp, 'vitest-interop.json')));
}
stage('e2e', () => {
  const report = join(tmp, 'playwright.json');
  rmSync(report, { force: true });
  const status = run(bin('playwright'), ['test']);
  const s = readJson(report)?.stats;
  if (!s) return { passed: 0, failed: 1, skipped: 0 };
  const failed = s.unexpected + (status !== 0 && s.unexpected === 0 ? 1 : 0);
  return { passed: s.expected + s.flaky, failed, skipped: s.skipped };
});

console.log('\n━━ summary ━━');
for (const r of results) {
  console.log(
    `${r.name.padEnd(8)} ${String(r.passed).padStart(5)} passed ${String(r.failed).padStart(3)} failed ${String(r.skipped).padStart(3)} skipped  ${r.seconds}s`,
  );
}
const passed = results.reduce((n, r) => n + r.passed, 0);
const failed = results.reduce((n, r) => n + r.failed, 0);
const skipped = results.reduce((n, r) => n + r.skipped, 0);
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed === 0 && results.length > 0 ? 0 : 1);
