import * as z from 'zod';
import { IncidentKitError } from '../errors';

// Offsets come as `Z`, `+02:00` or `+0200` (Alertmanager, Grafana, hand-written JSON). zod's `z.iso.datetime`
// rejects `+0000` even with `{ offset: true }`, so we parse the shape ourselves and normalise to UTC `Z`.

const MINUTE_MS = 60_000;

/** The earliest instant a timestamp can hold: the first millisecond of year 0001 (Go's zero time). */
const EARLIEST_MS = -62_135_596_800_000;
/** The latest instant a timestamp can hold: the last millisecond of year 9999. */
const LATEST_MS = 253_402_300_799_999;

/**
 * The earliest timestamp incident-kit accepts: the start of year 0001, which Alertmanager and Grafana send as
 * `endsAt` ("not resolved yet") and Grafana as an unknown `startsAt`.
 *
 * @example
 * EARLIEST_TIMESTAMP;
 * //=> '0001-01-01T00:00:00.000Z'
 */
export const EARLIEST_TIMESTAMP = '0001-01-01T00:00:00.000Z';

/**
 * The latest timestamp incident-kit accepts: the last millisecond of year 9999. Later instants have no four-digit
 * ISO-8601 form (`Date#toISOString` writes `+010000-…`, which would sort before `9999-…`), so deadlines that would
 * fall after it are dropped (see `addMinutesWithin`).
 *
 * @example
 * LATEST_TIMESTAMP;
 * //=> '9999-12-31T23:59:59.999Z'
 */
export const LATEST_TIMESTAMP = '9999-12-31T23:59:59.999Z';

/**
 * Parses an ISO-8601 date-time with an explicit offset into epoch milliseconds, or `undefined` when the text is not
 * one (wrong shape, impossible date such as February 30, offset out of range, or an instant outside the years
 * 0001–9999 in UTC). Years 0001–0099 are read as written (not as 1900–1999, as `Date.UTC` would).
 *
 * @param text - e.g. `'2024-01-15T14:30:00Z'`, `'2024-01-15T16:30:00+02:00'`, `'2024-01-15T14:30:00.123456789+0000'`
 * @returns milliseconds since the epoch, or `undefined`
 * @example
 * parseTimestampMs('2024-01-15T16:30:00+0200');
 * //=> 1705329000000
 */
export function parseTimestampMs(text: string): number | undefined {
  const ms = parseAnyYear(text);
  return ms === undefined || ms < EARLIEST_MS || ms > LATEST_MS ? undefined : ms;
}

/**
 * Like parseTimestampMs, without the range check (so callers can tell "out of range" from "not a timestamp"). Reads
 * `YYYY-MM-DDTHH:MM[:SS[.fraction]](Z|±HH[:]MM)` character by character: every event carries a timestamp, and a
 * regular expression with its match array cost several times more.
 */
function parseAnyYear(text: string): number | undefined {
  const length = text.length;
  if (
    length < 17 ||
    text.charCodeAt(4) !== 45 || // -
    text.charCodeAt(7) !== 45 ||
    text.charCodeAt(10) !== 84 || // T
    text.charCodeAt(13) !== 58 // :
  )
    return undefined;
  const year = digitsAt(text, 0, 4);
  const month = digitsAt(text, 5, 2);
  const day = digitsAt(text, 8, 2);
  const hour = digitsAt(text, 11, 2);
  const minute = digitsAt(text, 14, 2);
  let second = 0;
  let millis = 0;
  let at = 16;
  if (text.charCodeAt(at) === 58) {
    second = digitsAt(text, at + 1, 2);
    at += 3;
    if (text.charCodeAt(at) === 46) {
      // A fraction of any length: its first three digits are the milliseconds.
      const start = at + 1;
      for (at = start; at < length && isDigit(text.charCodeAt(at)); at++) {
        if (at - start < 3) millis += (text.charCodeAt(at) - 48) * 10 ** (2 - (at - start));
      }
      if (at === start) return undefined;
    }
  }
  let offset = 0;
  const zone = text.charCodeAt(at);
  if (zone === 90) {
    if (at + 1 !== length) return undefined;
  } else if (zone === 43 || zone === 45) {
    const offsetHours = digitsAt(text, at + 1, 2);
    at += 3;
    if (text.charCodeAt(at) === 58) at += 1;
    const offsetMinutes = digitsAt(text, at, 2);
    if (at + 2 !== length || !(offsetHours <= 23 && offsetMinutes <= 59)) return undefined;
    offset = (zone === 45 ? -1 : 1) * (offsetHours * 60 + offsetMinutes);
  } else return undefined;
  // A non-digit reads as NaN (see `digit`), which fails every comparison.
  if (!(year >= 0 && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month)))
    return undefined;
  if (!(hour <= 23 && minute <= 59 && second <= 59)) return undefined;
  // Calendar arithmetic, not a Date: years 0–99 are read as written (Date.UTC maps them to 1900–1999, which would
  // turn Go's zero time, 0001-01-01, into 1901).
  return (
    daysFromCivil(year, month, day) * DAY_MS +
    hour * 3_600_000 +
    minute * MINUTE_MS +
    second * 1000 +
    millis -
    offset * MINUTE_MS
  );
}

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

/** The number written by `count` ASCII digits of `text` from `start`, or `NaN` if one of them is not a digit. */
function digitsAt(text: string, start: number, count: number): number {
  let value = 0;
  for (let index = start; index < start + count; index++) value = value * 10 + digit(text, index);
  return value;
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
// Mark text that is not a timestamp, or one outside the years 0001–9999, so the refinement after `overwrite` can
// refuse it with the original text and the right reason.
const INVALID = '\u0000invalid:';
const OUT_OF_RANGE = '\u0000range:';
// Signed six-digit years, as `Date#toISOString` writes years past 9999 or before 0000, and unsigned years of five
// digits or more: both are instants outside 0001-9999, not malformed text.
const EXPANDED_YEAR = /^(?:[+-]\d{6}|\d{5,})-\d{2}-\d{2}T/;

/**
 * Whether text is already a normalised timestamp (`YYYY-MM-DDTHH:MM:SS.sssZ`) of a real calendar date in the years
 * 0001–9999. Read digit by digit, without a regular expression or a Date: every event and deadline goes through it.
 */
export function isNormalised(text: string): boolean {
  return !Number.isNaN(normalisedEpochMs(text));
}

/**
 * Whether a value is a string holding a normalised timestamp (see `isNormalised`): what `TimestampSchema` gives.
 * Internal: the fast checks of events, message data and metrics use it.
 */
export function isNormalisedValue(value: unknown): boolean {
  return typeof value === 'string' && isNormalised(value);
}

/**
 * The epoch milliseconds of a normalised timestamp, or `NaN` when the text is not one: checked and read in one
 * pass (a character that is not a digit reads as `NaN`, which fails every comparison after it).
 */
function normalisedEpochMs(text: string): number {
  if (
    text.length !== 24 ||
    text.charCodeAt(4) !== 45 || // -
    text.charCodeAt(7) !== 45 ||
    text.charCodeAt(10) !== 84 || // T
    text.charCodeAt(13) !== 58 || // :
    text.charCodeAt(16) !== 58 ||
    text.charCodeAt(19) !== 46 || // .
    text.charCodeAt(23) !== 90 // Z
  )
    return Number.NaN;
  const year = digit(text, 0) * 1000 + digit(text, 1) * 100 + digit(text, 2) * 10 + digit(text, 3);
  const month = digit(text, 5) * 10 + digit(text, 6);
  const day = digit(text, 8) * 10 + digit(text, 9);
  const hour = digit(text, 11) * 10 + digit(text, 12);
  const minute = digit(text, 14) * 10 + digit(text, 15);
  const second = digit(text, 17) * 10 + digit(text, 18);
  const millis = digit(text, 20) * 100 + digit(text, 21) * 10 + digit(text, 22);
  if (
    !(
      year >= 1 &&
      month >= 1 &&
      month <= 12 &&
      day >= 1 &&
      day <= daysInMonth(year, month) &&
      hour <= 23 &&
      minute <= 59 &&
      second <= 59 &&
      millis >= 0
    )
  )
    return Number.NaN;
  return (
    daysFromCivil(year, month, day) * DAY_MS + hour * 3_600_000 + minute * MINUTE_MS + second * 1000 + millis
  );
}

/** The ASCII digit at `index` of `text` as a number, or `NaN` for any other character (or past the end). */
function digit(text: string, index: number): number {
  const code = text.charCodeAt(index);
  return isDigit(code) ? code - 48 : Number.NaN;
}

function daysInMonth(year: number, month: number): number {
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return month === 2 && leap ? 29 : (DAYS_IN_MONTH[month - 1] ?? 0);
}

// Calendar arithmetic on the proleptic Gregorian calendar, as ECMAScript dates count (H. Hinnant, "chrono-Compatible
// Low-Level Date Algorithms": days_from_civil and civil_from_days). Deadlines add minutes to timestamps on every step;
// Date.parse and Date#toISOString cost about a microsecond each, these a tenth of that.

/** Days since 1970-01-01 of a proleptic Gregorian date. */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}

const DAY_MS = 86_400_000;

/** The normalised timestamp of an instant in the years 0001–9999 (the caller checks the range). */
function normalisedOfEpochMs(ms: number): string {
  const days = Math.floor(ms / DAY_MS);
  let rest = ms - days * DAY_MS;
  const shifted = days + 719_468;
  const era = Math.floor(shifted / 146_097);
  const dayOfEra = shifted - era * 146_097;
  const yearOfEra = Math.floor(
    (dayOfEra -
      Math.floor(dayOfEra / 1460) +
      Math.floor(dayOfEra / 36_524) -
      Math.floor(dayOfEra / 146_096)) /
      365,
  );
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const monthIndex = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * monthIndex + 2) / 5) + 1;
  const month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9;
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
  const hours = Math.floor(rest / 3_600_000);
  rest -= hours * 3_600_000;
  const minutes = Math.floor(rest / MINUTE_MS);
  rest -= minutes * MINUTE_MS;
  const seconds = Math.floor(rest / 1000);
  const millis = rest - seconds * 1000;
  // One flat string from its character codes: a template literal of 14 parts allocates a rope of intermediate
  // strings first (a tenth of all the step allocated).
  return String.fromCharCode(
    48 + Math.floor(year / 1000),
    48 + (Math.floor(year / 100) % 10),
    48 + (Math.floor(year / 10) % 10),
    48 + (year % 10),
    45,
    48 + Math.floor(month / 10),
    48 + (month % 10),
    45,
    48 + Math.floor(day / 10),
    48 + (day % 10),
    84,
    48 + Math.floor(hours / 10),
    48 + (hours % 10),
    58,
    48 + Math.floor(minutes / 10),
    48 + (minutes % 10),
    58,
    48 + Math.floor(seconds / 10),
    48 + (seconds % 10),
    46,
    48 + Math.floor(millis / 100),
    48 + (Math.floor(millis / 10) % 10),
    48 + (millis % 10),
    90,
  );
}

function normaliseTimestamp(text: string): string {
  if (isNormalised(text)) return text;
  // UTC to the second, as most bots send it: the normalised form adds `.000` when that form is a real date in range
  // (checked by `isNormalised`), without reading it as an instant and writing it back.
  if (text.length === 20 && text.charCodeAt(19) === 90 && text.charCodeAt(16) === 58) {
    const withMillis = `${text.slice(0, 19)}.000Z`;
    if (isNormalised(withMillis)) return withMillis;
  }
  const ms = parseAnyYear(text);
  if (ms === undefined) return `${EXPANDED_YEAR.test(text) ? OUT_OF_RANGE : INVALID}${text}`;
  return ms < EARLIEST_MS || ms > LATEST_MS ? `${OUT_OF_RANGE}${text}` : normalisedOfEpochMs(ms);
}

/**
 * What `TimestampSchema` gives for a value (the same normalisation), or `undefined` where it refuses the value (it
 * then explains why). Internal: the fast check of events uses it, so events with timestamps in another accepted form
 * (no milliseconds, an offset) need no schema either.
 */
export function timestampOf(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const text = normaliseTimestamp(value);
  return text.startsWith(INVALID) || text.startsWith(OUT_OF_RANGE) ? undefined : text;
}

/**
 * An instant as an ISO-8601 string. Accepts `Z`, `+02:00` and `+0000` offsets and up to nanosecond fractions; the
 * parsed value is always normalised to UTC with milliseconds (`2024-01-15T14:30:00.000Z`), so timestamps compare
 * correctly as strings and survive `JSON.stringify`. Instants from 0001-01-01T00:00:00Z (Alertmanager's "not yet"
 * `endsAt`) to 9999-12-31T23:59:59.999Z are accepted; anything outside is refused with a message saying so.
 *
 * @example
 * TimestampSchema.parse('2024-01-15T16:30:00+02:00');
 * //=> '2024-01-15T14:30:00.000Z'
 */
export const TimestampSchema = z
  .string({ error: 'Expected an ISO-8601 timestamp string' })
  // `overwrite` + `refine` rather than `transform`: the same result without a pipe, about twice as fast, and
  // timestamps are in every event.
  .overwrite(normaliseTimestamp)
  .refine((text) => !text.startsWith(INVALID) && !text.startsWith(OUT_OF_RANGE), {
    error: (issue) => {
      const input = String(issue.input);
      return input.startsWith(OUT_OF_RANGE)
        ? `Timestamp "${input.slice(OUT_OF_RANGE.length)}" is out of range: years 0001 to 9999 (UTC) are supported`
        : `Invalid timestamp "${input.slice(INVALID.length)}": expected ISO-8601 with an offset, e.g. 2024-01-15T14:30:00Z or 2024-01-15T16:30:00+02:00`;
    },
  })
  .meta({ description: 'ISO-8601 date-time with offset; normalised to UTC `Z`' });

/**
 * A normalised UTC ISO-8601 timestamp, as produced by {@link TimestampSchema}.
 *
 * @example
 * const at: Timestamp = '2024-01-15T14:30:00.000Z';
 * at.endsWith('Z');
 * //=> true
 */
export type Timestamp = z.output<typeof TimestampSchema>;

/**
 * Milliseconds since the epoch of a timestamp that has already been validated.
 *
 * @param at - a normalised timestamp
 * @returns epoch milliseconds
 * @example
 * toEpochMs('2024-01-15T14:30:00.000Z');
 * //=> 1705329000000
 */
export function toEpochMs(at: Timestamp): number {
  const ms = normalisedEpochMs(at);
  return Number.isNaN(ms) ? Date.parse(at) : ms;
}

/**
 * The timestamp `minutes` after `at`, in normalised form.
 *
 * @param at - a normalised timestamp
 * @param minutes - minutes to add (may be fractional or negative)
 * @returns the later (or earlier) timestamp
 * @throws {IncidentKitError} `invalid_input` when the result falls outside the years 0001–9999
 * @example
 * addMinutesTo('2024-01-15T14:30:00.000Z', 15);
 * //=> '2024-01-15T14:45:00.000Z'
 */
export function addMinutesTo(at: Timestamp, minutes: number): Timestamp {
  const result = addMinutesWithin(at, minutes);
  if (result === null) {
    throw new IncidentKitError(
      'invalid_input',
      `${at} plus ${minutes} minutes is outside the supported years 0001 to 9999`,
      { input: { at, minutes } },
    );
  }
  return result;
}

/**
 * The timestamp `minutes` after `at`, or `null` when it would fall outside the years 0001–9999. Deadlines use it:
 * a deadline after the last representable instant can never be reached by an event, so it is dropped rather than
 * clamped (a clamped one would fire on a tick at 9999-12-31T23:59:59.999Z although it is not due).
 * Internal: not exported from the package root.
 *
 * @param at - a normalised timestamp
 * @param minutes - minutes to add
 * @returns the timestamp, or `null`
 * @example
 * addMinutesWithin('9999-12-31T23:58:00.000Z', 5);
 * //=> null
 */
export function addMinutesWithin(at: Timestamp, minutes: number): Timestamp | null {
  return fromEpochMs(toEpochMs(at) + minutes * MINUTE_MS);
}

/**
 * The normalised timestamp of an epoch-milliseconds instant, or `null` outside the years 0001–9999 (or for NaN).
 * Internal: not exported from the package root.
 *
 * @param ms - milliseconds since the epoch
 * @returns the timestamp, or `null`
 * @example
 * fromEpochMs(1705329000000);
 * //=> '2024-01-15T14:30:00.000Z'
 */
export function fromEpochMs(ms: number): Timestamp | null {
  // Truncated towards zero, as a Date keeps its time value (TimeClip).
  return ms >= EARLIEST_MS && ms <= LATEST_MS ? normalisedOfEpochMs(Math.trunc(ms)) : null;
}

/**
 * The latest of some normalised timestamps (they compare correctly as strings).
 *
 * @param timestamps - one or more normalised timestamps
 * @returns the latest
 * @example
 * latestOf(['2024-01-15T14:30:00.000Z', '2024-01-15T15:00:00.000Z']);
 * //=> '2024-01-15T15:00:00.000Z'
 */
export function latestOf(timestamps: readonly [Timestamp, ...Timestamp[]]): Timestamp {
  // biome-ignore lint/complexity/useMathMinMax: these are strings; Math.max would return NaN
  return timestamps.reduce((latest, next) => (next > latest ? next : latest));
}
