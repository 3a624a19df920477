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
