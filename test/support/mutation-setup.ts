// Setup file for mutation testing only (vitest.stryker.config.ts): Stryker finds the tests that cover a mutant by
// their names, and runs a mutant against them with the same inputs as in its coverage run.
// - A pinned seed: a mutant meets the same cases in its coverage run and in every later run, so its verdict does not
//   depend on luck (property tests are named without a seed: see test/support/prop.ts).
// - Fewer cases per property (PROPERTY_RUNS_SCALE, read by propertyRuns): the default 100 here, explicit `numRuns`
//   in the tests themselves.
import fc from 'fast-check';
import { propertyRuns } from './property-runs';

fc.configureGlobal({ seed: Number(process.env.PROPERTY_SEED ?? 20_240_115), numRuns: propertyRuns(100) });
