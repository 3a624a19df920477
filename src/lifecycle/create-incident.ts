import * as z from 'zod';
import { IncidentKitError, safeParseInput } from '../errors';
import { EscalationPolicySchema } from '../escalation/escalation-policy';
import { PersonSchema } from '../roles/person';
import { DEFAULT_ROLE_CATALOG, RoleCatalogSchema } from '../roles/role-catalog';
import { classifySeverity, DEFAULT_SEVERITY_RULES, SeverityRulesSchema } from '../severity/classify-severity';
import { ImpactAssessmentSchema } from '../severity/impact-assessment';
import { type Severity, SeveritySchema } from '../severity/severity';
import { DEFAULT_SEVERITY_POLICIES, SeverityPoliciesSchema } from '../severity/severity-policy';
import { TimestampSchema } from '../time/timestamp';
import { pageEffect } from './escalation';
import { AlertSeveritySchema, ackDeadlineBase, IncidentAlertSchema } from './incident-alert';
import { incidentChannelName } from './incident-channel-name';
import type { IncidentEffect } from './incident-effect';
import type { IncidentSettings, IncidentState } from './incident-state';
import { trustNewState } from './state-guard';
import type { StepResult } from './step-result';

const text = z.string().trim().min(1, 'Must not be empty');

export { AlertSeveritySchema };

/**
 * The default provisional severity for an alert: `critical` → SEV2, `error` → SEV3, `warning` → SEV4,
 * `info` → SEV5. Triage confirms or changes it; override with `alertSeverityMap` in the declaration.
 *
 * @example
 * DEFAULT_ALERT_SEVERITY_MAP.critical;
 * //=> 'SEV2'
 */
export const DEFAULT_ALERT_SEVERITY_MAP: Readonly<Record<z.infer<typeof AlertSeveritySchema>, Severity>> = {
  critical: 'SEV2',
  error: 'SEV3',
  warning: 'SEV4',
  info: 'SEV5',
};

/**
 * Types a declaration schema's input as "with a title, or with an alert" (the refinement already refuses neither).
 * A zod union would do the same but report "Invalid input" without naming the field. The types are written out
 * rather than aliased, so the declared type names nothing private.
 */
function titleOrAlert<S extends z.ZodType<unknown, { title?: unknown; alert?: unknown }>>(
  schema: S,
): z.ZodType<
  z.output<S>,
  | (Omit<z.input<S>, 'title'> & { title: NonNullable<z.input<S>['title']> })
  | (Omit<z.input<S>, 'alert'> & { alert: NonNullable<z.input<S>['alert']> })
> {
  return schema as never;
}

/**
 * How an incident starts: declared by a person or opened from an alert. Give `impact` (classified with the rules),
 * a `severity`, or an `alert` (its severity mapped to a provisional level), in that order of precedence. `title`
 * is required unless an `alert` is given (it then defaults to the alert's summary or name); the input type says so
 * too. `settings` replace the default policies, rules, role catalog, reopen window (24 h) and escalation levels (3),
 * and may give an `escalationPolicy` (levels with delays and targets, loops; see `incident-kit/oncall`) that then
 * drives paging; `ackDeadlineFrom` picks the base of the first acknowledgement deadline.
 *
 * The schema validates one object (so an error names the field); its input type is the union of "with a title" and
 * "with an alert".
 *
 * @example
 * IncidentDeclarationSchema.parse({ id: 'INC-1', title: 'Auth Service Degraded', at: '2024-01-15T14:20:00Z',
 *   severity: 'SEV2' }).at;
 * //=> '2024-01-15T14:20:00.000Z'
 */
export const IncidentDeclarationSchema = titleOrAlert(
  z
    .strictObject({
      /** Your id for the incident (no random ids are made here). */
      id: text,
      title: text.optional(),
      /** When it was detected or declared. */
      at: TimestampSchema,
      /** Who declared it; they get the Reporter role. */
      by: PersonSchema.optional(),
      /** Slug for the channel name; default: from the title. */
      slug: z.string().optional(),
      severity: SeveritySchema.optional(),
      impact: ImpactAssessmentSchema.optional(),
      /** The alert that opened it; kept on the incident (`state.alert`). */
      alert: IncidentAlertSchema.optional(),
      alertSeverityMap: z.partialRecord(AlertSeveritySchema, SeveritySchema).optional(),
      /**
       * Where the first acknowledgement deadline counts from: `declared` (default) from `at`, `alert_started` from the
       * alert's `startsAt` (so time the alert spent firing before the declaration counts against the ack window).
       */
      ackDeadlineFrom: z.enum(['declared', 'alert_started']).optional(),
      settings: z
        .strictObject({
          policies: SeverityPoliciesSchema.optional(),
          rules: SeverityRulesSchema.optional(),
          roleCatalog: RoleCatalogSchema.optional(),
          reopenWindowMinutes: z.number().min(0).optional(),
          maxEscalationLevel: z.number().int().min(1).max(20).optional(),
          escalationPolicy: EscalationPolicySchema.optional(),
        })
        .optional(),
    })
    .refine((d) => d.impact !== undefined || d.severity !== undefined || d.alert !== undefined, {
      message: 'Give impact, severity or alert, so the incident starts with a severity',
      path: ['severity'],
    })
    .refine((d) => d.title !== undefined || d.alert !== undefined, {
      message: 'Give a title (or an alert to take it from)',
      path: ['title'],
    }),
);

/**
 * What callers pass to {@link createIncident}: a title, an alert, or both.
 *
 * @example
 * const declaration: IncidentDeclaration = { id: 'INC-1', title: 'Auth down', at: '2024-01-15T14:20:00Z', severity: 'SEV2' };
 * declaration.severity;
 * //=> 'SEV2'
 */
export type IncidentDeclaration = z.input<typeof IncidentDeclarationSchema>;

/**
 * Opens an incident in `detected`: the on-call is paged (per the severity's policy) and, for SEV1/SEV2, additional
 * responders too. Returns the state and those effects, or an `invalid_input` error naming the field.
 *
 * @param declaration - id, title, when, and an impact, severity or alert
 * @returns `{ ok: true, state, effects }` or `{ ok: false, error }`
 * @example
 * const result = createIncident({ id: 'INC-1', title: 'Auth Service Degraded', at: '2024-01-15T14:20:00Z',
 *   alert: { name: 'AuthErrorRate', severity: 'critical' } });
 * result.ok && [result.state.severity, result.effects.map((effect) => effect.type)];
 * //=> ['SEV2', ['page', 'page_additional_responders']]
 */
export function createIncident(declaration: IncidentDeclaration): StepResult {
  const parsed = safeParseInput(IncidentDeclarationSchema, declaration, 'incident declaration');
  if (!parsed.ok) return parsed;
  const d = parsed.value;
  const settings: IncidentSettings = {
    policies: d.settings?.policies ?? DEFAULT_SEVERITY_POLICIES,
    rules: d.settings?.rules ?? DEFAULT_SEVERITY_RULES,
    roleCatalog: d.settings?.roleCatalog ?? [...DEFAULT_ROLE_CATALOG],
    reopenWindowMinutes: d.settings?.reopenWindowMinutes ?? 1440,
    maxEscalationLevel: d.settings?.maxEscalationLevel ?? 3,
    ackDeadlineFrom: d.ackDeadlineFrom ?? 'declared',
    ...(d.settings?.escalationPolicy ? { escalationPolicy: d.settings.escalationPolicy } : {}),
  };
  // The default policies and `by` ask only for roles of the default catalog (test/create-incident-defaults.test.ts
  // holds them so): the check runs when a declaration brings its own policies, catalog or escalation policy.
  const unknown = d.settings === undefined ? undefined : unknownRole(settings, d.by !== undefined);
  if (unknown !== undefined) {
    const message = `Role "${unknown}" is required by the policies (or by \`by\`, or paged by the escalation policy) but missing from the role catalog`;
    return { ok: false, error: new IncidentKitError('unknown_role', message, { input: declaration }) };
  }
  const title = d.title ?? (d.alert?.summary || d.alert?.name) ?? d.id;
  let severity: Severity;
  let reason: string;
  if (d.impact) {
    const classification = classifySeverity(d.impact, settings.rules);
    severity = classification.severity;
    reason = classification.reasons.join('; ');
  } else if (d.severity) {
    severity = d.severity;
    reason = 'Declared';
  } else {
    const alert = d.alert as NonNullable<typeof d.alert>;
    severity = { ...DEFAULT_ALERT_SEVERITY_MAP, ...d.alertSeverityMap }[alert.severity];
    reason = `Provisional, from ${alert.severity} alert ${alert.name}`;
  }
  const paged = settings.policies[severity].page !== 'none';
  const state: IncidentState = {
    id: d.id,
    title,
    channel: incidentChannelName({ date: d.at, title, ...(d.slug === undefined ? {} : { slug: d.slug }) }),
    status: 'detected',
    severity,
    impact: d.impact ?? null,
    severityHistory: [{ severity, at: d.at, change: 'initial', reason, ...(d.by ? { by: d.by } : {}) }],
    roles: d.by ? [{ role: 'reporter', person: d.by, from: d.at }] : [],
    timeline: [
      {
        seq: 1,
        at: d.at,
        type: 'declared',
        ...(d.by ? { by: d.by } : {}),
        summary: `Declared ${severity}: ${title}${d.alert ? ` (alert ${d.alert.name})` : ''}`,
      },
    ],
    milestones: { detectedAt: d.at },
    escalation: {
      level: paged ? 1 : 0,
      loop: 0,
      lastEscalatedAt: ackDeadlineBase(d.at, d.alert, settings.ackDeadlineFrom),
      paging: paged,
    },
    mitigations: [],
    updates: [],
    reminders: [],
    resolution: null,
    cancellation: null,
    postmortem: null,
    reopenCount: 0,
    alert: d.alert ?? null,
    lastEventAt: d.at,
    settings,
  };
  return { ok: true, state: trustNewState(state), effects: declarationEffects(state) };
}

/**
 * The effects of declaring an incident: page the on-call (unless the severity only opens a ticket) and, where the
 * severity requires it, additional responders.
 *
 * @param state - a just-declared incident
 * @returns the effects
 * @example
 * declarationEffects(incident).map((effect) => effect.type); // a SEV2
 * //=> ['page', 'page_additional_responders']
 */
export function declarationEffects(state: IncidentState): IncidentEffect[] {
  const policy = state.settings.policies[state.severity];
  const effects: IncidentEffect[] = [];
  if (policy.page !== 'none') effects.push(pageEffect(state, 1, 'declared', 0));
  if (policy.pageAdditionalResponders)
    effects.push({ type: 'page_additional_responders', severity: state.severity });
  return effects;
}

/** The first role the settings need (their policies, `by`'s reporter, their escalation policy's targets) that their catalog lacks. */
function unknownRole(settings: IncidentSettings, reporter: boolean): string | undefined {
  const known = new Set(settings.roleCatalog.map((role) => role.id));
  const needed = [
    ...(reporter ? ['reporter'] : []),
    ...Object.values(settings.policies).flatMap((policy) => policy.requiredRoles),
    ...(settings.escalationPolicy?.levels ?? []).flatMap((level) =>
      level.targets.flatMap((target) => (target.type === 'role' ? [target.role] : [])),
    ),
  ];
  return needed.find((role) => !known.has(role));
}
