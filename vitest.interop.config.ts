import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

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
    globalSetup: ['scripts/interop/global-setup.ts'],
    // One set of servers for every file; files one after another, so timings stay readable.
    fileParallelism: false,
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
