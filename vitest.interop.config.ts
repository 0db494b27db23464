import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import { INTEROP_DOH_CERT_FILE } from './scripts/interop/interop-layout';

// The interop stage of `npm test`: the lab on real DNS software (NSD, Knot, BIND, Unbound with
// DoH), started once on loopback by scripts/interop/global-setup.ts, and the tests that query it.
// Needs root: port 53, and addresses on lo for BIND.
export default defineConfig({
  resolve: {
    alias: {
      '@/': fileURLToPath(new URL('./', import.meta.url)),
      // `server-only` throws outside React's server bundle; under test we are the server.
      'server-only': fileURLToPath(new URL('./scripts/support/empty-module.ts', import.meta.url)),
    },
  },
  test: {
    include: ['scripts/interop/**/*.interop.test.ts', 'lib/**/*.interop.test.ts'],
    environment: 'node',
    // Before any test file loads a native module (libSQL): see the module.
    setupFiles: ['lib/exclude-network-from-reports.ts'],
    globalSetup: ['scripts/interop/global-setup.ts'],
    // One set of servers for every file; files one after another, so timings stay readable.
    fileParallelism: false,
    pool: 'forks',
    // The app's DoH transport (lib/run-check.ts) trusts what Node trusts, as in deployment, so the
    // walker's tests need Unbound's self-signed certificate among Node's CAs. Node reads
    // NODE_EXTRA_CA_CERTS once, at start: setting process.env in a test is too late. Each fork
    // gets { ...process.env, ...test.env } in its environment when it is spawned, which is after
    // the global setup has written the file (and Node loads the file lazily, at the first TLS
    // connection, in any case). This replaces whatever NODE_EXTRA_CA_CERTS the shell had, in the
    // workers only: they talk to loopback and nothing else.
    env: { NODE_EXTRA_CA_CERTS: INTEROP_DOH_CERT_FILE },
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
