// @ts-check
/**
 * Mutation testing: `npm run test:mutation` (see docs/testing.md, "Mutation testing").
 * @type {import('@stryker-mutator/api/core').PartialStrykerOptions}
 */
export default {
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.stryker.config.ts' },
  coverageAnalysis: 'perTest',
  mutate: ['src/**/*.ts', '!src/cli/**', '!src/types/**'],
  concurrency: 1,
  incremental: true,
  incrementalFile: 'reports/stryker-incremental.json',
  reporters: ['clear-text', 'progress', 'html', 'json'],
  thresholds: { high: 90, low: 80, break: null },
  tempDirName: '.stryker-tmp',
  // Not copied into the sandbox: the reference service (its own node_modules, its own tests) and build output.
  ignorePatterns: ['/examples/incident-service', '/dist', '/docs/api', '/coverage', '/.runnable'],
};
