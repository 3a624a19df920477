import type { IncidentEventInput, IncidentEventType, IncidentState } from 'incident-kit';
import { jane, ola, sam } from '../fixtures/seed';

/** A timestamp `minutes` after the incident's last accepted event. */
export function after(state: IncidentState, minutes = 1): string {
  return new Date(Date.parse(state.lastEventAt) + minutes * 60_000).toISOString();
}

/**
 * A well-formed event of `type` that the incident would accept if its status allows the type: later than the last
 * event, naming a role holder or mitigation that exists where one is needed.
 */
export function sampleEvent(type: IncidentEventType, state: IncidentState, minutes = 1): IncidentEventInput {
  const at = after(state, minutes);
  const holder = state.roles.find((entry) => entry.until === undefined);
  switch (type) {
    case 'acknowledge':
    case 'start_triage':
    case 'close':
    case 'tick':
      return { type, at, by: jane };
    case 'escalate':
      return { type, at, reason: 'manual' };
    case 'assess_impact':
      return {
        type,
        at,
        impact: { usersAffectedPercent: 30, degradation: 'partial_outage', coreFeatureAffected: true },
      };
    case 'set_severity':
      return { type, at, severity: 'SEV1', reason: 'Customer data exposed' };
    case 'assign_role':
      return { type, at, role: 'scribe', person: ola };
    case 'release_role':
      return { type, at, role: holder?.role ?? 'reporter', personId: holder?.person.id ?? sam.id };
    case 'hand_off_role':
      return { type, at, role: holder?.role ?? 'reporter', to: jane.id === holder?.person.id ? ola : jane };
    case 'start_mitigation':
      return { type, at, kind: 'rollback', description: 'Roll back the last deploy' };
    case 'record_mitigation_outcome':
      return { type, at, mitigationId: state.mitigations.at(-1)?.id ?? 'm1', outcome: 'succeeded' };
    case 'mark_mitigated':
      return { type, at, summary: 'Error rate at baseline' };
    case 'post_update':
      return { type, at, audience: 'external', publicStatus: 'identified', message: 'We found the cause' };
    case 'resolve':
      return { type, at, summary: 'Resolved', dataLoss: 'none' };
    case 'reopen':
      return { type, at, reason: 'Errors are back' };
    case 'cancel':
      return { type, at, reason: 'false_alarm' };
    case 'merge':
      return { type, at, into: 'INC-OTHER' };
    case 'start_postmortem':
      return { type, at, owner: jane };
    case 'complete_postmortem':
      return { type, at, link: 'https://wiki.example.com/pm/1', actionItems: [] };
    case 'add_note':
      return { type, at, text: 'Looking at the connection pool' };
  }
}
