import * as z from 'zod';
import { parseInput } from '../errors';
import { expectOptions, invalidArgument } from '../internal/arguments';
import { exactPerson } from '../internal/exact-form';
import { type Person, PersonSchema } from '../roles/person';

/**
 * The formats messages render to: Markdown (CommonMark, as in a wiki or a GitHub issue), Slack mrkdwn, Microsoft Teams (the Adaptive
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

// Line breaks as Unicode and the platforms know them: CRLF, CR, LF, vertical tab, form feed, NEL (U+0085), and the
// line and paragraph separators (U+2028, U+2029), which some clients show as a new line.
const LINE_BREAKS = /\r\n|[\n\r\v\f\u0085\u2028\u2029]/g;
const HAS_LINE_BREAK = /[\n\r\v\f\u0085\u2028\u2029]/;
const LINE_BREAK_RUNS = /[ \t]*(?:\r\n|[\n\r\v\f\u0085\u2028\u2029])[ \t]*/g;

// Characters that are invisible or reorder text, and so can hide or disguise what a message says: C0 and C1 controls
// (tab and line breaks are handled above), the Arabic letter mark, the Mongolian vowel separator, zero-width space,
// left-to-right and right-to-left marks, bidi embeddings, overrides and isolates (U+202A-202E, U+2066-2069), the word
// joiner and invisible operators, the byte-order mark and the interlinear annotation controls. Zero-width joiner
// (U+200D) and non-joiner (U+200C) are kept: they belong to emoji sequences (👩‍👩‍👧‍👦, 🏳️‍🌈) and to Persian and Indic
// words (می‌خواهم). Variation selectors and tag characters (flag sequences) are kept too.
const INVISIBLE_CLASS =
  '[\\u0000-\\u0008\\u000e-\\u001f\\u007f-\\u0084\\u0086-\\u009f\\u061c\\u180e\\u200b\\u200e\\u200f\\u202a-\\u202e\\u2060-\\u2064\\u2066-\\u2069\\ufeff\\ufff9-\\ufffb]';
const HAS_INVISIBLE = new RegExp(INVISIBLE_CLASS);
const INVISIBLE = new RegExp(INVISIBLE_CLASS, 'g');

/**
 * Text as it may appear in any message: invisible characters removed, and line breaks either normalised to `\n`
 * (prose) or collapsed to one space (single-line fields, which must never start a new line).
 */
function cleanText(text: string, singleLine: boolean): string {
  let result = text;
  if (HAS_LINE_BREAK.test(result)) {
    result = singleLine ? result.replace(LINE_BREAK_RUNS, ' ') : result.replace(LINE_BREAKS, '\n');
  }
  return HAS_INVISIBLE.test(result) ? result.replace(INVISIBLE, '') : result;
}

/**
 * Whether text shows anything once invisible characters and white space are gone: the test for text taken from an
 * incident into a message (a lifecycle note of `" "` or a zero-width space would render as an empty line).
 * Internal: not exported from the package.
 *
 * @param text - any text
 * @returns `false` for text that would render as nothing
 * @example
 * hasVisibleText(' \u200b ');
 * //=> false
 */
export function hasVisibleText(text: string): boolean {
  return cleanText(text, true).trim().length > 0;
}

// What the one-pass check looks for (see needsNothing): characters cleaned in every format (line breaks, controls
// and invisible ones), HTML's three, and Markdown's punctuation.
const CLEANED = 1;
const HTML = 2;
const MARKDOWN = 4;

/** The classes of the ASCII characters (tab and space are plain). */
const ASCII_CLASSES = (() => {
  const classes = new Uint8Array(128);
  for (let code = 0; code < 0x20; code++) if (code !== 0x09) classes[code] = CLEANED;
  classes[0x7f] = CLEANED;
  for (const char of '&<>') classes[char.charCodeAt(0)] = HTML;
  for (const char of '\\`*_[]|~') classes[char.charCodeAt(0)] = MARKDOWN;
  return classes;
})();

/**
 * Whether `escapeText` would return the text as it is, for a format whose rules are `mask`: no character of those
 * classes anywhere (`>` is one of HTML's), nothing at the start that Markdown reads as a block (`#`, `+`, `=`, `-`,
 * a digit: the text has no other line start, since it has no line break) and no character outside ASCII that could
 * be invisible or a line break (the whole range U+2000–U+206F is left to the full rules, as are U+0080–U+009F,
 * U+061C, U+180E and U+FEFF–U+FFFB). A `false` only means "apply the rules".
 */
function needsNothing(text: string, mask: number): boolean {
  let start = true;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (code < 0x80) {
      if ((ASCII_CLASSES[code] as number) & mask) return false;
      if (start && (mask & MARKDOWN) !== 0) {
        if (code === 0x20 || code === 0x09) continue;
        if (code === 0x23 || code === 0x2b || code === 0x3d || code === 0x2d) return false;
        if (code >= 0x30 && code <= 0x39) return false;
      }
    } else if (
      code <= 0x9f ||
      code === 0x061c ||
      code === 0x180e ||
      (code >= 0x2000 && code <= 0x206f) ||
      code >= 0xfeff
    ) {
      return false;
    }
    start = false;
  }
  return true;
}

// Most text (prose, names, numbers) has none of these, and is returned as it is.
const MARKDOWN_SPECIAL = /[\\`*_[\]|~<>&]|(?:^|\n)[ \t]*(?:[#+=-]|\d+[.)])/;

const LINE_START = /(?:^|\n)[ \t]*(?:[#>+=-]|\d+[.)])/;

/**
 * Backslash-escapes whatever could start Markdown syntax, leaving ordinary prose ("~30%", "jane-smith") alone. For
 * Markdown (`html`), `<`, `>` and entity-like `&` are HTML-escaped; for Teams, which renders no HTML but does turn
 * `<https://…>` and `<mailto:…>` into links, `<` and entity-like `&` are backslash-escaped.
 */
function escapeMarkdownish(text: string, { html }: { html: boolean }): string {
  if (!MARKDOWN_SPECIAL.test(text)) return text;
  // Strikethrough needs a pair of tildes (GFM pairs single ones too): a lone tilde ("~30%") stays as it is.
  const tildes = text.indexOf('~') !== text.lastIndexOf('~');
  let result = text.replace(tildes ? /[\\`*_[\]|~]/g : /[\\`*_[\]|]/g, '\\$&');
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
  } else if (!html && /[<&]/.test(result)) {
    // An entity (`&lt;`) is shown as typed rather than decoded into syntax.
    result = result.replace(/&(?=#?\w+;)/g, '\\&').replace(/</g, '\\<');
  }
  return result;
}

/**
 * Options of {@link escapeText}.
 *
 * @example
 * const options: EscapeTextOptions = { singleLine: true };
 * options.singleLine;
 * //=> true
 */
export interface EscapeTextOptions {
  /**
   * `true` for a field that is one line in the message (a title, a name, a status, a list item): every line break
   * (CR, LF, U+2028, U+2029, NEL, vertical tab, form feed) becomes one space. Default `false`: prose keeps its lines.
   */
  readonly singleLine?: boolean;
}

/**
 * Escapes text from alerts or people for one format, so it cannot inject mentions, links, images, HTML or headings:
 * Slack gets exactly `&`, `<`, `>` escaped (which also defuses `<!channel>`, `<@U…>` and `<http://x|y>`); Markdown
 * gets Markdown syntax backslash-escaped and HTML escaped; Teams gets Markdown syntax and `<` backslash-escaped (so
 * `<https://…>` autolinks stay text); plain text is left as it is. Every format drops invisible control, zero-width
 * space and bidi-override characters (zero-width joiners stay, for emoji and scripts), and with `singleLine` every
 * line break becomes a space.
 *
 * @param text - untrusted text
 * @param format - the target format
 * @param options - `singleLine` for fields that must stay on one line
 * @returns the escaped text
 * @throws {IncidentKitError} `invalid_input` for a `text` that is not a string or an unknown format
 * @example
 * escapeText('<!channel> Login failures for ~30% of users', 'slack');
 * //=> '&lt;!channel&gt; Login failures for ~30% of users'
 */
export function escapeText(text: string, format: MessageFormat, options: EscapeTextOptions = {}): string {
  if (typeof text !== 'string') throw invalidArgument('text', 'a string', text);
  const singleLine = options !== undefined && expectOptions(options).singleLine === true;
  // Most text (prose, names, numbers) needs nothing in any format: one scan says so, instead of a regular
  // expression per rule below.
  const mask =
    format === 'text'
      ? CLEANED
      : format === 'slack'
        ? CLEANED | HTML
        : format === 'markdown' || format === 'teams'
          ? CLEANED | HTML | MARKDOWN
          : 0;
  if (mask !== 0 && needsNothing(text, mask)) return text;
  return escapeByRules(text, format, singleLine);
}

/**
 * `escapeText` without its one-pass check: every rule applied. Internal (test/format-fast-path.test.ts holds the
 * check to it).
 */
export function escapeByRules(text: string, format: MessageFormat, singleLine: boolean): string {
  const visible = cleanText(text, singleLine);
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
    default:
      throw invalidArgument('format', `one of ${MESSAGE_FORMATS.join(', ')}`, format);
  }
}

/** The options of a one-line field (a title, a name, a status, a list item). Internal. */
export const SINGLE_LINE: EscapeTextOptions = Object.freeze({ singleLine: true });

/**
 * How a person is named in a message: a real Slack mention (`<@U024BE7LH>`) when they have a Slack user id and the
 * format is Slack; otherwise their chat handle (`@jane-smith`), else their name, escaped for the format.
 *
 * @param person - the person
 * @param format - the target format
 * @returns the mention
 * @throws {IncidentKitError} `invalid_input` for something that is not a person, or an unknown format
 * @example
 * mention({ id: 'jane', name: 'Jane Smith', handle: '@jane-smith', slackUserId: 'U024BE7LH' }, 'markdown');
 * //=> '@jane-smith'
 */
export function mention(person: Person, format: MessageFormat): string {
  // A person exactly as `PersonSchema` gives it is used as it is, without a schema pass (mentions are made for every
  // name in a message); anything else is parsed.
  const checked = (exactPerson(person) as Person | undefined) ?? parseInput(PersonSchema, person, 'person');
  if (format === 'slack' && checked.slackUserId) return `<@${checked.slackUserId}>`;
  return escapeText(checked.handle ?? checked.name, format, SINGLE_LINE);
}

const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/**
 * Cuts text to at most `max` characters (UTF-16 code units, as the platforms count) with a visible `…` marker, never
 * inside a grapheme (an emoji, a letter with its accents) or an HTML entity such as `&amp;`.
 *
 * @param text - text, already escaped for its format
 * @param max - the limit, marker included
 * @returns the text, cut if needed
 * @throws {IncidentKitError} `invalid_input` for a `text` that is not a string or a `max` that is not a number ≥ 0
 * @example
 * truncateText('Login failures &amp; timeouts', 20);
 * //=> 'Login failures …'
 */
export function truncateText(text: string, max: number): string {
  if (typeof text !== 'string') throw invalidArgument('text', 'a string', text);
  if (typeof max !== 'number' || !(max >= 0)) throw invalidArgument('max', 'a number of at least 0', max);
  if (text.length <= max) return text;
  const marker = '…';
  if (max < marker.length) return ''; // not even the marker fits
  const cut = Math.max(0, max - marker.length);
  // The last grapheme boundary at or before the cut (ICU finds it locally, without walking the whole text).
  const around = segmenter.segment(text).containing(cut);
  let kept = text.slice(0, around && around.index < cut ? around.index : cut);
  // Do not leave half an entity (`&am`) or a dangling escape backslash at the cut.
  kept = kept.replace(/&#?\w*$/, '').replace(/(?<!\\)((?:\\\\)*)\\$/, '$1');
  return `${kept}${marker}`;
}
