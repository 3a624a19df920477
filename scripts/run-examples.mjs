// Runs every program in examples/ with tsx (which maps `incident-kit` to src/ through tsconfig paths) and fails if
// any of them exits non-zero, so the examples and the README quick start cannot rot.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';

const files = readdirSync('examples')
  .filter((name) => name.endsWith('.ts'))
  .sort();
let failed = 0;
for (const name of files) {
  const run = spawnSync(process.execPath, ['--import', 'tsx', `examples/${name}`], { encoding: 'utf8' });
  const ok = run.status === 0;
  if (!ok) failed += 1;
  console.log(`${ok ? 'ok  ' : 'FAIL'} examples/${name}`);
  if (!ok) console.log(run.stdout, run.stderr);
}
console.log(`examples: ${files.length - failed} of ${files.length} ran`);
process.exit(failed === 0 && files.length > 0 ? 0 : 1);
