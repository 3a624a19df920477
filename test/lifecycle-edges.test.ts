// Edges of the channel name and the XState machine that the lifecycle's mutation run left unpinned: the length
// limit and the word-boundary cut to the character, a prefix that slugifies to nothing, and the machine's own
// reports (declaration effects on start, a refused event, a redelivery) with the words of its refusals.
import {
  applyEvent,
  createIncidentActor,
  IncidentStateSchema,
  incidentChannelName,
  incidentMachine,
  incidentSnapshot,
} from 'incident-kit';
import { slugify } from 'incident-kit/text';
import { describe, expect, it } from 'vitest';
import { createActor } from 'xstate';
import { declarationEffects } from '../src/lifecycle/create-incident';
import { copyOfState } from '../src/lifecycle/incident-state';
import { at, declare } from './fixtures/incident';

const DATE = '2024-01-15T14:20:00Z';
/** `incident-2024-01-15-` is 20 characters: the words after it take the other 60. */
const HEAD = 'incident-2024-01-15-';

describe('incidentChannelName', () => {
  it('keeps a name of exactly 80 characters, and cuts one of 81', () => {
    const exact = 'a'.repeat(80 - HEAD.length);
    expect(incidentChannelName({ date: DATE, title: exact })).toBe(`${HEAD}${exact}`);
    expect(incidentChannelName({ date: DATE, title: `${exact}b` })).toBe(`${HEAD}${exact}`);
  });

  it('cuts at the last word boundary when it falls in the last 20 characters, and hard otherwise', () => {
    // A boundary at character 60 (the earliest that counts) and one at 59.
    const at60 = `${'a'.repeat(60 - HEAD.length)} ${'b'.repeat(40)}`;
    expect(incidentChannelName({ date: DATE, title: at60 })).toBe(`${HEAD}${'a'.repeat(60 - HEAD.length)}`);
    const at59 = `${'a'.repeat(59 - HEAD.length)} ${'b'.repeat(40)}`;
    expect(incidentChannelName({ date: DATE, title: at59 })).toBe(
      `${HEAD}${'a'.repeat(59 - HEAD.length)}-${'b'.repeat(20)}`,
    );
  });

  it('uses the default prefix when the given one has no letters or digits, and cuts a long one to 40', () => {
    expect(incidentChannelName({ date: DATE, title: 'Auth down', prefix: '!!!' })).toBe(
      'incident-2024-01-15-auth-down',
    );
    expect(incidentChannelName({ date: DATE, title: 'x', prefix: 'p'.repeat(50) })).toBe(
      `${'p'.repeat(40)}-2024-01-15-x`,
    );
    expect(incidentChannelName({ date: DATE, slug: '!!!' })).toBe('incident-2024-01-15');
  });

  it('names its input and the text it slugifies in refusals', () => {
    expect(() => incidentChannelName({ date: DATE } as never)).toThrow(/^Invalid channel name input:\n/);
    expect(() => slugify(5 as never)).toThrow('Invalid text: expected a string, got 5');
  });
});

describe('incidentMachine', () => {
  it('announces a new incident on start, reports a refused event and a redelivery', () => {
    const state = declare();
    const actor = createActor(incidentMachine, { input: state });
    const emitted: { type: string; eventId?: string }[] = [];
    actor.on('*', (event) => emitted.push(event as { type: string }));
    actor.start();
    expect(emitted).toEqual(declarationEffects(state));
    expect(emitted.map((event) => event.type)).toEqual(['page', 'page_additional_responders']);
    actor.send({ type: 'add_note', at: at(1), text: 'Looking', id: 'n1' } as never);
    actor.send({ type: 'add_note', at: at(2), text: 'Looking', id: 'n1' } as never);
    actor.send({ type: 'close', at: at(3) } as never);
    expect(emitted.slice(2)).toMatchObject([{ type: 'duplicate', eventId: 'n1' }, { type: 'rejected' }]);
    expect(actor.getSnapshot().context.timeline).toHaveLength(2);
  });

  it('names the state or input it refuses', () => {
    expect(() => incidentSnapshot({} as never)).toThrow(/^Invalid state:\n/);
    const actor = createActor(incidentMachine, { input: {} as never });
    const errors: unknown[] = [];
    actor.subscribe({ error: (error) => errors.push(error) });
    actor.start();
    expect(String((errors[0] as Error | undefined)?.message)).toMatch(/^Invalid input:\n/);
  });
});

describe('copyOfState (the copy a step makes of the state it is given)', () => {
  it('copies every field of the schema, in its order, and nothing else', () => {
    const state = declare();
    const copy = copyOfState(state);
    expect(copy).not.toBe(state);
    expect(Object.keys(copy)).toEqual(Object.keys(IncidentStateSchema.shape));
    expect(copy).toStrictEqual({ ...state });
  });

  it('leaves the state a step was given as it was, in the actor and in applyEvent', () => {
    const state = declare();
    const before = structuredClone(state);
    const stepped = applyEvent(state, { type: 'acknowledge', at: at(5) });
    expect(stepped.ok && stepped.state.status).toBe('acknowledged');
    expect(state).toStrictEqual(before);
    const actor = createIncidentActor({ state }).start();
    const first = actor.getState();
    const copy = structuredClone(first);
    expect(actor.send({ type: 'acknowledge', at: at(5) }).ok).toBe(true);
    expect(actor.send({ type: 'resolve', at: at(9), summary: 'Rolled back' }).ok).toBe(true);
    expect(first).toStrictEqual(copy);
    expect(actor.getState().status).toBe('resolved');
    actor.stop();
  });
});
