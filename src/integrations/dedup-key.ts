import type { ContractIncidentState } from './contract';
import { derivedKey } from './internal/hash';

/** PagerDuty's limit for `dedup_key` (Events API v2); Opsgenie's `alias` allows 512. */
const MAX = 255;

/**
 * The key that identifies an incident at the pager, the same for its trigger, acknowledgement and resolution: the
 * alert's dedup key when the incident was opened from an alert (so a PagerDuty webhook about it finds it again),
 * else `incident-kit:<incident id>`; a key over 255 characters is replaced by a stable hash of it. Used as the
 * PagerDuty `dedup_key` and the Opsgenie `alias`.
 *
 * @param state - the incident
 * @returns the key, at most 255 characters
 * @example
 * incidentDedupKey(incident);
 * //=> 'incident-kit:INC-1'
 */
export function incidentDedupKey(state: Pick<ContractIncidentState, 'id' | 'alert'>): string {
  const fromAlert = state.alert?.dedupKey?.trim();
  const key = fromAlert ? fromAlert : `incident-kit:${state.id}`;
  return key.length <= MAX ? key : derivedKey('incident-kit', [key]);
}
