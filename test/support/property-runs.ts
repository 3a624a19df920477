/**
 * How many cases a property test runs.
 *
 * A normal run (`npm test`, `npx vitest run`) runs exactly `runs`. Mutation testing (`npm run test:mutation`) runs
 * every test that covers a mutant once per mutant, thousands of times in all, so its vitest configuration sets
 * `PROPERTY_RUNS_SCALE` (a factor in (0, 1]) and each property runs that share of its cases, never fewer than
 * {@link MIN_PROPERTY_RUNS}. The seed is pinned there too (see `test/support/mutation-setup.ts`), so a mutant sees
 * the same inputs in every run and its verdict does not depend on luck.
 */
export function propertyRuns(runs: number): number {
  const scale = propertyRunsScale();
  return scale === 1 ? runs : Math.min(runs, Math.max(MIN_PROPERTY_RUNS, Math.ceil(runs * scale)));
}

/** The fewest cases a scaled-down property runs: enough to leave its arbitraries' small and edge values. */
export const MIN_PROPERTY_RUNS = 10;

function propertyRunsScale(): number {
  const text = process.env.PROPERTY_RUNS_SCALE;
  if (text === undefined || text === '') return 1;
  const scale = Number(text);
  if (!(scale > 0 && scale <= 1))
    throw new Error(`PROPERTY_RUNS_SCALE must be a number in (0, 1], got ${text}`);
  return scale;
}
