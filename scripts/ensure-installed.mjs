// Runs before `npm run demo` and `npm test` (npm's pre-scripts), so each works as the first command typed on a
// fresh clone: when node_modules is missing or does not hold what package-lock.json locks, it installs exactly the
// locked versions with `npm ci`. Plain Node, no dependencies: it must run before anything is installed.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';

function installed() {
  const marker = 'node_modules/.package-lock.json';
  if (!existsSync(marker)) return false;
  const locked = JSON.parse(readFileSync('package-lock.json', 'utf8')).packages ?? {};
  const present = JSON.parse(readFileSync(marker, 'utf8')).packages ?? {};
  return Object.entries(locked).every(
    ([path, entry]) => path === '' || entry.optional || present[path]?.version === entry.version,
  );
}

if (!installed()) {
  console.log('Installing the locked dependencies first (npm ci)…');
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const run = spawnSync(npm, ['ci', '--no-audit', '--no-fund'], { stdio: 'inherit' });
  if (run.status !== 0) process.exit(run.status ?? 1);
}
