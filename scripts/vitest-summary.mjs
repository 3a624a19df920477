// Prints vitest's own counts as one closing line, `vitest: N passed, N failed`, for CI logs.
// Exits non-zero when the report is missing or holds no test, so a run that tested nothing cannot look green.
import { readFileSync } from 'node:fs';

const file = process.argv[2] ?? '.vitest-report.json';
let report;
try {
  report = JSON.parse(readFileSync(file, 'utf8'));
} catch (error) {
  console.error(`vitest-summary: cannot read ${file}: ${error.message}`);
  console.log('vitest: 0 passed, 0 failed');
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
  `vitest: ${numPassedTests} passed, ${numFailedTests} failed${skipped ? `, ${skipped} skipped` : ''}`,
);
process.exit(numTotalTests > 0 && numFailedTests === 0 && skipped === 0 ? 0 : 1);
