import { parseInput } from '../errors';
import { type Timestamp, TimestampSchema } from '../time/timestamp';
import { type OnCallShift, sweepSchedule } from './final-schedule';
import { nominalTurnMs } from './layer-turns';
import { type Schedule, type ScheduleInput, ScheduleSchema } from './schedule';
import { DAY_MS } from './zone-clock';

/**
 * Who is on call at an instant, with the whole shift they are in (when it started, when it ends, which layer or
 * override it comes from), or `null` when nobody is (a gap in the schedule).
 *
 * @param schedule - the schedule (validated here)
 * @param at - the instant
 * @returns the shift containing `at`, exactly as `getFinalSchedule` would list it, or `null`
 * @throws {IncidentKitError} `invalid_input` naming the bad field
 * @example
 * const schedule = { id: 'primary', timeZone: 'Europe/Berlin', layers: [{ rotationStart: '2024-03-25',
 *   handoffTime: '09:00', turn: { length: 1, unit: 'weeks' },
 *   members: [{ id: 'ana', name: 'Ana' }, { id: 'ben', name: 'Ben' }] }] };
 * const shift = whoIsOnCall(schedule, '2024-04-03T12:00:00Z');
 * [shift?.member.name, shift?.from, shift?.until];
 * //=> ['Ben', '2024-04-01T07:00:00.000Z', '2024-04-08T07:00:00.000Z']
 */
export function whoIsOnCall(schedule: ScheduleInput, at: string): OnCallShift | null {
  const parsed = parseInput(ScheduleSchema, schedule, 'schedule');
  return shiftAt(parsed, parseInput(TimestampSchema, at, 'at'));
}

/** whoIsOnCall for a validated schedule and timestamp. */
export function shiftAt(schedule: Schedule, at: Timestamp): OnCallShift | null {
  const instant = Date.parse(at);
  // A shift never outlasts one turn of its layer (plus a DST hour or two) or its override, so a window that wide
  // around `at` holds the whole shift.
  const longestTurn = Math.max(...schedule.layers.map(nominalTurnMs));
  let from = instant - longestTurn - 2 * DAY_MS;
  let until = instant + longestTurn + 2 * DAY_MS;
  for (const override of schedule.overrides) {
    const start = Date.parse(override.from);
    const end = Date.parse(override.until);
    if (start <= instant && instant < end) {
      from = Math.min(from, start);
      until = Math.max(until, end);
    }
  }
  const interval = sweepSchedule(schedule, { from, until }, false).find(
    (candidate) => candidate.from <= instant && instant < candidate.until,
  );
  if (interval === undefined || interval.winner === null) return null;
  return {
    from: new Date(interval.from).toISOString(),
    until: new Date(interval.until).toISOString(),
    member: interval.winner.member,
    source: interval.winner.source,
  };
}
