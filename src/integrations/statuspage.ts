import * as z from 'zod';
import {
  deriveStatusPageUpdate,
  PUBLIC_STATUS_OF,
  PUBLIC_STATUS_PAGE_DEFAULTS,
} from '../comms/derive-messages';
import { truncateText } from '../comms/format';
import { DEFAULT_STATUS_PAGE_CLOSINGS } from '../comms/messages';
import { parseInput } from '../errors';
import { type PublicStatus, PublicStatusSchema } from '../lifecycle/incident-event';
import type { IncidentState } from '../lifecycle/incident-state';
import { requireIncidentState } from '../lifecycle/state-guard';
import type { Degradation } from '../severity/impact-assessment';
import type { Severity } from '../severity/severity';
import { type Timestamp, TimestampSchema } from '../time/timestamp';

/**
 * Statuspage's incident limits: `name` 255 characters, `body` 25,000.
 *
 * @example
 * STATUSPAGE_LIMITS.body;
 * //=> 25000
 */
export const STATUSPAGE_LIMITS = { name: 255, body: 25_000 } as const;

/**
 * A component's status on a status page.
 *
 * @example
 * StatuspageComponentStatusSchema.options[0];
 * //=> 'operational'
 */
export const StatuspageComponentStatusSchema = z.enum([
  'operational',
  'under_maintenance',
  'degraded_performance',
  'partial_outage',
  'major_outage',
]);

/**
 * An Atlassian Statuspage incident create (`POST /v1/pages/{page_id}/incidents`) or update (`PATCH …/{incident_id}`)
 * body, as far as incident-kit fills it: name (required on create), status, impact, body, affected components and
 * their statuses, whether subscribers are notified, and metadata tying it to the incident.
 *
 * @example
 * StatuspageIncidentSchema.shape.incident.shape.impact_override.unwrap().options;
 * //=> ['none', 'minor', 'major', 'critical']
 */
export const StatuspageIncidentSchema = z.strictObject({
  incident: z.strictObject({
    name: z.string().min(1).max(STATUSPAGE_LIMITS.name).optional(),
    status: PublicStatusSchema,
    impact_override: z.enum(['none', 'minor', 'major', 'critical']).optional(),
    body: z.string().max(STATUSPAGE_LIMITS.body),
    component_ids: z.array(z.string()),
    components: z.record(z.string(), StatuspageComponentStatusSchema),
    deliver_notifications: z.boolean(),
    metadata: z.record(z.string(), z.record(z.string(), z.string())).optional(),
  }),
});

/**
 * A Statuspage incident request body.
 *
 * @example
 * const body: Pick<StatuspageIncident['incident'], 'status'> = { status: 'identified' };
 * body.status;
 * //=> 'identified'
 */
export type StatuspageIncident = z.output<typeof StatuspageIncidentSchema>;

/**
 * Options for {@link toStatuspageIncident}.
 *
 * @example
 * StatuspageOptionsSchema.parse({ components: { login: '0frwxtbsbr91' } }).mode;
 * //=> 'create'
 */
export const StatuspageOptionsSchema = z.strictObject({
  /** `create` includes the name; `update` leaves it (unless `name` is given). */
  mode: z.enum(['create', 'update']).default('create'),
  /** The time of the post (default: the incident's last event). */
  now: TimestampSchema.optional(),
  /**
   * The public name (default: "Service disruption"; the incident's own title is internal wording, often an alert
   * name, and is never posted by default).
   */
  name: z.string().trim().min(1).optional(),
  /** The public status (default: from the lifecycle: triage → investigating, mitigating → identified, …). */
  status: PublicStatusSchema.optional(),
  /** The public message (default: the last public message, else a plain sentence). */
  message: z.string().trim().min(1).optional(),
  /** Status page component ids by affected feature (the impact assessment's `affectedFeatures`). */
  components: z.record(z.string(), z.string().min(1)).default({}),
  /** Component ids affected whatever the features. */
  componentIds: z.array(z.string().min(1)).default([]),
  deliverNotifications: z.boolean().default(true),
});

/**
 * What callers pass as {@link StatuspageOptionsSchema}.
 *
 * @example
 * const options: StatuspageOptions = { mode: 'update', status: 'monitoring' };
 * options.status;
 * //=> 'monitoring'
 */
export type StatuspageOptions = z.input<typeof StatuspageOptionsSchema>;

type Impact = NonNullable<StatuspageIncident['incident']['impact_override']>;
type ComponentStatus = z.infer<typeof StatuspageComponentStatusSchema>;

const IMPACT_OF_DEGRADATION: Readonly<Record<Degradation, Impact>> = {
  none: 'none',
  cosmetic: 'none',
  degraded: 'minor',
  partial_outage: 'major',
  full_outage: 'critical',
};

const IMPACT_OF_SEVERITY: Readonly<Record<Severity, Impact>> = {
  SEV1: 'critical',
  SEV2: 'major',
  SEV3: 'minor',
  SEV4: 'none',
  SEV5: 'none',
};

const COMPONENT_OF_DEGRADATION: Readonly<Record<Degradation, ComponentStatus>> = {
  none: 'operational',
  cosmetic: 'operational',
  degraded: 'degraded_performance',
  partial_outage: 'partial_outage',
  full_outage: 'major_outage',
};

const COMPONENT_OF_SEVERITY: Readonly<Record<Severity, ComponentStatus>> = {
  SEV1: 'major_outage',
  SEV2: 'partial_outage',
  SEV3: 'degraded_performance',
  SEV4: 'degraded_performance',
  SEV5: 'operational',
};

/**
 * Builds a Statuspage incident create or update body. The status follows the lifecycle (or `status`); the impact
 * and the affected components' statuses come from the impact assessment (`degradation`: degraded → minor /
 * degraded performance, partial outage → major / partial outage, full outage → critical / major outage), else
 * from the severity; the components are `componentIds` plus those mapped from the affected features; a resolved
 * incident sets them back to operational. The body is the public message, the standard closing lines and when the
 * next update comes, cut to 25,000 characters; the name to 255.
 *
 * @param incident - the incident (checked as `validateIncidentState` does, unless this library made it)
 * @param options - mode, time, public name, status and message, components, notifications
 * @returns the request body
 * @throws {IncidentKitError} `invalid_input` for bad options or a state of the wrong shape, `inconsistent_state` for a
 *   state that contradicts itself
 * @example
 * const body = toStatuspageIncident(incident, { components: { login: '0frwxtbsbr91' } });
 * [body.incident.status, body.incident.impact_override, body.incident.components];
 * //=> ['investigating', 'major', { '0frwxtbsbr91': 'partial_outage' }]
 */
export function toStatuspageIncident(
  incident: IncidentState,
  options: StatuspageOptions = {},
): StatuspageIncident {
  const state = requireIncidentState(incident, 'state');
  const config = parseInput(StatuspageOptionsSchema, options, 'Statuspage options');
  const status: PublicStatus = config.status ?? PUBLIC_STATUS_OF[state.status];
  // The incident's title is internal (often an alert name such as "Login error rate above 5% on auth-service"):
  // a public post uses the name it is given, else a neutral one.
  const name = truncateText(
    oneLine(config.name ?? PUBLIC_STATUS_PAGE_DEFAULTS.title),
    STATUSPAGE_LIMITS.name,
  );
  const now = config.now ?? state.lastEventAt;
  const impact = state.impact;
  const componentStatus: ComponentStatus =
    status === 'resolved'
      ? 'operational'
      : impact
        ? COMPONENT_OF_DEGRADATION[impact.degradation]
        : COMPONENT_OF_SEVERITY[state.severity];
  const ids = new Set(config.componentIds);
  for (const feature of impact?.affectedFeatures ?? []) {
    const id = Object.hasOwn(config.components, feature) ? config.components[feature] : undefined;
    if (id) ids.add(id);
  }
  const components: Record<string, ComponentStatus> = {};
  // Ids come from options and may be any string, `__proto__` included: define them as data.
  for (const id of ids)
    Object.defineProperty(components, id, {
      value: componentStatus,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  return {
    incident: {
      ...(config.mode === 'create' || config.name !== undefined ? { name } : {}),
      status,
      impact_override: impact
        ? IMPACT_OF_DEGRADATION[impact.degradation]
        : IMPACT_OF_SEVERITY[state.severity],
      body: truncateText(
        bodyOf(state, status, config.name === undefined ? undefined : name, now, config.message),
        STATUSPAGE_LIMITS.body,
      ),
      component_ids: [...ids],
      components,
      deliver_notifications: config.deliverNotifications,
      metadata: { incident_kit: { incident_id: state.id } },
    },
  };
}

/** The post's text; `name` is the public name the caller gave (never the incident's internal title). */
function bodyOf(
  state: IncidentState,
  status: PublicStatus,
  name: string | undefined,
  now: Timestamp,
  message: string | undefined,
): string {
  // A resolved post states the resolution, not the last progress message.
  const resolved =
    status === 'resolved'
      ? name === undefined
        ? PUBLIC_STATUS_PAGE_DEFAULTS.resolvedMessage
        : `The issue affecting ${name} has been resolved.`
      : undefined;
  const post = deriveStatusPageUpdate(state, {
    now,
    status,
    ...(name === undefined ? {} : { title: name }),
    ...((message ?? resolved) ? { message: message ?? resolved } : {}),
  });
  const lines = [post.message];
  if (status === 'resolved' && state.resolution?.dataLoss === 'none') lines.push('No data was lost.');
  lines.push(DEFAULT_STATUS_PAGE_CLOSINGS[status]);
  if (post.nextUpdateInMinutes !== null) lines.push(`Next update: in ${post.nextUpdateInMinutes} minutes.`);
  return lines.join('\n\n');
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
