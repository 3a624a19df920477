import {
  applyEvent,
  createIncidentActor,
  defineSeverityPolicies,
  type IncidentActor,
  type IncidentEmitted,
  IncidentKitError,
  type IncidentState,
  incidentMachine,
  serializeIncident,
} from 'incident-kit';
import { describe, expect, it } from 'vitest';
import { createActor, SimulatedClock } from 'xstate';
import { isSoundState } from '../src/lifecycle/state-guard';
import { at, declare, seedAfter, seedDeclaration, seedEvents, T0 } from './fixtures/incident';
import { jane } from './fixtures/seed';

const MINUTE = 60_000;

function clockAt(minutes: number): SimulatedClock {
  const clock = new SimulatedClock();
  clock.set(Date.parse(at(minutes)));
  return clock;
}

function record(actor: ReturnType<typeof createIncidentActor>): IncidentEmitted[] {
  const emitted: IncidentEmitted[] = [];
  actor.on('*', (item) => emitted.push(item));
  return emitted;
}

describe('createIncidentActor', () => {
  it('emits the declaration effects on start and agrees with applyEvent on the seed incident', () => {
    const actor = createIncidentActor({ declaration: seedDeclaration }, { clock: clockAt(0) });
    const emitted = record(actor);
    actor.start();
    expect(emitted).toEqual([
      { type: 'page', level: 1, urgency: 'high_urgency', reason: 'declared', loop: 0 },
      { type: 'page_additional_responders', severity: 'SEV2' },
    ]);
    let pure = declare();
    for (const event of seedEvents) {
      emitted.length = 0;
      const expected = applyEvent(pure, event);
      const result = actor.send(event);
      expect(result).toEqual(expected);
      if (!expected.ok) throw expected.error;
      expect(emitted).toEqual(expected.effects);
      expect(actor.getState()).toEqual(expected.state);
      expect(actor.xstate.getSnapshot().value).toBe(expected.state.status);
      pure = expected.state;
    }
    actor.stop();
  });

  it('hands out states the other functions accept without checking them again', () => {
    const actor = createIncidentActor({ declaration: seedDeclaration }, { clock: clockAt(0) }).start();
    // The actor marks a state sound when it hands it out: from a result, getState, a subscriber or its XState view.
    const first = actor.send(seedEvents[0] as (typeof seedEvents)[number]);
    if (!first.ok) throw first.error;
    expect(isSoundState(first.state)).toBe(true);
    expect({ ...first }).toEqual({ ok: true, state: first.state, effects: first.effects });
    actor.send(seedEvents[1] as (typeof seedEvents)[number]);
    expect(isSoundState(actor.getState())).toBe(true);
    const states: IncidentState[] = [];
    actor.subscribe((state) => states.push(state));
    actor.send(seedEvents[2] as (typeof seedEvents)[number]);
    expect(states.map(isSoundState)).toEqual([true]);
    actor.send(seedEvents[3] as (typeof seedEvents)[number]);
    expect(isSoundState(actor.xstate.getSnapshot().context)).toBe(true);
    // After the view followed a step (XState keeps a copy of the state it is given), too.
    actor.send(seedEvents[4] as (typeof seedEvents)[number]);
    expect(isSoundState(actor.xstate.getSnapshot().context)).toBe(true);
    actor.stop();
  });

  it('reports a refused event through the result and a rejected emission, and stays as it was', () => {
    const actor = createIncidentActor({ declaration: seedDeclaration }, { clock: clockAt(0) }).start();
    const emitted = record(actor);
    const before = actor.getState();
    const result = actor.send({ type: 'close', at: at(1) });
    expect(result.ok || result.error.code).toBe('transition_not_allowed');
    expect(emitted).toMatchObject([{ type: 'rejected', error: { code: 'transition_not_allowed' } }]);
    expect(actor.getState()).toBe(before);
    actor.stop();
  });

  it('reports duplicates', () => {
    const actor = createIncidentActor({ declaration: seedDeclaration }, { clock: clockAt(0) }).start();
    const emitted = record(actor);
    actor.send({ type: 'add_note', at: at(1), text: 'x', id: 'n1' });
    expect(actor.send({ type: 'add_note', at: at(2), text: 'x', id: 'n1' })).toMatchObject({
      ok: true,
      duplicate: true,
    });
    expect(emitted.at(-1)).toEqual({ type: 'duplicate', eventId: 'n1' });
    actor.stop();
  });

  it('refuses events before start and after stop with actor_not_running, and throws for a bad declaration', () => {
    const actor = createIncidentActor({ declaration: seedDeclaration }, { clock: clockAt(0) });
    const early = actor.send({ type: 'acknowledge', at: at(1) });
    expect(early.ok || [early.error.code, early.error.message]).toEqual([
      'actor_not_running',
      'Start the incident actor before sending it events',
    ]);
    actor.start().stop();
    const late = actor.send({ type: 'acknowledge', at: at(1) });
    expect(late.ok || late.error.code).toBe('actor_not_running');
    expect(actor.start().send({ type: 'acknowledge', at: at(1) }).ok).toBe(false); // a stopped actor stays stopped
    expect(actor.getState().status).toBe('detected');
    expect(() => createIncidentActor({ declaration: { ...seedDeclaration, at: 'soon' } })).toThrow(
      IncidentKitError,
    );
  });
});

describe('createIncidentActor timers', () => {
  it('escalates when the ack deadline passes on a simulated clock', () => {
    const clock = clockAt(0);
    const actor = createIncidentActor({ declaration: seedDeclaration }, { clock }).start();
    const emitted = record(actor);
    expect(actor.nextTimerAt()).toBe(at(5));
    clock.increment(5 * MINUTE - 1);
    expect(emitted).toEqual([]);
    clock.increment(1);
    expect(emitted).toEqual([
      { type: 'page', level: 2, urgency: 'high_urgency', reason: 'ack_timeout', loop: 0 },
    ]);
    expect(actor.getState().timeline.at(-1)).toMatchObject({ type: 'tick', at: at(5) });
    expect(actor.nextTimerAt()).toBe(at(10));
    actor.send({ type: 'acknowledge', at: at(7) });
    expect(actor.nextTimerAt()).toBe(at(12)); // a SEV2 is public: first status-page post due 5 minutes after the ack
    actor.stop();
  });

  it('keeps firing after a restore in the middle of a wait', () => {
    const clock = clockAt(0);
    const first = createIncidentActor({ declaration: seedDeclaration }, { clock }).start();
    clock.increment(3 * MINUTE);
    const saved = JSON.stringify(first.serialize());
    first.stop();
    expect(first.nextTimerAt()).toBeNull();

    const restored = createIncidentActor({ envelope: saved }, { clock });
    const emitted = record(restored);
    restored.start();
    expect(emitted).toEqual([]); // a restored incident is not declared again
    expect(restored.nextTimerAt()).toBe(at(5));
    clock.increment(2 * MINUTE);
    expect(emitted).toEqual([
      { type: 'page', level: 2, urgency: 'high_urgency', reason: 'ack_timeout', loop: 0 },
    ]);
    restored.stop();
  });

  it('fires at once for a deadline that passed while the incident was stored', () => {
    const saved = serializeIncident(seedAfter(8)); // internal update due at +25
    const clock = clockAt(60);
    const actor = createIncidentActor({ envelope: saved }, { clock });
    const emitted = record(actor);
    actor.start();
    clock.increment(0);
    expect(emitted.map((item) => item.type)).toEqual(['remind_update', 'remind_update', 'remind_update']);
    expect(actor.getState().lastEventAt).toBe(at(60));
    actor.stop();
  });

  it('never ticks earlier than the last event, even when the host clock is behind', () => {
    const state = seedAfter(8); // last event at +10, internal update due +25
    const clock = clockAt(0);
    const actor = createIncidentActor({ state }, { clock }).start();
    clock.increment(25 * MINUTE);
    expect(actor.getState().timeline.at(-1)).toMatchObject({ type: 'tick', at: at(25) });
    actor.stop();
  });

  it('pages the last level again on the re-notify cadence until someone acknowledges', () => {
    const clock = clockAt(0);
    const actor = createIncidentActor({ declaration: seedDeclaration }, { clock }).start();
    const emitted = record(actor);
    for (let minute = 0; minute < 20; minute++) clock.increment(MINUTE);
    expect(emitted).toEqual([
      { type: 'page', level: 2, urgency: 'high_urgency', reason: 'ack_timeout', loop: 0 },
      { type: 'page', level: 3, urgency: 'high_urgency', reason: 'ack_timeout', loop: 0 },
      { type: 'page', level: 3, urgency: 'high_urgency', reason: 'renotify', loop: 1 },
      { type: 'page', level: 3, urgency: 'high_urgency', reason: 'renotify', loop: 2 },
    ]);
    emitted.length = 0;
    actor.send({ type: 'acknowledge', at: at(21) });
    expect(emitted[0]).toEqual({ type: 'stop_paging', reason: 'acknowledged' });
    expect(emitted.filter((item) => item.type === 'page')).toEqual([]);
    actor.stop();
  });

  it('waits out a deadline beyond what setTimeout can wait without ticking early', () => {
    // A postmortem due 40 days after resolution: longer than setTimeout's 2^31 - 1 ms (24.8 days).
    const policies = defineSeverityPolicies({
      SEV3: { postmortem: { required: true, due: { amount: 40, unit: 'calendar_days' } } },
    });
    let state = declare({ id: 'INC-LONG', title: 'Slow', at: T0, severity: 'SEV3', settings: { policies } });
    for (const event of [
      { type: 'acknowledge', at: at(1) },
      { type: 'resolve', at: at(2), kind: 'self_healed' },
    ] as const) {
      const result = applyEvent(state, event);
      if (!result.ok) throw result.error;
      state = result.state;
    }
    // Like Node and browsers: a delay over 2^31 - 1 ms fires after 1 ms.
    const simulated = clockAt(2);
    const clock = {
      now: () => simulated.now(),
      setTimeout: (callback: () => void, ms: number) =>
        simulated.setTimeout(callback, ms > 2 ** 31 - 1 ? 1 : ms),
      clearTimeout: (handle: unknown) => simulated.clearTimeout(handle as number),
    };
    const actor = createIncidentActor({ state }, { clock }).start();
    const emitted = record(actor);
    const due = state.resolution?.postmortemDueAt as string;
    simulated.increment(1);
    expect(emitted).toEqual([]);
    expect(actor.nextTimerAt()).toBe(due);
    simulated.increment(2 ** 31 - 2);
    expect(emitted).toEqual([]);
    expect(actor.getState()).toEqual(state);
    expect(actor.nextTimerAt()).toBe(due);
    simulated.increment(Date.parse(due) - simulated.now());
    expect(emitted).toEqual([{ type: 'remind_update', deadline: 'postmortem', dueAt: due, count: 1 }]);
    actor.stop();
  });

  it('arms nothing once the incident is closed', () => {
    const actor = createIncidentActor({ state: seedAfter(seedEvents.length) }, { clock: clockAt(0) }).start();
    expect(actor.nextTimerAt()).toBeNull();
    actor.stop();
  });

  it('refuses a state that breaks its invariants', () => {
    const state = { ...declare(), lastEventAt: T0.replace('14:20', '14:10') };
    expect(() => createIncidentActor({ state })).toThrow(/contradicts itself/);
  });
});

/**
 * A clock whose timers run only in `advance`, at most `limit` callbacks per call: a timer that re-arms itself at
 * 0 ms is counted instead of hanging the test.
 */
function manualClock(minutes: number) {
  let now = Date.parse(at(minutes));
  let nextId = 1;
  const timers = new Map<number, { readonly at: number; readonly callback: () => void }>();
  return {
    now: () => now,
    setTimeout: (callback: () => void, ms: number) => {
      const id = nextId++;
      timers.set(id, { at: now + Math.max(0, ms), callback });
      return id;
    },
    clearTimeout: (id: unknown) => {
      timers.delete(id as number);
    },
    /** Moves time on by `ms`, running due timers in order; returns how many ran. */
    advance(ms: number, limit = 200): number {
      const until = now + ms;
      let runs = 0;
      while (runs < limit) {
        const due = [...timers].filter(([, timer]) => timer.at <= until).sort((a, b) => a[1].at - b[1].at)[0];
        if (!due) break;
        timers.delete(due[0]);
        now = Math.max(now, due[1].at);
        runs += 1;
        due[1].callback();
      }
      now = until;
      return runs;
    },
  };
}

describe('createIncidentActor under hostile events', () => {
  // The pages an unacknowledged SEV2 gets in its first 30 minutes: levels 2 and 3, then level 3 every 5 minutes.
  function pagesOf(hostile: readonly unknown[]): {
    pages: IncidentEmitted[];
    runs: number;
    actor: IncidentActor;
  } {
    const clock = manualClock(0);
    const actor = createIncidentActor({ declaration: seedDeclaration }, { clock }).start();
    const pages: IncidentEmitted[] = [];
    actor.on('page', (page) => pages.push(page));
    for (const event of hostile) expect(actor.send(event as never).ok).toBe(false);
    const runs = clock.advance(30 * MINUTE);
    return { pages, runs, actor };
  }

  it('never pages in a loop after a refused event, whatever it is named', () => {
    // Before issue 9, `send({})` broke the inner XState actor and `xstate.stop` stopped it; the state froze, the
    // overdue deadline re-armed at 0 ms, and the actor paged 1,723 times in 2 s.
    const control = pagesOf([]);
    expect(control.pages).toHaveLength(6);
    for (const hostile of [
      [{}],
      [{ type: 'xstate.stop' }],
      [{ type: 'xstate.init', input: {} }],
      [{ type: 'xstate.error.actor.0.incident', error: new Error('x') }],
      [null, 'acknowledge', 42, { type: 'acknowledge' }, { type: '*', at: at(1) }],
    ]) {
      const { pages, runs, actor } = pagesOf(hostile);
      expect(pages).toEqual(control.pages);
      expect(runs).toBe(control.runs);
      const ack = actor.send({ type: 'acknowledge', at: at(31) });
      expect(ack.ok && ack.state.status).toBe('acknowledged');
      expect(actor.xstate.getSnapshot()).toMatchObject({ status: 'active', value: 'acknowledged' });
      actor.stop();
    }
  });

  it('ignores events sent to its XState actor directly, and events leaked through inspection', () => {
    const clock = manualClock(0);
    const actor = createIncidentActor({ declaration: seedDeclaration }, { clock });
    const leaked: unknown[] = [];
    actor.xstate.system.inspect((inspection) => {
      if (inspection.type === '@xstate.event') leaked.push(inspection.event);
    });
    actor.start();
    expect(actor.send({ type: 'acknowledge', at: at(2), by: jane }).ok).toBe(true);
    const acknowledged = actor.getState();
    const resolved = applyEvent(acknowledged, { type: 'resolve', at: at(3), summary: 'Fixed' });
    if (!resolved.ok) throw resolved.error;
    for (const event of [
      ...leaked,
      { type: 'resolve', at: at(3), summary: 'Fixed' },
      { type: 'xstate.stop' },
    ])
      actor.xstate.send(event as never);
    expect(actor.getState()).toBe(acknowledged);
    expect(actor.xstate.getSnapshot()).toMatchObject({
      status: 'active',
      value: 'acknowledged',
      context: acknowledged,
    });
    expect(actor.send({ type: 'add_note', at: at(4), text: 'Still here' }).ok).toBe(true);
    actor.stop();
  });

  it('gives nothing a leaked event could use to forge a step into a machine of your own', () => {
    const actor = createIncidentActor({ declaration: seedDeclaration }, { clock: manualClock(0) });
    const leaked: Record<string | symbol, unknown>[] = [];
    actor.xstate.system.inspect((inspection) => {
      if (inspection.type === '@xstate.event') leaked.push(inspection.event as never);
    });
    actor.start();
    actor.send({ type: 'acknowledge', at: at(2), by: jane });
    const incident = declare();
    const forged: IncidentState = { ...incident, status: 'closed' };
    const own = createActor(incidentMachine, { input: incident }).start();
    for (const event of leaked) {
      // Before issue 9, actor events carried the decided step under a symbol; a copy of it pointing at a forged
      // state went straight through the raw machine.
      const keys = Reflect.ownKeys(event);
      expect(keys.filter((key) => typeof key === 'symbol')).toEqual([]);
      const copy = Object.fromEntries(keys.map((key) => [key, event[key]]));
      for (const key of Object.getOwnPropertySymbols(event))
        copy[key as never] = { state: incident, result: { ok: true, state: forged, effects: [] } } as never;
      own.send({ ...copy, type: 'close', at: at(3) } as never);
    }
    expect(own.getSnapshot().context).toEqual(incident);
    expect(own.getSnapshot().value).toBe('detected');
    actor.stop();
  });

  it('delivers every effect of a step when a listener throws, then reports the failure', () => {
    const actor = createIncidentActor({ declaration: seedDeclaration }, { clock: manualClock(0) }).start();
    const seen: IncidentEmitted[] = [];
    const boom = new Error('pager down');
    actor.on('open_channel', () => {
      throw boom;
    });
    actor.subscribe(() => {
      throw 'not an error';
    });
    actor.on('*', (item) => seen.push(item));
    const result = actor.send({ type: 'acknowledge', at: at(2), by: jane });
    expect(result.ok && result.effects.map((effect) => effect.type)).toEqual([
      'stop_paging',
      'open_channel',
      'post_initial_status',
      'announce_status',
      'request_roles',
    ]);
    expect(seen.map((item) => item.type)).toEqual([
      'stop_paging',
      'open_channel',
      'post_initial_status',
      'announce_status',
      'request_roles',
      'listener_failed',
      'listener_failed',
    ]);
    const [subscriber, listener] = seen.slice(-2) as Extract<IncidentEmitted, { type: 'listener_failed' }>[];
    expect(subscriber).toMatchObject({
      emitted: null,
      error: { code: 'listener_failed', cause: 'not an error' },
    });
    expect(listener?.emitted).toEqual({ type: 'open_channel', name: actor.getState().channel });
    expect(listener?.error).toBeInstanceOf(IncidentKitError);
    expect(listener?.error.cause).toBe(boom);
    expect(listener?.error.message).toBe('A listener for open_channel threw: pager down');
    actor.stop();
  });

  it('refuses listeners that are not functions and event names it never emits', () => {
    const actor = createIncidentActor({ declaration: seedDeclaration }, { clock: manualClock(0) });
    expect(() => actor.on('page', null as never)).toThrow(/Invalid handler: expected a function, got null/);
    expect(() => actor.on('paged' as never, () => {})).toThrow(IncidentKitError);
    expect(() => actor.subscribe('x' as never)).toThrow(IncidentKitError);
  });

  it('refuses a source or clock of the wrong shape with invalid_input', () => {
    for (const [source, options] of [
      [null, undefined],
      [{}, undefined],
      [{ declaration: seedDeclaration, state: declare() }, undefined],
      [{ declaration: seedDeclaration }, null],
      [{ declaration: seedDeclaration }, { clock: { now: () => 0 } }],
    ] as const) {
      expect(() => createIncidentActor(source as never, options as never)).toThrow(
        expect.objectContaining({ code: 'invalid_input' }),
      );
    }
  });
});
