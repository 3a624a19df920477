import * as z from 'zod';
import { parseInput } from '../errors';
import { expectOptions, invalidArgument } from '../internal/arguments';
import type { IncidentState } from '../lifecycle/incident-state';
import { SeveritySchema } from '../severity/severity';
import { type Timestamp, TimestampSchema } from '../time/timestamp';
import { type FinalScheduleEntry, renderFinalSchedule } from './final-schedule';
import { restrictionWindows, type Span } from './layer-turns';
import {
  LocalEndTimeSchema,
  LocalTimeSchema,
  type OnCallMember,
  type ScheduleInput,
  ScheduleSchema,
  TimeRangeSchema,
  TimeZoneSchema,
  WeekdaySchema,
} from './schedule';
import { compareText } from './text-order';
import { shiftAt } from './who-is-on-call';
import { createZoneClock, MINUTE_MS } from './zone-clock';

/**
 * The fields of an incident the handoff report reads (an `IncidentState` has them all).
 *
 * @example
 * const fields: (keyof HandoffIncident)[] = ['id', 'title', 'severity'];
 * fields.length;
 * //=> 3
 */
export type HandoffIncident = Pick<
  IncidentState,
  'id' | 'title' | 'severity' | 'status' | 'milestones' | 'timeline' | 'escalation'
>;

// What the report reads, checked at the boundary without pulling the lifecycle's whole state schema into this
// subpath; extra fields are ignored.
const HandoffIncidentSchema = z.looseObject({
  id: z.string().min(1),
  title: z.string(),
  severity: SeveritySchema,
  status: z.string().min(1),
  milestones: z.looseObject({
    detectedAt: TimestampSchema,
    acknowledgedAt: TimestampSchema.optional(),
    resolvedAt: TimestampSchema.optional(),
    cancelledAt: TimestampSchema.optional(),
  }),
  timeline: z.array(z.looseObject({ at: TimestampSchema, summary: z.string() })),
  escalation: z.looseObject({ level: z.number().int().min(0) }),
});

const BusinessHoursSchema = z.strictObject({
  days: z.array(WeekdaySchema).min(1).default(['mon', 'tue', 'wed', 'thu', 'fri']),
  start: LocalTimeSchema.default('09:00'),
  end: LocalEndTimeSchema.default('17:00'),
  /** Default: the schedule's zone. */
  timeZone: TimeZoneSchema.optional(),
});

/**
 * Options of {@link getShiftHandoffReport}.
 *
 * @example
 * const options: ShiftHandoffOptions = { businessHours: { start: '08:00', end: '18:00' }, noisyAfter: 3 };
 * options.noisyAfter;
 * //=> 3
 */
export interface ShiftHandoffOptions {
  /** Working hours; outside them is "out of hours". Default: Monday to Friday, 09:00–17:00 in the schedule's zone. */
  readonly businessHours?: z.input<typeof BusinessHoursSchema>;
  /** An alert counts as noisy when it raised at least this many incidents in the range; default 2. */
  readonly noisyAfter?: number;
  /** What makes two incidents "the same alert"; default: the same title. */
  readonly groupBy?: (incident: HandoffIncident) => string;
}

/**
 * One incident in a handoff report.
 *
 * @example
 * const line: Pick<HandoffIncidentSummary, 'id' | 'open'> = { id: 'INC-7', open: true };
 * line.open;
 * //=> true
 */
export interface HandoffIncidentSummary {
  readonly id: string;
  readonly title: string;
  readonly severity: IncidentState['severity'];
  readonly status: string;
  readonly detectedAt: Timestamp;
  /** Minutes from detection to acknowledgement, `null` if not acknowledged by the end of the range. */
  readonly minutesToAcknowledge: number | null;
  /** When it was resolved or cancelled, if that happened by the end of the range. */
  readonly endedAt: Timestamp | null;
  /** Still open at the end of the range: the next shift inherits it. */
  readonly open: boolean;
  /** Who was on call in the schedule when it was detected (`null`: a gap). */
  readonly onCallAtDetection: OnCallMember | null;
  /** Detected outside business hours: somebody was paged out of hours. */
  readonly detectedOutOfHours: boolean;
  /** Minutes of the incident (detection to resolution, within the range) outside business hours. */
  readonly outOfHoursMinutes: number;
  /** The escalation level it reached (0: never paged). */
  readonly escalationLevel: number;
  /** The latest timeline entry up to the end of the range. */
  readonly latest: { readonly at: Timestamp; readonly summary: string } | null;
}

/**
 * A shift handoff report: who was on call, which incidents the shift saw, which are still open, how much of it
 * happened out of hours, and which alerts were noisy.
 *
 * @example
 * const totals: ShiftHandoffReport['totals'] = { incidents: 2, open: 1, detectedOutOfHours: 1, outOfHoursMinutes: 95 };
 * totals.open;
 * //=> 1
 */
export interface ShiftHandoffReport {
  readonly from: Timestamp;
  readonly to: Timestamp;
  /** The final schedule over the range. */
  readonly shifts: readonly FinalScheduleEntry[];
  /** Incidents open at some time in the range, in order of detection. */
  readonly incidents: readonly HandoffIncidentSummary[];
  /** Ids of the incidents still open at the end of the range. */
  readonly open: readonly string[];
  readonly totals: {
    readonly incidents: number;
    readonly open: number;
    readonly detectedOutOfHours: number;
    readonly outOfHoursMinutes: number;
  };
  /** Alerts that raised `noisyAfter` or more incidents in the range, most first. */
  readonly noisyAlerts: readonly {
    readonly key: string;
    readonly count: number;
    readonly incidentIds: readonly string[];
  }[];
}

/**
 * Builds the report one on-call shift hands to the next: the schedule's shifts in the range, every incident open at
 * some time in it (detected before `to` and not resolved or cancelled before `from`), the ones still open at `to`,
 * pages out of business hours and the incident time that fell out of hours, and noisy alerts (the same alert raising
 * several incidents). Only incident fields that every lifecycle version has are read.
 *
 * @param incidents - the incidents to consider, e.g. `IncidentState`s of one service
 * @param schedule - the schedule whose shifts hand over
 * @param range - `{ from, to }`, usually one shift
 * @param options - business hours, the noisy threshold and how to group alerts
 * @returns the report
 * @throws {IncidentKitError} `invalid_input` naming the bad field
 * @example
 * const schedule = { id: 'primary', timeZone: 'UTC', layers: [{ rotationStart: '2024-01-01', handoffTime: '09:00',
 *   turn: { length: 1, unit: 'days' }, members: [{ id: 'ana', name: 'Ana' }, { id: 'ben', name: 'Ben' }] }] };
 * const incident: HandoffIncident = { id: 'INC-1', title: 'Auth errors', severity: 'SEV2', status: 'mitigating',
 *   milestones: { detectedAt: '2024-01-02T03:00:00.000Z', acknowledgedAt: '2024-01-02T03:04:00.000Z' },
 *   timeline: [{ seq: 1, at: '2024-01-02T03:00:00.000Z', type: 'declared', summary: 'Declared' }],
 *   escalation: { level: 1, lastEscalatedAt: '2024-01-02T03:00:00.000Z' } };
 * const report = getShiftHandoffReport([incident], schedule, { from: '2024-01-01T09:00:00Z', to: '2024-01-02T09:00:00Z' });
 * [report.open, report.incidents[0]?.outOfHoursMinutes];
 * //=> [['INC-1'], 360]
 */
export function getShiftHandoffReport(
  incidents: readonly HandoffIncident[],
  schedule: ScheduleInput,
  range: { from: string; to: string },
  options: ShiftHandoffOptions = {},
): ShiftHandoffReport {
  const settings = expectOptions(options);
  if (settings.groupBy !== undefined && typeof settings.groupBy !== 'function')
    throw invalidArgument('settings.groupBy', 'a function', settings.groupBy);
  const parsedSchedule = parseInput(ScheduleSchema, schedule, 'schedule');
  const validRange = parseInput(TimeRangeSchema, range, 'range');
  const parsed = parseInput(z.array(HandoffIncidentSchema), incidents, 'incidents');
  const hours = parseInput(BusinessHoursSchema, settings.businessHours ?? {}, 'business hours');
  const noisyAfter = parseInput(z.number().int().min(1), settings.noisyAfter ?? 2, 'noisyAfter');
  const from = Date.parse(validRange.from);
  const to = Date.parse(validRange.to);

  const relevant = parsed
    .map((incident, index) => ({ incident, original: incidents[index] as HandoffIncident }))
    .filter(({ incident }) => {
      const detected = Date.parse(incident.milestones.detectedAt);
      const ended = endOf(incident);
      return detected < to && (ended === null || ended > from);
    })
    .sort((a, b) => compareText(a.incident.milestones.detectedAt, b.incident.milestones.detectedAt));

  const earliest = Math.min(
    from,
    ...relevant.map(({ incident }) => Date.parse(incident.milestones.detectedAt)),
  );
  const businessWindows = restrictionWindows(
    [{ type: 'daily', start: hours.start, end: hours.end, days: hours.days }],
    createZoneClock(hours.timeZone ?? parsedSchedule.timeZone),
    { from: earliest, until: to },
  );
  const summaries = relevant.map(({ incident }): HandoffIncidentSummary => {
    const detectedAt = incident.milestones.detectedAt;
    const detected = Date.parse(detectedAt);
    const ended = endOf(incident);
    const endedAt = ended !== null && ended <= to ? new Date(ended).toISOString() : null;
    const acknowledged =
      incident.milestones.acknowledgedAt === undefined
        ? null
        : Date.parse(incident.milestones.acknowledgedAt);
    const activeFrom = Math.max(detected, from);
    const activeUntil = Math.min(ended ?? to, to);
    const latest = incident.timeline.filter((entry) => Date.parse(entry.at) <= to).at(-1);
    return {
      id: incident.id,
      title: incident.title,
      severity: incident.severity,
      status: incident.status,
      detectedAt,
      minutesToAcknowledge:
        acknowledged !== null && acknowledged <= to ? (acknowledged - detected) / MINUTE_MS : null,
      endedAt,
      open: endedAt === null,
      onCallAtDetection: shiftAt(parsedSchedule, detectedAt)?.member ?? null,
      detectedOutOfHours: !businessWindows.some(
        (window) => window.from <= detected && detected < window.until,
      ),
      outOfHoursMinutes:
        activeUntil > activeFrom
          ? (activeUntil -
              activeFrom -
              overlapMs({ from: activeFrom, until: activeUntil }, businessWindows)) /
            MINUTE_MS
          : 0,
      escalationLevel: incident.escalation.level,
      latest: latest === undefined ? null : { at: latest.at, summary: latest.summary },
    };
  });

  const groupBy = settings.groupBy ?? ((incident: HandoffIncident) => incident.title);
  const groups = new Map<string, string[]>();
  for (const { incident, original } of relevant) {
    if (Date.parse(incident.milestones.detectedAt) < from) continue;
    const key = groupBy(original);
    groups.set(key, [...(groups.get(key) ?? []), incident.id]);
  }
  const noisyAlerts = [...groups.entries()]
    .filter(([, ids]) => ids.length >= noisyAfter)
    .map(([key, incidentIds]) => ({ key, count: incidentIds.length, incidentIds }))
    .sort((a, b) => b.count - a.count || compareText(a.key, b.key));

  const open = summaries.filter((summary) => summary.open).map((summary) => summary.id);
  return {
    from: validRange.from,
    to: validRange.to,
    shifts: renderFinalSchedule(parsedSchedule, validRange),
    incidents: summaries,
    open,
    totals: {
      incidents: summaries.length,
      open: open.length,
      detectedOutOfHours: summaries.filter((summary) => summary.detectedOutOfHours).length,
      outOfHoursMinutes: summaries.reduce((sum, summary) => sum + summary.outOfHoursMinutes, 0),
    },
    noisyAlerts,
  };
}

function endOf(incident: z.output<typeof HandoffIncidentSchema>): number | null {
  const { resolvedAt, cancelledAt } = incident.milestones;
  const ends = [resolvedAt, cancelledAt].filter((at): at is string => at !== undefined).map(Date.parse);
  return ends.length === 0 ? null : Math.min(...ends);
}

function overlapMs(span: Span, windows: readonly Span[]): number {
  let total = 0;
  for (const window of windows) {
    const from = Math.max(span.from, window.from);
    const until = Math.min(span.until, window.until);
    if (from < until) total += until - from;
  }
  return total;
}
