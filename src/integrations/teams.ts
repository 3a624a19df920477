import { type TeamsPayload, TeamsPayloadSchema } from '../comms/payloads';
import { requirePayload } from './internal/payload';
import { utf8Length } from './internal/web';

/**
 * The largest Teams message posted here, in bytes of its JSON: Teams refuses incoming-webhook messages over about
 * 28 KB, counted in bytes, not characters.
 *
 * @example
 * TEAMS_WEBHOOK_MAX_BYTES;
 * //=> 28000
 */
export const TEAMS_WEBHOOK_MAX_BYTES = 28_000;

const SHORTENED = '… (message shortened)';

/**
 * Makes a rendered Teams message (`renderX(data, { format: 'teams', payload: true })`) ready to POST to a Teams
 * incoming webhook or a Workflows "when a Teams webhook request is received" trigger, which take the same
 * `{ type: 'message', attachments: [Adaptive Card] }` envelope. The renderers already keep their payloads within
 * the limit (and say when they shortened a message), so theirs pass unchanged; a payload built or edited some other
 * way that is too large loses text blocks from the end (a last one says the message was shortened) until it fits.
 *
 * @param payload - the rendered message
 * @returns the body to POST, at most {@link TEAMS_WEBHOOK_MAX_BYTES} bytes
 * @throws {IncidentKitError} `invalid_input` for a payload that is not a Teams message of TextBlocks
 * @example
 * utf8Bytes(JSON.stringify(toTeamsWebhookMessage(payload))) <= TEAMS_WEBHOOK_MAX_BYTES;
 * //=> true
 */
export function toTeamsWebhookMessage(payload: TeamsPayload): TeamsPayload {
  requirePayload(TeamsPayloadSchema, payload, 'Teams payload');
  if (utf8Length(JSON.stringify(payload)) <= TEAMS_WEBHOOK_MAX_BYTES) return payload;
  const attachment = payload.attachments[0];
  if (!attachment) return payload;
  const body = [...attachment.content.body];
  const build = (blocks: TeamsPayload['attachments'][number]['content']['body']): TeamsPayload => ({
    type: 'message',
    attachments: [{ ...attachment, content: { ...attachment.content, body: blocks } }],
  });
  const marker = { type: 'TextBlock', text: SHORTENED, wrap: true } as const;
  while (body.length > 1) {
    body.pop();
    const candidate = build([...body, marker]);
    if (utf8Length(JSON.stringify(candidate)) <= TEAMS_WEBHOOK_MAX_BYTES) return candidate;
  }
  // Only the title is left and it is still too large: cut it by characters until the bytes fit.
  const title = body[0];
  let text = title?.text ?? '';
  while (text.length > 0) {
    text = text.slice(0, Math.floor(text.length * 0.8));
    const candidate = build([{ ...(title ?? marker), text: `${text}…` }, marker]);
    if (utf8Length(JSON.stringify(candidate)) <= TEAMS_WEBHOOK_MAX_BYTES) return candidate;
  }
  return build([marker]);
}
