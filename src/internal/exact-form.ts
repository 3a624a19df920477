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

/** A person as `PersonSchema` gives it: no other keys, no `undefined` values. */
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
 * A copy of a checked person, its fields in the schema's order.
 *
 * @param value - a value `isPerson` accepted
 * @returns the copy
 */
export function copyPerson(value: unknown): Record<string, unknown> {
  const { id, name, handle, slackUserId } = value as Record<string, unknown>;
  const copy: Record<string, unknown> = { id, name };
  if (handle !== undefined) copy.handle = handle;
  if (slackUserId !== undefined) copy.slackUserId = slackUserId;
  return copy;
}

/**
 * Checks and copies the fields of `list` present in `input` (a person or an array copied), filling in
 * defaults; how many of them `input` had, or -1 when one is wrong or a required one is missing. Every own key of
 * `input` must be one of the fields, with no `undefined` value: the caller compares the count with the number of
 * keys (the schemas' objects are strict).
 *
 * @param input - a plain object
 * @param list - its fields, in the schema's order
 * @param copy - where the checked values go
 * @returns the number of fields present, or -1
 */
export function copyFields(
  input: Record<string, unknown>,
  list: readonly Field[],
  copy: Record<string, unknown>,
): number {
  let count = 0;
  for (const [name, check, optional] of list) {
    if (!Object.hasOwn(input, name)) {
      if (optional === false) return -1;
      if (optional !== true) copy[name] = optional();
      continue;
    }
    const value = input[name];
    if (!check(value)) return -1;
    // The only objects a check accepts are people and arrays of text.
    copy[name] =
      typeof value !== 'object' || value === null
        ? value
        : Array.isArray(value)
          ? [...value]
          : copyPerson(value);
    count += 1;
  }
  return count;
}
