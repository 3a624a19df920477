// Prints vitest's own counts as one closing line, `vitest: N passed, N failed`, for CI logs.
// Exits non-zero when the report is missing or holds no test, so a run that tested nothing cannot look green.
// `node scripts/vitest-summary.mjs [label=]report.json`: the label (default `vitest`) starts the line.
import { readFileSync } from 'node:fs';

const argument = process.argv[2] ?? '.vitest-report.json';
const [label, file] = argument.includes('=') ? argument.split('=', 2) : ['vitest', argument];
let report;
try {
  report = JSON.parse(readFileSync(file, 'utf8'));
} catch (error) {
  console.error(`vitest-summary: cannot read ${file}: ${error.message}`);
  console.log(`${label}: 0 passed, 0 failed`);
  process.exit(1);
}
const {
  numPassedTests = 0,
  numFailedTests = 0,
  numPendingTests = 0,
  numTodoTests = 0,
  numTotalTests = 0,
} = report;
const skipped = numPendingTests + numTodoTests;
console.log(
  `${label}: ${numPassedTests} passed, ${numFailedTests} failed${skipped ? `, ${skipped} skipped` : ''}`,
);
process.exit(numTotalTests > 0 && numFailedTests === 0 && skipped === 0 ? 0 : 1);
