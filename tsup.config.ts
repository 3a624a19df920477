import { defineConfig } from 'tsup';

/**
 * The package's public entry points: the root (the domain) and its subpaths. Each one gets ESM (one module per
 * source file), CommonJS, and declarations for both; package.json's "exports" maps `incident-kit/<name>` to them.
 */
export const ENTRIES = {
  index: 'src/index.ts',
  text: 'src/text/index.ts',
  integrations: 'src/integrations/index.ts',
  oncall: 'src/oncall/index.ts',
  templates: 'src/templates/index.ts',
} as const;

const shared = {
  sourcemap: true,
  target: 'es2022',
  tsconfig: 'tsconfig.src.json',
  platform: 'neutral',
  // Shared code lives in chunks, so every entry uses the same IncidentKitError class and the same schemas.
  splitting: true,
  dts: { entry: ENTRIES },
} as const;

export default defineConfig([
  {
    // ESM keeps one module per source file (every file an entry, shared code split out), so with
    // "sideEffects": false a bundler drops whole modules: importing only the severity functions leaves xstate and
    // handlebars out.
    ...shared,
    entry: ['src/**/*.ts', '!src/types/**', '!src/cli/**'],
    format: ['esm'],
    outExtension: () => ({ js: '.js' }),
  },
  {
    // CommonJS: one file per entry point, with code shared between entries in common chunks (tsup's CJS splitting),
    // so `require('incident-kit')` and `require('incident-kit/text')` share one module graph.
    ...shared,
    entry: ENTRIES,
    format: ['cjs'],
    outDir: 'dist/cjs',
    outExtension: () => ({ js: '.cjs' }),
  },
  {
    // The `incident-kit` command: a Node program, one file, the library bundled in.
    sourcemap: true,
    target: 'es2022',
    tsconfig: 'tsconfig.json',
    entry: { cli: 'src/cli/main.ts' },
    format: ['esm'],
    platform: 'node',
    outExtension: () => ({ js: '.js' }),
  },
]);
