// @vitest-environment happy-dom
/// <reference lib="dom" />
// Every message kind, on every data set, as a Teams card: accepted by Microsoft's `adaptivecards` SDK and by the
// official Adaptive Card schemas 1.2 and 1.5, and rendered by the SDK's renderer in a DOM, where each label must
// start a paragraph of its own and each list must stay a list.
import { MESSAGE_KINDS, type MessageInputs, renderPostmortem, type TeamsPayload } from 'incident-kit';
import { createRenderer } from 'incident-kit/templates';
import { describe, expect, it } from 'vitest';
import { TEAMS_LIMITS } from '../src/comms/payloads';
import { renderCard, schemaErrors, sdkIssues, vendorSamples } from './fixtures/adaptive-card';
import {
  DATASETS,
  type DatasetName,
  expectedListItems,
  LABELS,
  LINE_STARTS,
  plainTwin,
  WORLD_TEXTS,
} from './fixtures/message-corpus';
import { RENDER_NAMES } from './fixtures/messages';

const renderer = createRenderer();
const SHORTENED = '… (message shortened)';

function teamsPayload(kind: keyof MessageInputs, data: unknown): TeamsPayload {
  return renderer.render(kind, data, { format: 'teams', payload: true }) as TeamsPayload;
}

function cardOf(payload: TeamsPayload) {
  const card = payload.attachments[0]?.content;
  if (!card) throw new Error('no card');
  return card;
}

/** The labels and plain line starts this rendering has: those that start a line of the plain-text rendering. */
function lineStartsOf(kind: keyof MessageInputs, data: unknown): { labels: string[]; starts: string[] } {
  const lines = (renderer.render(kind, data, { format: 'text' }) as string).split('\n');
  const present = (start: string) => lines.some((line) => line.startsWith(start));
  return { labels: LABELS[kind].filter(present), starts: LINE_STARTS[kind].filter(present) };
}

const text = (node: Element | null | undefined) => node?.textContent ?? '';

/** Checks the rendered card's structure; `truncated` cards only need what survived to be right. */
function expectStructure(
  kind: keyof MessageInputs,
  data: unknown,
  element: HTMLElement,
  truncated: boolean,
): void {
  const { labels, starts } = lineStartsOf(kind, data);
  const strongs = Array.from(element.querySelectorAll('strong'));
  for (const label of labels) {
    const found = strongs.filter((strong) => text(strong) === label);
    if (truncated && found.length === 0) continue;
    expect(found, `label ${label}`).toHaveLength(1);
    const strong = found[0] as HTMLElement;
    expect(strong.closest('li'), `${label} is not inside a list item`).toBeNull();
    const paragraph = strong.parentElement as HTMLElement;
    expect(paragraph.tagName, `${label} is in a paragraph`).toBe('P');
    expect(text(paragraph).startsWith(label), `${label} starts its paragraph`).toBe(true);
    expect(paragraph.querySelectorAll('strong'), `${label} has its paragraph to itself`).toHaveLength(1);
  }
  const paragraphs = Array.from(element.querySelectorAll('p')).filter((p) => p.closest('li') === null);
  for (const start of starts) {
    const found = paragraphs.filter((p) => text(p).startsWith(start));
    if (truncated && found.length === 0) continue;
    expect(found.length, `"${start}" starts a paragraph`).toBeGreaterThanOrEqual(1);
  }
  const items = element.querySelectorAll('li').length;
  const expected = expectedListItems(kind, data as never, 'teams');
  if (truncated) expect(items).toBeLessThanOrEqual(expected);
  else {
    expect(items, 'list items').toBe(expected);
    // Every line the message has (its plain-text rendering, title included) is a paragraph or a list item of its
    // own in the card: no two lines run together, not only the labelled ones.
    const lines = (renderer.render(kind, data, { format: 'text' }) as string)
      .split('\n')
      .filter((line) => line.trim() !== '').length;
    expect(paragraphs.length + items, 'paragraphs and list items, one per line').toBe(lines);
  }
  // Nothing a Teams card must not show: links, images, HTML, headings, quotes, code, tables.
  expect(
    element.querySelectorAll('a, img, script, iframe, h1, h2, h3, h4, h5, h6, blockquote, pre, table'),
  ).toHaveLength(0);
}

for (const kind of MESSAGE_KINDS) {
  describe(RENDER_NAMES[kind], () => {
    for (const dataset of Object.keys(DATASETS) as DatasetName[]) {
      const data = DATASETS[dataset][kind];

      it(`gives a Teams card that adaptivecards and the 1.2 and 1.5 schemas accept (${dataset})`, () => {
        const payload = teamsPayload(kind, data);
        const envelope = vendorSamples.webhookEnvelope as {
          type: string;
          attachments: { contentType: string }[];
        };
        expect(payload.type).toBe(envelope.type);
        expect(payload.attachments.map((attachment) => attachment.contentType)).toEqual([
          envelope.attachments[0]?.contentType,
        ]);
        const card = cardOf(payload);
        expect(sdkIssues(card)).toEqual([]);
        expect(schemaErrors(card, '1.2')).toEqual([]);
        expect(schemaErrors(card, '1.5')).toEqual([]);
        expect(Buffer.byteLength(JSON.stringify(payload), 'utf8')).toBeLessThanOrEqual(
          TEAMS_LIMITS.payloadBytes,
        );
      });

      it(`renders each label on a line of its own and each list as a list (${dataset})`, () => {
        const payload = teamsPayload(kind, data);
        const card = cardOf(payload);
        const truncated = card.body.at(-1)?.text === SHORTENED;
        expect(truncated).toBe(dataset === 'long');
        const element = renderCard(card);
        expect(text(element.querySelector('.ac-textBlock'))).not.toBe('');
        expectStructure(kind, data, element, truncated);
      });
    }

    it('adds no list item, bold text or link for hostile text (compared with harmless text of the same shape)', () => {
      const hostile = renderCard(cardOf(teamsPayload(kind, DATASETS.hostile[kind])));
      const plain = renderCard(cardOf(teamsPayload(kind, plainTwin[kind])));
      for (const selector of ['li', 'ul', 'ol', 'strong', 'em', 'code', 'a', 'img']) {
        expect(hostile.querySelectorAll(selector).length, selector).toBe(
          plain.querySelectorAll(selector).length,
        );
      }
    });
  });
}

describe('toTeamsPayload', () => {
  it('shows hostile text as typed: mentions, autolinks and Markdown stay text', () => {
    const card = cardOf(teamsPayload('internal_update', DATASETS.hostile.internal_update));
    const shown = text(renderCard(card));
    expect(shown).toContain('<!channel> <!here>');
    expect(shown).toContain('Details: <https://evil.example/reset-password>');
    expect(shown).toContain('&amp; &lt;b&gt; &#60;https://evil.example&#62;');
  });

  it('keeps emoji sequences, flags and joined scripts whole', () => {
    const shown = text(
      renderCard(cardOf(teamsPayload('internal_update', DATASETS.emoji_cjk.internal_update))),
    );
    for (const world of WORLD_TEXTS.slice(0, 3)) expect(shown).toContain(world);
    expect(shown).toContain('می‌خواهم');
    expect(shown).toContain('👩‍👩‍👧‍👦');
  });

  it('caps a Japanese postmortem by the UTF-8 bytes of the posted JSON, and says it was shortened', () => {
    const japanese = 'データベースの接続プールが枯渇し、ログインに失敗しました。';
    const paragraph = japanese.repeat(20);
    const data = {
      ...DATASETS.seed.postmortem,
      overview: paragraph,
      whatHappened: Array.from({ length: 16 }, () => paragraph).join('\n'),
      temporaryResolution: paragraph,
      longTermResolution: paragraph,
      contributingFactors: Array.from({ length: 8 }, () => japanese.repeat(3)),
    };
    const characters = renderPostmortem(data, { format: 'teams' }).length;
    expect(characters).toBeLessThan(TEAMS_LIMITS.payloadBytes);
    const payload = renderPostmortem(data, { format: 'teams', payload: true });
    const bytes = Buffer.byteLength(JSON.stringify(payload), 'utf8');
    expect(bytes).toBeLessThanOrEqual(TEAMS_LIMITS.payloadBytes);
    expect(Buffer.byteLength(renderPostmortem(data, { format: 'teams' }), 'utf8')).toBeGreaterThan(
      TEAMS_LIMITS.payloadBytes,
    );
    expect(cardOf(payload).body.at(-1)).toMatchObject({ text: SHORTENED, isSubtle: true });
    expect(text(renderCard(cardOf(payload)))).toContain('(message shortened)');
  });
});

describe('the checks themselves', () => {
  it('accept the vendor samples, and allow only Teams’ own msteams property beyond the schema', () => {
    const envelope = vendorSamples.webhookEnvelope as { attachments: { content: unknown }[] };
    const docCard = envelope.attachments[0]?.content;
    expect(schemaErrors(docCard, '1.2')).toEqual([]);
    expect(schemaErrors(docCard, '1.5')).toEqual([]);
    expect(schemaErrors(vendorSamples.activityUpdate, '1.5')).toEqual([]);
    expect(sdkIssues(vendorSamples.activityUpdate)).toEqual([]);
    const card = cardOf(teamsPayload('internal_update', DATASETS.seed.internal_update));
    expect(schemaErrors({ ...card, msteams: { width: 'Full' } }, '1.5')).toEqual([]);
    expect(schemaErrors({ ...card, extra: true }, '1.5')).not.toEqual([]);
    expect(sdkIssues({ ...card, body: [{ type: 'TextBlok', text: 'x' }] })).not.toEqual([]);
  });

  it('see what Teams does to unprepared text: one \\n joins lines, a list swallows the next line, <https://…> links', () => {
    const card = (body: string) => ({
      type: 'AdaptiveCard',
      version: '1.2',
      body: [{ type: 'TextBlock', text: body, wrap: true }],
    });
    const joined = renderCard(card('**Severity:** SEV2\n**Status:** Investigating'));
    expect(joined.querySelectorAll('p')).toHaveLength(1);
    const swallowed = renderCard(card('- API returning 503 errors\n**Current Actions:**'));
    expect(swallowed.querySelector('li strong')?.textContent).toBe('Current Actions:');
    const linked = renderCard(card('Details: <https://evil.example/reset-password>'));
    expect(linked.querySelectorAll('a')).toHaveLength(1);
  });
});
