// Field checks for values already in the exact form a zod schema gives them (trimmed text, people, arrays of text,
// defaults filled in), so hot paths can skip the schema for them: incoming events (src/lifecycle/parsed-event.ts)
// and message data (src/comms/parsed-message.ts). Each check only says "the schema would give this unchanged"; the
// tests that go with each user hold the fast answer equal to the schema's. Internal.

/** Whether a value passes a field's check. */
export type Check = (value: unknown) => boolean;

/**
 * A field: its name, its check, and whether it may be missing (`false`: required; `true`: optional, left out when
 * missing; a function: the schema's default, made fresh for each copy).
 */
export type Field = readonly [name: string, check: Check, optional: boolean | (() => unknown)];

/** A plain object: `{}` or `Object.create(null)`, not an array, a class instance or a proxy of one. */
export function isPlain(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

/** Text as `z.string().trim().min(1)` gives it. */
export const isText: Check = (value) =>
  typeof value === 'string' && value.length > 0 && value.trim() === value;

/** Any string. */
export const isString: Check = (value) => typeof value === 'string';

/** One of a list of strings (a zod enum). */
export const oneOf =
  (...options: readonly string[]): Check =>
  (value) =>
    typeof value === 'string' && options.includes(value);

const SLACK_USER = /^[UW][A-Z0-9]{2,}$/;

/** What `copyFields` puts in place of an object that is not an exact person: no check accepts it. */
const INEXACT = Symbol('inexact');
const PERSON_KEYS = ['id', 'name', 'handle', 'slackUserId'];

/**
 * Whether every enumerable key of an object, own or inherited, is an own key named in `known`: what the schemas'
 * strict objects ask (they look for unknown keys the way `for…in` does). An own `__proto__` key is never known.
 *
 * @param value - a plain object (`isPlain`)
 * @param known - the fields the schema reads
 * @returns `false` when the schema would see a key it does not know
 */
export function hasOnlyKnownKeys(value: Record<string, unknown>, known: readonly string[]): boolean {
  // `for…in` rather than `Object.keys`, which allocates an array per event checked.
  for (const key in value) if (!Object.hasOwn(value, key) || !known.includes(key)) return false;
  // A plain object inherits only from Object.prototype, whose keys are not enumerable unless something added one.
  return Object.getPrototypeOf(value) === null || !hasEnumerableKey(Object.prototype);
}

function hasEnumerableKey(value: object): boolean {
  for (const _ in value) return true;
  return false;
}

/**
 * The check of a person field. `copyFields` has already replaced every object that is not an array by its copy from
 * `exactPerson`, or by a marker no check accepts (a symbol), so an object here is a person in the schema's exact form.
 */
export const isPerson: Check = (value) =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * A person exactly as `PersonSchema` gives it, copied with its fields in the schema's order (each read once);
 * `undefined` for anything else.
 *
 * @param value - anything
 * @returns the copy, or `undefined`
 */
export function exactPerson(value: unknown): Record<string, unknown> | undefined {
  if (!isPlain(value) || !hasOnlyKnownKeys(value, PERSON_KEYS)) return undefined;
  const { id, name } = value;
  if (!isText(id) || !isText(name)) return undefined;
  const copy: Record<string, unknown> = { id, name };
  if (Object.hasOwn(value, 'handle')) {
    const handle = value.handle;
    if (!isText(handle)) return undefined;
    copy.handle = handle;
  } else if ('handle' in value) return undefined;
  if (Object.hasOwn(value, 'slackUserId')) {
    const slackUserId = value.slackUserId;
    if (typeof slackUserId !== 'string' || !SLACK_USER.test(slackUserId)) return undefined;
    copy.slackUserId = slackUserId;
  } else if ('slackUserId' in value) return undefined;
  return copy;
}

/**
 * A copy of the values a field holds, ready for its check: an array's items read once each, by index as the schema
 * reads them (not by its iterator, which may be replaced or missing); any other object as `exactPerson` gives it,
 * or `INEXACT`; anything else as it is.
 */
function copyOfValue(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) {
    const items: unknown[] = [];
    for (let index = 0; index < value.length; index++) items.push(value[index]);
    return items;
  }
  return exactPerson(value) ?? INEXACT;
}

/**
 * Checks and copies the fields of `list` an object has (each read once, then checked), filling in defaults; `false`
 * when one is wrong or a required one is missing. The caller checks first that the object has no other keys
 * (`hasOnlyKnownKeys`): the schemas' objects are strict.
 *
 * @param input - a plain object
 * @param list - its fields, in the schema's order
 * @param copy - where the checked values go
 * @returns whether every field passed
 */
export function copyFields(
  input: Record<string, unknown>,
  list: readonly Field[],
  copy: Record<string, unknown>,
): boolean {
  for (const [name, check, optional] of list) {
    if (!Object.hasOwn(input, name)) {
      // Not own but still there (a non-enumerable inherited property): the schema would read it.
      if (optional === false || name in input) return false;
      if (optional !== true) copy[name] = optional();
      continue;
    }
    const value = copyOfValue(input[name]);
    if (!check(value)) return false;
    copy[name] = value;
  }
  return true;
}

/**
 * The names of a list of fields.
 *
 * @param list - the fields
 * @returns their names
 */
export function namesOf(list: readonly Field[]): readonly string[] {
  return list.map(([name]) => name);
}
