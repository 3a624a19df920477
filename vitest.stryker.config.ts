import { configDefaults, defineConfig, mergeConfig } from 'vitest/config';
import base from './vitest.config';

// The vitest configuration Stryker runs (stryker.config.mjs): the normal one, plus a pinned fast-check seed and
// scaled-down property runs (test/support/mutation-setup.ts), without the JSON report file.
//
// Test files share one module graph (`isolate: false`): Stryker switches mutants at run time, so the sources need
// not be loaded again for each file, and a mutant run costs its tests rather than the loading of every file they
// are in (about 3× faster here). A file that replaces a module with `vi.mock` keeps its own graph.
const MOCKING = ['test/integrations/signature-timing.test.ts'];

const forMutation = mergeConfig(
  base,
  defineConfig({
    test: {
      setupFiles: ['test/support/mutation-setup.ts'],
      env: { PROPERTY_RUNS_SCALE: process.env.PROPERTY_RUNS_SCALE ?? '0.1' },
      reporters: ['default'],
    },
  }),
);

export default mergeConfig(
  forMutation,
  defineConfig({
    test: {
      projects: [
        mergeConfig(forMutation, {
          test: { name: 'shared', isolate: false, exclude: [...configDefaults.exclude, ...MOCKING] },
        }),
        { ...forMutation, test: { ...forMutation.test, name: 'isolated', include: MOCKING } },
      ],
    },
  }),
);
