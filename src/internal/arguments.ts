import { describeValue, IncidentKitError } from '../errors';

// Checks for the arguments of exported functions that are not zod-validated objects: strings, numbers, options
// objects. They are `typeof` checks, as cheap as the access they guard, so helpers on hot paths (escaping every
// field of every message) stay fast; each failure is an `invalid_input` error naming the argument.

/**
 * The `invalid_input` error for an argument of the wrong kind.
 *
 * @param field - the argument's name, e.g. `'text'` or `'options.timeZone'`
 * @param expected - what it should be, e.g. `'a string'`
 * @param value - what it is
 * @returns the error (to throw, or to return in a Result)
 * @example
 * invalidArgument('max', 'a number', 'ten').message;
 * //=> 'Invalid max: expected a number, got "ten"'
 */
export function invalidArgument(field: string, expected: string, value: unknown): IncidentKitError {
  return argumentProblem(field, `expected ${expected}, got ${describeValue(value)}`, value);
}

/**
 * The `invalid_input` error for an argument, in the words given: for a problem that is not a wrong kind of value.
 *
 * @param field - the argument's name, e.g. `'events'`
 * @param message - what is wrong with it
 * @param input - the argument as given
 * @returns the error (to throw, or to return in a Result)
 * @example
 * argumentProblem('events', 'reading the iterable threw "disk gone"', []).message;
 * //=> 'Invalid events: reading the iterable threw "disk gone"'
 */
export function argumentProblem(field: string, message: string, input: unknown): IncidentKitError {
  return new IncidentKitError('invalid_input', `Invalid ${field}: ${message}`, {
    input,
    issues: [{ path: field.split('.'), message }],
  });
}

/**
 * The value when it is a string; otherwise throws `invalid_input`.
 *
 * @param value - an argument
 * @param field - its name
 * @returns the string
 * @example
 * expectString('SEV2', 'severity');
 * //=> 'SEV2'
 */
export function expectString(value: unknown, field: string): string {
  if (typeof value !== 'string') throw invalidArgument(field, 'a string', value);
  return value;
}

/**
 * The value when it is a number other than NaN; otherwise throws `invalid_input`.
 *
 * @param value - an argument
 * @param field - its name
 * @returns the number
 * @example
 * expectNumber(15, 'minutes');
 * //=> 15
 */
export function expectNumber(value: unknown, field: string): number {
  if (typeof value !== 'number' || Number.isNaN(value)) throw invalidArgument(field, 'a number', value);
  return value;
}

/**
 * An options argument: `{}` when it was left out (`undefined`), the object itself when it is one; anything else
 * (`null`, a string, an array) throws `invalid_input`.
 *
 * @param value - the options argument
 * @param field - its name (default `options`)
 * @returns the options object
 * @example
 * expectOptions(undefined);
 * //=> {}
 */
export function expectOptions<T extends object>(value: T | undefined, field = 'options'): Partial<T> {
  if (value === undefined) return {};
  if (!isPlainObjectLike(value)) throw invalidArgument(field, 'an object', value);
  return value;
}

/**
 * Whether a value is an object that is not an array (a plain object, a class instance, a null-prototype object).
 *
 * @param value - anything
 * @returns `true` for a non-null, non-array object
 * @example
 * isPlainObjectLike([]);
 * //=> false
 */
export function isPlainObjectLike(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * An own property of an object, or `undefined`: never one inherited from `Object.prototype` (`constructor`,
 * `toString`, `__proto__`), so a key from user data cannot reach a prototype.
 *
 * @param object - a record keyed by user-given strings
 * @param key - the key
 * @returns the own value, or `undefined`
 * @example
 * ownValue({ login: 'c1' }, 'constructor');
 * //=> undefined
 */
export function ownValue<V>(object: Readonly<Record<string, V>> | undefined, key: string): V | undefined {
  return object !== undefined && Object.hasOwn(object, key) ? object[key] : undefined;
}

/**
 * The value when it is an IANA time zone the runtime knows (`Europe/Oslo`, `UTC`); otherwise throws `invalid_input`
 * (an unknown zone would make `Intl` and date-fns throw a RangeError later).
 *
 * @param value - an argument
 * @param field - its name
 * @returns the zone name
 * @example
 * expectTimeZone('Europe/Oslo', 'timeZone');
 * //=> 'Europe/Oslo'
 */
export function expectTimeZone(value: unknown, field: string): string {
  if (typeof value === 'string' && value.length > 0) {
    try {
      new Intl.DateTimeFormat('en', { timeZone: value });
      return value;
    } catch {
      // unknown: refused below
    }
  }
  throw invalidArgument(field, 'an IANA time zone name such as Europe/Oslo or UTC', value);
}
