// Incidents longer than the points where look-ups switch from a scan to an index kept per array (32 entries for
// updates and reminders, 256 for event ids): ids, branches from older states and deadlines answer what a scan would.
import {
  applyEvent,
  getDeadlines,
  type IncidentEventInput,
  type IncidentState,
  replayIncident,
} from 'incident-kit';
import { describe, expect, it } from 'vitest';
import { declare, seedDeclaration } from './fixtures/incident';

const minute = (n: number) => new Date(Date.parse('2024-01-15T14:21:00Z') + n * 60_000).toISOString();
const note = (n: number, text = `Note ${n}`): IncidentEventInput => ({
  type: 'add_note',
  id: `n${n}`,
  at: minute(n),
  text,
});

function apply(state: IncidentState, event: IncidentEventInput) {
  const result = applyEvent(state, event);
  if (!result.ok) throw result.error;
  return result;
}

describe('an incident longer than the look-up indexes start at', () => {
  it('finds every applied id however long the timeline, on every branch, and nothing from another branch', () => {
    const states: IncidentState[] = [declare()];
    for (let n = 1; n <= 320; n++) states.push(apply(states.at(-1) as IncidentState, note(n)).state);
    const last = states.at(-1) as IncidentState;
    expect(last.timeline.length).toBeGreaterThan(320);
    for (const n of [1, 31, 32, 33, 64, 120, 254, 255, 256, 257, 320]) {
      const again = applyEvent(last, note(n));
      expect(again.ok && again.duplicate).toBe(true);
      const changed = applyEvent(last, note(n, 'Different text'));
      expect(changed.ok ? 'accepted' : changed.error.code).toBe('event_id_conflict');
    }
    // An older state (its timeline shorter than the newest, already indexed) has only its own ids.
    const at60 = states[60] as IncidentState;
    const branchEvent = { ...note(70, 'Branch 70'), at: minute(130) };
    const branch = apply(at60, branchEvent);
    expect(branch.duplicate).toBeFalsy();
    const redelivered = applyEvent(branch.state, branchEvent);
    expect(redelivered.ok && redelivered.duplicate).toBe(true);
    expect(applyEvent(at60, note(10))).toMatchObject({ ok: true, duplicate: true });
    // The newest state is unchanged by the branch: n70 there is still the original.
    expect(applyEvent(last, branchEvent)).toMatchObject({ ok: false, error: { code: 'event_id_conflict' } });
    expect(applyEvent(branch.state, note(70))).toMatchObject({
      ok: false,
      error: { code: 'event_id_conflict' },
    });
    // Growing the branch past the index threshold again keeps both histories apart.
    let grown = branch.state;
    for (let n = 400; n < 640; n++) grown = apply(grown, { ...note(n), at: minute(n) }).state;
    expect(grown.timeline.length).toBeGreaterThan(256);
    const isNew = (result: ReturnType<typeof applyEvent>) => result.ok && result.duplicate !== true;
    expect(isNew(applyEvent(grown, { ...note(100), at: minute(700) }))).toBe(true);
    expect(isNew(applyEvent(last, { ...note(630), at: minute(700) }))).toBe(true);
    expect(applyEvent(grown, { ...note(630), at: minute(700) })).toMatchObject({ ok: true, duplicate: true });
    expect(isNew(applyEvent(grown, { ...note(300), at: minute(700) }))).toBe(true);
  });

  it('replays a long log with redeliveries as a fold of applyEvent does', () => {
    const events: IncidentEventInput[] = [];
    for (let n = 1; n <= 300; n++) {
      events.push(note(n));
      if (n % 7 === 0) events.push(note(n - 3));
    }
    const replayed = replayIncident(seedDeclaration, events);
    let folded = declare();
    for (const event of events) folded = apply(folded, event).state;
    expect(replayed.ok && replayed.state).toEqual(folded);
    const conflicting = replayIncident(seedDeclaration, [...events, note(50, 'Changed')]);
    expect(conflicting).toMatchObject({
      ok: false,
      index: events.length,
      error: { code: 'event_id_conflict' },
    });
  });
});

describe('deadlines of an incident with many updates', () => {
  it('follow the last update of each audience, and the first public one stays the first', () => {
    let state = declare();
    state = apply(state, {
      type: 'acknowledge',
      at: minute(1),
      by: { id: 'jane', name: 'Jane Smith' },
    }).state;
    for (let n = 2; n < 80; n++) {
      const event: IncidentEventInput =
        n % 3 === 0
          ? {
              type: 'post_update',
              at: minute(n),
              audience: 'external',
              publicStatus: 'investigating',
              nextUpdateInMinutes: 45,
            }
          : { type: 'post_update', at: minute(n), audience: 'internal', nextUpdateInMinutes: 20 + (n % 5) };
      state = apply(state, event).state;
      if (n === 40 || n === 79) {
        const lastInternal = n % 3 === 0 ? n - 1 : n;
        const lastExternal = n - (n % 3);
        const deadlines = getDeadlines(state);
        expect(deadlines.internalUpdate).toBe(minute(lastInternal + 20 + (lastInternal % 5)));
        expect(deadlines.externalUpdate).toBe(minute(lastExternal + 45));
      }
    }
  });
});
