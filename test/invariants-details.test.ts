// Each invariant of a stored state, broken on its own in an otherwise sound state, is reported in its own words and
// nothing else is: restore names exactly what is wrong (src/lifecycle/invariants.ts). Mutation testing showed the
// broad tests (random states, "restore refuses this") let most single checks and their messages change unseen.
import { createIncident, type IncidentState } from 'incident-kit';
import { describe, expect, it } from 'vitest';
import { checkIncidentInvariants } from '../src/lifecycle/invariants';
import { at, declare, seedAfter, seedAt, step } from './fixtures/incident';

/** A state as plain, writable data (a stored incident someone edited). */
type Edited = {
  -readonly [K in keyof IncidentState]: IncidentState[K] extends readonly (infer T)[]
    ? { -readonly [P in keyof T]: T[P] }[]
    : IncidentState[K] extends object
      ? { -readonly [P in keyof IncidentState[K]]: IncidentState[K][P] }
      : IncidentState[K];
};

/** The problems found in a copy of `state` changed by `change`. */
function problemsAfter(state: IncidentState, change: (edited: Edited) => void): string[] {
  const copy = structuredClone(state) as unknown as Edited;
  change(copy);
  return checkIncidentInvariants(copy as unknown as IncidentState);
}

const declared = declare();
const triaged = seedAfter(3); // declared, acknowledged 14:22, triage 14:23
const assessed = seedAfter(4);
const withSeverities = [
  { type: 'set_severity', at: at(1), severity: 'SEV1' },
  { type: 'set_severity', at: at(2), severity: 'SEV3', reason: 'Contained' },
].reduce((state, event) => step(state, event as never).state, declare());
const resolved = seedAt('resolve');
const closed = seedAt('close');
const withIds = [
  { type: 'add_note', at: at(1), id: 'a', text: 'one' },
  { type: 'add_note', at: at(2), id: 'b', text: 'two' },
].reduce((state, event) => step(state, event as never).state, declare());
const cancelled = step(declared, { type: 'cancel', at: at(1), reason: 'false_alarm' }).state;
// The commander may also act as a subject-matter expert: no conflict, whatever the level's policy says.
const commanderAsExpert = [
  { type: 'assign_role', at: at(1), role: 'incident_commander', person: { id: 'jane', name: 'Jane' } },
  { type: 'assign_role', at: at(2), role: 'subject_matter_expert', person: { id: 'jane', name: 'Jane' } },
].reduce((state, event) => step(state, event as never).state, declare());

describe('checkIncidentInvariants, one broken rule at a time', () => {
  it('holds the fixtures sound', () => {
    for (const state of [
      declared,
      triaged,
      assessed,
      withSeverities,
      resolved,
      closed,
      withIds,
      cancelled,
      commanderAsExpert,
    ])
      expect(checkIncidentInvariants(state)).toEqual([]);
    expect(withSeverities.severityHistory.map((entry) => `${entry.severity} ${entry.change}`)).toEqual([
      'SEV2 initial',
      'SEV1 upgrade',
      'SEV3 downgrade',
    ]);
  });

  it.each<[string, IncidentState, (edited: Edited) => void, string[]]>([
    [
      'a timeline entry numbered out of turn',
      triaged,
      (s) => {
        (s.timeline[2] as { seq: number }).seq = 9;
      },
      ['timeline[2].seq is 9, expected 3'],
    ],
    [
      'a timeline entry earlier than the one before',
      assessed,
      (s) => {
        (s.timeline[2] as { at: string }).at = at(1);
      },
      ['timeline[2] is earlier than the entry before it'],
    ],
    [
      'a timeline that starts with another event',
      triaged,
      (s) => {
        (s.timeline[0] as { type: string }).type = 'acknowledge';
      },
      ['timeline does not start with the declaration at detectedAt'],
    ],
    [
      'a declaration at another time than detectedAt',
      triaged,
      (s) => {
        (s.timeline[0] as { at: string }).at = at(1);
      },
      ['timeline does not start with the declaration at detectedAt'],
    ],
    [
      'an empty timeline',
      declared,
      (s) => {
        s.timeline = [];
      },
      [
        'timeline does not start with the declaration at detectedAt',
        'lastEventAt is not the time of the last timeline entry',
      ],
    ],
    [
      'lastEventAt after the last entry',
      triaged,
      (s) => {
        s.lastEventAt = at(100);
      },
      ['lastEventAt is not the time of the last timeline entry'],
    ],
    [
      'a severity history that does not start with the initial level',
      withSeverities,
      (s) => {
        (s.severityHistory[0] as { change: string }).change = 'upgrade';
      },
      ['severityHistory[0] is not the initial severity'],
    ],
    [
      'a severity change earlier than the one before',
      withSeverities,
      (s) => {
        (s.severityHistory[1] as { at: string }).at = '2024-01-15T14:19:00.000Z';
      },
      ['severityHistory[1] is earlier than the entry before it'],
    ],
    [
      'an upgrade labelled a downgrade',
      withSeverities,
      (s) => {
        (s.severityHistory[1] as { change: string }).change = 'downgrade';
      },
      ['severityHistory[1] says downgrade, but it is upgrade'],
    ],
    [
      'a downgrade labelled an upgrade',
      withSeverities,
      (s) => {
        (s.severityHistory[2] as { change: string }).change = 'upgrade';
      },
      ['severityHistory[2] says upgrade, but it is downgrade'],
    ],
    [
      'a change to the same level labelled an upgrade',
      withSeverities,
      (s) => {
        (s.severityHistory[1] as { severity: string }).severity = 'SEV2';
      },
      ['severityHistory[1] says upgrade, but it is no change'],
    ],
    [
      'a severity other than the history ends at',
      withSeverities,
      (s) => {
        s.severity = 'SEV4';
      },
      ['severity differs from the last severityHistory entry'],
    ],
    [
      'acknowledged before it was detected',
      triaged,
      (s) => {
        s.milestones.acknowledgedAt = '2024-01-15T14:19:00.000Z';
      },
      [
        'acknowledgedAt is earlier than detectedAt',
        'milestones.acknowledgedAt is 2024-01-15T14:19:00.000Z, but the timeline says 2024-01-15T14:22:00.000Z',
      ],
    ],
    [
      'triaged before it was acknowledged',
      triaged,
      (s) => {
        s.milestones.triagedAt = at(1);
      },
      ['triagedAt is earlier than acknowledgedAt'],
    ],
    [
      'an acknowledgement on an incident still detected',
      declared,
      (s) => {
        s.milestones.acknowledgedAt = at(1);
      },
      [
        'status detected but acknowledgedAt does not match',
        'milestones.acknowledgedAt is 2024-01-15T14:21:00.000Z, but the timeline says unset',
      ],
    ],
    [
      'an acknowledged incident without acknowledgedAt',
      seedAfter(1),
      (s) => {
        delete s.milestones.acknowledgedAt;
      },
      [
        'status acknowledged but acknowledgedAt does not match',
        'milestones.acknowledgedAt is unset, but the timeline says 2024-01-15T14:22:00.000Z',
      ],
    ],
    [
      'triaged but never acknowledged',
      declared,
      (s) => {
        s.milestones.triagedAt = at(1);
      },
      ['triagedAt is set but the incident was never acknowledged'],
    ],
    [
      'a live page on a closed incident',
      closed,
      (s) => {
        s.escalation = { ...s.escalation, paging: true, level: 1 };
      },
      ['status closed but a page is still live'],
    ],
    [
      'a resolved incident without its resolution',
      resolved,
      (s) => {
        s.resolution = null;
      },
      ['status resolved but no resolution is recorded'],
    ],
    [
      'a resolution on an incident still open',
      seedAt('mark_mitigated'),
      (s) => {
        s.resolution = structuredClone(resolved.resolution);
      },
      ['status monitoring but a resolution is recorded'],
    ],
    [
      'a cancelled incident without its cancellation',
      cancelled,
      (s) => {
        s.cancellation = null;
      },
      ['status cancelled but cancellation does not match'],
    ],
    [
      'a cancellation on an incident still open',
      triaged,
      (s) => {
        s.cancellation = structuredClone(cancelled.cancellation);
      },
      [
        'status triaging but cancellation does not match',
        `cancellation.at is ${at(1)}, but cancelledAt is unset`,
      ],
    ],
    [
      'a cancellation at another time than cancelledAt',
      cancelled,
      (s) => {
        s.cancellation = { ...(s.cancellation as NonNullable<IncidentState['cancellation']>), at: at(30) };
      },
      [`cancellation.at is ${at(30)}, but cancelledAt is ${at(1)}`],
    ],
    [
      'a closed incident without closedAt',
      closed,
      (s) => {
        delete s.milestones.closedAt;
      },
      [
        'status closed but closedAt does not match',
        'milestones.closedAt is unset, but the timeline says 2024-01-18T14:25:00.000Z',
      ],
    ],
    [
      'a postmortem status without a postmortem',
      seedAt('start_postmortem'),
      (s) => {
        s.postmortem = null;
      },
      ['status postmortem but no postmortem is recorded'],
    ],
    [
      'a digest without an event id',
      withIds,
      (s) => {
        delete (s.timeline[1] as { eventId?: string }).eventId;
      },
      ['timeline entry 2 has a digest but no eventId'],
    ],
    [
      'an event id used twice',
      withIds,
      (s) => {
        (s.timeline[2] as { eventId: string }).eventId = 'a';
      },
      ['event id "a" appears twice on the timeline'],
    ],
    [
      'a second declaration',
      triaged,
      (s) => {
        (s.timeline[2] as { type: string }).type = 'declared';
      },
      ['timeline[2] is a second declaration'],
    ],
    [
      'an event the status did not accept',
      declared,
      (s) => {
        s.timeline.push({ seq: 2, at: at(1), type: 'close', summary: 'Closed' });
        s.lastEventAt = at(1);
      },
      ['timeline[1] is a close, which is not accepted while detected'],
    ],
    [
      'two holders of a single-holder role',
      seedAt('assign_role'),
      (s) => {
        s.roles.push({ ...(s.roles[0] as IncidentState['roles'][number]), person: { id: 'x', name: 'X' } });
      },
      ['role conflict: {"code":"multiple_holders","role":"incident_commander","personIds":["jane","x"]}'],
    ],
  ])('reports %s, and nothing else', (_, state, change, expected) => {
    expect(checkIncidentInvariants(state)).toEqual([]);
    expect(problemsAfter(state, change)).toEqual(expected);
  });

  it('reports a role the escalation policy (and the policies) need that the catalog lacks', () => {
    const created = createIncident({
      id: 'INC-1',
      title: 'Auth down',
      at: '2024-01-02T10:00:00Z',
      severity: 'SEV2',
      settings: {
        escalationPolicy: {
          id: 'p',
          levels: [
            { delayMinutes: 5, targets: [{ type: 'person', person: { id: 'jane', name: 'Jane' } }] },
            { delayMinutes: 5, targets: [{ type: 'role', role: 'communications_lead' }] },
          ],
        },
      },
    });
    if (!created.ok) throw created.error;
    expect(checkIncidentInvariants(created.state)).toEqual([]);
    expect(
      problemsAfter(created.state, (s) => {
        s.settings = {
          ...s.settings,
          roleCatalog: s.settings.roleCatalog.filter((role) => role.id !== 'communications_lead'),
        };
      }),
    ).toEqual([
      'the SEV1 policy requires role "communications_lead", which the role catalog lacks',
      'the SEV2 policy requires role "communications_lead", which the role catalog lacks',
      'the escalation policy pages role "communications_lead", which the role catalog lacks',
    ]);
  });
});
