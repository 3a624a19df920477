// What every render does around its template, built-in or custom: read the options, turn a template failure into a
// `template_error`, and shape the text into the format's output (text, Teams paragraphs, a Slack or Teams payload).
// Internal.
import * as z from 'zod';
import { IncidentKitError, parseInput } from '../errors';
import { expectOptions } from '../internal/arguments';
import { escapeText, MESSAGE_FORMATS, type MessageFormat, MessageFormatSchema } from './format';
import {
  type SlackPayload,
  type TeamsPayload,
  toSlackPayload,
  toTeamsParagraphs,
  toTeamsPayload,
} from './payloads';

/**
 * Options of every render function: the `format` (default `markdown`), an IANA `timeZone` for the times shown
 * (default UTC), and for Slack and Teams `payload: true` to get the structured payload instead of text.
 *
 * @example
 * const options: RenderOptions = { format: 'slack', payload: true };
 * options.format;
 * //=> 'slack'
 */
export interface RenderOptions {
  readonly format?: MessageFormat;
  readonly timeZone?: string;
  readonly payload?: boolean;
}

/**
 * A render function: text by default; a Block Kit payload for `{ format: 'slack', payload: true }`; an Adaptive Card
 * message for `{ format: 'teams', payload: true }`.
 *
 * @example
 * const render: RenderFunction<{ title: string }> = (() => '') as never;
 * typeof render;
 * //=> 'function'
 */
export interface RenderFunction<I> {
  (data: I, options?: RenderOptions & { readonly payload?: false }): string;
  (data: I, options: RenderOptions & { readonly format: 'slack'; readonly payload: true }): SlackPayload;
  (data: I, options: RenderOptions & { readonly format: 'teams'; readonly payload: true }): TeamsPayload;
}

const RenderOptionsSchema = z.strictObject({
  format: MessageFormatSchema.default('markdown'),
  timeZone: z
    .string()
    .refine(
      (zone) => {
        try {
          new Intl.DateTimeFormat('en', { timeZone: zone });
          return true;
        } catch {
          return false;
        }
      },
      { message: 'Unknown time zone: use an IANA name such as Europe/Oslo' },
    )
    .optional(),
  payload: z.boolean().default(false),
});

/** Checked render options. */
export type RenderSettings = z.output<typeof RenderOptionsSchema>;

/**
 * The options a render gets, checked by hand for the common shapes and by the schema otherwise.
 *
 * @param given - what the caller passed
 * @returns the settings
 * @throws {IncidentKitError} `invalid_input`
 */
export function readRenderOptions(given: RenderOptions | undefined): RenderSettings {
  const options = expectOptions(given);
  const keys = Object.keys(options);
  const plain =
    keys.every((key) => key === 'format' || key === 'payload') &&
    (options.format === undefined || (MESSAGE_FORMATS as readonly string[]).includes(options.format)) &&
    (options.payload === undefined || typeof options.payload === 'boolean');
  if (plain) return { format: options.format ?? 'markdown', payload: options.payload ?? false };
  return parseInput(RenderOptionsSchema, options, 'render options');
}

/**
 * Runs a template, turning what it throws into a `template_error` that names the missing field and where.
 *
 * @param template - the compiled template
 * @param values - its data
 * @param kind - the message kind, for the message
 * @param format - the format, for the message
 * @returns the text
 * @throws {IncidentKitError} `template_error`
 */
export function runTemplate(
  template: (values: unknown) => string,
  values: unknown,
  kind: string,
  format: MessageFormat,
): string {
  try {
    return template(values);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    const missing = /^"([^"]+)" not defined in .* - (\d+):(\d+)$/.exec(reason);
    const message = missing
      ? `Template "${kind}" (${format}) uses "${missing[1]}", which the data does not have (line ${missing[2]}, column ${missing[3]})`
      : `Template "${kind}" (${format}) failed: ${reason}`;
    throw new IncidentKitError('template_error', message, { input: values });
  }
}

/**
 * A rendered message in the shape the options ask for: the text (Teams: its paragraphs), or a Slack or Teams payload
 * headed by `heading`.
 *
 * @param rendered - the template's output
 * @param heading - the payload's header (the message's title line)
 * @param builtIn - whether the text starts with a title line of its own (left out of a payload's body)
 * @param settings - the checked options
 * @param given - the options as passed, for an error
 * @returns the text or payload
 * @throws {IncidentKitError} `invalid_input` for `payload: true` with Markdown or text
 */
export function shapeOutput(
  rendered: string,
  heading: string,
  builtIn: boolean,
  settings: RenderSettings,
  given: unknown,
): string | SlackPayload | TeamsPayload {
  const { format } = settings;
  const text = rendered.trimEnd();
  if (!settings.payload || format === 'markdown' || format === 'text') {
    if (settings.payload) {
      throw new IncidentKitError(
        'invalid_input',
        `payload: true is for the slack and teams formats, not ${format}`,
        {
          input: given,
        },
      );
    }
    return format === 'teams' ? toTeamsParagraphs(text) : text;
  }
  // The payload's header carries the title, so a built-in message's body leaves out its own first (title) line.
  const body = builtIn ? text.slice(text.indexOf('\n') + 1 || text.length) : text;
  return format === 'slack'
    ? toSlackPayload(heading, body)
    : toTeamsPayload(escapeText(heading, 'teams', { singleLine: true }), toTeamsParagraphs(body));
}
