import { applyEvent, getDeadlines, getPendingDeadlines, type IncidentState } from 'incident-kit';
import { describe, expect, it } from 'vitest';
import { at, declare, seedAfter, seedAt, step } from './fixtures/incident';

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
  it('escalates when the ack deadline passes, up to the last level, then reminds once', () => {
    let state = declare();
    const first = tick(state, 5);
    expect(first.effects).toEqual([
      { type: 'page', level: 2, urgency: 'high_urgency', reason: 'ack_timeout' },
    ]);
    state = first.state;
    expect(getDeadlines(state).acknowledge).toBe(at(10));
    state = tick(state, 10).state;
    expect(state.escalation.level).toBe(3);
    const last = tick(state, 15);
    expect(last.effects).toEqual([{ type: 'remind_update', deadline: 'acknowledge', dueAt: at(15) }]);
    expect(applyEvent(last.state, { type: 'tick', at: at(20) })).toEqual({
      ok: true,
      state: last.state,
      effects: [],
    });
  });

  it('does nothing, and records nothing, before any deadline', () => {
    const state = declare();
    expect(applyEvent(state, { type: 'tick', at: at(4) })).toEqual({ ok: true, state, effects: [] });
  });

  it('reminds each overdue update once, in deadline order, and puts the tick on the timeline', () => {
    const state = seedAfter(8);
    const result = tick(state, 40);
    expect(result.effects).toEqual([
      { type: 'remind_update', deadline: 'internal_update', dueAt: at(25) },
      { type: 'remind_update', deadline: 'external_update', dueAt: at(30) },
      { type: 'remind_update', deadline: 'executive_summary', dueAt: at(32) },
    ]);
    expect(result.state.timeline.at(-1)?.type).toBe('tick');
    expect(getPendingDeadlines(result.state)).toEqual([]);
    expect(tick(result.state, 41).effects).toEqual([]);
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
