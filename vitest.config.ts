import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    alias: {
      // Before the root: an alias also matches subpaths of its name.
      'incident-kit/oncall': fileURLToPath(new URL('./src/oncall/index.ts', import.meta.url)),
      'incident-kit': fileURLToPath(new URL('./src/index.ts', import.meta.url)),
    },
  },
  test: {
    include: ['test/**/*.test.ts'],
    // Property and model-based tests run thousands of cases; on a loaded 2-core CI machine they need more than the
    // default 5 s. Nothing here asserts on time.
    testTimeout: 120_000,
    reporters: ['default', 'json'],
    outputFile: { json: '.vitest-report.json' },
  },
});
