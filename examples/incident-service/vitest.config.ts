import { defineConfig } from 'vitest/config';

export default defineConfig({
  // Keep the linked incident-kit under node_modules, so vitest loads it as a dependency, like a user's app does.
  resolve: { preserveSymlinks: true },
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    // Each file starts real servers (PostgreSQL, Alertmanager, Chromium, workers): one file at a time on 2 cores.
    fileParallelism: false,
    // Bounds, not expectations: every wait inside a test has its own shorter deadline.
    testTimeout: 240_000,
    hookTimeout: 180_000,
    reporters: ['default', 'json'],
    outputFile: { json: '.vitest-report.json' },
  },
});
