import fc from 'fast-check';
import { incidentChannelName, MESSAGE_KINDS, type SlackPayload, type TeamsPayload } from 'incident-kit';
import { createRenderer } from 'incident-kit/templates';
import { escapeText, truncateText } from 'incident-kit/text';
import { describe, expect } from 'vitest';
import { SLACK_LIMITS, TEAMS_LIMITS } from '../src/comms/payloads';
import { messageDataArbs, textArb } from './arbitraries/messages';
import { prop } from './support/prop';
import { propertyRuns } from './support/property-runs';

const renderer = createRenderer();
const kindAndData = fc
  .constantFrom(...MESSAGE_KINDS)
  .chain((kind) => messageDataArbs[kind].map((data) => ({ kind, data })));
// Bidi controls, zero-width space, BOM and C0 controls must never reach a message.
const INVISIBLE_CLASS = '[\\u200b\\u202a-\\u202e\\u2066-\\u2069\\ufeff\\u0000-\\u0008\\u000e-\\u001f]';
const INVISIBLE = new RegExp(INVISIBLE_CLASS);
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

describe('rendering', () => {
  prop([kindAndData, fc.constantFrom('markdown', 'slack', 'teams', 'text' as const)], {
    numRuns: propertyRuns(600),
  })('never throws for data its schema accepts, in any format', ({ kind, data }, format) => {
    expect(typeof renderer.render(kind, data, { format })).toBe('string');
  });

  prop([kindAndData], { numRuns: propertyRuns(600) })(
    'lets no mention, link, image, HTML or heading through',
    ({ kind, data }) => {
      const slack = renderer.render(kind, data, { format: 'slack' }) as string;
      // No person here has a Slack id, so every `<` would be injected syntax.
      expect(slack).not.toContain('<');
      expect(slack).not.toMatch(/&(?!amp;|lt;|gt;)/);

      const markdown = renderer.render(kind, data, { format: 'markdown' }) as string;
      expect(markdown).not.toMatch(/<|(?<!\\)\]\(|^\s*#{1,6} Heading/m);

      const teams = renderer.render(kind, data, { format: 'teams' }) as string;
      expect(teams).not.toMatch(/(?<!\\)\]\(|^\s*#{1,6} Heading|^\s*> quote|(?<!\\)<(?:https?|mailto):/m);

      for (const text of [slack, markdown, teams]) expect(text).not.toMatch(INVISIBLE);
    },
  );

  prop([messageDataArbs.internal_update, fc.constantFrom('markdown', 'slack', 'teams', 'text' as const)], {
    numRuns: propertyRuns(300),
  })('never lets a one-line field start a line of its own', (data, format) => {
    // The same message with harmless one-line text has exactly the same lines.
    const plain = {
      ...data,
      title: 'x',
      status: 'x',
      commander: data.commander ? { id: 'a', name: 'x' } : null,
      impact: data.impact?.map(() => 'x'),
      actions: data.actions?.map(() => 'x'),
    };
    const lines = (value: unknown) =>
      (renderer.render('internal_update', value, { format }) as string).split('\n');
    expect(lines(data)).toHaveLength(lines(plain).length);
    expect(lines(data).map((line) => line.slice(0, 2))).toEqual(lines(plain).map((line) => line.slice(0, 2)));
  });
});

describe('payloads', () => {
  prop([kindAndData], { numRuns: propertyRuns(400) })(
    'stay within the Slack Block Kit limits, cut cleanly',
    ({ kind, data }) => {
      const payload = renderer.render(kind, data, { format: 'slack', payload: true }) as SlackPayload;
      expect(payload.blocks.length).toBeLessThanOrEqual(SLACK_LIMITS.blocks);
      for (const block of payload.blocks) {
        expect(block.text.text).not.toMatch(LONE_SURROGATE);
        if (block.type === 'header') {
          // plain_text: shown as it is, so it is not HTML-escaped, and it is one line.
          expect(block.text.text.length).toBeLessThanOrEqual(SLACK_LIMITS.headerText);
          expect(block.text.text).not.toMatch(/[\n\r\u2028\u2029]/);
          if (!(data as { title: string }).title.includes('&')) expect(block.text.text).not.toContain('&');
        } else {
          expect(block.text.text.length).toBeLessThanOrEqual(SLACK_LIMITS.sectionText);
          expect(block.text.text).not.toMatch(/&[a-z]{0,3}$|&[a-z]{0,3}…/);
          expect(block.text.verbatim).toBe(true);
        }
      }
      expect(payload.text.length).toBeLessThanOrEqual(SLACK_LIMITS.fallbackText);
    },
  );

  prop([kindAndData], { numRuns: propertyRuns(400) })(
    'stay within the Teams byte cap, in UTF-8 bytes of the posted JSON',
    ({ kind, data }) => {
      const payload = renderer.render(kind, data, { format: 'teams', payload: true }) as TeamsPayload;
      expect(payload.type).toBe('message');
      const card = payload.attachments[0]?.content;
      expect(card).toMatchObject({ type: 'AdaptiveCard', version: '1.2' });
      const body = card?.body ?? [];
      expect(Buffer.byteLength(JSON.stringify(payload), 'utf8')).toBeLessThanOrEqual(
        TEAMS_LIMITS.payloadBytes,
      );
      for (const block of body) {
        expect(block.text.length).toBeGreaterThan(0);
        expect(block.text.length).toBeLessThanOrEqual(TEAMS_LIMITS.textBlock);
        expect(block.text).not.toMatch(LONE_SURROGATE);
      }
    },
  );
});

describe('truncateText', () => {
  prop([fc.string({ unit: 'grapheme', maxLength: 300 }), fc.integer({ min: 2, max: 200 })])(
    'never exceeds the limit and never splits a grapheme or an entity',
    (raw, max) => {
      const text = escapeText(raw, 'slack');
      const cut = truncateText(text, max);
      expect(cut.length).toBeLessThanOrEqual(Math.max(max, 0));
      if (cut !== text) {
        expect(cut.endsWith('…')).toBe(true);
        expect(text.startsWith(cut.slice(0, -1))).toBe(true);
        expect(cut).not.toMatch(/&[#a-z]*…$/);
      }
      expect(cut).not.toMatch(LONE_SURROGATE);
    },
  );
});

describe('incidentChannelName', () => {
  prop([
    fc.oneof(
      fc.string({ unit: 'grapheme', maxLength: 220 }),
      fc.string({ unit: 'binary', maxLength: 220 }),
      textArb,
    ),
    fc.date({ min: new Date('2000-01-01'), max: new Date('2099-12-31'), noInvalidDate: true }),
  ])('is always a valid, stable Slack channel name', (title, date) => {
    const input = { date: date.toISOString(), title };
    const name = incidentChannelName(input);
    expect(name).toMatch(/^[a-z0-9_-]{1,80}$/);
    expect(name).toMatch(/[a-z0-9]/);
    expect(name.startsWith(`incident-${date.toISOString().slice(0, 10)}`)).toBe(true);
    expect(incidentChannelName(input)).toBe(name);
  });
});
