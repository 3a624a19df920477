import { z } from 'zod';
import { PersonSchema } from '../roles/person';
import { RoleIdSchema } from '../roles/role-catalog';
import { SeveritySchema } from '../severity/severity';
import { TimestampSchema } from '../time/timestamp';
import { IncidentStatusSchema } from './incident-status';

/**
 * Deadlines an incident can have (see `getDeadlines`).
 *
 * @example
 * DeadlineKindSchema.options[0];
 * //=> 'acknowledge'
 */
export const DeadlineKindSchema = z.enum([
  'acknowledge',
  'internal_update',
  'external_update',
  'executive_summary',
  'postmortem',
]);

/**
 * A deadline kind.
 *
 * @example
 * const kind: DeadlineKind = 'external_update';
 * kind;
 * //=> 'external_update'
 */
export type DeadlineKind = z.infer<typeof DeadlineKindSchema>;

/**
 * Something the host should do because of a step: effects are data, returned from every step and emitted by the
 * actor, never performed by the library.
 *
 * | type | when |
 * | --- | --- |
 * | `page` | declared (level 1), ack deadline passed or escalated by hand (next level), reopened |
 * | `stop_paging` | acknowledged |
 * | `page_additional_responders` | the severity requires it (SEV1/SEV2 by default), at declaration or on upgrade |
 * | `open_channel` | acknowledged: the suggested channel name |
 * | `post_initial_status` | acknowledged |
 * | `request_roles` | required roles nobody holds (after acknowledgement, and whenever that set grows) |
 * | `remind_update` | a tick finds an update, summary or postmortem overdue |
 * | `announce_severity_change` | the severity changed |
 * | `announce_handoff` | a role was handed off |
 * | `schedule_postmortem` | resolved with a required postmortem |
 * | `announce_status` | the lifecycle status changed |
 *
 * @example
 * IncidentEffectSchema.parse({ type: 'stop_paging' }).type;
 * //=> 'stop_paging'
 */
export const IncidentEffectSchema = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('page'),
    level: z.number().int().min(1),
    urgency: z.enum(['high_urgency', 'low_urgency']),
    reason: z.enum(['declared', 'ack_timeout', 'manual', 'reopened']),
  }),
  z.strictObject({ type: z.literal('stop_paging') }),
  z.strictObject({ type: z.literal('page_additional_responders'), severity: SeveritySchema }),
  z.strictObject({ type: z.literal('open_channel'), name: z.string() }),
  z.strictObject({ type: z.literal('post_initial_status') }),
  z.strictObject({ type: z.literal('request_roles'), roles: z.array(RoleIdSchema) }),
  z.strictObject({
    type: z.literal('remind_update'),
    deadline: DeadlineKindSchema,
    dueAt: TimestampSchema,
  }),
  z.strictObject({
    type: z.literal('announce_severity_change'),
    from: SeveritySchema,
    to: SeveritySchema,
    reason: z.string(),
  }),
  z.strictObject({
    type: z.literal('announce_handoff'),
    role: RoleIdSchema,
    from: PersonSchema,
    to: PersonSchema,
  }),
  z.strictObject({
    type: z.literal('schedule_postmortem'),
    dueAt: TimestampSchema.nullable(),
  }),
  z.strictObject({
    type: z.literal('announce_status'),
    from: IncidentStatusSchema,
    to: IncidentStatusSchema,
  }),
]);

/**
 * An effect.
 *
 * @example
 * const effect: IncidentEffect = { type: 'request_roles', roles: ['incident_commander'] };
 * effect.type;
 * //=> 'request_roles'
 */
export type IncidentEffect = z.infer<typeof IncidentEffectSchema>;
