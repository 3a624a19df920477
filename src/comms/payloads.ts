import * as z from 'zod';
import { escapeText, truncateText } from './format';

/**
 * Slack Block Kit limits, in characters after escaping: 50 blocks a message, 150 for a header's `plain_text`, 3000
 * for a section's text (Slack's Block Kit reference), and our 3000 for the notification fallback `text`.
 *
 * @example
 * SLACK_LIMITS.headerText;
 * //=> 150
 */
export const SLACK_LIMITS = { blocks: 50, sectionText: 3000, headerText: 150, fallbackText: 3000 } as const;

/**
 * Our caps for one Teams message: the whole posted JSON (compact, as `JSON.stringify` writes it) stays within
 * 27,000 UTF-8 bytes, under the ~28 KB that Teams incoming webhooks accept, and one TextBlock holds at most 4000
 * characters.
 *
 * @example
 * TEAMS_LIMITS.payloadBytes;
 * //=> 27000
 */
export const TEAMS_LIMITS = { payloadBytes: 27_000, textBlock: 4000 } as const;

/** What a message says when it was cut to fit a platform's limits. */
const SHORTENED = '… (message shortened)';

/**
 * The shape of a Slack message payload (see {@link SlackPayload}), for checking one that was built or edited
 * outside the renderers. Internal: not exported from the package.
 *
 * @example
 * SlackPayloadSchema.safeParse({ text: 'x', blocks: [] }).success;
 * //=> true
 */
export const SlackPayloadSchema = z.object({
  text: z.string(),
  blocks: z.array(
    z.discriminatedUnion('type', [
      z.object({
        type: z.literal('header'),
        text: z.object({ type: z.literal('plain_text'), text: z.string(), emoji: z.literal(true) }),
      }),
      z.object({
        type: z.literal('section'),
        text: z.object({ type: z.literal('mrkdwn'), text: z.string(), verbatim: z.literal(true) }),
      }),
    ]),
  ),
});

/**
 * A Slack message payload: `text` (the notification fallback) and Block Kit `blocks`, a `header` and `section`s
 * with `verbatim: true` (Slack then links no URL, channel name or mention by itself). Assignable as it is to
 * `@slack/types`' `KnownBlock[]` and to `@slack/web-api`'s `chat.postMessage` arguments.
 *
 * @example
 * const payload: SlackPayload = { text: 'x', blocks: [] };
 * payload.blocks.length;
 * //=> 0
 */
export type SlackPayload = z.output<typeof SlackPayloadSchema>;

/**
 * The shape of a Teams message payload (see {@link TeamsPayload}), for checking one that was built or edited
 * outside the renderers. Internal: not exported from the package.
 *
 * @example
 * TeamsPayloadSchema.safeParse({ type: 'message', attachments: [] }).success;
 * //=> true
 */
export const TeamsPayloadSchema = z.object({
  type: z.literal('message'),
  attachments: z.array(
    z.object({
      contentType: z.literal('application/vnd.microsoft.card.adaptive'),
      content: z.object({
        type: z.literal('AdaptiveCard'),
        version: z.literal('1.2'),
        body: z.array(
          z.object({
            type: z.literal('TextBlock'),
            text: z.string(),
            wrap: z.literal(true),
            weight: z.literal('Bolder').optional(),
            size: z.literal('Medium').optional(),
            isSubtle: z.literal(true).optional(),
          }),
        ),
      }),
    }),
  ),
});

/**
 * A Microsoft Teams message carrying one Adaptive Card (version 1.2) of TextBlocks, as an incoming webhook or a bot
 * posts it.
 *
 * @example
 * const payload: TeamsPayload = { type: 'message', attachments: [] };
 * payload.type;
 * //=> 'message'
 */
export type TeamsPayload = z.output<typeof TeamsPayloadSchema>;

/** Splits text into chunks of at most `max` characters at line breaks; a longer line is cut with a marker. */
function chunkLines(text: string, max: number, separator = '\n'): string[] {
  const chunks: string[] = [];
  let current = '';
  for (const line of text.split(separator)) {
    const piece = truncateText(line, max);
    if (current && current.length + separator.length + piece.length > max) {
      chunks.push(current);
      current = piece;
    } else {
      current = current ? `${current}${separator}${piece}` : piece;
    }
  }
  chunks.push(current);
  return chunks.map((chunk) => chunk.trim()).filter((chunk) => chunk.length > 0);
}

/** Keeps at most `count` chunks; when some are dropped, the last kept one says so. */
function capChunks(chunks: string[], count: number, max: number): string[] {
  if (chunks.length <= count) return chunks;
  const kept = chunks.slice(0, count);
  kept[count - 1] = `${truncateText(kept[count - 1] ?? '', max - SHORTENED.length - 1)}\n${SHORTENED}`;
  return kept;
}

/**
 * Builds a Slack Block Kit payload from a plain-text title and an mrkdwn body: a `header` block (Slack shows
 * `plain_text` as it is, so the title is not HTML-escaped there, and no mention can be parsed in it) and `section`
 * blocks with `verbatim: true`, split at line breaks, within Slack's limits (50 blocks, 3000 characters a section,
 * 150 for the header). A message cut short says `… (message shortened)`.
 *
 * @param title - the title as plain text (invisible characters and line breaks are removed here)
 * @param body - mrkdwn, already escaped
 * @returns the payload
 * @example
 * toSlackPayload('Incident: Auth <down>', '*Severity:* SEV2').blocks[0]?.text.text;
 * //=> 'Incident: Auth <down>'
 */
export function toSlackPayload(title: string, body: string): SlackPayload {
  const header = escapeText(title, 'text', { singleLine: true });
  const sections = capChunks(
    chunkLines(body, SLACK_LIMITS.sectionText),
    SLACK_LIMITS.blocks - 1,
    SLACK_LIMITS.sectionText,
  );
  const fallback = escapeText(title, 'slack', { singleLine: true });
  return {
    text: truncateText(body ? `${fallback}\n${body}` : fallback, SLACK_LIMITS.fallbackText),
    blocks: [
      {
        type: 'header',
        text: { type: 'plain_text', text: truncateText(header, SLACK_LIMITS.headerText), emoji: true },
      },
      ...sections.map((text) => ({
        type: 'section' as const,
        text: { type: 'mrkdwn' as const, text, verbatim: true as const },
      })),
    ],
  };
}

const LIST_ITEM = /^(?:[-*+]|\d{1,9}[.)])[ \t]/;

/**
 * Teams markdown from text written one line per line: Teams drops a single `\n` between lines that are not list
 * items (Microsoft: "use `\n\n`"), so every line becomes its own paragraph, while the items of a list stay one `\n`
 * apart (a `\n\n` there would indent the next item). Blank lines are dropped. Internal: the renderer's last step
 * for the `teams` format.
 *
 * @param text - lines, already escaped for Teams
 * @returns the text as Teams shows it line by line
 * @example
 * toTeamsParagraphs('**Status:** Investigating\n**Impact:**\n- Login failures\n- 503s');
 * //=> '**Status:** Investigating\n\n**Impact:**\n\n- Login failures\n- 503s'
 */
export function toTeamsParagraphs(text: string): string {
  // Teams renders card text with a Markdown subset: the same blocks as CommonMark (its messages hold no tables).
  return toMarkdownBlocks(text);
}

/**
 * Markdown a CommonMark reader shows line by line: each line a paragraph of its own, consecutive list items one list,
 * consecutive table rows one table. (A single line break is a soft break in CommonMark, shown as a space, and a line
 * after a list item continues that item.) Internal: the built-in messages without a fixed layout use it.
 *
 * @param text - Markdown with one line per label, list item or table row
 * @returns the same lines as separate blocks
 * @example
 * toMarkdownBlocks('**Status:** Monitoring\n**Needs:**\n- A DBA\n- Approval\n**Next:** none');
 * //=> '**Status:** Monitoring\n\n**Needs:**\n\n- A DBA\n- Approval\n\n**Next:** none'
 */
export function toMarkdownBlocks(text: string): string {
  let result = '';
  let previous: 'item' | 'row' | 'line' | undefined;
  // Line by line without splitting, and with the regular expression and trimming only for lines whose first
  // character asks for them: every Teams message goes through here.
  for (let start = 0; start <= text.length; ) {
    const found = text.indexOf('\n', start);
    const end = found === -1 ? text.length : found;
    const raw = text.slice(start, end);
    start = end + 1;
    const first = raw.charCodeAt(0);
    // Visible ASCII is not white space; anything else (or nothing) is checked in full.
    const plain = first > 32 && first < 127;
    if (!plain && raw.trim() === '') continue;
    const kind =
      (first === 45 || first === 42 || first === 43 || (first >= 48 && first <= 57)) && LIST_ITEM.test(raw)
        ? 'item'
        : first === 124
          ? 'row'
          : 'line';
    // A paragraph of its own must not start with four spaces: CommonMark would make it a code block.
    const line = kind === 'line' && !plain ? raw.trimStart() : raw;
    result += result === '' ? line : kind !== 'line' && kind === previous ? `\n${line}` : `\n\n${line}`;
    previous = kind;
  }
  return result;
}

/** The body's TextBlock texts: paragraphs together, each list in a TextBlock of its own, at most `max` characters. */
function teamsBlockTexts(body: string, max: number): string[] {
  const groups: { list: boolean; parts: string[] }[] = [];
  for (const paragraph of body.split(/\n{2,}/)) {
    if (paragraph.trim() === '') continue;
    const list = paragraph.split('\n').every((line) => LIST_ITEM.test(line));
    const last = groups.at(-1);
    if (last && !last.list && !list) last.parts.push(paragraph);
    else groups.push({ list, parts: [paragraph] });
  }
  return groups.flatMap((group) =>
    group.list ? chunkLines(group.parts.join('\n'), max) : chunkLines(group.parts.join('\n\n'), max, '\n\n'),
  );
}

/** Bytes of a value's JSON in UTF-8 (`JSON.stringify` writes a lone surrogate as an ASCII `\uXXXX` escape). */
function jsonBytes(value: unknown): number {
  const json = JSON.stringify(value);
  let bytes = 0;
  for (let index = 0; index < json.length; index++) {
    const code = json.charCodeAt(index);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code <= 0xdbff) {
      // A surrogate pair: one code point of 4 bytes.
      bytes += 4;
      index += 1;
    } else bytes += 3;
  }
  return bytes;
}

type TeamsBlock = TeamsPayload['attachments'][number]['content']['body'][number];

function teamsMessage(body: TeamsBlock[]): TeamsPayload {
  return {
    type: 'message',
    attachments: [
      {
        contentType: 'application/vnd.microsoft.card.adaptive',
        content: { type: 'AdaptiveCard', version: '1.2', body },
      },
    ],
  };
}

/** The longest cut of `text` (with its `…` marker) whose block costs at most `budget` bytes, or undefined. */
function cutToBytes(text: string, budget: number): string | undefined {
  const cost = (candidate: string) => jsonBytes({ type: 'TextBlock', text: candidate, wrap: true }) + 1;
  let low = 1;
  let high = text.length;
  let best: string | undefined;
  while (low <= high) {
    const middle = Math.floor((low + high) / 2);
    const candidate = truncateText(text, middle);
    if (cost(candidate) <= budget) {
      best = candidate;
      low = middle + 1;
    } else {
      high = middle - 1;
    }
  }
  return best && best.length > 1 ? best : undefined;
}

/**
 * Builds a Teams message with one Adaptive Card from an escaped title and a Teams-markdown body: a bold title
 * TextBlock, the body's paragraphs in TextBlocks and each list in a TextBlock of its own (so a list cannot swallow
 * the line after it). The whole message stays within {@link TEAMS_LIMITS}' UTF-8 byte cap; a message cut short ends
 * with a `… (message shortened)` TextBlock.
 *
 * @param title - the card title, already escaped for Teams
 * @param body - Teams markdown, already escaped (paragraphs apart by a blank line, list items by a line break)
 * @returns the payload
 * @example
 * toTeamsPayload('Incident: Auth down', '**Severity:** SEV2\n\n**Impact:**\n\n- Login failures').attachments[0]
 *   ?.content.body.length;
 * //=> 3
 */
export function toTeamsPayload(title: string, body: string): TeamsPayload {
  const heading: TeamsBlock = {
    type: 'TextBlock',
    text: truncateText(escapeText(title, 'text', { singleLine: true }), TEAMS_LIMITS.textBlock),
    wrap: true,
    weight: 'Bolder',
    size: 'Medium',
  };
  const blocks: TeamsBlock[] = teamsBlockTexts(body, TEAMS_LIMITS.textBlock).map((text) => ({
    type: 'TextBlock',
    text,
    wrap: true,
  }));
  const whole = teamsMessage([heading, ...blocks]);
  if (jsonBytes(whole) <= TEAMS_LIMITS.payloadBytes) return whole;

  const marker: TeamsBlock = { type: 'TextBlock', text: SHORTENED, wrap: true, isSubtle: true };
  let budget = TEAMS_LIMITS.payloadBytes - jsonBytes(teamsMessage([heading, marker]));
  const kept: TeamsBlock[] = [];
  for (const block of blocks) {
    const cost = jsonBytes(block) + 1;
    if (cost <= budget) {
      kept.push(block);
      budget -= cost;
      continue;
    }
    const cut = cutToBytes(block.text, budget);
    if (cut !== undefined) kept.push({ ...block, text: cut });
    break;
  }
  return teamsMessage([heading, ...kept, marker]);
}
