import * as z from 'zod';
import { truncateText } from '../comms/format';
import { parseInput } from '../errors';
import { invalidArgument, ownValue } from '../internal/arguments';
import { AlertSeveritySchema } from '../lifecycle/create-incident';
import type { IncidentState } from '../lifecycle/incident-state';
import { requireIncidentState } from '../lifecycle/state-guard';
import type { Severity } from '../severity/severity';
import { incidentDedupKey } from './dedup-key';
import { utf8Length } from './internal/web';

/**
 * The PagerDuty Events API v2 limits: `payload.summary` 1024 characters, `dedup_key` 255, the whole event 512 KB.
 * `source`, `component`, `group` and `class` are kept to 255 here (PagerDuty documents no limit for them).
 *
 * @example
 * PAGERDUTY_EVENT_LIMITS.summary;
 * //=> 1024
 */
export const PAGERDUTY_EVENT_LIMITS = {
  summary: 1024,
  dedupKey: 255,
  field: 255,
  bytes: 512 * 1024,
} as const;

/**
 * Where Events API v2 events are sent.
 *
 * @example
 * PAGERDUTY_EVENTS_URL;
 * //=> 'https://events.pagerduty.com/v2/enqueue'
 */
export const PAGERDUTY_EVENTS_URL = 'https://events.pagerduty.com/v2/enqueue';

const field = z.string().max(PAGERDUTY_EVENT_LIMITS.field).optional();
const link = z.looseObject({ href: z.string().min(1), text: z.string().optional() });
const image = z.looseObject({
  src: z.string().startsWith('https://', 'Image sources must be HTTPS'),
  href: z.string().optional(),
  alt: z.string().optional(),
});
const common = {
  routing_key: z.string().min(1),
  dedup_key: z.string().min(1).max(PAGERDUTY_EVENT_LIMITS.dedupKey),
};

/**
 * A PagerDuty Events API v2 event: `trigger` with a payload (summary, source, severity, optional timestamp,
 * component, group, class and custom details, plus links and HTTPS images), or `acknowledge`/`resolve` naming the
 * `dedup_key` of the alert. PagerDuty's own documentation examples parse with it.
 *
 * @example
 * PagerDutyEventSchema.safeParse({ routing_key: 'r', dedup_key: 'k', event_action: 'resolve' }).success;
 * //=> true
 */
export const PagerDutyEventSchema = z.discriminatedUnion('event_action', [
  z.looseObject({
    ...common,
    dedup_key: common.dedup_key.optional(),
    event_action: z.literal('trigger'),
    payload: z.looseObject({
      summary: z.string().min(1).max(PAGERDUTY_EVENT_LIMITS.summary),
      source: z.string().min(1),
      severity: AlertSeveritySchema,
      timestamp: z.string().optional(),
      component: z.string().optional(),
      group: z.string().optional(),
      class: z.string().optional(),
      custom_details: z.record(z.string(), z.unknown()).optional(),
    }),
    client: z.string().optional(),
    client_url: z.string().optional(),
    links: z.array(link).optional(),
    images: z.array(image).optional(),
  }),
  z.looseObject({ ...common, event_action: z.literal('acknowledge') }),
  z.looseObject({ ...common, event_action: z.literal('resolve') }),
]);

/**
 * A PagerDuty Events API v2 event.
 *
 * @example
 * const event: PagerDutyEvent = { routing_key: 'r', dedup_key: 'k', event_action: 'acknowledge' };
 * event.event_action;
 * //=> 'acknowledge'
 */
export type PagerDutyEvent = z.output<typeof PagerDutyEventSchema>;

/**
 * Options for {@link toPagerDutyEvent}: the integration's routing key, and optional payload fields.
 *
 * @example
 * PagerDutyEventOptionsSchema.parse({ routingKey: 'e93facc04764012d7bfb002500d5d1a6' }).routingKey.length;
 * //=> 32
 */
export const PagerDutyEventOptionsSchema = z.strictObject({
  /** The Events API v2 integration key of the service to page. */
  routingKey: z.string().trim().min(1).max(128),
  /** `payload.source` (default: the alert's `instance` label, else its source, else `incident-kit`). */
  source: z.string().trim().min(1).max(PAGERDUTY_EVENT_LIMITS.field).optional(),
  component: field,
  group: field,
  class: field,
  /** `client` (default `incident-kit`) and `client_url`, shown in PagerDuty with the alert. */
  client: field,
  clientUrl: z.url().max(2048).optional(),
  /** Overrides the dedup key (default {@link incidentDedupKey}). */
  dedupKey: z.string().trim().min(1).max(PAGERDUTY_EVENT_LIMITS.dedupKey).optional(),
});

/**
 * What callers pass as {@link PagerDutyEventOptionsSchema}.
 *
 * @example
 * const options: PagerDutyEventOptions = { routingKey: 'e93facc04764012d7bfb002500d5d1a6', component: 'auth' };
 * options.component;
 * //=> 'auth'
 */
export type PagerDutyEventOptions = z.input<typeof PagerDutyEventOptionsSchema>;

const PAGER_SEVERITY: Readonly<Record<Severity, z.infer<typeof AlertSeveritySchema>>> = {
  SEV1: 'critical',
  SEV2: 'critical',
  SEV3: 'error',
  SEV4: 'warning',
  SEV5: 'info',
};

const LEFT_OUT = 'Details left out: the event would exceed 512 KB';

/**
 * Builds a PagerDuty Events API v2 event for an incident: `trigger` (summary `[SEV2] title`, severity from the
 * incident's, details and the alert's links), `acknowledge` or `resolve`, all with the same stable `dedup_key`
 * ({@link incidentDedupKey}), so PagerDuty keeps them on one alert. Limits hold for any input: the summary is cut to
 * 1024 characters, fields to 255, and details then links are left out if the event would pass 512 KB.
 *
 * @param incident - the incident (checked as `validateIncidentState` does, unless this library made it)
 * @param action - `trigger`, `acknowledge` or `resolve`
 * @param options - routing key and optional payload fields
 * @returns the event body to POST to {@link PAGERDUTY_EVENTS_URL}
 * @throws {IncidentKitError} `invalid_input` for bad options or a state of the wrong shape, `inconsistent_state` for a
 *   state that contradicts itself
 * @example
 * const event = toPagerDutyEvent(incident, 'trigger', { routingKey: 'e93facc04764012d7bfb002500d5d1a6' });
 * [event.dedup_key, event.event_action === 'trigger' && event.payload.summary];
 * //=> ['incident-kit:INC-1', '[SEV2] Auth Service Degraded']
 */
export function toPagerDutyEvent(
  incident: IncidentState,
  action: 'trigger' | 'acknowledge' | 'resolve',
  options: PagerDutyEventOptions,
): PagerDutyEvent {
  const state = requireIncidentState(incident, 'state');
  if (action !== 'trigger' && action !== 'acknowledge' && action !== 'resolve')
    throw invalidArgument('action', "'trigger', 'acknowledge' or 'resolve'", action);
  const config = parseInput(PagerDutyEventOptionsSchema, options, 'PagerDuty event options');
  const dedupKey = config.dedupKey ?? incidentDedupKey(state);
  if (action !== 'trigger')
    return { routing_key: config.routingKey, dedup_key: dedupKey, event_action: action };
  const alert = state.alert ?? null;
  const source = config.source ?? ownValue(alert?.labels, 'instance') ?? alert?.source ?? 'incident-kit';
  const customDetails: Record<string, unknown> = {
    incident: state.id,
    severity: state.severity,
    status: state.status,
    channel: state.channel,
    ...(alert
      ? {
          alert: alert.name,
          ...(alert.description ? { description: alert.description } : {}),
          ...(alert.labels ? { labels: alert.labels } : {}),
          ...(alert.annotations ? { annotations: alert.annotations } : {}),
        }
      : {}),
  };
  const event: PagerDutyEvent & { event_action: 'trigger' } = {
    routing_key: config.routingKey,
    dedup_key: dedupKey,
    event_action: 'trigger',
    payload: {
      summary: truncateText(`[${state.severity}] ${oneLine(state.title)}`, PAGERDUTY_EVENT_LIMITS.summary),
      source: truncateText(oneLine(source) || 'incident-kit', PAGERDUTY_EVENT_LIMITS.field),
      severity: PAGER_SEVERITY[state.severity],
      timestamp: state.milestones.detectedAt,
      ...(config.component ? { component: config.component } : {}),
      ...(config.group ? { group: config.group } : {}),
      ...(config.class ? { class: config.class } : {}),
      custom_details: customDetails,
    },
    client: config.client ?? 'incident-kit',
    ...(config.clientUrl ? { client_url: config.clientUrl } : {}),
    ...(alert?.links?.length
      ? {
          links: alert.links.map((entry) => ({
            href: entry.href,
            ...(entry.text ? { text: entry.text } : {}),
          })),
        }
      : {}),
  };
  if (bytesOf(event) <= PAGERDUTY_EVENT_LIMITS.bytes) return event;
  event.payload.custom_details = { note: LEFT_OUT };
  if (bytesOf(event) <= PAGERDUTY_EVENT_LIMITS.bytes) return event;
  delete event.links;
  return event;
}

function bytesOf(value: unknown): number {
  return utf8Length(JSON.stringify(value));
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
