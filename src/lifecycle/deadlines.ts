import { getExternalUpdateInterval, type SeverityPolicy } from '../severity/severity-policy';
import { addMinutesTo, latestOf, type Timestamp, toEpochMs } from '../time/timestamp';
import type { DeadlineKind } from './incident-effect';
import type { IncidentState, PostedUpdate } from './incident-state';
import type { IncidentStatus } from './incident-status';

/**
 * When each obligation of an incident falls due, or `null` when it has none now. Derived from the state alone
 * (severity policy, milestones, posted updates), so a host can arm timers from it after any restore.
 *
 * @example
 * const deadlines: Deadlines = { acknowledge: null, internalUpdate: '2024-01-15T14:52:00.000Z', externalUpdate: null,
 *   executiveSummary: null, postmortem: null };
 * deadlines.internalUpdate;
 * //=> '2024-01-15T14:52:00.000Z'
 */
export interface Deadlines {
  /** While detected: the page must be acknowledged by then (restarts at each escalation). */
  readonly acknowledge: Timestamp | null;
  /** While worked on: the next internal update (the last update's promise, or the policy cadence). */
  readonly internalUpdate: Timestamp | null;
  /** While public: the next status-page update (first post, cadence, then the resolution post). */
  readonly externalUpdate: Timestamp | null;
  /** While worked on: the next executive summary. */
  readonly executiveSummary: Timestamp | null;
  /** After resolution: the postmortem review, until it is completed. */
  readonly postmortem: Timestamp | null;
}

const WORKING: readonly IncidentStatus[] = ['acknowledged', 'triaging', 'mitigating', 'monitoring'];

const DEADLINE_KEYS: Readonly<Record<DeadlineKind, keyof Deadlines>> = {
  acknowledge: 'acknowledge',
  internal_update: 'internalUpdate',
  external_update: 'externalUpdate',
  executive_summary: 'executiveSummary',
  postmortem: 'postmortem',
};

/**
 * The deadlines of an incident at its current state.
 *
 * @param state - the incident
 * @returns each deadline, or `null`
 * @example
 * getDeadlines(incident).acknowledge; // declared 14:20 as SEV2, not yet acknowledged
 * //=> '2024-01-15T14:25:00.000Z'
 */
export function getDeadlines(state: IncidentState): Deadlines {
  const policy = state.settings.policies[state.severity];
  const working = WORKING.includes(state.status);
  const acknowledged = state.milestones.acknowledgedAt;
  return {
    acknowledge:
      state.status === 'detected' && policy.ackWithinMinutes !== null
        ? addMinutesTo(state.escalation.lastEscalatedAt, policy.ackWithinMinutes)
        : null,
    internalUpdate:
      working && acknowledged
        ? cadenceDue(state.updates, 'internal', acknowledged, policy.internalUpdateEveryMinutes)
        : null,
    externalUpdate: externalDue(state, policy),
    executiveSummary:
      working && acknowledged
        ? cadenceDue(state.updates, 'executive', acknowledged, policy.executiveSummaryEveryMinutes)
        : null,
    postmortem:
      (state.status === 'resolved' || state.status === 'postmortem') && !state.postmortem?.completedAt
        ? (state.resolution?.postmortemDueAt ?? null)
        : null,
  };
}

/**
 * A deadline that has passed at `at` and that no tick has acted on yet.
 *
 * @example
 * const overdue: OverdueDeadline = { deadline: 'internal_update', dueAt: '2024-01-15T14:52:00.000Z' };
 * overdue.deadline;
 * //=> 'internal_update'
 */
export interface OverdueDeadline {
  readonly deadline: DeadlineKind;
  readonly dueAt: Timestamp;
}

/**
 * The deadlines that are not yet acted on (no reminder or escalation recorded for that due time), earliest first.
 * A host arms one timer for the first of these; a `tick` at or after it acts on every one that has passed.
 *
 * @param state - the incident
 * @returns pending deadlines, earliest first
 * @example
 * getPendingDeadlines(incident)[0]?.deadline;
 * //=> 'acknowledge'
 */
export function getPendingDeadlines(state: IncidentState): OverdueDeadline[] {
  const deadlines = getDeadlines(state);
  const pending: OverdueDeadline[] = [];
  for (const [deadline, key] of Object.entries(DEADLINE_KEYS) as [DeadlineKind, keyof Deadlines][]) {
    const dueAt = deadlines[key];
    if (dueAt === null) continue;
    if (state.reminders.some((reminder) => reminder.deadline === deadline && reminder.dueAt === dueAt))
      continue;
    pending.push({ deadline, dueAt });
  }
  return pending.sort((a, b) => (a.dueAt < b.dueAt ? -1 : a.dueAt > b.dueAt ? 1 : 0));
}

/**
 * The deadline an update of `audience` answers right now (used to score updates on time or late).
 *
 * @param deadlines - the current deadlines
 * @param audience - the update's audience
 * @returns the due time, or `null`
 * @example
 * deadlineFor(getDeadlines(incident), 'internal');
 * //=> '2024-01-15T14:52:00.000Z'
 */
export function deadlineFor(deadlines: Deadlines, audience: PostedUpdate['audience']): Timestamp | null {
  if (audience === 'internal') return deadlines.internalUpdate;
  if (audience === 'external') return deadlines.externalUpdate;
  return deadlines.executiveSummary;
}

function lastOf(
  updates: readonly PostedUpdate[],
  audience: PostedUpdate['audience'],
): PostedUpdate | undefined {
  for (let index = updates.length - 1; index >= 0; index--) {
    const update = updates[index];
    if (update?.audience === audience) return update;
  }
  return undefined;
}

function cadenceDue(
  updates: readonly PostedUpdate[],
  audience: PostedUpdate['audience'],
  since: Timestamp,
  everyMinutes: number | null,
): Timestamp | null {
  const last = lastOf(updates, audience);
  if (last?.nextUpdateAt) return last.nextUpdateAt;
  if (everyMinutes === null) return null;
  return addMinutesTo(last ? last.at : since, everyMinutes);
}

function externalDue(state: IncidentState, policy: SeverityPolicy): Timestamp | null {
  const working = WORKING.includes(state.status);
  if (!working && state.status !== 'resolved') return null;
  const first = state.updates.find((update) => update.audience === 'external');
  const last = lastOf(state.updates, 'external');
  if (!first || !last) {
    // Nothing posted yet: due within firstPostWithinMinutes of becoming public, never before acknowledgement.
    const acknowledged = state.milestones.acknowledgedAt;
    if (!working || !acknowledged || !policy.publicCommunicationRequired) return null;
    const since = publicSince(state) ?? acknowledged;
    return addMinutesTo(latestOf([since, acknowledged]), policy.externalUpdates.firstPostWithinMinutes);
  }
  if (last.publicStatus === 'resolved') return null;
  if (last.nextUpdateAt) return last.nextUpdateAt;
  const minutesPublic = (toEpochMs(last.at) - toEpochMs(first.at)) / 60_000;
  return addMinutesTo(last.at, getExternalUpdateInterval(policy, minutesPublic));
}

/** When the incident first had a severity that requires public communication. */
function publicSince(state: IncidentState): Timestamp | undefined {
  return state.severityHistory.find(
    (entry) => state.settings.policies[entry.severity].publicCommunicationRequired,
  )?.at;
}
