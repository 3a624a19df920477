import { parseInput } from '../errors';
import { type Timestamp, TimestampSchema } from '../time/timestamp';
import { type OnCallShift, sweepSchedule } from './final-schedule';
import { layerRotation, type Span } from './layer-turns';
import { type Schedule, type ScheduleInput, ScheduleSchema } from './schedule';
import { createZoneClock } from './zone-clock';

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
  const winner = sweepSchedule(schedule, { from: instant, until: instant + 1 }, false)[0]?.winner ?? null;
  if (winner === null) return null;
  // A shift never outlasts its source: one turn of its layer, or its override. Sweeping that stretch finds the whole
  // shift, however long the schedule's other turns are.
  const source = winner.source;
  let window: Span;
  if (source.type === 'override') {
    const override = schedule.overrides[source.overrideIndex] as Schedule['overrides'][number];
    window = { from: Date.parse(override.from), until: Date.parse(override.until) };
  } else {
    const layer = schedule.layers[source.layerIndex] as Schedule['layers'][number];
    const rotation = layerRotation(layer, createZoneClock(layer.timeZone ?? schedule.timeZone));
    window = { from: rotation.boundary(source.turn), until: rotation.boundary(source.turn + 1) };
  }
  const interval = sweepSchedule(schedule, window, false).find(
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
