// Builds the service (one ESM file for Node, dependencies left in node_modules) and the dashboard (one ESM file for
// the browser with incident-kit bundled in), and copies the dashboard's page and stylesheet next to it.
import { copyFileSync, mkdirSync, rmSync, statSync } from 'node:fs';
import { build } from 'esbuild';

rmSync('dist', { recursive: true, force: true });
mkdirSync('dist/public', { recursive: true });
await build({
  entryPoints: ['src/main.ts'],
  outfile: 'dist/main.js',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  sourcemap: true,
  logLevel: 'warning',
});
await build({
  entryPoints: ['src/dashboard/main.ts'],
  outfile: 'dist/public/dashboard.js',
  bundle: true,
  platform: 'browser',
  format: 'esm',
  target: 'es2022',
  minify: true,
  sourcemap: true,
  logLevel: 'warning',
  // incident-kit's dist/index.js imports some shared chunks for nothing but their side effects, and declares it
  // has none ("sideEffects": false), so esbuild drops those imports, rightly, and says so for each one.
  logOverride: { 'ignored-bare-import': 'silent' },
});
for (const file of ['index.html', 'dashboard.css'])
  copyFileSync(`src/dashboard/${file}`, `dist/public/${file}`);
const size = statSync('dist/public/dashboard.js').size;
console.log(
  `built dist/main.js and dist/public/dashboard.js (${Math.round(size / 1024)} KiB, incident-kit included)`,
);
