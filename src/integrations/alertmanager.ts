import * as z from 'zod';
import { describeValue, type Result } from '../errors';
import { invalidArgument, ownValue } from '../internal/arguments';
import { AlertSeveritySchema } from '../lifecycle/create-incident';
import { type IncidentAlert, IncidentAlertSchema } from '../lifecycle/incident-alert';
import { type Timestamp, TimestampSchema } from '../time/timestamp';
import type { AlertIntake, AlertSignal } from './intake';
import { bodyError, parseShape, readParserOptions, readVersioned } from './internal/body';
import { derivedKey } from './internal/hash';

const labels = z.record(z.string(), z.string());

/**
 * One alert in an Alertmanager webhook notification (version 4), as the Prometheus Alertmanager documents it.
 * Unknown fields are kept (newer releases add some).
 *
 * @example
 * AlertmanagerAlertSchema.shape.status.options;
 * //=> ['firing', 'resolved']
 */
export const AlertmanagerAlertSchema = z.looseObject({
  status: z.enum(['firing', 'resolved']),
  labels,
  annotations: labels.default({}),
  /** RFC 3339, often with 9 fractional digits. */
  startsAt: z.string(),
  /** `0001-01-01T00:00:00Z` while the alert fires. */
  endsAt: z.string().optional(),
  generatorURL: z.string().optional(),
  fingerprint: z.string().optional(),
});

/**
 * An Alertmanager webhook notification, version `"4"`: one alert group (`groupKey`), its status, common labels and
 * annotations, and the alerts (`truncatedAlerts` were left out by `max_alerts`). `notification_reason` and other
 * fields of newer releases are accepted and ignored.
 *
 * @example
 * AlertmanagerWebhookSchema.shape.version.value;
 * //=> '4'
 */
export const AlertmanagerWebhookSchema = z.looseObject({
  version: z.literal('4'),
  groupKey: z.string(),
  truncatedAlerts: z.number().int().min(0).default(0),
  status: z.enum(['firing', 'resolved']),
  receiver: z.string(),
  groupLabels: labels.default({}),
  commonLabels: labels.default({}),
  commonAnnotations: labels.default({}),
  externalURL: z.string().optional(),
  alerts: z.array(AlertmanagerAlertSchema),
});

/**
 * A parsed Alertmanager webhook notification.
 *
 * @example
 * const notification: Pick<AlertmanagerWebhook, 'version'> = { version: '4' };
 * notification.version;
 * //=> '4'
 */
export type AlertmanagerWebhook = z.output<typeof AlertmanagerWebhookSchema>;

/**
 * Options for the alert-group parsers (Alertmanager, Grafana).
 *
 * @example
 * const options: AlertGroupOptions = { maxBytes: 65_536, severityLabel: 'priority' };
 * options.severityLabel;
 * //=> 'priority'
 */
export interface AlertGroupOptions {
  /** Refuse bodies larger than this many bytes, before parsing (default 1 MiB). */
  readonly maxBytes?: number;
  /** The label holding the alert's severity (default `severity`). */
  readonly severityLabel?: string;
  /** The severity of an alert whose label is missing or unknown (default `warning`). */
  readonly defaultSeverity?: z.infer<typeof AlertSeveritySchema>;
}

type AlertSeverity = z.infer<typeof AlertSeveritySchema>;

// Words used for severities in alerting rules, mapped to the four PagerDuty severities.
const SEVERITY_WORDS: Readonly<Record<string, AlertSeverity>> = {
  critical: 'critical',
  crit: 'critical',
  fatal: 'critical',
  emergency: 'critical',
  page: 'critical',
  p1: 'critical',
  sev1: 'critical',
  error: 'error',
  err: 'error',
  high: 'error',
  major: 'error',
  p2: 'error',
  sev2: 'error',
  warning: 'warning',
  warn: 'warning',
  medium: 'warning',
  minor: 'warning',
  p3: 'warning',
  sev3: 'warning',
  info: 'info',
  informational: 'info',
  notice: 'info',
  low: 'info',
  none: 'info',
  p4: 'info',
  p5: 'info',
  sev4: 'info',
  sev5: 'info',
};

const SEVERITY_RANK: Readonly<Record<AlertSeverity, number>> = { critical: 0, error: 1, warning: 2, info: 3 };

/**
 * The alert severity a label value names (`critical`, `warn`, `P2`, `sev1`, … in any case), or `fallback`.
 *
 * @param value - the label's value, if any
 * @param fallback - the severity for a missing or unknown value
 * @returns one of `critical`, `error`, `warning`, `info`
 * @throws {IncidentKitError} `invalid_input` for a value that is not a string, or a fallback that is not a severity
 * @example
 * alertSeverityFromLabel('High', 'warning');
 * //=> 'error'
 */
export function alertSeverityFromLabel(value: string | undefined, fallback: AlertSeverity): AlertSeverity {
  if (!AlertSeveritySchema.options.includes(fallback))
    throw invalidArgument('fallback', `one of ${AlertSeveritySchema.options.join(', ')}`, fallback);
  if (value === undefined) return fallback;
  if (typeof value !== 'string') throw invalidArgument('value', 'a string or undefined', value);
  return ownValue(SEVERITY_WORDS, value.trim().toLowerCase()) ?? fallback;
}

/** The options of the alert-group parsers, checked: a bad one is a `bad_option` error, never a crash later. */
export function readAlertGroupOptions(options: AlertGroupOptions | undefined): Result<AlertGroupOptions> {
  const config = readParserOptions(options);
  if (!config.ok) return config;
  const { severityLabel, defaultSeverity } = config.value;
  if (severityLabel !== undefined && typeof severityLabel !== 'string')
    return bodyError(
      'bad_option',
      `severityLabel must be a string, got ${describeValue(severityLabel)}`,
      options,
    );
  if (defaultSeverity !== undefined && !AlertSeveritySchema.options.includes(defaultSeverity))
    return bodyError(
      'bad_option',
      `defaultSeverity must be one of ${AlertSeveritySchema.options.join(', ')}, got ${describeValue(defaultSeverity)}`,
      options,
    );
  return config;
}

// Go's zero time: Alertmanager's `endsAt` of a firing alert, Grafana's `startsAt` in some payloads.
const ZERO_TIME = /^0001-01-01T00:00:00(?:\.0+)?Z$/;

/** The shape the Alertmanager and Grafana notifications share, as the builder below reads it. */
interface AlertGroupPayload {
  readonly groupKey: string;
  readonly truncatedAlerts: number;
  readonly status: 'firing' | 'resolved';
  readonly receiver: string;
  readonly commonLabels: Readonly<Record<string, string>>;
  readonly commonAnnotations: Readonly<Record<string, string>>;
  readonly externalURL?: string | undefined;
  readonly alerts: readonly {
    readonly status: 'firing' | 'resolved';
    readonly labels: Readonly<Record<string, string>>;
    readonly annotations: Readonly<Record<string, string>>;
    readonly startsAt: string;
    readonly endsAt?: string | undefined;
    readonly generatorURL?: string | undefined;
    readonly fingerprint?: string | undefined;
    /** Extra links of the alert (Grafana's dashboard, panel and silence URLs). */
    readonly extraLinks?: readonly { readonly href: string; readonly text: string }[];
  }[];
}

const MAX_LINKS = 10;
const LINK_TEXT_MAX = 100;

function isUrl(href: string): boolean {
  return IncidentAlertSchema.shape.links.unwrap().element.shape.href.safeParse(href).success;
}

function linksOf(candidates: readonly { href: string | undefined; text: string }[]): IncidentAlert['links'] {
  const seen = new Set<string>();
  const links: { href: string; text: string }[] = [];
  for (const { href, text } of candidates) {
    if (!href || seen.has(href) || links.length >= MAX_LINKS || !isUrl(href)) continue;
    seen.add(href);
    links.push({ href, text: text.slice(0, LINK_TEXT_MAX) });
  }
  return links.length > 0 ? links : undefined;
}

function nonBlank(text: string | undefined): string | undefined {
  return text !== undefined && text.trim() !== '' ? text.trim() : undefined;
}

/**
 * Builds the intake of an alert-group notification (Alertmanager v4 and Grafana v1 share the shape). Timestamps are
 * checked here so a bad one is reported with its path.
 */
export function intakeFromAlertGroup(
  source: 'alertmanager' | 'grafana',
  payload: AlertGroupPayload,
  scope: readonly string[],
  options: AlertGroupOptions,
  input: unknown,
): Result<AlertIntake> {
  const severityLabel = options.severityLabel ?? 'severity';
  const fallback = options.defaultSeverity ?? 'warning';
  const dedupKey = derivedKey(source, [...scope, payload.receiver, payload.groupKey]);
  const signals: AlertSignal[] = [];
  const starts: (Timestamp | null)[] = [];
  for (const [index, raw] of payload.alerts.entries()) {
    const startsAt = sourceTime(raw.startsAt);
    const endsAt = raw.endsAt === undefined ? null : sourceTime(raw.endsAt);
    if (startsAt === undefined || endsAt === undefined) {
      const field = startsAt === undefined ? 'startsAt' : 'endsAt';
      return bodyError(
        'wrong_shape',
        `Invalid ${source} notification: alerts[${index}].${field} is not a timestamp`,
        input,
        {
          path: ['alerts', index, field],
        },
      );
    }
    starts.push(raw.status === 'firing' ? startsAt : null);
    const name =
      nonBlank(raw.labels.alertname) ?? nonBlank(payload.commonLabels.alertname) ?? 'Unnamed alert';
    const summary = nonBlank(raw.annotations.summary);
    const description = nonBlank(raw.annotations.description);
    const key = raw.fingerprint ?? derivedKey('labels', Object.entries(raw.labels).sort().flat());
    const alert: IncidentAlert = {
      name,
      severity: alertSeverityFromLabel(ownValue(raw.labels, severityLabel), fallback),
      ...(summary ? { summary } : {}),
      ...(description ? { description } : {}),
      source,
      ...nonEmpty('labels', raw.labels),
      ...nonEmpty('annotations', raw.annotations),
      ...(raw.fingerprint ? { fingerprint: raw.fingerprint } : {}),
      groupKey: payload.groupKey,
      dedupKey,
      ...(startsAt ? { startsAt } : {}),
    };
    const links = linksOf([
      { href: raw.generatorURL, text: 'Source' },
      { href: raw.annotations.runbook_url, text: 'Runbook' },
      ...(raw.extraLinks ?? []),
    ]);
    signals.push({
      change: raw.status,
      key,
      at: raw.status === 'firing' ? startsAt : (endsAt ?? startsAt),
      eventId: derivedKey(`${source}:${raw.status}`, [
        dedupKey,
        key,
        raw.startsAt,
        raw.status === 'resolved' ? (raw.endsAt ?? '') : '',
      ]),
      text: `Alert ${name} ${raw.status === 'firing' ? 'firing' : 'resolved'}${summary ? `: ${summary}` : ''}`,
      alert: links ? { ...alert, links } : alert,
    });
  }
  const group = groupAlert(source, payload, signals, starts, dedupKey, severityLabel, fallback);
  const status = signals.some((signal) => signal.change === 'firing') ? 'firing' : 'resolved';
  return {
    ok: true,
    value: {
      source,
      dedupKey,
      groupKey: payload.groupKey,
      status,
      truncatedAlerts: payload.truncatedAlerts,
      alert: group,
      signals,
      ignored: null,
    },
  };
}

/** The group as one alert: its common labels, the most severe firing alert's severity, the earliest start. */
function groupAlert(
  source: string,
  payload: AlertGroupPayload,
  signals: readonly AlertSignal[],
  starts: readonly (Timestamp | null)[],
  dedupKey: string,
  severityLabel: string,
  fallback: AlertSeverity,
): IncidentAlert {
  const firing = signals.filter((signal) => signal.change === 'firing');
  const relevant = firing.length > 0 ? firing : signals;
  const only = relevant.length === 1 ? relevant[0] : undefined;
  const names = [...new Set(relevant.map((signal) => signal.alert.name))];
  const name = nonBlank(payload.commonLabels.alertname) ?? names[0] ?? 'Unnamed alert';
  const severity = relevant
    .map((signal) => signal.alert.severity)
    .reduce<AlertSeverity>(
      (worst, next) => (SEVERITY_RANK[next] < SEVERITY_RANK[worst] ? next : worst),
      relevant.length > 0
        ? 'info'
        : alertSeverityFromLabel(ownValue(payload.commonLabels, severityLabel), fallback),
    );
  const summary =
    nonBlank(payload.commonAnnotations.summary) ??
    only?.alert.summary ??
    (relevant.length > 1
      ? `${names.length === 1 ? name : names.join(', ')}: ${relevant.length} alerts ${firing.length > 0 ? 'firing' : 'resolved'}`
      : undefined);
  const description = nonBlank(payload.commonAnnotations.description) ?? only?.alert.description;
  let startsAt: Timestamp | undefined;
  for (const start of starts)
    if (start !== null && (startsAt === undefined || start < startsAt)) startsAt = start;
  const links = linksOf([
    ...relevant.flatMap((signal) =>
      (signal.alert.links ?? []).map((link) => ({ href: link.href, text: link.text ?? 'Link' })),
    ),
    { href: payload.commonAnnotations.runbook_url, text: 'Runbook' },
    { href: payload.externalURL, text: source === 'grafana' ? 'Grafana' : 'Alertmanager' },
  ]);
  return {
    name,
    severity,
    ...(summary ? { summary } : {}),
    ...(description ? { description } : {}),
    source,
    ...nonEmpty('labels', payload.commonLabels),
    ...nonEmpty('annotations', payload.commonAnnotations),
    ...(only?.alert.fingerprint ? { fingerprint: only.alert.fingerprint } : {}),
    groupKey: payload.groupKey,
    dedupKey,
    ...(startsAt ? { startsAt } : {}),
    ...(links ? { links } : {}),
  };
}

function nonEmpty<K extends string>(
  key: K,
  record: Readonly<Record<string, string>>,
): Partial<Record<K, Record<string, string>>> {
  return Object.keys(record).length > 0
    ? ({ [key]: { ...record } } as Record<K, Record<string, string>>)
    : {};
}

/** A source timestamp: normalised, `null` for Go's zero time, `undefined` when it is not a timestamp. */
function sourceTime(text: string): Timestamp | null | undefined {
  if (ZERO_TIME.test(text)) return null;
  const parsed = TimestampSchema.safeParse(text);
  return parsed.success ? parsed.data : undefined;
}

/**
 * Parses a Prometheus Alertmanager webhook notification (version 4): the raw body as a string or bytes (UTF-8), or
 * already-parsed JSON. Each alert becomes a signal (firing or resolved) with an event id derived from the group key,
 * the fingerprint and its start (and end) time, so a redelivery is recognised; the group becomes one alert with
 * a provisional severity from the `severity` label. Refuses, with an `invalid_input` error whose `details.reason`
 * says why: a body over `maxBytes` (`too_large`, checked before parsing), not UTF-8 or not JSON, another `version`
 * (`wrong_version`), a missing or mistyped field (`wrong_shape`, naming it).
 *
 * @param body - the request body
 * @param options - size limit, severity label and default severity
 * @returns `{ ok: true, value: intake }` or `{ ok: false, error }`
 * @example
 * const result = parseAlertmanagerWebhook(firingNotification);
 * result.ok && [result.value.status, result.value.alert.severity, result.value.signals.length];
 * //=> ['firing', 'critical', 2]
 */
export function parseAlertmanagerWebhook(
  body: unknown,
  options: AlertGroupOptions = {},
): Result<AlertIntake> {
  const config = readAlertGroupOptions(options);
  if (!config.ok) return config;
  const data = readVersioned(body, 'Alertmanager notification', '4', config.value.maxBytes);
  if (!data.ok) return data;
  const parsed = parseShape(AlertmanagerWebhookSchema, data.value, 'Alertmanager notification');
  if (!parsed.ok) return parsed;
  return intakeFromAlertGroup('alertmanager', parsed.value, [], config.value, body);
}
