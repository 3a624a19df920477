// A fast, exact check for events already in the form `IncidentEventSchema` gives them (trimmed text; the timestamp
// in any form the schema accepts, normalised as it does; a resolution's kind left out, filled in as its default):
// what a host's own log of accepted events holds, and what bots mostly send. Such an event is checked field by
// field and copied, without zod (about a microsecond an event, as much as the rest of a step);
// anything else (another form, an error to explain, an impact assessment or a postmortem) goes through the schema.
// test/parsed-event.test.ts holds the two equal: whatever this accepts, the schema accepts and gives the same.
// Internal.

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
import { SEVERITIES } from '../severity/severity';
import { timestampOf } from '../time/timestamp';
import {
  DataLossSchema,
  type IncidentEvent,
  PublicStatusSchema,
  ResolutionKindSchema,
  UpdateAudienceSchema,
} from './incident-event';
import { MITIGATION_KINDS } from './mitigation';

const ROLE_ID = /^[a-z][a-z0-9_]{0,63}$/;
const isRole: Check = (value) => typeof value === 'string' && ROLE_ID.test(value);
const isMinutes: Check = (value) => typeof value === 'number' && value > 0 && value <= 10_080;
const isId: Check = (value) => typeof value === 'string' && value.length >= 1 && value.length <= 200;

/** Fields after `type`, `at`, `by` and `id`, in the schema's order, per event type with a fast check. */
const FIELDS: Readonly<Record<string, readonly Field[]>> = {
  acknowledge: [],
  start_triage: [],
  close: [],
  tick: [],
  escalate: [['reason', oneOf('ack_timeout', 'manual'), false]],
  add_note: [['text', isText, false]],
  mark_mitigated: [['summary', isText, true]],
  reopen: [['reason', isText, false]],
  merge: [['into', isText, false]],
  cancel: [
    ['reason', oneOf('false_alarm', 'declined', 'duplicate', 'other'), false],
    ['note', isText, true],
  ],
  set_severity: [
    ['severity', oneOf(...SEVERITIES), false],
    ['reason', isText, true],
  ],
  start_postmortem: [['owner', isPerson, false]],
  assign_role: [
    ['role', isRole, false],
    ['person', isPerson, false],
  ],
  release_role: [
    ['role', isRole, false],
    ['personId', isText, false],
  ],
  hand_off_role: [
    ['role', isRole, false],
    ['to', isPerson, false],
    ['from', isText, true],
    ['note', isText, true],
  ],
  start_mitigation: [
    ['kind', oneOf(...MITIGATION_KINDS), false],
    ['description', isText, false],
    ['mitigationId', isText, true],
  ],
  record_mitigation_outcome: [
    ['mitigationId', isText, false],
    ['outcome', oneOf('succeeded', 'partial', 'failed'), false],
    ['note', isText, true],
  ],
  post_update: [
    ['audience', oneOf(...UpdateAudienceSchema.options), false],
    ['publicStatus', oneOf(...PublicStatusSchema.options), true],
    ['message', isString, true],
    ['nextUpdateInMinutes', isMinutes, true],
  ],
  resolve: [
    ['kind', oneOf(...ResolutionKindSchema.options), () => 'fixed'],
    ['summary', isText, true],
    ['rootCause', isText, true],
    ['fix', isText, true],
    ['dataLoss', oneOf(...DataLossSchema.options), true],
  ],
};

const BASE: readonly Field[] = [
  ['by', isPerson, true],
  ['id', isId, true],
];

/** The keys an event of each type may have. */
const NAMES: Readonly<Record<string, readonly string[]>> = Object.fromEntries(
  Object.entries(FIELDS).map(([type, list]) => [type, ['type', 'at', ...namesOf(BASE), ...namesOf(list)]]),
);

/** The schema's refinements on the fields above. */
function refined(event: Record<string, unknown>): boolean {
  if (event.type === 'post_update') return event.audience !== 'external' || event.publicStatus !== undefined;
  if (event.type === 'resolve') return event.kind !== 'fixed' || event.summary !== undefined;
  return true;
}

/**
 * The event, copied, when it is exactly in the form `IncidentEventSchema` would give it, its timestamp aside
 * (normalised here as the schema does), and so needs no parsing;
 * `undefined` when the schema has to look at it. Internal.
 *
 * @param input - an event as received
 * @returns a copy equal to what the schema gives, or `undefined`
 */
export function parsedEventOf(input: unknown): IncidentEvent | undefined {
  if (!isPlain(input)) return undefined;
  const { type } = input;
  const at = timestampOf(input.at);
  if (typeof type !== 'string' || !Object.hasOwn(FIELDS, type) || at === undefined) return undefined;
  // Every key must be one of the type's fields (the schema's objects are strict), with no `undefined` value.
  if (!hasOnlyKnownKeys(input, NAMES[type] as readonly string[])) return undefined;
  const copy: Record<string, unknown> = { type, at };
  const checked = copyFields(input, BASE, copy) && copyFields(input, FIELDS[type] as readonly Field[], copy);
  return checked && refined(copy) ? (copy as IncidentEvent) : undefined;
}
