import type * as z from 'zod';
import { type Result, safeParseInput } from '../errors';
import { objectMark } from './object-mark';

/**
 * A schema check that remembers what passed: values this library made or already checked (marked: see `object-mark`)
 * pass with one look-up, anything else is checked against the schema and its parsed copy remembered. Values are
 * never modified (by the library, or, as documented, by callers), so a second check would give the same answer:
 * this only makes functions that run on every step (role changes, deadlines) cheap for the library's own values.
 *
 * @param schema - the schema a value must match
 * @param what - a noun for messages, e.g. `'role history'`
 * @returns `check(value, field?)` and `remember(value)`
 * @example
 * const people = knownValues(z.array(z.string()), 'names');
 * people.check(['jane']).ok;
 * //=> true
 */
export function knownValues<S extends z.ZodType>(schema: S, what: string) {
  const known = objectMark();
  const remember = <T>(value: T): T => {
    if (typeof value === 'object' && value !== null) known.add(value);
    return value;
  };
  const check = (value: unknown, field = what): Result<z.output<S>> => {
    if (known.has(value)) return { ok: true, value: value as z.output<S> };
    const parsed = safeParseInput(schema, value, field);
    if (parsed.ok) remember(parsed.value);
    return parsed;
  };
  return { check, remember };
}
