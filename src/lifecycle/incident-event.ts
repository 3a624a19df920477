import * as z from 'zod';
import { PersonSchema } from '../roles/person';
import { RoleIdSchema } from '../roles/role-catalog';
import { ImpactAssessmentSchema } from '../severity/impact-assessment';
import { SeveritySchema } from '../severity/severity';
import { TimestampSchema } from '../time/timestamp';
import { MitigationKindSchema } from './mitigation';

const text = z.string().trim().min(1, 'Must not be empty');

/** Fields every event carries: when it happened, who did it, and an optional id for idempotent delivery. */
const base = {
  /** When it happened (not when it was received). Must not be earlier than the last accepted event. */
  at: TimestampSchema,
  /** Who did it. */
  by: PersonSchema.optional(),
  /**
   * An idempotency key (the chat message id, the webhook delivery id): an event whose id was already applied with the
   * same content (`at` aside) is a duplicate and changes nothing; with other content it is refused
   * (`event_id_conflict`).
   */
  id: z.string().min(1).max(200).optional(),
};

/**
 * The public statuses of a status-page incident (Atlassian Statuspage vocabulary).
 *
 * @example
 * PublicStatusSchema.options;
 * //=> ['investigating', 'identified', 'monitoring', 'resolved']
 */
export const PublicStatusSchema = z.enum(['investigating', 'identified', 'monitoring', 'resolved']);

/**
 * A public status.
 *
 * @example
 * const status: PublicStatus = 'identified';
 * status;
 * //=> 'identified'
 */
export type PublicStatus = z.infer<typeof PublicStatusSchema>;

/**
 * Who an update is for: the incident channel (`internal`), the status page and support (`external`), or leadership
 * (`executive`).
 *
 * @example
 * UpdateAudienceSchema.options;
 * //=> ['internal', 'external', 'executive']
 */
export const UpdateAudienceSchema = z.enum(['internal', 'external', 'executive']);

/**
 * An update audience.
 *
 * @example
 * const audience: UpdateAudience = 'external';
 * audience;
 * //=> 'external'
 */
export type UpdateAudience = z.infer<typeof UpdateAudienceSchema>;

/**
 * Whether data was lost, as a resolution must state plainly.
 *
 * @example
 * DataLossSchema.options;
 * //=> ['none', 'some', 'unknown']
 */
export const DataLossSchema = z.enum(['none', 'some', 'unknown']);

/**
 * How an incident was resolved: `fixed` by the responders (the default; a `summary` is required), `self_healed` (it
 * recovered without intervention) or `resolved_at_source` (the alert source resolved it, e.g. Alertmanager sent
 * `resolved`). The last two need no summary and record no mitigation.
 *
 * @example
 * ResolutionKindSchema.options;
 * //=> ['fixed', 'self_healed', 'resolved_at_source']
 */
export const ResolutionKindSchema = z.enum(['fixed', 'self_healed', 'resolved_at_source']);

/**
 * A resolution kind.
 *
 * @example
 * const kind: ResolutionKind = 'self_healed';
 * kind;
 * //=> 'self_healed'
 */
export type ResolutionKind = z.infer<typeof ResolutionKindSchema>;

/**
 * An action item from a postmortem.
 *
 * @example
 * ActionItemSchema.parse({ title: 'Alert on pool saturation' }).title;
 * //=> 'Alert on pool saturation'
 */
export const ActionItemSchema = z.strictObject({
  title: text,
  owner: PersonSchema.optional(),
  due: TimestampSchema.optional(),
  link: z.url().optional(),
});

/**
 * Everything that can happen to an incident, as a discriminated union on `type`. Each event carries `at`, usually
 * `by`, and optionally an `id` for idempotent delivery.
 *
 * | type | payload |
 * | --- | --- |
 * | `acknowledge` | — |
 * | `escalate` | `reason`: `ack_timeout` or `manual` |
 * | `start_triage` | — |
 * | `assess_impact` | `impact` (re-classifies severity) |
 * | `set_severity` | `severity`, `reason` (required to downgrade) |
 * | `assign_role`, `release_role`, `hand_off_role` | `role`, `person` / `personId` / `to` (+ `from`, `note`) |
 * | `start_mitigation` | `kind`, `description`, optional `mitigationId` |
 * | `record_mitigation_outcome` | `mitigationId`, `outcome`, `note` |
 * | `mark_mitigated` | optional `summary` |
 * | `post_update` | `audience`, `publicStatus` (external), `message`, `nextUpdateInMinutes` |
 * | `resolve` | `kind` (`fixed` by default, `self_healed`, `resolved_at_source`), `summary` (required when fixed), `rootCause`, `fix`, `dataLoss` |
 * | `reopen` | `reason` |
 * | `cancel` | `reason`, `note` |
 * | `merge` | `into` (another incident's id) |
 * | `start_postmortem` | `owner` |
 * | `complete_postmortem` | `link`, `actionItems` |
 * | `close` | — |
 * | `add_note` | `text` |
 * | `tick` | — (the host's clock: checks deadlines at `at`) |
 *
 * @example
 * IncidentEventSchema.parse({ type: 'acknowledge', at: '2024-01-15T14:22:00Z', by: { id: 'jane', name: 'Jane Smith' } }).at;
 * //=> '2024-01-15T14:22:00.000Z'
 */
export const IncidentEventSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('acknowledge'), ...base }),
  z.strictObject({
    type: z.literal('escalate'),
    ...base,
    reason: z.enum(['ack_timeout', 'manual']).default('manual'),
  }),
  z.strictObject({ type: z.literal('start_triage'), ...base }),
  z.strictObject({ type: z.literal('assess_impact'), ...base, impact: ImpactAssessmentSchema }),
  z.strictObject({
    type: z.literal('set_severity'),
    ...base,
    severity: SeveritySchema,
    reason: text.optional(),
  }),
  z.strictObject({ type: z.literal('assign_role'), ...base, role: RoleIdSchema, person: PersonSchema }),
  z.strictObject({ type: z.literal('release_role'), ...base, role: RoleIdSchema, personId: text }),
  z.strictObject({
    type: z.literal('hand_off_role'),
    ...base,
    role: RoleIdSchema,
    to: PersonSchema,
    from: text.optional(),
    note: text.optional(),
  }),
  z.strictObject({
    type: z.literal('start_mitigation'),
    ...base,
    kind: MitigationKindSchema,
    description: text,
    mitigationId: text.optional(),
  }),
  z.strictObject({
    type: z.literal('record_mitigation_outcome'),
    ...base,
    mitigationId: text,
    outcome: z.enum(['succeeded', 'partial', 'failed']),
    note: text.optional(),
  }),
  z.strictObject({ type: z.literal('mark_mitigated'), ...base, summary: text.optional() }),
  z
    .strictObject({
      type: z.literal('post_update'),
      ...base,
      audience: UpdateAudienceSchema,
      publicStatus: PublicStatusSchema.optional(),
      message: z.string().optional(),
      nextUpdateInMinutes: z.number().positive().max(10_080).optional(),
    })
    .refine((update) => update.audience !== 'external' || update.publicStatus !== undefined, {
      message: 'An external update needs a publicStatus (investigating, identified, monitoring or resolved)',
      path: ['publicStatus'],
    }),
  z
    .strictObject({
      type: z.literal('resolve'),
      ...base,
      kind: ResolutionKindSchema.default('fixed'),
      summary: text.optional(),
      rootCause: text.optional(),
      fix: text.optional(),
      dataLoss: DataLossSchema.optional(),
    })
    .refine((resolve) => resolve.kind !== 'fixed' || resolve.summary !== undefined, {
      message: 'A fixed incident needs a summary (or give kind self_healed or resolved_at_source)',
      path: ['summary'],
    }),
  z.strictObject({ type: z.literal('reopen'), ...base, reason: text }),
  z.strictObject({
    type: z.literal('cancel'),
    ...base,
    reason: z.enum(['false_alarm', 'declined', 'duplicate', 'other']),
    note: text.optional(),
  }),
  z.strictObject({ type: z.literal('merge'), ...base, into: text }),
  z.strictObject({ type: z.literal('start_postmortem'), ...base, owner: PersonSchema }),
  z.strictObject({
    type: z.literal('complete_postmortem'),
    ...base,
    link: z.url(),
    actionItems: z.array(ActionItemSchema).default([]),
  }),
  z.strictObject({ type: z.literal('close'), ...base }),
  z.strictObject({ type: z.literal('add_note'), ...base, text }),
  z.strictObject({ type: z.literal('tick'), ...base }),
]);

/**
 * A validated incident event.
 *
 * @example
 * const event: IncidentEvent = { type: 'add_note', at: '2024-01-15T14:40:00.000Z', text: 'DBA is on it' };
 * event.type;
 * //=> 'add_note'
 */
export type IncidentEvent = z.output<typeof IncidentEventSchema>;

/**
 * What callers may send as an event (timestamps with any offset, defaults optional).
 *
 * @example
 * const event: IncidentEventInput = { type: 'tick', at: '2024-01-15T16:30:00+02:00' };
 * event.type;
 * //=> 'tick'
 */
export type IncidentEventInput = z.input<typeof IncidentEventSchema>;

/**
 * Every event type.
 *
 * @example
 * EVENT_TYPES.includes('resolve');
 * //=> true
 */
export const EVENT_TYPES = IncidentEventSchema.options.map(
  (option) => option.shape.type.value,
) as readonly IncidentEventType[];

/**
 * An event type, e.g. `'acknowledge'`.
 *
 * @example
 * const type: IncidentEventType = 'merge';
 * type;
 * //=> 'merge'
 */
export type IncidentEventType = IncidentEvent['type'];
