import type { SeverityPolicy } from '../severity/severity-policy';
import type { IncidentState } from './incident-state';
import { requireStateFields } from './state-guard';

/**
 * The severity policy in force for an incident: its current severity's policy from the incident's own settings
 * (the table it was declared with, overrides included), not the library defaults. Deadlines, reminders, paging and
 * required roles all follow it.
 *
 * @param state - the incident
 * @returns the policy of its current severity
 * @throws {IncidentKitError} `invalid_input` when the severity or settings are not an incident's
 * @example
 * // declared with settings: { policies: defineSeverityPolicies({ SEV2: { internalUpdateEveryMinutes: 20 } }) }
 * getIncidentPolicy(incident).internalUpdateEveryMinutes;
 * //=> 20
 */
export function getIncidentPolicy(state: Pick<IncidentState, 'severity' | 'settings'>): SeverityPolicy {
  const { severity, settings } = requireStateFields(state, ['severity', 'settings']);
  return settings.policies[severity];
}
