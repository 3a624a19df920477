import * as z from 'zod';
import type { IncidentEventType } from './incident-event';

/**
 * Where an incident is in its life. `closed` and `cancelled` (false alarm, declined, duplicate or merged) are final.
 *
 * @example
 * IncidentStatusSchema.options.at(-1);
 * //=> 'cancelled'
 */
export const IncidentStatusSchema = z.enum([
  'detected',
  'acknowledged',
  'triaging',
  'mitigating',
  'monitoring',
  'resolved',
  'postmortem',
  'closed',
  'cancelled',
]);

/**
 * A lifecycle status.
 *
 * @example
 * const status: IncidentStatus = 'mitigating';
 * status;
 * //=> 'mitigating'
 */
export type IncidentStatus = z.infer<typeof IncidentStatusSchema>;

/**
 * Every status, in lifecycle order.
 *
 * @example
 * INCIDENT_STATUSES[0];
 * //=> 'detected'
 */
export const INCIDENT_STATUSES = IncidentStatusSchema.options;

/**
 * The statuses in which the incident is still being worked (severity, roles and escalation may change).
 *
 * @example
 * ACTIVE_STATUSES.includes('monitoring');
 * //=> true
 */
export const ACTIVE_STATUSES: readonly IncidentStatus[] = [
  'detected',
  'acknowledged',
  'triaging',
  'mitigating',
  'monitoring',
];

/**
 * The events one status accepts and where each leads; `null`: the event is allowed and the status stays.
 *
 * @example
 * const targets: TransitionTargets = { acknowledge: 'acknowledged', add_note: null };
 * targets.add_note;
 * //=> null
 */
export type TransitionTargets = Partial<Record<IncidentEventType, IncidentStatus | null>>;

const whileActive: TransitionTargets = {
  escalate: null,
  assess_impact: null,
  set_severity: null,
  assign_role: null,
  release_role: null,
  hand_off_role: null,
  post_update: null,
  add_note: null,
  tick: null,
  cancel: 'cancelled',
  merge: 'cancelled',
};

/**
 * The transition table: for each status, the events it accepts and the status each leads to (`null`: stays).
 * Both `applyEvent` and `incidentMachine` are built from this one table, so they cannot disagree about it.
 *
 * Responders skip steps in chat, so the table accepts the common skips and the step records what they imply:
 * from `acknowledged`, assessing impact or setting the severity starts triage; starting a mitigation or marking the
 * incident mitigated implies triage (both are recorded at the event's time); `resolve` is accepted from every
 * working status and from `detected` (an alert that resolved itself before anyone acknowledged). `acknowledge`
 * while worked on stops a live page (after an escalation by hand or a reopen) and is otherwise a quiet no-op.
 *
 * @example
 * TRANSITIONS.acknowledged.start_mitigation;
 * //=> 'mitigating'
 */
export const TRANSITIONS: Readonly<Record<IncidentStatus, Readonly<TransitionTargets>>> = {
  detected: { ...whileActive, acknowledge: 'acknowledged', resolve: 'resolved' },
  acknowledged: {
    ...whileActive,
    acknowledge: null,
    start_triage: 'triaging',
    assess_impact: 'triaging',
    set_severity: 'triaging',
    start_mitigation: 'mitigating',
    mark_mitigated: 'monitoring',
    resolve: 'resolved',
  },
  triaging: {
    ...whileActive,
    acknowledge: null,
    start_mitigation: 'mitigating',
    mark_mitigated: 'monitoring',
    resolve: 'resolved',
  },
  mitigating: {
    ...whileActive,
    acknowledge: null,
    start_mitigation: null,
    record_mitigation_outcome: null,
    mark_mitigated: 'monitoring',
    resolve: 'resolved',
  },
  monitoring: {
    ...whileActive,
    acknowledge: null,
    start_mitigation: 'mitigating',
    record_mitigation_outcome: null,
    resolve: 'resolved',
    reopen: 'mitigating',
  },
  resolved: {
    post_update: null,
    add_note: null,
    tick: null,
    reopen: 'mitigating',
    start_postmortem: 'postmortem',
    close: 'closed',
  },
  postmortem: { post_update: null, add_note: null, tick: null, complete_postmortem: null, close: 'closed' },
  closed: {},
  cancelled: {},
};
