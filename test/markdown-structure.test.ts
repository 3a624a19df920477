// Every message kind, on every data set, parsed as Markdown by markdown-it (CommonMark, and its default preset with
// GFM tables and strikethrough): the heading, the labels and the lists are what the message means, and hostile text
// adds no link, image, HTML, heading, list item or other structure.
import { MESSAGE_KINDS, type MessageInputs } from 'incident-kit';
import { createRenderer } from 'incident-kit/templates';
import { escapeText } from 'incident-kit/text';
import MarkdownIt, { type Token } from 'markdown-it';
import { describe, expect, it } from 'vitest';
import {
  DATASETS,
  type DatasetName,
  expectedListItems,
  HOSTILE_TEXTS,
  LABELS,
  plainTwin,
} from './fixtures/message-corpus';

const renderer = createRenderer();
const parsers = {
  commonmark: new MarkdownIt('commonmark'),
  gfm: new MarkdownIt('default', { html: true, linkify: false }),
};
/** One line as a reader sees it: the typed text, trimmed, without invisible characters or line breaks. */
const seen = (value: unknown) => escapeText(String(value).trim(), 'text', { singleLine: true });
type Heading = { level: number; text?: (data: Record<string, unknown>) => string };
const HEADINGS: { [K in keyof MessageInputs]: Heading[] } = {
  internal_update: [{ level: 2, text: (d) => `Incident: ${seen(d.title)}` }],
  tactical_update: [{ level: 2, text: (d) => `Tactical update (CAN): ${seen(d.title)}` }],
  executive_summary: [{ level: 2, text: (d) => `Executive summary: ${seen(d.title)}` }],
  status_page_update: [],
  resolution_update: [],
  handoff_brief: [
    { level: 2, text: (d) => `Handoff: ${seen(d.role ?? 'Incident Commander')}, ${seen(d.title)}` },
  ],
  postmortem: [
    { level: 1, text: (d) => `Postmortem: ${seen(d.title)}` },
    ...Array.from({ length: 11 }, () => ({ level: 2 })),
  ],
};
// Everything that changes what a reader sees besides words. Hard breaks (two trailing spaces) are left out: they
// only break a line that already ends there in the data.
const STRUCTURE = [
  'heading_open',
  'link_open',
  'image',
  'html_block',
  'html_inline',
  'bullet_list_open',
  'ordered_list_open',
  'list_item_open',
  'blockquote_open',
  'hr',
  'fence',
  'code_block',
  'table_open',
  'strong_open',
  'em_open',
  's_open',
  'code_inline',
] as const;

function markdown(kind: keyof MessageInputs, data: unknown): string {
  return renderer.render(kind, data, { format: 'markdown' }) as string;
}

/** Every token, inline children included. */
function flatten(tokens: Token[]): Token[] {
  return tokens.flatMap((token) => [token, ...flatten(token.children ?? [])]);
}

function counts(tokens: Token[]): Record<(typeof STRUCTURE)[number], number> {
  const all = flatten(tokens);
  return Object.fromEntries(
    STRUCTURE.map((type) => [type, all.filter((token) => token.type === type).length]),
  ) as Record<(typeof STRUCTURE)[number], number>;
}

/** The words an inline token shows, as markdown-it decoded them. */
function shown(inline: Token | undefined): string {
  return (inline?.children ?? [])
    .map((child) => (child.type === 'softbreak' || child.type === 'hardbreak' ? '\n' : child.content))
    .join('');
}

/**
 * The text of each `strong` element that starts a line of the source: first in its paragraph, heading or list item,
 * or right after a line break. (CommonMark shows a soft break as a space, and continues a list item with a label
 * line that follows it; the process document's layout, kept byte for byte, has both. The labels still start lines.)
 */
function lineStartStrongTexts(tokens: Token[]): string[] {
  const texts: string[] = [];
  for (const inline of tokens.filter((token) => token.type === 'inline')) {
    // markdown-it leaves empty text tokens around delimiters: they show nothing.
    const children = (inline.children ?? []).filter((child) => child.type !== 'text' || child.content !== '');
    children.forEach((child, index) => {
      const before = children[index - 1];
      const startsLine = before === undefined || before.type === 'softbreak' || before.type === 'hardbreak';
      if (child.type === 'strong_open' && startsLine) texts.push(children[index + 1]?.content ?? '');
    });
  }
  return texts;
}

/** The text of each `strong` element. */
function strongTexts(tokens: Token[]): string[] {
  const texts: string[] = [];
  let current: string | null = null;
  for (const token of flatten(tokens)) {
    if (token.type === 'strong_open') current = '';
    else if (token.type === 'strong_close' && current !== null) {
      texts.push(current);
      current = null;
    } else if (current !== null && token.type === 'text') current += token.content;
  }
  return texts;
}

const titleOf = (data: unknown) => (data as { title: string }).title;

for (const kind of MESSAGE_KINDS) {
  describe(`render ${kind} as markdown`, () => {
    for (const dataset of Object.keys(DATASETS) as DatasetName[]) {
      const data = DATASETS[dataset][kind];
      for (const [preset, md] of Object.entries(parsers)) {
        it(`has the message's heading, labels and lists in ${preset} (${dataset})`, () => {
          const tokens = md.parse(markdown(kind, data), {});
          const headings = tokens
            .map((token, index) => ({ token, inline: tokens[index + 1] }))
            .filter(({ token }) => token.type === 'heading_open');
          expect(headings.map(({ token }) => Number(token.tag.slice(1)))).toEqual(
            HEADINGS[kind].map((heading) => heading.level),
          );
          const first = HEADINGS[kind][0];
          if (first?.text) {
            // The heading shows exactly the typed title (minus invisible characters and line breaks).
            expect(shown(headings[0]?.inline)).toBe(first.text(data as Record<string, unknown>));
          } else {
            const bold = strongTexts(tokens)[0] ?? '';
            expect(bold).toMatch(/^\[\w+\] /);
            expect(bold.replace(/^\[\w+\] /, '')).toBe(seen(titleOf(data)));
          }
          const text = renderer.render(kind, data, { format: 'text' }) as string;
          const labels = LABELS[kind].filter((label) =>
            text.split('\n').some((line) => line.startsWith(label)),
          );
          const strongs = strongTexts(tokens);
          const atLineStart = lineStartStrongTexts(tokens);
          for (const label of labels) {
            expect(
              strongs.filter((strong) => strong === label),
              label,
            ).toHaveLength(1);
            expect(atLineStart, `${label} starts a line`).toContain(label);
          }
          expect(counts(tokens).list_item_open).toBe(expectedListItems(kind, data, 'markdown'));
          expect(counts(tokens).link_open + counts(tokens).image + counts(tokens).html_inline).toBe(0);
        });
      }
    }

    // The messages without the process document's fixed layout are written in blocks: every label opens a paragraph
    // of its own (not a soft-wrapped line, nor a continuation of the list above it).
    if (!['internal_update', 'status_page_update', 'resolution_update'].includes(kind)) {
      it('puts every label in a paragraph of its own, outside any list, in CommonMark', () => {
        for (const dataset of Object.keys(DATASETS) as DatasetName[]) {
          const data = DATASETS[dataset][kind];
          const tokens = parsers.commonmark.parse(markdown(kind, data), {});
          const text = renderer.render(kind, data, { format: 'text' }) as string;
          const labels = LABELS[kind].filter((label) =>
            text.split('\n').some((line) => line.startsWith(label)),
          );
          const opening: string[] = [];
          let depth = 0;
          tokens.forEach((token, index) => {
            if (token.type === 'list_item_open') depth += 1;
            if (token.type === 'list_item_close') depth -= 1;
            const inline = tokens[index + 1];
            if (token.type !== 'paragraph_open' || depth > 0 || !inline) return;
            const [first, label] = (inline.children ?? []).filter(
              (c) => c.type !== 'text' || c.content !== '',
            );
            if (first?.type === 'strong_open') opening.push(label?.content ?? '');
          });
          for (const label of labels) expect(opening, `${label} (${dataset})`).toContain(label);
        }
      });
    }

    for (const [preset, md] of Object.entries(parsers)) {
      it(`adds no link, image, HTML, heading, list item or other structure for hostile text in ${preset}`, () => {
        const hostile = counts(md.parse(markdown(kind, DATASETS.hostile[kind]), {}));
        const plain = counts(md.parse(markdown(kind, plainTwin[kind]), {}));
        expect(hostile).toEqual(plain);
        expect(hostile.link_open + hostile.image + hostile.html_inline + hostile.html_block).toBe(0);
      });
    }
  });
}

describe('escapeText', () => {
  it('shows every hostile text as typed after a CommonMark round trip', () => {
    for (const hostile of HOSTILE_TEXTS) {
      const prose = escapeText(hostile, 'markdown');
      const tokens = parsers.commonmark.parse(prose, {});
      const words = tokens
        .filter((token) => token.type === 'inline')
        .map((token) => shown(token))
        .join('\n');
      const typed = escapeText(hostile, 'text');
      // Line structure may differ (a blank line ends a paragraph), the characters may not.
      expect(words.replace(/\s+/g, ' ').trim(), hostile).toBe(typed.replace(/\s+/g, ' ').trim());
      expect(counts(tokens)).toMatchObject({
        link_open: 0,
        image: 0,
        html_inline: 0,
        html_block: 0,
        heading_open: 0,
      });
    }
  });

  it('would let the same text through unescaped (the check can fail)', () => {
    const raw = counts(parsers.commonmark.parse(HOSTILE_TEXTS.join('\n\n'), {}));
    expect(raw.link_open).toBeGreaterThan(0);
    expect(raw.image).toBeGreaterThan(0);
    expect(raw.html_inline + raw.html_block).toBeGreaterThan(0);
    expect(raw.heading_open).toBeGreaterThan(0);
    expect(raw.list_item_open).toBeGreaterThan(0);
  });
});
