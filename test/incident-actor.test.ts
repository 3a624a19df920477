import {
  applyEvent,
  createIncidentActor,
  defineSeverityPolicies,
  type IncidentEmitted,
  IncidentKitError,
  serializeIncident,
} from 'incident-kit';
import { describe, expect, it } from 'vitest';
import { SimulatedClock } from 'xstate';
import { at, declare, seedAfter, seedDeclaration, seedEvents, T0 } from './fixtures/incident';

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

  it('refuses to take events before start, and throws for a bad declaration', () => {
    const actor = createIncidentActor({ declaration: seedDeclaration }, { clock: clockAt(0) });
    expect(() => actor.send({ type: 'acknowledge', at: at(1) })).toThrow(/Start the incident actor/);
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
    expect(() => createIncidentActor({ state })).toThrow(/invariants/);
  });
});
