import * as z from 'zod';
import { EARLIEST_TIMESTAMP, type Timestamp, TimestampSchema } from '../time/timestamp';

const text = z.string().trim().min(1, 'Must not be empty');

/**
 * The severities an alert source speaks (PagerDuty Events API v2), mapped to a provisional incident severity.
 *
 * @example
 * AlertSeveritySchema.options;
 * //=> ['critical', 'error', 'warning', 'info']
 */
export const AlertSeveritySchema = z.enum(['critical', 'error', 'warning', 'info']);

/**
 * A link that came with an alert: Alertmanager's `generatorURL` and `externalURL`, a `runbook_url` annotation, a
 * dashboard, PagerDuty `links`. Only `http:` and `https:` URLs are kept, since hosts put them into chat messages.
 *
 * @example
 * AlertLinkSchema.parse({ href: 'https://grafana.example.com/d/auth', text: 'Dashboard' }).text;
 * //=> 'Dashboard'
 */
export const AlertLinkSchema = z.strictObject({
  href: z.url({ protocol: /^https?$/, error: 'Expected an http(s) URL' }),
  text: z.string().optional(),
});

/**
 * The alert that opened an incident, kept on it (`IncidentState.alert`): what fired, where, with which labels and
 * annotations, the keys the alert source uses to group and deduplicate it, when it started firing, and its links.
 *
 * | field | from |
 * | --- | --- |
 * | `name` | Alertmanager/Grafana `labels.alertname`, PagerDuty `payload.summary` or your rule's name |
 * | `severity` | `critical`, `error`, `warning` or `info` (PagerDuty's levels); maps to a provisional severity |
 * | `summary`, `description` | the `summary` and `description` annotations |
 * | `source` | who sent it: `alertmanager`, `grafana`, `pagerduty` or any name you choose |
 * | `labels`, `annotations` | as sent |
 * | `fingerprint` | Alertmanager/Grafana `fingerprint` |
 * | `groupKey` | Alertmanager `groupKey` |
 * | `dedupKey` | PagerDuty `dedup_key` (the incident key) |
 * | `startsAt` | when the alert started firing (leave Go's zero time `0001-01-01T00:00:00Z` out: it means unknown) |
 * | `links` | `generatorURL`, `externalURL`, runbooks, dashboards |
 *
 * @example
 * IncidentAlertSchema.parse({ name: 'InstanceDown', severity: 'critical', fingerprint: '829fa4ab5206a00d',
 *   startsAt: '2026-11-27T17:48:36.738221557Z' }).startsAt;
 * //=> '2026-11-27T17:48:36.738Z'
 */
export const IncidentAlertSchema = z.strictObject({
  name: text,
  severity: AlertSeveritySchema,
  summary: z.string().trim().optional(),
  description: z.string().optional(),
  source: z.string().optional(),
  labels: z.record(z.string(), z.string()).optional(),
  annotations: z.record(z.string(), z.string()).optional(),
  fingerprint: z.string().optional(),
  groupKey: z.string().optional(),
  dedupKey: z.string().max(255).optional(),
  startsAt: TimestampSchema.optional(),
  links: z.array(AlertLinkSchema).optional(),
});

/**
 * An alert kept on an incident.
 *
 * @example
 * const alert: IncidentAlert = { name: 'AuthLoginErrorRate', severity: 'critical', source: 'alertmanager' };
 * alert.source;
 * //=> 'alertmanager'
 */
export type IncidentAlert = z.output<typeof IncidentAlertSchema>;

/**
 * Where the first acknowledgement deadline counts from: the declaration's `at`, or with `alert_started` the alert's
 * `startsAt` when it has one (never later than `at`; Go's zero time `0001-01-01T00:00:00Z`, which Grafana sends
 * for an unknown start, counts as none). Internal.
 *
 * @param declaredAt - when the incident was declared
 * @param alert - the alert, if any
 * @param from - the incident's `ackDeadlineFrom` setting
 * @returns the base of the first ack deadline
 */
export function ackDeadlineBase(
  declaredAt: Timestamp,
  alert: IncidentAlert | null | undefined,
  from: 'declared' | 'alert_started',
): Timestamp {
  const started = alert?.startsAt;
  if (from === 'declared' || started === undefined || started === EARLIEST_TIMESTAMP) return declaredAt;
  return started < declaredAt ? started : declaredAt;
}
