import * as z from 'zod';
import { type SlackPayload, SlackPayloadSchema } from '../comms/payloads';
import { parseInput } from '../errors';
import { requirePayload } from './internal/payload';

/**
 * Slack Web API methods the integrations call.
 *
 * @example
 * SLACK_API_URL.postMessage;
 * //=> 'https://slack.com/api/chat.postMessage'
 */
export const SLACK_API_URL = {
  postMessage: 'https://slack.com/api/chat.postMessage',
  update: 'https://slack.com/api/chat.update',
} as const;

/**
 * A Block Kit block of incident-kit's Slack messages (header and mrkdwn sections).
 *
 * @example
 * const block: SlackBlock = { type: 'section', text: { type: 'mrkdwn', text: '*Severity:* SEV2' } };
 * block.type;
 * //=> 'section'
 */
export type SlackBlock = SlackPayload['blocks'][number];

/**
 * A `chat.postMessage` request: the message in `channel`, as a reply in the incident's thread when `thread_ts` is
 * set (shown in the channel too when `reply_broadcast` is `true`). Assignable to `@slack/web-api`'s
 * `ChatPostMessageArguments`.
 *
 * @example
 * const message: SlackPostMessage = { channel: 'C0123456789', text: 'x', blocks: [], unfurl_links: false,
 *   unfurl_media: false };
 * message.channel;
 * //=> 'C0123456789'
 */
export type SlackPostMessage = {
  channel: string;
  text: string;
  blocks: SlackBlock[];
  unfurl_links: false;
  unfurl_media: false;
} & ({ thread_ts?: never; reply_broadcast?: never } | { thread_ts: string; reply_broadcast: boolean });

/**
 * A `chat.update` request: replaces the message `ts` in `channel`. Assignable to `@slack/web-api`'s
 * `ChatUpdateArguments`.
 *
 * @example
 * const update: SlackUpdateMessage = { channel: 'C0123456789', ts: '1705328400.000100', text: 'x', blocks: [] };
 * update.ts;
 * //=> '1705328400.000100'
 */
export interface SlackUpdateMessage {
  channel: string;
  ts: string;
  text: string;
  blocks: SlackBlock[];
}

// Slack message timestamps: seconds, a dot, six digits.
const TS = z.string().regex(/^\d+\.\d+$/, 'Slack message timestamps look like 1705328400.000100');
const CHANNEL = z.string().trim().min(1).max(80);

const PostOptionsSchema = z.strictObject({
  channel: CHANNEL,
  threadTs: TS.optional(),
  broadcast: z.boolean().optional(),
});

/**
 * Wraps a rendered Slack payload (`renderX(data, { format: 'slack', payload: true })`) in a `chat.postMessage`
 * request: in `channel`, as a reply in the incident's thread when `threadTs` (the thread's first message) is given,
 * also shown in the channel with `broadcast`. Link previews are off, so incident text cannot unfurl a link.
 *
 * @param payload - the rendered message
 * @param options - `channel` (id or name), `threadTs`, `broadcast`
 * @returns the request arguments
 * @throws {IncidentKitError} `invalid_input` for bad options, or a payload that is not a rendered Slack payload
 * @example
 * toSlackPostMessage(payload, { channel: 'C0123456789', threadTs: '1705328400.000100' }).thread_ts;
 * //=> '1705328400.000100'
 */
export function toSlackPostMessage(
  payload: SlackPayload,
  options: { readonly channel: string; readonly threadTs?: string; readonly broadcast?: boolean },
): SlackPostMessage {
  requirePayload(SlackPayloadSchema, payload, 'Slack payload');
  const config = parseInput(PostOptionsSchema, options, 'Slack message options');
  const base = {
    channel: config.channel,
    text: payload.text,
    blocks: [...payload.blocks],
    unfurl_links: false as const,
    unfurl_media: false as const,
  };
  if (!config.threadTs) return base;
  return { ...base, thread_ts: config.threadTs, reply_broadcast: config.broadcast === true };
}

const UpdateOptionsSchema = z.strictObject({ channel: CHANNEL, ts: TS });

/**
 * Wraps a rendered Slack payload in a `chat.update` request that replaces the message `ts` (e.g. the incident's
 * thread root, kept current as severity and status change).
 *
 * @param payload - the rendered message
 * @param options - `channel` (the channel id) and `ts` of the message
 * @returns the request arguments
 * @throws {IncidentKitError} `invalid_input` for bad options, or a payload that is not a rendered Slack payload
 * @example
 * toSlackUpdate(payload, { channel: 'C0123456789', ts: '1705328400.000100' }).ts;
 * //=> '1705328400.000100'
 */
export function toSlackUpdate(
  payload: SlackPayload,
  options: { readonly channel: string; readonly ts: string },
): SlackUpdateMessage {
  requirePayload(SlackPayloadSchema, payload, 'Slack payload');
  const config = parseInput(UpdateOptionsSchema, options, 'Slack update options');
  return { channel: config.channel, ts: config.ts, text: payload.text, blocks: [...payload.blocks] };
}
