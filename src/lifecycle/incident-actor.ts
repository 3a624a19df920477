import { type Actor, assign, createActor } from 'xstate';
import { describeValue, IncidentKitError } from '../errors';
import { expectOptions, invalidArgument, isPlainObjectLike } from '../internal/arguments';
import { fromEpochMs, latestOf, type Timestamp, toEpochMs } from '../time/timestamp';
import { applyEventToOwnState } from './apply-event';
import { createIncident, declarationEffects, type IncidentDeclaration } from './create-incident';
import { deadlineTracker } from './deadlines';
import { type IncidentEffect, IncidentEffectSchema } from './incident-effect';
import type { IncidentEvent, IncidentEventInput } from './incident-event';
import { type IncidentEmitted, type incidentMachine, incidentViewMachine } from './incident-machine';
import type { IncidentState } from './incident-state';
import {
  type IncidentEnvelope,
  type RestoreOptions,
  restoreIncident,
  serializeIncident,
  validateIncidentState,
} from './persistence';
import { trustState } from './state-guard';
import type { StepResult } from './step-result';

/**
 * The time source and timer of an in-process actor: epoch milliseconds now, and a way to run a callback later.
 * XState's `SimulatedClock` fits, for tests; without one the actor uses `Date.now` and the global timers.
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
 * An in-process incident: the lifecycle's step run on the actor's own state, with one timer armed for the earliest
 * pending deadline (re-armed after a step only for the deadlines it changed, and after a restore, so timers survive
 * persistence, unlike XState's `after` delays). When it fires, the actor sends itself a `tick`. `xstate` gives an
 * XState actor of the lifecycle machine that shows the same state, made on first access and kept in step lazily.
 *
 * Every event goes through the same step as `applyEvent`: a refused one never reaches XState, so no event (`{}`, or
 * one named like XState's own `xstate.stop`) can stop, break or steer the actor. A timer never waits longer than 2^31−1 ms
 * (what `setTimeout` can wait): a later deadline is reached by waiting in steps. A tick that changes nothing is not
 * retried until the state changes, so the actor never pages in a loop.
 *
 * @example
 * const actor = createIncidentActor({ declaration }).start();
 * actor.send({ type: 'acknowledge', at: '2024-01-15T14:22:00Z' }).ok;
 * //=> true
 */
export interface IncidentActor {
  /**
   * An XState actor of the lifecycle, for inspection only: it runs `incidentMachine`'s states and transitions
   * (context = the incident) and shows the state the steps `send` accepted whenever it is read or observed. It is
   * made on first access and kept in step lazily, so an actor nobody inspects pays nothing for it. Send events with
   * `send`: events sent to this actor directly (`xstate.stop` included) are dropped. Effects are delivered by `on`,
   * not emitted by this XState actor.
   */
  readonly xstate: Actor<typeof incidentMachine>;
  /** Starts the actor (emitting the declaration's effects for a new incident) and arms the first timer. A stopped actor stays stopped. */
  start(): IncidentActor;
  /** Stops the actor and clears its timer; later events are refused with `actor_not_running`. */
  stop(): IncidentActor;
  /**
   * Applies an event and returns the step result; never throws. Effects are also delivered to `on` listeners (all
   * of them, even when a listener throws: see `listener_failed`). Before `start()` or after `stop()`, the event is
   * refused with `actor_not_running`.
   */
  send(event: IncidentEventInput): StepResult;
  /** The current incident state. */
  getState(): IncidentState;
  /** The versioned envelope of the current state, for `restoreIncident` or `createIncidentActor({ envelope })`. */
  serialize(): IncidentEnvelope;
  /**
   * Listens to effects (`'page'`, `'remind_update'`, …), `'rejected'`, `'duplicate'`, `'listener_failed'`, or
   * everything with `'*'`. A listener that throws does not stop the others or the step's remaining effects: once
   * they are delivered, each failure is emitted as `listener_failed` (its `error.cause` is what was thrown).
   */
  on<T extends IncidentEmitted['type'] | '*'>(
    type: T,
    handler: (emitted: T extends '*' ? IncidentEmitted : Extract<IncidentEmitted, { type: T }>) => void,
  ): { unsubscribe(): void };
  /** Called with the new state after every accepted step (a listener that throws is reported as `listener_failed`). */
  subscribe(listener: (state: IncidentState) => void): { unsubscribe(): void };
  /** When the armed timer fires, or `null` when none is armed. */
  nextTimerAt(): Timestamp | null;
}

/**
 * Runs an incident in-process with timers: from a new declaration, a state, or a persisted envelope.
 *
 * @param source - `{ declaration }`, `{ state }` or `{ envelope, migrations? }`
 * @param options - `clock` (default: `Date.now` and the global timers): `now`, `setTimeout` and `clearTimeout`
 * @returns the actor, not yet started
 * @throws {IncidentKitError} when the declaration, state or envelope is refused, or the source or options are not
 *   objects of that shape (`invalid_input`)
 * @example
 * const actor = createIncidentActor({ declaration }, { clock: new SimulatedClock() }).start();
 * actor.nextTimerAt(); // the SEV2 ack deadline, 5 minutes after declaration at 14:20
 * //=> '2024-01-15T14:25:00.000Z'
 */
export function createIncidentActor(
  source: IncidentActorSource,
  options: { clock?: IncidentClock } = {},
): IncidentActor {
  const clock = readClock(options);
  const owner = {};
  let current: IncidentState;
  let declared: readonly IncidentEffect[] = [];
  const origin = readSource(source);
  if (origin.kind === 'declaration') {
    const created = accept(createIncident(origin.declaration));
    declared = declarationEffects(created);
    current = created;
  } else {
    current = accept(
      origin.kind === 'state'
        ? validateIncidentState(origin.state)
        : restoreIncident(origin.envelope, origin.migrations ? { migrations: origin.migrations } : {}),
    );
  }

  // The XState actor is exposed for inspection only, and made when it is first asked for, from the current state
  // (restoring does not re-run entry actions, statelyai/xstate#4627, so nothing is announced again). Events sent to
  // it directly (`xstate.stop` included) are dropped, so only the steps `send` accepted ever reach it. It is kept in
  // step lazily: brought up to date when it is read, and after every step once someone subscribes to it or
  // inspects it (an XState transition per event would cost as much as the step itself).
  let view: Actor<typeof actorMachine> | undefined;
  let forward: (event: IncidentEvent) => void = () => undefined;
  let shown = current;
  let observed = false;
  const syncView = () => {
    if (shown === current || !running) return;
    shown = current;
    const step = { type: SYNC_EVENT } as unknown as IncidentEvent;
    decidedSteps.set(step, { owner, state: current });
    forward(step);
    // XState's assign keeps a shallow copy of the state it is given: the same fields, as sound as the state.
    if (view) trustState(viewSnapshot(view).context);
  };
  const makeView = (): Actor<typeof actorMachine> => {
    const snapshot = actorMachine.resolveState({ value: current.status, context: current });
    const xstate = createActor(actorMachine, { snapshot, input: current });
    shown = current;
    forward = xstate.send.bind(xstate);
    Object.defineProperty(xstate, 'send', {
      value: (event: unknown) => {
        if (typeof event === 'object' && event !== null && decidedSteps.get(event)?.owner === owner)
          forward(event as IncidentEvent);
      },
    });
    viewSnapshots.set(xstate, xstate.getSnapshot.bind(xstate));
    for (const name of ['getSnapshot', 'getPersistedSnapshot'] as const) {
      const original = xstate[name].bind(xstate) as (...args: unknown[]) => unknown;
      Object.defineProperty(xstate, name, {
        value: (...args: unknown[]) => {
          syncView();
          return original(...args);
        },
      });
    }
    const subscribeView = xstate.subscribe.bind(xstate) as (...args: unknown[]) => unknown;
    Object.defineProperty(xstate, 'subscribe', {
      value: (...args: unknown[]) => {
        observed = true;
        syncView();
        return subscribeView(...args);
      },
    });
    const inspectView = xstate.system.inspect.bind(xstate.system);
    Object.defineProperty(xstate.system, 'inspect', {
      value: (...args: Parameters<typeof xstate.system.inspect>) => {
        observed = true;
        syncView();
        return inspectView(...args);
      },
    });
    if (running || stopped) xstate.start();
    if (stopped) xstate.stop();
    return xstate;
  };

  let running = false;
  let stopped = false;
  let timer: unknown;
  let armedFor: Timestamp | null = null;
  // A tick at this time changed nothing: no timer is armed for it again until the state changes, so an incident
  // whose deadline cannot be acted on never ticks (and pages) in a loop.
  let stalled: Timestamp | null = null;

  const clear = () => {
    if (timer !== undefined) clock.clearTimeout(timer);
    timer = undefined;
    armedFor = null;
  };

  // The earliest pending deadline, recomputed only for the deadlines a step changed.
  const nextDeadline = deadlineTracker();

  const arm = () => {
    const next = running ? nextDeadline(current) : undefined;
    if (next && stalled !== null && next.tickAt <= stalled) return clear();
    if (next && next.tickAt === armedFor) return;
    clear();
    if (!next) return;
    armedFor = next.tickAt;
    const delay = Math.max(0, toEpochMs(next.tickAt) - nowMs());
    // setTimeout cannot wait longer than 2^31 - 1 ms (24.8 days; a longer delay fires at once): wait that long, then
    // arm again for the rest instead of ticking early.
    const partial = delay > MAX_TIMER_MS;
    timer = clock.setTimeout(
      () => {
        timer = undefined;
        armedFor = null;
        if (!running) return;
        if (partial) return arm();
        const before = current;
        // Never earlier than the deadline (timers may fire a little early) or than the last event (the host's events
        // may carry times ahead of this clock).
        const now = fromEpochMs(nowMs()) ?? next.tickAt;
        send({ type: 'tick', at: latestOf([now, next.tickAt, before.lastEventAt]) });
        if (current === before) stalled = next.tickAt;
        arm();
      },
      partial ? MAX_TIMER_MS : delay,
    );
  };

  const nowMs = () => {
    const now = clock.now();
    return typeof now === 'number' && Number.isFinite(now) ? now : Number.NaN;
  };

  const listeners = new Map<string, Set<(emitted: IncidentEmitted) => void>>();
  const subscribers = new Set<(state: IncidentState) => void>();

  /** Delivers every item to its listeners, then reports each listener that threw as `listener_failed`. */
  const deliver = (items: readonly IncidentEmitted[], state: IncidentState | null) => {
    if (listeners.size === 0 && subscribers.size === 0) return;
    const failures: { readonly error: unknown; readonly emitted: IncidentEmitted | null }[] = [];
    if (state !== null) {
      for (const subscriber of [...subscribers]) {
        try {
          subscriber(state);
        } catch (error) {
          failures.push({ error, emitted: null });
        }
      }
    }
    for (const emitted of items) {
      for (const type of [emitted.type, '*']) {
        const set = listeners.get(type);
        if (!set) continue;
        for (const listener of [...set]) {
          try {
            listener(emitted);
          } catch (error) {
            failures.push({ error, emitted });
          }
        }
      }
    }
    for (const { error, emitted } of failures) report(error, emitted);
  };

  /** Emits one `listener_failed`; a listener that fails on it is not reported again (that could loop). */
  const report = (error: unknown, emitted: IncidentEmitted | null) => {
    const what = emitted === null ? 'A state subscriber' : `A listener for ${emitted.type}`;
    const reason = error instanceof Error ? error.message : describeValue(error);
    const failure: IncidentEmitted = {
      type: 'listener_failed',
      error: new IncidentKitError('listener_failed', `${what} threw: ${reason}`, {
        cause: error,
        details: { emitted: emitted?.type ?? 'state' },
      }),
      emitted,
    };
    for (const type of ['listener_failed', '*']) {
      for (const listener of [...(listeners.get(type) ?? [])]) {
        try {
          listener(failure);
        } catch {
          // dropped: see above
        }
      }
    }
  };

  const send = (event: IncidentEventInput): StepResult => {
    if (!running) {
      return {
        ok: false,
        error: new IncidentKitError(
          'actor_not_running',
          stopped
            ? 'The incident actor was stopped; create a new one (from its envelope) to continue'
            : 'Start the incident actor before sending it events',
          { input: event },
        ),
      };
    }
    const state = current;
    // The actor's state is its own, sound from the start: stepped without checking it again.
    const result = applyEventToOwnState(state, event);
    if (!result.ok) {
      deliver([{ type: 'rejected', error: result.error, event }], null);
      return result;
    }
    if (result.duplicate) {
      deliver([{ type: 'duplicate', eventId: String((event as { id?: unknown }).id) }], null);
      return result;
    }
    if (result.state !== state) {
      current = trustState(result.state);
      stalled = null;
      // Only an accepted step reaches XState: an event of our own making, with nothing but the type.
      if (observed) syncView();
      arm();
    }
    deliver(result.effects, result.state === state ? null : result.state);
    return result;
  };

  const actor: IncidentActor = {
    get xstate() {
      view ??= makeView();
      return view;
    },
    start() {
      if (running || stopped) return actor;
      running = true;
      view?.start();
      arm();
      // A restored incident is not declared again; a new one announces its pages once.
      const effects = declared;
      declared = [];
      deliver(effects, null);
      return actor;
    },
    stop() {
      syncView();
      running = false;
      stopped = true;
      clear();
      view?.stop();
      return actor;
    },
    send,
    getState: () => current,
    serialize: () => serializeIncident(current),
    on: (type, handler) => {
      if (typeof type !== 'string' || !(EMITTED_TYPES as readonly string[]).includes(type))
        throw invalidArgument('type', `'*' or one of ${EMITTED_TYPES.slice(1).join(', ')}`, type);
      if (typeof handler !== 'function') throw invalidArgument('handler', 'a function', handler);
      const set = listeners.get(type) ?? new Set();
      set.add(handler as (emitted: IncidentEmitted) => void);
      listeners.set(type, set);
      return { unsubscribe: () => set.delete(handler as (emitted: IncidentEmitted) => void) };
    },
    subscribe: (listener) => {
      if (typeof listener !== 'function') throw invalidArgument('listener', 'a function', listener);
      subscribers.add(listener);
      return { unsubscribe: () => subscribers.delete(listener) };
    },
    nextTimerAt: () => armedFor,
  };
  return actor;
}

const MAX_TIMER_MS = 2 ** 31 - 1;

/** Each view's own getSnapshot, before the actor wrapped it (which would sync again). */
const viewSnapshots = new WeakMap<object, () => { readonly context: IncidentState }>();

function viewSnapshot(view: object): { readonly context: IncidentState } {
  return (viewSnapshots.get(view) as () => { readonly context: IncidentState })();
}

/**
 * The steps actors computed, by the event object each actor made to forward one step to its XState actor; an entry
 * lives for that one synchronous send and is deleted when the step is applied. The machine below applies a step only
 * when handed one of these objects, so nothing sent to an XState actor from outside can change an incident, and the
 * plain `incidentMachine` has no such device at all: it computes every step itself.
 */
const decidedSteps = new WeakMap<object, { readonly owner: object; readonly state: IncidentState }>();

/** The event that brings an actor's XState view to the actor's current state (see `incidentViewMachine`). */
const SYNC_EVENT = 'incident-kit.sync';

/** `incidentMachine` with the step decided by the actor: made once (providing costs ~2 ms a machine). */
const actorMachine = incidentViewMachine(
  SYNC_EVENT,
  (event, status) =>
    typeof event === 'object' && event !== null && decidedSteps.get(event)?.state.status === status,
).provide({
  guards: { stepAccepted: ({ event }) => decidedSteps.has(event) },
  actions: {
    applyStep: assign(({ context, event }) => {
      const step = decidedSteps.get(event);
      decidedSteps.delete(event); // applied once: an event leaked through inspection and sent again changes nothing
      return step?.state ?? context;
    }),
    rejectStep: () => undefined,
    announceDeclaration: () => undefined,
  },
});

/** What `on` listens to: everything, each effect, and the actor's own reports. */
const EMITTED_TYPES = [
  '*',
  ...IncidentEffectSchema.options.map((option) => option.shape.type.value),
  'rejected',
  'duplicate',
  'listener_failed',
] as const;

type Origin =
  | { readonly kind: 'declaration'; readonly declaration: IncidentDeclaration }
  | { readonly kind: 'state'; readonly state: unknown }
  | {
      readonly kind: 'envelope';
      readonly envelope: unknown;
      readonly migrations?: RestoreOptions['migrations'];
    };

/** Which of the three sources was given (own properties only: exactly one of them). */
function readSource(source: unknown): Origin {
  const given = isPlainObjectLike(source)
    ? (['declaration', 'state', 'envelope'] as const).filter((key) => Object.hasOwn(source, key))
    : [];
  if (!isPlainObjectLike(source) || given.length !== 1)
    throw invalidArgument('source', 'an object with exactly one of declaration, state or envelope', source);
  const [kind] = given as ['declaration' | 'state' | 'envelope'];
  if (kind === 'declaration') return { kind, declaration: source.declaration as IncidentDeclaration };
  if (kind === 'state') return { kind, state: source.state };
  const migrations = source.migrations as RestoreOptions['migrations'];
  return { kind, envelope: source.envelope, ...(migrations === undefined ? {} : { migrations }) };
}

function readClock(options: unknown): IncidentClock {
  const { clock } = expectOptions(options as { clock?: IncidentClock } | undefined);
  if (clock === undefined) return systemClock;
  if (
    !isPlainObjectLike(clock) ||
    typeof clock.now !== 'function' ||
    typeof clock.setTimeout !== 'function' ||
    typeof clock.clearTimeout !== 'function'
  )
    throw invalidArgument(
      'options.clock',
      'an object with now, setTimeout and clearTimeout functions',
      clock,
    );
  return clock;
}

function accept<T>(
  result: { ok: true; state: T } | { ok: true; value: T } | { ok: false; error: IncidentKitError },
): T {
  if (!result.ok) throw result.error;
  return 'state' in result ? result.state : result.value;
}
