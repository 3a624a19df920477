// Schema-only module: it imports zod and the core's own schemas and nothing of the schedule engine, so the lifecycle
// core can validate and carry a policy without pulling schedules, time zones or iCalendar into its bundle.
import * as z from 'zod';
import { PersonSchema } from '../roles/person';
import { RoleIdSchema } from '../roles/role-catalog';

/**
 * Whom one escalation level pages, resolved when the level is paged (`resolveEscalation`):
 *
 * - `{ type: 'person', person }`: that person, always;
 * - `{ type: 'schedule', scheduleId }`: whoever is on call in that schedule at that moment;
 * - `{ type: 'role', role }`: whoever holds that role in the incident at that moment, e.g. the current
 *   `incident_commander` (every holder, for roles with several).
 *
 * @example
 * EscalationTargetSchema.parse({ type: 'role', role: 'incident_commander' }).type;
 * //=> 'role'
 */
export const EscalationTargetSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('person'), person: PersonSchema }),
  z.strictObject({ type: z.literal('schedule'), scheduleId: z.string().trim().min(1) }),
  z.strictObject({ type: z.literal('role'), role: RoleIdSchema }),
]);

/**
 * An escalation target.
 *
 * @example
 * const target: EscalationTarget = { type: 'schedule', scheduleId: 'primary' };
 * target.scheduleId;
 * //=> 'primary'
 */
export type EscalationTarget = z.output<typeof EscalationTargetSchema>;

/**
 * One level of an escalation policy: its targets (all paged together) and `delayMinutes`, how long the page waits
 * for an acknowledgement before the policy moves on to the next level (PagerDuty's `escalation_delay_in_minutes`:
 * "minutes before an unacknowledged incident escalates away from this rule"). 0 pages the next level at once.
 *
 * @example
 * EscalationLevelSchema.parse({ delayMinutes: 15, targets: [{ type: 'schedule', scheduleId: 'primary' }] }).delayMinutes;
 * //=> 15
 */
export const EscalationLevelSchema = z.strictObject({
  delayMinutes: z.number().int().min(0).max(10_080),
  targets: z.array(EscalationTargetSchema).min(1, 'A level needs at least one target'),
});

/**
 * An escalation level.
 *
 * @example
 * const level: EscalationLevel = { delayMinutes: 5, targets: [{ type: 'role', role: 'incident_commander' }] };
 * level.delayMinutes;
 * //=> 5
 */
export type EscalationLevel = z.output<typeof EscalationLevelSchema>;

/**
 * An escalation policy: whom to page, in which order, how long to wait between levels, and when to give up.
 *
 * Semantics (the same as PagerDuty's and Grafana OnCall's):
 * - The first page goes to level 1 when the incident is declared. Each level's `delayMinutes` is how long that page
 *   waits for an acknowledgement; if none comes, level `n + 1` is paged. An acknowledgement stops the escalation.
 * - After the last level's delay the policy starts over at level 1: one pass, then `loops` more (`loops: 0` is one
 *   pass; PagerDuty's `num_loops`). The page counter `loop` is 0 in the first pass.
 * - `afterLastLoop` says what happens when the last pass ends without an acknowledgement: `'stop'` pages no one
 *   else (the incident stays unacknowledged), `'repeat_last_level'` pages the last level again every
 *   `delayMinutes` of that level until someone acknowledges (so that delay must be at least 1 minute).
 *
 * `getEscalationStep` turns "the n-th page" into its level, loop and delay.
 *
 * @example
 * EscalationPolicySchema.parse({ id: 'payments', levels: [
 *   { delayMinutes: 5, targets: [{ type: 'schedule', scheduleId: 'primary' }] },
 *   { delayMinutes: 10, targets: [{ type: 'role', role: 'incident_commander' }] },
 * ] }).afterLastLoop;
 * //=> 'stop'
 */
export const EscalationPolicySchema = z
  .strictObject({
    id: z.string().trim().min(1, 'Policy id must not be empty'),
    name: z.string().trim().min(1).optional(),
    levels: z
      .array(EscalationLevelSchema)
      .min(1, 'A policy needs at least one level')
      .max(20, 'A policy has at most 20 levels'),
    loops: z.number().int().min(0).max(100).default(0),
    afterLastLoop: z.enum(['stop', 'repeat_last_level']).default('stop'),
  })
  .superRefine((policy, ctx) => {
    const last = policy.levels.length - 1;
    if (policy.afterLastLoop === 'repeat_last_level' && policy.levels[last]?.delayMinutes === 0) {
      ctx.addIssue({
        code: 'custom',
        path: ['levels', last, 'delayMinutes'],
        message:
          'With afterLastLoop "repeat_last_level" the last level repeats every delayMinutes: it must be >= 1',
      });
    }
  });

/**
 * A validated escalation policy.
 *
 * @example
 * const policy: Pick<EscalationPolicy, 'loops' | 'afterLastLoop'> = { loops: 2, afterLastLoop: 'stop' };
 * policy.loops;
 * //=> 2
 */
export type EscalationPolicy = z.output<typeof EscalationPolicySchema>;

/**
 * What the escalation functions accept: a policy before validation (defaults may be left out).
 *
 * @example
 * const input: EscalationPolicyInput = { id: 'p', levels: [{ delayMinutes: 5, targets: [{ type: 'schedule', scheduleId: 's' }] }] };
 * input.loops;
 * //=> undefined
 */
export type EscalationPolicyInput = z.input<typeof EscalationPolicySchema>;
