import { type Actor, createActor } from 'xstate';
import type { IncidentKitError } from '../errors';
import { latestOf, type Timestamp, toEpochMs } from '../time/timestamp';
import { applyEvent } from './apply-event';
import { createIncident, declarationEffects, type IncidentDeclaration } from './create-incident';
import { getPendingDeadlines } from './deadlines';
import type { IncidentEffect } from './incident-effect';
import type { IncidentEventInput } from './incident-event';
import {
  type IncidentEmitted,
  type incidentMachine,
  quietIncidentMachine,
  withDecidedStep,
} from './incident-machine';
import type { IncidentState } from './incident-state';
import {
  type IncidentEnvelope,
  type RestoreOptions,
  restoreIncident,
  serializeIncident,
  validateIncidentState,
} from './persistence';
import type { StepResult } from './step-result';

/**
 * The time source and timer of an in-process actor: epoch milliseconds now, and a way to run a callback later.
 * XState's `SimulatedClock` fits, for tests; `systemClock` is the real one.
 *
 * @example
 * const clock: IncidentClock = { now: () => 0, setTimeout: () => 0, clearTimeout: () => {} };
 * clock.now();
 * //=> 0
 */
export interface IncidentClock {
  now(): number;
  setTimeout(callback: () => void, delayMs: number): unknown;
  clearTimeout(handle: unknown): void;
}

/**
 * The machine's clock: `Date.now` and the global timers. This adapter is the one place the library reads the clock;
 * the core takes time as `at`.
 *
 * @example
 * typeof systemClock.now();
 * //=> 'number'
 */
export const systemClock: IncidentClock = {
  now: () => Date.now(), // the adapter's clock read; the core never reads the clock
  // Browsers and Node both have these; the core is typed against plain ES2022, which does not declare them.
  setTimeout: (callback, delayMs) => (globalThis as unknown as TimerHost).setTimeout(callback, delayMs),
  clearTimeout: (handle) => (globalThis as unknown as TimerHost).clearTimeout(handle),
};

interface TimerHost {
  setTimeout(callback: () => void, delayMs: number): unknown;
  clearTimeout(handle: unknown): void;
}

/**
 * Where an actor's incident comes from: a new declaration, a state in memory, or a persisted envelope.
 *
 * @example
 * const source: IncidentActorSource = { declaration: { id: 'INC-1', title: 'Auth down', at: '2024-01-15T14:20:00Z', severity: 'SEV2' } };
 * 'declaration' in source;
 * //=> true
 */
export type IncidentActorSource =
  | { readonly declaration: IncidentDeclaration }
  | { readonly state: IncidentState }
  | { readonly envelope: IncidentEnvelope | string; readonly migrations?: RestoreOptions['migrations'] };

/**
 * An in-process incident: the lifecycle machine running in an XState actor, with one timer armed for the earliest
 * pending deadline (re-derived from the state after every step and after a restore, so timers survive persistence,
 * unlike XState's `after` delays). When it fires, the actor sends itself a `tick`.
 *
 * @example
 * const actor = createIncidentActor({ declaration }).start();
 * actor.send({ type: 'acknowledge', at: '2024-01-15T14:22:00Z' }).ok;
 * //=> true
 */
export interface IncidentActor {
  /**
   * The underlying XState actor, for inspection: it runs `incidentMachine`'s quiet twin (same states, transitions
   * and guard, context = the incident); effects are delivered by `on`, not emitted by this XState actor.
   */
  readonly xstate: Actor<typeof incidentMachine>;
  /** Starts the actor (emitting the declaration's effects for a new incident) and arms the first timer. */
  start(): IncidentActor;
  /** Stops the actor and clears its timer. */
  stop(): IncidentActor;
  /** Applies an event and returns the step result; effects are also emitted to `on` listeners. */
  send(event: IncidentEventInput): StepResult;
  /** The current incident state. */
  getState(): IncidentState;
  /** The versioned envelope of the current state, for `restoreIncident` or `createIncidentActor({ envelope })`. */
  serialize(): IncidentEnvelope;
  /** Listens to effects (`'page'`, `'remind_update'`, …), `'rejected'`, `'duplicate'`, or everything with `'*'`. */
  on<T extends IncidentEmitted['type'] | '*'>(
    type: T,
    handler: (emitted: T extends '*' ? IncidentEmitted : Extract<IncidentEmitted, { type: T }>) => void,
  ): { unsubscribe(): void };
  /** Called with the new state after every accepted step. */
  subscribe(listener: (state: IncidentState) => void): { unsubscribe(): void };
  /** When the armed timer fires, or `null` when none is armed. */
  nextTimerAt(): Timestamp | null;
}

/**
 * Runs an incident in-process with timers: from a new declaration, a state, or a persisted envelope.
 *
 * @param source - `{ declaration }`, `{ state }` or `{ envelope, migrations? }`
 * @param options - `clock` (default `systemClock`)
 * @returns the actor, not yet started
 * @throws {IncidentKitError} when the declaration, state or envelope is refused
 * @example
 * const actor = createIncidentActor({ declaration }, { clock: new SimulatedClock() }).start();
 * actor.nextTimerAt(); // the SEV2 ack deadline, 5 minutes after declaration at 14:20
 * //=> '2024-01-15T14:25:00.000Z'
 */
export function createIncidentActor(
  source: IncidentActorSource,
  options: { clock?: IncidentClock } = {},
): IncidentActor {
  const clock = options.clock ?? systemClock;
  // The quiet twin of incidentMachine: same states, transitions and guard; the actor delivers the effects itself.
  const machine = quietIncidentMachine;
  let xstate: Actor<typeof machine>;
  let declared: readonly IncidentEffect[] = [];
  if ('declaration' in source) {
    const created = accept(createIncident(source.declaration));
    declared = declarationEffects(created);
    xstate = createActor(machine, { input: created });
  } else {
    const state = accept(
      'state' in source
        ? validateIncidentState(source.state)
        : restoreIncident(source.envelope, source.migrations ? { migrations: source.migrations } : {}),
    );
    // Restoring does not re-run entry actions (statelyai/xstate#4627), so a restored incident is not re-announced.
    const snapshot = machine.resolveState({ value: state.status, context: state });
    xstate = createActor(machine, { snapshot, input: state });
  }

  let running = false;
  let timer: unknown;
  let armedFor: Timestamp | null = null;

  const clear = () => {
    if (timer !== undefined) clock.clearTimeout(timer);
    timer = undefined;
    armedFor = null;
  };

  // Deadlines depend on these fields only; steps keep untouched fields by reference, so when none of them changed
  // (a note, a role change) the pending deadline is the one already computed.
  let seen: IncidentState | undefined;
  let pending: ReturnType<typeof getPendingDeadlines>[number] | undefined;
  const nextDeadline = (state: IncidentState) => {
    if (!seen || DEADLINE_INPUTS.some((key) => state[key] !== seen?.[key]))
      pending = getPendingDeadlines(state)[0];
    seen = state;
    return pending;
  };

  const arm = () => {
    const next = running ? nextDeadline(xstate.getSnapshot().context) : undefined;
    if (next && next.tickAt === armedFor) return;
    clear();
    if (!next) return;
    armedFor = next.tickAt;
    const delay = Math.max(0, toEpochMs(next.tickAt) - clock.now());
    // setTimeout cannot wait longer than 2^31 - 1 ms (24.8 days; a longer delay fires at once): wait that long, then
    // arm again for the rest instead of ticking early.
    const partial = delay > MAX_TIMER_MS;
    timer = clock.setTimeout(
      () => {
        timer = undefined;
        armedFor = null;
        if (partial) return arm();
        const state = xstate.getSnapshot().context;
        // Never earlier than the deadline (timers may fire a little early) or than the last event (the host's events
        // may carry times ahead of this clock).
        const candidates = [new Date(clock.now()).toISOString(), next.tickAt, state.lastEventAt] as const;
        send({ type: 'tick', at: latestOf(candidates) });
        arm();
      },
      partial ? MAX_TIMER_MS : delay,
    );
  };

  const listeners = new Map<string, Set<(emitted: IncidentEmitted) => void>>();
  const dispatch = (emitted: IncidentEmitted) => {
    for (const type of [emitted.type, '*']) {
      for (const listener of [...(listeners.get(type) ?? [])]) listener(emitted);
    }
  };

  const send = (event: IncidentEventInput): StepResult => {
    if (!running) throw new Error('Start the incident actor before sending it events');
    // Compute the step once, here, hand it to the machine's guard and action with the event, and deliver its
    // effects after the machine has moved (so a listener that sends another event sees the new state).
    const state = xstate.getSnapshot().context;
    const result = applyEvent(state, event);
    xstate.send(withDecidedStep(state, event, result) as never);
    if (!result.ok) dispatch({ type: 'rejected', error: result.error, event });
    else if (result.duplicate) dispatch({ type: 'duplicate', eventId: String(event.id) });
    else for (const effect of result.effects) dispatch(effect);
    return result;
  };

  xstate.subscribe(() => arm());

  const actor: IncidentActor = {
    xstate,
    start() {
      running = true;
      xstate.start();
      arm();
      // A restored incident is not declared again; a new one announces its pages once.
      for (const effect of declared) dispatch(effect);
      declared = [];
      return actor;
    },
    stop() {
      running = false;
      clear();
      xstate.stop();
      return actor;
    },
    send,
    getState: () => xstate.getSnapshot().context,
    serialize: () => serializeIncident(xstate.getSnapshot().context),
    on: (type, handler) => {
      const set = listeners.get(type) ?? new Set();
      set.add(handler as (emitted: IncidentEmitted) => void);
      listeners.set(type, set);
      return { unsubscribe: () => set.delete(handler as (emitted: IncidentEmitted) => void) };
    },
    subscribe: (listener) => xstate.subscribe((snapshot) => listener(snapshot.context)),
    nextTimerAt: () => armedFor,
  };
  return actor;
}

const MAX_TIMER_MS = 2 ** 31 - 1;

const DEADLINE_INPUTS = [
  'status',
  'severity',
  'severityHistory',
  'milestones',
  'escalation',
  'updates',
  'reminders',
  'resolution',
  'postmortem',
  'settings',
] as const satisfies readonly (keyof IncidentState)[];

function accept<T>(
  result: { ok: true; state: T } | { ok: true; value: T } | { ok: false; error: IncidentKitError },
): T {
  if (!result.ok) throw result.error;
  return 'state' in result ? result.state : result.value;
}
