import fc from 'fast-check';
import {
  applyEvent,
  defineSeverityPolicies,
  getDeadlines,
  getPendingDeadlines,
  type IncidentState,
  type Severity,
} from 'incident-kit';
import { describe, expect, it } from 'vitest';
import { deadlineTracker } from '../src/lifecycle/deadlines';
import { eventForStep, runStepArb, updateRunStepArb } from './arbitraries/events';
import { at, declare, seedAfter, seedAt, seedDeclaration, step, T0 } from './fixtures/incident';
import { propertyRuns } from './support/property-runs';

const tick = (state: IncidentState, minutes: number) => step(state, { type: 'tick', at: at(minutes) });

describe('getDeadlines', () => {
  it('gives a detected SEV2 an ack deadline 5 minutes after declaration and nothing else', () => {
    expect(getDeadlines(declare())).toEqual({
      acknowledge: at(5),
      internalUpdate: null,
      externalUpdate: null,
      executiveSummary: null,
      postmortem: null,
    });
  });

  it('sets update deadlines from the policy once acknowledged and the severity is assessed', () => {
    // Acknowledged at +2 as SEV2: internal every 30 min, executive every 30 min, public post within 5 min.
    expect(getDeadlines(seedAfter(1))).toEqual({
      acknowledge: null,
      internalUpdate: at(32),
      externalUpdate: at(7),
      executiveSummary: at(32),
      postmortem: null,
    });
  });

  it('follows the promise of the last update and the public cadence', () => {
    const state = seedAfter(8); // external at +10, internal at +10 promising 15 minutes
    expect(getDeadlines(state)).toMatchObject({ internalUpdate: at(25), externalUpdate: at(30) });
  });

  it('keeps asking for a public post until one says resolved, then asks for the postmortem', () => {
    expect(getDeadlines(seedAt('resolve'))).toMatchObject({
      internalUpdate: null,
      externalUpdate: at(50),
      postmortem: '2024-01-22T15:05:00.000Z',
    });
    expect(getDeadlines(seedAfter(15))).toMatchObject({ externalUpdate: null });
    expect(getDeadlines(seedAfter(17)).postmortem).toBeNull();
  });

  it('switches public updates to hourly after two hours', () => {
    let state = seedAfter(8);
    for (let minutes = 30; minutes <= 130; minutes += 20) {
      state = step(state, {
        type: 'post_update',
        at: at(minutes),
        audience: 'external',
        publicStatus: 'identified',
      }).state;
    }
    expect(getDeadlines(state).externalUpdate).toBe(at(130 + 60));
  });
});

describe('tick', () => {
  it('escalates when the ack deadline passes, up to the last level, then pages that level again on a cadence', () => {
    let state = declare();
    const first = tick(state, 5);
    expect(first.effects).toEqual([
      { type: 'page', level: 2, urgency: 'high_urgency', reason: 'ack_timeout', loop: 0 },
    ]);
    state = first.state;
    expect(getDeadlines(state).acknowledge).toBe(at(10));
    state = tick(state, 10).state;
    expect(state.escalation.level).toBe(3);
    // After the last level (3 by default): the same level again every renotifyEveryMinutes (5 for a SEV2).
    const again = tick(state, 15);
    expect(again.effects).toEqual([
      { type: 'page', level: 3, urgency: 'high_urgency', reason: 'renotify', loop: 1 },
    ]);
    expect(again.state.timeline.at(-1)?.summary).toBe(
      'Deadlines: still not acknowledged, paged level 3 again (repeat 1)',
    );
    expect(applyEvent(again.state, { type: 'tick', at: at(19) })).toEqual({
      ok: true,
      state: again.state,
      effects: [],
    });
    const twice = tick(again.state, 20);
    expect(twice.effects).toEqual([
      { type: 'page', level: 3, urgency: 'high_urgency', reason: 'renotify', loop: 2 },
    ]);
    // Acknowledging stops it.
    const acked = step(twice.state, { type: 'acknowledge', at: at(21) });
    expect(acked.effects[0]).toEqual({ type: 'stop_paging', reason: 'acknowledged' });
    expect(getDeadlines(acked.state).acknowledge).toBeNull();
  });

  it('stops paging after the last level when the policy does not re-notify', () => {
    const policies = defineSeverityPolicies({ SEV2: { renotifyEveryMinutes: null } });
    let state = declare({ ...seedDeclaration, settings: { policies, maxEscalationLevel: 2 } });
    state = tick(state, 5).state;
    expect(state.escalation.level).toBe(2);
    expect(getDeadlines(state).acknowledge).toBeNull();
    expect(getPendingDeadlines(state)).toEqual([]);
  });

  it('does nothing, and records nothing, before any deadline', () => {
    const state = declare();
    expect(applyEvent(state, { type: 'tick', at: at(4) })).toEqual({ ok: true, state, effects: [] });
  });

  it('reminds each overdue update in deadline order, counts the reminders and puts the tick on the timeline', () => {
    const state = seedAfter(8);
    const result = tick(state, 40);
    expect(result.effects).toEqual([
      { type: 'remind_update', deadline: 'internal_update', dueAt: at(25), count: 1 },
      { type: 'remind_update', deadline: 'external_update', dueAt: at(30), count: 1 },
      { type: 'remind_update', deadline: 'executive_summary', dueAt: at(32), count: 1 },
    ]);
    expect(result.state.timeline.at(-1)?.type).toBe('tick');
    // The next reminders follow the SEV2 cadence (every 10 minutes) from this tick.
    expect(getPendingDeadlines(result.state)).toEqual([
      { deadline: 'internal_update', dueAt: at(25), tickAt: at(50) },
      { deadline: 'external_update', dueAt: at(30), tickAt: at(50) },
      { deadline: 'executive_summary', dueAt: at(32), tickAt: at(50) },
    ]);
    expect(tick(result.state, 41).effects).toEqual([]);
  });

  it('reminds a missed update again on the cadence, up to the cap, and never once it is posted', () => {
    let state = seedAfter(8); // internal update due at +25
    const counts: number[] = [];
    for (const minutes of [25, 35, 45, 55, 65]) {
      const result = tick(state, minutes);
      for (const effect of result.effects) if (effect.type === 'remind_update') counts.push(effect.count);
      state = result.state;
    }
    const internal = state.reminders.filter((reminder) => reminder.deadline === 'internal_update');
    expect(internal.map((reminder) => [reminder.at, reminder.count])).toEqual([
      [at(25), 1],
      [at(35), 2],
      [at(45), 3],
    ]);
    expect(getPendingDeadlines(state).map((pending) => pending.deadline)).not.toContain('internal_update');
    expect(counts.filter((count) => count > 3)).toEqual([]);
    const posted = step(state, { type: 'post_update', at: at(70), audience: 'internal' }).state;
    expect(getDeadlines(posted).internalUpdate).toBe(at(100));
    const internalReminders = (result: ReturnType<typeof tick>) =>
      result.effects.filter(
        (effect) => effect.type === 'remind_update' && effect.deadline === 'internal_update',
      );
    const before = tick(posted, 99);
    expect(internalReminders(before)).toEqual([]);
    expect(internalReminders(tick(before.state, 100))).toEqual([
      { type: 'remind_update', deadline: 'internal_update', dueAt: at(100), count: 1 },
    ]);
  });

  it('scores updates on time or late against the deadline in force', () => {
    const state = seedAfter(8);
    const late = step(state, { type: 'post_update', at: at(26), audience: 'internal' }).state.updates.at(-1);
    expect(late).toMatchObject({ dueAt: at(25), onTime: false });
    const onTime = step(state, { type: 'post_update', at: at(25), audience: 'internal' }).state.updates.at(
      -1,
    );
    expect(onTime).toMatchObject({ dueAt: at(25), onTime: true });
  });
});

describe('deadlineTracker (the actor re-arms with it)', () => {
  // It recomputes only the deadlines a step changed; it must always answer what the full computation answers.
  it('names the earliest pending deadline after every step, as getPendingDeadlines does', () => {
    let compared = 0;
    fc.assert(
      fc.property(
        fc.constantFrom<Severity>('SEV1', 'SEV2', 'SEV3', 'SEV4'),
        fc.array(fc.oneof(runStepArb, updateRunStepArb), { maxLength: 40, size: 'max' }),
        (severity, steps) => {
          let state = declare({ id: 'INC-T', title: 'Tracked', at: T0, severity });
          const next = deadlineTracker();
          expect(next(state)).toEqual(getPendingDeadlines(state)[0]);
          for (const runStep of steps) {
            const event = eventForStep(runStep, state);
            const result = event && applyEvent(state, event);
            if (!result?.ok) continue;
            state = result.state;
            expect(next(state)).toEqual(getPendingDeadlines(state)[0]);
            compared += 1;
          }
        },
      ),
      { numRuns: propertyRuns(300) },
    );
    expect(compared).toBeGreaterThan(propertyRuns(300) * 5); // about 10 accepted steps a run
  });
});
