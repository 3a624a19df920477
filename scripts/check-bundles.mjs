// Size budgets and browser safety of the built package (run after `npm run build`):
//  1. importing only the severity functions from the package root pulls in neither xstate nor handlebars, and our
//     own code for it stays under 4 kB min+gzip;
//  2. the whole package's own code stays under its budget (see BUDGET_ALL);
//  3. the root entry bundled for the browser, dependencies included, contains no `node:` module and no Node global;
//  4. the built `incident-kit` command runs (the bin as published, not the source);
//  5. `incident-kit/oncall` stays within its own budgets (our code, and with its dependencies), the root import pulls
//     none of it in, and its escalation-policy schema alone leaves the schedule engine out.
import { spawnSync } from 'node:child_process';
import { gzipSync } from 'node:zlib';
import { buildSync } from 'esbuild';

const ROOT = new URL('../dist/index.js', import.meta.url).pathname;
const DEPENDENCIES = ['zod', 'xstate', 'xstate/*', 'handlebars', 'handlebars/*', 'date-fns', '@date-fns/tz'];
const BUDGET_SEVERITY = 4 * 1024;
// Our own code for everything (lifecycle, machine, messages, templates, schemas) measured 23.4 kB min+gzip when
// this budget was set; 28 kB leaves room for the next features without letting the size drift unnoticed.
const BUDGET_ALL = 28 * 1024;
// incident-kit/oncall measured 8.2 kB of our code and 100.6 kB with zod, date-fns/tz (zod is ~92 kB of that).
const BUDGET_ONCALL = 10 * 1024;
const BUDGET_ONCALL_WITH_DEPENDENCIES = 105 * 1024;
const ONCALL = new URL('../dist/oncall/index.js', import.meta.url).pathname;

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
    alias: { 'incident-kit': ROOT },
    ...options,
  });
  const output = result.outputFiles[0];
  const meta = Object.values(result.metafile.outputs)[0];
  return {
    text: output.text,
    gzip: gzipSync(output.contents).length,
    imports: meta.imports.map((entry) => entry.path),
    inputs: Object.keys(result.metafile.inputs),
    // Modules with code left in the output after tree-shaking (`inputs` also lists the ones shaken away).
    kept: Object.entries(meta.inputs)
      .filter(([, input]) => input.bytesInOutput > 0)
      .map(([path]) => path),
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

const oncall = bundle(`export * from '${ONCALL}';`, { external: DEPENDENCIES });
const oncallWithDependencies = bundle(`export * from '${ONCALL}';`);
if (oncall.gzip > BUDGET_ONCALL)
  failures.push(`incident-kit/oncall is ${kb(oncall.gzip)} > ${kb(BUDGET_ONCALL)}`);
if (oncallWithDependencies.gzip > BUDGET_ONCALL_WITH_DEPENDENCIES)
  failures.push(
    `incident-kit/oncall with dependencies is ${kb(oncallWithDependencies.gzip)} > ${kb(BUDGET_ONCALL_WITH_DEPENDENCIES)}`,
  );
const oncallInRoot = browser.inputs.filter((input) => input.includes('dist/oncall/'));
if (oncallInRoot.length > 0 || browser.text.includes('BEGIN:VCALENDAR'))
  failures.push(
    `the root import pulls in incident-kit/oncall: ${oncallInRoot.join(', ') || 'its iCalendar code'}`,
  );
const oncallNode = oncallWithDependencies.inputs.filter((input) => input.startsWith('node:'));
if (oncallNode.length > 0)
  failures.push(`incident-kit/oncall includes Node modules: ${oncallNode.join(', ')}`);
const policyOnly = bundle(`export { EscalationPolicySchema, getEscalationStep } from '${ONCALL}';`);
const engine = policyOnly.kept.filter((input) => input.includes('@date-fns/tz'));
if (engine.length > 0 || policyOnly.text.includes('BEGIN:VCALENDAR'))
  failures.push(`the escalation-policy schema pulls in the schedule engine: ${engine.join(', ')}`);
console.log(
  `oncall        : ${kb(oncall.gzip)} min+gzip of our code (budget ${kb(BUDGET_ONCALL)}), ${kb(oncallWithDependencies.gzip)} with dependencies (budget ${kb(BUDGET_ONCALL_WITH_DEPENDENCIES)}); not in the root import; policy schema alone ${kb(policyOnly.gzip)} without the schedule engine`,
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
