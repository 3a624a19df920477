// Laws of the lifecycle over random runs: pages stop whenever an incident ends; reminders never fire for a met
// deadline and keep firing for a missed one up to the cap; a reused event id with other content changes nothing.
import fc from 'fast-check';
import {
  applyEvent,
  createIncident,
  defineSeverityPolicies,
  getDeadlines,
  getPendingDeadlines,
  type IncidentEffect,
  type IncidentEventInput,
  type IncidentState,
  replayIncident,
  type Severity,
} from 'incident-kit';
import { describe, expect, it } from 'vitest';
import { eventForStep, runStepArb, updateRunStepArb } from './arbitraries/events';
import { at, declare, expectReminderInForce, step, T0 } from './fixtures/incident';
import { propertyRuns } from './support/property-runs';

const ENDED = ['resolved', 'postmortem', 'closed', 'cancelled'];
const severityArb = fc.constantFrom<Severity>('SEV1', 'SEV2', 'SEV3', 'SEV4', 'SEV5');

/** Plays random steps, skipping refused events, and calls `check` after every accepted one. */
function play(
  state: IncidentState,
  steps: readonly Parameters<typeof eventForStep>[0][],
  check: (
    before: IncidentState,
    event: IncidentEventInput,
    effects: readonly IncidentEffect[],
    after: IncidentState,
  ) => void,
): IncidentState {
  let current = state;
  for (const runStep of steps) {
    const event = eventForStep(runStep, current);
    if (!event) continue;
    const result = applyEvent(current, event);
    if (!result.ok) continue;
    check(current, event, result.effects, result.state);
    current = result.state;
  }
  return current;
}

describe('paging', () => {
  it('stops whenever an incident ends: a pager driven by the effects alone is never left ringing', () => {
    const seen = { endedWhilePaging: 0, renotified: 0 };
    const runs = propertyRuns(400);
    fc.assert(
      fc.property(severityArb, fc.array(runStepArb, { maxLength: 40 }), (severity, steps) => {
        const state = declare({ id: 'INC-P', title: 'Paging', at: T0, severity });
        let pager = severity !== 'SEV5';
        play(state, steps, (before, event, effects, after) => {
          if (before.escalation.paging && ENDED.includes(after.status)) seen.endedWhilePaging += 1;
          for (const effect of effects) {
            if (effect.type === 'page' && effect.reason === 'renotify') seen.renotified += 1;
            if (effect.type === 'page') pager = true;
            if (effect.type === 'stop_paging') {
              expect(pager).toBe(true);
              pager = false;
            }
          }
          expect(pager).toBe(after.escalation.paging);
          if (ENDED.includes(after.status)) expect(pager, `still paging after ${event.type}`).toBe(false);
        });
      }),
      { numRuns: runs },
    );
    // The runs must actually end incidents while paging, and re-notify, or the law above says little (in 400 runs:
    // more than 40 and 20 times).
    expect(seen.endedWhilePaging).toBeGreaterThan(runs / 10);
    expect(seen.renotified).toBeGreaterThan(runs / 20);
  });
});

/** The audience whose post answers each update deadline. */
const AUDIENCE_OF = {
  internal_update: 'internal',
  external_update: 'external',
  executive_summary: 'executive',
} as const;

/**
 * A check of a reminder that does not ask the library which deadline is in force: a deadline that an update answered
 * (posted when it fell due or later) or a postmortem that was completed is never reminded. Updates posted before a
 * deadline are left to `expectReminderInForce`: such a post moves the deadline, and the new one may fall on the same
 * minute.
 */
function expectNotAnswered(
  before: IncidentState,
  tickAt: string,
  effect: Extract<IncidentEffect, { type: 'remind_update' }>,
): void {
  if (effect.deadline === 'acknowledge') throw new Error('an acknowledgement is paged, not reminded');
  if (effect.deadline === 'postmortem') {
    expect(before.postmortem?.completedAt).toBeUndefined();
    return;
  }
  const audience = AUDIENCE_OF[effect.deadline];
  const answered = before.updates.find(
    (update) => update.audience === audience && update.at >= effect.dueAt && update.at <= tickAt,
  );
  expect(
    answered,
    `${effect.deadline} due ${effect.dueAt} reminded after an update answered it`,
  ).toBeUndefined();
}

describe('update reminders', () => {
  const cadenceArb = fc.record({
    everyMinutes: fc.option(fc.integer({ min: 1, max: 40 }), { nil: null }),
    max: fc.integer({ min: 1, max: 5 }),
  });

  it('never fire for a deadline that was met, and never before a deadline is due', () => {
    const seen = { reminders: 0, repeats: 0, metOnTime: 0, answeredLate: 0 };
    const runs = propertyRuns(300);
    fc.assert(
      fc.property(
        severityArb,
        cadenceArb,
        fc.boolean(),
        // Full-length runs, mostly of updates and ticks: short ones rarely get past the acknowledgement.
        fc.array(fc.oneof(runStepArb, updateRunStepArb), { maxLength: 40, size: 'max' }),
        (severity, cadence, acknowledged, steps) => {
          const policies = defineSeverityPolicies({ [severity]: { updateReminders: cadence } });
          const declared = declare({
            id: 'INC-R',
            title: 'Reminders',
            at: T0,
            severity,
            settings: { policies },
          });
          const state = acknowledged ? step(declared, { type: 'acknowledge', at: at(1) }).state : declared;
          play(state, steps, (before, event, effects, after) => {
            // Runs must meet internal and executive deadlines too (on time and late), or the law says little.
            const posted = after.updates.length > before.updates.length ? after.updates.at(-1) : undefined;
            if (posted && posted.audience !== 'external' && posted.onTime === true) seen.metOnTime += 1;
            if (posted && posted.audience !== 'external' && posted.onTime === false) seen.answeredLate += 1;
            for (const effect of effects) {
              if (effect.type !== 'remind_update') continue;
              seen.reminders += 1;
              if (effect.count > 1) seen.repeats += 1;
              expectReminderInForce(before, event.at, effect);
              expectNotAnswered(before, new Date(event.at).toISOString(), effect);
            }
          });
        },
      ),
      { numRuns: runs },
    );
    // In 300 runs: more than 60 reminders, 10 repeats, 20 updates on time and 10 late.
    expect(seen.reminders).toBeGreaterThan(runs / 5);
    expect(seen.repeats).toBeGreaterThan(runs / 30);
    expect(seen.metOnTime).toBeGreaterThan(runs / 15);
    expect(seen.answeredLate).toBeGreaterThan(runs / 30);
    if (process.env.PROPERTY_STATS) console.log(seen);
  });

  it('keep firing for a missed update on the cadence, exactly up to the cap', () => {
    fc.assert(
      fc.property(
        fc.constantFrom<Severity>('SEV1', 'SEV2', 'SEV3'),
        cadenceArb,
        fc.array(fc.integer({ min: 0, max: 15 }), { minLength: 12, maxLength: 12 }),
        (severity, cadence, lateness) => {
          const policies = defineSeverityPolicies({ [severity]: { updateReminders: cadence } });
          let state = declare({ id: 'INC-M', title: 'Missed', at: T0, severity, settings: { policies } });
          state = step(state, { type: 'acknowledge', at: at(1) }).state;
          const dueAt = getDeadlines(state).internalUpdate as string;
          const sent: { at: string; count: number }[] = [];
          // Nobody posts: tick whenever something is pending (a little late, as real schedulers are).
          for (const late of lateness) {
            const next = getPendingDeadlines(state).find((pending) => pending.deadline === 'internal_update');
            if (!next) break;
            expect(next.dueAt).toBe(dueAt);
            const tickAt = new Date(
              Math.max(Date.parse(next.tickAt), Date.parse(state.lastEventAt)) + late * 60_000,
            );
            const result = step(state, { type: 'tick', at: tickAt.toISOString() });
            for (const effect of result.effects) {
              if (effect.type === 'remind_update' && effect.deadline === 'internal_update')
                sent.push({ at: tickAt.toISOString(), count: effect.count });
            }
            state = result.state;
          }
          const expected = cadence.everyMinutes === null ? 1 : cadence.max;
          expect(sent.map((reminder) => reminder.count)).toEqual(
            Array.from({ length: expected }, (_, i) => i + 1),
          );
          sent.forEach((reminder, index) => {
            const previous = sent[index - 1];
            if (previous && cadence.everyMinutes !== null) {
              expect(Date.parse(reminder.at) - Date.parse(previous.at)).toBeGreaterThanOrEqual(
                cadence.everyMinutes * 60_000,
              );
            }
          });
          expect(getPendingDeadlines(state).some((pending) => pending.deadline === 'internal_update')).toBe(
            false,
          );
        },
      ),
      { numRuns: propertyRuns(300) },
    );
  });
});

describe('event ids', () => {
  it('never change the state when reused for a different event', () => {
    let conflicts = 0;
    const runs = propertyRuns(300);
    fc.assert(
      fc.property(
        severityArb,
        fc.array(runStepArb, { minLength: 1, maxLength: 30 }),
        fc.nat(),
        (severity, steps, pick) => {
          const state = play(declare({ id: 'INC-I', title: 'Ids', at: T0, severity }), steps, () => {});
          const applied = state.timeline.filter((entry) => entry.eventId !== undefined);
          fc.pre(applied.length > 0);
          const entry = applied[pick % applied.length];
          if (!entry?.eventId) return;
          const before = structuredClone(state);
          const conflicting: IncidentEventInput = {
            type: 'add_note',
            at: state.lastEventAt,
            text: `not what ${entry.eventId} said`,
            id: entry.eventId,
          };
          const result = applyEvent(state, conflicting);
          expect(result.ok || result.error.code).toBe('event_id_conflict');
          expect(state).toEqual(before);
          conflicts += 1;
        },
      ),
      { numRuns: runs },
    );
    expect(conflicts).toBeGreaterThan(runs / 3); // more than 100 in 300 runs
  });
});

describe('replayIncident', () => {
  // A replay updates the lists and the state objects it made itself in place (they are seen by nobody until it
  // returns); a fold of applyEvent copies them on every step. Both must give the same incident, effects and refusal.
  it('gives what a fold of applyEvent gives: the same state, effects and first refusal, with ids repeating', () => {
    let refused = 0;
    let duplicates = 0;
    fc.assert(
      fc.property(severityArb, fc.array(runStepArb, { maxLength: 40 }), fc.nat(), (severity, steps, cut) => {
        // Every third event recorded with an id is delivered twice in a row (a redelivery: a duplicate).
        let withId = 0;
        const declaration = { id: 'INC-R', title: 'Replay', at: T0, severity };
        const created = createIncident(declaration);
        if (!created.ok) throw created.error;
        let state = created.state;
        const effects: IncidentEffect[] = [...created.effects];
        const events: IncidentEventInput[] = [];
        let refusal: { index: number; code: string; state: IncidentState } | null = null;
        // Events as the run makes them, up to the first one applyEvent refuses (a replay stops there too).
        for (const runStep of steps.slice(0, 1 + (cut % (steps.length + 1)))) {
          const event = eventForStep(runStep, state);
          if (!event) continue;
          const result = applyEvent(state, event);
          events.push(event);
          if (!result.ok) {
            refusal = { index: events.length - 1, code: result.error.code, state };
            break;
          }
          if (result.duplicate) duplicates += 1;
          effects.push(...result.effects);
          // An event that changed nothing (a tick with nothing due) leaves no id behind to be a duplicate of.
          const recorded = result.state !== state;
          state = result.state;
          if (recorded && event.id !== undefined && withId++ % 3 === 0) {
            const again = applyEvent(state, event);
            events.push(event);
            if (!again.ok || !again.duplicate) throw new Error('a redelivery must be a duplicate');
            duplicates += 1;
          }
        }
        const replay = replayIncident(declaration, events);
        if (refusal) {
          refused += 1;
          expect(replay.ok).toBe(false);
          if (replay.ok) return;
          expect(replay.index).toBe(refusal.index);
          expect(replay.error.code).toBe(refusal.code);
          expect(replay.state).toEqual(refusal.state);
        } else {
          expect(replay.ok).toBe(true);
          if (!replay.ok) return;
          expect(replay.state).toEqual(state);
          expect(replay.effects).toEqual(effects);
          // The replayed state is a state like any other: a further step leaves it as it was.
          const copy = structuredClone(replay.state);
          applyEvent(replay.state, { type: 'add_note', at: replay.state.lastEventAt, text: 'after' });
          expect(replay.state).toEqual(copy);
        }
      }),
      { numRuns: propertyRuns(1500) },
    );
    // The runs reach both endings and repeat ids.
    expect(refused).toBeGreaterThan(0);
    expect(duplicates).toBeGreaterThan(0);
  });
});
