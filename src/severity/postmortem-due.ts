// When a postmortem review is due, counted in calendar or business days in a time zone: apart from the policy table,
// so that importing the policies (or classifying a severity) does not bring the zoned-date code with it.
import { tz } from '@date-fns/tz';
import { addBusinessDays, addDays } from 'date-fns';
import { parseInput } from '../errors';
import { expectOptions, expectTimeZone, invalidArgument, isPlainObjectLike } from '../internal/arguments';
import { fromEpochMs, type Timestamp, TimestampSchema, toEpochMs } from '../time/timestamp';
import type { SeverityPolicy } from './severity-policy';

/**
 * When the postmortem review is due for an incident resolved at `resolvedAt`, or `null` when the policy sets no due
 * date (or the date would fall after 9999-12-31, the last day a timestamp can hold). Days are counted in `timeZone` (default UTC) with date-fns, so "3 calendar days" keeps the wall-clock time
 * across a DST change and business days skip that zone's Saturday and Sunday; holidays are not known to the library.
 *
 * @param policy - the severity policy
 * @param resolvedAt - when the incident was resolved
 * @param options - `timeZone`: the IANA zone the team counts days in
 * @returns the due timestamp, or `null`
 * @throws {IncidentKitError} `invalid_input` for a malformed timestamp, a policy without its postmortem rule, or an
 *   unknown time zone
 * @example
 * getPostmortemDue(getSeverityPolicy('SEV2'), '2024-01-15T15:15:00Z'); // a Monday
 * //=> '2024-01-22T15:15:00.000Z'
 */
export function getPostmortemDue(
  policy: SeverityPolicy,
  resolvedAt: Timestamp,
  options: { timeZone?: string } = {},
): Timestamp | null {
  const due = postmortemDueOf(policy);
  const from = parseInput(TimestampSchema, resolvedAt, 'resolvedAt');
  const zone = expectOptions(options).timeZone;
  if (!due) return null;
  return postmortemDueAfter(due, from, zone === undefined ? 'UTC' : expectTimeZone(zone, 'options.timeZone'));
}

/**
 * `getPostmortemDue` for arguments already checked (the lifecycle's resolve step). Internal.
 *
 * @param due - a policy's postmortem due rule
 * @param resolvedAt - a normalised timestamp
 * @param timeZone - a known IANA zone
 * @returns the due timestamp, or `null`
 */
export function postmortemDueAfter(
  due: SeverityPolicy['postmortem']['due'],
  resolvedAt: Timestamp,
  timeZone = 'UTC',
): Timestamp | null {
  if (!due) return null;
  const from = toEpochMs(resolvedAt);
  // In UTC there is no DST to keep the wall-clock time across: count whole days directly, as date-fns does (a test
  // holds the two equal), without building a zoned date (about 30 µs a call, once per resolved incident).
  if (timeZone === 'UTC' && Number.isInteger(due.amount)) {
    return fromEpochMs(
      due.unit === 'calendar_days' ? from + due.amount * DAY_MS : addBusinessDaysUtc(from, due.amount),
    );
  }
  const context = { in: tz(timeZone) };
  const result =
    due.unit === 'calendar_days'
      ? addDays(new Date(from), due.amount, context)
      : addBusinessDays(new Date(from), due.amount, context);
  // TZDate#toISOString keeps the zone's offset; normalise to UTC `Z` (null past year 9999).
  return fromEpochMs(result.getTime());
}

const DAY_MS = 86_400_000;

/** date-fns' addBusinessDays, step for step, on UTC days: Saturday and Sunday are skipped. */
function addBusinessDaysUtc(ms: number, amount: number): number {
  const timeOfDay = ((ms % DAY_MS) + DAY_MS) % DAY_MS;
  let day = (ms - timeOfDay) / DAY_MS;
  // 1970-01-01 was a Thursday (4); 0 is Sunday, 6 Saturday.
  const weekday = (d: number) => (((d + 4) % 7) + 7) % 7;
  const weekend = (d: number) => weekday(d) === 0 || weekday(d) === 6;
  const startedOnWeekend = weekend(day);
  const sign = amount < 0 ? -1 : 1;
  day += Math.trunc(amount / 5) * 7;
  let rest = Math.abs(amount % 5);
  while (rest > 0) {
    day += sign;
    if (!weekend(day)) rest -= 1;
  }
  if (startedOnWeekend && weekend(day) && amount !== 0) {
    if (weekday(day) === 6) day += sign < 0 ? 2 : -1;
    if (weekday(day) === 0) day += sign < 0 ? 1 : -2;
  }
  return day * DAY_MS + timeOfDay;
}

/** A policy's postmortem due rule, checked where it is read (this runs on every resolve: no full schema check). */
function postmortemDueOf(policy: unknown): SeverityPolicy['postmortem']['due'] {
  const postmortem = isPlainObjectLike(policy) ? policy.postmortem : undefined;
  const due = isPlainObjectLike(postmortem) ? postmortem.due : undefined;
  if (due === null) return null;
  if (
    isPlainObjectLike(due) &&
    typeof due.amount === 'number' &&
    Number.isFinite(due.amount) &&
    (due.unit === 'calendar_days' || due.unit === 'business_days')
  )
    return due as NonNullable<SeverityPolicy['postmortem']['due']>;
  throw invalidArgument('policy.postmortem.due', 'null or { amount, unit } of a severity policy', due);
}
