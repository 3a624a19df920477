import { defineConfig, mergeConfig } from 'vitest/config';
import base from './vitest.config';

// The vitest configuration Stryker runs (stryker.config.mjs): the normal one, plus a pinned fast-check seed and
// scaled-down property runs (test/support/mutation-setup.ts), without the JSON report file.
export default mergeConfig(
  base,
  defineConfig({
    test: {
      setupFiles: ['test/support/mutation-setup.ts'],
      env: { PROPERTY_RUNS_SCALE: process.env.PROPERTY_RUNS_SCALE ?? '0.1' },
      reporters: ['default'],
    },
  }),
);
