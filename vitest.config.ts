import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    alias: {
      '@/': fileURLToPath(new URL('./', import.meta.url)),
      // `server-only` throws outside React's server bundle; under test we are the server.
      'server-only': fileURLToPath(new URL('./scripts/support/empty-module.ts', import.meta.url)),
    },
  },
  test: {
    include: ['lib/**/*.test.ts', 'app/**/*.test.ts', 'components/**/*.test.ts', 'scripts/**/*.test.ts'],
    // Interop tests need real DNS servers: vitest.interop.config.ts starts them.
    exclude: ['**/node_modules/**', '**/*.interop.test.ts'],
    environment: 'node',
    // Before any test file loads a native module (libSQL): see the module.
    setupFiles: ['lib/exclude-network-from-reports.ts'],
    testTimeout: 20_000,
    pool: 'forks',
  },
});
