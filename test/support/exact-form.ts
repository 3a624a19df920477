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
