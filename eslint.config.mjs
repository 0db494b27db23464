import { defineConfig, globalIgnores } from 'eslint/config';
import nextVitals from 'eslint-config-next/core-web-vitals';
import nextTs from 'eslint-config-next/typescript';

export default defineConfig([
  ...nextVitals,
  ...nextTs,
  globalIgnores(['.next/**', 'node_modules/**', 'data/**', 'test-results/**', 'playwright-report/**', 'next-env.d.ts', '.tmp/**']),
  {
    rules: {
      // The operating system's resolver is never evidence and may sit outside the network under test.
      'no-restricted-imports': ['error', {
        paths: [
          { name: 'dns', message: 'Never resolve names through the operating system (see product.md).' },
          { name: 'node:dns', message: 'Never resolve names through the operating system (see product.md).' },
          { name: 'dns/promises', message: 'Never resolve names through the operating system.' },
          { name: 'node:dns/promises', message: 'Never resolve names through the operating system.' },
        ],
      }],
    },
  },
]);
