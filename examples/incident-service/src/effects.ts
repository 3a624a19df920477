// Where a step's effects become outbound calls. This is the one module that reads effect shapes (through the
// library's planner), so a change of the lifecycle's effects is adapted here and nowhere else.
import type { IncidentEffect, IncidentEventInput, IncidentState } from 'incident-kit';
import {
  type OutboundCall,
  type OutboundConfig,
  type OutboundEffect,
  type OutboundRefs,
  planOutbound,
} from 'incident-kit/integrations';

export interface PlannedStep {
  /** The effects the lifecycle returned for the step. */
  readonly effects: readonly IncidentEffect[];
  /** The event the step applied (absent for a declaration). */
  readonly event?: IncidentEventInput;
  /** The incident after the step. */
  readonly state: IncidentState;
}

/**
 * The calls one step asks for, given what earlier calls answered (`refs`). A posted update
 * has no effect of its own: it goes to the planner as a `post_update`, so updates reach chat and the status page
 * through the same outbox.
 */
export function planCalls(
  step: PlannedStep,
  context: { refs: OutboundRefs; outbound: Omit<OutboundConfig, 'refs'> },
): OutboundCall[] {
  const effects: OutboundEffect[] = [...step.effects];
  if (step.event?.type === 'post_update') effects.push(step.event);
  if (effects.length === 0) return [];
  const plan = planOutbound(effects, step.state, {
    ...context.outbound,
    refs: context.refs,
  });
  return [...plan.calls];
}

/** How many pages a step's effects ask for (for logs and metrics). */
export function countPages(effects: readonly IncidentEffect[]): number {
  return effects.filter((effect) => effect.type === 'page').length;
}
