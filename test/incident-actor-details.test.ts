// The in-process actor's edges, case by case, from the mutation run of incident-actor.ts (71.2%): the words, codes and
// inputs of its refusals, unsubscribing, listener and subscriber failures reported once each, subscribers told of new
// states only, the XState view kept in step once observed, timers cleared and armed exactly (a deadline exactly
// 2^31 - 1 ms away is one wait, not two), and a restore through the caller's migrations.
import {
  createIncidentActor,
  INCIDENT_ENVELOPE_VERSION,
  type IncidentEmitted,
  type IncidentState,
  serializeIncident,
} from 'incident-kit';
import { describe, expect, it } from 'vitest';
import { thrown } from './fixtures/assert';
import { at, seedDeclaration } from './fixtures/incident';
import { jane } from './fixtures/seed';

const MAX_TIMER_MS = 2 ** 31 - 1;

/** A clock that records its timers and runs one only when asked. */
function recordingClock(start: number) {
  let now = start;
  let nextId = 1;
  const armed = new Map<number, { readonly ms: number; readonly callback: () => void }>();
  const calls: (readonly ['set', number] | readonly ['clear', unknown])[] = [];
  return {
    calls,
    now: () => now,
    setTimeout(callback: () => void, ms: number) {
      calls.push(['set', ms]);
      armed.set(nextId, { ms, callback });
      return nextId++;
    },
    clearTimeout(id: unknown) {
      calls.push(['clear', id]);
      armed.delete(id as number);
    },
    /** Runs the one armed timer after its wait. */
    fire() {
      const [[id, timer]] = [...armed] as [[number, { ms: number; callback: () => void }]];
      armed.delete(id);
      now += timer.ms;
      timer.callback();
    },
  };
}

const declared = () =>
  createIncidentActor({ declaration: seedDeclaration }, { clock: recordingClock(Date.parse(at(0))) });

describe('the actor refuses, naming what it refuses', () => {
  it('a source, a clock, a listener type or function it cannot use', () => {
    for (const source of [{}, { declaration: seedDeclaration, state: {} }, null]) {
      const error = thrown(() => createIncidentActor(source as never));
      expect(error.code).toBe('invalid_input');
      expect(error.message).toMatch(/source.*an object with exactly one of declaration, state or envelope/);
    }
    const noop = () => undefined;
    for (const clock of [
      5,
      { setTimeout: noop, clearTimeout: noop },
      { now: noop, clearTimeout: noop },
      { now: noop, setTimeout: noop },
    ]) {
      const error = thrown(() =>
        createIncidentActor({ declaration: seedDeclaration }, { clock: clock as never }),
      );
      expect(error.message, JSON.stringify(clock)).toMatch(
        /options\.clock.*an object with now, setTimeout and clearTimeout functions/,
      );
    }
    const actor = declared();
    expect(thrown(() => actor.on('nope' as never, noop)).message).toMatch(/\btype\b.*'\*' or one of page, /);
    expect(thrown(() => actor.on('page', 'x' as never)).message).toMatch(/handler.*a function/);
    expect(thrown(() => actor.subscribe('x' as never)).message).toMatch(/listener.*a function/);
  });

  it('events before start and after stop, keeping the event', () => {
    const actor = declared();
    const event = { type: 'acknowledge', at: at(1) } as const;
    const early = actor.send(event);
    expect(early.ok || [early.error.code, early.error.message, early.error.input]).toEqual([
      'actor_not_running',
      'Start the incident actor before sending it events',
      event,
    ]);
    actor.start().stop();
    const late = actor.send(event);
    expect(late.ok || [late.error.code, late.error.message]).toEqual([
      'actor_not_running',
      'The incident actor was stopped; create a new one (from its envelope) to continue',
    ]);
  });
});

describe('listeners and subscribers', () => {
  it('stop hearing once unsubscribed', () => {
    const actor = declared();
    const heard: string[] = [];
    const listening = actor.on('*', (item) => heard.push(item.type));
    const subscribed = actor.subscribe((state) => heard.push(`state ${state.status}`));
    actor.start();
    actor.send({ type: 'acknowledge', at: at(1), by: jane });
    const before = heard.length;
    expect(before).toBeGreaterThan(0);
    listening.unsubscribe();
    subscribed.unsubscribe();
    actor.send({ type: 'start_triage', at: at(2), by: jane });
    expect(heard).toHaveLength(before);
    actor.stop();
  });

  it('tell subscribers of new states only, not of refusals or redeliveries', () => {
    const actor = declared().start();
    const states: IncidentState[] = [];
    actor.subscribe((state) => states.push(state));
    actor.send({ type: 'acknowledge', at: at(1), by: jane, id: 'a' });
    actor.send({ type: 'acknowledge', at: at(1), by: jane, id: 'a' }); // a redelivery
    actor.send({ type: 'close', at: at(2) }); // refused
    expect(states.map((state) => state.status)).toEqual(['acknowledged']);
    actor.stop();
  });

  it('report each failing listener and subscriber once, to every listener_failed and * listener', () => {
    const actor = declared();
    const failures: IncidentEmitted[] = [];
    const all: string[] = [];
    actor.on('page', () => {
      throw new Error('boom');
    });
    actor.subscribe(() => {
      throw 'plain';
    });
    actor.on('listener_failed', (item) => {
      failures.push(item);
      throw new Error('the reporter fails too');
    });
    actor.on('*', (item) => all.push(item.type));
    actor.start();
    actor.send({ type: 'acknowledge', at: at(1), by: jane });
    const described = failures.map((item) =>
      item.type === 'listener_failed'
        ? [item.error.message, item.error.details, item.emitted?.type ?? null]
        : [],
    );
    expect(described).toEqual([
      ['A listener for page threw: boom', { emitted: 'page' }, 'page'],
      ['A state subscriber threw: "plain"', { emitted: 'state' }, null],
    ]);
    expect(all.filter((type) => type === 'listener_failed')).toHaveLength(2);
    actor.stop();
  });
});

describe('the XState view', () => {
  it('follows every step once subscribed to, and once inspected', () => {
    const actor = declared().start();
    const seen: string[] = [];
    actor.xstate.subscribe((snapshot) => seen.push(String(snapshot.value)));
    actor.send({ type: 'acknowledge', at: at(1), by: jane });
    actor.send({ type: 'start_triage', at: at(2), by: jane });
    expect(seen.slice(-2)).toEqual(['acknowledged', 'triaging']);
    const inspected = declared().start();
    const events: string[] = [];
    inspected.xstate.system.inspect((event) => events.push(event.type));
    const before = events.length;
    inspected.send({ type: 'acknowledge', at: at(1), by: jane });
    expect(events.length).toBeGreaterThan(before);
    actor.stop();
    inspected.stop();
  });

  it('is stopped with its actor, whenever it is made', () => {
    const stopped = declared().start().stop();
    expect(stopped.xstate.getSnapshot().status).toBe('stopped');
    const actor = declared().start();
    const view = actor.xstate;
    actor.stop();
    expect(view.getSnapshot().status).toBe('stopped');
  });
});

describe('timers', () => {
  it('clear the armed timer when a step moves the deadline, and never clear one that is not armed', () => {
    const clock = recordingClock(Date.parse(at(0)));
    const actor = createIncidentActor({ declaration: seedDeclaration }, { clock }).start();
    expect(clock.calls[0]?.[0]).toBe('set');
    actor.send({ type: 'acknowledge', at: at(1), by: jane });
    expect(clock.calls.filter(([kind]) => kind === 'clear').map(([, id]) => id)).toEqual([1]);
    actor.stop();
    for (const [kind, id] of clock.calls) if (kind === 'clear') expect(id).not.toBeUndefined();
  });

  it('wait once for a deadline exactly 2^31 - 1 ms away, and tick when it fires', () => {
    const probe = createIncidentActor({ declaration: seedDeclaration }, { clock: recordingClock(0) }).start();
    const due = Date.parse(probe.nextTimerAt() ?? '');
    probe.stop();
    const clock = recordingClock(due - MAX_TIMER_MS);
    const actor = createIncidentActor({ declaration: seedDeclaration }, { clock }).start();
    const level = actor.getState().escalation.level;
    expect(clock.calls).toEqual([['set', MAX_TIMER_MS]]);
    clock.fire();
    expect(actor.getState().escalation.level).toBe(level + 1);
    actor.stop();
  });
});

describe('restoring', () => {
  it("runs the caller's migrations on an older envelope", () => {
    const source = createIncidentActor({ declaration: seedDeclaration }).start();
    // One version back, with the caller's upgrade for it (it replaces the built-in one).
    const older = INCIDENT_ENVELOPE_VERSION - 1;
    const full = JSON.parse(JSON.stringify(source.getState()));
    const envelope = { ...serializeIncident(source.getState()), version: older } as never;
    source.stop();
    const upgrades: number[] = [];
    // The upgrade returns the state with every setting written out, as upgrades do.
    const migrations = {
      [older]: () => {
        upgrades.push(older);
        return full;
      },
    };
    const actor = createIncidentActor({ envelope, migrations });
    expect(upgrades).toEqual([older]);
    expect(actor.getState().id).toBe(seedDeclaration.id);
  });
});
