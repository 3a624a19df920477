// Size budgets and browser safety of the built package (run after `npm run build`), per public entry point:
//  1. every entry in package.json "exports" has its own budget, measured min+gzip twice: our own code (dependencies
//     external) and bundled for a browser with every dependency, as a user's bundler would ship it;
//  2. importing only the severity functions from the root pulls in neither xstate nor handlebars;
//  3. the root import pulls in no subpath (`incident-kit/oncall`, `incident-kit/integrations`, …);
//  4. each browser bundle contains no `node:` module and no Node global;
//  5. an error from the CommonJS build is recognised by the ESM build (two copies of the class);
//  6. the built `incident-kit` command runs (the bin as published, not the source);
//  7. the escalation-policy schema of `incident-kit/oncall` alone leaves the schedule engine (@date-fns/tz) out;
//  8. one adapter of `incident-kit/integrations` imported alone leaves every other adapter out.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { gzipSync } from 'node:zlib';
import { buildSync } from 'esbuild';

const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
const DEPENDENCIES = [...Object.keys(pkg.dependencies), ...Object.keys(pkg.peerDependencies)].flatMap(
  (name) => [name, `${name}/*`],
);
const KB = 1024;
// Budgets in bytes, min+gzip: `own` is our code alone, `browser` includes every dependency. Set with headroom over
// the size measured when each was set, so growth is a decision, not drift.
const BUDGETS = {
  // Issue 14: the whole root with its dependencies at most 100 kB (measured 75.9 kB after zod was imported as a
  // namespace and the built-in templates were compiled ahead of time; 168.4 kB before). Own code: 34.4 kB.
  '.': { own: 38 * KB, browser: 100 * KB },
  // Raised from 4.5 kB in issue 14: the one-scan check that spares most text escapeText's regular expressions (and
  // its table) measured 4.56 kB.
  './text': { own: 5 * KB, browser: 32 * KB },
  './integrations': { own: 34 * KB, browser: 66 * KB },
  // Measured 10.1 kB own and 36.5 kB with dependencies (issue 14).
  './oncall': { own: 11.5 * KB, browser: 42 * KB },
  // createRenderer and the template sources: Handlebars' compiler is most of it.
  './templates': { own: 20 * KB, browser: 90 * KB },
};
// Raised from 4 kB in issue 9 (argument checks): measured 4.3 kB.
const SEVERITY_ONLY_BUDGET = 4.75 * KB;
// Issue 14: classifySeverity and getSeverityPolicy with every dependency (zod, mostly).
const SEVERITY_BROWSER_BUDGET = 30 * KB;

const entries = Object.entries(pkg.exports)
  .filter(([subpath, target]) => typeof target === 'object' && !subpath.endsWith('.json'))
  .map(([subpath, target]) => ({
    subpath,
    file: new URL(`../${target.import.default}`, import.meta.url).pathname,
  }));

const failures = [];

function bundle(source, alias, options = {}) {
  const result = buildSync({
    stdin: { contents: source, resolveDir: process.cwd(), loader: 'js' },
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    write: false,
    metafile: true,
    logLevel: 'silent',
    alias,
    ...options,
  });
  const output = result.outputFiles[0];
  const meta = Object.values(result.metafile.outputs)[0];
  // A user's bundler must build the package without a warning (e.g. esbuild's ignored-bare-import).
  for (const warning of result.warnings) failures.push(`esbuild warns: ${warning.text}`);
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

const kb = (bytes) => `${(bytes / 1024).toFixed(2)} kB`;
const NODE_GLOBALS = [
  /(?<![\w$.])process\.(?:env|versions|nextTick|cwd)/,
  /(?<![\w$.])Buffer\./,
  /\b__dirname\b/,
  /\b__filename\b/,
  /(?<![\w$.])require\(/,
  /(?<![\w$.])setImmediate\(/,
];

for (const { subpath, file } of entries) {
  const name = `incident-kit${subpath.slice(1)}`;
  const alias = { [name]: file };
  const budget = BUDGETS[subpath];
  if (!budget) {
    failures.push(`${name} has no size budget in scripts/check-bundles.mjs`);
    continue;
  }
  const own = bundle(`export * from '${name}';`, alias, { external: DEPENDENCIES });
  const browser = bundle(`export * from '${name}';`, alias);
  if (own.gzip > budget.own) failures.push(`${name}: own code ${kb(own.gzip)} > ${kb(budget.own)}`);
  if (browser.gzip > budget.browser)
    failures.push(`${name}: with dependencies ${kb(browser.gzip)} > ${kb(budget.browser)}`);
  const nodeInputs = browser.inputs.filter(
    (input) => input.startsWith('node:') || input.includes('(disabled)'),
  );
  if (nodeInputs.length > 0) failures.push(`${name} bundles Node modules: ${nodeInputs.join(', ')}`);
  for (const pattern of NODE_GLOBALS) {
    const found = pattern.exec(browser.text);
    if (found)
      failures.push(
        `${name} uses a Node global: …${browser.text.slice(Math.max(0, found.index - 40), found.index + 40)}…`,
      );
  }
  if (subpath === '.') {
    const subpathDirs = entries.filter((e) => e.subpath !== '.').map((e) => `/dist/${e.subpath.slice(2)}/`);
    const leaked = own.inputs.filter((input) => subpathDirs.some((dir) => input.includes(dir)));
    if (leaked.length > 0) failures.push(`the root import pulls in subpath modules: ${leaked.join(', ')}`);
  }
  console.log(
    `${name.padEnd(28)} own ${kb(own.gzip).padStart(9)} (budget ${kb(budget.own)}), with dependencies ${kb(browser.gzip).padStart(9)} (budget ${kb(budget.browser)}), ${browser.inputs.length} modules`,
  );
}

const severity = bundle(
  "export { SEVERITIES, classifySeverity, compareSeverity, getSeverityPolicy, isMoreSevere } from 'incident-kit';",
  { 'incident-kit': entries.find((e) => e.subpath === '.').file },
  { external: DEPENDENCIES },
);
const heavy = severity.imports.filter((path) => path.startsWith('xstate') || path.startsWith('handlebars'));
if (heavy.length > 0) failures.push(`severity-only import pulls in ${[...new Set(heavy)].join(', ')}`);
if (severity.gzip > SEVERITY_ONLY_BUDGET)
  failures.push(`severity-only import is ${kb(severity.gzip)} > ${kb(SEVERITY_ONLY_BUDGET)}`);
console.log(
  `${'severity functions only'.padEnd(28)} own ${kb(severity.gzip).padStart(9)} (budget ${kb(SEVERITY_ONLY_BUDGET)}), imports ${[...new Set(severity.imports)].join(', ')}`,
);

const severityBrowser = bundle("export { classifySeverity, getSeverityPolicy } from 'incident-kit';", {
  'incident-kit': entries.find((e) => e.subpath === '.').file,
});
if (severityBrowser.gzip > SEVERITY_BROWSER_BUDGET)
  failures.push(
    `classifySeverity + getSeverityPolicy with dependencies is ${kb(severityBrowser.gzip)} > ${kb(SEVERITY_BROWSER_BUDGET)}`,
  );
console.log(
  `${'classify + policy, browser'.padEnd(28)} with dependencies ${kb(severityBrowser.gzip).padStart(9)} (budget ${kb(SEVERITY_BROWSER_BUDGET)})`,
);

// The built-in messages render without Handlebars: only `incident-kit/templates` brings it.
const renderOnly = bundle(
  "export { renderInternalUpdate, renderStatusPageUpdate, renderPostmortem, deriveInternalUpdate } from 'incident-kit';",
  { 'incident-kit': entries.find((e) => e.subpath === '.').file },
);
const template = renderOnly.kept.filter((input) => input.includes('handlebars'));
if (template.length > 0)
  failures.push(`rendering the built-in messages bundles Handlebars: ${template.join(', ')}`);
console.log(
  `${'built-in messages, browser'.padEnd(28)} with dependencies ${kb(renderOnly.gzip).padStart(9)}, no Handlebars`,
);

// The lifecycle core may import the escalation-policy schema: it must not bring the schedule engine with it.
const policyOnly = bundle(
  "export { EscalationPolicySchema, getEscalationStep } from 'incident-kit/oncall';",
  { 'incident-kit/oncall': entries.find((e) => e.subpath === './oncall').file },
);
const engine = policyOnly.kept.filter((input) => input.includes('@date-fns/tz'));
if (engine.length > 0 || policyOnly.text.includes('BEGIN:VCALENDAR'))
  failures.push(`the escalation-policy schema pulls in the schedule engine: ${engine.join(', ')}`);
console.log(
  `${'escalation policy only'.padEnd(28)} with dependencies ${kb(policyOnly.gzip).padStart(9)}, without the schedule engine`,
);

// A bundler keeps only the adapters a host imports: each adapter alone carries none of the others' code, recognised
// by a string only that adapter's function holds (its error labels and messages).
const ADAPTERS = {
  parseAlertmanagerWebhook: 'Alertmanager notification',
  parseGrafanaWebhook: 'Grafana notification',
  parsePagerDutyWebhook: 'v2 delivery',
  parseGenericAlert: 'generic alert',
  toPagerDutyEvent: 'PagerDuty event options',
  toOpsgenieAlert: 'Opsgenie alert options',
  toStatuspageIncident: 'Statuspage options',
  toSlackPostMessage: 'Slack message options',
  toTeamsWebhookMessage: '(message shortened)',
};
const integrations = {
  'incident-kit/integrations': entries.find((e) => e.subpath === './integrations').file,
};
const everything = bundle("export * from 'incident-kit/integrations';", integrations, {
  external: DEPENDENCIES,
});
for (const [name, marker] of Object.entries(ADAPTERS)) {
  if (!everything.text.includes(marker))
    failures.push(`integrations: the marker of ${name} is gone: ${marker}`);
  const alone = bundle(`export { ${name} } from 'incident-kit/integrations';`, integrations, {
    external: DEPENDENCIES,
  });
  const others = Object.entries(ADAPTERS).filter(
    ([other, text]) => other !== name && alone.text.includes(text),
  );
  if (!alone.text.includes(marker))
    failures.push(`integrations: ${name} alone lacks its own marker: ${marker}`);
  if (others.length > 0)
    failures.push(`integrations: ${name} alone also bundles ${others.map(([other]) => other).join(', ')}`);
}
console.log(
  `${'integrations, per adapter'.padEnd(28)} each of ${Object.keys(ADAPTERS).length} adapters alone leaves the others out`,
);

// Two copies of the class: the CommonJS build and the ESM build, as `require()` and `import` load them.
const cjs = createRequire(import.meta.url)('../dist/cjs/index.cjs');
const esm = await import('../dist/index.js');
const fromCjs = new cjs.IncidentKitError('invalid_input', 'from require()');
if (!esm.isIncidentKitError(fromCjs) || !(fromCjs instanceof esm.IncidentKitError))
  failures.push('an error from the CommonJS build is not recognised by the ESM build');
console.log(`${'error across ESM and CJS'.padEnd(28)} isIncidentKitError and instanceof hold`);

for (const args of [
  ['diagram'],
  ['demo', '--json'],
  ['replay', 'examples/data/auth-service-incident.jsonl'],
]) {
  const run = spawnSync(process.execPath, ['dist/cli.js', ...args], { encoding: 'utf8' });
  if (run.status !== 0) failures.push(`dist/cli.js ${args.join(' ')} exited ${run.status}: ${run.stderr}`);
}
console.log(`${'bin'.padEnd(28)} dist/cli.js diagram, demo --json and replay ran`);

if (failures.length > 0) {
  console.error(`bundle checks failed:\n- ${failures.join('\n- ')}`);
  process.exit(1);
}
