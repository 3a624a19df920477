import fc from 'fast-check';
import { it } from 'vitest';

/**
 * A property test: `prop([arbitraries], parameters)(name, predicate)` runs `fc.assert(fc.property(…))` in a vitest
 * test of that name, as `test.prop` from `@fast-check/vitest` does. That package is not used: with vitest 4.1 its
 * import alone takes about 2.5 s (it rebuilds every chain of vitest's `test` API), paid by every file that imports
 * it, once per file in `npm test` and once per mutant run under Stryker. A failure reports fast-check's seed and
 * counterexample; the name stays stable (no seed in it), as mutation testing needs.
 *
 * @param arbitraries - one arbitrary per argument of the predicate
 * @param parameters - fast-check's run parameters (`numRuns`, …); the global ones apply otherwise
 * @returns a function declaring the test
 */
export function prop<Ts extends [unknown, ...unknown[]]>(
  arbitraries: { [K in keyof Ts]: fc.Arbitrary<Ts[K]> },
  parameters?: fc.Parameters<Ts>,
): (name: string, predicate: (...values: Ts) => unknown) => void {
  return (name, predicate) =>
    it(name, () => {
      const property = fc.property(
        ...(arbitraries as unknown as [fc.Arbitrary<unknown>]),
        (...values) => predicate(...(values as unknown as Ts)) as boolean | undefined,
      );
      fc.assert(property, parameters as fc.Parameters<[unknown]> | undefined);
    });
}
