// Size budgets and browser safety of the built package (run after `npm run build`):
//  1. importing only the severity functions from the package root pulls in neither xstate nor handlebars, and our
//     own code for it stays under 4 kB min+gzip;
//  2. the whole package's own code stays under its budget (see BUDGET_ALL);
//  3. the root entry bundled for the browser, dependencies included, contains no `node:` module and no Node global;
//  4. the built `incident-kit` command runs (the bin as published, not the source);
//  5. `incident-kit/integrations` stays within its budget measured with its dependencies, and the root entry does
//     not pull any of it in.
import { spawnSync } from 'node:child_process';
import { gzipSync } from 'node:zlib';
import { buildSync } from 'esbuild';

const ROOT = new URL('../dist/index.js', import.meta.url).pathname;
const INTEGRATIONS = new URL('../dist/integrations/index.js', import.meta.url).pathname;
const DEPENDENCIES = ['zod', 'xstate', 'xstate/*', 'handlebars', 'handlebars/*', 'date-fns', '@date-fns/tz'];
const BUDGET_SEVERITY = 4 * 1024;
// Our own code for everything (lifecycle, machine, messages, templates, schemas) measured 23.4 kB min+gzip when
// this budget was set; 28 kB leaves room for the next features without letting the size drift unnoticed.
const BUDGET_ALL = 28 * 1024;

function bundle(source, options = {}) {
  const result = buildSync({
    stdin: { contents: source, resolveDir: process.cwd(), loader: 'js' },
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    write: false,
    metafile: true,
    logLevel: 'error',
    alias: { 'incident-kit/integrations': INTEGRATIONS, 'incident-kit': ROOT },
    ...options,
  });
  const output = result.outputFiles[0];
  const meta = Object.values(result.metafile.outputs)[0];
  return {
    text: output.text,
    gzip: gzipSync(output.contents).length,
    imports: meta.imports.map((entry) => entry.path),
    inputs: Object.keys(result.metafile.inputs),
  };
}

const failures = [];
const kb = (bytes) => `${(bytes / 1024).toFixed(2)} kB`;

const severity = bundle(
  "export { SEVERITIES, classifySeverity, compareSeverity, getSeverityPolicy, isMoreSevere } from 'incident-kit';",
  { external: DEPENDENCIES },
);
const heavy = severity.imports.filter((path) => path.startsWith('xstate') || path.startsWith('handlebars'));
if (heavy.length > 0) failures.push(`severity-only import pulls in ${[...new Set(heavy)].join(', ')}`);
if (severity.gzip > BUDGET_SEVERITY)
  failures.push(`severity-only import is ${kb(severity.gzip)} > ${kb(BUDGET_SEVERITY)}`);
console.log(
  `severity only : ${kb(severity.gzip)} min+gzip of our code (budget ${kb(BUDGET_SEVERITY)}), imports ${[...new Set(severity.imports)].join(', ')}`,
);

const all = bundle("export * from 'incident-kit';", { external: DEPENDENCIES });
if (all.gzip > BUDGET_ALL) failures.push(`whole package is ${kb(all.gzip)} > ${kb(BUDGET_ALL)}`);
console.log(`whole package : ${kb(all.gzip)} min+gzip of our code (budget ${kb(BUDGET_ALL)})`);

const browser = bundle("export * from 'incident-kit';");
const nodeInputs = browser.inputs.filter(
  (input) => input.startsWith('node:') || input.includes('(disabled)'),
);
if (nodeInputs.length > 0) failures.push(`browser bundle includes Node modules: ${nodeInputs.join(', ')}`);
const NODE_GLOBALS = [
  /(?<![\w$.])process\.(?:env|versions|nextTick|cwd)/,
  /(?<![\w$.])Buffer\./,
  /\b__dirname\b/,
  /\b__filename\b/,
  /(?<![\w$.])require\(/,
  /(?<![\w$.])setImmediate\(/,
];
for (const pattern of NODE_GLOBALS) {
  const found = pattern.exec(browser.text);
  if (found)
    failures.push(
      `browser bundle uses a Node global: …${browser.text.slice(Math.max(0, found.index - 40), found.index + 40)}…`,
    );
}
console.log(
  `browser bundle: ${kb(browser.gzip)} min+gzip with dependencies, ${browser.inputs.length} modules, no node: modules or Node globals${failures.length ? ' (see failures)' : ''}`,
);

// The integrations with everything they use (zod, handlebars for the chat messages, our core): measured at
// 146.3 kB (zod, handlebars and date-fns are most of it) when this budget was set, with room for the next adapters.
const BUDGET_INTEGRATIONS = 160 * 1024;
const integrations = bundle("export * from 'incident-kit/integrations';");
if (integrations.gzip > BUDGET_INTEGRATIONS)
  failures.push(`integrations are ${kb(integrations.gzip)} > ${kb(BUDGET_INTEGRATIONS)} with dependencies`);
const integrationNodeInputs = integrations.inputs.filter(
  (input) => input.startsWith('node:') || input.includes('(disabled)'),
);
if (integrationNodeInputs.length > 0)
  failures.push(`integrations bundle includes Node modules: ${integrationNodeInputs.join(', ')}`);
const leaked = browser.inputs.filter((input) => input.includes('dist/integrations'));
if (leaked.length > 0) failures.push(`the root entry pulls in the integrations: ${leaked.join(', ')}`);
console.log(
  `integrations  : ${kb(integrations.gzip)} min+gzip with dependencies (budget ${kb(BUDGET_INTEGRATIONS)}); root entry pulls in none of it`,
);

for (const args of [['diagram'], ['demo', '--json'], ['replay', 'examples/data/seed-incident.jsonl']]) {
  const run = spawnSync(process.execPath, ['dist/cli.js', ...args], { encoding: 'utf8' });
  if (run.status !== 0) failures.push(`dist/cli.js ${args.join(' ')} exited ${run.status}: ${run.stderr}`);
}
console.log(
  `bin           : dist/cli.js diagram, demo --json and replay ran${failures.length ? ' (see failures)' : ''}`,
);

if (failures.length > 0) {
  console.error(`bundle checks failed:\n- ${failures.join('\n- ')}`);
  process.exit(1);
}
