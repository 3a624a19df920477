import * as z from 'zod';
import type { Result } from '../errors';
import { IncidentAlertSchema } from '../lifecycle/incident-alert';
import { TimestampSchema } from '../time/timestamp';
import type { AlertIntake } from './intake';
import { parseShape, readParserOptions, readVersioned } from './internal/body';
import { derivedKey } from './internal/hash';

/**
 * incident-kit's own alert shape, for sources without an adapter (a cron job, a CI pipeline, a custom monitor):
 *
 * ```json
 * { "version": "1", "status": "firing", "dedupKey": "billing-db-disk", "at": "2024-01-15T14:20:00Z",
 *   "alert": { "name": "DiskFull", "severity": "warning", "summary": "Disk on billing-db over 95%" } }
 * ```
 *
 * `dedupKey` (1–255 characters) names the problem: deliveries with the same key belong to the same incident; `at`
 * is when the status changed (it makes the event id, so give it); `alert` is the alert as an incident keeps it.
 *
 * @example
 * GenericAlertSchema.shape.status.options;
 * //=> ['firing', 'resolved']
 */
export const GenericAlertSchema = z.strictObject({
  version: z.literal('1'),
  status: z.enum(['firing', 'resolved']),
  dedupKey: z.string().trim().min(1).max(255),
  at: TimestampSchema.optional(),
  alert: IncidentAlertSchema.omit({ dedupKey: true }),
});

/**
 * A generic alert, as sent.
 *
 * @example
 * const alert: GenericAlert = { version: '1', status: 'resolved', dedupKey: 'billing-db-disk',
 *   alert: { name: 'DiskFull', severity: 'warning' } };
 * alert.status;
 * //=> 'resolved'
 */
export type GenericAlert = z.input<typeof GenericAlertSchema>;

/**
 * Options for {@link parseGenericAlert}.
 *
 * @example
 * const options: GenericAlertOptions = { maxBytes: 65_536 };
 * options.maxBytes;
 * //=> 65536
 */
export interface GenericAlertOptions {
  /** Refuse bodies larger than this many bytes, before parsing (default 1 MiB). */
  readonly maxBytes?: number;
}

/**
 * Parses a generic alert ({@link GenericAlertSchema}) from a raw body (string or bytes, UTF-8) or parsed JSON
 * into one signal, with an event id derived from the dedup key, the status and `at`.
 *
 * @param body - the request body
 * @param options - size limit
 * @returns `{ ok: true, value: intake }` or `{ ok: false, error }` (`details.reason`: `too_large`, `not_utf8`,
 *   `not_json`, `wrong_version`, `wrong_shape`)
 * @example
 * const result = parseGenericAlert({ version: '1', status: 'firing', dedupKey: 'billing-db-disk',
 *   at: '2024-01-15T14:20:00Z', alert: { name: 'DiskFull', severity: 'warning' } });
 * result.ok && result.value.alert.dedupKey;
 * //=> 'billing-db-disk'
 */
export function parseGenericAlert(body: unknown, options: GenericAlertOptions = {}): Result<AlertIntake> {
  const config = readParserOptions(options);
  if (!config.ok) return config;
  const data = readVersioned(body, 'generic alert', '1', config.value.maxBytes);
  if (!data.ok) return data;
  const parsed = parseShape(GenericAlertSchema, data.value, 'generic alert');
  if (!parsed.ok) return parsed;
  const { status, dedupKey, at, alert: sent } = parsed.value;
  const alert = { ...sent, dedupKey, source: sent.source ?? 'generic' };
  const change = status;
  return {
    ok: true,
    value: {
      source: 'generic',
      dedupKey,
      groupKey: null,
      status,
      truncatedAlerts: 0,
      alert,
      signals: [
        {
          change,
          key: dedupKey,
          at: at ?? (change === 'firing' ? (alert.startsAt ?? null) : null),
          eventId: derivedKey(`generic:${change}`, [dedupKey, at ?? alert.startsAt ?? '']),
          text: `Alert ${alert.name} ${change}${alert.summary ? `: ${alert.summary}` : ''}`,
          alert,
        },
      ],
      ignored: null,
    },
  };
}
