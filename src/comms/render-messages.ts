import { safeParseInput } from '../errors';
import { BUILT_IN_RENDERERS } from './built-in-renderers';
import { type BuiltInMessageKind, MESSAGE_KINDS } from './message-kinds';
import { isDerivedMessage, MESSAGE_DEFINITIONS, type MessageDisplay, type MessageInputs } from './messages';
import { parsedMessageOf } from './parsed-message';
import { type SlackPayload, type TeamsPayload, toMarkdownBlocks } from './payloads';
import {
  type RenderFunction,
  type RenderOptions,
  readRenderOptions,
  runTemplate,
  shapeOutput,
} from './render-output';

/**
 * Renders a built-in message with its template compiled ahead of time (no Handlebars at run time). Data a `derive*`
 * function made was validated there and is not validated again; anything else is validated here (data already in
 * the schema's exact form by a fast check, the rest by the schema). Internal:
 * `createRenderer` uses it for the built-in messages it does not override.
 *
 * @param kind - the message
 * @param data - its data
 * @param options - the render options
 * @returns the text or payload
 * @throws {IncidentKitError} `invalid_input` naming the field, `template_error`
 */
export function renderBuiltInMessage(
  kind: BuiltInMessageKind,
  data: unknown,
  options: RenderOptions | undefined,
): string | SlackPayload | TeamsPayload {
  const settings = readRenderOptions(options);
  const definition = MESSAGE_DEFINITIONS[kind];
  let parsed = data;
  if (!isDerivedMessage(kind, data)) {
    parsed = parsedMessageOf(kind, data);
    if (parsed === undefined) {
      const checked = safeParseInput(definition.schema, data, DATA_LABELS[kind]);
      if (!checked.ok) throw checked.error;
      parsed = checked.value;
    }
  }
  const display = (definition.display as (d: unknown, f: string, o: object) => MessageDisplay)(
    parsed,
    settings.format,
    settings,
  );
  const template = BUILT_IN_RENDERERS[kind];
  const text = runTemplate(
    (values) => template(values, settings.format),
    display.values,
    kind,
    settings.format,
  );
  const laidOut =
    settings.format === 'markdown' && !DOCUMENT_LAYOUT.has(kind) ? toMarkdownBlocks(text) : text;
  return shapeOutput(laidOut, display.heading, true, settings, options);
}

/**
 * The messages whose Markdown keeps the incident-management process document's templates byte for byte (their
 * single line breaks are soft breaks in CommonMark). The others are laid out in blocks a CommonMark reader shows
 * line by line.
 */
const DOCUMENT_LAYOUT: ReadonlySet<BuiltInMessageKind> = new Set([
  'internal_update',
  'status_page_update',
  'resolution_update',
]);

const DATA_LABELS = Object.fromEntries(
  MESSAGE_KINDS.map((kind) => [kind, `${kind.replace(/_/g, ' ')} data`]),
) as Record<BuiltInMessageKind, string>;

function builtIn<K extends BuiltInMessageKind>(kind: K): RenderFunction<MessageInputs[K]> {
  return ((data: MessageInputs[K], options?: RenderOptions) =>
    renderBuiltInMessage(kind, data, options)) as RenderFunction<MessageInputs[K]>;
}

/**
 * Renders the internal update posted in the incident channel (severity, status, IC, impact, current actions, next update).
 *
 * @param data - title, severity, status, commander, impact, actions, nextUpdateInMinutes
 * @param options - `format` (`markdown` default, `slack`, `teams`, `text`), `timeZone`, `payload`
 * @returns the message (or, with `payload: true`, the Slack or Teams payload)
 * @example
 * renderInternalUpdate({ title: 'Auth Service Degraded', severity: 'SEV2', status: 'Investigating',
 *   nextUpdateInMinutes: 15 }, { format: 'slack' }).split('\n')[1];
 * //=> '*Severity:* SEV2'
 */
export const renderInternalUpdate: RenderFunction<MessageInputs['internal_update']> =
  builtIn('internal_update');

/**
 * Renders a tactical update in CAN form (Conditions, Actions, Needs).
 *
 * @param data - title, reporter, conditions, actions, needs
 * @param options - format, timeZone, payload
 * @returns the message or payload
 * @example
 * renderTacticalUpdate({ title: 'Auth', needs: ['A DBA'] }, { format: 'text' }).split('\n').at(-1);
 * //=> '- A DBA'
 */
export const renderTacticalUpdate: RenderFunction<MessageInputs['tactical_update']> =
  builtIn('tactical_update');

/**
 * Renders an executive summary: current status, overview, next steps.
 *
 * @param data - title, severity, status, startedAt, now, currentStatus, overview, nextSteps
 * @param options - format, timeZone, payload
 * @returns the message or payload
 * @example
 * renderExecutiveSummary(summary, { format: 'markdown' }).split('\n')[0];
 * //=> '## Executive summary: Auth Service Degraded'
 */
export const renderExecutiveSummary: RenderFunction<MessageInputs['executive_summary']> =
  builtIn('executive_summary');

/**
 * Renders a status-page post for a public status (investigating, identified, monitoring, resolved).
 *
 * @param data - title, status, message, postedAt, optional closing
 * @param options - format, timeZone, payload
 * @returns the message or payload
 * @example
 * renderStatusPageUpdate({ title: 'Authentication Issues', status: 'investigating', message: 'We are investigating.',
 *   postedAt: '2024-01-15T14:30:00Z' }).split('\n').at(-1);
 * //=> 'Posted: 2024-01-15 14:30 UTC'
 */
export const renderStatusPageUpdate: RenderFunction<MessageInputs['status_page_update']> =
  builtIn('status_page_update');

/**
 * Renders a resolution notice, with the duration computed from `startedAt` and `resolvedAt`.
 *
 * @param data - title, summary, rootCause, fix, startedAt, resolvedAt, affected, dataLoss
 * @param options - format, timeZone, payload
 * @returns the message or payload
 * @example
 * renderResolutionUpdate({ title: 'Auth', summary: 'Resolved.', startedAt: '2024-01-15T14:20:00Z',
 *   resolvedAt: '2024-01-15T15:05:00Z' }).split('\n').at(-1);
 * //=> 'Duration: 45 minutes'
 */
export const renderResolutionUpdate: RenderFunction<MessageInputs['resolution_update']> =
  builtIn('resolution_update');

/**
 * Renders a handoff brief: who hands which role to whom, and the state of play in CAN form.
 *
 * @param data - title, severity, status, role, from, to, at, conditions, actions, needs
 * @param options - format, timeZone, payload
 * @returns the message or payload
 * @example
 * renderHandoffBrief(brief, { format: 'text' }).split('\n').at(-1);
 * //=> 'Announce: "Handing over Incident Commander to Sam Lee."'
 */
export const renderHandoffBrief: RenderFunction<MessageInputs['handoff_brief']> = builtIn('handoff_brief');

/**
 * Renders a blameless postmortem document in the PagerDuty template's order, with a timeline table (Markdown) or
 * list (other formats).
 *
 * @param data - the postmortem sections (see `PostmortemSchema`), e.g. from `derivePostmortem`
 * @param options - format, timeZone, payload
 * @returns the document or payload
 * @example
 * renderPostmortem({ title: 'Auth', severity: 'SEV2' }).split('\n')[0];
 * //=> '# Postmortem: Auth'
 */
export const renderPostmortem: RenderFunction<MessageInputs['postmortem']> = builtIn('postmortem');
