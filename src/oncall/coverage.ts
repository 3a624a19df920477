import { parseInput } from '../errors';
import type { Timestamp } from '../time/timestamp';
import { type ShiftSource, sweepSchedule, toSpan } from './final-schedule';
import {
  memberKeyOf,
  type OnCallMember,
  type ScheduleInput,
  ScheduleSchema,
  TimeRangeSchema,
} from './schedule';
import { compareText } from './text-order';
import { MINUTE_MS } from './zone-clock';

/**
 * Time in which two or more sources cover the schedule at once: `covering` lists them in precedence order, the one
 * on call (the winner) first, then those it hides. Expected where an override or a higher layer replaces someone;
 * worth a look where two layers were meant to take turns.
 *
 * @example
 * const overlap: ScheduleOverlap = { from: '2024-03-05T08:00:00.000Z', until: '2024-03-05T16:00:00.000Z',
 *   covering: [{ member: { id: 'cy', name: 'Cy' }, source: { type: 'override', overrideIndex: 0 } },
 *     { member: { id: 'ana', name: 'Ana' }, source: { type: 'layer', layerIndex: 0, turn: 4 } }] };
 * overlap.covering.length;
 * //=> 2
 */
export interface ScheduleOverlap {
  readonly from: Timestamp;
  readonly until: Timestamp;
  readonly covering: readonly { readonly member: OnCallMember; readonly source: ShiftSource }[];
}

/**
 * The coverage report of a schedule over a range.
 *
 * @example
 * const coverage: Pick<ScheduleCoverage, 'coveragePercent'> = { coveragePercent: 100 };
 * coverage.coveragePercent;
 * //=> 100
 */
export interface ScheduleCoverage {
  readonly from: Timestamp;
  readonly to: Timestamp;
  /** Minutes in the range. */
  readonly totalMinutes: number;
  /** Minutes in which someone is on call. */
  readonly coveredMinutes: number;
  /** `coveredMinutes / totalMinutes`, as a percentage with two decimals. */
  readonly coveragePercent: number;
  /** Maximal stretches in which nobody is on call, in time order. */
  readonly gaps: readonly { readonly from: Timestamp; readonly until: Timestamp; readonly minutes: number }[];
  /** Stretches in which several sources cover at once, in time order. */
  readonly overlaps: readonly ScheduleOverlap[];
  /** Minutes on call and number of shifts per member, most minutes first. */
  readonly members: readonly {
    readonly member: OnCallMember;
    readonly minutes: number;
    readonly shifts: number;
  }[];
}

/**
 * Reports how well a schedule covers a range: the gaps in which nobody is on call, the overlaps in which more than
 * one layer or override covers (and who is hidden), and the minutes each member is on call.
 *
 * @param schedule - the schedule (validated here)
 * @param range - `{ from, to }`
 * @returns the coverage report
 * @throws {IncidentKitError} `invalid_input` naming the bad field
 * @example
 * const schedule = { id: 'business-hours', timeZone: 'Europe/Berlin', layers: [{ rotationStart: '2024-03-04',
 *   handoffTime: '09:00', turn: { length: 1, unit: 'weeks' }, members: [{ id: 'ana', name: 'Ana' }],
 *   restrictions: [{ type: 'daily', start: '09:00', end: '17:00', days: ['mon', 'tue', 'wed', 'thu', 'fri'] }] }] };
 * const coverage = getScheduleCoverage(schedule, { from: '2024-03-04T08:00:00Z', to: '2024-03-11T08:00:00Z' });
 * [coverage.coveragePercent, coverage.gaps.length];
 * //=> [23.81, 5]
 */
export function getScheduleCoverage(
  schedule: ScheduleInput,
  range: { from: string; to: string },
): ScheduleCoverage {
  const parsed = parseInput(ScheduleSchema, schedule, 'schedule');
  const validRange = parseInput(TimeRangeSchema, range, 'range');
  const span = toSpan(validRange);
  const sweep = sweepSchedule(parsed, span, true);
  const iso = (ms: number) => new Date(ms).toISOString();
  const gaps: { from: Timestamp; until: Timestamp; minutes: number }[] = [];
  const overlaps: ScheduleOverlap[] = [];
  const members = new Map<string, { member: OnCallMember; ms: number; shifts: number }>();
  let coveredMs = 0;
  let previousWinner: string | null = null;
  for (const interval of sweep) {
    const length = interval.until - interval.from;
    const winner = interval.winner;
    if (winner === null) {
      const last = gaps[gaps.length - 1];
      if (last !== undefined && last.until === iso(interval.from)) {
        gaps[gaps.length - 1] = {
          ...last,
          until: iso(interval.until),
          minutes: last.minutes + length / MINUTE_MS,
        };
      } else {
        gaps.push({ from: iso(interval.from), until: iso(interval.until), minutes: length / MINUTE_MS });
      }
    } else {
      coveredMs += length;
      const key = memberKeyOf(winner.member);
      const totals = members.get(key) ?? { member: winner.member, ms: 0, shifts: 0 };
      totals.ms += length;
      // One shift per run of the same winning source: a new interval with the same winner is the same shift.
      if (previousWinner !== winner.key) totals.shifts += 1;
      members.set(key, totals);
    }
    previousWinner = winner?.key ?? null;
    if (interval.covering.length > 1) {
      overlaps.push({
        from: iso(interval.from),
        until: iso(interval.until),
        covering: interval.covering.map(({ member, source }) => ({ member, source })),
      });
    }
  }
  const totalMs = span.until - span.from;
  return {
    from: validRange.from,
    to: validRange.to,
    totalMinutes: totalMs / MINUTE_MS,
    coveredMinutes: coveredMs / MINUTE_MS,
    coveragePercent: Math.round((coveredMs / totalMs) * 10_000) / 100,
    gaps,
    overlaps,
    members: [...members.values()]
      .sort((a, b) => b.ms - a.ms || compareText(memberKeyOf(a.member), memberKeyOf(b.member)))
      .map(({ member, ms, shifts }) => ({ member, minutes: ms / MINUTE_MS, shifts })),
  };
}
