import * as z from 'zod';
import { IncidentKitError, isIncidentKitError, type Result } from '../errors';
import { ownValue } from '../internal/arguments';
import { AlertLinkSchema, type IncidentAlert } from '../lifecycle/incident-alert';
import type { Person } from '../roles/person';
import { TimestampSchema } from '../time/timestamp';
import type { AlertIntake, AlertSignal } from './intake';
import {
  bodyError,
  DEFAULT_MAX_BODY_BYTES,
  parseShape,
  readJsonBody,
  readParserOptions,
} from './internal/body';
import { derivedKey } from './internal/hash';
import { constantTimeEqual } from './internal/timing';
import { utf8Encode, utf8Length, webSubtle } from './internal/web';

const reference = z.looseObject({
  id: z.string().min(1),
  type: z.string().optional(),
  summary: z.string().optional(),
  html_url: z.string().optional(),
});

/**
 * A PagerDuty webhook (v3) delivery: one `event` with its id, type (`incident.triggered`, …), resource type, time,
 * the agent and client behind it, and the resource (`data`). Unknown fields are kept.
 *
 * @example
 * PagerDutyWebhookSchema.shape.event.shape.event_type.safeParse('incident.resolved').success;
 * //=> true
 */
export const PagerDutyWebhookSchema = z.looseObject({
  event: z.looseObject({
    id: z.string().min(1),
    event_type: z
      .string()
      .regex(/^[a-z_]+(?:\.[a-z_]+)+$/, 'Expected an event type such as incident.triggered'),
    resource_type: z.string(),
    occurred_at: TimestampSchema,
    agent: reference.nullable().optional(),
    client: z.looseObject({ name: z.string().optional() }).nullable().optional(),
    data: z.looseObject({ id: z.string().min(1), type: z.string() }),
  }),
});

/**
 * A parsed PagerDuty webhook (v3) delivery.
 *
 * @example
 * const delivery: Pick<PagerDutyWebhook['event'], 'event_type'> = { event_type: 'incident.acknowledged' };
 * delivery.event_type;
 * //=> 'incident.acknowledged'
 */
export type PagerDutyWebhook = z.output<typeof PagerDutyWebhookSchema>;

/**
 * The incident resource of a PagerDuty webhook (`event.data` when `type` is `incident`).
 *
 * @example
 * PagerDutyIncidentDataSchema.shape.urgency.unwrap().options;
 * //=> ['high', 'low']
 */
export const PagerDutyIncidentDataSchema = z.looseObject({
  id: z.string().min(1),
  type: z.literal('incident'),
  number: z.number().int().optional(),
  status: z.string().optional(),
  incident_key: z.string().nullable().optional(),
  title: z.string().optional(),
  html_url: z.string().optional(),
  created_at: z.string().optional(),
  urgency: z.enum(['high', 'low']).optional(),
  service: reference.nullable().optional(),
  priority: reference.nullable().optional(),
});

/**
 * Options for {@link parsePagerDutyWebhook}.
 *
 * @example
 * const options: PagerDutyWebhookOptions = { maxBytes: 65_536 };
 * options.maxBytes;
 * //=> 65536
 */
export interface PagerDutyWebhookOptions {
  /** Refuse bodies larger than this many bytes, before parsing (default 1 MiB). */
  readonly maxBytes?: number;
}

const CHANGES: Readonly<Record<string, AlertSignal['change']>> = {
  'incident.triggered': 'firing',
  'incident.reopened': 'firing',
  'incident.acknowledged': 'acknowledged',
  'incident.resolved': 'resolved',
};

const VERBS: Readonly<Record<AlertSignal['change'], string>> = {
  firing: 'triggered',
  acknowledged: 'acknowledged',
  resolved: 'resolved',
  updated: 'updated',
};

const ID_MAX = 200;
const DEDUP_KEY_MAX = 255;

/**
 * Parses a PagerDuty webhook (v3) delivery: the raw body as a string or bytes (UTF-8), or parsed JSON. Incident
 * events become one signal: `incident.triggered`/`reopened` → firing, `acknowledged`, `resolved`, anything else
 * about the incident (priority, escalation, notes) → updated. The dedup key is the incident key (the `dedup_key` the
 * incident was triggered with), else the incident id, replaced by a stable hash when over 255 characters; the event
 * id comes from PagerDuty's event id, which a retry repeats. Events about other resources (services, …) parse with no
 * signals and `ignored` saying why. Check the signature first with {@link verifyPagerDutySignature}, or use
 * {@link parseVerifiedPagerDutyWebhook}.
 *
 * @param body - the request body
 * @param options - size limit
 * @returns `{ ok: true, value: intake }` or `{ ok: false, error }` (`details.reason`: `too_large`, `not_utf8`,
 *   `not_json`, `wrong_version` for a v2 `messages` delivery, `wrong_shape` naming the field)
 * @example
 * const result = parsePagerDutyWebhook(acknowledgedDelivery);
 * result.ok && result.value.signals.map((signal) => [signal.change, signal.by?.name]);
 * //=> [['acknowledged', 'Tenex Engineer']]
 */
export function parsePagerDutyWebhook(
  body: unknown,
  options: PagerDutyWebhookOptions = {},
): Result<AlertIntake> {
  const config = readParserOptions(options);
  if (!config.ok) return config;
  const data = readJsonBody(body, 'PagerDuty webhook', config.value.maxBytes ?? DEFAULT_MAX_BODY_BYTES);
  if (!data.ok) return data;
  const value = data.value;
  if (
    value !== null &&
    typeof value === 'object' &&
    Array.isArray((value as { messages?: unknown }).messages)
  ) {
    return bodyError(
      'wrong_version',
      'Unsupported PagerDuty webhook: a v2 delivery (`messages`); subscribe with a v3 webhook (`event`)',
      body,
      { expected: 'v3', found: 'v2' },
    );
  }
  const parsed = parseShape(PagerDutyWebhookSchema, value, 'PagerDuty webhook');
  if (!parsed.ok) return parsed;
  const event = parsed.value.event;
  const eventId =
    `pagerduty:${event.id}`.length <= ID_MAX ? `pagerduty:${event.id}` : derivedKey('pagerduty', [event.id]);
  if (event.resource_type !== 'incident' || event.data.type !== 'incident') {
    return {
      ok: true,
      value: {
        source: 'pagerduty',
        dedupKey: `pagerduty:${event.resource_type}:${event.data.id}`,
        groupKey: null,
        status: 'resolved',
        truncatedAlerts: 0,
        alert: { name: event.event_type, severity: 'info', source: 'pagerduty' },
        signals: [],
        ignored: `${event.event_type} is not about an incident`,
      },
    };
  }
  const incident = parseShape(PagerDutyIncidentDataSchema, event.data, 'PagerDuty incident');
  if (!incident.ok) return incident;
  const data$ = incident.value;
  // PagerDuty's dedup keys are at most 255 characters (the alert's dedupKey too); a longer incident key, or id, that
  // did not come from an Events API trigger is replaced by a stable hash of it, so every delivery finds the same key.
  const key = data$.incident_key?.trim() ? data$.incident_key : `pagerduty:${data$.id}`;
  const dedupKey = key.length <= DEDUP_KEY_MAX ? key : derivedKey('pagerduty', [key]);
  const title = data$.title?.trim() ? data$.title.trim() : `PagerDuty incident ${data$.number ?? data$.id}`;
  const change = ownValue(CHANGES, event.event_type) ?? 'updated';
  const startsAt = data$.created_at === undefined ? undefined : TimestampSchema.safeParse(data$.created_at);
  const labels: Record<string, string> = {};
  if (data$.service?.summary) labels.service = data$.service.summary;
  if (data$.priority?.summary) labels.priority = data$.priority.summary;
  if (data$.urgency) labels.urgency = data$.urgency;
  if (data$.number !== undefined) labels.number = String(data$.number);
  // Only an http(s) link, as the alert keeps them (`z.url()` alone takes any scheme, `Ahttps:` included).
  const link =
    data$.html_url && AlertLinkSchema.shape.href.safeParse(data$.html_url).success
      ? data$.html_url
      : undefined;
  const alert: IncidentAlert = {
    name: title,
    severity: data$.urgency === 'low' ? 'warning' : 'critical',
    summary: title,
    source: 'pagerduty',
    labels,
    dedupKey,
    ...(startsAt?.success ? { startsAt: startsAt.data } : {}),
    ...(link ? { links: [{ href: link, text: 'PagerDuty incident' }] } : {}),
  };
  const by = personOf(event.agent);
  const signal: AlertSignal = {
    change,
    key: dedupKey,
    at: event.occurred_at,
    eventId,
    text: `PagerDuty: ${event.event_type} (${VERBS[change]})${by ? ` by ${by.name}` : ''}: ${title}`,
    alert,
    ...(by ? { by } : {}),
  };
  return {
    ok: true,
    value: {
      source: 'pagerduty',
      dedupKey,
      groupKey: null,
      status: change === 'resolved' ? 'resolved' : 'firing',
      truncatedAlerts: 0,
      alert,
      signals: [signal],
      ignored: null,
    },
  };
}

function personOf(agent: PagerDutyWebhook['event']['agent']): Person | undefined {
  if (!agent?.id.trim()) return undefined;
  const name = agent.summary?.trim() || agent.id.trim();
  return { id: agent.id.trim(), name };
}

/**
 * Options for {@link verifyPagerDutySignature}.
 *
 * @example
 * const options: VerifySignatureOptions = { maxBytes: 1_048_576 };
 * options.maxBytes;
 * //=> 1048576
 */
export interface VerifySignatureOptions {
  /** Bodies larger than this many bytes are not verified (default 1 MiB). */
  readonly maxBytes?: number;
}

const SIGNATURE = /^v1=([0-9a-f]{64})$/i;

/**
 * Checks a PagerDuty webhook (v3) signature: `X-PagerDuty-Signature` holds one or more comma-separated
 * `v1=<hex HMAC-SHA256 of the raw body>` (several while a secret is being rotated); the body is valid when any
 * signature matches any of the secrets (each used as its UTF-8 bytes, as PagerDuty does). Computed with Web Crypto;
 * digests are compared in constant time. An empty or missing header or body, a body that is not a string or bytes
 * (parsed JSON cannot be verified: its bytes are gone) or over `maxBytes`, and no secret all give `false`.
 *
 * @param rawBody - the request body exactly as received
 * @param signatureHeader - the `X-PagerDuty-Signature` header
 * @param secrets - the webhook subscription's secret, or several during rotation
 * @param options - size limit
 * @returns whether the body is signed by one of the secrets
 * @throws {IncidentKitError} `invalid_input` when the runtime has no Web Crypto (an insecure browser context), or for
 *   options that are not an object (`details.reason`: `bad_option`)
 * @example
 * await verifyPagerDutySignature(rawBody, 'v1=0c0b9495b893a39e70d1fea2fe11fbe0a825f88b9f67846f6cc07dd2bc5476cd', secret);
 * //=> true
 */
export async function verifyPagerDutySignature(
  rawBody: string | Uint8Array | ArrayBuffer,
  signatureHeader: string | null | undefined,
  secrets: string | readonly string[],
  options: VerifySignatureOptions = {},
): Promise<boolean> {
  const config = readParserOptions(options);
  if (!config.ok) throw config.error;
  const maxBytes = config.value.maxBytes ?? DEFAULT_MAX_BODY_BYTES;
  const bytes = bodyBytes(rawBody, maxBytes);
  if (bytes === undefined || bytes.byteLength === 0 || typeof signatureHeader !== 'string') return false;
  const signatures = signatureHeader
    .split(',')
    .map((part) => SIGNATURE.exec(part.trim())?.[1]?.toLowerCase())
    .filter((hex): hex is string => hex !== undefined);
  const keys = (typeof secrets === 'string' ? [secrets] : Array.isArray(secrets) ? secrets : []).filter(
    (secret): secret is string => typeof secret === 'string' && secret.length > 0,
  );
  if (signatures.length === 0 || keys.length === 0) return false;
  const subtle = webSubtle();
  if (!subtle) {
    throw new IncidentKitError(
      'invalid_input',
      'Web Crypto (crypto.subtle) is not available in this runtime',
      {
        details: { reason: 'no_web_crypto' },
      },
    );
  }
  let valid = false;
  for (const secret of keys) {
    const key = await subtle.importKey('raw', utf8Encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, [
      'sign',
    ]);
    const expected = toHexCodes(new Uint8Array(await subtle.sign('HMAC', key, bytes)));
    // Every signature is compared in full, whatever the earlier ones gave.
    for (const signature of signatures) valid = constantTimeEqual(expected, hexCodes(signature)) || valid;
  }
  return valid;
}

function bodyBytes(rawBody: unknown, maxBytes: number): Uint8Array | undefined {
  if (typeof rawBody === 'string') {
    if (rawBody.length > maxBytes || utf8Length(rawBody) > maxBytes) return undefined;
    return utf8Encode(rawBody);
  }
  if (rawBody instanceof ArrayBuffer)
    return rawBody.byteLength > maxBytes ? undefined : new Uint8Array(rawBody);
  if (ArrayBuffer.isView(rawBody)) {
    if (rawBody.byteLength > maxBytes) return undefined;
    return new Uint8Array(rawBody.buffer, rawBody.byteOffset, rawBody.byteLength);
  }
  return undefined;
}

const HEX = '0123456789abcdef';

/** The character codes of the lowercase hex form of some bytes. */
function toHexCodes(bytes: Uint8Array): number[] {
  const codes: number[] = [];
  for (const byte of bytes) codes.push(HEX.charCodeAt(byte >> 4), HEX.charCodeAt(byte & 15));
  return codes;
}

function hexCodes(hex: string): number[] {
  return Array.from(hex, (char) => char.charCodeAt(0));
}

/**
 * Verifies a PagerDuty webhook's signature, then parses it: one call for a handler. A body without a valid
 * signature is refused with an `invalid_input` error whose `details.reason` is `bad_signature`.
 *
 * @param rawBody - the request body exactly as received (a string or bytes)
 * @param signatureHeader - the `X-PagerDuty-Signature` header
 * @param secrets - the secret, or several during rotation
 * @param options - size limit
 * @returns the intake, or the error
 * @example
 * const result = await parseVerifiedPagerDutyWebhook(rawBody, 'v1=' + '0'.repeat(64), secret);
 * result.ok || result.error.details.reason;
 * //=> 'bad_signature'
 */
export async function parseVerifiedPagerDutyWebhook(
  rawBody: string | Uint8Array | ArrayBuffer,
  signatureHeader: string | null | undefined,
  secrets: string | readonly string[],
  options: PagerDutyWebhookOptions = {},
): Promise<Result<AlertIntake>> {
  const config = readParserOptions(options);
  if (!config.ok) return config;
  const maxBytes = config.value.maxBytes ?? DEFAULT_MAX_BODY_BYTES;
  const size =
    typeof rawBody === 'string'
      ? utf8Length(rawBody)
      : rawBody instanceof ArrayBuffer || ArrayBuffer.isView(rawBody)
        ? rawBody.byteLength
        : undefined;
  if (size === undefined) {
    return bodyError(
      'wrong_shape',
      'A signed PagerDuty webhook must be given as the raw body (a string or bytes)',
      rawBody,
    );
  }
  if (size > maxBytes) {
    return bodyError(
      'too_large',
      `The PagerDuty webhook is ${size} bytes, over the limit of ${maxBytes}`,
      rawBody,
      {
        limit: maxBytes,
      },
    );
  }
  let verified: boolean;
  try {
    verified = await verifyPagerDutySignature(rawBody, signatureHeader, secrets, config.value);
  } catch (error) {
    if (isIncidentKitError(error)) return { ok: false, error };
    throw error;
  }
  if (!verified) {
    return bodyError(
      'bad_signature',
      'The PagerDuty webhook has no valid X-PagerDuty-Signature for this body and these secrets',
      rawBody,
    );
  }
  return parsePagerDutyWebhook(rawBody, config.value);
}
