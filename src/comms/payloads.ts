import { truncateText } from './format';

/** Slack Block Kit limits (REFERENCE section 7), measured after escaping. */
export const SLACK_LIMITS = { blocks: 50, sectionText: 3000, headerText: 150, fallbackText: 3000 } as const;

/**
 * Our cap for one Teams Adaptive Card: at most 50 TextBlocks and 20,000 characters of text, which keeps the whole
 * message well under Teams' ~28 KB message size.
 */
export const TEAMS_LIMITS = { blocks: 50, textBlock: 4000, totalText: 20_000 } as const;

/**
 * A Slack message payload: `text` (the notification fallback) and Block Kit `blocks`.
 *
 * @example
 * const payload: SlackPayload = { text: 'x', blocks: [] };
 * payload.blocks.length;
 * //=> 0
 */
export interface SlackPayload {
  readonly text: string;
  readonly blocks: readonly (
    | {
        readonly type: 'header';
        readonly text: { readonly type: 'plain_text'; readonly text: string; readonly emoji: true };
      }
    | { readonly type: 'section'; readonly text: { readonly type: 'mrkdwn'; readonly text: string } }
  )[];
}

/**
 * A Microsoft Teams message carrying one Adaptive Card (version 1.2) of TextBlocks.
 *
 * @example
 * const payload: TeamsPayload = { type: 'message', attachments: [] };
 * payload.type;
 * //=> 'message'
 */
export interface TeamsPayload {
  readonly type: 'message';
  readonly attachments: readonly {
    readonly contentType: 'application/vnd.microsoft.card.adaptive';
    readonly content: {
      readonly type: 'AdaptiveCard';
      readonly version: '1.2';
      readonly body: readonly {
        readonly type: 'TextBlock';
        readonly text: string;
        readonly wrap: true;
        readonly weight?: 'Bolder';
        readonly size?: 'Medium';
      }[];
    };
  }[];
}

/** Splits text into chunks of at most `max` characters at line breaks; a longer line is cut with a marker. */
function chunkLines(text: string, max: number): string[] {
  const chunks: string[] = [];
  let current = '';
  for (const line of text.split('\n')) {
    const piece = truncateText(line, max);
    if (current && current.length + 1 + piece.length > max) {
      chunks.push(current);
      current = piece;
    } else {
      current = current ? `${current}\n${piece}` : piece;
    }
  }
  if (current.trim()) chunks.push(current);
  return chunks;
}

/** Keeps at most `count` chunks; when some are dropped, the last kept one says so. */
function capChunks(chunks: string[], count: number, max: number): string[] {
  if (chunks.length <= count) return chunks;
  const kept = chunks.slice(0, count);
  kept[count - 1] = `${truncateText(kept[count - 1] ?? '', max - 24)}\n… (message shortened)`;
  return kept;
}

/**
 * Builds a Slack Block Kit payload from an escaped title and an mrkdwn body: a header block and section blocks split
 * at line breaks, within Slack's limits (50 blocks, 3000 characters a section, 150 for the header).
 *
 * @param title - the header, already escaped for Slack
 * @param body - mrkdwn, already escaped
 * @returns the payload
 * @example
 * toSlackPayload('Incident: Auth down', '*Severity:* SEV2').blocks.length;
 * //=> 2
 */
export function toSlackPayload(title: string, body: string): SlackPayload {
  const sections = capChunks(
    chunkLines(body, SLACK_LIMITS.sectionText),
    SLACK_LIMITS.blocks - 1,
    SLACK_LIMITS.sectionText,
  );
  return {
    text: truncateText(`${title}\n${body}`, SLACK_LIMITS.fallbackText),
    blocks: [
      {
        type: 'header',
        text: { type: 'plain_text', text: truncateText(title, SLACK_LIMITS.headerText), emoji: true },
      },
      ...sections.map((text) => ({ type: 'section' as const, text: { type: 'mrkdwn' as const, text } })),
    ],
  };
}

/**
 * Builds a Teams message with one Adaptive Card from an escaped title and a Teams-markdown body, split into
 * TextBlocks at line breaks within {@link TEAMS_LIMITS}.
 *
 * @param title - the card title, already escaped for Teams
 * @param body - Teams markdown, already escaped
 * @returns the payload
 * @example
 * toTeamsPayload('Incident: Auth down', '**Severity:** SEV2').attachments[0]?.content.body.length;
 * //=> 2
 */
export function toTeamsPayload(title: string, body: string): TeamsPayload {
  let budget = TEAMS_LIMITS.totalText - Math.min(title.length, TEAMS_LIMITS.textBlock);
  const blocks = capChunks(
    chunkLines(body, TEAMS_LIMITS.textBlock),
    TEAMS_LIMITS.blocks - 1,
    TEAMS_LIMITS.textBlock,
  )
    .map((text) => {
      const kept = budget <= 0 ? '' : text.length <= budget ? text : truncateText(text, budget);
      budget -= kept.length;
      return kept;
    })
    .filter((text) => text.length > 0);
  return {
    type: 'message',
    attachments: [
      {
        contentType: 'application/vnd.microsoft.card.adaptive',
        content: {
          type: 'AdaptiveCard',
          version: '1.2',
          body: [
            {
              type: 'TextBlock',
              text: truncateText(title, TEAMS_LIMITS.textBlock),
              wrap: true,
              weight: 'Bolder',
              size: 'Medium',
            },
            ...blocks.map((text) => ({ type: 'TextBlock' as const, text, wrap: true as const })),
          ],
        },
      },
    ],
  };
}
