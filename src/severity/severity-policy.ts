import * as z from 'zod';
import { parseInput } from '../errors';
import { expectNumber, invalidArgument, isPlainObjectLike, ownValue } from '../internal/arguments';
import { RoleIdSchema } from '../roles/role-id';
import { type Severity, SeveritySchema } from './severity';

const minutes = z.number().positive().max(525_600);

// The policy schemas are built in closures marked pure: a bundler drops the ones an import does not use (it keeps a
// top-level `z.strictObject(…)` call whether or not anything reads it), so classifySeverity with getSeverityPolicy
// stays under 30 kB with zod (issue 14).

/**
 * How often public (status page) updates are due: the first post within `firstPostWithinMinutes` of declaring a
 * public incident, then every `everyMinutes` for the first `forFirstMinutes`, then every `thenEveryMinutes`.
 *
 * @example
 * ExternalUpdateCadenceSchema.parse({ firstPostWithinMinutes: 5, everyMinutes: 20, forFirstMinutes: 120, thenEveryMinutes: 60 }).everyMinutes;
 * //=> 20
 */
export const ExternalUpdateCadenceSchema = /* @__PURE__ */ (() =>
  z.strictObject({
    firstPostWithinMinutes: minutes,
    everyMinutes: minutes,
    forFirstMinutes: z.number().min(0).max(525_600),
    thenEveryMinutes: minutes,
  }))();

/**
 * When a postmortem review is due after resolution: `amount` calendar or business days (Monday to Friday, UTC).
 *
 * @example
 * PostmortemDueSchema.parse({ amount: 5, unit: 'business_days' }).unit;
 * //=> 'business_days'
 */
export const PostmortemDueSchema = /* @__PURE__ */ (() =>
  z.strictObject({
    amount: z.number().int().min(0).max(365),
    unit: z.enum(['calendar_days', 'business_days']),
  }))();

/**
 * How an overdue internal update, public update or executive summary is reminded: the first reminder when it falls
 * due, then again every `everyMinutes` (`null`: only once) until it is posted, at most `max` reminders for one
 * missed deadline.
 *
 * @example
 * UpdateRemindersSchema.parse({ everyMinutes: 10, max: 3 }).max;
 * //=> 3
 */
export const UpdateRemindersSchema = /* @__PURE__ */ (() =>
  z.strictObject({
    everyMinutes: minutes.nullable(),
    max: z.number().int().min(1).max(100),
  }))();

/**
 * What one severity obliges the responders to do. Minutes are `null` where there is no such deadline.
 *
 * @example
 * SeverityPolicySchema.shape.page.options;
 * //=> ['high_urgency', 'low_urgency', 'none']
 */
export const SeverityPolicySchema = /* @__PURE__ */ (() =>
  z.strictObject({
    /** How the on-call is notified: a high- or low-urgency page, or none (a ticket). */
    page: z.enum(['high_urgency', 'low_urgency', 'none']),
    /** The page must be acknowledged within this many minutes; `null`: no ack deadline. */
    ackWithinMinutes: minutes.nullable(),
    /** Page additional responders (IC, more engineers) on top of the on-call. */
    pageAdditionalResponders: z.boolean(),
    /** Roles that must be held while the incident is active. */
    requiredRoles: z.array(RoleIdSchema),
    /** Whether the Incident Commander may also act as a Subject Matter Expert. */
    commanderMayActAsSme: z.boolean(),
    /** Internal status updates are due this often; `null`: none required. */
    internalUpdateEveryMinutes: minutes.nullable(),
    /** Whether the incident must be communicated publicly (status page, support). */
    publicCommunicationRequired: z.boolean(),
    /** The cadence of public updates, whenever the incident is public. */
    externalUpdates: ExternalUpdateCadenceSchema,
    /** Executive summaries are due this often; `null`: none required. */
    executiveSummaryEveryMinutes: minutes.nullable(),
    /** Whether a postmortem is required, and when its review is due after resolution (`null`: no due date). */
    postmortem: z.strictObject({ required: z.boolean(), due: PostmortemDueSchema.nullable() }),
    /**
     * After the last escalation level, page that level again every this many minutes until someone acknowledges or
     * the incident ends (PagerDuty's escalation loops, Grafana OnCall's "repeat"); `null`: stop paging after the last
     * level. Default 5.
     */
    renotifyEveryMinutes: minutes.nullable().default(5),
    /** How overdue updates are reminded (default: every 10 minutes, at most 3 times). */
    updateReminders: UpdateRemindersSchema.default({ everyMinutes: 10, max: 3 }),
  }))();

/**
 * The obligations of one severity.
 *
 * @example
 * const policy: SeverityPolicy = getSeverityPolicy('SEV1');
 * policy.internalUpdateEveryMinutes;
 * //=> 15
 */
export type SeverityPolicy = z.infer<typeof SeverityPolicySchema>;

/**
 * A policy for every severity level (all five are required).
 *
 * @example
 * Object.keys(SeverityPoliciesSchema.parse(DEFAULT_SEVERITY_POLICIES));
 * //=> ['SEV1', 'SEV2', 'SEV3', 'SEV4', 'SEV5']
 */
export const SeverityPoliciesSchema = /* @__PURE__ */ (() =>
  z.record(SeveritySchema, SeverityPolicySchema))();

/**
 * A policy table.
 *
 * @example
 * const table: SeverityPolicies = DEFAULT_SEVERITY_POLICIES;
 * table.SEV2.postmortem.due;
 * //=> { amount: 5, unit: 'business_days' }
 */
export type SeverityPolicies = z.infer<typeof SeverityPoliciesSchema>;

const PUBLIC_CADENCE = {
  firstPostWithinMinutes: 5,
  everyMinutes: 20,
  forFirstMinutes: 120,
  thenEveryMinutes: 60,
};
const MAJOR_ROLES = ['incident_commander', 'communications_lead', 'subject_matter_expert'];

/**
 * The default obligations, after the PagerDuty incident-response guide: acknowledge within 5 minutes (SEV4: 30,
 * SEV5: no page); internal updates every 15 (SEV1), 30 (SEV2) or 60 (SEV3) minutes; SEV1/SEV2 page additional
 * responders, need an Incident Commander, a Communications Lead and a Subject Matter Expert (the IC may not debug),
 * go on the status page (first post within 5 minutes, then every 20 minutes for 2 hours, then hourly), send an
 * executive summary every 30 minutes, and require a postmortem (review due in 3 calendar days for SEV1, 5 business
 * days for SEV2). SEV3 needs an Incident Commander. A page nobody acknowledges after the last escalation level is
 * repeated every 5 minutes (SEV4: 30; SEV5 pages nobody); an overdue update is reminded when due and then every 5
 * (SEV1), 10 (SEV2), 15 (SEV3) or 30 minutes, at most 3 times.
 *
 * @example
 * DEFAULT_SEVERITY_POLICIES.SEV1.postmortem;
 * //=> { required: true, due: { amount: 3, unit: 'calendar_days' } }
 */
export const DEFAULT_SEVERITY_POLICIES: SeverityPolicies = {
  SEV1: {
    page: 'high_urgency',
    ackWithinMinutes: 5,
    pageAdditionalResponders: true,
    requiredRoles: MAJOR_ROLES,
    commanderMayActAsSme: false,
    internalUpdateEveryMinutes: 15,
    publicCommunicationRequired: true,
    externalUpdates: PUBLIC_CADENCE,
    executiveSummaryEveryMinutes: 30,
    postmortem: { required: true, due: { amount: 3, unit: 'calendar_days' } },
    renotifyEveryMinutes: 5,
    updateReminders: { everyMinutes: 5, max: 3 },
  },
  SEV2: {
    page: 'high_urgency',
    ackWithinMinutes: 5,
    pageAdditionalResponders: true,
    requiredRoles: MAJOR_ROLES,
    commanderMayActAsSme: false,
    internalUpdateEveryMinutes: 30,
    publicCommunicationRequired: true,
    externalUpdates: PUBLIC_CADENCE,
    executiveSummaryEveryMinutes: 30,
    postmortem: { required: true, due: { amount: 5, unit: 'business_days' } },
    renotifyEveryMinutes: 5,
    updateReminders: { everyMinutes: 10, max: 3 },
  },
  SEV3: {
    page: 'high_urgency',
    ackWithinMinutes: 5,
    pageAdditionalResponders: false,
    requiredRoles: ['incident_commander'],
    commanderMayActAsSme: true,
    internalUpdateEveryMinutes: 60,
    publicCommunicationRequired: false,
    externalUpdates: PUBLIC_CADENCE,
    executiveSummaryEveryMinutes: null,
    postmortem: { required: false, due: null },
    renotifyEveryMinutes: 5,
    updateReminders: { everyMinutes: 15, max: 3 },
  },
  SEV4: {
    page: 'low_urgency',
    ackWithinMinutes: 30,
    pageAdditionalResponders: false,
    requiredRoles: [],
    commanderMayActAsSme: true,
    internalUpdateEveryMinutes: null,
    publicCommunicationRequired: false,
    externalUpdates: PUBLIC_CADENCE,
    executiveSummaryEveryMinutes: null,
    postmortem: { required: false, due: null },
    renotifyEveryMinutes: 30,
    updateReminders: { everyMinutes: 30, max: 3 },
  },
  SEV5: {
    page: 'none',
    ackWithinMinutes: null,
    pageAdditionalResponders: false,
    requiredRoles: [],
    commanderMayActAsSme: true,
    internalUpdateEveryMinutes: null,
    publicCommunicationRequired: false,
    externalUpdates: PUBLIC_CADENCE,
    executiveSummaryEveryMinutes: null,
    postmortem: { required: false, due: null },
    renotifyEveryMinutes: null,
    updateReminders: { everyMinutes: 30, max: 3 },
  },
};

/**
 * Changes to a policy table: for each severity, the fields to replace (nested `externalUpdates`, `postmortem` and
 * `updateReminders` fields may be given one by one).
 *
 * @example
 * const overrides: SeverityPolicyOverrides = { SEV2: { internalUpdateEveryMinutes: 20 } };
 * overrides.SEV2?.internalUpdateEveryMinutes;
 * //=> 20
 */
export type SeverityPolicyOverrides = {
  readonly [S in Severity]?: Partial<
    Omit<SeverityPolicy, 'externalUpdates' | 'postmortem' | 'updateReminders'> & {
      externalUpdates: Partial<SeverityPolicy['externalUpdates']>;
      postmortem: Partial<SeverityPolicy['postmortem']>;
      updateReminders: Partial<SeverityPolicy['updateReminders']>;
    }
  >;
};

/**
 * Builds a validated policy table from overrides on top of a base table (default: {@link DEFAULT_SEVERITY_POLICIES}).
 *
 * @param overrides - per severity, the fields to change
 * @param base - the table to start from
 * @returns the validated table
 * @throws {IncidentKitError} `invalid_input` naming the bad field, e.g. `SEV2.ackWithinMinutes`
 * @example
 * defineSeverityPolicies({ SEV3: { internalUpdateEveryMinutes: 45 } }).SEV3.internalUpdateEveryMinutes;
 * //=> 45
 */
export function defineSeverityPolicies(
  overrides: SeverityPolicyOverrides,
  base: SeverityPolicies = DEFAULT_SEVERITY_POLICIES,
): SeverityPolicies {
  const table = parseInput(SeverityPoliciesSchema, base, 'base severity policies');
  const changes = parseInput(
    z.partialRecord(SeveritySchema, z.looseObject({})),
    overrides,
    'severity policy overrides',
  ) as SeverityPolicyOverrides;
  const merged: Record<string, unknown> = {};
  for (const severity of SeveritySchema.options) {
    const current = table[severity];
    const change = changes[severity] ?? {};
    merged[severity] = {
      ...current,
      ...change,
      externalUpdates: { ...current.externalUpdates, ...change.externalUpdates },
      postmortem: { ...current.postmortem, ...change.postmortem },
      updateReminders: { ...current.updateReminders, ...change.updateReminders },
    };
  }
  return parseInput(SeverityPoliciesSchema, merged, 'severity policies');
}

/**
 * What a severity obliges: ack deadline, update cadences, required roles, paging, public communication and the
 * postmortem.
 *
 * @param severity - the level
 * @param policies - the policy table (default {@link DEFAULT_SEVERITY_POLICIES})
 * @returns that level's policy
 * @throws {IncidentKitError} `invalid_input` for an unknown severity
 * @example
 * getSeverityPolicy('SEV2').ackWithinMinutes;
 * //=> 5
 */
export function getSeverityPolicy(
  severity: Severity,
  policies: SeverityPolicies = DEFAULT_SEVERITY_POLICIES,
): SeverityPolicy {
  const level = parseInput(SeveritySchema, severity, 'severity');
  if (!isPlainObjectLike(policies)) throw invalidArgument('policies', 'a severity policy table', policies);
  const policy = ownValue(policies, level);
  // A table typed as SeverityPolicies but built by hand may still miss a level: say so instead of returning undefined.
  if (!isPlainObjectLike(policy))
    throw invalidArgument(`policies.${level}`, `the severity policy for ${level}`, policy);
  return policy as SeverityPolicy;
}

/**
 * The interval until the next public update, given how long the incident has been public.
 *
 * @param policy - the severity policy
 * @param minutesSincePublic - minutes since the incident was first posted publicly
 * @returns minutes until the next public update is due
 * @throws {IncidentKitError} `invalid_input` for a policy without its cadence, or minutes that are not a number
 * @example
 * getExternalUpdateInterval(getSeverityPolicy('SEV1'), 150);
 * //=> 60
 */
export function getExternalUpdateInterval(policy: SeverityPolicy, minutesSincePublic: number): number {
  const cadence = isPlainObjectLike(policy) ? policy.externalUpdates : undefined;
  if (
    !isPlainObjectLike(cadence) ||
    typeof cadence.forFirstMinutes !== 'number' ||
    typeof cadence.everyMinutes !== 'number' ||
    typeof cadence.thenEveryMinutes !== 'number'
  )
    throw invalidArgument(
      'policy.externalUpdates',
      'a severity policy with its external update cadence',
      cadence,
    );
  const minutes = expectNumber(minutesSincePublic, 'minutesSincePublic');
  return minutes < cadence.forFirstMinutes ? cadence.everyMinutes : cadence.thenEveryMinutes;
}
