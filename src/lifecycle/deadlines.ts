import { append, type Draft, defineIndex, INDEX_FROM, indexOf } from '../internal/append-only';
import { getExternalUpdateInterval, type SeverityPolicy } from '../severity/severity-policy';
import { addMinutesWithin, fromEpochMs, latestOf, type Timestamp, toEpochMs } from '../time/timestamp';
import { ackWaitMinutes } from './escalation';
import type { DeadlineKind } from './incident-effect';
import type { IncidentState, PostedUpdate } from './incident-state';

type Reminder = IncidentState['reminders'][number];

import type { IncidentStatus } from './incident-status';
import { requireIncidentState } from './state-guard';

/**
 * When each obligation of an incident falls due, or `null` when it has none now. Derived from the state alone
 * (severity policy, milestones, posted updates), so a host can arm timers from it after any restore. A deadline
 * that would fall after 9999-12-31T23:59:59.999Z (the last instant a timestamp can hold) is `null`: no event can
 * ever reach it.
 *
 * @example
 * const deadlines: Deadlines = { acknowledge: null, internalUpdate: '2024-01-15T14:52:00.000Z', externalUpdate: null,
 *   executiveSummary: null, postmortem: null };
 * deadlines.internalUpdate;
 * //=> '2024-01-15T14:52:00.000Z'
 */
export interface Deadlines {
  /**
   * While a page is live: it must be acknowledged by then, or the next level is paged (`ackWithinMinutes` after the
   * current level was paged; after the last level, the policy's `renotifyEveryMinutes`).
   */
  readonly acknowledge: Timestamp | null;
  /** While worked on: the next internal update (the last update's promise, or the policy cadence). */
  readonly internalUpdate: Timestamp | null;
  /**
   * While public: the next status-page update (first post, cadence, then the resolved post; after a reopening, the
   * post saying so).
   */
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

const DEADLINE_ENTRIES = Object.entries(DEADLINE_KEYS) as readonly [DeadlineKind, keyof Deadlines][];

/**
 * The deadlines of an incident at its current state.
 *
 * @param state - the incident
 * @returns each deadline, or `null`
 * @throws {IncidentKitError} `invalid_input` or `inconsistent_state` for something that is not a sound state
 * @example
 * getDeadlines(incident).acknowledge; // declared 14:20 as SEV2, not yet acknowledged
 * //=> '2024-01-15T14:25:00.000Z'
 */
export function getDeadlines(state: IncidentState): Deadlines {
  return deadlinesOf(requireIncidentState(state, 'state'));
}

/** {@link getDeadlines} of a state already checked, or mid-step (not yet consistent). Internal. */
export function deadlinesOf(state: IncidentState): Deadlines {
  const policy = state.settings.policies[state.severity];
  return {
    acknowledge: ackDue(state),
    internalUpdate: updateDue(state, 'internal', policy),
    externalUpdate: updateDue(state, 'external', policy),
    executiveSummary: updateDue(state, 'executive', policy),
    postmortem: postmortemDue(state),
  };
}

function postmortemDue(state: IncidentState): Timestamp | null {
  return (state.status === 'resolved' || state.status === 'postmortem') && !state.postmortem?.completedAt
    ? (state.resolution?.postmortemDueAt ?? null)
    : null;
}

/**
 * When the next update for one audience is due (what `deadlinesOf` says for it, computed alone: a posted update
 * needs only its own). Internal.
 *
 * @param state - a state already checked, or mid-step
 * @param audience - whose update
 * @param policy - the policy in force (default: the state's)
 * @returns the due time, or `null`
 */
export function updateDue(
  state: IncidentState,
  audience: PostedUpdate['audience'],
  policy: SeverityPolicy = state.settings.policies[state.severity],
): Timestamp | null {
  if (audience === 'external') return externalDue(state, policy);
  const acknowledged = state.milestones.acknowledgedAt;
  if (!acknowledged || !WORKING.includes(state.status)) return null;
  return cadenceDue(
    state.updates,
    audience,
    acknowledged,
    audience === 'internal' ? policy.internalUpdateEveryMinutes : policy.executiveSummaryEveryMinutes,
  );
}

/**
 * A deadline a tick has yet to act on: which, when it fell (or falls) due, and when to send the tick that acts on it
 * (`tickAt`: the due time itself, or, for an update that was already reminded, the time of the next reminder).
 *
 * @example
 * const pending: OverdueDeadline = { deadline: 'internal_update', dueAt: '2024-01-15T14:52:00.000Z',
 *   tickAt: '2024-01-15T15:02:00.000Z' };
 * pending.tickAt > pending.dueAt; // reminded once at 14:52, again 10 minutes later
 * //=> true
 */
export interface OverdueDeadline {
  readonly deadline: DeadlineKind;
  readonly dueAt: Timestamp;
  /** When a `tick` acts on it. Schedule the next tick for the earliest `tickAt`, not `dueAt`. */
  readonly tickAt: Timestamp;
}

/**
 * The deadlines a tick will act on, earliest `tickAt` first: a live page's acknowledgement deadline (escalate, or
 * re-notify after the last level), and each update, summary or postmortem deadline that has not been reminded
 * as often as the policy allows (`updateReminders`: when due, then every `everyMinutes`, at most `max` times; a
 * postmortem is reminded once). A host arms one timer for the first of these; a `tick` at or after it acts on every
 * one whose `tickAt` has passed.
 *
 * @param state - the incident
 * @returns pending deadlines, earliest `tickAt` first
 * @throws {IncidentKitError} `invalid_input` or `inconsistent_state` for something that is not a sound state
 * @example
 * getPendingDeadlines(incident)[0];
 * //=> { deadline: 'acknowledge', dueAt: '2024-01-15T14:25:00.000Z', tickAt: '2024-01-15T14:25:00.000Z' }
 */
export function getPendingDeadlines(state: IncidentState): OverdueDeadline[] {
  return pendingDeadlinesOf(requireIncidentState(state, 'state'));
}

/** {@link getPendingDeadlines} of a state already checked. Internal. */
export function pendingDeadlinesOf(state: IncidentState): OverdueDeadline[] {
  const deadlines = deadlinesOf(state);
  const pending: OverdueDeadline[] = [];
  for (const [deadline, key] of DEADLINE_ENTRIES) {
    const dueAt = deadlines[key];
    if (dueAt === null) continue;
    const tickAt = deadline === 'acknowledge' ? dueAt : nextReminder(state, deadline, dueAt)?.at;
    if (tickAt) pending.push({ deadline, dueAt, tickAt });
  }
  // By tick time, ties in the order above: an insertion sort of at most five, which allocates nothing
  // (`Array#sort` with a comparator allocated about 1 kB a call, on every tick).
  for (let index = 1; index < pending.length; index++) {
    const item = pending[index] as OverdueDeadline;
    let at = index - 1;
    while (at >= 0 && (pending[at] as OverdueDeadline).tickAt > item.tickAt) {
      pending[at + 1] = pending[at] as OverdueDeadline;
      at--;
    }
    pending[at + 1] = item;
  }
  return pending;
}

/** The last reminder of a deadline at a due time: scanned in a short list, looked up in an index in a long one. */
function lastReminder(
  reminders: readonly Reminder[],
  deadline: DeadlineKind,
  dueAt: Timestamp,
): Reminder | undefined {
  if (reminders.length < INDEX_FROM) {
    for (let index = reminders.length - 1; index >= 0; index--) {
      const reminder = reminders[index] as Reminder;
      if (reminder.deadline === deadline && reminder.dueAt === dueAt) return reminder;
    }
    return undefined;
  }
  return indexOf(remindersIndex, reminders).get(`${deadline}|${dueAt}`);
}

/**
 * Follows an incident from step to step and answers what `pendingDeadlinesOf(state)[0]` answers, recomputing only
 * the deadlines whose inputs a step changed (a posted internal update moves the internal-update deadline, not the
 * acknowledgement's): the in-process actor re-arms its timer with it after every step. Internal.
 *
 * @returns `next(state)`: the earliest pending deadline of `state`, or `undefined`
 */
export function deadlineTracker(): (state: IncidentState) => OverdueDeadline | undefined {
  let seen: IncidentState | undefined;
  const pending: (OverdueDeadline | null)[] = [null, null, null, null, null];
  // What each update deadline was computed from in the updates: the last update of its audience (and the first
  // public one). Kept here because the updates index moves to the newer array at each append.
  const lastSeen: (PostedUpdate | undefined)[] = [undefined, undefined, undefined, undefined, undefined];
  let firstExternal: PostedUpdate | undefined;
  return (state) => {
    const sameUpdates = seen !== undefined && seen.updates === state.updates;
    const firstPublic = sameUpdates ? firstExternal : firstExternalOf(state.updates);
    for (let kind = 0; kind < DEADLINE_ENTRIES.length; kind++) {
      const [deadline] = DEADLINE_ENTRIES[kind] as [DeadlineKind, keyof Deadlines];
      const audience = AUDIENCE_OF[deadline];
      const last = audience === undefined || sameUpdates ? lastSeen[kind] : lastOf(state.updates, audience);
      if (
        seen === undefined ||
        inputsChanged(deadline, seen, state) ||
        last !== lastSeen[kind] ||
        (deadline === 'external_update' && firstPublic !== firstExternal)
      ) {
        pending[kind] = pendingOf(state, deadline);
        lastSeen[kind] = last;
      }
    }
    firstExternal = firstPublic;
    seen = state;
    let first: OverdueDeadline | null = null;
    for (const entry of pending) if (entry && (!first || entry.tickAt < first.tickAt)) first = entry;
    return first ?? undefined;
  };
}

const AUDIENCE_OF: Readonly<Record<DeadlineKind, PostedUpdate['audience'] | undefined>> = {
  acknowledge: undefined,
  internal_update: 'internal',
  external_update: 'external',
  executive_summary: 'executive',
  postmortem: undefined,
};

/** Whether a step changed a field one deadline is computed from (the updates aside: see `deadlineTracker`). */
function inputsChanged(deadline: DeadlineKind, before: IncidentState, after: IncidentState): boolean {
  if (before.severity !== after.severity || before.settings !== after.settings) return true;
  if (deadline === 'acknowledge') return before.escalation !== after.escalation;
  if (before.status !== after.status || before.reminders !== after.reminders) return true;
  if (deadline === 'postmortem')
    return before.postmortem !== after.postmortem || before.resolution !== after.resolution;
  return (
    before.milestones !== after.milestones ||
    (deadline === 'external_update' && before.severityHistory !== after.severityHistory)
  );
}

/** One deadline of `state` as `pendingDeadlinesOf` lists it, or `null` when it is not pending. */
function pendingOf(state: IncidentState, deadline: DeadlineKind): OverdueDeadline | null {
  let dueAt: Timestamp | null;
  if (deadline === 'acknowledge') dueAt = ackDue(state);
  else if (deadline === 'postmortem') dueAt = postmortemDue(state);
  else dueAt = updateDue(state, AUDIENCE_OF[deadline] as PostedUpdate['audience']);
  if (dueAt === null) return null;
  const tickAt = deadline === 'acknowledge' ? dueAt : nextReminder(state, deadline, dueAt)?.at;
  return tickAt ? { deadline, dueAt, tickAt } : null;
}

/**
 * The next reminder of one update deadline: when it falls and its count, or `null` when the policy's cap is
 * reached (a postmortem: after one reminder). Internal.
 *
 * @param state - the incident
 * @param deadline - an update, summary or postmortem deadline
 * @param dueAt - its current due time
 * @returns the next reminder, or `null`
 */
export function nextReminder(
  state: IncidentState,
  deadline: DeadlineKind,
  dueAt: Timestamp,
): { readonly at: Timestamp; readonly count: number } | null {
  const last = lastReminder(state.reminders, deadline, dueAt);
  if (!last) return { at: dueAt, count: 1 };
  const { everyMinutes, max } = state.settings.policies[state.severity].updateReminders;
  if (deadline === 'postmortem' || everyMinutes === null || last.count >= max) return null;
  const at = addMinutesWithin(last.at, everyMinutes);
  return at === null ? null : { at, count: last.count + 1 };
}

/** The last update of each audience and the first public one, per updates array (see `internal/append-only`). */
interface UpdatesIndex {
  readonly last: { -readonly [A in PostedUpdate['audience']]?: PostedUpdate };
  firstExternal: PostedUpdate | undefined;
}

const updatesIndex = defineIndex<PostedUpdate, UpdatesIndex>(
  () => ({ last: {}, firstExternal: undefined }),
  (index, update) => {
    index.last[update.audience] = update;
    if (update.audience === 'external') index.firstExternal ??= update;
  },
);

/** The last reminder of each (deadline, due time), per reminders array. */
const remindersIndex = defineIndex<Reminder, Map<string, Reminder>>(
  () => new Map(),
  (index, reminder) => index.set(`${reminder.deadline}|${reminder.dueAt}`, reminder),
);

const UPDATES_INDEXES = [updatesIndex] as const;
const REMINDERS_INDEXES = [remindersIndex] as const;

/**
 * The updates with `update` appended (in place when the running replay owns the array). Internal.
 *
 * @param updates - the incident's updates
 * @param update - the new one
 * @param draft - the running replay's arrays, if any
 * @returns the new list
 */
export function appendUpdate(
  updates: readonly PostedUpdate[],
  update: PostedUpdate,
  draft: Draft | undefined,
): PostedUpdate[] {
  return append(updates, [update], draft, UPDATES_INDEXES);
}

/**
 * The reminders with `added` appended (in place when the running replay owns the array). Internal.
 *
 * @param reminders - the incident's reminders
 * @param added - the new ones
 * @param draft - the running replay's arrays, if any
 * @returns the new list
 */
export function appendReminders(
  reminders: readonly Reminder[],
  added: readonly Reminder[],
  draft: Draft | undefined,
): Reminder[] {
  return append(reminders, added, draft, REMINDERS_INDEXES);
}

function lastOf(
  updates: readonly PostedUpdate[],
  audience: PostedUpdate['audience'],
): PostedUpdate | undefined {
  // A short list is scanned from its end, without building an index for one look-up.
  if (updates.length < INDEX_FROM) {
    for (let index = updates.length - 1; index >= 0; index--) {
      const update = updates[index] as PostedUpdate;
      if (update.audience === audience) return update;
    }
    return undefined;
  }
  return indexOf(updatesIndex, updates).last[audience];
}

/** The first public update, if any. */
function firstExternalOf(updates: readonly PostedUpdate[]): PostedUpdate | undefined {
  if (updates.length < INDEX_FROM) return updates.find((update) => update.audience === 'external');
  return indexOf(updatesIndex, updates).firstExternal;
}

/**
 * Whether any public (status page) update was posted.
 *
 * @param updates - the incident's updates
 * @returns `true` once one was
 */
export function hasPublicUpdate(updates: readonly PostedUpdate[]): boolean {
  return firstExternalOf(updates) !== undefined;
}

function ackDue(state: IncidentState): Timestamp | null {
  if (!state.escalation.paging) return null;
  const wait = ackWaitMinutes(state);
  return wait === null ? null : addMinutesWithin(state.escalation.lastEscalatedAt, wait);
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
  return addMinutesWithin(last ? last.at : since, everyMinutes);
}

/**
 * Whether the incident is public: something was posted to the status page, or it was acknowledged while its
 * severity requires public communication. A public incident owes the status page updates until one says resolved,
 * and again once it is reopened after that.
 * Internal.
 *
 * @param state - the incident
 * @returns whether it is public
 */
export function isPublicIncident(state: IncidentState): boolean {
  return (
    hasPublicUpdate(state.updates) ||
    (state.milestones.acknowledgedAt !== undefined &&
      state.settings.policies[state.severity].publicCommunicationRequired)
  );
}

function externalDue(state: IncidentState, policy: SeverityPolicy): Timestamp | null {
  if (!WORKING.includes(state.status) && state.status !== 'resolved') return null;
  const first = firstExternalOf(state.updates);
  const last = lastOf(state.updates, 'external');
  if (!first || !last) {
    // Nothing posted yet: due within firstPostWithinMinutes of becoming public, never before acknowledgement; a
    // public incident resolved before its first post still owes one (saying it is resolved).
    const acknowledged = state.milestones.acknowledgedAt;
    if (!acknowledged || !policy.publicCommunicationRequired) return null;
    const since = publicSince(state) ?? acknowledged;
    return addMinutesWithin(latestOf([since, acknowledged]), policy.externalUpdates.firstPostWithinMinutes);
  }
  if (last.publicStatus === 'resolved') {
    // The status page says resolved. Reopened since, the incident is live again and the page must say so: due
    // within firstPostWithinMinutes of the reopening.
    const reopened = state.status === 'resolved' ? undefined : reopenedSince(state, last.at);
    return reopened === undefined
      ? null
      : addMinutesWithin(reopened, policy.externalUpdates.firstPostWithinMinutes);
  }
  if (last.nextUpdateAt) return last.nextUpdateAt;
  // The last post's time is read once, for both the interval and the due time (deadlines are recomputed whenever a
  // step changes what they depend on).
  const lastMs = toEpochMs(last.at);
  const minutesPublic = first === last ? 0 : (lastMs - toEpochMs(first.at)) / 60_000;
  return fromEpochMs(lastMs + getExternalUpdateInterval(policy, minutesPublic) * 60_000);
}

/** When the incident was last reopened, if that was at or after `since` (the timeline is in time order). */
function reopenedSince(state: IncidentState, since: Timestamp): Timestamp | undefined {
  if (state.reopenCount === 0) return undefined;
  for (let index = state.timeline.length - 1; index >= 0; index--) {
    const entry = state.timeline[index] as IncidentState['timeline'][number];
    if (entry.at < since) return undefined;
    if (entry.type === 'reopen') return entry.at;
  }
  return undefined;
}

/** When the incident first had a severity that requires public communication. */
function publicSince(state: IncidentState): Timestamp | undefined {
  return state.severityHistory.find(
    (entry) => state.settings.policies[entry.severity].publicCommunicationRequired,
  )?.at;
}
