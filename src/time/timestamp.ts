import { z } from 'zod';

// Offsets come as `Z`, `+02:00` or `+0200` (Alertmanager, Grafana, hand-written JSON). zod's `z.iso.datetime`
// rejects `+0000` even with `{ offset: true }`, so we parse the shape ourselves and normalise to UTC `Z`.
const ISO_PATTERN =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?(Z|([+-])(\d{2}):?(\d{2}))$/;

const MINUTE_MS = 60_000;

/**
 * Parses an ISO-8601 date-time with an explicit offset into epoch milliseconds, or `undefined` when the text is not
 * one (wrong shape, impossible date such as February 30, offset out of range).
 *
 * @param text - e.g. `'2024-01-15T14:30:00Z'`, `'2024-01-15T16:30:00+02:00'`, `'2024-01-15T14:30:00.123456789+0000'`
 * @returns milliseconds since the epoch, or `undefined`
 * @example
 * parseTimestampMs('2024-01-15T16:30:00+0200');
 * //=> 1705329000000
 */
export function parseTimestampMs(text: string): number | undefined {
  const match = ISO_PATTERN.exec(text);
  if (!match) return undefined;
  const [, y, mo, d, h, mi, s = '0', fraction = '', zone, sign, oh = '0', om = '0'] = match;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const hour = Number(h);
  const minute = Number(mi);
  const second = Number(s);
  const offsetHours = Number(oh);
  const offsetMinutes = Number(om);
  if (hour > 23 || minute > 59 || second > 59 || offsetHours > 23 || offsetMinutes > 59) return undefined;
  const millis = Number(fraction.padEnd(3, '0').slice(0, 3));
  const local = Date.UTC(year, month - 1, day, hour, minute, second, millis);
  const check = new Date(local);
  // Date.UTC rolls February 30 over to March 1; a real calendar date survives the round trip unchanged.
  if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) {
    return undefined;
  }
  const offset = zone === 'Z' ? 0 : (sign === '-' ? -1 : 1) * (offsetHours * 60 + offsetMinutes);
  return local - offset * MINUTE_MS;
}

const CANONICAL = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
// Marks text that is not a timestamp, so the refinement after `overwrite` can refuse it with the original text.
const INVALID = '\u0000invalid:';

/** Whether text is already a normalised timestamp of a real calendar date (checked without building a Date). */
function isNormalised(text: string): boolean {
  if (!CANONICAL.test(text)) return false;
  const year = Number(text.slice(0, 4));
  const month = Number(text.slice(5, 7));
  const day = Number(text.slice(8, 10));
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const days = month === 2 && leap ? 29 : (DAYS_IN_MONTH[month - 1] ?? 0);
  return (
    year >= 100 &&
    day >= 1 &&
    day <= days &&
    Number(text.slice(11, 13)) <= 23 &&
    Number(text.slice(14, 16)) <= 59 &&
    Number(text.slice(17, 19)) <= 59
  );
}

function normaliseTimestamp(text: string): string {
  if (isNormalised(text)) return text;
  const ms = parseTimestampMs(text);
  return ms === undefined ? `${INVALID}${text}` : new Date(ms).toISOString();
}

/**
 * An instant as an ISO-8601 string. Accepts `Z`, `+02:00` and `+0000` offsets and up to nanosecond fractions; the
 * parsed value is always normalised to UTC with milliseconds (`2024-01-15T14:30:00.000Z`), so timestamps compare
 * correctly as strings and survive `JSON.stringify`.
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
  .refine((text) => !text.startsWith(INVALID), {
    error: (issue) =>
      `Invalid timestamp "${String(issue.input).slice(INVALID.length)}": expected ISO-8601 with an offset, e.g. 2024-01-15T14:30:00Z or 2024-01-15T16:30:00+02:00`,
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
  return Date.parse(at);
}

/**
 * The timestamp `minutes` after `at`, in normalised form.
 *
 * @param at - a normalised timestamp
 * @param minutes - minutes to add (may be fractional or negative)
 * @returns the later (or earlier) timestamp
 * @example
 * addMinutesTo('2024-01-15T14:30:00.000Z', 15);
 * //=> '2024-01-15T14:45:00.000Z'
 */
export function addMinutesTo(at: Timestamp, minutes: number): Timestamp {
  return new Date(toEpochMs(at) + minutes * MINUTE_MS).toISOString();
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
