// A fast, exact check for message data already in the form `MESSAGE_SCHEMAS` gives it (trimmed text, UTC
// timestamps): what a bot that builds its own data mostly passes. Such data is checked field by field and copied
// with the schema's defaults filled in, without zod (zod was about a quarter of rendering a caller's data); anything
// else (another form, an error to explain, a postmortem) goes through the schema. test/parsed-message.test.ts holds
// the two equal: whatever this accepts, the schema accepts and gives the same. Internal.

import {
  type Check,
  copyFields,
  type Field,
  hasOnlyKnownKeys,
  isPerson,
  isPlain,
  isString,
  isText,
  namesOf,
  oneOf,
} from '../internal/exact-form';
import { DataLossSchema, PublicStatusSchema } from '../lifecycle/incident-event';
import { SEVERITIES } from '../severity/severity';
import { isNormalisedValue as isTimestamp } from '../time/timestamp';
import type { BuiltInMessageKind } from './message-kinds';

const isSeverity = oneOf(...SEVERITIES);
// `z.number()` refuses NaN and the infinities; `.positive()` refuses 0 and below.
const isPositive: Check = (value) => typeof value === 'number' && Number.isFinite(value) && value > 0;
const isPositiveOrNull: Check = (value) => value === null || isPositive(value);
const isPersonOrNull: Check = (value) => value === null || isPerson(value);
const isLines: Check = (value) => {
  if (!Array.isArray(value)) return false;
  // By index, not `every`: `every` skips the holes of a sparse array, which the schema reads as `undefined`.
  for (let index = 0; index < value.length; index++) if (!isText(value[index])) return false;
  return true;
};

const lines = (name: string): Field => [name, isLines, () => []];

/** The fields of each message kind with a fast check, in the schema's order. */
const FIELDS: Partial<Record<BuiltInMessageKind, readonly Field[]>> = {
  internal_update: [
    ['title', isText, false],
    ['severity', isSeverity, false],
    ['status', isText, false],
    ['commander', isPersonOrNull, () => null],
    lines('impact'),
    lines('actions'),
    ['nextUpdateInMinutes', isPositiveOrNull, false],
  ],
  tactical_update: [
    ['title', isText, false],
    ['reporter', isPersonOrNull, () => null],
    lines('conditions'),
    lines('actions'),
    lines('needs'),
  ],
  executive_summary: [
    ['title', isText, false],
    ['severity', isSeverity, false],
    ['status', isText, false],
    ['startedAt', isTimestamp, false],
    ['now', isTimestamp, false],
    ['currentStatus', isText, false],
    ['overview', isText, false],
    lines('nextSteps'),
    ['nextUpdateInMinutes', isPositiveOrNull, () => null],
  ],
  status_page_update: [
    ['title', isText, false],
    ['status', oneOf(...PublicStatusSchema.options), false],
    ['message', isText, false],
    ['closing', isString, true],
    ['postedAt', isTimestamp, false],
    ['nextUpdateInMinutes', isPositiveOrNull, () => null],
  ],
  resolution_update: [
    ['title', isText, false],
    ['summary', isText, false],
    ['rootCause', isText, true],
    ['fix', isText, true],
    ['closing', isString, () => 'All systems are operating normally.'],
    ['startedAt', isTimestamp, false],
    ['resolvedAt', isTimestamp, false],
    ['affected', isText, true],
    ['dataLoss', oneOf(...DataLossSchema.options), true],
    ['dataLossDetails', isText, true],
  ],
  handoff_brief: [
    ['title', isText, false],
    ['severity', isSeverity, false],
    ['status', isText, false],
    ['role', isText, () => 'Incident Commander'],
    ['from', isPerson, false],
    ['to', isPerson, false],
    ['at', isTimestamp, false],
    lines('conditions'),
    lines('actions'),
    lines('needs'),
  ],
};

const NAMES = Object.fromEntries(
  Object.entries(FIELDS).map(([kind, list]) => [kind, namesOf(list)]),
) as Partial<Record<BuiltInMessageKind, readonly string[]>>;

/**
 * A message's data, copied with its defaults, when it is exactly in the form the kind's schema would give it (and so
 * needs no parsing); `undefined` when the schema has to look at it. Internal.
 *
 * @param kind - the message
 * @param input - its data as the caller gave it
 * @returns a copy equal to what the schema gives, or `undefined`
 */
export function parsedMessageOf(kind: BuiltInMessageKind, input: unknown): unknown {
  const fields = FIELDS[kind];
  if (fields === undefined || !isPlain(input)) return undefined;
  // Every key must be one of the kind's fields (the schemas' objects are strict), with no `undefined` value.
  if (!hasOnlyKnownKeys(input, NAMES[kind] as readonly string[])) return undefined;
  const copy: Record<string, unknown> = {};
  return copyFields(input, fields, copy) ? copy : undefined;
}
