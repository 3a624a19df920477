import * as z from 'zod';
import { describeValue, parseInput } from '../errors';
import { expectNumber } from '../internal/arguments';

/**
 * A severity level on the default scale, `SEV1` (most severe) to `SEV5` (cosmetic).
 *
 * @example
 * SeveritySchema.parse('SEV2');
 * //=> 'SEV2'
 */
export const SeveritySchema = z.enum(['SEV1', 'SEV2', 'SEV3', 'SEV4', 'SEV5'], {
  error: (issue) =>
    issue.input === undefined
      ? 'Severity is required'
      : `Unknown severity ${describeValue(issue.input)}: expected SEV1..SEV5`,
});

/**
 * A severity level: `'SEV1' | 'SEV2' | 'SEV3' | 'SEV4' | 'SEV5'`.
 *
 * @example
 * const severity: Severity = 'SEV1';
 * severity;
 * //=> 'SEV1'
 */
export type Severity = z.infer<typeof SeveritySchema>;

/**
 * Every severity level, most severe first.
 *
 * @example
 * SEVERITIES[0];
 * //=> 'SEV1'
 */
export const SEVERITIES = SeveritySchema.options;

/**
 * The severities that count as major incidents (full process: IC, Communications Lead, public notice, postmortem).
 *
 * @example
 * MAJOR_SEVERITIES.includes('SEV2');
 * //=> true
 */
export const MAJOR_SEVERITIES: readonly Severity[] = ['SEV1', 'SEV2'];

// SEV1 has the highest rank, so "greater" reads as "more severe".
const RANKS: ReadonlyMap<unknown, number> = new Map(
  SEVERITIES.map((severity, index) => [severity, SEVERITIES.length - index]),
);

function rank(severity: Severity): number {
  const found = RANKS.get(severity);
  if (found !== undefined) return found;
  parseInput(SeveritySchema, severity, 'severity'); // throws the invalid_input error naming the bad value
  return 0;
}

/**
 * Compares two severities: positive when `a` is more severe than `b`, negative when less, 0 when equal. A total
 * order, so `[...list].sort(compareSeverity)` puts the least severe first.
 *
 * @param a - a severity
 * @param b - another severity
 * @returns 1, 0 or -1
 * @throws {IncidentKitError} `invalid_input` for an unknown level
 * @example
 * compareSeverity('SEV1', 'SEV3');
 * //=> 1
 */
export function compareSeverity(a: Severity, b: Severity): number {
  return Math.sign(rank(a) - rank(b));
}

/**
 * Whether `a` is strictly more severe than `b`.
 *
 * @param a - a severity
 * @param b - another severity
 * @returns `true` when `a` is the more severe
 * @example
 * isMoreSevere('SEV1', 'SEV2');
 * //=> true
 */
export function isMoreSevere(a: Severity, b: Severity): boolean {
  return compareSeverity(a, b) > 0;
}

/**
 * Whether a severity is a major incident (SEV1 or SEV2).
 *
 * @param severity - a severity
 * @returns `true` for SEV1 and SEV2
 * @example
 * isMajorSeverity('SEV3');
 * //=> false
 */
export function isMajorSeverity(severity: Severity): boolean {
  return rank(severity) >= rank('SEV2');
}

/**
 * Moves a severity `steps` levels towards SEV1 (or towards SEV5 for negative steps), stopping at the ends.
 *
 * @param severity - the starting level
 * @param steps - levels to raise; negative lowers
 * @returns the new level
 * @throws {IncidentKitError} `invalid_input` for an unknown level or steps that are not a number
 * @example
 * raiseSeverity('SEV3', 1);
 * //=> 'SEV2'
 */
export function raiseSeverity(severity: Severity, steps = 1): Severity {
  const index = SEVERITIES.length - rank(severity) - Math.trunc(expectNumber(steps, 'steps'));
  return SEVERITIES[Math.min(SEVERITIES.length - 1, Math.max(0, index))] as Severity;
}

/**
 * The most severe level of a non-empty list.
 *
 * @param severities - one or more levels
 * @returns the most severe of them
 * @example
 * mostSevere(['SEV3', 'SEV1', 'SEV4']);
 * //=> 'SEV1'
 */
export function mostSevere(severities: readonly [Severity, ...Severity[]]): Severity {
  return severities.reduce((worst, next) => (isMoreSevere(next, worst) ? next : worst));
}
