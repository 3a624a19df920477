// RFC 5545 output, written here rather than taken from a generator package: the subset a subscription feed of
// shifts needs (VCALENDAR + VEVENT with UTC times) is small, and a runtime dependency would outweigh it. The tests
// parse what this writes with Mozilla's ical.js.
import { parseInput } from '../errors';
import { invalidArgument, isPlainObjectLike } from '../internal/arguments';
import { type Timestamp, TimestampSchema } from '../time/timestamp';
import { type OnCallShift, renderFinalSchedule } from './final-schedule';
import {
  memberKeyOf,
  memberNameOf,
  type OnCallMember,
  OnCallMemberSchema,
  type Schedule,
  type ScheduleInput,
  ScheduleSchema,
  TimeRangeSchema,
} from './schedule';

/**
 * Options of {@link scheduleToICalendar}.
 *
 * @example
 * const options: ICalendarOptions = { from: '2024-03-01T00:00:00Z', to: '2024-04-01T00:00:00Z', now: '2024-02-28T12:00:00Z' };
 * options.member;
 * //=> undefined
 */
export interface ICalendarOptions {
  /** Shifts overlapping `[from, to)` are exported (cut to the range). */
  readonly from: string;
  readonly to: string;
  /** When the calendar is generated: every event's `DTSTAMP` (required by RFC 5545; the library reads no clock). */
  readonly now: string;
  /** Only this member's shifts (a person's own calendar); all shifts when absent. */
  readonly member?: OnCallMember;
  /** The calendar's display name (`X-WR-CALNAME`); default: the schedule's name or id. */
  readonly calendarName?: string;
}

/**
 * Exports a schedule's shifts, or one member's, as an iCalendar (RFC 5545) document people can subscribe to: one
 * `VEVENT` per shift of the final schedule with UTC `DTSTART`/`DTEND`, a `UID` that stays the same for the same
 * person's shift starting at the same time (so a refreshed feed updates events instead of duplicating them),
 * `TRANSP:TRANSPARENT` (being on call does not make you busy), escaped text, lines folded at 75 octets without
 * splitting a UTF-8 character, and CRLF line ends.
 *
 * @param schedule - the schedule (validated here)
 * @param options - the range, `now` for `DTSTAMP`, optionally one `member` and a `calendarName`
 * @returns the `text/calendar` document
 * @throws {IncidentKitError} `invalid_input` naming the bad field
 * @example
 * const schedule = { id: 'primary', name: 'Payments primary', timeZone: 'Europe/Berlin', layers: [{
 *   rotationStart: '2024-03-25', handoffTime: '09:00', turn: { length: 1, unit: 'weeks' },
 *   members: [{ id: 'ana', name: 'Ana' }, { id: 'ben', name: 'Ben' }] }] };
 * scheduleToICalendar(schedule, { from: '2024-04-01T07:00:00Z', to: '2024-04-08T07:00:00Z', now: '2024-03-20T12:00:00Z' })
 *   .split('\r\n').filter((line) => /^(DTSTART|DTEND|SUMMARY)/.test(line));
 * //=> ['DTSTART:20240401T070000Z', 'DTEND:20240408T070000Z', 'SUMMARY:On call: Ben (Payments primary)']
 */
export function scheduleToICalendar(schedule: ScheduleInput, options: ICalendarOptions): string {
  if (!isPlainObjectLike(options))
    throw invalidArgument('options', 'an object with from, to and now', options);
  if (options.calendarName !== undefined && typeof options.calendarName !== 'string')
    throw invalidArgument('options.calendarName', 'a string', options.calendarName);
  const parsed = parseInput(ScheduleSchema, schedule, 'schedule');
  const range = parseInput(TimeRangeSchema, { from: options.from, to: options.to }, 'range');
  const now = parseInput(TimestampSchema, options.now, 'now');
  const member =
    options.member === undefined ? undefined : parseInput(OnCallMemberSchema, options.member, 'member');
  const memberKey = member === undefined ? undefined : memberKeyOf(member);
  const shifts = renderFinalSchedule(parsed, range).filter(
    (entry): entry is OnCallShift =>
      entry.member !== null && (memberKey === undefined || memberKeyOf(entry.member) === memberKey),
  );
  const title = parsed.name ?? parsed.id;
  const calendarName =
    options.calendarName ?? (member === undefined ? title : `${title}: ${memberNameOf(member)}`);
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//incident-kit//on-call schedule//EN',
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    `X-WR-CALNAME:${escapeText(calendarName)}`,
    ...shifts.flatMap((shift) => eventLines(parsed, shift, now)),
    'END:VCALENDAR',
  ];
  return `${lines.map(foldLine).join('\r\n')}\r\n`;
}

function eventLines(schedule: Schedule, shift: OnCallShift, now: Timestamp): string[] {
  const name = memberNameOf(shift.member);
  const title = schedule.name ?? schedule.id;
  const source =
    shift.source.type === 'override'
      ? 'override'
      : (schedule.layers[shift.source.layerIndex]?.name ?? `layer ${shift.source.layerIndex + 1}`);
  return [
    'BEGIN:VEVENT',
    `UID:${uidPart(schedule.id)}-${uidPart(memberKeyOf(shift.member))}-${basicUtc(shift.from)}@incident-kit`,
    `DTSTAMP:${basicUtc(now)}`,
    `DTSTART:${basicUtc(shift.from)}`,
    `DTEND:${basicUtc(shift.until)}`,
    `SUMMARY:${escapeText(`On call: ${name} (${title})`)}`,
    `DESCRIPTION:${escapeText(`${name} is on call for ${title} (${source}).`)}`,
    'TRANSP:TRANSPARENT',
    'END:VEVENT',
  ];
}

/** `2024-03-25T08:00:00.000Z` as an RFC 5545 UTC DATE-TIME, `20240325T080000Z` (seconds precision). */
function basicUtc(at: Timestamp): string {
  return `${at.slice(0, 4)}${at.slice(5, 7)}${at.slice(8, 10)}T${at.slice(11, 13)}${at.slice(14, 16)}${at.slice(17, 19)}Z`;
}

/** Keeps a UID readable and free of characters TEXT would need to escape; other characters become `_hex_`. */
function uidPart(text: string): string {
  return text.replace(/[^A-Za-z0-9.-]/gu, (char) => `_${(char.codePointAt(0) ?? 0).toString(16)}_`);
}

/** Escapes a TEXT value (RFC 5545 3.3.11); control characters other than tab are not allowed in TEXT. */
function escapeText(text: string): string {
  return (
    text
      .replace(/\\/g, '\\\\')
      .replace(/;/g, '\\;')
      .replace(/,/g, '\\,')
      .replace(/\r\n|\r|\n/g, '\\n')
      // biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point
      .replace(/[\u0000-\u0008\u000a-\u001f\u007f]/g, '')
  );
}

/** Folds a content line at 75 octets of UTF-8 (RFC 5545 3.1), between characters, never inside one. */
function foldLine(line: string): string {
  let folded = '';
  let octets = 0;
  for (const char of line) {
    const size = utf8Length(char.codePointAt(0) ?? 0);
    if (octets + size > 75) {
      folded += '\r\n ';
      octets = 1;
    }
    folded += char;
    octets += size;
  }
  return folded;
}

function utf8Length(codePoint: number): number {
  if (codePoint < 0x80) return 1;
  if (codePoint < 0x800) return 2;
  if (codePoint < 0x10000) return 3;
  return 4;
}
