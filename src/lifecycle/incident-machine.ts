import { assign, enqueueActions, setup } from 'xstate';
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

const DECIDED: unique symbol = Symbol('incident-kit.decided');

/** An event carrying the step already computed for one exact state, so the guard and the action reuse it. */
type DecidedEvent = IncidentEventInput & {
  readonly [DECIDED]?: {
    readonly state: IncidentState;
    readonly result: StepResult;
    readonly original: unknown;
  };
};

/**
 * Attaches a step result to the event it was computed from, for the state it was computed against. The machine uses
 * it only when its context is that very state object (states are never mutated), so it can never apply a stale
 * result; otherwise it computes the step itself. `createIncidentActor` uses this to compute each event once.
 *
 * @param state - the state the step was computed against
 * @param event - the event
 * @param result - `applyEvent(state, event)`
 * @returns a copy of the event carrying the result
 * @example
 * const event = { type: 'acknowledge', at: '2024-01-15T14:22:00Z' } as const;
 * actor.send(withDecidedStep(incident, event, applyEvent(incident, event)));
 * actor.getSnapshot().value;
 * //=> 'acknowledged'
 */
export function withDecidedStep<E extends IncidentEventInput>(
  state: IncidentState,
  event: E,
  result: StepResult,
): E {
  return { ...event, [DECIDED]: { state, result, original: event } };
}

/** The event as the caller sent it, without the attached step. */
function original(event: unknown): unknown {
  return (event as DecidedEvent)[DECIDED]?.original ?? event;
}

function decide(state: IncidentState, event: unknown): StepResult {
  const decided = (event as DecidedEvent)[DECIDED];
  return decided && decided.state === state ? decided.result : applyEvent(state, event as IncidentEventInput);
}

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
  return Object.keys(on).length === 0 ? { on, tags: ['final'] } : { on };
}

/**
 * The incident lifecycle as an XState v5 statechart, generated from `TRANSITIONS`. Its context is the
 * `IncidentState`; every transition is guarded by the pure step (`applyEvent`) and applies it, so the machine and
 * the step API cannot disagree. Effects are emitted (`actor.on('page', …)`), refused events are emitted as
 * `rejected` and leave the snapshot unchanged. Start it with a freshly created state as `input`; to run an
 * existing or restored incident with timers, use `createIncidentActor`. Sent plain events, the guard and the action
 * each compute the step; events from `withDecidedStep` (as `createIncidentActor` sends them) are computed once.
 *
 * @example
 * const actor = createActor(incidentMachine, { input: incident }).start();
 * actor.send({ type: 'acknowledge', at: '2024-01-15T14:22:00.000Z' });
 * actor.getSnapshot().value;
 * //=> 'acknowledged'
 */
export const incidentMachine = setup({
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
      if (!result.ok) enqueue.emit({ type: 'rejected', error: result.error, event: original(event) });
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

/**
 * `incidentMachine` with the same states, transitions and guard, whose step only updates the context: no effects,
 * rejections or declaration are emitted. `createIncidentActor` runs it and delivers those itself from the step it
 * computed, which avoids XState's per-action cost (emitting through `enqueueActions` cost ~10 µs an event).
 * Internal: not exported from the package root.
 */
export const quietIncidentMachine = incidentMachine.provide({
  actions: {
    applyStep: assign(({ context, event }) => {
      const result = decide(context, event);
      return result.ok ? result.state : context;
    }),
    rejectStep: () => undefined,
    announceDeclaration: () => undefined,
  },
});

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
