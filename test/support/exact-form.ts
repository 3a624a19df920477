import { expect } from 'vitest';
import type * as z from 'zod';

/**
 * Holds a fast exact-form check to its schema for one input: when the check gives a value, the schema must accept
 * the input and give exactly that (same fields, same values, same order). Says which of the two answered.
 */
export function agreesWithSchema(fast: unknown, schema: z.ZodType, input: unknown): 'fast' | 'schema' {
  if (fast === undefined) return 'schema';
  const parsed = schema.safeParse(input);
  expect(parsed.success, JSON.stringify(input)).toBe(true);
  expect(JSON.stringify(fast)).toBe(JSON.stringify(parsed.data));
  expect(fast).toEqual(parsed.data);
  return 'fast';
}

/**
 * Tries every sample with each key removed and with each key set to each near value, and counts which side
 * answered (`agrees` asserts the two sides agree).
 */
export function nearMissGrid<S>(
  samples: readonly S[],
  keys: readonly string[],
  values: readonly unknown[],
  agrees: (sample: S, input: Record<string, unknown>) => 'fast' | 'schema',
  dataOf: (sample: S) => Record<string, unknown> = (sample) => sample as Record<string, unknown>,
): { fast: number; schema: number } {
  const seen = { fast: 0, schema: 0 };
  for (const sample of samples)
    for (const key of keys) {
      const removed: Record<string, unknown> = { ...dataOf(sample) };
      delete removed[key];
      seen[agrees(sample, removed)] += 1;
      for (const value of values) seen[agrees(sample, { ...dataOf(sample), [key]: value })] += 1;
    }
  return seen;
}

/**
 * Values one off what a schema field takes, whatever the field: blanks, padded text, timestamps in other forms or of
 * no real date, numbers at and past the usual bounds, and people that are almost right. Each test adds the words of
 * its own fields.
 */
export const COMMON_NEAR_VALUES: readonly unknown[] = [
  undefined,
  null,
  '',
  ' ',
  ' padded ',
  'ok',
  '2024-01-15T14:30:00Z',
  '2024-01-15T14:30:00.000Z',
  '2024-01-15T16:30:00.000+02:00',
  '2024-02-30T00:00:00.000Z',
  0,
  -1,
  0.5,
  15,
  Number.NaN,
  Number.POSITIVE_INFINITY,
  true,
  [],
  {},
  { id: 'jane', name: 'Jane' },
  { id: ' jane', name: 'Jane' },
  { id: 'jane', name: 'Jane', extra: 1 },
  { id: 'jane', name: 'Jane', slackUserId: 'nope' },
  { id: 'jane', name: 'Jane', handle: undefined },
  { id: 'jane', name: 'Jane', handle: ' @jane' },
  'resolved',
];
