import * as z from 'zod';
import { EscalationTargetSchema } from '../escalation/escalation-policy';
import { PersonSchema } from '../roles/person';
import { RoleIdSchema } from '../roles/role-catalog';
import { SeveritySchema } from '../severity/severity';
import { TimestampSchema } from '../time/timestamp';
import { UpdateAudienceSchema } from './incident-event';
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
 * actor, never performed by the library. Hosts should tolerate fields they do not know (later releases add some,
 * e.g. the people a page level targets). docs/bot-host.md says, per effect, what to do and what to report back.
 *
 * | type | fields | when |
 * | --- | --- | --- |
 * | `page` | `level` (1-based), `urgency`, `reason`, `loop` (0-based repeat count) | declared (level 1), acknowledgement overdue (next level, `ack_timeout`), still unacknowledged after the last level (same level again, `renotify`, `loop` counting up), escalated by hand (`manual`), reopened |
 * | `stop_paging` | `reason`: `acknowledged`, `resolved`, `cancelled` or `merged` | a live page was acknowledged, or the incident ended while paging |
 * | `page_additional_responders` | `severity` | the severity requires it (SEV1/SEV2 by default), at declaration or on upgrade |
 * | `open_channel` | `name` | acknowledged: the suggested channel name |
 * | `post_initial_status` | `publicPostRequired`, `audiences`, `dueAt` (first public post, or `null`) | acknowledged |
 * | `request_roles` | `roles` | required roles nobody holds (after acknowledgement, and whenever that set grows) |
 * | `remind_update` | `deadline`, `dueAt`, `count` (1-based) | a tick finds an update, summary or postmortem overdue (again on the policy's cadence, up to its cap) |
 * | `announce_severity_change` | `from`, `to`, `reason` | the severity changed |
 * | `announce_handoff` | `role`, `from`, `to` | a role was handed off |
 * | `schedule_postmortem` | `dueAt` (or `null`) | resolved with a required postmortem |
 * | `post_resolved_status` | `dueAt` | a public incident was resolved: post the resolved status-page update |
 * | `announce_status` | `from`, `to` | the lifecycle status changed |
 *
 * @example
 * IncidentEffectSchema.parse({ type: 'stop_paging', reason: 'acknowledged' }).reason;
 * //=> 'acknowledged'
 */
export const IncidentEffectSchema = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('page'),
    level: z.number().int().min(1),
    urgency: z.enum(['high_urgency', 'low_urgency']),
    reason: z.enum(['declared', 'ack_timeout', 'manual', 'reopened', 'renotify']),
    loop: z.number().int().min(0),
    /** With an escalation policy: its id, and the level's targets (resolve them with `incident-kit/oncall`). */
    policyId: z.string().optional(),
    targets: z.array(EscalationTargetSchema).optional(),
  }),
  z.strictObject({
    type: z.literal('stop_paging'),
    reason: z.enum(['acknowledged', 'resolved', 'cancelled', 'merged']),
  }),
  z.strictObject({ type: z.literal('page_additional_responders'), severity: SeveritySchema }),
  z.strictObject({ type: z.literal('open_channel'), name: z.string() }),
  z.strictObject({
    type: z.literal('post_initial_status'),
    publicPostRequired: z.boolean(),
    audiences: z.array(UpdateAudienceSchema),
    dueAt: TimestampSchema.nullable(),
  }),
  z.strictObject({ type: z.literal('request_roles'), roles: z.array(RoleIdSchema) }),
  z.strictObject({
    type: z.literal('remind_update'),
    deadline: DeadlineKindSchema,
    dueAt: TimestampSchema,
    count: z.number().int().min(1),
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
  z.strictObject({ type: z.literal('post_resolved_status'), dueAt: TimestampSchema }),
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
