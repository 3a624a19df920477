// Shapes the lifecycle is changing in parallel (the alert kept on an incident, the new effect fields, the `resolve`
// event's `kind`). They are declared here, exactly as agreed, so the integrations can be built and tested against
// them now; each is marked for replacement by the lifecycle's own schema once both branches are merged.
import { z } from 'zod';
import { type Result, safeParseInput } from '../errors';
import { AlertSeveritySchema, type IncidentDeclaration } from '../lifecycle/create-incident';
import { DeadlineKindSchema, IncidentEffectSchema } from '../lifecycle/incident-effect';
import { type IncidentEventInput, UpdateAudienceSchema } from '../lifecycle/incident-event';
import type { IncidentState } from '../lifecycle/incident-state';
import { TimestampSchema } from '../time/timestamp';

const text = z.string().trim().min(1, 'Must not be empty');

// CONTRACT(issue-10): replace with the lifecycle's own schema after merge (`IncidentAlertSchema`).
/**
 * The alert an incident was opened from, as the lifecycle keeps it: name, severity, summary and description, where
 * it came from, its labels and annotations, the keys that identify it at its source (Alertmanager `fingerprint` and
 * `groupKey`, PagerDuty `dedup_key`), when it started firing, and links (generator, runbook, dashboards).
 *
 * @example
 * ContractAlertSchema.parse({ name: 'InstanceDown', severity: 'critical', startsAt: '2026-11-27T17:48:36.738221557Z' })
 *   .startsAt;
 * //=> '2026-11-27T17:48:36.738Z'
 */
export const ContractAlertSchema = z.strictObject({
  name: text,
  severity: AlertSeveritySchema,
  summary: text.optional(),
  description: text.optional(),
  /** `'alertmanager'`, `'grafana'`, `'pagerduty'` or any string the host chooses. */
  source: z.string().optional(),
  labels: z.record(z.string(), z.string()).optional(),
  annotations: z.record(z.string(), z.string()).optional(),
  /** The Alertmanager or Grafana fingerprint of the alert. */
  fingerprint: z.string().optional(),
  /** The Alertmanager `groupKey` of the notification. */
  groupKey: z.string().optional(),
  /** The PagerDuty `dedup_key` (incident key) that identifies this alert's incident at the pager. */
  dedupKey: z.string().optional(),
  /** When the alert started firing. */
  startsAt: TimestampSchema.optional(),
  links: z.array(z.strictObject({ href: z.url(), text: z.string().optional() })).optional(),
});

// CONTRACT(issue-10): replace with the lifecycle's own type after merge (`IncidentAlert`).
/**
 * An alert kept on an incident.
 *
 * @example
 * const alert: ContractAlert = { name: 'InstanceDown', severity: 'critical' };
 * alert.severity;
 * //=> 'critical'
 */
export type ContractAlert = z.output<typeof ContractAlertSchema>;

// CONTRACT(issue-10): replace with `IncidentDeclaration` after merge (its `alert` accepts the extended alert and it
// gains `ackDeadlineFrom`).
/**
 * A declaration whose alert carries the extended fields (description, annotations, keys, start time, links).
 *
 * @example
 * const declaration: ContractDeclaration = { id: 'INC-1', at: '2024-01-15T14:20:00Z',
 *   alert: { name: 'AuthErrorRate', severity: 'critical', groupKey: '{}:{alertname="AuthErrorRate"}' } };
 * declaration.alert?.groupKey;
 * //=> '{}:{alertname="AuthErrorRate"}'
 */
export type ContractDeclaration = Omit<IncidentDeclaration, 'alert'> & {
  alert?: z.input<typeof ContractAlertSchema>;
  ackDeadlineFrom?: 'declared' | 'alert_started';
};

// CONTRACT(issue-10): replace with `IncidentState` after merge (it gains `alert: IncidentAlert | null`).
/**
 * An incident state that may carry the alert it was opened from.
 *
 * @example
 * const alertOf = (state: ContractIncidentState) => state.alert?.name ?? null;
 * typeof alertOf;
 * //=> 'function'
 */
export type ContractIncidentState = IncidentState & { readonly alert?: ContractAlert | null };

// CONTRACT(issue-10): replace with `IncidentEventInput` after merge (`resolve` gains `kind`, `summary` is only
// required for `'fixed'`).
/**
 * An event the intake suggests: any incident event, or a `resolve` of kind `resolved_at_source` (the alert
 * resolved itself at its source).
 *
 * @example
 * const event: ContractEventInput = { type: 'resolve', kind: 'resolved_at_source', at: '2024-01-15T15:00:00Z' };
 * event.type;
 * //=> 'resolve'
 */
export type ContractEventInput =
  | IncidentEventInput
  | {
      type: 'resolve';
      kind: 'fixed' | 'self_healed' | 'resolved_at_source';
      at: string;
      id?: string;
      summary?: string;
    };

const CHANGED = ['page', 'stop_paging', 'post_initial_status', 'remind_update'] as const;
type EffectOption = (typeof IncidentEffectSchema.options)[number];
type UnchangedOption = Exclude<EffectOption, { shape: { type: z.ZodLiteral<(typeof CHANGED)[number]> } }>;
const others = IncidentEffectSchema.options.filter(
  (option): option is UnchangedOption => !(CHANGED as readonly string[]).includes(option.shape.type.value),
);

// CONTRACT(issue-10): replace with `IncidentEffectSchema` after merge.
/**
 * The effects of a step, as agreed for the lifecycle: `page` (with `loop`), `stop_paging` (with `reason`),
 * `post_initial_status` (public or not, audiences, first public deadline), `post_resolved_status`, `remind_update`
 * (with `count`), and the other effects unchanged. `page` tolerates extra fields (escalation targets come later).
 *
 * @example
 * ContractEffectSchema.parse({ type: 'stop_paging', reason: 'acknowledged' }).type;
 * //=> 'stop_paging'
 */
export const ContractEffectSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('page'),
    level: z.number().int().min(1),
    urgency: z.enum(['high_urgency', 'low_urgency']),
    reason: z.enum(['declared', 'ack_timeout', 'manual', 'reopened', 'renotify']),
    loop: z.number().int().min(0),
  }),
  z.strictObject({
    type: z.literal('stop_paging'),
    reason: z.enum(['acknowledged', 'resolved', 'cancelled', 'merged']),
  }),
  z.strictObject({
    type: z.literal('post_initial_status'),
    publicPostRequired: z.boolean(),
    audiences: z.array(UpdateAudienceSchema),
    dueAt: TimestampSchema.nullable(),
  }),
  z.strictObject({ type: z.literal('post_resolved_status'), dueAt: TimestampSchema }),
  z.strictObject({
    type: z.literal('remind_update'),
    deadline: DeadlineKindSchema,
    dueAt: TimestampSchema,
    count: z.number().int().min(1),
  }),
  ...others,
]);

// CONTRACT(issue-10): replace with `IncidentEffect` after merge.
/**
 * An effect as agreed for the lifecycle.
 *
 * @example
 * const effect: ContractEffect = { type: 'page', level: 1, urgency: 'high_urgency', reason: 'declared', loop: 0 };
 * effect.loop;
 * //=> 0
 */
export type ContractEffect = z.output<typeof ContractEffectSchema>;

// CONTRACT(issue-10): delete after merge, with its call in plan-outbound.ts: the lifecycle then emits the agreed
// shapes and `ContractEffectSchema` alone checks them.
/**
 * Reads an effect in the agreed shape, or in the shape the lifecycle emits before the change (no `loop`, no
 * `stop_paging.reason`, an empty `post_initial_status`, no reminder `count`), filling the new fields from the state.
 */
export function normaliseEffect(effect: unknown, state: IncidentState): Result<ContractEffect> {
  const agreed = safeParseInput(ContractEffectSchema, effect, 'effect');
  if (agreed.ok) return agreed;
  const current = IncidentEffectSchema.safeParse(effect);
  if (!current.success) return agreed;
  const value = current.data;
  const policy = state.settings.policies[state.severity];
  switch (value.type) {
    case 'page':
      return { ok: true, value: { ...value, loop: 0 } };
    case 'stop_paging':
      return {
        ok: true,
        value: {
          type: 'stop_paging',
          reason:
            state.status === 'cancelled'
              ? state.cancellation?.reason === 'merged'
                ? 'merged'
                : 'cancelled'
              : ['resolved', 'postmortem', 'closed'].includes(state.status)
                ? 'resolved'
                : 'acknowledged',
        },
      };
    case 'post_initial_status':
      return {
        ok: true,
        value: {
          type: 'post_initial_status',
          publicPostRequired: policy.publicCommunicationRequired,
          audiences: policy.publicCommunicationRequired ? ['internal', 'external'] : ['internal'],
          dueAt: null,
        },
      };
    case 'remind_update':
      return { ok: true, value: { ...value, count: 1 } };
    default:
      return { ok: true, value };
  }
}
