import type { MessageInputs } from './messages';
import { createRenderer, type Renderer, type RenderFunction, type RenderOptions } from './renderer';

// The built-in templates are compiled on first use and kept: compiling is the expensive part of Handlebars, and the
// compiled templates never change, so this cache cannot change a result. Importing the module does no work.
let builtIn: Renderer | undefined;
function renderer(): Renderer {
  builtIn ??= createRenderer();
  return builtIn;
}

function delegate<K extends keyof Renderer & `render${string}`>(name: K): Renderer[K] {
  return ((data: unknown, options?: RenderOptions) =>
    (renderer()[name] as (d: unknown, o?: RenderOptions) => unknown)(data, options)) as Renderer[K];
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
  delegate('renderInternalUpdate');

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
  delegate('renderTacticalUpdate');

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
  delegate('renderExecutiveSummary');

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
  delegate('renderStatusPageUpdate');

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
  delegate('renderResolutionUpdate');

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
export const renderHandoffBrief: RenderFunction<MessageInputs['handoff_brief']> =
  delegate('renderHandoffBrief');

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
export const renderPostmortem: RenderFunction<MessageInputs['postmortem']> = delegate('renderPostmortem');
