import { defineConfig, globalIgnores } from 'eslint/config';
import nextVitals from 'eslint-config-next/core-web-vitals';
import nextTs from 'eslint-config-next/typescript';

// The operating system's resolver is never evidence and may sit outside the network under test.
const NO_OS_RESOLVER = [
  { name: 'dns', message: 'Never resolve names through the operating system (see product.md).' },
  { name: 'node:dns', message: 'Never resolve names through the operating system (see product.md).' },
  { name: 'dns/promises', message: 'Never resolve names through the operating system.' },
  { name: 'node:dns/promises', message: 'Never resolve names through the operating system.' },
];

// Floors (architecture.md): only run-check.ts knows that the lab exists. The walker, the checks
// and the report's views run on any capture, so they never import lib/lab (their tests may use
// the lab as a fixture). A later block's options replace an earlier one's, so the resolver paths
// are repeated here.
const NO_LAB = {
  group: ['@/lib/lab', '@/lib/lab/*', '**/lib/lab/*', '../lab', '../lab/*', '../../lab/*'],
  message: 'Only lib/run-check.ts knows the lab: lib/dns, lib/checks and lib/report never import lib/lab (architecture.md, floors).',
};

export default defineConfig([
  ...nextVitals,
  ...nextTs,
  globalIgnores(['.next/**', 'node_modules/**', 'data/**', 'test-results/**', 'playwright-report/**', 'next-env.d.ts', '.tmp/**']),
  {
    rules: {
      'no-restricted-imports': ['error', { paths: NO_OS_RESOLVER }],
    },
  },
  {
    files: ['lib/dns/**', 'lib/checks/**', 'lib/report/**'],
    ignores: ['**/*.test.ts', '**/*.test.tsx'],
    rules: {
      'no-restricted-imports': ['error', { paths: NO_OS_RESOLVER, patterns: [NO_LAB] }],
    },
  },
]);
