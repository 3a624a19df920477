import { parseInput } from '../errors';
import { expectOptions, expectTimeZone, invalidArgument } from '../internal/arguments';
import { type Timestamp, TimestampSchema } from '../time/timestamp';

const UNITS = [
  ['day', 86_400_000],
  ['hour', 3_600_000],
  ['minute', 60_000],
] as const;

/**
 * A duration in words, rounded to the minute: `45 minutes`, `1 hour 5 minutes`, `2 days 3 hours`; anything under a
 * minute (including 0 and negative values) reads `less than a minute`, never `0 minutes`. Computed from
 * milliseconds, not from calendar intervals (date-fns `intervalToDuration` drops zero units and can go negative
 * across months, date-fns#3873).
 *
 * @param ms - milliseconds
 * @returns the words
 * @throws {IncidentKitError} `invalid_input` for something that is not a finite number
 * @example
 * formatDuration(65 * 60_000);
 * //=> '1 hour 5 minutes'
 */
export function formatDuration(ms: number): string {
  if (typeof ms !== 'number' || !Number.isFinite(ms)) throw invalidArgument('ms', 'a finite number', ms);
  if (!(ms >= 60_000)) return 'less than a minute';
  let rest = Math.round(ms / 60_000) * 60_000;
  const parts: string[] = [];
  for (const [unit, size] of UNITS) {
    const count = Math.floor(rest / size);
    rest -= count * size;
    if (count > 0) parts.push(`${count} ${unit}${count === 1 ? '' : 's'}`);
  }
  return parts.join(' ');
}

/**
 * The duration between two timestamps in words (see {@link formatDuration}).
 *
 * @param from - the start
 * @param until - the end
 * @returns the words
 * @example
 * formatDurationBetween('2024-01-15T14:20:00Z', '2024-01-15T15:05:00Z');
 * //=> '45 minutes'
 */
export function formatDurationBetween(from: Timestamp, until: Timestamp): string {
  const start = parseInput(TimestampSchema, from, 'from');
  const end = parseInput(TimestampSchema, until, 'until');
  return formatDuration(Date.parse(end) - Date.parse(start));
}

/**
 * A time as people read it in status messages: `2024-01-15 14:30 UTC`, or in a named IANA time zone
 * (`2024-01-15 15:30 Europe/Oslo`), using the platform's `Intl` time-zone data.
 *
 * @param at - the time
 * @param options - `timeZone`, an IANA name (default UTC)
 * @returns the formatted time
 * @throws {IncidentKitError} `invalid_input` for a malformed timestamp or an unknown time zone
 * @example
 * formatTimestamp('2024-01-15T14:30:00Z', { timeZone: 'Europe/Oslo' });
 * //=> '2024-01-15 15:30 Europe/Oslo'
 */
export function formatTimestamp(at: Timestamp, options: { timeZone?: string } = {}): string {
  const normalised = parseInput(TimestampSchema, at, 'timestamp');
  const zone = expectOptions(options).timeZone ?? 'UTC';
  if (zone === 'UTC') return `${normalised.slice(0, 10)} ${normalised.slice(11, 16)} UTC`;
  const parts = Object.fromEntries(
    zoneFormat(zone)
      .formatToParts(new Date(Date.parse(normalised)))
      .map((part) => [part.type, part.value]),
  );
  // Intl writes year 1 as "1", and the last day of 1 BC (reached west of UTC from 0001-01-01) as year "1" of era BC:
  // written as the ISO year, four digits (0000 for 1 BC), as the UTC form has them.
  const year = parts.era === 'BC' ? 1 - Number(parts.year) : Number(parts.year);
  return `${String(year).padStart(4, '0')}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute} ${zone}`;
}

function zoneFormat(zone: unknown): Intl.DateTimeFormat {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone: expectTimeZone(zone, 'options.timeZone'),
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    era: 'short',
  });
}
