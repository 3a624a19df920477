import { defineConfig } from 'tsup';

const shared = {
  sourcemap: true,
  target: 'es2022',
  tsconfig: 'tsconfig.src.json',
} as const;

export default defineConfig([
  {
    // ESM keeps one module per source file (every file an entry, shared code split out), so with
    // "sideEffects": false a bundler drops whole modules: importing only the severity functions leaves xstate and
    // handlebars out.
    ...shared,
    entry: ['src/**/*.ts', '!src/types/**', '!src/cli/**'],
    format: ['esm'],
    platform: 'neutral',
    splitting: true,
    dts: { entry: { index: 'src/index.ts', integrations: 'src/integrations/index.ts' } },
    outExtension: () => ({ js: '.js' }),
  },
  {
    // CommonJS consumers get one bundle per entry.
    ...shared,
    entry: { index: 'src/index.ts', integrations: 'src/integrations/index.ts' },
    format: ['cjs'],
    platform: 'neutral',
    dts: { entry: { index: 'src/index.ts', integrations: 'src/integrations/index.ts' } },
    outExtension: () => ({ js: '.cjs' }),
  },
  {
    // The `incident-kit` command: a Node program, one file, the library bundled in.
    ...shared,
    tsconfig: 'tsconfig.json',
    entry: { cli: 'src/cli/main.ts' },
    format: ['esm'],
    platform: 'node',
    outExtension: () => ({ js: '.js' }),
  },
]);
