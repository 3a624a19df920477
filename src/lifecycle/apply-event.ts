import { describeValue, IncidentKitError, type Result, safeParseInput } from '../errors';
import { append, type Draft } from '../internal/append-only';
import { argumentProblem, invalidArgument } from '../internal/arguments';
import type { Person } from '../roles/person';
import { assignRole, handOffRole, type RoleAssignment, releaseRole } from '../roles/role-assignments';
import { getRole } from '../roles/role-catalog';
import { classifySeverity } from '../severity/classify-severity';
import { postmortemDueAfter } from '../severity/postmortem-due';
import { compareSeverity, type Severity } from '../severity/severity';
import { addMinutesWithin, toEpochMs } from '../time/timestamp';
import { createIncident, type IncidentDeclaration } from './create-incident';
// The unchecked forms of getDeadlines and getPendingDeadlines: the handlers pass states mid-step, which are not yet
// consistent (a resolution without its timeline entry); the public forms check their argument.
import {
  appendReminders,
  appendUpdate,
  deadlinesOf as getDeadlines,
  pendingDeadlinesOf as getPendingDeadlines,
  isPublicIncident,
  nextReminder,
  updateDue,
} from './deadlines';
import { nextPage, pageEffect } from './escalation';
import { appendEntry, eventDigest, findAppliedEvent } from './event-index';
import type { IncidentEffect } from './incident-effect';
import {
  EVENT_TYPES,
  type IncidentEvent,
  type IncidentEventInput,
  IncidentEventSchema,
  type IncidentEventType,
  type ResolutionKind,
} from './incident-event';
import { copyOfState, type IncidentState, type PostedUpdate, type TimelineEntry } from './incident-state';
import { type IncidentStatus, TRANSITIONS } from './incident-status';
import { parsedEventOf } from './parsed-event';
import { checkIncidentState, requireStatus, trustState } from './state-guard';
import type { StepResult } from './step-result';

/** What a handler decided: the fields that change, the effects, the timeline sentence and any implied steps. */
interface Change {
  readonly patch: Partial<IncidentState>;
  readonly effects: readonly IncidentEffect[];
  readonly summary: string;
  readonly implied?: readonly IncidentEventType[];
}

type StopReason = Extract<IncidentEffect, { type: 'stop_paging' }>['reason'];

/** `null`: accepted, but nothing to do (a tick with no deadline passed). */
type Outcome = Change | IncidentKitError | null;

type Handler<T extends IncidentEventType> = (
  state: IncidentState,
  event: Extract<IncidentEvent, { type: T }>,
  draft: Draft | undefined,
) => Outcome;

const WORKING: readonly IncidentStatus[] = ['acknowledged', 'triaging', 'mitigating', 'monitoring'];

/**
 * The events the incident accepts in its current status (a final status accepts none).
 *
 * @param state - the incident (its `status` is all that is read)
 * @returns event types, in the order of `EVENT_TYPES`
 * @throws {IncidentKitError} `invalid_input` when `state.status` is not a status
 * @example
 * getAllowedEvents(incident); // just declared
 * //=> ['acknowledge', 'escalate', 'assess_impact', 'set_severity', 'assign_role', 'release_role', 'hand_off_role', 'post_update', 'resolve', 'cancel', 'merge', 'add_note', 'tick']
 */
export function getAllowedEvents(state: Pick<IncidentState, 'status'>): IncidentEventType[] {
  const targets = TRANSITIONS[requireStatus(state)];
  return EVENT_TYPES.filter((type) => type in targets);
}

/**
 * Applies one event to an incident. Pure: the input state is never modified, and a refused event leaves nothing
 * half-applied. Refused are: invalid events (`invalid_input`, naming the field), events the current status does
 * not accept (`transition_not_allowed`, with the allowed ones), events earlier than the last accepted one
 * (`out_of_order`), a downgrade without a reason, closing with a required postmortem incomplete, reopening after
 * the window, merging into itself, role changes the role rules refuse, and an event reusing the `id` of a
 * different event (`event_id_conflict`). An event whose `id` was already applied with the same content (`at`
 * aside) is accepted as a duplicate and changes nothing: ids are idempotency keys.
 *
 * @param state - the incident: a state this library made or checked passes at once; anything else is checked as
 *   `validateIncidentState` does (`invalid_input`, `inconsistent_state`)
 * @param event - what happened (validated here)
 * @returns `{ ok: true, state, effects }` or `{ ok: false, error }`; never throws
 * @example
 * const step = applyEvent(incident, { type: 'acknowledge', at: '2024-01-15T14:22:00Z', by: jane });
 * step.ok && [step.state.status, step.effects.map((effect) => effect.type)];
 * //=> ['acknowledged', ['stop_paging', 'open_channel', 'post_initial_status', 'announce_status', 'request_roles']]
 */
export function applyEvent(state: IncidentState, event: IncidentEventInput): StepResult {
  const checked = checkIncidentState(state, 'state');
  if (!checked.ok) return checked;
  const result = stepFrom(checked.value, event);
  if (result.ok) trustState(result.state);
  return result;
}

/**
 * `applyEvent` for a state the library made or checked, without checking it again or marking the new state sound:
 * for the in-process actor, which steps its own states (and marks each new one). Internal.
 *
 * @param state - a sound state
 * @param event - the event (validated here)
 * @returns the step result
 */
export function applyEventToOwnState(state: IncidentState, event: IncidentEventInput): StepResult {
  return stepFrom(state, event);
}

/**
 * `applyEvent` for a state already checked; the new state is not yet marked sound (a replay marks only its last).
 * `draft`: the running replay's arrays, which the step may append to in place.
 */
function stepFrom(state: IncidentState, event: IncidentEventInput, draft?: Draft): StepResult {
  // An event already in the schema's form is checked field by field (and copied) without zod; see parsed-event.ts.
  const ready = parsedEventOf(event);
  if (ready) return step(state, ready, event, draft);
  const parsed = safeParseInput(IncidentEventSchema, event, () => `${describeType(event)} event`);
  if (!parsed.ok) return parsed;
  return step(state, parsed.value, event, draft);
}

function step(
  state: IncidentState,
  event: IncidentEvent,
  raw: unknown,
  draft: Draft | undefined,
): StepResult {
  // Ids are idempotency keys: the same content again is a duplicate, other content a conflict. Entries written
  // before envelope version 2 have no digest, so any event with their id is a duplicate, as it was then.
  const digest = event.id === undefined ? undefined : eventDigest(event);
  const applied = event.id === undefined ? undefined : findAppliedEvent(state.timeline, event.id);
  if (applied) {
    if (applied.eventDigest === undefined || applied.eventDigest === digest) {
      return { ok: true, state, effects: [], duplicate: true };
    }
    return refuse(
      'event_id_conflict',
      `Event id "${event.id}" was already used for a different event (${applied.type} at ${applied.at}, timeline entry ${applied.seq}); give each event its own id`,
      raw,
      { eventId: event.id, seq: applied.seq, type: applied.type, at: applied.at },
    );
  }
  const targets = TRANSITIONS[state.status];
  if (!(event.type in targets)) {
    const allowed = getAllowedEvents(state);
    return refuse(
      'transition_not_allowed',
      `Cannot ${event.type} while ${state.status}; allowed: ${allowed.join(', ') || 'nothing (the incident is over)'}`,
      raw,
      { status: state.status, event: event.type, allowed },
    );
  }
  if (event.at < state.lastEventAt) {
    return refuse(
      'out_of_order',
      `Event at ${event.at} is earlier than the last accepted event at ${state.lastEventAt}`,
      raw,
      {
        at: event.at,
        lastEventAt: state.lastEventAt,
      },
    );
  }
  const handler = HANDLERS[event.type] as Handler<typeof event.type>;
  const outcome = handler(state, event, draft);
  if (outcome === null) return { ok: true, state, effects: [] };
  if (outcome instanceof IncidentKitError) {
    return {
      ok: false,
      error: new IncidentKitError(outcome.code, outcome.message, {
        input: raw,
        issues: outcome.issues,
        details: outcome.details,
      }),
    };
  }
  const status = targets[event.type] ?? state.status;
  // What decides the roles a level requires, before the change (the state itself may be updated in place).
  const before: RoleFacts = {
    status: state.status,
    severity: state.severity,
    roles: state.roles,
    settings: state.settings,
  };
  const timeline = state.timeline;
  const entry = timelineEntry(state, event, outcome, digest);
  // A replay's own state (made by an earlier step of the same replay, seen by nobody yet) is updated in place, as
  // its lists are; any other state is copied.
  const next: IncidentState = draft?.has(state) ? state : copyOfState(state);
  if (draft && next !== state) draft.add(next);
  Object.assign(next, outcome.patch);
  next.status = status;
  next.lastEventAt = event.at;
  next.timeline = appendEntry(timeline, entry, draft);
  const effects = outcome.effects.slice();
  if (status !== before.status) effects.push({ type: 'announce_status', from: before.status, to: status });
  const requested = newlyMissingRoles(before, next);
  if (requested) effects.push(requested);
  return { ok: true, state: next, effects };
}

/** The parts of a state that decide which required roles are missing. */
type RoleFacts = Pick<IncidentState, 'status' | 'severity' | 'roles' | 'settings'>;

/**
 * The timeline entry of an accepted event, fields in the order the schema lists them: one object literal per shape,
 * since adding fields one by one to a smaller literal allocates a new property store for most entries (about a
 * tenth of a replay with event ids).
 */
function timelineEntry(
  state: IncidentState,
  event: IncidentEvent,
  outcome: Change,
  digest: string | undefined,
): TimelineEntry {
  const seq = state.timeline.length + 1;
  const { at, type, by, id: eventId } = event;
  const summary = outcome.summary;
  const implied = outcome.implied ? [...outcome.implied] : undefined;
  if (eventId === undefined || digest === undefined) {
    if (implied === undefined) return by ? { seq, at, type, by, summary } : { seq, at, type, summary };
    return by ? { seq, at, type, by, implied, summary } : { seq, at, type, implied, summary };
  }
  const eventDigest = digest;
  if (implied === undefined)
    return by
      ? { seq, at, type, by, eventId, eventDigest, summary }
      : { seq, at, type, eventId, eventDigest, summary };
  return by
    ? { seq, at, type, by, eventId, eventDigest, implied, summary }
    : { seq, at, type, eventId, eventDigest, implied, summary };
}

/**
 * The outcome of {@link replayIncident}: the final state and every effect in order, or the first refused event
 * with its index and the state just before it.
 *
 * @example
 * const replay: ReplayResult = replayIncident(declaration, []);
 * replay.ok;
 * //=> true
 */
export type ReplayResult =
  | { readonly ok: true; readonly state: IncidentState; readonly effects: readonly IncidentEffect[] }
  | {
      readonly ok: false;
      readonly error: IncidentKitError;
      /** Index of the refused event; -1 when the declaration itself was refused. */
      readonly index: number;
      readonly state: IncidentState | null;
    };

/**
 * Rebuilds an incident from its declaration and its event log, stopping at the first refused event. The cost per
 * event does not grow with the log: the replay appends to the lists it builds in place (it hands out only its last
 * state), and id and deadline look-ups use indexes. Every event is validated; one already in the form
 * `IncidentEventSchema` gives (a log the host wrote from accepted events) is checked field by field without zod.
 *
 * @param declaration - as passed to `createIncident`
 * @param events - the events, in order (an array or any iterable; anything else is refused at index 0)
 * @returns the final state and all effects, or the first error with its index
 * @example
 * const replay = replayIncident(declaration, [{ type: 'acknowledge', at: '2024-01-15T14:22:00Z' }]);
 * replay.ok && replay.state.status;
 * //=> 'acknowledged'
 */
export function replayIncident(
  declaration: IncidentDeclaration,
  events: Iterable<IncidentEventInput>,
): ReplayResult {
  const created = createIncident(declaration);
  if (!created.ok) return { ok: false, error: created.error, index: -1, state: null };
  let state = created.state;
  const effects: IncidentEffect[] = created.effects.slice();
  let index = 0;
  const log = iterableOf(events);
  if (!log.ok) return { ok: false, error: log.error, index: 0, state };
  // The lists this replay makes are seen by nobody until it returns: it appends to them in place.
  const draft: Draft = new WeakSet();
  for (const event of log.value) {
    const result = stepFrom(state, event, draft);
    if (!result.ok) return { ok: false, error: result.error, index, state: trustState(state) };
    state = result.state;
    for (const effect of result.effects) effects.push(effect);
    index += 1;
  }
  return { ok: true, state: trustState(state), effects };
}

function refuse(
  code: IncidentKitError['code'],
  message: string,
  input: unknown,
  details: Record<string, unknown> = {},
): StepResult {
  return { ok: false, error: new IncidentKitError(code, message, { input, details }) };
}

/** The events of a replay, as an array: an iterable that is not one (or whose iteration throws) is refused. */
function iterableOf(events: unknown): Result<readonly IncidentEventInput[]> {
  if (Array.isArray(events)) return { ok: true, value: events };
  if (
    typeof events === 'object' &&
    events !== null &&
    typeof (events as Iterable<unknown>)[Symbol.iterator] === 'function'
  ) {
    try {
      return { ok: true, value: Array.from(events as Iterable<IncidentEventInput>) };
    } catch (error) {
      // Say what went wrong while reading: the iterable was one, its iteration failed.
      const reason = describeValue(error instanceof Error ? error.message : error);
      return { ok: false, error: argumentProblem('events', `reading the iterable threw ${reason}`, events) };
    }
  }
  return { ok: false, error: invalidArgument('events', 'an array (or iterable) of events', events) };
}

/** `m1`, `m2`, …: the first after the count of mitigations that no mitigation has (a caller may name one `m2`). */
function freeMitigationId(mitigations: IncidentState['mitigations']): string {
  let number = mitigations.length + 1;
  while (mitigations.some((mitigation) => mitigation.id === `m${number}`)) number += 1;
  return `m${number}`;
}

function describeType(event: unknown): string {
  const type = typeof event === 'object' && event !== null ? (event as { type?: unknown }).type : undefined;
  return typeof type === 'string' && (EVENT_TYPES as readonly string[]).includes(type) ? type : 'incident';
}

function who(person: Person | undefined): string {
  return person ? person.name : 'Someone';
}

function newlyMissingRoles(before: RoleFacts, after: RoleFacts): IncidentEffect | null {
  if (!WORKING.includes(after.status)) return null;
  // Only roles, severity and status decide what is missing; most events change none of them.
  if (after.roles === before.roles && after.severity === before.severity && after.status === before.status)
    return null;
  const missing = missingRoles(after);
  const previously = WORKING.includes(before.status) ? missingRoles(before) : [];
  return missing.some((role) => !previously.includes(role))
    ? { type: 'request_roles', roles: missing }
    : null;
}

/**
 * The roles the policy in force requires and nobody holds: what `checkRoles(…).missing` says for a sound state (its
 * catalog knows every required role), without the rest of the check.
 */
function missingRoles(state: RoleFacts): string[] {
  return state.settings.policies[state.severity].requiredRoles.filter(
    (role) => !state.roles.some((entry) => entry.role === role && entry.until === undefined),
  );
}

/** The patch and effects of moving to another severity (nothing when it is the same). */
function severityChange(
  state: IncidentState,
  to: Severity,
  at: string,
  reason: string,
  by: Person | undefined,
  draft: Draft | undefined,
): { patch: Partial<IncidentState>; effects: IncidentEffect[] } {
  const from = state.severity;
  if (to === from) return { patch: {}, effects: [] };
  const upgrade = compareSeverity(to, from) > 0;
  const effects: IncidentEffect[] = [{ type: 'announce_severity_change', from, to, reason }];
  const policies = state.settings.policies;
  // Not yet acknowledged and nobody paged (a level that opens a ticket): the new level pages, as a declaration at
  // that level would have.
  const page =
    state.status === 'detected' && !state.escalation.paging && policies[to].page !== 'none'
      ? pageEffect({ ...state, severity: to }, Math.max(1, state.escalation.level), 'declared', 0)
      : null;
  if (page) effects.push(page);
  if (policies[to].pageAdditionalResponders && !policies[from].pageAdditionalResponders) {
    effects.push({ type: 'page_additional_responders', severity: to });
  }
  return {
    patch: {
      ...(page ? { escalation: { level: page.level, loop: 0, lastEscalatedAt: at, paging: true } } : {}),
      severity: to,
      severityHistory: append(
        state.severityHistory,
        [{ severity: to, at, change: upgrade ? 'upgrade' : 'downgrade', reason, ...(by ? { by } : {}) }],
        draft,
      ),
    },
    effects,
  };
}

function roleResult(
  result: Result<RoleAssignment[]>,
  summary: (roles: RoleAssignment[]) => string,
  effects: IncidentEffect[] = [],
): Outcome {
  return result.ok
    ? { patch: { roles: result.value }, effects, summary: summary(result.value) }
    : result.error;
}

function milestones(
  state: IncidentState,
  changes: Partial<IncidentState['milestones']>,
): Partial<IncidentState> {
  return { milestones: { ...state.milestones, ...changes } };
}

/** `triagedAt` for an event that assesses or leaves triage: set once, and never before acknowledgement. */
function triaged(state: IncidentState, at: string): Partial<IncidentState['milestones']> {
  return state.milestones.triagedAt || !state.milestones.acknowledgedAt ? {} : { triagedAt: at };
}

/** The steps an event stands for besides its own: skipping triage from acknowledged. */
function impliedTriage(state: IncidentState): readonly IncidentEventType[] | undefined {
  return state.status === 'acknowledged' ? ['start_triage'] : undefined;
}

function withImplied(
  summary: string,
  implied: readonly IncidentEventType[] | undefined,
  said: string,
): string {
  return implied ? `${summary}; ${said}` : summary;
}

/** Ends a live page: the paging flag goes down and the pager is told why; nothing when no page is live. */
function stopPaging(
  state: IncidentState,
  reason: StopReason,
): { patch: Partial<IncidentState>; effects: IncidentEffect[] } {
  if (!state.escalation.paging) return { patch: {}, effects: [] };
  return {
    patch: { escalation: { ...state.escalation, paging: false } },
    effects: [{ type: 'stop_paging', reason }],
  };
}

/** The resolution's summary when the resolve event gives none (only a `fixed` one must). */
const RESOLVED_WITHOUT_SUMMARY: Readonly<Record<ResolutionKind, string>> = {
  fixed: 'The issue was fixed.',
  self_healed: 'The issue recovered without intervention.',
  resolved_at_source: 'The alert was resolved at its source.',
};

const HANDLERS: { readonly [T in IncidentEventType]: Handler<T> } = {
  acknowledge: (state, event) => {
    if (state.status !== 'detected') {
      // Already being worked on: stops a live page (an escalation by hand, a reopen); otherwise nothing to do.
      if (!state.escalation.paging) return null;
      // `acknowledgedAt` stays the first acknowledgement of the incident (none if it was resolved before anyone
      // acknowledged it and then reopened: time to acknowledge measures the first page).
      return {
        ...stopPaging(state, 'acknowledged'),
        summary: `${who(event.by)} acknowledged the page (level ${state.escalation.level})`,
      };
    }
    const stop = stopPaging(state, 'acknowledged');
    const patch = { ...stop.patch, ...milestones(state, { acknowledgedAt: event.at }) };
    const after: IncidentState = Object.assign(copyOfState(state), patch, {
      status: 'acknowledged' as const,
    });
    const policy = state.settings.policies[state.severity];
    const publicPostRequired = isPublicIncident(after);
    return {
      patch,
      effects: [
        ...stop.effects,
        { type: 'open_channel', name: state.channel },
        {
          type: 'post_initial_status',
          publicPostRequired,
          audiences: [
            'internal',
            ...(publicPostRequired ? (['external'] as const) : []),
            ...(policy.executiveSummaryEveryMinutes === null ? [] : (['executive'] as const)),
          ],
          dueAt: publicPostRequired ? getDeadlines(after).externalUpdate : null,
        },
      ],
      summary: `${who(event.by)} acknowledged`,
    };
  },

  escalate: (state, event) => {
    // The escalation's next page; when the policy pages no one any more, a person asking still gets the last level
    // paged again (a repeat, counted in `loop`).
    const { level, loop } = state.escalation;
    const next = nextPage(state) ?? { level: Math.max(1, level), loop: loop + 1, renotify: true };
    const reason = next.renotify && event.reason === 'ack_timeout' ? 'renotify' : event.reason;
    return {
      patch: { escalation: { level: next.level, loop: next.loop, lastEscalatedAt: event.at, paging: true } },
      effects: [pageEffect(state, next.level, reason, next.loop)],
      summary: `${next.renotify ? `Paged level ${next.level} again` : `Escalated to level ${next.level}`} (${event.reason === 'ack_timeout' ? 'acknowledgement overdue' : 'by hand'})`,
    };
  },

  start_triage: (_state, event) => ({ patch: {}, effects: [], summary: `${who(event.by)} started triage` }),

  assess_impact: (state, event, draft) => {
    const classification = classifySeverity(event.impact, state.settings.rules);
    const reason = classification.reasons.join('; ');
    const change = severityChange(state, classification.severity, event.at, reason, event.by, draft);
    const implied = impliedTriage(state);
    return {
      patch: { ...change.patch, impact: event.impact, ...milestones(state, triaged(state, event.at)) },
      effects: change.effects,
      summary: withImplied(
        `Impact assessed: ${classification.severity} (${reason})`,
        implied,
        'triage started',
      ),
      ...(implied ? { implied } : {}),
    };
  },

  set_severity: (state, event, draft) => {
    if (compareSeverity(event.severity, state.severity) < 0 && event.reason === undefined) {
      return new IncidentKitError(
        'downgrade_needs_reason',
        `Lowering the severity from ${state.severity} to ${event.severity} needs a reason`,
        { details: { from: state.severity, to: event.severity } },
      );
    }
    const reason = event.reason ?? 'Set by hand';
    const change = severityChange(state, event.severity, event.at, reason, event.by, draft);
    const verb =
      event.severity === state.severity
        ? 'confirmed'
        : compareSeverity(event.severity, state.severity) > 0
          ? 'raised'
          : 'lowered';
    const implied = impliedTriage(state);
    return {
      patch: { ...change.patch, ...milestones(state, triaged(state, event.at)) },
      effects: change.effects,
      summary: withImplied(
        `Severity ${verb}: ${event.severity}${event.reason ? ` (${event.reason})` : ''}`,
        implied,
        'triage started',
      ),
      ...(implied ? { implied } : {}),
    };
  },

  assign_role: (state, event) =>
    roleResult(
      assignRole(
        state.roles,
        { role: event.role, person: event.person, at: event.at, ...(event.by ? { by: event.by.id } : {}) },
        { catalog: state.settings.roleCatalog },
      ),
      () => `${event.person.name} is ${roleName(state, event.role)}`,
    ),

  release_role: (state, event) =>
    roleResult(
      releaseRole(
        state.roles,
        {
          role: event.role,
          personId: event.personId,
          at: event.at,
          ...(event.by ? { by: event.by.id } : {}),
        },
        { catalog: state.settings.roleCatalog },
      ),
      () => `${personName(state, event.personId)} released ${roleName(state, event.role)}`,
    ),

  hand_off_role: (state, event) => {
    const result = handOffRole(
      state.roles,
      {
        role: event.role,
        to: event.to,
        at: event.at,
        ...(event.from === undefined ? {} : { from: event.from }),
        ...(event.by ? { by: event.by.id } : {}),
        ...(event.note === undefined ? {} : { note: event.note }),
      },
      { catalog: state.settings.roleCatalog },
    );
    if (!result.ok) return result.error;
    // The stint that the handoff closed is the one that was open before and has an end now.
    const from = state.roles.find(
      (entry, index) => entry.until === undefined && result.value[index]?.until !== undefined,
    )?.person as Person;
    return roleResult(
      result,
      () => `${from.name} handed ${roleName(state, event.role)} to ${event.to.name}`,
      [{ type: 'announce_handoff', role: event.role, from, to: event.to }],
    );
  },

  start_mitigation: (state, event, draft) => {
    const id = event.mitigationId ?? freeMitigationId(state.mitigations);
    if (state.mitigations.some((mitigation) => mitigation.id === id)) {
      return new IncidentKitError('invalid_input', `Mitigation id "${id}" is already used`, {
        details: { mitigationId: id },
      });
    }
    const implied = impliedTriage(state);
    return {
      patch: {
        mitigations: append(
          state.mitigations,
          [
            {
              id,
              kind: event.kind,
              description: event.description,
              startedAt: event.at,
              ...(event.by ? { by: event.by } : {}),
            },
          ],
          draft,
        ),
        ...milestones(state, triaged(state, event.at)),
      },
      effects: [],
      summary: withImplied(
        `Mitigation ${id} started (${event.kind.replace(/_/g, ' ')}): ${event.description}`,
        implied,
        'triage implied',
      ),
      ...(implied ? { implied } : {}),
    };
  },

  record_mitigation_outcome: (state, event) => {
    const index = state.mitigations.findIndex((mitigation) => mitigation.id === event.mitigationId);
    if (index === -1) {
      return new IncidentKitError('unknown_mitigation', `No mitigation "${event.mitigationId}" was started`, {
        details: {
          mitigationId: event.mitigationId,
          known: state.mitigations.map((mitigation) => mitigation.id),
        },
      });
    }
    return {
      patch: {
        mitigations: state.mitigations.map((mitigation, position) =>
          position === index
            ? {
                ...mitigation,
                outcome: event.outcome,
                outcomeAt: event.at,
                ...(event.note === undefined ? {} : { note: event.note }),
              }
            : mitigation,
        ),
      },
      effects: [],
      summary: `Mitigation ${event.mitigationId} ${event.outcome}${event.note ? `: ${event.note}` : ''}`,
    };
  },

  mark_mitigated: (state, event) => {
    const implied = impliedTriage(state);
    return {
      patch: milestones(state, { ...triaged(state, event.at), mitigatedAt: event.at }),
      effects: [],
      summary: withImplied(
        `Mitigated${event.summary ? `: ${event.summary}` : ''}`,
        implied,
        'triage implied',
      ),
      ...(implied ? { implied } : {}),
    };
  },

  post_update: (state, event, draft) => {
    const dueAt = updateDue(state, event.audience);
    // A promise past year 9999 is no promise a timestamp can hold: the policy cadence applies instead.
    const nextUpdateAt =
      event.nextUpdateInMinutes === undefined ? null : addMinutesWithin(event.at, event.nextUpdateInMinutes);
    return {
      patch: {
        updates: appendUpdate(state.updates, postedUpdate(event, nextUpdateAt, dueAt), draft),
      },
      effects: [],
      summary: `${event.audience[0]?.toUpperCase()}${event.audience.slice(1)} update posted${
        event.publicStatus ? ` [${event.publicStatus}]` : ''
      }`,
    };
  },

  resolve: (state, event) => {
    const policy = state.settings.policies[state.severity];
    const postmortemDueAt = postmortemDueAfter(policy.postmortem.due, event.at);
    const stop = stopPaging(state, 'resolved');
    const summary = event.summary ?? RESOLVED_WITHOUT_SUMMARY[event.kind];
    // A fix mitigates (if nothing was marked mitigated before); a self-healed or source-resolved incident records
    // no mitigation that did not happen.
    const mitigatedAt = state.milestones.mitigatedAt ?? (event.kind === 'fixed' ? event.at : undefined);
    const patch: Partial<IncidentState> = {
      ...stop.patch,
      resolution: {
        at: event.at,
        kind: event.kind,
        summary,
        ...(event.rootCause === undefined ? {} : { rootCause: event.rootCause }),
        ...(event.fix === undefined ? {} : { fix: event.fix }),
        ...(event.dataLoss === undefined ? {} : { dataLoss: event.dataLoss }),
        postmortemRequired: policy.postmortem.required,
        postmortemDueAt,
      },
      ...milestones(state, { resolvedAt: event.at, ...(mitigatedAt ? { mitigatedAt } : {}) }),
    };
    const after: IncidentState = Object.assign(copyOfState(state), patch, { status: 'resolved' as const });
    const effects: IncidentEffect[] = [...stop.effects];
    if (isPublicIncident(after) && lastPublicStatus(state) !== 'resolved') {
      // Due with the next public update; a due time past year 9999 cannot be written, so then: at once.
      effects.push({ type: 'post_resolved_status', dueAt: getDeadlines(after).externalUpdate ?? event.at });
    }
    if (policy.postmortem.required) effects.push({ type: 'schedule_postmortem', dueAt: postmortemDueAt });
    const how = event.kind === 'fixed' ? '' : ` (${event.kind.replace(/_/g, ' ')})`;
    return {
      patch,
      effects,
      summary: `Resolved${how}${event.summary ? `: ${event.summary}` : ''}`,
    };
  },

  reopen: (state, event) => {
    const since = state.status === 'resolved' ? state.milestones.resolvedAt : state.milestones.mitigatedAt;
    const window = state.settings.reopenWindowMinutes;
    if (since && toEpochMs(event.at) - toEpochMs(since) > window * 60_000) {
      return new IncidentKitError(
        'reopen_window_passed',
        `Cannot reopen: more than ${window} minutes since the incident was ${state.status === 'resolved' ? 'resolved' : 'mitigated'} at ${since}; declare a new incident`,
        { details: { since, windowMinutes: window } },
      );
    }
    const { resolvedAt: _resolved, mitigatedAt: _mitigated, ...kept } = state.milestones;
    // A reopened incident pages again: from the top of its escalation policy, or (without one) the level it reached.
    const level = state.settings.escalationPolicy ? 1 : Math.max(1, state.escalation.level);
    return {
      patch: {
        milestones: kept,
        resolution: null,
        reopenCount: state.reopenCount + 1,
        escalation: { level, loop: 0, lastEscalatedAt: event.at, paging: true },
      },
      effects: [pageEffect(state, level, 'reopened', 0)],
      summary: `Reopened: ${event.reason}`,
    };
  },

  cancel: (state, event) => {
    const stop = stopPaging(state, 'cancelled');
    return {
      patch: {
        ...stop.patch,
        cancellation: {
          at: event.at,
          reason: event.reason,
          ...(event.note === undefined ? {} : { note: event.note }),
        },
        ...milestones(state, { cancelledAt: event.at }),
      },
      effects: stop.effects,
      summary: `Cancelled (${event.reason.replace(/_/g, ' ')})${event.note ? `: ${event.note}` : ''}`,
    };
  },

  merge: (state, event) => {
    if (event.into === state.id) {
      return new IncidentKitError('merge_into_self', `Cannot merge incident ${state.id} into itself`, {
        details: { into: event.into },
      });
    }
    const stop = stopPaging(state, 'merged');
    return {
      patch: {
        ...stop.patch,
        cancellation: { at: event.at, reason: 'merged', mergedInto: event.into },
        ...milestones(state, { cancelledAt: event.at }),
      },
      effects: stop.effects,
      summary: `Merged into ${event.into}`,
    };
  },

  start_postmortem: (state, event) => ({
    patch: {
      postmortem: { owner: event.owner, startedAt: event.at, actionItems: [] },
      ...milestones(state, { postmortemStartedAt: event.at }),
    },
    effects: [],
    summary: `Postmortem started, owned by ${event.owner.name}`,
  }),

  complete_postmortem: (state, event) => {
    const started = state.postmortem as NonNullable<IncidentState['postmortem']>;
    return {
      patch: {
        postmortem: { ...started, link: event.link, actionItems: event.actionItems, completedAt: event.at },
        ...milestones(state, { postmortemCompletedAt: event.at }),
      },
      effects: [],
      summary: `Postmortem completed with ${event.actionItems.length} action item${event.actionItems.length === 1 ? '' : 's'}: ${event.link}`,
    };
  },

  close: (state, event) => {
    if (state.resolution?.postmortemRequired && !state.postmortem?.completedAt) {
      return new IncidentKitError(
        'postmortem_incomplete',
        `Cannot close a ${state.severity} incident before its required postmortem is complete`,
        { details: { severity: state.severity, postmortemDueAt: state.resolution.postmortemDueAt } },
      );
    }
    return { patch: milestones(state, { closedAt: event.at }), effects: [], summary: 'Closed' };
  },

  add_note: (_state, event) => ({ patch: {}, effects: [], summary: event.text }),

  tick: (state, event, draft) => {
    const due = getPendingDeadlines(state).filter((deadline) => deadline.tickAt <= event.at);
    if (due.length === 0) return null;
    let escalation = state.escalation;
    const reminders: IncidentState['reminders'] = [];
    const effects: IncidentEffect[] = [];
    const said: string[] = [];
    for (const { deadline, dueAt } of due) {
      if (deadline === 'acknowledge') {
        // The escalation's next page: up a level, the next loop, or the last level again (re-notify). The
        // acknowledge deadline exists only while a next page does.
        const next = nextPage({ ...state, escalation });
        if (!next) continue;
        escalation = { ...escalation, level: next.level, loop: next.loop, lastEscalatedAt: event.at };
        effects.push(pageEffect(state, next.level, next.renotify ? 'renotify' : 'ack_timeout', next.loop));
        said.push(
          next.renotify
            ? `still not acknowledged, paged level ${next.level} again (repeat ${next.loop})`
            : `acknowledgement overdue, escalated to level ${next.level}`,
        );
        continue;
      }
      const count = nextReminder(state, deadline, dueAt)?.count ?? 1;
      reminders.push({ deadline, dueAt, at: event.at, count });
      effects.push({ type: 'remind_update', deadline, dueAt, count });
      said.push(
        `${deadline.replace(/_/g, ' ')} overdue since ${dueAt}${count > 1 ? ` (reminder ${count})` : ''}`,
      );
    }
    return {
      patch: { escalation, reminders: appendReminders(state.reminders, reminders, draft) },
      effects,
      summary: `Deadlines: ${said.join('; ')}`,
    };
  },
};

/** The update a post records, its fields in the schema's order (built without spreads: it is on a hot path). */
function postedUpdate(
  event: Extract<IncidentEvent, { type: 'post_update' }>,
  nextUpdateAt: string | null,
  dueAt: string | null,
): PostedUpdate {
  const update = { audience: event.audience, at: event.at } as {
    -readonly [K in keyof PostedUpdate]: PostedUpdate[K];
  };
  if (event.by) update.by = event.by;
  if (event.publicStatus !== undefined) update.publicStatus = event.publicStatus;
  if (event.message !== undefined) update.message = event.message;
  if (nextUpdateAt !== null) update.nextUpdateAt = nextUpdateAt;
  update.dueAt = dueAt;
  update.onTime = dueAt === null ? null : event.at <= dueAt;
  return update;
}

function lastPublicStatus(state: IncidentState): string | undefined {
  for (let index = state.updates.length - 1; index >= 0; index--) {
    const update = state.updates[index];
    if (update?.audience === 'external') return update.publicStatus;
  }
  return undefined;
}

function roleName(state: IncidentState, role: string): string {
  return getRole(role, state.settings.roleCatalog).name;
}

function personName(state: IncidentState, personId: string): string {
  return state.roles.find((entry) => entry.person.id === personId)?.person.name ?? personId;
}
