// Wall-clock arithmetic in one IANA zone, independent of the host's zone. "Local" values are the wall-clock
// reading written as if it were UTC (Date.UTC of the fields), so adding 86_400_000 to one is "the next calendar
// day, same time" and getUTCDay() of one is the local weekday. Only @date-fns/tz's `tzOffset` (Intl underneath)
// knows the zone's rules; everything else is integer arithmetic.
//
// Assumption: a zone changes its UTC offset at most once in any 4 days. For every zone of the IANA database
// (418 in Node 20's ICU), 1970-2037, changes are at least 7 days apart (the closest: parts of Brazil, which started
// and cancelled DST a week apart in October 2000). Offsets are sampled once every 4 days and each change is
// located to the minute by bisection, so a schedule over a year costs about a hundred Intl calls per zone, not one
// per handoff.
// The subpath, not the package root: the root also brings TZDate, which the schedule engine does not use.
import { tzOffset } from '@date-fns/tz/tzOffset';

export const MINUTE_MS = 60_000;
export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;
/** Offsets are sampled at the start of each bucket of this length. */
const BUCKET_MS = 4 * DAY_MS;

interface Transition {
  /** The first instant with the new offset. */
  readonly at: number;
  readonly before: number;
  readonly after: number;
}

export interface ZoneClock {
  readonly zone: string;
  /** The zone's UTC offset at an instant, in milliseconds (east positive). */
  offsetAt(instant: number): number;
  /** The wall-clock reading at an instant, as a local value. */
  toLocal(instant: number): number;
  /**
   * The first instant at which the wall clock reads `local` or later: the usual instant; for a reading that occurs
   * twice (clocks go back) the earlier one; for a reading skipped by a DST gap the end of the gap (02:30 on the
   * night clocks jump from 02:00 to 03:00 is 03:00).
   */
  toUtc(local: number): number;
}

/** A clock for one zone; it memoises the offsets it looked up, so make one per computation. */
export function createZoneClock(zone: string): ZoneClock {
  const samples = new Map<number, number>();
  const transitions = new Map<number, Transition | null>();

  const raw = (instant: number): number => Math.round(tzOffset(zone, new Date(instant)) * MINUTE_MS);
  const sample = (bucket: number): number => {
    let offset = samples.get(bucket);
    if (offset === undefined) {
      offset = raw(bucket * BUCKET_MS);
      samples.set(bucket, offset);
    }
    return offset;
  };
  const transitionIn = (bucket: number): Transition | null => {
    const known = transitions.get(bucket);
    if (known !== undefined) return known;
    const before = sample(bucket);
    const after = sample(bucket + 1);
    let found: Transition | null = null;
    if (before !== after) {
      // Offsets change on whole minutes: bisect minutes between the two samples.
      let low = bucket * BUCKET_MS;
      let high = (bucket + 1) * BUCKET_MS;
      while (high - low > MINUTE_MS) {
        const middle = low + Math.floor((high - low) / MINUTE_MS / 2) * MINUTE_MS;
        if (raw(middle) === before) low = middle;
        else high = middle;
      }
      found = { at: high, before, after };
    }
    transitions.set(bucket, found);
    return found;
  };
  const offsetAt = (instant: number): number => {
    const bucket = Math.floor(instant / BUCKET_MS);
    const transition = transitionIn(bucket);
    if (transition === null) return sample(bucket);
    return instant < transition.at ? transition.before : transition.after;
  };
  const transitionBetween = (from: number, to: number): Transition | null => {
    for (let bucket = Math.floor(from / BUCKET_MS); bucket <= Math.floor(to / BUCKET_MS); bucket++) {
      const transition = transitionIn(bucket);
      if (transition !== null && transition.at > from && transition.at <= to) return transition;
    }
    return null;
  };

  return {
    zone,
    offsetAt,
    toLocal: (instant) => instant + offsetAt(instant),
    toUtc: (local) => {
      // Every instant whose wall clock could read `local` lies within 14 hours of it.
      const earlier = offsetAt(local - DAY_MS);
      const later = offsetAt(local + DAY_MS);
      if (earlier === later) return local - earlier;
      const transition = transitionBetween(local - DAY_MS, local + DAY_MS);
      if (transition === null) return local - later;
      const beforeChange = local - transition.before;
      if (beforeChange < transition.at) return beforeChange;
      const afterChange = local - transition.after;
      if (afterChange >= transition.at) return afterChange;
      return transition.at;
    },
  };
}

/** The local value of a `YYYY-MM-DD` date at `HH:mm`. */
export function localValue(date: string, time = '00:00'): number {
  const value = new Date(0);
  // setUTCFullYear, not Date.UTC: Date.UTC maps years 0-99 to 1900-1999.
  value.setUTCFullYear(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10)));
  return value.getTime() + minutesOf(time) * MINUTE_MS;
}

/** Minutes after midnight of `HH:mm` (`24:00` is 1440). */
export function minutesOf(time: string): number {
  return Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));
}

/** The local midnight of the day a local value falls on. */
export function startOfLocalDay(local: number): number {
  return Math.floor(local / DAY_MS) * DAY_MS;
}

/** The weekday of a local value, Monday 0 … Sunday 6. */
export function weekdayOf(local: number): number {
  return (new Date(local).getUTCDay() + 6) % 7;
}
