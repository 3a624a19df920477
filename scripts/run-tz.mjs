// Runs the on-call tests once per host time zone (UTC, America/Los_Angeles, Asia/Kolkata), so "the results are the
// same in any host time zone" is checked by the whole suite, not only by the property that switches TZ in-process.
// Each run first proves Node really runs in the zone asked for. The dot reporter replaces the configured ones, so
// these runs do not overwrite the JSON report of the main `vitest run`.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

// Each zone with its UTC offsets (as getTimezoneOffset reports them) on 1 January and 1 July 2024.
const ZONES = {
  UTC: '0 0',
  'America/Los_Angeles': '480 420',
  'Asia/Kolkata': '-330 -330',
};
// The package's bin, found through its package.json (the bin file itself is not in its exports map).
const vitest = join(dirname(createRequire(import.meta.url).resolve('vitest/package.json')), 'vitest.mjs');

let failed = 0;
for (const [zone, offsets] of Object.entries(ZONES)) {
  const env = { ...process.env, TZ: zone };
  const probe = spawnSync(
    process.execPath,
    [
      '-e',
      'process.stdout.write([0, 6].map((m) => new Date(Date.UTC(2024, m, 1)).getTimezoneOffset()).join(" "))',
    ],
    { env, encoding: 'utf8' },
  );
  if (probe.stdout !== offsets) {
    console.error(`TZ=${zone}: Node's host offsets are "${probe.stdout}", expected "${offsets}"`);
    failed += 1;
    continue;
  }
  const run = spawnSync(process.execPath, [vitest, 'run', 'test/oncall', '--reporter=dot'], {
    env,
    stdio: 'inherit',
  });
  console.log(`test/oncall with TZ=${zone}: ${run.status === 0 ? 'passed' : 'FAILED'}`);
  if (run.status !== 0) failed += 1;
}
process.exit(failed === 0 ? 0 : 1);
