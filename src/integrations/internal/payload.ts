import type * as z from 'zod';
import { parseInput } from '../../errors';

/**
 * Checks a rendered payload handed to an adapter (`invalid_input` naming the field when it is not one). The payload
 * itself is used, not the parsed copy, so fields the caller added are kept.
 *
 * @param schema - the payload's schema
 * @param payload - what the caller passed
 * @param what - a noun for messages
 */
export function requirePayload(schema: z.ZodType, payload: unknown, what: string): void {
  parseInput(schema, payload, what);
}
