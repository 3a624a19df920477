import { parseInput } from '../errors';
import { expectOptions, invalidArgument } from '../internal/arguments';
import { SEVERITIES, type Severity } from '../severity/severity';
import { addMinutesWithin, type Timestamp, TimestampSchema, toEpochMs } from '../time/timestamp';
import { ackDeadlineBase } from './incident-alert';
import type { IncidentState } from './incident-state';
import { requireIncidentState } from './state-guard';

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
 * incident.io leaves out declined, merged and cancelled ones.
 *
 * @param states - the incidents
 * @returns the summary
 * @throws {IncidentKitError} `invalid_input` or `inconsistent_state` for an argument that is not states
 * @example
 * summarizeIncidents([resolvedSev2, cancelled]).bySeverity.SEV2.timeToResolve?.medianMs;
 * //=> 2700000
 */
export function summarizeIncidents(states: Iterable<IncidentState>): IncidentsSummary {
  const counted: IncidentMetrics[] = [];
  const bySeverity = new Map<Severity, IncidentMetrics[]>(SEVERITIES.map((severity) => [severity, []]));
  let total = 0;
  let cancelled = 0;
  let merged = 0;
  if (
    typeof (states as Partial<Iterable<unknown>> | null)?.[Symbol.iterator] !== 'function' ||
    typeof states === 'string'
  )
    throw invalidArgument('states', 'an array (or iterable) of incident states', states);
  for (const given of states) {
    const state = requireIncidentState(given, `states[${total}]`);
    total += 1;
    if (state.status === 'cancelled') {
      if (state.cancellation?.reason === 'merged') merged += 1;
      else cancelled += 1;
      continue;
    }
    const metrics = getIncidentMetrics(state);
    counted.push(metrics);
    bySeverity.get(state.severity)?.push(metrics);
  }
  return {
    total,
    counted: counted.length,
    excluded: { cancelled, merged },
    overall: summarizeGroup(counted),
    bySeverity: Object.fromEntries(
      SEVERITIES.map((severity) => [severity, summarizeGroup(bySeverity.get(severity) ?? [])]),
    ) as Record<Severity, IncidentGroupSummary>,
  };
}

function summarizeGroup(group: readonly IncidentMetrics[]): IncidentGroupSummary {
  const acked = group.filter((metrics) => metrics.ackDeadlineMet !== null);
  return {
    count: group.length,
    timeToAcknowledge: stats(group.map((metrics) => metrics.timeToAcknowledgeMs)),
    timeToMitigate: stats(group.map((metrics) => metrics.timeToMitigateMs)),
    timeToResolve: stats(group.map((metrics) => metrics.timeToResolveMs)),
    ackDeadlineMetRate:
      acked.length === 0 ? null : acked.filter((metrics) => metrics.ackDeadlineMet).length / acked.length,
  };
}

function stats(values: readonly (number | null)[]): DurationStats | null {
  const sorted = values.filter((value): value is number => value !== null).sort((a, b) => a - b);
  if (sorted.length === 0) return null;
  const rank = (p: number) => sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)] as number;
  const middle = sorted.length / 2;
  const median =
    sorted.length % 2 === 1 ? rank(0.5) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
  return {
    count: sorted.length,
    meanMs: sorted.reduce((sum, value) => sum + value, 0) / sorted.length,
    medianMs: median,
    p90Ms: rank(0.9),
  };
}
