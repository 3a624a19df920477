import { enqueueActions, setup } from 'xstate';
import type { IncidentKitError } from '../errors';
import { applyEvent } from './apply-event';
import { declarationEffects } from './create-incident';
import type { IncidentEffect } from './incident-effect';
import type { IncidentEvent, IncidentEventInput } from './incident-event';
import type { IncidentState } from './incident-state';
import { INCIDENT_STATUSES, type IncidentStatus, TRANSITIONS } from './incident-status';
import { requireIncidentState } from './state-guard';
import type { StepResult } from './step-result';

/**
 * What the machine emits (listen with `actor.on(type, handler)` or `actor.on('*', handler)`): every effect as
 * itself, plus `rejected` for a refused event and `duplicate` for an event whose id was already applied. An
 * incident actor (`createIncidentActor`) also emits `listener_failed` when one of your listeners threw: after every
 * other effect of the step was delivered, with the error (code `listener_failed`, the thrown value as its `cause`)
 * and what the listener was given (`null` for a state subscriber).
 *
 * @example
 * const emitted: IncidentEmitted = { type: 'duplicate', eventId: 'evt-7' };
 * emitted.type;
 * //=> 'duplicate'
 */
export type IncidentEmitted =
  | IncidentEffect
  | { readonly type: 'rejected'; readonly error: IncidentKitError; readonly event: unknown }
  | { readonly type: 'duplicate'; readonly eventId: string }
  | {
      readonly type: 'listener_failed';
      readonly error: IncidentKitError;
      /** What the failed listener was given; `null` for a state subscriber (`actor.subscribe`). */
      readonly emitted: IncidentEmitted | null;
    };

function decide(state: IncidentState, event: unknown): StepResult {
  return applyEvent(state, event as IncidentEventInput);
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

const lifecycle = setup({
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
});

/** The machine, with the root's transitions given (the actor's view adds one). */
function lifecycleMachine(rootOn: Record<string, unknown>) {
  return lifecycle.createMachine({
    id: 'incident',
    // An input that is not a sound incident state stops the actor at once, in XState's error status, with the
    // IncidentKitError (subscribe with an `error` observer to receive it).
    context: ({ input }) => requireIncidentState(input, 'input'),
    initial: 'detected',
    entry: 'announceDeclaration',
    // biome-ignore lint/suspicious/noExplicitAny: given by the two callers below, typed there
    on: rootOn as any,
    // Generated from TRANSITIONS (the tests check it edge by edge); XState cannot type a computed config.
    // biome-ignore lint/suspicious/noExplicitAny: see above
    states: Object.fromEntries(INCIDENT_STATUSES.map((status) => [status, stateConfig(status)])) as any,
  });
}

/**
 * The incident lifecycle as an XState v5 statechart, generated from `TRANSITIONS`. Its context is the
 * `IncidentState`; every transition is guarded by the pure step (`applyEvent`) and applies it, so the machine and
 * the step API cannot disagree. Effects are emitted (`actor.on('page', …)`), refused events are emitted as
 * `rejected` and leave the snapshot unchanged. Start it with a freshly created state as `input` (anything else ends
 * the actor in XState's error status with an `IncidentKitError`); to run an existing or restored incident with
 * timers, use `createIncidentActor`. The machine applies only what `applyEvent` computes from its own context and
 * the event: no event can carry a ready-made step into it. XState's own events (`xstate.stop`, …) keep their XState
 * meaning for an actor you create yourself; `createIncidentActor` never forwards them.
 *
 * @example
 * const actor = createActor(incidentMachine, { input: incident }).start();
 * actor.send({ type: 'acknowledge', at: '2024-01-15T14:22:00.000Z' });
 * actor.getSnapshot().value;
 * //=> 'acknowledged'
 */
export const incidentMachine = lifecycleMachine({ '*': { actions: 'rejectStep' } });

/**
 * The machine of `createIncidentActor`'s XState view: `incidentMachine` plus one root event, `syncEvent`, that moves
 * it to whatever status the actor's own step reached (its guard and step come from the actor). Internal.
 *
 * @param syncEvent - the event's type
 * @param syncsTo - whether an event is the actor's sync to `status`
 * @returns the machine
 */
export function incidentViewMachine(
  syncEvent: string,
  syncsTo: (event: unknown, status: IncidentStatus) => boolean,
) {
  return lifecycleMachine({
    '*': { actions: 'rejectStep' },
    [syncEvent]: INCIDENT_STATUSES.map((status) => ({
      guard: ({ event }: { event: unknown }) => syncsTo(event, status),
      target: `.${status}`,
      actions: 'applyStep',
    })),
  });
}

/**
 * The snapshot of `incidentMachine` for any incident state, e.g. one restored from storage.
 *
 * @param state - the incident (checked as `validateIncidentState` does)
 * @returns a snapshot to pass to `createActor(incidentMachine, { snapshot })`
 * @throws {IncidentKitError} `invalid_input` or `inconsistent_state` for something that is not a sound state
 * @example
 * incidentSnapshot(resolvedIncident).value;
 * //=> 'resolved'
 */
export function incidentSnapshot(state: IncidentState) {
  const checked = requireIncidentState(state, 'state');
  return incidentMachine.resolveState({ value: checked.status, context: checked });
}
