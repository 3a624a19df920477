import { checkRoles } from '../roles/role-assignments';
import { compareSeverity } from '../severity/severity';
import type { IncidentState } from './incident-state';
import { ACTIVE_STATUSES, type IncidentStatus, TRANSITIONS } from './incident-status';

/**
 * Lists every way a state breaks the rules that `createIncident` and `applyEvent` always keep: the timeline is
 * numbered, ordered and starts with the declaration; the severity history starts with the initial level, only
 * records real changes, labels upgrades and downgrades right and ends at the current severity; milestones are in
 * order (detected ≤ acknowledged ≤ triaged ≤ mitigated ≤ resolved ≤ closed; nothing is triaged before it is
 * acknowledged) and match the status; a page is live only while the incident is active; no single-holder role has
 * two holders; event ids on the timeline are unique. The state must also agree with its own timeline and settings:
 * replaying the timeline's event types through `TRANSITIONS` ends at its status; each milestone is the time of the
 * entry that sets it (and reopening clears mitigation and resolution); there is one posted update per `post_update`
 * entry, one mitigation per `start_mitigation` and one reopen per `reopen`; a closed incident whose policy required
 * a postmortem has a completed one; a resolution's `postmortemRequired` is its severity's policy; the escalation
 * level is within `maxEscalationLevel` or the escalation policy's levels (and a live page has a level); every role
 * the policies require, the escalation policy pages or anyone holds is in the role catalog. `restoreIncident` refuses a state with any violation.
 *
 * @param state - an incident state
 * @returns the violations in words; empty when the state is sound
 * @example
 * checkIncidentInvariants(incident);
 * //=> []
 */
export function checkIncidentInvariants(state: IncidentState): string[] {
  const problems: string[] = [];
  const { timeline, severityHistory: history, milestones: m, status } = state;

  timeline.forEach((entry, index) => {
    if (entry.seq !== index + 1)
      problems.push(`timeline[${index}].seq is ${entry.seq}, expected ${index + 1}`);
    const previous = timeline[index - 1];
    if (previous && entry.at < previous.at)
      problems.push(`timeline[${index}] is earlier than the entry before it`);
  });
  if (timeline[0]?.type !== 'declared' || timeline[0]?.at !== m.detectedAt) {
    problems.push('timeline does not start with the declaration at detectedAt');
  }
  if (timeline.at(-1)?.at !== state.lastEventAt)
    problems.push('lastEventAt is not the time of the last timeline entry');

  history.forEach((entry, index) => {
    const previous = history[index - 1];
    if (!previous) {
      if (entry.change !== 'initial') problems.push('severityHistory[0] is not the initial severity');
      return;
    }
    if (entry.at < previous.at)
      problems.push(`severityHistory[${index}] is earlier than the entry before it`);
    const order = compareSeverity(entry.severity, previous.severity);
    const expected = order > 0 ? 'upgrade' : order < 0 ? 'downgrade' : 'no change';
    if (entry.change !== expected)
      problems.push(`severityHistory[${index}] says ${entry.change}, but it is ${expected}`);
  });
  if (history.at(-1)?.severity !== state.severity)
    problems.push('severity differs from the last severityHistory entry');

  const chain = [
    ['detectedAt', m.detectedAt],
    ['acknowledgedAt', m.acknowledgedAt],
    ['triagedAt', m.triagedAt],
    ['mitigatedAt', m.mitigatedAt],
    ['resolvedAt', m.resolvedAt],
    ['closedAt', m.closedAt],
  ] as const;
  let latest: readonly [string, string] | undefined;
  for (const [name, at] of chain) {
    if (at === undefined) continue;
    if (latest && at < latest[1]) problems.push(`${name} is earlier than ${latest[0]}`);
    latest = [name, at];
  }

  const needs = (ok: boolean, what: string) => {
    if (!ok) problems.push(`status ${status} but ${what}`);
  };
  const over = status === 'resolved' || status === 'postmortem' || status === 'closed';
  // Resolved or cancelled before anyone acknowledged (an alert that cleared itself, a false alarm) is fine, and so
  // is such an incident reopened.
  needs(
    status === 'detected'
      ? m.acknowledgedAt === undefined
      : m.acknowledgedAt !== undefined || over || status === 'cancelled' || state.reopenCount > 0,
    'acknowledgedAt does not match',
  );
  if (m.triagedAt !== undefined && m.acknowledgedAt === undefined)
    problems.push('triagedAt is set but the incident was never acknowledged');
  needs(!state.escalation.paging || ACTIVE_STATUSES.includes(status), 'a page is still live');
  needs(!over || (m.resolvedAt !== undefined && state.resolution !== null), 'no resolution is recorded');
  needs(
    over || status === 'cancelled' || (m.resolvedAt === undefined && state.resolution === null),
    'a resolution is recorded',
  );
  // A cancellation is recorded exactly when the incident is cancelled, at the time of its cancelledAt milestone (which
  // is checked against the timeline below).
  needs((status === 'cancelled') === (state.cancellation !== null), 'cancellation does not match');
  if (state.cancellation !== null && state.cancellation.at !== m.cancelledAt)
    problems.push(
      `cancellation.at is ${state.cancellation.at}, but cancelledAt is ${m.cancelledAt ?? 'unset'}`,
    );
  needs((status === 'closed') === (m.closedAt !== undefined), 'closedAt does not match');
  needs(status !== 'postmortem' || state.postmortem !== null, 'no postmortem is recorded');

  for (const conflict of checkRoles(
    state.roles,
    { requiredRoles: [], commanderMayActAsSme: true },
    {
      catalog: state.settings.roleCatalog,
    },
  ).conflicts) {
    problems.push(`role conflict: ${JSON.stringify(conflict)}`);
  }
  const ids = new Set<string>();
  for (const entry of timeline) {
    if (entry.eventId === undefined) {
      if (entry.eventDigest !== undefined)
        problems.push(`timeline entry ${entry.seq} has a digest but no eventId`);
      continue;
    }
    if (ids.has(entry.eventId)) problems.push(`event id "${entry.eventId}" appears twice on the timeline`);
    ids.add(entry.eventId);
  }
  checkAgainstTimeline(state, problems);
  checkAgainstSettings(state, problems);
  return problems;
}

type Milestones = IncidentState['milestones'];

/**
 * Replays the timeline's event types as `applyEvent` moves the status and sets milestones, and compares the result
 * with what the state says: a stored incident whose fields were edited apart from its timeline is refused.
 */
function checkAgainstTimeline(state: IncidentState, problems: string[]): void {
  let status: IncidentStatus = 'detected';
  const derived: { -readonly [K in keyof Milestones]: Milestones[K] } = {
    detectedAt: state.milestones.detectedAt,
  };
  let reopens = 0;
  let updates = 0;
  let mitigations = 0;
  state.timeline.forEach((entry, index) => {
    if (index === 0) return;
    if (entry.type === 'declared') {
      problems.push(`timeline[${index}] is a second declaration`);
      return;
    }
    const targets = TRANSITIONS[status];
    if (!Object.hasOwn(targets, entry.type)) {
      problems.push(`timeline[${index}] is a ${entry.type}, which is not accepted while ${status}`);
      return;
    }
    switch (entry.type) {
      case 'acknowledge':
        if (status === 'detected') derived.acknowledgedAt = entry.at;
        break;
      case 'mark_mitigated':
        derived.mitigatedAt = entry.at;
        break;
      case 'resolve':
        derived.resolvedAt = entry.at;
        // A fix mitigates; self-healed and resolved-at-source record no mitigation. Only the last resolve is
        // still known (its kind is the resolution's), as reopening clears the milestones of earlier ones.
        if (derived.mitigatedAt === undefined && state.resolution?.kind === 'fixed')
          derived.mitigatedAt = entry.at;
        break;
      case 'reopen':
        derived.mitigatedAt = undefined;
        derived.resolvedAt = undefined;
        reopens += 1;
        break;
      case 'cancel':
      case 'merge':
        derived.cancelledAt = entry.at;
        break;
      case 'start_postmortem':
        derived.postmortemStartedAt = entry.at;
        break;
      case 'complete_postmortem':
        derived.postmortemCompletedAt = entry.at;
        break;
      case 'close':
        derived.closedAt = entry.at;
        break;
      case 'post_update':
        updates += 1;
        break;
      case 'start_mitigation':
        mitigations += 1;
        break;
    }
    status = targets[entry.type] ?? status;
  });
  if (status !== state.status)
    problems.push(`status is ${state.status}, but the timeline leads to ${status}`);
  const m = state.milestones;
  for (const key of [
    'acknowledgedAt',
    'mitigatedAt',
    'resolvedAt',
    'postmortemStartedAt',
    'postmortemCompletedAt',
    'closedAt',
    'cancelledAt',
  ] as const) {
    if (m[key] !== derived[key])
      problems.push(
        `milestones.${key} is ${m[key] ?? 'unset'}, but the timeline says ${derived[key] ?? 'unset'}`,
      );
  }
  if (state.reopenCount !== reopens)
    problems.push(`reopenCount is ${state.reopenCount}, but the timeline has ${reopens} reopen(s)`);
  if (state.updates.length !== updates)
    problems.push(
      `${state.updates.length} update(s) are recorded, but the timeline has ${updates} post_update(s)`,
    );
  if (state.mitigations.length !== mitigations)
    problems.push(
      `${state.mitigations.length} mitigation(s) are recorded, but the timeline started ${mitigations}`,
    );
}

/** The state against its own settings: escalation levels, the postmortem its policy requires, the role catalog. */
function checkAgainstSettings(state: IncidentState, problems: string[]): void {
  const { settings, escalation, resolution } = state;
  // Under an escalation policy its levels bound the escalation; otherwise maxEscalationLevel does.
  const escalationPolicy = settings.escalationPolicy;
  const maxLevel = escalationPolicy ? escalationPolicy.levels.length : settings.maxEscalationLevel;
  if (escalation.level > maxLevel)
    problems.push(
      escalationPolicy
        ? `escalation level ${escalation.level} is beyond the ${maxLevel} levels of escalation policy ${escalationPolicy.id}`
        : `escalation level ${escalation.level} is beyond maxEscalationLevel ${maxLevel}`,
    );
  if (escalation.paging && escalation.level < 1) problems.push('a page is live at escalation level 0');
  const policy = settings.policies[state.severity];
  if (resolution !== null && resolution.postmortemRequired !== policy.postmortem.required)
    problems.push(
      `resolution.postmortemRequired is ${resolution.postmortemRequired}, but the ${state.severity} policy says ${policy.postmortem.required}`,
    );
  if (
    state.status === 'closed' &&
    resolution?.postmortemRequired &&
    state.postmortem?.completedAt === undefined
  )
    problems.push(`closed, but the postmortem its ${state.severity} policy requires is not complete`);
  const known = new Set(settings.roleCatalog.map((role) => role.id));
  for (const [severity, each] of Object.entries(settings.policies)) {
    for (const role of each.requiredRoles) {
      if (!known.has(role))
        problems.push(`the ${severity} policy requires role "${role}", which the role catalog lacks`);
    }
  }
  for (const level of escalationPolicy?.levels ?? []) {
    for (const target of level.targets) {
      if (target.type === 'role' && !known.has(target.role))
        problems.push(`the escalation policy pages role "${target.role}", which the role catalog lacks`);
    }
  }
}
