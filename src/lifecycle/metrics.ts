import * as z from 'zod';
import { parseInput } from '../errors';
import { expectOptions, invalidArgument, isPlainObjectLike } from '../internal/arguments';
import { SEVERITIES, type Severity, SeveritySchema } from '../severity/severity';
import {
  addMinutesWithin,
  isNormalisedValue as isTimestamp,
  LATEST_TIMESTAMP,
  type Timestamp,
  TimestampSchema,
  toEpochMs,
} from '../time/timestamp';
import { ackDeadlineBase } from './incident-alert';
import {
  CancellationReasonSchema,
  IncidentSettingsSchema,
  type IncidentState,
  IncidentStateSchema,
} from './incident-state';
import { isSoundState, requireIncidentState } from './state-guard';

/**
 * Updates of one audience posted on time and late (late: after the deadline in force when posted).
 *
 * @example
 * const counts: UpdateCounts = { onTime: 3, late: 1, unscheduled: 0 };
 * counts.late;
 * //=> 1
 */
export interface UpdateCounts {
  readonly onTime: number;
  readonly late: number;
  /** Posted when no deadline was in force. */
  readonly unscheduled: number;
}

/**
 * The measures of one incident, in milliseconds; `null` where the milestone was not reached.
 *
 * @example
 * const metrics = getIncidentMetrics(incident);
 * metrics.timeToResolveMs === null ? 'open' : `${metrics.timeToResolveMs / 60_000} min`;
 * //=> '45 min'
 */
export interface IncidentMetrics {
  /** Detected → acknowledged (MTTA for one incident). */
  readonly timeToAcknowledgeMs: number | null;
  /** Detected → mitigated; `null` for an incident that healed by itself or was resolved at its source. */
  readonly timeToMitigateMs: number | null;
  /** Detected → resolved (MTTR for one incident). */
  readonly timeToResolveMs: number | null;
  /** Time spent at each severity, up to resolution, cancellation or `now`. */
  readonly timeInSeverityMs: Readonly<Record<Severity, number>>;
  readonly updates: {
    readonly internal: UpdateCounts;
    readonly external: UpdateCounts;
    readonly executive: UpdateCounts;
  };
  /**
   * Whether the page was acknowledged within the initial severity's deadline (counted from the declaration, or from
   * the alert's start with `ackDeadlineFrom: 'alert_started'`); `null` if not acknowledged or none.
   */
  readonly ackDeadlineMet: boolean | null;
  /** How many times the page escalated past the first level. */
  readonly escalations: number;
  readonly reopenCount: number;
}

/**
 * Measures one incident: time to acknowledge, mitigate and resolve, time in each severity, updates on time and
 * late, whether the ack deadline was met.
 *
 * @param incident - the incident
 * @param options - `now`: where an open incident's time in its current severity ends (default: its last event)
 * @returns the metrics
 * @throws {IncidentKitError} `invalid_input` or `inconsistent_state` for something that is not a sound state
 * @example
 * getIncidentMetrics(incident).timeInSeverityMs.SEV2 / 60_000;
 * //=> 45
 */
export function getIncidentMetrics(
  incident: IncidentState,
  options: { now?: Timestamp } = {},
): IncidentMetrics {
  const state = requireIncidentState(incident, 'state');
  const given = expectOptions(options).now;
  const m = state.milestones;
  const since = (at: Timestamp | undefined) =>
    at === undefined ? null : toEpochMs(at) - toEpochMs(m.detectedAt);
  const now = given === undefined ? state.lastEventAt : parseInput(TimestampSchema, given, 'options.now');
  const end = m.resolvedAt ?? m.cancelledAt ?? now;
  const timeInSeverityMs = Object.fromEntries(SEVERITIES.map((severity) => [severity, 0])) as Record<
    Severity,
    number
  >;
  state.severityHistory.forEach((entry, index) => {
    const next = state.severityHistory[index + 1];
    const until = next && next.at < end ? next.at : end;
    if (until > entry.at) timeInSeverityMs[entry.severity] += toEpochMs(until) - toEpochMs(entry.at);
  });
  const count = (audience: 'internal' | 'external' | 'executive'): UpdateCounts => {
    const posted = state.updates.filter((update) => update.audience === audience);
    return {
      onTime: posted.filter((update) => update.onTime === true).length,
      late: posted.filter((update) => update.onTime === false).length,
      unscheduled: posted.filter((update) => update.onTime === null).length,
    };
  };
  const initial = state.severityHistory[0];
  const ackWithin = initial ? state.settings.policies[initial.severity].ackWithinMinutes : null;
  const ackBase = ackDeadlineBase(m.detectedAt, state.alert, state.settings.ackDeadlineFrom);
  // A deadline past year 9999 cannot be missed.
  const ackDeadline = ackWithin === null ? null : addMinutesWithin(ackBase, ackWithin);
  return {
    timeToAcknowledgeMs: since(m.acknowledgedAt),
    timeToMitigateMs: since(m.mitigatedAt),
    timeToResolveMs: since(m.resolvedAt),
    timeInSeverityMs,
    updates: { internal: count('internal'), external: count('external'), executive: count('executive') },
    ackDeadlineMet:
      m.acknowledgedAt === undefined || ackWithin === null
        ? null
        : ackDeadline === null || m.acknowledgedAt <= ackDeadline,
    escalations: Math.max(0, state.escalation.level - 1),
    reopenCount: state.reopenCount,
  };
}

/**
 * Mean, median and 90th percentile (nearest rank) of some durations in milliseconds.
 *
 * @example
 * const stats: DurationStats = { count: 3, meanMs: 20, medianMs: 20, p90Ms: 30 };
 * stats.p90Ms;
 * //=> 30
 */
export interface DurationStats {
  readonly count: number;
  readonly meanMs: number;
  readonly medianMs: number;
  readonly p90Ms: number;
}

/**
 * Counts and duration statistics for a group of incidents; a stat is `null` when no incident reached it.
 *
 * @example
 * const group: IncidentGroupSummary = { count: 0, timeToAcknowledge: null, timeToMitigate: null, timeToResolve: null,
 *   ackDeadlineMetRate: null };
 * group.count;
 * //=> 0
 */
export interface IncidentGroupSummary {
  readonly count: number;
  readonly timeToAcknowledge: DurationStats | null;
  readonly timeToMitigate: DurationStats | null;
  readonly timeToResolve: DurationStats | null;
  /** Share (0–1) of acknowledged incidents that met their ack deadline. */
  readonly ackDeadlineMetRate: number | null;
}

/**
 * A summary over many incidents.
 *
 * @example
 * summarizeIncidents([]).counted;
 * //=> 0
 */
export interface IncidentsSummary {
  /** Every incident given. */
  readonly total: number;
  /** Incidents the statistics are over (not cancelled or merged). */
  readonly counted: number;
  readonly excluded: { readonly cancelled: number; readonly merged: number };
  readonly overall: IncidentGroupSummary;
  /** Grouped by each incident's current (final) severity. */
  readonly bySeverity: Readonly<Record<Severity, IncidentGroupSummary>>;
}

/**
 * Summarises many incidents: counts, and mean / median / p90 of time to acknowledge, mitigate and resolve, overall
 * and by severity. Cancelled and merged incidents are counted as excluded and left out of the statistics, as
 * incident.io leaves out declined, merged and cancelled ones. Streams: give any iterable (a generator reading a
 * store, say) and it keeps a few numbers per incident, not the incidents, so a million fit in memory. A state the
 * library made or checked is read as it is; any other object has the fields the summary reads checked (status,
 * severity, cancellation, milestones, the first severity, the alert's start and the ack settings).
 *
 * @param states - the incidents
 * @returns the summary
 * @throws {IncidentKitError} `invalid_input` for an argument that is not an iterable of states, naming the field
 * @example
 * summarizeIncidents([resolvedSev2, cancelled]).bySeverity.SEV2.timeToResolve?.medianMs;
 * //=> 2700000
 */
export function summarizeIncidents(states: Iterable<IncidentState>): IncidentsSummary {
  if (
    typeof (states as Partial<Iterable<unknown>> | null)?.[Symbol.iterator] !== 'function' ||
    typeof states === 'string'
  )
    throw invalidArgument('states', 'an array (or iterable) of incident states', states);
  const groups = SEVERITIES.map(() => new GroupTally());
  let total = 0;
  let cancelled = 0;
  let merged = 0;
  for (const given of states) {
    const state = summaryFields(given, total);
    total += 1;
    if (state.status === 'cancelled') {
      if (state.cancellation?.reason === 'merged') merged += 1;
      else cancelled += 1;
      continue;
    }
    const m = state.milestones;
    const detected = toEpochMs(m.detectedAt);
    (groups[SEVERITY_INDEX[state.severity]] as GroupTally).add(
      m.acknowledgedAt === undefined ? Number.NaN : toEpochMs(m.acknowledgedAt) - detected,
      m.mitigatedAt === undefined ? Number.NaN : toEpochMs(m.mitigatedAt) - detected,
      m.resolvedAt === undefined ? Number.NaN : toEpochMs(m.resolvedAt) - detected,
      ackDeadlineMet(state),
    );
  }
  const tallies = groups;
  return {
    total,
    counted: tallies.reduce((sum, tally) => sum + tally.count, 0),
    excluded: { cancelled, merged },
    overall: GroupTally.merge(tallies).summary(),
    bySeverity: Object.fromEntries(
      SEVERITIES.map((severity, index) => [severity, (groups[index] as GroupTally).summary()]),
    ) as Record<Severity, IncidentGroupSummary>,
  };
}

/** The fields of a state the summary reads. */
type SummaryFields = Pick<
  IncidentState,
  'status' | 'severity' | 'cancellation' | 'milestones' | 'severityHistory' | 'alert' | 'settings'
>;

const SummaryFieldsSchema = z.object({
  status: IncidentStateSchema.shape.status,
  severity: IncidentStateSchema.shape.severity,
  cancellation: z.object({ reason: CancellationReasonSchema }).nullable(),
  milestones: IncidentStateSchema.shape.milestones,
  severityHistory: z.array(z.object({ severity: SeveritySchema })).min(1),
  alert: z.object({ startsAt: TimestampSchema.optional() }).nullable(),
  settings: z.object({
    policies: z.record(SeveritySchema, z.object({ ackWithinMinutes: z.number().positive().nullable() })),
    ackDeadlineFrom: IncidentSettingsSchema.shape.ackDeadlineFrom.unwrap(),
  }),
});

/**
 * The fields the summary reads, checked: a sound state as it is; a plain object whose fields already have their
 * normal form (what a store gives back) after a look at each; anything else through the schema, which normalises
 * timestamps or names the field that is wrong.
 */
function summaryFields(given: unknown, index: number): SummaryFields {
  if (isSoundState(given)) return given;
  if (hasNormalSummaryFields(given)) return given as unknown as SummaryFields;
  return parseInput(SummaryFieldsSchema, given, `states[${index}]`) as unknown as SummaryFields;
}

const SEVERITY_INDEX = Object.fromEntries(SEVERITIES.map((severity, index) => [severity, index])) as Record<
  Severity,
  number
>;
const STATUSES: ReadonlySet<unknown> = new Set(IncidentStateSchema.shape.status.options);
const SEVERITY_SET: ReadonlySet<unknown> = new Set(SEVERITIES);
const CANCELLATION_REASONS: ReadonlySet<unknown> = new Set(CancellationReasonSchema.options);
const MILESTONES = Object.keys(IncidentStateSchema.shape.milestones.shape);

/** Whether each field the summary reads is already in the form the schema would give it. */
function hasNormalSummaryFields(value: unknown): boolean {
  if (!isPlainObjectLike(value)) return false;
  const { status, severity, cancellation, milestones, severityHistory, alert, settings } = value;
  if (!STATUSES.has(status) || !SEVERITY_SET.has(severity)) return false;
  if (
    cancellation !== null &&
    !(isPlainObjectLike(cancellation) && CANCELLATION_REASONS.has(cancellation.reason))
  )
    return false;
  if (!isPlainObjectLike(milestones) || !isTimestamp(milestones.detectedAt)) return false;
  for (const key of Object.keys(milestones)) {
    const at = milestones[key];
    if (!MILESTONES.includes(key) || (at !== undefined && !isTimestamp(at))) return false;
  }
  const first = Array.isArray(severityHistory) ? severityHistory[0] : undefined;
  if (!isPlainObjectLike(first) || !SEVERITY_SET.has(first.severity)) return false;
  if (
    alert !== null &&
    !(isPlainObjectLike(alert) && (alert.startsAt === undefined || isTimestamp(alert.startsAt)))
  )
    return false;
  if (!isPlainObjectLike(settings) || !isPlainObjectLike(settings.policies)) return false;
  if (settings.ackDeadlineFrom !== 'declared' && settings.ackDeadlineFrom !== 'alert_started') return false;
  // Only the first severity's ack deadline is read.
  const policy = Object.hasOwn(settings.policies, first.severity as string)
    ? settings.policies[first.severity as string]
    : undefined;
  const wait = isPlainObjectLike(policy) ? policy.ackWithinMinutes : undefined;
  return wait === null || (typeof wait === 'number' && wait > 0 && Number.isFinite(wait));
}

/** As `getIncidentMetrics` says it (in milliseconds, without writing the deadline out): `null` if not acknowledged. */
function ackDeadlineMet(state: SummaryFields): boolean | null {
  const m = state.milestones;
  const initial = state.severityHistory[0] as IncidentState['severityHistory'][number];
  const ackWithin = state.settings.policies[initial.severity].ackWithinMinutes;
  if (m.acknowledgedAt === undefined || ackWithin === null) return null;
  const base = ackDeadlineBase(m.detectedAt, state.alert, state.settings.ackDeadlineFrom);
  // A deadline past year 9999 cannot be missed; timestamps keep whole milliseconds (see `fromEpochMs`).
  const deadline = Math.trunc(toEpochMs(base) + ackWithin * 60_000);
  return deadline > LATEST_MS || toEpochMs(m.acknowledgedAt) <= deadline;
}

const LATEST_MS = Date.parse(LATEST_TIMESTAMP);

/** The numbers of one group, kept in growing typed arrays (8 bytes an incident and measure), not objects. */
class GroupTally {
  count = 0;
  acked = 0;
  metDeadline = 0;
  readonly durations = [new Durations(), new Durations(), new Durations()] as const;

  add(toAcknowledge: number, toMitigate: number, toResolve: number, met: boolean | null): void {
    this.count += 1;
    this.durations[0].add(toAcknowledge);
    this.durations[1].add(toMitigate);
    this.durations[2].add(toResolve);
    if (met !== null) {
      this.acked += 1;
      if (met) this.metDeadline += 1;
    }
  }

  static merge(tallies: readonly GroupTally[]): GroupTally {
    const merged = new GroupTally();
    for (const tally of tallies) {
      merged.count += tally.count;
      merged.acked += tally.acked;
      merged.metDeadline += tally.metDeadline;
      for (const index of [0, 1, 2] as const) merged.durations[index].append(tally.durations[index]);
    }
    return merged;
  }

  summary(): IncidentGroupSummary {
    return {
      count: this.count,
      timeToAcknowledge: this.durations[0].stats(),
      timeToMitigate: this.durations[1].stats(),
      timeToResolve: this.durations[2].stats(),
      ackDeadlineMetRate: this.acked === 0 ? null : this.metDeadline / this.acked,
    };
  }
}

class Durations {
  values = new Float64Array(64);
  length = 0;

  /** Records a duration; `NaN` (the milestone was not reached) is not one. */
  add(ms: number): void {
    if (Number.isNaN(ms)) return;
    if (this.length === this.values.length) this.grow(this.length * 2);
    this.values[this.length++] = ms;
  }

  append(other: Durations): void {
    if (this.length + other.length > this.values.length) this.grow(this.length + other.length);
    this.values.set(other.values.subarray(0, other.length), this.length);
    this.length += other.length;
  }

  private grow(size: number): void {
    const values = new Float64Array(size);
    values.set(this.values.subarray(0, this.length));
    this.values = values;
  }

  stats(): DurationStats | null {
    if (this.length === 0) return null;
    const sorted = this.values.subarray(0, this.length).sort();
    const count = sorted.length;
    const rank = (p: number) => sorted[Math.max(0, Math.ceil(p * count) - 1)] as number;
    const middle = count / 2;
    const median =
      count % 2 === 1 ? rank(0.5) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
    let sum = 0;
    for (const value of sorted) sum += value;
    return { count, meanMs: sum / count, medianMs: median, p90Ms: rank(0.9) };
  }
}
