import * as z from 'zod';
import { describeValue, parseInput } from '../errors';
import { PersonSchema } from '../roles/person';
import { TimestampSchema } from '../time/timestamp';

/**
 * An IANA time zone name as the runtime's `Intl` knows it (`'Europe/Berlin'`, `'America/Los_Angeles'`, `'UTC'`).
 * Schedules never use the host's zone: every wall-clock time in a schedule is read in the zone named next to it.
 *
 * @example
 * TimeZoneSchema.parse('Europe/Berlin');
 * //=> 'Europe/Berlin'
 */
export const TimeZoneSchema = z
  .string()
  .trim()
  .min(1, 'Time zone must not be empty')
  .refine(isKnownTimeZone, {
    error: (issue) =>
      `Unknown time zone ${describeValue(issue.input)}: expected an IANA name such as Europe/Berlin or UTC`,
  });

function isKnownTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function isCalendarDate(text: string): boolean {
  const year = Number(text.slice(0, 4));
  const month = Number(text.slice(5, 7));
  const day = Number(text.slice(8, 10));
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const days = month === 2 && leap ? 29 : (DAYS_IN_MONTH[month - 1] ?? 0);
  return year >= 1000 && day >= 1 && day <= days;
}

/**
 * A calendar date without a zone, `YYYY-MM-DD` (the zone comes from the layer that uses it).
 *
 * @example
 * LocalDateSchema.parse('2024-03-25');
 * //=> '2024-03-25'
 */
export const LocalDateSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'Expected a date as YYYY-MM-DD')
  .refine(isCalendarDate, { error: (issue) => `Not a calendar date: ${describeValue(issue.input)}` });

/**
 * A wall-clock time of day, `HH:mm` from `00:00` to `23:59`.
 *
 * @example
 * LocalTimeSchema.parse('09:00');
 * //=> '09:00'
 */
export const LocalTimeSchema = z
  .string()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'Expected a time of day as HH:mm, 00:00 to 23:59');

/** An end time of day: `HH:mm`, or `24:00` for the end of the day. */
export const LocalEndTimeSchema = z
  .string()
  .regex(/^(([01]\d|2[0-3]):[0-5]\d|24:00)$/, 'Expected a time of day as HH:mm, 00:00 to 24:00');

/**
 * Days of the week, Monday first (ISO 8601 order).
 *
 * @example
 * WEEKDAYS[0];
 * //=> 'mon'
 */
export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;

/**
 * A day of the week.
 *
 * @example
 * WeekdaySchema.parse('fri');
 * //=> 'fri'
 */
export const WeekdaySchema = z.enum(WEEKDAYS);

/**
 * A day of the week, `'mon'` … `'sun'`.
 *
 * @example
 * const day: Weekday = 'sat';
 * day;
 * //=> 'sat'
 */
export type Weekday = z.infer<typeof WeekdaySchema>;

/**
 * Someone the host resolves itself: a user id in your directory, a pager address, a team alias. `name` is only for
 * display (calendar titles, reports).
 *
 * @example
 * MemberReferenceSchema.parse({ ref: 'pd-user:PXPGF42', name: 'Ana' }).ref;
 * //=> 'pd-user:PXPGF42'
 */
export const MemberReferenceSchema = z.strictObject({
  ref: z.string().trim().min(1, 'Member reference must not be empty'),
  name: z.string().trim().min(1).optional(),
});

/**
 * A host-resolved member.
 *
 * @example
 * const member: MemberReference = { ref: 'team:dba', name: 'DBA on call' };
 * member.ref;
 * //=> 'team:dba'
 */
export type MemberReference = z.output<typeof MemberReferenceSchema>;

/**
 * Who can be on call: a {@link PersonSchema | person} (`{ id, name, … }`) or a reference the host resolves
 * (`{ ref, name? }`). Two members are the same when their person ids, or their references, are equal.
 *
 * @example
 * OnCallMemberSchema.parse({ id: 'ana', name: 'Ana Lima' }).name;
 * //=> 'Ana Lima'
 */
export const OnCallMemberSchema = z.union([PersonSchema, MemberReferenceSchema]);

/**
 * A person or a host-resolved reference.
 *
 * @example
 * const member: OnCallMember = { ref: 'team:dba' };
 * 'ref' in member;
 * //=> true
 */
export type OnCallMember = z.output<typeof OnCallMemberSchema>;

/**
 * A window of the day or week in which a layer's on-call person is on call; outside every window the layer covers
 * nothing and lower layers (or a gap) show through. Times are wall-clock times in the layer's zone.
 *
 * - `{ type: 'daily', start, end, days? }`: every day (or only the listed `days`) from `start` to `end`; an `end`
 *   at or before `start` ends the next day, `start === end` is a whole day. Weekdays 09:00–17:00 is
 *   `{ type: 'daily', start: '09:00', end: '17:00', days: ['mon', 'tue', 'wed', 'thu', 'fri'] }`.
 * - `{ type: 'weekly', startDay, start, endDay, end }`: one span a week, e.g. Friday 18:00 to Monday 09:00; an end
 *   at or before the start wraps to the next week (equal: the whole week).
 *
 * @example
 * RestrictionSchema.parse({ type: 'daily', start: '09:00', end: '17:00' }).type;
 * //=> 'daily'
 */
export const RestrictionSchema = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('daily'),
    start: LocalTimeSchema,
    end: LocalEndTimeSchema,
    /** The days on which the window starts; all days when absent. */
    days: z
      .array(WeekdaySchema)
      .min(1)
      .refine((days) => new Set(days).size === days.length, 'Each day may appear once')
      .optional(),
  }),
  z.strictObject({
    type: z.literal('weekly'),
    startDay: WeekdaySchema,
    start: LocalTimeSchema,
    endDay: WeekdaySchema,
    end: LocalEndTimeSchema,
  }),
]);

/**
 * A restriction window.
 *
 * @example
 * const nights: Restriction = { type: 'daily', start: '18:00', end: '08:00' };
 * nights.end;
 * //=> '08:00'
 */
export type Restriction = z.output<typeof RestrictionSchema>;

/**
 * How long one turn lasts. Turns are counted in the layer's zone on the wall clock: a `days` or `weeks` turn ends
 * on the calendar day it should, at the handoff time, whatever DST does in between (so a week can be 167 or 169
 * hours long); `hours` turns advance the wall clock by that many hours.
 *
 * @example
 * TurnLengthSchema.parse({ length: 1, unit: 'weeks' }).unit;
 * //=> 'weeks'
 */
export const TurnLengthSchema = z.strictObject({
  length: z.number().int().min(1).max(366),
  unit: z.enum(['hours', 'days', 'weeks']),
});

/**
 * {@link getMemberKey} of a validated member. Internal.
 *
 * @param member - a validated member
 * @returns the key
 */
export function memberKeyOf(member: OnCallMember): string {
  return 'ref' in member ? `ref:${member.ref}` : `person:${member.id}`;
}

/**
 * One rotation: members take turns in order, starting with `members[0]` on `rotationStart` at `handoffTime`
 * (wall-clock time in `timeZone`, or the schedule's zone). The layer is in force from `from` (default: the
 * rotation start) until `until` (default: forever); `restrictions` limit it to windows of the day or week. A member
 * may not follow themselves in the rotation (also not from the last place to the first), unless they are alone:
 * otherwise they would get two turns in a row.
 *
 * @example
 * ScheduleLayerSchema.parse({
 *   rotationStart: '2024-01-01', handoffTime: '09:00', turn: { length: 1, unit: 'weeks' },
 *   members: [{ id: 'ana', name: 'Ana' }, { id: 'ben', name: 'Ben' }],
 * }).restrictions;
 * //=> []
 */
export const ScheduleLayerSchema = z
  .strictObject({
    id: z.string().trim().min(1).optional(),
    name: z.string().trim().min(1).optional(),
    /** The zone the rotation start, handoff time and restrictions are read in; default: the schedule's. */
    timeZone: TimeZoneSchema.optional(),
    /** The date `members[0]`'s first turn starts (PagerDuty's `rotation_virtual_start`, as a local date). */
    rotationStart: LocalDateSchema,
    /** When turns change hands, wall-clock time in the layer's zone. */
    handoffTime: LocalTimeSchema,
    turn: TurnLengthSchema,
    /** The layer is in force from here; default: the first handoff. It may be before the rotation start. */
    from: TimestampSchema.optional(),
    /** The layer is in force until here (exclusive); default: forever. */
    until: TimestampSchema.optional(),
    members: z.array(OnCallMemberSchema).min(1, 'A layer needs at least one member'),
    restrictions: z.array(RestrictionSchema).default([]),
  })
  .superRefine((layer, ctx) => {
    if (layer.from !== undefined && layer.until !== undefined && layer.until <= layer.from) {
      ctx.addIssue({ code: 'custom', path: ['until'], message: 'A layer must end after it starts' });
    }
    const keys = layer.members.map(memberKeyOf);
    if (new Set(keys).size === 1) return;
    keys.forEach((key, index) => {
      const next = keys[(index + 1) % keys.length];
      if (key === next) {
        ctx.addIssue({
          code: 'custom',
          path: ['members', (index + 1) % keys.length],
          message: `${key} follows themselves in the rotation and would get two turns in a row`,
        });
      }
    });
  });

/**
 * A validated layer.
 *
 * @example
 * const layer: Pick<ScheduleLayer, 'handoffTime'> = { handoffTime: '09:00' };
 * layer.handoffTime;
 * //=> '09:00'
 */
export type ScheduleLayer = z.output<typeof ScheduleLayerSchema>;

/**
 * A person (or reference) on call for a time range, above every layer. When overrides overlap, the later one in the
 * schedule's list wins, so append new overrides.
 *
 * @example
 * ScheduleOverrideSchema.parse({ member: { id: 'cy', name: 'Cy' }, from: '2024-03-01T09:00:00Z',
 *   until: '2024-03-02T09:00:00Z' }).from;
 * //=> '2024-03-01T09:00:00.000Z'
 */
export const ScheduleOverrideSchema = z
  .strictObject({
    id: z.string().trim().min(1).optional(),
    member: OnCallMemberSchema,
    from: TimestampSchema,
    until: TimestampSchema,
  })
  .refine((override) => override.until > override.from, {
    error: 'An override must end after it starts',
    path: ['until'],
  });

/**
 * A validated override.
 *
 * @example
 * const override: ScheduleOverride = { member: { ref: 'u42' }, from: '2024-03-01T09:00:00.000Z', until: '2024-03-01T17:00:00.000Z' };
 * override.member;
 * //=> { ref: 'u42' }
 */
export type ScheduleOverride = z.output<typeof ScheduleOverrideSchema>;

/**
 * An on-call schedule: layers of rotations (a later layer wins where it covers) and overrides (which win over every
 * layer), in the zone `timeZone` unless a layer names its own. Render it with `getFinalSchedule`.
 *
 * @example
 * ScheduleSchema.parse({
 *   id: 'primary', timeZone: 'Europe/Berlin',
 *   layers: [{ rotationStart: '2024-01-01', handoffTime: '09:00', turn: { length: 1, unit: 'weeks' },
 *     members: [{ id: 'ana', name: 'Ana' }, { id: 'ben', name: 'Ben' }] }],
 * }).overrides;
 * //=> []
 */
export const ScheduleSchema = z
  .strictObject({
    id: z.string().trim().min(1, 'Schedule id must not be empty'),
    name: z.string().trim().min(1).optional(),
    timeZone: TimeZoneSchema,
    layers: z.array(ScheduleLayerSchema).min(1, 'A schedule needs at least one layer'),
    overrides: z.array(ScheduleOverrideSchema).default([]),
  })
  .superRefine((schedule, ctx) => {
    const duplicate = (ids: (string | undefined)[], field: 'layers' | 'overrides') => {
      const seen = new Set<string>();
      ids.forEach((id, index) => {
        if (id === undefined) return;
        if (seen.has(id)) {
          ctx.addIssue({ code: 'custom', path: [field, index, 'id'], message: `Duplicate id "${id}"` });
        }
        seen.add(id);
      });
    };
    duplicate(
      schedule.layers.map((layer) => layer.id),
      'layers',
    );
    duplicate(
      schedule.overrides.map((override) => override.id),
      'overrides',
    );
  });

/**
 * A validated schedule.
 *
 * @example
 * const zone: Schedule['timeZone'] = 'Asia/Kolkata';
 * zone;
 * //=> 'Asia/Kolkata'
 */
export type Schedule = z.output<typeof ScheduleSchema>;

/**
 * What the schedule functions accept: a schedule before validation (defaults may be left out).
 *
 * @example
 * const input: ScheduleInput = { id: 'x', timeZone: 'UTC', layers: [{ rotationStart: '2024-01-01',
 *   handoffTime: '00:00', turn: { length: 1, unit: 'days' }, members: [{ ref: 'u1' }] }] };
 * input.layers.length;
 * //=> 1
 */
export type ScheduleInput = z.input<typeof ScheduleSchema>;

const MAX_RANGE_MS = 3660 * 86_400_000;

/**
 * A time range `[from, to)`: `from` included, `to` excluded.
 *
 * @example
 * TimeRangeSchema.parse({ from: '2024-03-01T00:00:00Z', to: '2024-03-08T00:00:00Z' }).to;
 * //=> '2024-03-08T00:00:00.000Z'
 */
export const TimeRangeSchema = z
  .strictObject({ from: TimestampSchema, to: TimestampSchema })
  .refine((range) => range.to > range.from, { error: '`to` must be after `from`', path: ['to'] })
  .refine((range) => Date.parse(range.to) - Date.parse(range.from) <= MAX_RANGE_MS, {
    error: 'A range may span at most 10 years (3660 days)',
    path: ['to'],
  });

/**
 * A validated time range.
 *
 * @example
 * const range: TimeRange = { from: '2024-03-01T00:00:00.000Z', to: '2024-03-08T00:00:00.000Z' };
 * range.from < range.to;
 * //=> true
 */
export type TimeRange = z.output<typeof TimeRangeSchema>;

/**
 * The identity of a member: `person:<id>` or `ref:<ref>`. Two members with the same key are the same.
 *
 * @param member - a person or reference
 * @returns the key
 * @throws {IncidentKitError} `invalid_input` for something that is neither
 * @example
 * getMemberKey({ id: 'ana', name: 'Ana' });
 * //=> 'person:ana'
 */
export function getMemberKey(member: OnCallMember): string {
  return memberKeyOf(parseInput(OnCallMemberSchema, member, 'member'));
}

/**
 * The name to show for a member: the person's name, the reference's `name`, or the reference itself.
 *
 * @param member - a person or reference
 * @returns a display name
 * @throws {IncidentKitError} `invalid_input` for something that is neither
 * @example
 * getMemberName({ ref: 'team:dba' });
 * //=> 'team:dba'
 */
export function getMemberName(member: OnCallMember): string {
  return memberNameOf(parseInput(OnCallMemberSchema, member, 'member'));
}

/** {@link getMemberName} of a validated member. Internal. */
export function memberNameOf(member: OnCallMember): string {
  return 'ref' in member ? (member.name ?? member.ref) : member.name;
}
