import { checkRoles } from '../roles/role-assignments';
import { compareSeverity } from '../severity/severity';
import type { IncidentState } from './incident-state';
import { ACTIVE_STATUSES } from './incident-status';

/**
 * Lists every way a state breaks the rules that `createIncident` and `applyEvent` always keep: the timeline is
 * numbered, ordered and starts with the declaration; the severity history starts with the initial level, only
 * records real changes, labels upgrades and downgrades right and ends at the current severity; milestones are in
 * order (detected ≤ acknowledged ≤ triaged ≤ mitigated ≤ resolved ≤ closed; nothing is triaged before it is
 * acknowledged) and match the status; a page is live only while the incident is active; no single-holder role has
 * two holders; event ids on the timeline are unique. `restoreIncident` refuses a state with any violation.
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
  needs(
    (status === 'cancelled') === (state.cancellation !== null && m.cancelledAt !== undefined),
    'cancellation does not match',
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
  return problems;
}
