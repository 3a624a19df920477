import * as z from 'zod';
import { truncateText } from '../comms/format';
import { parseInput } from '../errors';
import { invalidArgument } from '../internal/arguments';
import type { IncidentState } from '../lifecycle/incident-state';
import { requireIncidentState } from '../lifecycle/state-guard';
import type { Severity } from '../severity/severity';
import { incidentDedupKey } from './dedup-key';

/**
 * Opsgenie's create-alert limits: `message` 130 characters, `alias` and `entity` 512, `description` 15,000, at most
 * 20 tags of at most 50 characters, `source` and `user` 100; `details` are kept under 8,000 characters here.
 *
 * @example
 * OPSGENIE_LIMITS.message;
 * //=> 130
 */
export const OPSGENIE_LIMITS = {
  message: 130,
  alias: 512,
  entity: 512,
  description: 15_000,
  tags: 20,
  tag: 50,
  source: 100,
  user: 100,
  note: 25_000,
  details: 8000,
} as const;

/**
 * The Opsgenie Alert API (`https://api.opsgenie.com`; EU accounts use `https://api.eu.opsgenie.com`).
 *
 * @example
 * OPSGENIE_API_URL;
 * //=> 'https://api.opsgenie.com'
 */
export const OPSGENIE_API_URL = 'https://api.opsgenie.com';

/**
 * Who an Opsgenie alert is routed to: a team, user, escalation or schedule, by `id` or by name (`username` for
 * users).
 *
 * @example
 * OpsgenieResponderSchema.parse({ type: 'team', name: 'NOC' }).name;
 * //=> 'NOC'
 */
export const OpsgenieResponderSchema = z.union([
  z.strictObject({ type: z.enum(['team', 'user', 'escalation', 'schedule']), id: z.string().min(1) }),
  z.strictObject({ type: z.enum(['team', 'escalation', 'schedule']), name: z.string().min(1) }),
  z.strictObject({ type: z.literal('user'), username: z.string().min(1) }),
]);

/**
 * An Opsgenie create-alert request body; Opsgenie's documented sample request parses with it.
 *
 * @example
 * OpsgenieCreateAlertSchema.shape.priority.unwrap().options;
 * //=> ['P1', 'P2', 'P3', 'P4', 'P5']
 */
export const OpsgenieCreateAlertSchema = z.strictObject({
  message: z.string().min(1).max(OPSGENIE_LIMITS.message),
  alias: z.string().min(1).max(OPSGENIE_LIMITS.alias).optional(),
  description: z.string().max(OPSGENIE_LIMITS.description).optional(),
  responders: z.array(OpsgenieResponderSchema).optional(),
  visibleTo: z.array(OpsgenieResponderSchema).optional(),
  actions: z.array(z.string().max(50)).max(10).optional(),
  tags: z.array(z.string().max(OPSGENIE_LIMITS.tag)).max(OPSGENIE_LIMITS.tags).optional(),
  details: z.record(z.string(), z.string()).optional(),
  entity: z.string().max(OPSGENIE_LIMITS.entity).optional(),
  source: z.string().max(OPSGENIE_LIMITS.source).optional(),
  priority: z.enum(['P1', 'P2', 'P3', 'P4', 'P5']).optional(),
  user: z.string().max(OPSGENIE_LIMITS.user).optional(),
  note: z.string().max(OPSGENIE_LIMITS.note).optional(),
});

/**
 * An Opsgenie create-alert request body.
 *
 * @example
 * const alert: OpsgenieCreateAlert = { message: '[SEV2] Auth down', priority: 'P2' };
 * alert.priority;
 * //=> 'P2'
 */
export type OpsgenieCreateAlert = z.output<typeof OpsgenieCreateAlertSchema>;

/**
 * Options for {@link toOpsgenieAlert}.
 *
 * @example
 * OpsgenieAlertOptionsSchema.parse({ tags: ['auth'] }).tags;
 * //=> ['auth']
 */
export const OpsgenieAlertOptionsSchema = z.strictObject({
  responders: z.array(OpsgenieResponderSchema).max(50).optional(),
  /** Tags added after `incident-kit` and the severity. */
  tags: z.array(z.string().trim().min(1)).optional(),
  entity: z.string().trim().min(1).optional(),
  /** `source` (default `incident-kit`). */
  source: z.string().trim().min(1).optional(),
  /** Overrides the alias (default {@link incidentDedupKey}). */
  alias: z.string().trim().min(1).max(OPSGENIE_LIMITS.alias).optional(),
});

/**
 * What callers pass as {@link OpsgenieAlertOptionsSchema}.
 *
 * @example
 * const options: OpsgenieAlertOptions = { responders: [{ type: 'team', name: 'NOC' }] };
 * options.responders?.length;
 * //=> 1
 */
export type OpsgenieAlertOptions = z.input<typeof OpsgenieAlertOptionsSchema>;

const PRIORITY: Readonly<Record<Severity, NonNullable<OpsgenieCreateAlert['priority']>>> = {
  SEV1: 'P1',
  SEV2: 'P2',
  SEV3: 'P3',
  SEV4: 'P4',
  SEV5: 'P5',
};

/**
 * Builds an Opsgenie create-alert body for an incident: message `[SEV2] title` (130 characters at most), the
 * incident's stable alias ({@link incidentDedupKey}, so acknowledging and closing find it), priority P1–P5 from
 * SEV1–SEV5, at most 20 tags of 50 characters, details (incident, status, channel, the alert's labels) under 8,000
 * characters, and the description from the alert.
 *
 * @param incident - the incident (checked as `validateIncidentState` does, unless this library made it)
 * @param options - responders, tags, entity, source, alias
 * @returns the body to POST to `/v2/alerts`
 * @throws {IncidentKitError} `invalid_input` for bad options or a state of the wrong shape, `inconsistent_state` for a
 *   state that contradicts itself
 * @example
 * const alert = toOpsgenieAlert(incident, { responders: [{ type: 'team', name: 'NOC' }] });
 * [alert.priority, alert.alias, alert.tags];
 * //=> ['P2', 'incident-kit:INC-1', ['incident-kit', 'sev2']]
 */
export function toOpsgenieAlert(
  incident: IncidentState,
  options: OpsgenieAlertOptions = {},
): OpsgenieCreateAlert {
  const state = requireIncidentState(incident, 'state');
  const config = parseInput(OpsgenieAlertOptionsSchema, options, 'Opsgenie alert options');
  const alert = state.alert ?? null;
  const tags: string[] = [];
  for (const tag of ['incident-kit', state.severity.toLowerCase(), ...(config.tags ?? [])]) {
    const cut = truncateText(tag, OPSGENIE_LIMITS.tag);
    if (!tags.includes(cut) && tags.length < OPSGENIE_LIMITS.tags) tags.push(cut);
  }
  const description = [
    alert?.description ?? alert?.summary,
    `Incident ${state.id}, channel #${state.channel}`,
  ]
    .filter((line): line is string => Boolean(line))
    .join('\n\n');
  return {
    message: truncateText(
      `[${state.severity}] ${state.title.replace(/\s+/g, ' ').trim()}`,
      OPSGENIE_LIMITS.message,
    ),
    alias: config.alias ?? truncateText(incidentDedupKey(state), OPSGENIE_LIMITS.alias),
    description: truncateText(description, OPSGENIE_LIMITS.description),
    ...(config.responders ? { responders: config.responders } : {}),
    tags,
    details: detailsOf(state),
    ...(config.entity ? { entity: truncateText(config.entity, OPSGENIE_LIMITS.entity) } : {}),
    source: truncateText(config.source ?? 'incident-kit', OPSGENIE_LIMITS.source),
    priority: PRIORITY[state.severity],
  };
}

/** Details as strings, added in order while they fit in the budget. */
function detailsOf(state: IncidentState): Record<string, string> {
  const candidates: [string, string][] = [
    ['incident', state.id],
    ['severity', state.severity],
    ['status', state.status],
    ['channel', state.channel],
    ...(state.alert ? ([['alert', state.alert.name]] as [string, string][]) : []),
    ...Object.entries(state.alert?.labels ?? {}),
  ];
  const details: Record<string, string> = {};
  let used = 0;
  for (const [key, value] of candidates) {
    if (Object.hasOwn(details, key)) continue;
    const size = key.length + value.length;
    if (used + size > OPSGENIE_LIMITS.details) continue;
    // A key from alert labels may be `__proto__`: define it, so it is kept as data, not taken as the prototype.
    Object.defineProperty(details, key, { value, enumerable: true, writable: true, configurable: true });
    used += size;
  }
  return details;
}

/**
 * An Opsgenie action on an incident's alert (by alias): acknowledge it or close it.
 *
 * @example
 * const action: OpsgenieAction = { path: '/v2/alerts/INC-1/close?identifierType=alias', body: { source: 'incident-kit' } };
 * action.path;
 * //=> '/v2/alerts/INC-1/close?identifierType=alias'
 */
export interface OpsgenieAction {
  /** The path to POST to, under {@link OPSGENIE_API_URL}. */
  readonly path: string;
  readonly body: { readonly source: string; readonly user?: string; readonly note?: string };
}

/**
 * Options for {@link toOpsgenieAction}: who did it and a note (cut to Opsgenie's limits), the source, the alias.
 *
 * @example
 * OpsgenieActionOptionsSchema.parse({ user: 'jane' }).user;
 * //=> 'jane'
 */
export const OpsgenieActionOptionsSchema = z.strictObject({
  user: z.string().trim().min(1).optional(),
  note: z.string().trim().min(1).optional(),
  source: z.string().trim().min(1).optional(),
  alias: z.string().trim().min(1).max(OPSGENIE_LIMITS.alias).optional(),
});

/**
 * What callers pass as {@link OpsgenieActionOptionsSchema}.
 *
 * @example
 * const options: OpsgenieActionOptions = { note: 'Resolved' };
 * options.note;
 * //=> 'Resolved'
 */
export type OpsgenieActionOptions = z.input<typeof OpsgenieActionOptionsSchema>;

/**
 * Builds the Opsgenie request that acknowledges or closes an incident's alert, found by its alias.
 *
 * @param incident - the incident (checked as `validateIncidentState` does, unless this library made it)
 * @param action - `acknowledge` or `close`
 * @param options - user, note, source, alias
 * @returns the path and body
 * @throws {IncidentKitError} `invalid_input` for bad options or a state of the wrong shape, `inconsistent_state` for a
 *   state that contradicts itself
 * @example
 * toOpsgenieAction(incident, 'close', { note: 'Resolved' }).path;
 * //=> '/v2/alerts/incident-kit%3AINC-1/close?identifierType=alias'
 */
export function toOpsgenieAction(
  incident: IncidentState,
  action: 'acknowledge' | 'close',
  options: OpsgenieActionOptions = {},
): OpsgenieAction {
  const state = requireIncidentState(incident, 'state');
  if (action !== 'acknowledge' && action !== 'close')
    throw invalidArgument('action', "'acknowledge' or 'close'", action);
  const config = parseInput(OpsgenieActionOptionsSchema, options, 'Opsgenie action options');
  const alias = config.alias ?? truncateText(incidentDedupKey(state), OPSGENIE_LIMITS.alias);
  return {
    path: `/v2/alerts/${encodeURIComponent(alias)}/${action}?identifierType=alias`,
    body: {
      source: truncateText(config.source ?? 'incident-kit', OPSGENIE_LIMITS.source),
      ...(config.user ? { user: truncateText(config.user, OPSGENIE_LIMITS.user) } : {}),
      ...(config.note ? { note: truncateText(config.note, OPSGENIE_LIMITS.note) } : {}),
    },
  };
}
