import { z } from 'zod';
import type { Person } from '../roles/person';

/**
 * The formats messages render to: Markdown (as in the seed templates), Slack mrkdwn, Microsoft Teams (the Adaptive
 * Card markdown subset) and plain text.
 *
 * @example
 * MessageFormatSchema.options;
 * //=> ['markdown', 'slack', 'teams', 'text']
 */
export const MessageFormatSchema = z.enum(['markdown', 'slack', 'teams', 'text']);

/**
 * A message format.
 *
 * @example
 * const format: MessageFormat = 'slack';
 * format;
 * //=> 'slack'
 */
export type MessageFormat = z.infer<typeof MessageFormatSchema>;

/**
 * Every message format.
 *
 * @example
 * MESSAGE_FORMATS.length;
 * //=> 4
 */
export const MESSAGE_FORMATS = MessageFormatSchema.options;

// C0/C1 controls (except tab and newline), bidi overrides and zero-width characters that could hide or reorder text.
const INVISIBLE_CLASS =
  '[\\u0000-\\u0008\\u000b-\\u001f\\u007f-\\u009f\\u200b-\\u200f\\u202a-\\u202e\\u2066-\\u2069\\ufeff]';
const HAS_INVISIBLE = new RegExp(INVISIBLE_CLASS);
const INVISIBLE = new RegExp(INVISIBLE_CLASS, 'g');

// Most text (prose, names, numbers) has none of these, and is returned as it is.
const MARKDOWN_SPECIAL = /[\\`*_[\]|~<>&\r]|(?:^|\n)[ \t]*(?:[#+=-]|\d+[.)])/;

const LINE_START = /(?:^|\n)[ \t]*(?:[#>+=-]|\d+[.)])/;

/** Backslash-escapes whatever could start Markdown syntax, leaving ordinary prose ("~30%", "jane-smith") alone. */
function escapeMarkdownish(text: string, { html }: { html: boolean }): string {
  if (!MARKDOWN_SPECIAL.test(text)) return text;
  let result = text.includes('\r') ? text.replace(/\r\n?/g, '\n') : text;
  // Strikethrough needs a pair of tildes (GFM pairs single ones too): a lone tilde ("~30%") stays as it is.
  const tildes = result.indexOf('~') !== result.lastIndexOf('~');
  result = result.replace(tildes ? /[\\`*_[\]|~]/g : /[\\`*_[\]|]/g, '\\$&');
  if (LINE_START.test(result)) {
    // Block syntax at the start of a line: headings, lists, thematic breaks, setext underlines (and quotes where
    // `>` is not HTML-escaped anyway). Only punctuation can be backslash-escaped, so `1.` becomes `1\.`.
    result = result
      .replace(html ? /^([ \t]*)([#+=-])/gm : /^([ \t]*)([#>+=-])/gm, '$1\\$2')
      .replace(/^([ \t]*\d+)([.)])/gm, '$1\\$2');
  }
  if (html && /[<>&]/.test(result)) {
    result = result
      .replace(/&(?=#?\w+;)/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;');
  }
  return result;
}

/**
 * Escapes text from alerts or people for one format, so it cannot inject mentions, links, images, HTML or headings:
 * Slack gets exactly `&`, `<`, `>` escaped (which also defuses `<!channel>`, `<@U…>` and `<http://x|y>`); Markdown
 * and Teams get Markdown syntax backslash-escaped (Markdown also HTML); plain text is left as it is. Invisible
 * control and bidi characters are removed in every format.
 *
 * @param text - untrusted text
 * @param format - the target format
 * @returns the escaped text
 * @example
 * escapeText('<!channel> Login failures for ~30% of users', 'slack');
 * //=> '&lt;!channel&gt; Login failures for ~30% of users'
 */
export function escapeText(text: string, format: MessageFormat): string {
  const visible = HAS_INVISIBLE.test(text) ? text.replace(INVISIBLE, '') : text;
  switch (format) {
    case 'slack':
      return /[&<>]/.test(visible)
        ? visible.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
        : visible;
    case 'markdown':
      return escapeMarkdownish(visible, { html: true });
    case 'teams':
      return escapeMarkdownish(visible, { html: false });
    case 'text':
      return visible;
  }
}

/**
 * How a person is named in a message: a real Slack mention (`<@U024BE7LH>`) when they have a Slack user id and the
 * format is Slack; otherwise their chat handle (`@jane-smith`), else their name, escaped for the format.
 *
 * @param person - the person
 * @param format - the target format
 * @returns the mention
 * @example
 * mention({ id: 'jane', name: 'Jane Smith', handle: '@jane-smith', slackUserId: 'U024BE7LH' }, 'markdown');
 * //=> '@jane-smith'
 */
export function mention(person: Person, format: MessageFormat): string {
  if (format === 'slack' && person.slackUserId) return `<@${person.slackUserId}>`;
  return escapeText(person.handle ?? person.name, format);
}

const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/**
 * Cuts text to at most `max` characters (UTF-16 code units, as the platforms count) with a visible `…` marker, never
 * inside a grapheme (an emoji, a letter with its accents) or an HTML entity such as `&amp;`.
 *
 * @param text - text, already escaped for its format
 * @param max - the limit, marker included
 * @returns the text, cut if needed
 * @example
 * truncateText('Login failures &amp; timeouts', 20);
 * //=> 'Login failures …'
 */
export function truncateText(text: string, max: number): string {
  if (text.length <= max) return text;
  const marker = '…';
  const cut = Math.max(0, max - marker.length);
  // The last grapheme boundary at or before the cut (ICU finds it locally, without walking the whole text).
  const around = segmenter.segment(text).containing(cut);
  let kept = text.slice(0, around && around.index < cut ? around.index : cut);
  // Do not leave half an entity (`&am`) or a dangling escape backslash at the cut.
  kept = kept.replace(/&#?\w*$/, '').replace(/(?<!\\)((?:\\\\)*)\\$/, '$1');
  return `${kept}${marker}`;
}
