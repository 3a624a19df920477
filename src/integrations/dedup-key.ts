import type { IncidentState } from '../lifecycle/incident-state';
import { requireStateFields } from '../lifecycle/state-guard';
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
 * @throws {IncidentKitError} `invalid_input` when `id` or `alert` is not an incident's
 * @example
 * incidentDedupKey(incident);
 * //=> 'incident-kit:INC-1'
 */
export function incidentDedupKey(state: Pick<IncidentState, 'id' | 'alert'>): string {
  const { id, alert } = requireStateFields(state, ['id', 'alert']);
  const fromAlert = alert?.dedupKey?.trim();
  const key = fromAlert ? fromAlert : `incident-kit:${id}`;
  return key.length <= MAX ? key : derivedKey('incident-kit', [key]);
}
