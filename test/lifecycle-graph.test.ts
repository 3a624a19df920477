import { readFileSync } from 'node:fs';
import {
  EVENT_TYPES,
  INCIDENT_STATUSES,
  type IncidentEmitted,
  type IncidentEvent,
  type IncidentState,
  type IncidentStatus,
  incidentMachine,
  TRANSITIONS,
} from 'incident-kit';
import { describe, expect, it } from 'vitest';
import { createActor } from 'xstate';
import { getShortestPaths } from 'xstate/graph';
import { DOC, generatedSections } from '../scripts/lifecycle-doc';
import { sampleEvent } from './arbitraries/events';
import { declare, T0 } from './fixtures/incident';
import { sam } from './fixtures/seed';

// A SEV3 (postmortem optional) declared by Sam, so every edge of the table can be taken, close from resolved too.
const declared = declare({ id: 'INC-G', title: 'Graph walk', at: T0, severity: 'SEV3', by: sam });

// A status, and whether a mitigation was started: the shortest way into mitigating is now resolve-from-detected
// then reopen, which starts none, and record_mitigation_outcome needs one.
const paths = getShortestPaths(incidentMachine, {
  input: declared,
  events: (snapshot) => EVENT_TYPES.map((type) => sampleEvent(type, snapshot.context) as IncidentEvent),
  serializeState: (snapshot) =>
    `${String(snapshot.value)}${snapshot.context.mitigations.length > 0 ? '+m' : ''}`,
});

/** The state at the end of a shortest path to `status`, one with a mitigation started where there is one. */
function reach(status: IncidentStatus): IncidentState {
  const candidates = paths.filter((candidate) => String(candidate.state.value) === status);
  const path =
    candidates.find((candidate) => candidate.state.context.mitigations.length > 0) ?? candidates[0];
  if (!path) throw new Error(`no path to ${status}`);
  return path.state.context;
}

function sendTo(state: IncidentState, event: ReturnType<typeof sampleEvent>) {
  const actor = createActor(incidentMachine, {
    snapshot: incidentMachine.resolveState({ value: state.status, context: state }),
    input: state,
  });
  const emitted: IncidentEmitted[] = [];
  actor.on('*', (item) => emitted.push(item));
  actor.start();
  actor.send(event as IncidentEvent);
  const snapshot = actor.getSnapshot();
  actor.stop();
  return { snapshot, emitted };
}

describe('incidentMachine', () => {
  it('has exactly the statuses of the table, each accepting exactly the table events', () => {
    expect(Object.keys(incidentMachine.states)).toEqual([...INCIDENT_STATUSES]);
    for (const status of INCIDENT_STATUSES) {
      const events = [...(incidentMachine.states[status]?.transitions.keys() ?? [])];
      expect(events.sort()).toEqual(Object.keys(TRANSITIONS[status]).sort());
    }
  });

  it('reaches every status from a declaration (xstate/graph shortest paths)', () => {
    expect([...new Set(paths.map((path) => String(path.state.value)))].sort()).toEqual(
      [...INCIDENT_STATUSES].sort(),
    );
  });

  const edges = INCIDENT_STATUSES.flatMap((status) =>
    Object.entries(TRANSITIONS[status]).map(([type, target]) => [status, type, target ?? status] as const),
  );

  it.each(edges)('takes %s --%s--> %s', (status, type, target) => {
    const state = reach(status);
    const { snapshot, emitted } = sendTo(state, sampleEvent(type as never, state));
    expect(emitted.filter((item) => item.type === 'rejected')).toEqual([]);
    expect(snapshot.value).toBe(target);
    expect(snapshot.context.status).toBe(target);
  });

  const refused = INCIDENT_STATUSES.flatMap((status) =>
    EVENT_TYPES.filter((type) => !(type in TRANSITIONS[status])).map((type) => [status, type] as const),
  );

  it('exercises every edge of the table and refuses every other (status, event) pair', () => {
    expect(edges.length + refused.length).toBe(INCIDENT_STATUSES.length * EVENT_TYPES.length);
    for (const [status, type] of refused) {
      const state = reach(status);
      const { snapshot, emitted } = sendTo(state, sampleEvent(type, state));
      expect(snapshot.context).toBe(state);
      expect(emitted).toHaveLength(1);
      expect(emitted[0]).toMatchObject({ type: 'rejected', error: { code: 'transition_not_allowed' } });
    }
  });
});

describe('docs/lifecycle.md', () => {
  it('shows the diagram and table generated from the machine (npx tsx scripts/lifecycle-doc.ts)', () => {
    const doc = readFileSync(DOC, 'utf8');
    for (const [name, body] of Object.entries(generatedSections())) {
      expect(doc, `section ${name}`).toContain(
        `<!-- generated:${name} -->\n${body}\n<!-- /generated:${name} -->`,
      );
    }
  });
});
