import { IncidentKitError, parseInput } from '../errors';
import { getDeadlines } from '../lifecycle/deadlines';
import type { PublicStatus } from '../lifecycle/incident-event';
import type { IncidentState } from '../lifecycle/incident-state';
import { ACTIVE_STATUSES, type IncidentStatus } from '../lifecycle/incident-status';
import { getIncidentMetrics } from '../lifecycle/metrics';
import type { Person } from '../roles/person';
import { checkRoles, getRoleHolders } from '../roles/role-assignments';
import { getRole, type RoleId } from '../roles/role-catalog';
import { SEVERITIES } from '../severity/severity';
import { type Timestamp, TimestampSchema, toEpochMs } from '../time/timestamp';
import type { MessageInputs } from './messages';

/**
 * The status words used in internal messages for each lifecycle status.
 *
 * @example
 * STATUS_WORDS.triaging;
 * //=> 'Investigating'
 */
export const STATUS_WORDS: Readonly<Record<IncidentStatus, string>> = {
  detected: 'Detected',
  acknowledged: 'Investigating',
  triaging: 'Investigating',
  mitigating: 'Mitigating',
  monitoring: 'Monitoring',
  resolved: 'Resolved',
  postmortem: 'Resolved',
  closed: 'Closed',
  cancelled: 'Cancelled',
};

/**
 * The status-page status for each lifecycle status.
 *
 * @example
 * PUBLIC_STATUS_OF.mitigating;
 * //=> 'identified'
 */
export const PUBLIC_STATUS_OF: Readonly<Record<IncidentStatus, PublicStatus>> = {
  detected: 'investigating',
  acknowledged: 'investigating',
  triaging: 'investigating',
  mitigating: 'identified',
  monitoring: 'monitoring',
  resolved: 'resolved',
  postmortem: 'resolved',
  closed: 'resolved',
  cancelled: 'resolved',
};

function at(now: Timestamp): Timestamp {
  return parseInput(TimestampSchema, now, 'now');
}

function commanderOf(state: IncidentState): Person | null {
  return getRoleHolders(state.roles, 'incident_commander')[0] ?? null;
}

/** Impact in words: the assessment's own lines, else what the numbers say. */
function impactLines(state: IncidentState): string[] {
  const impact = state.impact;
  if (!impact) return [];
  if (impact.notes.length > 0) return [...impact.notes];
  const lines = [
    `${impact.usersAffectedPercent}% of users affected (${impact.degradation.replace('_', ' ')})`,
  ];
  if (impact.affectedFeatures.length > 0) lines.push(`Affected: ${impact.affectedFeatures.join(', ')}`);
  if (impact.gettingWorse) lines.push('Getting worse');
  return lines;
}

/** Whether the incident is over: resolved (or in its postmortem), closed or cancelled. */
function isOver(state: IncidentState): boolean {
  return !(ACTIVE_STATUSES as readonly string[]).includes(state.status);
}

/** Mitigations still in flight (no outcome yet), as actions; none once the incident is over. */
function currentActions(state: IncidentState): string[] {
  if (isOver(state)) return [];
  return state.mitigations.filter((mitigation) => mitigation.outcome === undefined).map((m) => m.description);
}

function minutesUntil(now: Timestamp, due: Timestamp | null): number | null {
  if (due === null) return null;
  return Math.max(1, Math.ceil((toEpochMs(due) - toEpochMs(now)) / 60_000));
}

function missingRoleNeeds(state: IncidentState): string[] {
  const policy = state.settings.policies[state.severity];
  return checkRoles(state.roles, policy, { catalog: state.settings.roleCatalog }).missing.map(
    (role) => `A ${getRole(role, state.settings.roleCatalog).name}`,
  );
}

/**
 * The internal update for an incident at `now`: its title, severity, status in words, Incident Commander, impact
 * lines, mitigations in flight, and minutes until the next internal update is due. Once the incident is resolved,
 * closed or cancelled, no mitigation is listed as a current action: the list says the incident is over.
 *
 * @param state - the incident
 * @param options - `now`; optional `actions` and `impact` lines to use instead of the derived ones
 * @returns data for `renderInternalUpdate`
 * @example
 * deriveInternalUpdate(incident, { now: '2024-01-15T14:30:00Z' }).nextUpdateInMinutes; // due 14:45
 * //=> 15
 */
export function deriveInternalUpdate(
  state: IncidentState,
  options: { now: Timestamp; actions?: readonly string[]; impact?: readonly string[] },
): MessageInputs['internal_update'] {
  const now = at(options.now);
  const over = isOver(state) ? [`None, the incident is ${STATUS_WORDS[state.status].toLowerCase()}`] : null;
  return {
    title: state.title,
    severity: state.severity,
    status: STATUS_WORDS[state.status],
    commander: commanderOf(state),
    impact: options.impact ?? impactLines(state),
    actions: options.actions ?? over ?? currentActions(state),
    nextUpdateInMinutes: minutesUntil(now, getDeadlines(state).internalUpdate),
  };
}

/**
 * A CAN tactical update from an incident: conditions (the impact), actions (mitigations in flight), needs (roles
 * nobody holds), each replaceable.
 *
 * @param state - the incident
 * @param options - optional `reporter`, `conditions`, `actions`, `needs`
 * @returns data for `renderTacticalUpdate`
 * @example
 * deriveTacticalUpdate(incident).needs;
 * //=> ['A Communications Lead']
 */
export function deriveTacticalUpdate(
  state: IncidentState,
  options: {
    reporter?: Person;
    conditions?: readonly string[];
    actions?: readonly string[];
    needs?: readonly string[];
  } = {},
): MessageInputs['tactical_update'] {
  return {
    title: state.title,
    reporter: options.reporter ?? null,
    conditions: options.conditions ?? impactLines(state),
    actions: options.actions ?? currentActions(state),
    needs: options.needs ?? missingRoleNeeds(state),
  };
}

/**
 * An executive summary from an incident at `now`. The current status defaults to the status in words and the last
 * timeline entry; the overview to the impact; next steps to the mitigations in flight.
 *
 * @param state - the incident
 * @param options - `now`; optional `currentStatus`, `overview`, `nextSteps`
 * @returns data for `renderExecutiveSummary`
 * @example
 * deriveExecutiveSummary(incident, { now: '2024-01-15T14:50:00Z' }).startedAt;
 * //=> '2024-01-15T14:20:00.000Z'
 */
export function deriveExecutiveSummary(
  state: IncidentState,
  options: { now: Timestamp; currentStatus?: string; overview?: string; nextSteps?: readonly string[] },
): MessageInputs['executive_summary'] {
  const now = at(options.now);
  const last = state.timeline.at(-1);
  return {
    title: state.title,
    severity: state.severity,
    status: STATUS_WORDS[state.status],
    startedAt: state.milestones.detectedAt,
    now,
    currentStatus:
      options.currentStatus ?? `${STATUS_WORDS[state.status]}. Latest: ${last?.summary ?? 'declared'}`,
    overview: options.overview ?? (impactLines(state).join('; ') || 'Impact is being assessed'),
    nextSteps: options.nextSteps ?? currentActions(state),
    nextUpdateInMinutes: minutesUntil(now, getDeadlines(state).executiveSummary),
  };
}

/**
 * The wording a status-page post gets when none is given: the public never sees the incident's own title, which is
 * often an alert name or an internal summary ("Login error rate above 5% on auth-service").
 *
 * @example
 * PUBLIC_STATUS_PAGE_DEFAULTS.title;
 * //=> 'Service disruption'
 */
export const PUBLIC_STATUS_PAGE_DEFAULTS = {
  title: 'Service disruption',
  message: 'We are aware of an issue affecting some of our services.',
  resolvedMessage: 'Our services are operating normally again.',
} as const;

/**
 * A status-page post for an incident at `now`: the public status follows the lifecycle (triage → investigating,
 * mitigating → identified, monitoring, resolved); the message defaults to the last public message posted with the
 * same status, else a plain public sentence; the next update comes from the public cadence. The incident's title
 * and timeline are internal (alert names, service names) and never appear in the post: pass `title` (and
 * `message`) in public wording, or get the defaults ("Service disruption", "We are aware of an issue affecting some
 * of our services.").
 *
 * @param state - the incident
 * @param options - `now`; optional `title` (public wording), `message` and `status` (default: from the lifecycle)
 * @returns data for `renderStatusPageUpdate`
 * @example
 * deriveStatusPageUpdate(incident, { now: '2024-01-15T14:30:00Z' }).status;
 * //=> 'investigating'
 */
export function deriveStatusPageUpdate(
  state: IncidentState,
  options: { now: Timestamp; title?: string; message?: string; status?: PublicStatus },
): MessageInputs['status_page_update'] {
  const now = at(options.now);
  const status = options.status ?? PUBLIC_STATUS_OF[state.status];
  const lastPublic = [...state.updates]
    .reverse()
    .find((update) => update.audience === 'external' && update.publicStatus === status && update.message);
  const fallback =
    status === 'resolved' ? PUBLIC_STATUS_PAGE_DEFAULTS.resolvedMessage : PUBLIC_STATUS_PAGE_DEFAULTS.message;
  return {
    title: options.title ?? PUBLIC_STATUS_PAGE_DEFAULTS.title,
    status,
    message: options.message ?? lastPublic?.message ?? fallback,
    postedAt: now,
    nextUpdateInMinutes: status === 'resolved' ? null : minutesUntil(now, nextPublicUpdate(state, now)),
  };
}

/** After a post at `now`, the next one is due by the public cadence (20 minutes for the first 2 hours by default). */
function nextPublicUpdate(state: IncidentState, now: Timestamp): Timestamp | null {
  const cadence = state.settings.policies[state.severity].externalUpdates;
  const first = state.updates.find((update) => update.audience === 'external')?.at ?? now;
  const publicFor = (toEpochMs(now) - toEpochMs(first)) / 60_000;
  const every = publicFor < cadence.forFirstMinutes ? cadence.everyMinutes : cadence.thenEveryMinutes;
  return new Date(toEpochMs(now) + every * 60_000).toISOString();
}

/**
 * The resolution notice of a resolved incident: summary, root cause, fix, data-loss statement, and the duration from
 * detection to resolution.
 *
 * @param state - a resolved incident
 * @param options - `affected`: who was affected, in words (default: from the impact assessment)
 * @returns data for `renderResolutionUpdate`
 * @throws {IncidentKitError} `invalid_input` when the incident has no resolution
 * @example
 * deriveResolutionUpdate(resolvedIncident).resolvedAt;
 * //=> '2024-01-15T15:05:00.000Z'
 */
export function deriveResolutionUpdate(
  state: IncidentState,
  options: { affected?: string } = {},
): MessageInputs['resolution_update'] {
  const resolution = state.resolution;
  if (!resolution) {
    throw new IncidentKitError('invalid_input', `Incident ${state.id} is ${state.status}, not resolved`, {
      input: state.status,
    });
  }
  const affected =
    options.affected ?? (state.impact ? `~${state.impact.usersAffectedPercent}% of users` : undefined);
  return {
    title: state.title,
    summary: resolution.summary,
    ...(resolution.rootCause === undefined ? {} : { rootCause: resolution.rootCause }),
    ...(resolution.fix === undefined ? {} : { fix: resolution.fix }),
    ...(resolution.dataLoss === undefined ? {} : { dataLoss: resolution.dataLoss }),
    ...(affected === undefined ? {} : { affected }),
    startedAt: state.milestones.detectedAt,
    resolvedAt: resolution.at,
  };
}

/**
 * A handoff brief for handing `role` (default Incident Commander) from its current holder to `to` at `now`.
 *
 * @param state - the incident
 * @param options - `to`, `now`, optional `role`
 * @returns data for `renderHandoffBrief`
 * @throws {IncidentKitError} `not_role_holder` when nobody holds the role
 * @example
 * deriveHandoffBrief(incident, { to: sam, now: '2024-01-15T16:00:00Z' }).from.id;
 * //=> 'jane'
 */
export function deriveHandoffBrief(
  state: IncidentState,
  options: { to: Person; now: Timestamp; role?: RoleId },
): MessageInputs['handoff_brief'] {
  const role = getRole(options.role ?? 'incident_commander', state.settings.roleCatalog);
  const from = getRoleHolders(state.roles, role.id)[0];
  if (!from)
    throw new IncidentKitError('not_role_holder', `Nobody holds ${role.name} to hand it off`, {
      input: options,
    });
  return {
    title: state.title,
    severity: state.severity,
    status: STATUS_WORDS[state.status],
    role: role.name,
    from,
    to: options.to,
    at: at(options.now),
    conditions: impactLines(state),
    actions: currentActions(state),
    needs: missingRoleNeeds(state),
  };
}

/**
 * A postmortem draft from an incident: owner and action items from its postmortem, time in each severity from its
 * metrics, responders from its roles, the timeline from its timeline, the messages it posted, and what the
 * resolution says. Pass the parts people write (overview, factors, what went well) as `sections`.
 *
 * @param state - the incident
 * @param sections - any postmortem fields to set or replace
 * @returns data for `renderPostmortem`
 * @example
 * derivePostmortem(closedIncident).timeInSeverity;
 * //=> [{ severity: 'SEV2', ms: 2700000 }]
 */
export function derivePostmortem(
  state: IncidentState,
  sections: Partial<MessageInputs['postmortem']> = {},
): MessageInputs['postmortem'] {
  const metrics = getIncidentMetrics(state);
  const people = new Map<string, { person: Person; roles: string[] }>();
  for (const stint of state.roles) {
    const entry = people.get(stint.person.id) ?? { person: stint.person, roles: [] };
    const name = state.settings.roleCatalog.find((role) => role.id === stint.role)?.name ?? stint.role;
    if (!entry.roles.includes(name)) entry.roles.push(name);
    people.set(stint.person.id, entry);
  }
  const resolution = state.resolution;
  const succeeded = state.mitigations.filter((mitigation) => mitigation.outcome !== 'failed');
  // Text wrapped by hand for a chat message reads as one line in a document's lists and fields.
  const flat = (text: string) => text.replace(/\s*\n\s*/g, ' ');
  const messages = (audience: 'internal' | 'external') =>
    state.updates
      .filter((update) =>
        audience === 'internal' ? update.audience !== 'external' : update.audience === 'external',
      )
      .filter((update) => update.message)
      .map((update) => `${update.at.slice(11, 16)} UTC: ${flat(update.message ?? '')}`);
  return {
    title: state.title,
    severity: state.severity,
    owner: state.postmortem?.owner ?? null,
    ...(resolution?.summary ? { overview: flat(resolution.summary) } : {}),
    ...(resolution?.rootCause ? { contributingFactors: [flat(resolution.rootCause)] } : {}),
    ...(succeeded.length > 0 ? { temporaryResolution: succeeded.map((m) => m.description).join('; ') } : {}),
    ...(resolution?.fix ? { longTermResolution: flat(resolution.fix) } : {}),
    timeInSeverity: SEVERITIES.filter((severity) => metrics.timeInSeverityMs[severity] > 0).map(
      (severity) => ({
        severity,
        ms: metrics.timeInSeverityMs[severity],
      }),
    ),
    ...(state.impact ? { usersAffected: `~${state.impact.usersAffectedPercent}% of users` } : {}),
    responders: [...people.values()],
    timeline: state.timeline
      .filter((entry) => entry.type !== 'tick')
      .map((entry) => ({ at: entry.at, event: entry.summary })),
    actionItems: (state.postmortem?.actionItems ?? []).map((item) => ({
      title: item.title,
      ...(item.owner ? { owner: item.owner } : {}),
      ...(item.due ? { due: item.due } : {}),
    })),
    internalMessages: messages('internal'),
    externalMessages: messages('external'),
    ...sections,
  };
}
