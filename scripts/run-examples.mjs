// Runs every program in examples/ and every ```ts runnable code block of README.md with tsx (which maps
// `incident-kit` to src/ through tsconfig paths), and fails if any of them exits non-zero, so the examples and the
// README cannot rot.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';

const programs = readdirSync('examples')
  .filter((name) => name.endsWith('.ts'))
  .sort()
  .map((name) => `examples/${name}`);

rmSync('.runnable', { recursive: true, force: true });
mkdirSync('.runnable');
const blocks = [...readFileSync('README.md', 'utf8').matchAll(/```ts runnable\n([\s\S]*?)```/g)].map(
  (match) => match[1],
);
blocks.forEach((code, index) => {
  const file = `.runnable/readme-${index + 1}.ts`;
  writeFileSync(file, code);
  programs.push(file);
});

let failed = 0;
for (const file of programs) {
  const run = spawnSync(process.execPath, ['--import', 'tsx', file], { encoding: 'utf8' });
  const ok = run.status === 0;
  if (!ok) failed += 1;
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${file}`);
  if (!ok) console.log(run.stdout, run.stderr);
}
rmSync('.runnable', { recursive: true, force: true });
console.log(
  `examples: ${programs.length - failed} of ${programs.length} ran (${blocks.length} from README.md)`,
);
process.exit(failed === 0 && blocks.length > 0 ? 0 : 1);
