// The words of the state checks every function shares (src/lifecycle/state-guard.ts): a contradicting state lists
// its first ten problems and counts the rest, a status or a state of the wrong kind is named as the argument it is.
import { getAllowedEvents, getIncidentPolicy, INCIDENT_STATUSES, validateIncidentState } from 'incident-kit';
import { describe, expect, it } from 'vitest';
import { checkIncidentInvariants } from '../src/lifecycle/invariants';
import { declare, seedAfter, seedEvents } from './fixtures/incident';

const closed = seedAfter(seedEvents.length);

describe('validateIncidentState', () => {
  it('names the incident state in a schema refusal', () => {
    const result = validateIncidentState({});
    expect(result.ok || result.error.message).toMatch(/^Invalid incident state:\n/);
  });

  it('lists one contradiction in full', () => {
    const edited = { ...structuredClone(closed), lastEventAt: '2030-01-01T00:00:00.000Z' };
    const result = validateIncidentState(edited);
    expect(result.ok || result.error).toMatchObject({
      code: 'inconsistent_state',
      message:
        'The incident state contradicts itself: lastEventAt is not the time of the last timeline entry',
      input: edited,
      details: { problems: ['lastEventAt is not the time of the last timeline entry'] },
    });
  });

  it('lists the first ten of many contradictions and counts the rest', () => {
    // Every timeline entry after the declaration renumbered: one problem each, and more.
    const edited = structuredClone(closed);
    for (const entry of edited.timeline.slice(1)) (entry as { seq: number }).seq += 100;
    const problems = checkIncidentInvariants(edited);
    expect(problems.length).toBeGreaterThan(12);
    const result = validateIncidentState(edited);
    expect(result.ok || result.error.message).toBe(
      `The incident state contradicts itself: ${problems.slice(0, 10).join('; ')}; and ${problems.length - 10} more`,
    );
    expect(result.ok || result.error.details).toEqual({ problems });
  });
});

describe('arguments that are not states', () => {
  it('names a status that is not one, with the statuses there are', () => {
    for (const status of ['bogus', 5, undefined]) {
      expect(() => getAllowedEvents({ status } as never)).toThrow(
        `Invalid state.status: expected one of ${INCIDENT_STATUSES.join(', ')}, got ${status === undefined ? 'undefined' : JSON.stringify(status)}`,
      );
    }
  });

  it('names a state argument that is not an object', () => {
    expect(() => getIncidentPolicy(5 as never)).toThrow('Invalid state: expected an incident state, got 5');
    expect(
      getIncidentPolicy({ severity: declare().severity, settings: declare().settings }).ackWithinMinutes,
    ).toBe(getIncidentPolicy(declare()).ackWithinMinutes);
  });
});
