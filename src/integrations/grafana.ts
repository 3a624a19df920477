import * as z from 'zod';
import type { Result } from '../errors';
import {
  type AlertGroupOptions,
  AlertmanagerAlertSchema,
  intakeFromAlertGroup,
  readAlertGroupOptions,
} from './alertmanager';
import type { AlertIntake } from './intake';
import { parseShape, readVersioned } from './internal/body';

const labels = z.record(z.string(), z.string());

/**
 * One alert in a Grafana alerting webhook notification (version 1): the Alertmanager alert fields plus Grafana's
 * `silenceURL`, `dashboardURL`, `panelURL`, `imageURL`, `values` and `valueString`.
 *
 * @example
 * GrafanaAlertSchema.shape.values.safeParse(null).success;
 * //=> true
 */
export const GrafanaAlertSchema = AlertmanagerAlertSchema.extend({
  silenceURL: z.string().optional(),
  dashboardURL: z.string().optional(),
  panelURL: z.string().optional(),
  imageURL: z.string().optional(),
  values: z.record(z.string(), z.number()).nullable().optional(),
  valueString: z.string().optional(),
});

/**
 * A Grafana alerting webhook notification, version `"1"`: the Alertmanager shape with `orgId`, `title`, `state`
 * and `message` (the last three marked for deprecation by Grafana; accepted, not used).
 *
 * @example
 * GrafanaWebhookSchema.shape.version.value;
 * //=> '1'
 */
export const GrafanaWebhookSchema = z.looseObject({
  version: z.literal('1'),
  groupKey: z.string(),
  truncatedAlerts: z.number().int().min(0).default(0),
  status: z.enum(['firing', 'resolved']),
  receiver: z.string(),
  orgId: z.number().int().optional(),
  groupLabels: labels.default({}),
  commonLabels: labels.default({}),
  commonAnnotations: labels.default({}),
  externalURL: z.string().optional(),
  alerts: z.array(GrafanaAlertSchema),
  title: z.string().optional(),
  state: z.string().optional(),
  message: z.string().optional(),
});

/**
 * A parsed Grafana webhook notification.
 *
 * @example
 * const notification: Pick<GrafanaWebhook, 'version'> = { version: '1' };
 * notification.version;
 * //=> '1'
 */
export type GrafanaWebhook = z.output<typeof GrafanaWebhookSchema>;

/**
 * Parses a Grafana alerting webhook notification (version 1) like {@link parseAlertmanagerWebhook}: same signals,
 * keys and refusals; the organisation id scopes the dedup key, and the dashboard, panel and silence URLs become
 * links. A zero-time `startsAt` (`0001-01-01T00:00:00Z`) means the start is unknown.
 *
 * @param body - the request body: a string or bytes (UTF-8), or parsed JSON
 * @param options - size limit, severity label and default severity
 * @returns `{ ok: true, value: intake }` or `{ ok: false, error }`
 * @example
 * const result = parseGrafanaWebhook(grafanaNotification);
 * result.ok && result.value.alert.links?.map((link) => link.text);
 * //=> ['Source', 'Runbook', 'Silence', 'Grafana']
 */
export function parseGrafanaWebhook(body: unknown, options: AlertGroupOptions = {}): Result<AlertIntake> {
  const config = readAlertGroupOptions(options);
  if (!config.ok) return config;
  const data = readVersioned(body, 'Grafana notification', '1', config.value.maxBytes);
  if (!data.ok) return data;
  const parsed = parseShape(GrafanaWebhookSchema, data.value, 'Grafana notification');
  if (!parsed.ok) return parsed;
  const payload = {
    ...parsed.value,
    alerts: parsed.value.alerts.map((alert) => ({
      ...alert,
      extraLinks: [
        { href: alert.dashboardURL ?? '', text: 'Dashboard' },
        { href: alert.panelURL ?? '', text: 'Panel' },
        { href: alert.silenceURL ?? '', text: 'Silence' },
        { href: alert.imageURL ?? '', text: 'Image' },
      ],
    })),
  };
  return intakeFromAlertGroup('grafana', payload, [String(parsed.value.orgId ?? '')], config.value, body);
}
