// Live previews: every built-in message, derived from the incident's current state and rendered in every format by
// the library itself, in the browser.
import {
  deriveExecutiveSummary,
  deriveHandoffBrief,
  deriveInternalUpdate,
  derivePostmortem,
  deriveResolutionUpdate,
  deriveStatusPageUpdate,
  deriveTacticalUpdate,
  type IncidentState,
  MESSAGE_FORMATS,
  MESSAGE_KINDS,
  type MessageFormat,
  renderExecutiveSummary,
  renderHandoffBrief,
  renderInternalUpdate,
  renderPostmortem,
  renderResolutionUpdate,
  renderStatusPageUpdate,
  renderTacticalUpdate,
} from 'incident-kit';

export const FORMATS: readonly MessageFormat[] = MESSAGE_FORMATS;
export const KINDS: readonly string[] = MESSAGE_KINDS;

type Preview = (state: IncidentState, now: string, format: MessageFormat) => string;

const SUCCESSOR = { id: 'next-commander', name: 'the next commander' };

const PREVIEWS: Readonly<Record<string, Preview>> = {
  internal_update: (state, now, format) =>
    renderInternalUpdate(deriveInternalUpdate(state, { now }), { format }),
  tactical_update: (state, _now, format) => renderTacticalUpdate(deriveTacticalUpdate(state), { format }),
  executive_summary: (state, now, format) =>
    renderExecutiveSummary(deriveExecutiveSummary(state, { now }), { format }),
  status_page_update: (state, now, format) =>
    renderStatusPageUpdate(deriveStatusPageUpdate(state, { now }), { format }),
  resolution_update: (state, _now, format) =>
    renderResolutionUpdate(deriveResolutionUpdate(state), { format }),
  handoff_brief: (state, now, format) =>
    renderHandoffBrief(deriveHandoffBrief(state, { to: SUCCESSOR, now }), { format }),
  postmortem: (state, _now, format) => renderPostmortem(derivePostmortem(state), { format }),
};

/** The message text, or why this message does not apply to the incident yet. */
export function preview(
  kind: string,
  format: MessageFormat,
  state: IncidentState,
  now: string,
): { text: string } | { unavailable: string } {
  const render = PREVIEWS[kind];
  if (!render) return { unavailable: `No preview for ${kind}` };
  try {
    return { text: render(state, now, format) };
  } catch (error) {
    return { unavailable: (error as Error).message };
  }
}
