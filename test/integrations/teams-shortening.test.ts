// toTeamsWebhookMessage's shortening, to the byte: a payload at the limit passes as it is, an oversized one keeps
// the longest run of its first blocks that fits with the "shortened" marker, a title alone too large is cut until it
// fits, and payloads it cannot shorten are answered without a crash. (slack-teams.test.ts checks the card stays
// valid for Microsoft's schema; mutation testing showed the limits and the loop's steps were not pinned.)
import { TEAMS_WEBHOOK_MAX_BYTES, toTeamsWebhookMessage } from 'incident-kit/integrations';
import { describe, expect, it } from 'vitest';
import type { TeamsPayload } from '../../src/comms/payloads';

const MARKER = { type: 'TextBlock', text: '… (message shortened)', wrap: true } as const;

type Block = TeamsPayload['attachments'][number]['content']['body'][number];

function payloadOf(body: Block[], content: Record<string, unknown> = {}): TeamsPayload {
  return {
    type: 'message',
    attachments: [
      {
        contentType: 'application/vnd.microsoft.card.adaptive',
        content: { type: 'AdaptiveCard', version: '1.2', body, ...content },
      },
    ] as TeamsPayload['attachments'],
  };
}

const bytes = (value: unknown) => Buffer.byteLength(JSON.stringify(value));
const block = (text: string): Block => ({ type: 'TextBlock', text, wrap: true });

describe('toTeamsWebhookMessage', () => {
  it('passes a payload of exactly the limit as it is, and shortens one byte more', () => {
    const base = payloadOf([block('Title'), block('')]);
    const pad = TEAMS_WEBHOOK_MAX_BYTES - bytes(base);
    const atLimit = payloadOf([block('Title'), block('x'.repeat(pad))]);
    expect(bytes(atLimit)).toBe(TEAMS_WEBHOOK_MAX_BYTES);
    expect(toTeamsWebhookMessage(atLimit)).toBe(atLimit);
    const over = payloadOf([block('Title'), block('x'.repeat(pad + 1))]);
    expect(toTeamsWebhookMessage(over)).toEqual(payloadOf([block('Title'), MARKER]));
  });

  it('keeps the longest run of first blocks that fits beside the marker, even when it fits to the byte', () => {
    const title = block('Incident: Auth down');
    const kept = [title, block('a'.repeat(9000)), block('b'.repeat(9000))];
    // Size the third block so that the first three and the marker make exactly the limit.
    const filler = TEAMS_WEBHOOK_MAX_BYTES - bytes(payloadOf([...kept, block(''), MARKER]));
    const body = [...kept, block('c'.repeat(filler)), block('d'.repeat(5000)), block('e'.repeat(5000))];
    const shortened = toTeamsWebhookMessage(payloadOf(body));
    const expected = payloadOf([...body.slice(0, 4), MARKER]);
    expect(bytes(expected)).toBe(TEAMS_WEBHOOK_MAX_BYTES);
    expect(shortened).toEqual(expected);
    expect(shortened.type).toBe('message');
  });

  it('cuts a title too large on its own by a fifth at a time, keeping its other properties', () => {
    const title: Block = {
      type: 'TextBlock',
      text: 'T'.repeat(40_000),
      wrap: true,
      size: 'Medium',
      weight: 'Bolder',
    };
    const shortened = toTeamsWebhookMessage(payloadOf([title, block('more')]));
    let text = title.text;
    while (bytes(payloadOf([{ ...title, text: `${text}…` }, MARKER])) > TEAMS_WEBHOOK_MAX_BYTES)
      text = text.slice(0, Math.floor(text.length * 0.8));
    expect(shortened).toEqual(payloadOf([{ ...title, text: `${text}…` }, MARKER]));
    expect(text.length).toBeGreaterThan(20_000);
    expect(bytes(shortened)).toBeLessThanOrEqual(TEAMS_WEBHOOK_MAX_BYTES);
  });

  it('answers payloads it cannot shorten: no card, or no text to cut', () => {
    const noCard = { type: 'message', attachments: [], note: 'n'.repeat(30_000) } as unknown as TeamsPayload;
    expect(toTeamsWebhookMessage(noCard)).toBe(noCard);
    const emptyBody = payloadOf([], { fallbackText: 'f'.repeat(30_000) });
    expect(toTeamsWebhookMessage(emptyBody)).toEqual(
      payloadOf([MARKER], { fallbackText: 'f'.repeat(30_000) }),
    );
    const emptyTitle = payloadOf([block('')], { fallbackText: 'f'.repeat(30_000) });
    expect(toTeamsWebhookMessage(emptyTitle)).toEqual(
      payloadOf([MARKER], { fallbackText: 'f'.repeat(30_000) }),
    );
  });
});
