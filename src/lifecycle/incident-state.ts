import * as z from 'zod';
import { EscalationPolicySchema } from '../escalation/escalation-policy';
import { PersonSchema } from '../roles/person';
import { RoleAssignmentsSchema } from '../roles/role-assignments';
import { RoleCatalogSchema } from '../roles/role-catalog';
import { SeverityRulesSchema } from '../severity/classify-severity';
import { ImpactAssessmentSchema } from '../severity/impact-assessment';
import { SeveritySchema } from '../severity/severity';
import { SeverityPoliciesSchema } from '../severity/severity-policy';
import { TimestampSchema } from '../time/timestamp';
import { IncidentAlertSchema } from './incident-alert';
import { DeadlineKindSchema } from './incident-effect';
import {
  ActionItemSchema,
  DataLossSchema,
  IncidentEventSchema,
  PublicStatusSchema,
  ResolutionKindSchema,
  UpdateAudienceSchema,
} from './incident-event';
import { IncidentStatusSchema } from './incident-status';
import { MitigationKindSchema } from './mitigation';

const eventTypes = IncidentEventSchema.options.map((option) => option.shape.type.value);

/**
 * The rules an incident runs under, kept in its state so a persisted incident is judged by the rules it was
 * declared with: severity policies and classification rules, the role catalog, how long after mitigation or
 * resolution it may be reopened, how many escalation levels a missed acknowledgement may page, and where the first
 * acknowledgement deadline counts from (`declared`: the declaration's `at`; `alert_started`: the alert's `startsAt`).
 *
 * @example
 * IncidentSettingsSchema.shape.reopenWindowMinutes.def.defaultValue;
 * //=> 1440
 */
export const IncidentSettingsSchema = z.strictObject({
  policies: SeverityPoliciesSchema,
  rules: SeverityRulesSchema,
  roleCatalog: RoleCatalogSchema,
  reopenWindowMinutes: z.number().min(0).default(1440),
  maxEscalationLevel: z.number().int().min(1).max(20).default(3),
  ackDeadlineFrom: z.enum(['declared', 'alert_started']).default('declared'),
  /**
   * Whom an unacknowledged page escalates to, and when: its levels' delays, loops and `afterLastLoop` replace the
   * severity policy's `ackWithinMinutes` cadence, `maxEscalationLevel` and `renotifyEveryMinutes`, and each `page`
   * effect names the level's targets.
   */
  escalationPolicy: EscalationPolicySchema.optional(),
});

/**
 * Settings of an incident.
 *
 * @example
 * const settings: Pick<IncidentSettings, 'reopenWindowMinutes'> = { reopenWindowMinutes: 60 };
 * settings.reopenWindowMinutes;
 * //=> 60
 */
export type IncidentSettings = z.output<typeof IncidentSettingsSchema>;

/**
 * One accepted event in the timeline: a sequence number, when, what, who, and a sentence a person can read. An
 * event sent with an `id` keeps it with a digest of its content (for idempotent delivery); `implied` lists the
 * steps the event stood for as well (a mitigation started right after acknowledgement implies `start_triage`).
 *
 * @example
 * TimelineEntrySchema.parse({ seq: 1, at: '2024-01-15T14:20:00Z', type: 'declared', summary: 'Declared' }).seq;
 * //=> 1
 */
export const TimelineEntrySchema = z.strictObject({
  seq: z.number().int().min(1),
  at: TimestampSchema,
  type: z.enum(['declared', ...eventTypes]),
  by: PersonSchema.optional(),
  eventId: z.string().optional(),
  /** Digest of the event's content (`at` and `id` aside); absent on entries written before envelope version 2. */
  eventDigest: z.string().optional(),
  implied: z.array(z.enum(eventTypes)).optional(),
  summary: z.string(),
});

/**
 * A timeline entry.
 *
 * @example
 * const entry: TimelineEntry = { seq: 1, at: '2024-01-15T14:20:00.000Z', type: 'declared', summary: 'Declared' };
 * entry.type;
 * //=> 'declared'
 */
export type TimelineEntry = z.output<typeof TimelineEntrySchema>;

/**
 * One severity the incident had, from when, why, and whether it was an upgrade or a downgrade.
 *
 * @example
 * SeverityChangeSchema.parse({ severity: 'SEV2', at: '2024-01-15T14:25:00Z', change: 'upgrade', reason: 'Login down' }).change;
 * //=> 'upgrade'
 */
export const SeverityChangeSchema = z.strictObject({
  severity: SeveritySchema,
  at: TimestampSchema,
  change: z.enum(['initial', 'upgrade', 'downgrade']),
  reason: z.string(),
  by: PersonSchema.optional(),
});

/**
 * A severity history entry.
 *
 * @example
 * const change: SeverityChange = { severity: 'SEV3', at: '2024-01-15T14:20:00.000Z', change: 'initial', reason: 'Alert' };
 * change.severity;
 * //=> 'SEV3'
 */
export type SeverityChange = z.output<typeof SeverityChangeSchema>;

/**
 * A mitigation attempt and its outcome.
 *
 * @example
 * MitigationSchema.parse({ id: 'm1', kind: 'rollback', description: 'Roll back 1.42', startedAt: '2024-01-15T14:35:00Z' }).kind;
 * //=> 'rollback'
 */
export const MitigationSchema = z.strictObject({
  id: z.string(),
  kind: MitigationKindSchema,
  description: z.string(),
  startedAt: TimestampSchema,
  by: PersonSchema.optional(),
  outcome: z.enum(['succeeded', 'partial', 'failed']).optional(),
  outcomeAt: TimestampSchema.optional(),
  note: z.string().optional(),
});

/**
 * A mitigation.
 *
 * @example
 * const mitigation: Mitigation = { id: 'm1', kind: 'scale_up', description: 'More DB connections', startedAt: '2024-01-15T14:35:00.000Z' };
 * mitigation.kind;
 * //=> 'scale_up'
 */
export type Mitigation = z.output<typeof MitigationSchema>;

/**
 * A posted update, with the deadline it answered and whether it was on time.
 *
 * @example
 * PostedUpdateSchema.parse({ audience: 'internal', at: '2024-01-15T14:30:00Z', dueAt: null, onTime: null }).audience;
 * //=> 'internal'
 */
export const PostedUpdateSchema = z.strictObject({
  audience: UpdateAudienceSchema,
  at: TimestampSchema,
  by: PersonSchema.optional(),
  publicStatus: PublicStatusSchema.optional(),
  message: z.string().optional(),
  /** When the poster promised the next update ("Next update: 15 minutes"). */
  nextUpdateAt: TimestampSchema.optional(),
  /** The deadline in force when it was posted; `null` if none was. */
  dueAt: TimestampSchema.nullable(),
  onTime: z.boolean().nullable(),
});

/**
 * A posted update.
 *
 * @example
 * const update: PostedUpdate = { audience: 'executive', at: '2024-01-15T15:00:00.000Z', dueAt: null, onTime: null };
 * update.audience;
 * //=> 'executive'
 */
export type PostedUpdate = z.output<typeof PostedUpdateSchema>;

const optionalTime = TimestampSchema.optional();

/** Why an incident was cancelled (`merged`: into another incident). Internal: the state schema exports it. */
export const CancellationReasonSchema = z.enum(['false_alarm', 'declined', 'duplicate', 'other', 'merged']);

/**
 * The complete, JSON-safe state of one incident. Build it with `createIncident` and change it only with
 * `applyEvent`; persist it with `serializeIncident`.
 *
 * @example
 * IncidentStateSchema.shape.status.options.length;
 * //=> 9
 */
export const IncidentStateSchema = z.strictObject({
  id: z.string().min(1),
  title: z.string().min(1),
  /** Suggested incident channel, e.g. `incident-2024-01-15-auth-service-degraded`. */
  channel: z.string(),
  status: IncidentStatusSchema,
  severity: SeveritySchema,
  impact: ImpactAssessmentSchema.nullable(),
  severityHistory: z.array(SeverityChangeSchema).min(1),
  roles: RoleAssignmentsSchema,
  timeline: z.array(TimelineEntrySchema).min(1),
  milestones: z.strictObject({
    detectedAt: TimestampSchema,
    acknowledgedAt: optionalTime,
    triagedAt: optionalTime,
    mitigatedAt: optionalTime,
    resolvedAt: optionalTime,
    postmortemStartedAt: optionalTime,
    postmortemCompletedAt: optionalTime,
    closedAt: optionalTime,
    cancelledAt: optionalTime,
  }),
  /**
   * Paging: the level last paged (0: nobody), how many times it was re-notified after the last level (`loop`), when
   * the current wait for acknowledgement began, and whether a page is live (sent and neither acknowledged nor ended).
   */
  escalation: z.strictObject({
    level: z.number().int().min(0),
    loop: z.number().int().min(0),
    lastEscalatedAt: TimestampSchema,
    paging: z.boolean(),
  }),
  mitigations: z.array(MitigationSchema),
  updates: z.array(PostedUpdateSchema),
  /** Reminders sent for overdue deadlines: which, its due time, when reminded, and the how-manieth (1-based). */
  reminders: z.array(
    z.strictObject({
      deadline: DeadlineKindSchema,
      dueAt: TimestampSchema,
      at: TimestampSchema,
      count: z.number().int().min(1),
    }),
  ),
  resolution: z
    .strictObject({
      at: TimestampSchema,
      kind: ResolutionKindSchema,
      /** The resolve event's summary; for a self-healed or source-resolved incident without one, a sentence saying so. */
      summary: z.string(),
      rootCause: z.string().optional(),
      fix: z.string().optional(),
      dataLoss: DataLossSchema.optional(),
      postmortemRequired: z.boolean(),
      postmortemDueAt: TimestampSchema.nullable(),
    })
    .nullable(),
  cancellation: z
    .strictObject({
      at: TimestampSchema,
      reason: CancellationReasonSchema,
      note: z.string().optional(),
      mergedInto: z.string().optional(),
    })
    .nullable(),
  postmortem: z
    .strictObject({
      owner: PersonSchema,
      startedAt: TimestampSchema,
      link: z.string().optional(),
      actionItems: z.array(ActionItemSchema),
      completedAt: optionalTime,
    })
    .nullable(),
  reopenCount: z.number().int().min(0),
  /** The alert that opened the incident, if one did. */
  alert: IncidentAlertSchema.nullable(),
  lastEventAt: TimestampSchema,
  settings: IncidentSettingsSchema,
});

/**
 * The state of one incident.
 *
 * @example
 * const status: IncidentState['status'] = 'resolved';
 * status;
 * //=> 'resolved'
 */
export type IncidentState = z.output<typeof IncidentStateSchema>;

/**
 * A shallow copy of a state, field by field in the schema's order (every field is required). Internal: a step copies
 * the state it is given, and spreading a state the library has marked as checked (`internal/object-mark`) takes
 * V8's slow path, since the mark's private field keeps the copy off the fast clone: about 270 ns against 30 ns
 * (Node 20), a twentieth of an in-process actor's step. A test holds the fields to the schema's.
 *
 * @param state - a state
 * @returns a new object with the same fields
 */
export function copyOfState(state: IncidentState): IncidentState {
  return {
    id: state.id,
    title: state.title,
    channel: state.channel,
    status: state.status,
    severity: state.severity,
    impact: state.impact,
    severityHistory: state.severityHistory,
    roles: state.roles,
    timeline: state.timeline,
    milestones: state.milestones,
    escalation: state.escalation,
    mitigations: state.mitigations,
    updates: state.updates,
    reminders: state.reminders,
    resolution: state.resolution,
    cancellation: state.cancellation,
    postmortem: state.postmortem,
    reopenCount: state.reopenCount,
    alert: state.alert,
    lastEventAt: state.lastEventAt,
    settings: state.settings,
  };
}
