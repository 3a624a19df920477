// npm run bench: every benchmark, BENCH_RUNS times (default 3) in separate processes, then min / median / max of each
// figure over the runs with its target. It measures the built package (dist/, as users run it: bench/tsconfig.json
// resolves `incident-kit` by the package's own name), so `npm run bench` builds first. BENCH_ROUNDS sets the rounds within a run; BENCH_ONLY=replay,render,… runs
// some modules only. A run prints its own table first.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { benchDomain } from './domain';
import { benchEventIds } from './event-ids';
import { type BenchResult, printResults, printRuns } from './harness';
import { benchOncall } from './oncall';
import { benchRender } from './render';
import { benchLongReplay, benchReplay } from './replay';

const MODULES: Record<string, () => BenchResult> = {
  replay: benchReplay,
  long: benchLongReplay,
  render: benchRender,
  domain: benchDomain,
  'event-ids': benchEventIds,
  oncall: benchOncall,
};

const only = process.env.BENCH_ONLY?.split(',').filter(Boolean);
const selected = Object.entries(MODULES).filter(([name]) => !only || only.includes(name));

if (process.argv.includes('--run')) {
  // One run: print the table, then the results as JSON on the last line for the parent.
  const results = selected.map(([, bench]) => bench());
  printResults(results);
  console.log(`BENCH-JSON ${JSON.stringify(results)}`);
} else {
  const runs = Math.max(1, Number(process.env.BENCH_RUNS ?? 3));
  const all: BenchResult[][] = [];
  for (let run = 1; run <= runs; run++) {
    console.log(`\n=== run ${run} of ${runs} ===`);
    const child = spawnSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--run'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
      env: { ...process.env, TSX_TSCONFIG_PATH: fileURLToPath(new URL('./tsconfig.json', import.meta.url)) },
      maxBuffer: 64 * 2 ** 20,
    });
    const lines = child.stdout.trimEnd().split('\n');
    const json = [...lines].reverse().find((line) => line.startsWith('BENCH-JSON '));
    console.log(lines.filter((line) => !line.startsWith('BENCH-JSON ')).join('\n'));
    if (child.status !== 0 || !json) {
      console.error(`run ${run} failed (exit ${child.status})`);
      process.exit(1);
    }
    all.push(JSON.parse(json.slice('BENCH-JSON '.length)) as BenchResult[]);
  }
  printRuns(all);
}
