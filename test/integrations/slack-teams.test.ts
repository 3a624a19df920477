import type { ChatPostMessageArguments, ChatUpdateArguments } from '@slack/web-api';
import Ajv from 'ajv';
import draft06 from 'ajv/dist/refs/json-schema-draft-06.json' with { type: 'json' };
import fc from 'fast-check';
import { deriveInternalUpdate, renderInternalUpdate } from 'incident-kit';
import {
  TEAMS_WEBHOOK_MAX_BYTES,
  toSlackPostMessage,
  toSlackUpdate,
  toTeamsWebhookMessage,
} from 'incident-kit/integrations';
import { describe, expect, it } from 'vitest';
import { propertyRuns } from '../support/property-runs';
import { fixtureJson } from './helpers';
import { exampleIncident, hostileIncidentArb } from './outbound-fixtures';

const limits = fixtureJson<Record<string, { value: number }>>('slack-block-kit-limits.assembled.json');
// Made inside the tests rather than while they are collected, so mutation testing sees which tests reach the
// library code (see stryker.config.mjs).
const exampleState = () => exampleIncident(6);
const slackPayload = () => {
  const state = exampleState();
  return renderInternalUpdate(deriveInternalUpdate(state, { now: state.lastEventAt }), {
    format: 'slack',
    payload: true,
  });
};
const teamsPayload = () => {
  const state = exampleState();
  return renderInternalUpdate(deriveInternalUpdate(state, { now: state.lastEventAt }), {
    format: 'teams',
    payload: true,
  });
};

// The Adaptive Card 1.2 schema is draft-06 and names itself with `id` (see the fixtures' README).
const cardSchema = fixtureJson<Record<string, unknown>>('teams-adaptive-card-schema-1.2.json');
delete cardSchema.id;
const ajv = new Ajv({
  strict: false,
  validateSchema: false,
  allErrors: true,
  formats: { uri: true, 'uri-reference': true },
});
ajv.addMetaSchema(draft06);
const validateCard = ajv.compile(cardSchema);

describe('toSlackPostMessage', () => {
  it('builds chat.postMessage arguments Slack’s own types accept, in the incident thread when given', () => {
    const slack = slackPayload();
    const root = toSlackPostMessage(slack, { channel: 'C0123456789' });
    const reply = toSlackPostMessage(slack, {
      channel: 'C0123456789',
      threadTs: '1705328400.000100',
      broadcast: true,
    });
    // Checked by the compiler: our messages are @slack/web-api arguments.
    const accepted: ChatPostMessageArguments[] = [root, reply];
    expect(accepted[1]).toMatchObject({
      thread_ts: '1705328400.000100',
      reply_broadcast: true,
      unfurl_links: false,
    });
    expect(toSlackPostMessage(slack, { channel: 'C1', threadTs: '1.2' }).reply_broadcast).toBe(false);
    expect(root.thread_ts).toBeUndefined();
    // The request keys we share with the documented message body.
    const sample = fixtureJson<Record<string, unknown>>('slack-chat-postMessage-blocks.assembled.json');
    for (const key of Object.keys(sample)) expect(Object.keys(root)).toContain(key);
  });

  it('refuses a bad thread timestamp or an empty channel', () => {
    const slack = slackPayload();
    expect(() => toSlackPostMessage(slack, { channel: 'C1', threadTs: 'yesterday' })).toThrow(
      expect.objectContaining({ code: 'invalid_input' }),
    );
    expect(() => toSlackPostMessage(slack, { channel: ' ' })).toThrow(
      expect.objectContaining({ code: 'invalid_input' }),
    );
  });

  it('keeps Block Kit’s limits for hostile incidents', () => {
    fc.assert(
      fc.property(hostileIncidentArb, (hostile) => {
        const payload = renderInternalUpdate(deriveInternalUpdate(hostile, { now: hostile.lastEventAt }), {
          format: 'slack',
          payload: true,
        });
        const message = toSlackPostMessage(payload, { channel: 'C0123456789' });
        expect(message.blocks.length).toBeLessThanOrEqual(limits.message_blocks_max?.value ?? 0);
        for (const block of message.blocks) {
          const max =
            block.type === 'header'
              ? limits.header_text_max_chars?.value
              : limits.section_text_max_chars?.value;
          expect(block.text.text.length).toBeLessThanOrEqual(max ?? 0);
        }
      }),
      { numRuns: propertyRuns(50) },
    );
  });
});

describe('toSlackUpdate', () => {
  it('builds chat.update arguments Slack’s own types accept', () => {
    const slack = slackPayload();
    const update: ChatUpdateArguments = toSlackUpdate(slack, {
      channel: 'C0123456789',
      ts: '1705328400.000100',
    });
    expect(update).toMatchObject({ channel: 'C0123456789', ts: '1705328400.000100', text: slack.text });
  });
});

describe('toTeamsWebhookMessage', () => {
  it('posts the documented envelope, whose card the Adaptive Card 1.2 schema accepts', () => {
    const teams = teamsPayload();
    const message = toTeamsWebhookMessage(teams);
    expect(message).toBe(teams);
    const documented = fixtureJson<{
      type: string;
      attachments: { contentType: string; content: { version: string } }[];
    }>('teams-incoming-webhook-adaptive-card.doc.json');
    expect([
      message.type,
      message.attachments[0]?.contentType,
      message.attachments[0]?.content.version,
    ]).toEqual([
      documented.type,
      documented.attachments[0]?.contentType,
      documented.attachments[0]?.content.version,
    ]);
    expect(validateCard(documented.attachments[0]?.content)).toBe(true);
    expect(validateCard(message.attachments[0]?.content)).toBe(true);
    expect(validateCard({ type: 'AdaptiveCard', version: '1.2', body: [{ type: 'Marquee' }] })).toBe(false);
  });

  it('stays under 28 KB in bytes for text in any script, and says when it shortened the message', () => {
    const state = exampleState();
    const wide = {
      ...state,
      title: '漢'.repeat(300),
      impact: state.impact && {
        ...state.impact,
        notes: Array.from({ length: 40 }, () => '漢字'.repeat(400)),
      },
    };
    const payload = renderInternalUpdate(deriveInternalUpdate(wide, { now: wide.lastEventAt }), {
      format: 'teams',
      payload: true,
    });
    // The renderer already caps Teams payloads in bytes and says so; the webhook message keeps it as it is.
    expect(Buffer.byteLength(JSON.stringify(payload))).toBeLessThanOrEqual(TEAMS_WEBHOOK_MAX_BYTES);
    const message = toTeamsWebhookMessage(payload);
    expect(message).toEqual(payload);
    expect(message.attachments[0]?.content.body.at(-1)?.text).toContain('(message shortened)');
    expect(validateCard(message.attachments[0]?.content)).toBe(true);
    // A payload built some other way that is too large is shortened from the end, visibly.
    const attachment = payload.attachments[0];
    if (!attachment) throw new Error('no card');
    const oversized = {
      ...payload,
      attachments: [
        {
          ...attachment,
          content: {
            ...attachment.content,
            body: Array.from({ length: 12 }, () => ({
              type: 'TextBlock' as const,
              text: '漢'.repeat(1000),
              wrap: true as const,
            })),
          },
        },
      ],
    };
    expect(Buffer.byteLength(JSON.stringify(oversized))).toBeGreaterThan(TEAMS_WEBHOOK_MAX_BYTES);
    const shortened = toTeamsWebhookMessage(oversized);
    expect(Buffer.byteLength(JSON.stringify(shortened))).toBeLessThanOrEqual(TEAMS_WEBHOOK_MAX_BYTES);
    expect(shortened.attachments[0]?.content.body.at(-1)?.text).toBe('… (message shortened)');
    expect(validateCard(shortened.attachments[0]?.content)).toBe(true);
    fc.assert(
      fc.property(hostileIncidentArb, (hostile) => {
        const rendered = renderInternalUpdate(deriveInternalUpdate(hostile, { now: hostile.lastEventAt }), {
          format: 'teams',
          payload: true,
        });
        expect(Buffer.byteLength(JSON.stringify(toTeamsWebhookMessage(rendered)))).toBeLessThanOrEqual(
          TEAMS_WEBHOOK_MAX_BYTES,
        );
      }),
      { numRuns: propertyRuns(50) },
    );
  });
});
