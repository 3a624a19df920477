import { enqueueActions, setup } from 'xstate';
import type { IncidentKitError } from '../errors';
import { applyEvent } from './apply-event';
import { declarationEffects } from './create-incident';
import type { IncidentEffect } from './incident-effect';
import type { IncidentEvent, IncidentEventInput } from './incident-event';
import type { IncidentState } from './incident-state';
import { INCIDENT_STATUSES, type IncidentStatus, TRANSITIONS } from './incident-status';
import type { StepResult } from './step-result';

/**
 * What the machine emits (listen with `actor.on(type, handler)` or `actor.on('*', handler)`): every effect as
 * itself, plus `rejected` for a refused event and `duplicate` for an event whose id was already applied.
 *
 * @example
 * const emitted: IncidentEmitted = { type: 'duplicate', eventId: 'evt-7' };
 * emitted.type;
 * //=> 'duplicate'
 */
export type IncidentEmitted =
  | IncidentEffect
  | { readonly type: 'rejected'; readonly error: IncidentKitError; readonly event: unknown }
  | { readonly type: 'duplicate'; readonly eventId: string };

/** Decides one step; the actor passes a memoised version so guard and action share one computation. */
export type Decide = (state: IncidentState, event: unknown) => StepResult;

type StateConfig = {
  on: Record<
    string,
    readonly [{ guard: 'stepAccepted'; target?: string; actions: 'applyStep' }, { actions: 'rejectStep' }]
  >;
  tags?: readonly string[];
};

function stateConfig(status: IncidentStatus): StateConfig {
  const on: StateConfig['on'] = {};
  for (const [type, target] of Object.entries(TRANSITIONS[status])) {
    on[type] = [
      { guard: 'stepAccepted', ...(target ? { target } : {}), actions: 'applyStep' },
      { actions: 'rejectStep' },
    ];
  }
  // closed and cancelled are outcomes, not XState final states: a final actor stops and could not report that it
  // refused a late event, so they accept nothing and say so.
  return TRANSITIONS[status] && Object.keys(on).length === 0 ? { on, tags: ['final'] } : { on };
}

/**
 * Builds the lifecycle machine around a step function. `incidentMachine` uses `applyEvent`; `createIncidentActor`
 * passes a memoised one so the guard and the action of a transition share one computation.
 *
 * @param decide - computes one step from the context and the event
 * @returns the machine
 * @example
 * buildIncidentMachine((state, event) => applyEvent(state, event as IncidentEventInput)).id;
 * //=> 'incident'
 */
export function buildIncidentMachine(decide: Decide) {
  return setup({
    types: {
      context: {} as IncidentState,
      events: {} as IncidentEvent,
      input: {} as IncidentState,
      emitted: {} as IncidentEmitted,
    },
    guards: {
      stepAccepted: ({ context, event }) => {
        const result = decide(context, event);
        return result.ok && !result.duplicate;
      },
    },
    actions: {
      applyStep: enqueueActions(({ context, event, enqueue }) => {
        const result = decide(context, event);
        if (!result.ok) return;
        const next = result.state;
        enqueue.assign(() => next);
        for (const effect of result.effects) enqueue.emit(effect);
      }),
      rejectStep: enqueueActions(({ context, event, enqueue }) => {
        const result = decide(context, event);
        if (!result.ok) enqueue.emit({ type: 'rejected', error: result.error, event });
        else if (result.duplicate) enqueue.emit({ type: 'duplicate', eventId: String(event.id) });
      }),
      announceDeclaration: enqueueActions(({ context, enqueue }) => {
        for (const effect of declarationEffects(context)) enqueue.emit(effect);
      }),
    },
  }).createMachine({
    id: 'incident',
    context: ({ input }) => input,
    initial: 'detected',
    entry: 'announceDeclaration',
    on: { '*': { actions: 'rejectStep' } },
    // Generated from TRANSITIONS (the tests check it edge by edge); XState cannot type a computed config.
    // biome-ignore lint/suspicious/noExplicitAny: see above
    states: Object.fromEntries(INCIDENT_STATUSES.map((status) => [status, stateConfig(status)])) as any,
  });
}

/**
 * The incident lifecycle as an XState v5 statechart, generated from `TRANSITIONS`. Its context is the
 * `IncidentState`; every transition is guarded by the pure step (`applyEvent`) and applies it, so the machine and
 * the step API cannot disagree. Effects are emitted (`actor.on('page', …)`), refused events are emitted as
 * `rejected` and leave the snapshot unchanged. Start it with a freshly created state as `input`; to run an
 * existing or restored incident with timers, use `createIncidentActor`.
 *
 * @example
 * const actor = createActor(incidentMachine, { input: incident }).start();
 * actor.send({ type: 'acknowledge', at: '2024-01-15T14:22:00.000Z' });
 * actor.getSnapshot().value;
 * //=> 'acknowledged'
 */
export const incidentMachine = buildIncidentMachine((state, event) =>
  applyEvent(state, event as IncidentEventInput),
);

/**
 * The snapshot of `incidentMachine` for any incident state, e.g. one restored from storage.
 *
 * @param state - the incident
 * @returns a snapshot to pass to `createActor(incidentMachine, { snapshot })`
 * @example
 * incidentSnapshot(resolvedIncident).value;
 * //=> 'resolved'
 */
export function incidentSnapshot(state: IncidentState) {
  return incidentMachine.resolveState({ value: state.status, context: state });
}
