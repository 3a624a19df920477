import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    // `incident-kit` and its subpaths (`incident-kit/text`, …) resolve to the sources, as a user imports them.
    alias: [
      {
        find: /^incident-kit\/([a-z-]+)$/,
        replacement: fileURLToPath(new URL('./src/$1/index.ts', import.meta.url)),
      },
      { find: /^incident-kit$/, replacement: fileURLToPath(new URL('./src/index.ts', import.meta.url)) },
    ],
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
