import { defineConfig } from 'tsup';

// Public entry points: the root and each subpath (each gets its own types for ESM and CJS).
const entries = { index: 'src/index.ts', 'oncall/index': 'src/oncall/index.ts' };

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
    dts: { entry: entries },
    outExtension: () => ({ js: '.js' }),
  },
  {
    // CommonJS consumers get one file per entry point; code they share (the error class above all, so
    // `instanceof IncidentKitError` holds across the root and a subpath) sits in chunks both require.
    ...shared,
    entry: entries,
    format: ['cjs'],
    platform: 'neutral',
    splitting: true,
    dts: { entry: entries },
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
