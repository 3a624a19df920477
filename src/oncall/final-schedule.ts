import { parseInput } from '../errors';
import type { Timestamp } from '../time/timestamp';
import { type LayerPiece, layerPieces, type Span } from './layer-turns';
import {
  memberKeyOf,
  type OnCallMember,
  type Schedule,
  type ScheduleInput,
  ScheduleSchema,
  type TimeRange,
  TimeRangeSchema,
} from './schedule';
import { createZoneClock, type ZoneClock } from './zone-clock';

/**
 * Where a shift comes from: a layer's turn (`layerIndex` into `schedule.layers`, `turn` counted from the layer's
 * rotation start, 0 for `members[0]`'s first turn) or an override (`overrideIndex` into `schedule.overrides`).
 *
 * @example
 * const source: ShiftSource = { type: 'layer', layerIndex: 0, turn: 3 };
 * source.type;
 * //=> 'layer'
 */
export type ShiftSource =
  | { readonly type: 'layer'; readonly layerIndex: number; readonly turn: number }
  | { readonly type: 'override'; readonly overrideIndex: number };

/**
 * Someone on call from `from` until `until` (exclusive), and why.
 *
 * @example
 * const shift: OnCallShift = { from: '2024-03-04T08:00:00.000Z', until: '2024-03-11T08:00:00.000Z',
 *   member: { id: 'ana', name: 'Ana' }, source: { type: 'layer', layerIndex: 0, turn: 9 } };
 * shift.member.id;
 * //=> 'ana'
 */
export interface OnCallShift {
  readonly from: Timestamp;
  readonly until: Timestamp;
  readonly member: OnCallMember;
  readonly source: ShiftSource;
}

/**
 * Time in which nobody is on call: no override, and no layer in force or inside its restrictions.
 *
 * @example
 * const gap: ScheduleGap = { from: '2024-03-04T17:00:00.000Z', until: '2024-03-05T08:00:00.000Z', member: null,
 *   source: { type: 'gap' } };
 * gap.member;
 * //=> null
 */
export interface ScheduleGap {
  readonly from: Timestamp;
  readonly until: Timestamp;
  readonly member: null;
  readonly source: { readonly type: 'gap' };
}

/**
 * One entry of a final schedule: a shift or a gap.
 *
 * @example
 * const entry: FinalScheduleEntry = { from: '2024-03-04T17:00:00.000Z', until: '2024-03-05T08:00:00.000Z',
 *   member: null, source: { type: 'gap' } };
 * entry.source.type;
 * //=> 'gap'
 */
export type FinalScheduleEntry = OnCallShift | ScheduleGap;

/**
 * Renders a schedule into who is on call over `[from, to)`: entries in time order that tile the range exactly, with
 * no overlap and no hole (time nobody covers is a `gap` entry). An override wins over every layer (a later override
 * over an earlier one); otherwise the last layer in force at that instant wins. Entries split where the person or the
 * source changes and at every handoff, even when the same person takes the next turn.
 *
 * @param schedule - the schedule (validated here)
 * @param range - `{ from, to }`, at most 10 years apart
 * @returns the entries, first starting at `from`, last ending at `to`
 * @throws {IncidentKitError} `invalid_input` naming the bad field of the schedule or the range
 * @example
 * const schedule = { id: 'primary', timeZone: 'Europe/Berlin', layers: [{ rotationStart: '2024-03-25',
 *   handoffTime: '09:00', turn: { length: 1, unit: 'weeks' },
 *   members: [{ id: 'ana', name: 'Ana' }, { id: 'ben', name: 'Ben' }] }] };
 * getFinalSchedule(schedule, { from: '2024-03-25T08:00:00Z', to: '2024-04-08T07:00:00Z' })
 *   .map((entry) => `${entry.member?.id} ${entry.from}`);
 * //=> ['ana 2024-03-25T08:00:00.000Z', 'ben 2024-04-01T07:00:00.000Z']
 */
export function getFinalSchedule(
  schedule: ScheduleInput,
  range: { from: string; to: string },
): FinalScheduleEntry[] {
  const parsed = parseInput(ScheduleSchema, schedule, 'schedule');
  return renderFinalSchedule(parsed, parseInput(TimeRangeSchema, range, 'range'));
}

/** getFinalSchedule for a schedule and range that are already validated. */
export function renderFinalSchedule(schedule: Schedule, range: TimeRange): FinalScheduleEntry[] {
  const sweep = sweepSchedule(schedule, toSpan(range), false);
  return sweep.map(toEntry);
}

/** An interval of the sweep: who wins, and (when asked for) every source covering it, winner first. */
export interface SweepInterval extends Span {
  readonly winner: Covering | null;
  readonly covering: readonly Covering[];
}

/** A source covering an instant: an override or a layer's piece. */
export interface Covering {
  readonly key: string;
  readonly member: OnCallMember;
  readonly source: ShiftSource;
}

/**
 * Stacks layers and overrides over a range and returns maximal intervals of constant winner (and, with
 * `withCovering`, constant set of covering sources), in time order, tiling the range.
 */
export function sweepSchedule(schedule: Schedule, range: Span, withCovering: boolean): SweepInterval[] {
  const clocks = new Map<string, ZoneClock>();
  const clockFor = (zone: string) => {
    let clock = clocks.get(zone);
    if (clock === undefined) {
      clock = createZoneClock(zone);
      clocks.set(zone, clock);
    }
    return clock;
  };
  // Each piece and override carries its covering, built once: the sweep below only compares and copies them.
  const layers = schedule.layers.map((layer, layerIndex) =>
    layerPieces(layer, clockFor(layer.timeZone ?? schedule.timeZone), range).map((piece) => ({
      from: piece.from,
      until: piece.until,
      covering: layerCovering(schedule, layerIndex, piece),
    })),
  );
  const overrides = schedule.overrides
    .map((override, index) => ({
      index,
      from: Math.max(Date.parse(override.from), range.from),
      until: Math.min(Date.parse(override.until), range.until),
      covering: overrideCovering(schedule, index),
    }))
    .filter((override) => override.from < override.until)
    .sort((a, b) => a.from - b.from || a.index - b.index);

  const points = new Set<number>([range.from, range.until]);
  for (const pieces of layers) {
    for (const piece of pieces) {
      points.add(piece.from);
      points.add(piece.until);
    }
  }
  for (const override of overrides) {
    points.add(override.from);
    points.add(override.until);
  }
  const boundaries = [...points].sort((a, b) => a - b);

  const cursors = layers.map(() => 0);
  let nextOverride = 0;
  let active: (typeof overrides)[number][] = [];
  const result: SweepInterval[] = [];
  for (let i = 0; i + 1 < boundaries.length; i++) {
    const from = boundaries[i] as number;
    const until = boundaries[i + 1] as number;
    let changed = false;
    while (nextOverride < overrides.length && (overrides[nextOverride]?.from as number) <= from) {
      active.push(overrides[nextOverride] as (typeof overrides)[number]);
      nextOverride += 1;
      changed = true;
    }
    if (changed || active.some((override) => override.until <= from)) {
      // Precedence among overrides: the latest in the schedule's list first.
      active = active.filter((override) => override.until > from).sort((a, b) => b.index - a.index);
    }
    const covering: Covering[] = [];
    for (const override of active) {
      covering.push(override.covering);
      if (!withCovering) break;
    }
    // Then layers, the last layer first.
    for (let layerIndex = layers.length - 1; layerIndex >= 0; layerIndex--) {
      if (!withCovering && covering.length > 0) break;
      const pieces = layers[layerIndex] as (typeof layers)[number];
      let cursor = cursors[layerIndex] as number;
      while (cursor < pieces.length && (pieces[cursor] as (typeof pieces)[number]).until <= from) cursor += 1;
      cursors[layerIndex] = cursor;
      const piece = pieces[cursor];
      if (piece !== undefined && piece.from <= from) covering.push(piece.covering);
    }
    const winner = covering[0] ?? null;
    const last = result[result.length - 1];
    if (last !== undefined && last.until === from && sameCoverage(last, winner, covering, withCovering)) {
      result[result.length - 1] = { ...last, until };
    } else {
      result.push({ from, until, winner, covering: withCovering ? covering : [] });
    }
  }
  return result;
}

function overrideCovering(schedule: Schedule, index: number): Covering {
  const member = (schedule.overrides[index] as Schedule['overrides'][number]).member;
  return {
    key: `o${index}|${memberKeyOf(member)}`,
    member,
    source: { type: 'override', overrideIndex: index },
  };
}

function layerCovering(schedule: Schedule, layerIndex: number, piece: LayerPiece): Covering {
  const layer = schedule.layers[layerIndex] as Schedule['layers'][number];
  const member = layer.members[piece.member] as OnCallMember;
  return {
    key: `l${layerIndex}:${piece.turn}|${memberKeyOf(member)}`,
    member,
    source: { type: 'layer', layerIndex, turn: piece.turn },
  };
}

function sameCoverage(
  last: SweepInterval,
  winner: Covering | null,
  covering: readonly Covering[],
  withCovering: boolean,
): boolean {
  if ((last.winner?.key ?? null) !== (winner?.key ?? null)) return false;
  if (!withCovering) return true;
  return (
    last.covering.length === covering.length &&
    last.covering.every((entry, index) => entry.key === covering[index]?.key)
  );
}

/** A validated range as epoch milliseconds. */
export function toSpan(range: TimeRange): Span {
  return { from: Date.parse(range.from), until: Date.parse(range.to) };
}

function toEntry(interval: SweepInterval): FinalScheduleEntry {
  const from = new Date(interval.from).toISOString();
  const until = new Date(interval.until).toISOString();
  if (interval.winner === null) return { from, until, member: null, source: { type: 'gap' } };
  return { from, until, member: interval.winner.member, source: interval.winner.source };
}
