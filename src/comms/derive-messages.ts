import * as z from 'zod';
import { IncidentKitError, parseInput } from '../errors';
import { expectOptions } from '../internal/arguments';
import { deadlinesOf as getDeadlines } from '../lifecycle/deadlines';
import { type PublicStatus, PublicStatusSchema } from '../lifecycle/incident-event';
import type { IncidentState } from '../lifecycle/incident-state';
import { ACTIVE_STATUSES, type IncidentStatus } from '../lifecycle/incident-status';
import { getIncidentMetrics } from '../lifecycle/metrics';
import { requireIncidentState } from '../lifecycle/state-guard';
import { type Person, PersonSchema } from '../roles/person';
import { checkRoles, getRoleHolders } from '../roles/role-assignments';
import { getRole, RoleIdSchema } from '../roles/role-catalog';
import { SEVERITIES } from '../severity/severity';
import { type Timestamp, TimestampSchema, toEpochMs } from '../time/timestamp';
import { hasVisibleText } from './format';
import { deriveMessage, list, type MessageInputs, PostmortemSchema } from './messages';

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

// The options of each derive function: one schema, one type. Lines given in options are passed on as they are
// (the renderer checks them); the state's own text is filtered here (see `visible`).
const lines = list(z.string()).optional();
const InternalUpdateOptionsSchema = z.strictObject({ now: TimestampSchema, actions: lines, impact: lines });
const TacticalUpdateOptionsSchema = z.strictObject({
  reporter: PersonSchema.optional(),
  conditions: lines,
  actions: lines,
  needs: lines,
});
const ExecutiveSummaryOptionsSchema = z.strictObject({
  now: TimestampSchema,
  currentStatus: z.string().optional(),
  overview: z.string().optional(),
  nextSteps: lines,
});
const StatusPageOptionsSchema = z.strictObject({
  now: TimestampSchema,
  title: z.string().optional(),
  message: z.string().optional(),
  status: PublicStatusSchema.optional(),
});
const ResolutionOptionsSchema = z.strictObject({ affected: z.string().optional() });
const HandoffOptionsSchema = z.strictObject({
  to: PersonSchema,
  now: TimestampSchema,
  role: RoleIdSchema.optional(),
});
const PostmortemSectionsSchema = PostmortemSchema.partial();

/** The options argument, checked against its schema (`invalid_input` naming the field). */
function optionsOf<S extends z.ZodType>(schema: S, options: unknown): z.output<S> {
  return parseInput(schema, expectOptions(options as object | undefined), 'options');
}

/**
 * The state's own text as a message can show it: text the lifecycle accepts but that would render as nothing (a
 * note of `" "`, a zero-width space, an external message of spaces) is left out, never passed on for the renderer
 * to refuse.
 */
function visible(text: string | undefined): string | undefined {
  return text !== undefined && hasVisibleText(text) ? text : undefined;
}

function visibleLines(texts: readonly string[]): string[] {
  return texts.filter((text) => hasVisibleText(text));
}

/** The incident's title, or its id when the title shows nothing (a restored state may hold any string). */
function titleOf(state: IncidentState): string {
  return visible(state.title) ?? visible(state.id) ?? 'Untitled incident';
}

function commanderOf(state: IncidentState): Person | null {
  return getRoleHolders(state.roles, 'incident_commander')[0] ?? null;
}

/** Impact in words: the assessment's own lines, else what the numbers say. */
function impactLines(state: IncidentState): string[] {
  const impact = state.impact;
  if (!impact) return [];
  const notes = visibleLines(impact.notes);
  if (notes.length > 0) return notes;
  const lines = [
    `${impact.usersAffectedPercent}% of users affected (${impact.degradation.replace('_', ' ')})`,
  ];
  const features = visibleLines(impact.affectedFeatures);
  if (features.length > 0) lines.push(`Affected: ${features.join(', ')}`);
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
  return visibleLines(
    state.mitigations.filter((mitigation) => mitigation.outcome === undefined).map((m) => m.description),
  );
}

function minutesUntil(now: Timestamp, due: Timestamp | null): number | null {
  if (due === null) return null;
  return Math.max(1, Math.ceil((toEpochMs(due) - toEpochMs(now)) / 60_000));
}

function missingRoleNeeds(state: IncidentState): string[] {
  const policy = state.settings.policies[state.severity];
  return checkRoles(state.roles, policy, { catalog: state.settings.roleCatalog }).missing.map((role) => {
    const name = visible(getRole(role, state.settings.roleCatalog).name) ?? role;
    // "An Incident Commander": by the first letter, leaving "u" to "a" ("a user liaison").
    return `${/^[aeio]/i.test(name) ? 'An' : 'A'} ${name}`;
  });
}

/**
 * The internal update for an incident at `now`: its title, severity, status in words, Incident Commander, impact
 * lines, mitigations in flight, and minutes until the next internal update is due. Once the incident is resolved,
 * closed or cancelled, no mitigation is listed as a current action: the list says the incident is over.
 *
 * @param incident - the incident (checked as `validateIncidentState` does, unless this library made it)
 * @param options - `now`; optional `actions` and `impact` lines to use instead of the derived ones
 * @returns data for `renderInternalUpdate`, validated and frozen (spread it to change a field)
 * @throws {IncidentKitError} `invalid_input` for a state or options of the wrong shape, `inconsistent_state` for a
 *   state that contradicts itself
 * @example
 * deriveInternalUpdate(incident, { now: '2024-01-15T14:30:00Z' }).nextUpdateInMinutes; // due 14:45
 * //=> 15
 */
export function deriveInternalUpdate(
  incident: IncidentState,
  options: z.input<typeof InternalUpdateOptionsSchema>,
): MessageInputs['internal_update'] {
  const state = requireIncidentState(incident, 'state');
  const { now, ...given } = optionsOf(InternalUpdateOptionsSchema, options);
  const over = isOver(state) ? [`None, the incident is ${STATUS_WORDS[state.status].toLowerCase()}`] : null;
  return deriveMessage('internal_update', {
    title: titleOf(state),
    severity: state.severity,
    status: STATUS_WORDS[state.status],
    commander: commanderOf(state),
    impact: given.impact ?? impactLines(state),
    actions: given.actions ?? over ?? currentActions(state),
    nextUpdateInMinutes: minutesUntil(now, getDeadlines(state).internalUpdate),
  });
}

/**
 * A CAN tactical update from an incident: conditions (the impact), actions (mitigations in flight), needs (roles
 * nobody holds), each replaceable.
 *
 * @param incident - the incident (checked as `validateIncidentState` does, unless this library made it)
 * @param options - optional `reporter`, `conditions`, `actions`, `needs`
 * @returns data for `renderTacticalUpdate`, validated and frozen (spread it to change a field)
 * @throws {IncidentKitError} `invalid_input` for a state or options of the wrong shape, `inconsistent_state` for a
 *   state that contradicts itself
 * @example
 * deriveTacticalUpdate(incident).needs;
 * //=> ['A Communications Lead']
 */
export function deriveTacticalUpdate(
  incident: IncidentState,
  options: z.input<typeof TacticalUpdateOptionsSchema> = {},
): MessageInputs['tactical_update'] {
  const state = requireIncidentState(incident, 'state');
  const given = optionsOf(TacticalUpdateOptionsSchema, options);
  return deriveMessage('tactical_update', {
    title: titleOf(state),
    reporter: given.reporter ?? null,
    conditions: given.conditions ?? impactLines(state),
    actions: given.actions ?? currentActions(state),
    needs: given.needs ?? missingRoleNeeds(state),
  });
}

/**
 * An executive summary from an incident at `now`. The current status defaults to the status in words and the last
 * timeline entry (deadline reminders aside); the overview to the impact; next steps to the mitigations in flight.
 *
 * @param incident - the incident (checked as `validateIncidentState` does, unless this library made it)
 * @param options - `now`; optional `currentStatus`, `overview`, `nextSteps`
 * @returns data for `renderExecutiveSummary`, validated and frozen (spread it to change a field)
 * @throws {IncidentKitError} `invalid_input` for a state or options of the wrong shape, `inconsistent_state` for a
 *   state that contradicts itself
 * @example
 * deriveExecutiveSummary(incident, { now: '2024-01-15T14:50:00Z' }).startedAt;
 * //=> '2024-01-15T14:20:00.000Z'
 */
export function deriveExecutiveSummary(
  incident: IncidentState,
  options: z.input<typeof ExecutiveSummaryOptionsSchema>,
): MessageInputs['executive_summary'] {
  const state = requireIncidentState(incident, 'state');
  const { now, ...given } = optionsOf(ExecutiveSummaryOptionsSchema, options);
  // The latest thing that happened: deadline reminders (ticks) are the library's own, not news for executives.
  const last = state.timeline.filter((entry) => entry.type !== 'tick').at(-1);
  return deriveMessage('executive_summary', {
    title: titleOf(state),
    severity: state.severity,
    status: STATUS_WORDS[state.status],
    startedAt: state.milestones.detectedAt,
    now,
    currentStatus:
      given.currentStatus ??
      `${STATUS_WORDS[state.status]}. Latest: ${visible(last?.summary) ?? last?.type ?? 'declared'}`,
    overview: given.overview ?? (impactLines(state).join('; ') || 'Impact is being assessed'),
    nextSteps: given.nextSteps ?? currentActions(state),
    nextUpdateInMinutes: minutesUntil(now, getDeadlines(state).executiveSummary),
  });
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
 * @param incident - the incident (checked as `validateIncidentState` does, unless this library made it)
 * @param options - `now`; optional `title` (public wording), `message` and `status` (default: from the lifecycle)
 * @returns data for `renderStatusPageUpdate`, validated and frozen (spread it to change a field)
 * @throws {IncidentKitError} `invalid_input` for a state or options of the wrong shape, `inconsistent_state` for a
 *   state that contradicts itself
 * @example
 * deriveStatusPageUpdate(incident, { now: '2024-01-15T14:30:00Z' }).status;
 * //=> 'investigating'
 */
export function deriveStatusPageUpdate(
  incident: IncidentState,
  options: z.input<typeof StatusPageOptionsSchema>,
): MessageInputs['status_page_update'] {
  const state = requireIncidentState(incident, 'state');
  const { now, ...given } = optionsOf(StatusPageOptionsSchema, options);
  const status: PublicStatus = given.status ?? PUBLIC_STATUS_OF[state.status];
  const lastPublic = [...state.updates]
    .reverse()
    .find(
      (update) => update.audience === 'external' && update.publicStatus === status && visible(update.message),
    );
  const fallback =
    status === 'resolved' ? PUBLIC_STATUS_PAGE_DEFAULTS.resolvedMessage : PUBLIC_STATUS_PAGE_DEFAULTS.message;
  return deriveMessage('status_page_update', {
    title: given.title ?? PUBLIC_STATUS_PAGE_DEFAULTS.title,
    status,
    message: given.message ?? lastPublic?.message ?? fallback,
    postedAt: now,
    nextUpdateInMinutes: status === 'resolved' ? null : minutesUntil(now, nextPublicUpdate(state, now)),
  });
}

/** The resolution notice's summary when the stored one shows nothing. */
const RESOLVED = 'The incident has been resolved.';

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
 * @param incident - a resolved incident (checked as `validateIncidentState` does, unless this library made it)
 * @param options - `affected`: who was affected, in words (default: from the impact assessment)
 * @returns data for `renderResolutionUpdate`, validated and frozen (spread it to change a field)
 * @throws {IncidentKitError} `invalid_input` when the incident has no resolution
 *   (also `invalid_input` for a state or options of the wrong shape, `inconsistent_state` for a state that
 *   contradicts itself)
 * @example
 * deriveResolutionUpdate(resolvedIncident).resolvedAt;
 * //=> '2024-01-15T15:05:00.000Z'
 */
export function deriveResolutionUpdate(
  incident: IncidentState,
  options: z.input<typeof ResolutionOptionsSchema> = {},
): MessageInputs['resolution_update'] {
  const state = requireIncidentState(incident, 'state');
  const given = optionsOf(ResolutionOptionsSchema, options);
  const resolution = state.resolution;
  if (!resolution) {
    throw new IncidentKitError('invalid_input', `Incident ${state.id} is ${state.status}, not resolved`, {
      input: state.status,
    });
  }
  const affected =
    given.affected ?? (state.impact ? `~${state.impact.usersAffectedPercent}% of users` : undefined);
  const rootCause = visible(resolution.rootCause);
  const fix = visible(resolution.fix);
  return deriveMessage('resolution_update', {
    title: titleOf(state),
    summary: visible(resolution.summary) ?? RESOLVED,
    ...(rootCause === undefined ? {} : { rootCause }),
    ...(fix === undefined ? {} : { fix }),
    ...(resolution.dataLoss === undefined ? {} : { dataLoss: resolution.dataLoss }),
    ...(affected === undefined ? {} : { affected }),
    startedAt: state.milestones.detectedAt,
    resolvedAt: resolution.at,
  });
}

/**
 * A handoff brief for handing `role` (default Incident Commander) from its current holder to `to` at `now`.
 *
 * @param incident - the incident (checked as `validateIncidentState` does, unless this library made it)
 * @param options - `to`, `now`, optional `role`
 * @returns data for `renderHandoffBrief`, validated and frozen (spread it to change a field)
 * @throws {IncidentKitError} `not_role_holder` when nobody holds the role
 *   (also `invalid_input` for a state or options of the wrong shape, `inconsistent_state` for a state that
 *   contradicts itself)
 * @example
 * deriveHandoffBrief(incident, { to: sam, now: '2024-01-15T16:00:00Z' }).from.id;
 * //=> 'jane'
 */
export function deriveHandoffBrief(
  incident: IncidentState,
  options: z.input<typeof HandoffOptionsSchema>,
): MessageInputs['handoff_brief'] {
  const state = requireIncidentState(incident, 'state');
  const given = optionsOf(HandoffOptionsSchema, options);
  const role = getRole(given.role ?? 'incident_commander', state.settings.roleCatalog);
  const from = getRoleHolders(state.roles, role.id)[0];
  if (!from)
    throw new IncidentKitError('not_role_holder', `Nobody holds ${role.name} to hand it off`, {
      input: options,
    });
  return deriveMessage('handoff_brief', {
    title: titleOf(state),
    severity: state.severity,
    status: STATUS_WORDS[state.status],
    role: visible(role.name) ?? role.id,
    from,
    to: given.to,
    at: given.now,
    conditions: impactLines(state),
    actions: currentActions(state),
    needs: missingRoleNeeds(state),
  });
}

/**
 * A postmortem draft from an incident: owner and action items from its postmortem, time in each severity from its
 * metrics, responders from its roles, the timeline from its timeline, the messages it posted, and what the
 * resolution says. Pass the parts people write (overview, factors, what went well) as `sections`.
 *
 * @param incident - the incident (checked as `validateIncidentState` does, unless this library made it)
 * @param sections - any postmortem fields to set or replace
 * @returns data for `renderPostmortem`, validated and frozen (spread it to change a field)
 * @throws {IncidentKitError} `invalid_input` for a state or options of the wrong shape, `inconsistent_state` for a
 *   state that contradicts itself
 * @example
 * derivePostmortem(closedIncident).timeInSeverity;
 * //=> [{ severity: 'SEV2', ms: 2700000 }]
 */
export function derivePostmortem(
  incident: IncidentState,
  sections: Partial<MessageInputs['postmortem']> = {},
): MessageInputs['postmortem'] {
  const state = requireIncidentState(incident, 'state');
  parseInput(PostmortemSectionsSchema, expectOptions(sections), 'sections');
  const metrics = getIncidentMetrics(state);
  const people = new Map<string, { person: Person; roles: string[] }>();
  for (const stint of state.roles) {
    const entry = people.get(stint.person.id) ?? { person: stint.person, roles: [] };
    const name =
      visible(state.settings.roleCatalog.find((role) => role.id === stint.role)?.name) ?? stint.role;
    if (!entry.roles.includes(name)) entry.roles.push(name);
    people.set(stint.person.id, entry);
  }
  const resolution = state.resolution;
  const succeeded = visibleLines(
    state.mitigations.filter((mitigation) => mitigation.outcome !== 'failed').map((m) => m.description),
  );
  // Text wrapped by hand for a chat message reads as one line in a document's lists and fields; text that shows
  // nothing is left out.
  const flat = (text: string | undefined) => {
    const shown = visible(text);
    return shown === undefined ? undefined : shown.replace(/\s*\n\s*/g, ' ');
  };
  const messages = (audience: 'internal' | 'external') =>
    state.updates
      .filter((update) =>
        audience === 'internal' ? update.audience !== 'external' : update.audience === 'external',
      )
      .flatMap((update) => {
        const message = flat(update.message);
        return message === undefined ? [] : [`${update.at.slice(11, 16)} UTC: ${message}`];
      });
  const overview = flat(resolution?.summary);
  const rootCause = flat(resolution?.rootCause);
  const fix = flat(resolution?.fix);
  return deriveMessage('postmortem', {
    title: titleOf(state),
    severity: state.severity,
    owner: state.postmortem?.owner ?? null,
    ...(overview === undefined ? {} : { overview }),
    ...(rootCause === undefined ? {} : { contributingFactors: [rootCause] }),
    ...(succeeded.length > 0 ? { temporaryResolution: succeeded.join('; ') } : {}),
    ...(fix === undefined ? {} : { longTermResolution: fix }),
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
      .map((entry) => ({ at: entry.at, event: visible(entry.summary) ?? entry.type.replace(/_/g, ' ') })),
    actionItems: (state.postmortem?.actionItems ?? [])
      .filter((item) => hasVisibleText(item.title))
      .map((item) => ({
        title: item.title,
        ...(item.owner ? { owner: item.owner } : {}),
        ...(item.due ? { due: item.due } : {}),
      })),
    internalMessages: messages('internal'),
    externalMessages: messages('external'),
    ...sections,
  });
}
