// How one layer covers a range: its turns (who, from, until), cut to its restriction windows. Internal to the
// on-call module; getFinalSchedule stacks the layers and overrides.
import type { Restriction, ScheduleLayer } from './schedule';
import {
  DAY_MS,
  HOUR_MS,
  localValue,
  MINUTE_MS,
  minutesOf,
  startOfLocalDay,
  weekdayOf,
  type ZoneClock,
} from './zone-clock';

/** A stretch of time in epoch milliseconds, `[from, until)`. */
export interface Span {
  readonly from: number;
  readonly until: number;
}

/** Part of one turn of one layer: `member` indexes the layer's members, `turn` counts from the rotation start. */
export interface LayerPiece extends Span {
  readonly turn: number;
  readonly member: number;
}

const WEEK_MINUTES = 7 * 1440;

/** A turn's length on the wall clock, in milliseconds. */
function nominalTurnMs(layer: ScheduleLayer): number {
  const unit = layer.turn.unit === 'hours' ? HOUR_MS : layer.turn.unit === 'days' ? DAY_MS : 7 * DAY_MS;
  return layer.turn.length * unit;
}

/** The turn boundaries of a layer: `boundary(k)` is when turn `k` starts (turn 0 at the rotation start). */
export function layerRotation(layer: ScheduleLayer, clock: ZoneClock) {
  const start = localValue(layer.rotationStart, layer.handoffTime);
  const step = nominalTurnMs(layer);
  const boundary = (turn: number): number => clock.toUtc(start + turn * step);
  /** The turn in force at an instant (boundaries never decrease, so this is a short walk from an estimate). */
  const turnAt = (instant: number): number => {
    let turn = Math.floor((clock.toLocal(instant) - start) / step);
    while (boundary(turn) > instant) turn -= 1;
    while (boundary(turn + 1) <= instant) turn += 1;
    return turn;
  };
  return { boundary, turnAt, firstHandoff: boundary(0) };
}

/** The pieces of a layer's turns inside `range`, in time order, cut to its restrictions. */
export function layerPieces(layer: ScheduleLayer, clock: ZoneClock, range: Span): LayerPiece[] {
  const rotation = layerRotation(layer, clock);
  const from = Math.max(
    range.from,
    layer.from === undefined ? rotation.firstHandoff : Date.parse(layer.from),
  );
  const until = Math.min(range.until, layer.until === undefined ? range.until : Date.parse(layer.until));
  if (from >= until) return [];
  const count = layer.members.length;
  const turns: LayerPiece[] = [];
  let turn = rotation.turnAt(from);
  let start = rotation.boundary(turn);
  while (start < until) {
    const end = rotation.boundary(turn + 1);
    const piece = { from: Math.max(start, from), until: Math.min(end, until) };
    if (piece.from < piece.until) turns.push({ ...piece, turn, member: ((turn % count) + count) % count });
    turn += 1;
    start = end;
  }
  if (layer.restrictions.length === 0) return turns;
  return intersect(turns, restrictionWindows(layer.restrictions, clock, { from, until }));
}

/**
 * The union of restriction windows overlapping `range`, merged and in time order. Windows are wall-clock spans:
 * on a DST day a 00:00–24:00 window is 23 or 25 hours long.
 */
export function restrictionWindows(
  restrictions: readonly Restriction[],
  clock: ZoneClock,
  range: Span,
): Span[] {
  // A window starts at most a week before the range (weekly spans are up to 7 days long).
  const firstDay = startOfLocalDay(clock.toLocal(range.from)) - 8 * DAY_MS;
  const lastDay = startOfLocalDay(clock.toLocal(range.until)) + DAY_MS;
  const windows: Span[] = [];
  for (let day = firstDay; day <= lastDay; day += DAY_MS) {
    const weekday = weekdayOf(day);
    for (const restriction of restrictions) {
      const span = windowStartingOn(restriction, day, weekday);
      if (span === null) continue;
      const from = Math.max(clock.toUtc(span.from), range.from);
      const until = Math.min(clock.toUtc(span.until), range.until);
      if (from < until) windows.push({ from, until });
    }
  }
  return mergeSpans(windows);
}

/** The local span of the window `restriction` opens on local day `day`, if it opens that day. */
function windowStartingOn(restriction: Restriction, day: number, weekday: number): Span | null {
  const start = minutesOf(restriction.start);
  if (restriction.type === 'daily') {
    if (restriction.days !== undefined && !restriction.days.some((name) => WEEKDAY_INDEX[name] === weekday)) {
      return null;
    }
    let length = minutesOf(restriction.end) - start;
    if (length <= 0) length += 1440;
    return { from: day + start * MINUTE_MS, until: day + (start + length) * MINUTE_MS };
  }
  const startDay = WEEKDAY_INDEX[restriction.startDay];
  if (startDay !== weekday) return null;
  let length =
    WEEKDAY_INDEX[restriction.endDay] * 1440 + minutesOf(restriction.end) - (startDay * 1440 + start);
  if (length <= 0) length += WEEK_MINUTES;
  return { from: day + start * MINUTE_MS, until: day + (start + length) * MINUTE_MS };
}

const WEEKDAY_INDEX = { mon: 0, tue: 1, wed: 2, thu: 3, fri: 4, sat: 5, sun: 6 } as const;

/** Sorts spans and merges the overlapping or touching ones. */
function mergeSpans(spans: Span[]): Span[] {
  const sorted = [...spans].sort((a, b) => a.from - b.from);
  const merged: Span[] = [];
  for (const span of sorted) {
    const last = merged[merged.length - 1];
    if (last !== undefined && span.from <= last.until) {
      if (span.until > last.until) merged[merged.length - 1] = { from: last.from, until: span.until };
    } else {
      merged.push(span);
    }
  }
  return merged;
}

/** The parts of each piece inside the windows (both in time order, windows disjoint). */
function intersect(pieces: readonly LayerPiece[], windows: readonly Span[]): LayerPiece[] {
  const result: LayerPiece[] = [];
  let w = 0;
  for (const piece of pieces) {
    while (w < windows.length && (windows[w] as Span).until <= piece.from) w += 1;
    for (let i = w; i < windows.length; i++) {
      const window = windows[i] as Span;
      if (window.from >= piece.until) break;
      const from = Math.max(piece.from, window.from);
      const until = Math.min(piece.until, window.until);
      if (from < until) result.push({ from, until, turn: piece.turn, member: piece.member });
    }
  }
  return result;
}
