// Field checks for values already in the exact form a zod schema gives them (trimmed text, normalised timestamps,
// defaults filled in), so hot paths can skip the schema for them: incoming events (src/lifecycle/parsed-event.ts)
// and message data (src/comms/parsed-message.ts). Each check only says "the schema would give this unchanged"; the
// tests that go with each user hold the fast answer equal to the schema's. Internal.

import { isNormalised } from '../time/timestamp';

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

/** A timestamp as `TimestampSchema` gives it. */
export const isTimestamp: Check = (value) => typeof value === 'string' && isNormalised(value);

/** One of a list of strings (a zod enum). */
export const oneOf =
  (...options: readonly string[]): Check =>
  (value) =>
    typeof value === 'string' && options.includes(value);

const SLACK_USER = /^[UW][A-Z0-9]{2,}$/;
const PERSON_KEYS = ['id', 'name', 'handle', 'slackUserId'];

/**
 * The enumerable own properties of a plain object, each read once (a getter cannot answer the check one thing and
 * the copy another), in an object without a prototype (so an own `__proto__` key stays a key); `undefined` when
 * the value is not a plain object, inherits an enumerable property, or hides one of `known` (a non-enumerable
 * property the schema would still read). Anything `undefined` here is left to the schema.
 *
 * @param value - anything
 * @param known - the fields the schema reads
 * @returns the snapshot, or `undefined`
 */
export function snapshotOf(value: unknown, known: readonly string[]): Record<string, unknown> | undefined {
  if (!isPlain(value)) return undefined;
  const snapshot: Record<string, unknown> = Object.create(null);
  for (const key in value) {
    if (!Object.hasOwn(value, key)) return undefined;
    snapshot[key] = value[key];
  }
  for (const key of known) if (!(key in snapshot) && key in value) return undefined;
  return snapshot;
}

/** A person as `PersonSchema` gives it: no other keys, no `undefined` values. Checks a snapshot (`snapshotOf`). */
export const isPerson: Check = (value) => {
  if (!isPlain(value)) return false;
  for (const key of Object.keys(value)) if (!PERSON_KEYS.includes(key)) return false;
  const { id, name, handle, slackUserId } = value;
  return (
    isText(id) &&
    isText(name) &&
    (!Object.hasOwn(value, 'handle') || isText(handle)) &&
    (!Object.hasOwn(value, 'slackUserId') ||
      (typeof slackUserId === 'string' && SLACK_USER.test(slackUserId)))
  );
};

/**
 * A person exactly as `PersonSchema` gives it, copied with its fields in the schema's order; `undefined` for
 * anything else.
 *
 * @param value - anything
 * @returns the copy, or `undefined`
 */
export function exactPerson(value: unknown): Record<string, unknown> | undefined {
  const snapshot = snapshotOf(value, PERSON_KEYS);
  if (snapshot === undefined || !isPerson(snapshot)) return undefined;
  const { id, name, handle, slackUserId } = snapshot;
  const copy: Record<string, unknown> = { id, name };
  if (handle !== undefined) copy.handle = handle;
  if (slackUserId !== undefined) copy.slackUserId = slackUserId;
  return copy;
}

/**
 * A copy of the values a field holds, ready for its check: an array's items read once each, by index as the schema
 * reads them (not by its iterator, which may be replaced or missing); a person as `exactPerson` gives it (a check
 * then sees an object only when it is an exact person); anything else as it is.
 */
function copyOfValue(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) {
    const items: unknown[] = new Array(value.length);
    for (let index = 0; index < items.length; index++) items[index] = value[index];
    return items;
  }
  return exactPerson(value) ?? INEXACT;
}

/** What `copyOfValue` gives for an object that is not an exact person: no check accepts it. */
const INEXACT = Symbol('inexact');

/**
 * Checks and copies the fields of `list` present in a snapshot (`snapshotOf`), filling in defaults; how many of
 * them it had, or -1 when one is wrong or a required one is missing. The caller compares the count with the number
 * of keys the snapshot has: the schemas' objects are strict, so every key must be a field.
 *
 * @param snapshot - a snapshot of the input
 * @param list - its fields, in the schema's order
 * @param copy - where the checked values go
 * @returns the number of fields present, or -1
 */
export function copyFields(
  snapshot: Record<string, unknown>,
  list: readonly Field[],
  copy: Record<string, unknown>,
): number {
  let count = 0;
  for (const [name, check, optional] of list) {
    if (!(name in snapshot)) {
      if (optional === false) return -1;
      if (optional !== true) copy[name] = optional();
      continue;
    }
    const value = copyOfValue(snapshot[name]);
    if (!check(value)) return -1;
    copy[name] = value;
    count += 1;
  }
  return count;
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
