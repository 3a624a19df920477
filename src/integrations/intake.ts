import * as z from 'zod';
import { describeValue, IncidentKitError, type Result, safeParseInput } from '../errors';
import { isPlainObjectLike } from '../internal/arguments';
import { getAllowedEvents } from '../lifecycle/apply-event';
import type { IncidentDeclaration } from '../lifecycle/create-incident';
import { IncidentAlertSchema } from '../lifecycle/incident-alert';
import type { IncidentEventInput } from '../lifecycle/incident-event';
import type { IncidentState } from '../lifecycle/incident-state';
import { ACTIVE_STATUSES } from '../lifecycle/incident-status';
import { checkIncidentState } from '../lifecycle/state-guard';
import { PersonSchema } from '../roles/person';
import { latestOf, type Timestamp, TimestampSchema } from '../time/timestamp';
import { derivedKey } from './internal/hash';

/**
 * One thing an alert source reported: an alert started or stopped firing, or (from a pager) an incident was
 * acknowledged or changed. `eventId` is derived from the source's own keys, so a redelivered notification yields the
 * same id and applying it again is a duplicate. Internal: the type {@link AlertSignal} is public.
 *
 * @example
 * AlertSignalSchema.shape.change.options;
 * //=> ['firing', 'resolved', 'acknowledged', 'updated']
 */
export const AlertSignalSchema = z.object({
  /** What happened. */
  change: z.enum(['firing', 'resolved', 'acknowledged', 'updated']),
  /** The source's key for the alert (fingerprint, PagerDuty incident key). */
  key: z.string(),
  /** When it happened at the source, or `null` when the source did not say (Grafana's zero time). */
  at: TimestampSchema.nullable(),
  /** A stable event id (at most 200 characters) derived from the source's keys. */
  eventId: z.string().min(1).max(200),
  /** A one-line, plain-text account of it, for the incident's timeline. */
  text: z.string(),
  /** The alert as an incident would keep it. */
  alert: IncidentAlertSchema,
  /** Who did it, when the source says (a PagerDuty agent). */
  by: PersonSchema.optional(),
});

/**
 * One thing an alert source reported: an alert started or stopped firing, or (from a pager) an incident was
 * acknowledged or changed. `eventId` is derived from the source's own keys, so a redelivered notification yields the
 * same id and applying it again is a duplicate.
 *
 * @example
 * const signal: AlertSignal = { change: 'firing', key: '829fa4ab5206a00d', at: '2026-11-27T17:48:36.738Z',
 *   eventId: 'alertmanager:firing:0f1e2d3c4b5a6978', text: 'Alert InstanceDown firing: Instance host-a:9100 down',
 *   alert: { name: 'InstanceDown', severity: 'critical' } };
 * signal.change;
 * //=> 'firing'
 */
export type AlertSignal = z.output<typeof AlertSignalSchema>;

/**
 * What one inbound notification says (see {@link AlertIntake}). Internal: the type is public.
 *
 * @example
 * AlertIntakeSchema.shape.status.options;
 * //=> ['firing', 'resolved']
 */
export const AlertIntakeSchema = z.object({
  /** `'alertmanager'`, `'grafana'`, `'pagerduty'` or `'generic'`. */
  source: z.string(),
  /** Finds the incident: store it with the incident and look it up on the next delivery. */
  dedupKey: z.string(),
  /** The source's group key (Alertmanager `groupKey`), when it has one. */
  groupKey: z.string().nullable(),
  /** `firing` while any alert of the group fires. */
  status: z.enum(['firing', 'resolved']),
  /** Alerts the source left out of the notification (Alertmanager `max_alerts`). */
  truncatedAlerts: z.number().int().min(0),
  /** The group as one alert: what an incident opened from this notification keeps. */
  alert: IncidentAlertSchema,
  signals: z.array(AlertSignalSchema),
  /** Why nothing here concerns an incident (e.g. a PagerDuty `service.updated` event), else `null`. */
  ignored: z.string().nullable(),
});

/**
 * What one inbound notification says, independent of its vendor: the key that finds its incident (`dedupKey`, the
 * same for every delivery about the same alert group), the group's alert as an incident would keep it, and each
 * signal. Route it with {@link routeAlertIntake}.
 *
 * @example
 * const intake: AlertIntake = { source: 'generic', dedupKey: 'db-disk', groupKey: null, status: 'firing',
 *   truncatedAlerts: 0, alert: { name: 'DiskFull', severity: 'warning' }, signals: [], ignored: null };
 * intake.dedupKey;
 * //=> 'db-disk'
 */
export type AlertIntake = z.output<typeof AlertIntakeSchema>;

/**
 * What to do with an intake: open an incident (`declare`, then apply `events` to it, which records the alerts'
 * event ids so redeliveries are duplicates), apply `events` to the open incident, or nothing (`ignore`, with why).
 *
 * @example
 * const route: AlertRoute = { action: 'ignore', reason: 'Nothing is firing: no incident to open' };
 * route.action;
 * //=> 'ignore'
 */
export type AlertRoute =
  | {
      readonly action: 'declare';
      readonly declaration: IncidentDeclaration;
      readonly events: readonly IncidentEventInput[];
    }
  | {
      readonly action: 'apply';
      readonly incidentId: string;
      readonly events: readonly IncidentEventInput[];
      /** Event ids the incident had already applied (a redelivery): nothing to do for them. */
      readonly duplicates: readonly string[];
    }
  | { readonly action: 'ignore'; readonly reason: string };

/**
 * Options for {@link routeAlertIntake}.
 *
 * @example
 * const options: RouteAlertOptions = { at: '2026-11-27T17:48:40Z', onResolved: 'resolve' };
 * options.onResolved;
 * //=> 'resolve'
 */
export interface RouteAlertOptions {
  /** When the notification was received: the time of a declaration and of events (default: the alerts' times). */
  readonly at?: string;
  /** The id of a new incident (default: derived from the dedup key and the firing alerts, so it is stable). */
  readonly incidentId?: string;
  /**
   * When everything resolved at the source: suggest a `resolve` of kind `resolved_at_source`, or only a note
   * (default), leaving the decision to a person.
   */
  readonly onResolved?: 'note' | 'resolve';
  /** Extra declaration fields for a new incident: `by`, `slug`, `settings`, `alertSeverityMap`, `ackDeadlineFrom`. */
  readonly declaration?: Pick<
    IncidentDeclaration,
    'by' | 'slug' | 'settings' | 'alertSeverityMap' | 'ackDeadlineFrom'
  >;
}

const TITLE_MAX = 200;
const NOTE_MAX = 1000;

function clip(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= max ? flat : `${flat.slice(0, max - 1)}…`;
}

/**
 * Decides what an intake means for the incident the host keeps under its `dedupKey`: with no open incident and
 * something firing, a declaration (title, provisional severity and the alert) and one note per firing alert; with an
 * open incident, events for what changed (a new alert → a note, a pager's acknowledgement → `acknowledge` where
 * allowed, everything resolved → a note or, with `onResolved: 'resolve'`, a `resolve` of kind `resolved_at_source`),
 * leaving out event ids the incident already applied.
 *
 * @param given - from `parseAlertmanagerWebhook`, `parseGrafanaWebhook`, `parsePagerDutyWebhook` or
 *   `parseGenericAlert`
 * @param stored - the latest incident stored under `intake.dedupKey`, or `null`
 * @param config - receive time, incident id, what a resolution at the source does, extra declaration fields
 * @returns the route, or an error (never thrown): `invalid_input` for no usable time, a bad option, an intake or
 *   incident of the wrong shape; `inconsistent_state` for an incident that contradicts itself
 * @example
 * const route = routeAlertIntake(intake, null, { at: '2026-11-27T17:48:40Z' });
 * route.ok && route.value.action;
 * //=> 'declare'
 */
export function routeAlertIntake(
  given: AlertIntake,
  stored: IncidentState | null,
  config: RouteAlertOptions = {},
): Result<AlertRoute> {
  const parsed = safeParseInput(AlertIntakeSchema, given, 'alert intake');
  if (!parsed.ok) return parsed;
  const intake = parsed.value;
  let existing: IncidentState | null = null;
  if (stored !== null) {
    const checked = checkIncidentState(stored, 'existing incident');
    if (!checked.ok) return checked;
    existing = checked.value;
  }
  const options = readRouteOptions(config);
  if (!options.ok) return options;
  return route(intake, existing, options.value);
}

function readRouteOptions(options: unknown): Result<RouteAlertOptions> {
  if (options === undefined) return { ok: true, value: {} };
  if (!isPlainObjectLike(options))
    return optionError(`options must be an object, got ${describeValue(options)}`, options);
  const { incidentId, onResolved, declaration } = options;
  if (incidentId !== undefined && typeof incidentId !== 'string')
    return optionError(
      `Invalid \`incidentId\`: expected a string, got ${describeValue(incidentId)}`,
      options,
    );
  if (onResolved !== undefined && onResolved !== 'note' && onResolved !== 'resolve')
    return optionError(
      `Invalid \`onResolved\`: expected 'note' or 'resolve', got ${describeValue(onResolved)}`,
      options,
    );
  if (declaration !== undefined && !isPlainObjectLike(declaration))
    return optionError(
      `Invalid \`declaration\`: expected an object, got ${describeValue(declaration)}`,
      options,
    );
  return { ok: true, value: options as RouteAlertOptions };
}

function route(
  intake: AlertIntake,
  existing: IncidentState | null,
  options: RouteAlertOptions,
): Result<AlertRoute> {
  let receivedAt: Timestamp | undefined;
  if (options.at !== undefined) {
    const parsed = TimestampSchema.safeParse(options.at);
    if (!parsed.success) return optionError(`Invalid \`at\`: ${parsed.error.issues[0]?.message}`, options);
    receivedAt = parsed.data;
  }
  if (intake.signals.length === 0) {
    return {
      ok: true,
      value: { action: 'ignore', reason: intake.ignored ?? 'The notification has no alerts' },
    };
  }
  const firing = intake.signals.filter((signal) => signal.change === 'firing');
  const open = existing !== null && ACTIVE_STATUSES.includes(existing.status);
  if (!open) {
    if (firing.length === 0) {
      const reason = existing
        ? `Incident ${existing.id} is ${existing.status} and nothing is firing`
        : 'Nothing is firing: no incident to open';
      return { ok: true, value: { action: 'ignore', reason } };
    }
    const at = receivedAt ?? earliest(firing.map((signal) => signal.at));
    if (at === undefined) {
      return optionError(
        'The alerts carry no start time: give `at`, the time the notification was received',
        options,
      );
    }
    const declaration: IncidentDeclaration = {
      ...options.declaration,
      id:
        options.incidentId ??
        derivedKey(intake.source, [
          intake.dedupKey,
          ...firing.map((signal) => signal.eventId).sort(),
        ]).replace(':', '-'),
      // A blank summary (the alert schema allows one) is no title: the name, which is never blank, is.
      title: clip(intake.alert.summary || intake.alert.name, TITLE_MAX),
      at,
      alert: intake.alert,
    };
    const events = firing.map(
      (signal): IncidentEventInput => ({
        type: 'add_note',
        id: signal.eventId,
        at,
        text: clip(signal.text, NOTE_MAX),
      }),
    );
    return { ok: true, value: { action: 'declare', declaration, events } };
  }
  // The lifecycle keeps each applied event's id on its timeline entry (envelope version 2).
  const applied = new Set(
    existing.timeline.flatMap((entry) => (entry.eventId === undefined ? [] : [entry.eventId])),
  );
  const allowed = new Set<string>(getAllowedEvents(existing));
  const duplicates: string[] = [];
  const events: IncidentEventInput[] = [];
  // Events must not go back in time: each is at least as late as the incident's last event and the one before it.
  let last = existing.lastEventAt;
  const timeOf = (signal: AlertSignal): Timestamp => {
    const candidate = receivedAt ?? signal.at ?? last;
    last = latestOf([candidate, last]);
    return last;
  };
  // One resolve at most: the last resolution not yet applied, when the whole group resolved and the host wants it.
  const resolver =
    intake.status === 'resolved' && options.onResolved === 'resolve' && allowed.has('resolve')
      ? [...intake.signals]
          .reverse()
          .find((signal) => signal.change === 'resolved' && !applied.has(signal.eventId))
      : undefined;
  for (const signal of intake.signals) {
    if (applied.has(signal.eventId)) {
      duplicates.push(signal.eventId);
      continue;
    }
    const base = { id: signal.eventId, at: timeOf(signal), ...(signal.by ? { by: signal.by } : {}) };
    if (signal.change === 'acknowledged' && allowed.has('acknowledge')) {
      events.push({ type: 'acknowledge', ...base });
    } else if (signal === resolver) {
      events.push({
        type: 'resolve',
        kind: 'resolved_at_source',
        summary: clip(`Resolved at the source: ${signal.alert.summary || signal.alert.name}`, NOTE_MAX),
        ...base,
      });
    } else {
      events.push({ type: 'add_note', ...base, text: clip(signal.text, NOTE_MAX) });
    }
  }
  return { ok: true, value: { action: 'apply', incidentId: existing.id, events, duplicates } };
}

function earliest(times: readonly (Timestamp | null)[]): Timestamp | undefined {
  let first: Timestamp | undefined;
  for (const time of times) if (time !== null && (first === undefined || time < first)) first = time;
  return first;
}

function optionError(
  message: string,
  input: unknown,
): { readonly ok: false; readonly error: IncidentKitError } {
  return {
    ok: false,
    error: new IncidentKitError('invalid_input', message, { input, details: { reason: 'bad_option' } }),
  };
}
