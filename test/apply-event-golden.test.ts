// Every event type with and without each optional field, every refusal, escalation at and past the last level,
// reopening, resolving before acknowledgement, ids with implied steps, a custom role catalog and replay's inputs,
// stepped with applyEvent and compared with test/fixtures/golden/apply-event.json: per step, what changed in the
// state (appended items, new values), the effects and the timeline entry, or the refusal's code, words and details.
// Written after the mutation run of apply-event.ts (76.7%): the other tests check statuses, deadlines and
// invariants over random runs, not every timeline sentence, optional field and refusal detail.
// After an intended change: UPDATE_GOLDEN=1 npx vitest run test/apply-event-golden.test.ts, then npm run format,
// then read the diff of the JSON file.
import { readFileSync, writeFileSync } from 'node:fs';
import {
  applyEvent,
  DEFAULT_ROLE_CATALOG,
  defineSeverityPolicies,
  type IncidentDeclaration,
  type IncidentEventInput,
  type IncidentState,
  replayIncident,
} from 'incident-kit';
import { describe, expect, it } from 'vitest';
import { at, declare, T0 } from './fixtures/incident';
import { jane, ola, sam } from './fixtures/seed';

const GOLDEN = 'test/fixtures/golden/apply-event.json';

/** Written so that a field present as `undefined` differs from a missing one. */
function plain(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value, (_key, item) => (item === undefined ? '<undefined>' : item)));
}

/** What a step changed (in content): for a list that grew, the items appended; for anything else, the new value. */
function delta(before: IncidentState, after: IncidentState): Record<string, unknown> {
  const changed: Record<string, unknown> = {};
  for (const key of Object.keys(after) as (keyof IncidentState)[]) {
    const was = before[key] as unknown;
    const now = after[key] as unknown;
    if (key === 'timeline' || key === 'lastEventAt' || JSON.stringify(was) === JSON.stringify(now)) continue;
    changed[key] =
      Array.isArray(was) &&
      Array.isArray(now) &&
      now.length > was.length &&
      was.every((item, i) => item === now[i])
        ? { appended: now.slice(was.length) }
        : now;
  }
  for (const key of Object.keys(before)) if (!(key in after)) changed[key] = '<removed>';
  return changed;
}

/** Steps `events` from `declaration`, recording each step; a refused event leaves the state as it was. */
function record(declaration: IncidentDeclaration, events: readonly IncidentEventInput[]): unknown[] {
  let state = declare(declaration);
  return events.map((event) => {
    const before = JSON.stringify(state);
    const result = applyEvent(state, event);
    if (!result.ok) {
      expect(JSON.stringify(state)).toBe(before);
      const { code, message, details } = result.error;
      return plain({ event: event.type, refused: { code, message, details } });
    }
    const entry = result.state.timeline.length > state.timeline.length ? result.state.timeline.at(-1) : null;
    const step = plain({
      event: event.type,
      ...(result.duplicate ? { duplicate: true } : {}),
      changed: delta(state, result.state),
      effects: result.effects,
      timeline: entry,
    });
    state = result.state;
    return step;
  });
}

const sev = (severity: IncidentDeclaration['severity'], extra: Partial<IncidentDeclaration> = {}) =>
  ({ id: 'INC-G', title: 'Golden', at: T0, severity, ...extra }) as IncidentDeclaration;

const runs: Record<string, [IncidentDeclaration, IncidentEventInput[]]> = {
  'every event, with its optional fields': [
    sev('SEV2'),
    [
      {
        type: 'post_update',
        at: at(1),
        by: sam,
        audience: 'external',
        publicStatus: 'investigating',
        message: 'Looking',
      },
      { type: 'set_severity', at: at(2), by: jane, severity: 'SEV1', reason: 'Checkout down' },
      { type: 'acknowledge', at: at(3), by: jane },
      { type: 'start_triage', at: at(3), by: jane },
      { type: 'assign_role', at: at(4), by: sam, role: 'incident_commander', person: jane },
      { type: 'assign_role', at: at(4), role: 'incident_commander', person: ola },
      { type: 'assign_role', at: at(4), role: 'incident_commander', person: jane },
      { type: 'assign_role', at: at(4), role: 'stakeholder', person: ola },
      { type: 'assign_role', at: at(4), role: 'communications_lead', person: sam },
      {
        type: 'hand_off_role',
        at: at(5),
        by: jane,
        role: 'communications_lead',
        to: ola,
        from: 'sam',
        note: 'Shift',
      },
      { type: 'hand_off_role', at: at(6), role: 'communications_lead', to: sam },
      { type: 'release_role', at: at(7), by: jane, role: 'communications_lead', personId: 'sam' },
      { type: 'assign_role', at: at(7), role: 'scribe', person: ola },
      { type: 'release_role', at: at(7), role: 'scribe', personId: 'ola' },
      {
        type: 'start_mitigation',
        at: at(8),
        by: ola,
        mitigationId: 'rb',
        kind: 'rollback',
        description: 'Roll back',
      },
      { type: 'start_mitigation', at: at(8), kind: 'scale_up', description: 'Add workers' },
      {
        type: 'record_mitigation_outcome',
        at: at(9),
        by: ola,
        mitigationId: 'rb',
        outcome: 'failed',
        note: 'No change',
      },
      { type: 'record_mitigation_outcome', at: at(9), mitigationId: 'm2', outcome: 'succeeded' },
      {
        type: 'post_update',
        at: at(10),
        by: jane,
        audience: 'internal',
        message: 'Scaling',
        nextUpdateInMinutes: 10,
      },
      { type: 'post_update', at: at(11), audience: 'executive' },
      { type: 'tick', at: at(40) },
      { type: 'tick', at: at(45) },
      { type: 'set_severity', at: at(46), severity: 'SEV1', reason: 'Still down' },
      { type: 'set_severity', at: at(46), severity: 'SEV1' },
      { type: 'set_severity', at: at(47), by: jane, severity: 'SEV2', reason: 'Half recovered' },
      { type: 'add_note', at: at(48), text: 'Watching the queue' },
      { type: 'mark_mitigated', at: at(50), by: jane, summary: 'Errors at baseline' },
      { type: 'post_update', at: at(51), audience: 'external', publicStatus: 'resolved' },
      { type: 'post_update', at: at(52), audience: 'internal' },
      {
        type: 'resolve',
        at: at(55),
        by: jane,
        summary: 'Fixed',
        rootCause: 'Bad deploy',
        fix: 'Rolled forward',
        dataLoss: 'none',
      },
      { type: 'reopen', at: at(60), by: jane, reason: 'Errors are back' },
      { type: 'tick', at: at(65) }, // the status page still says resolved: a post saying otherwise is due
      { type: 'post_update', at: at(66), audience: 'external', publicStatus: 'investigating' },
      { type: 'mark_mitigated', at: at(62 + 5) },
      { type: 'resolve', at: at(70), kind: 'self_healed' }, // owes the resolved post again
      { type: 'start_postmortem', at: at(100), by: jane, owner: jane },
      {
        type: 'complete_postmortem',
        at: at(200),
        by: jane,
        link: 'https://wiki.example.com/pm/1',
        actionItems: [],
      },
      { type: 'close', at: at(201), by: jane },
      { type: 'add_note', at: at(202), text: 'Too late' },
    ],
  ],
  refusals: [
    sev('SEV2'),
    [
      { type: 'acknowledge', at: at(3), id: 'ack-1' },
      { type: 'acknowledge', at: at(3), id: 'ack-1' },
      { type: 'add_note', at: at(4), id: 'ack-1', text: 'Reused id' },
      { type: 'add_note', at: at(2), text: 'Before the last event' },
      { type: 'close', at: at(4) },
      { type: 'set_severity', at: at(4), severity: 'SEV3' },
      {
        type: 'start_mitigation',
        at: at(5),
        id: 'mit-1',
        mitigationId: 'm2',
        kind: 'rollback',
        description: 'Roll back',
      },
      {
        type: 'start_mitigation',
        at: at(5),
        mitigationId: 'm2',
        kind: 'rollback',
        description: 'Roll back again',
      },
      {
        type: 'start_mitigation',
        at: at(5),
        kind: 'scale_up',
        description: 'Numbered m3, as m2 is taken',
      },
      { type: 'record_mitigation_outcome', at: at(6), mitigationId: 'nope', outcome: 'failed' },
      { type: 'merge', at: at(6), into: 'INC-G' },
      { type: 'mark_mitigated', at: at(10) },
      { type: 'reopen', at: at(10 + 24 * 60 + 1), reason: 'Too late' },
      { type: 'resolve', at: at(20), summary: 'Fixed' },
      { type: 'close', at: at(21) },
      { type: 'reopen', at: at(20 + 24 * 60 + 1), reason: 'Too late' },
      { type: 'reopen', at: at(20 + 24 * 60), reason: 'Just in time' },
      { type: 'bogus', at: at(21 + 24 * 60) } as never,
      { type: 'acknowledge', at: 'soon' },
    ],
  ],
  'paging past the last level when the policy re-notifies nobody': [
    sev('SEV2', {
      settings: {
        policies: defineSeverityPolicies({ SEV2: { renotifyEveryMinutes: null } }),
        maxEscalationLevel: 2,
      },
    }),
    [
      { type: 'tick', at: at(5) },
      { type: 'tick', at: at(30) },
      { type: 'escalate', at: at(31), reason: 'manual' },
      { type: 'escalate', at: at(32), reason: 'ack_timeout' },
      { type: 'acknowledge', at: at(33) },
    ],
  ],
  'an escalation policy that ends: a person asking pages its last level again': [
    sev('SEV2', {
      settings: {
        escalationPolicy: {
          id: 'two-levels',
          levels: [
            { delayMinutes: 5, targets: [{ type: 'person', person: jane }] },
            { delayMinutes: 5, targets: [{ type: 'person', person: sam }] },
          ],
        },
      },
    }),
    [
      { type: 'tick', at: at(5) },
      { type: 'tick', at: at(10) },
      { type: 'escalate', at: at(11), reason: 'manual' },
      { type: 'escalate', at: at(12), reason: 'ack_timeout' },
    ],
  ],
  'paging up the levels, re-notifying, and paging again on reopening': [
    sev('SEV2'),
    [
      { type: 'escalate', at: at(1), reason: 'ack_timeout' },
      { type: 'tick', at: at(6) },
      { type: 'tick', at: at(11) },
      { type: 'tick', at: at(16) },
      { type: 'acknowledge', at: at(17), by: sam },
      { type: 'mark_mitigated', at: at(18), summary: 'Rolled back' },
      { type: 'reopen', at: at(19), reason: 'Back' },
      { type: 'acknowledge', at: at(20) },
      { type: 'resolve', at: at(21), kind: 'resolved_at_source' },
    ],
  ],
  'a public post before acknowledgement, then resolved at once': [
    sev('SEV2'),
    [
      { type: 'post_update', at: at(1), audience: 'external', publicStatus: 'investigating' },
      { type: 'resolve', at: at(2), summary: 'False start' },
    ],
  ],
  'a SEV5 (nobody paged) raised to SEV3, lowered to SEV4, then assessed as SEV1': [
    sev('SEV5'),
    [
      { type: 'set_severity', at: at(1), severity: 'SEV3', reason: 'Users notice' },
      { type: 'acknowledge', at: at(2) },
      { type: 'set_severity', at: at(3), severity: 'SEV4', reason: 'Fewer users' },
      { type: 'post_update', at: at(4), audience: 'internal' },
      {
        type: 'assess_impact',
        at: at(5),
        impact: { usersAffectedPercent: 60, degradation: 'full_outage', coreFeatureAffected: true },
      },
      { type: 'resolve', at: at(6), summary: 'Fixed' },
    ],
  ],
  'ids and implied steps': [
    sev('SEV3'),
    [
      { type: 'acknowledge', at: at(1), id: 'e1', by: jane },
      { type: 'mark_mitigated', at: at(2), id: 'e2', by: jane, summary: 'Restarted' },
      { type: 'reopen', at: at(3), id: 'e3', reason: 'Back' },
      { type: 'set_severity', at: at(4), id: 'e4', severity: 'SEV2' },
      { type: 'cancel', at: at(5), id: 'e5', reason: 'duplicate', note: 'Same as INC-1' },
    ],
  ],
  'cancelled without a note, and merged': [
    sev('SEV3'),
    [
      { type: 'cancel', at: at(1), reason: 'false_alarm' },
      { type: 'merge', at: at(2), into: 'INC-1' },
    ],
  ],
  merged: [sev('SEV3'), [{ type: 'merge', at: at(1), by: jane, into: 'INC-1' }]],
  'a SEV3 resolved (no postmortem required)': [
    sev('SEV3'),
    [
      { type: 'acknowledge', at: at(1) },
      { type: 'resolve', at: at(2), summary: 'Fixed' },
    ],
  ],
  'a custom role catalog': [
    sev('SEV3', {
      settings: {
        roleCatalog: [
          ...DEFAULT_ROLE_CATALOG,
          { id: 'liaison', name: 'Customer Liaison', cardinality: 'one', description: 'Talks to customers' },
        ],
      },
    }),
    [
      { type: 'assign_role', at: at(1), role: 'liaison', person: ola },
      { type: 'hand_off_role', at: at(2), role: 'liaison', to: sam },
      { type: 'release_role', at: at(3), role: 'liaison', personId: 'sam' },
      { type: 'release_role', at: at(4), role: 'liaison', personId: 'sam' },
      { type: 'assign_role', at: at(5), role: 'liaison', person: ola },
      { type: 'hand_off_role', at: at(6), role: 'liaison', to: jane, from: 'sam', note: 'Not the holder' },
    ],
  ],
  'a level that pages nobody, reached before acknowledgement': [
    sev('SEV5', { settings: { policies: defineSeverityPolicies({ SEV4: { page: 'none' } }) } }),
    [
      { type: 'set_severity', at: at(1), severity: 'SEV4', reason: 'A few users' },
      { type: 'set_severity', at: at(2), severity: 'SEV3', reason: 'More users' },
    ],
  ],
};

const replays = (): Record<string, unknown> => {
  const declaration = sev('SEV3');
  const events: IncidentEventInput[] = [
    { type: 'acknowledge', at: at(1) },
    { type: 'resolve', at: at(2), summary: 'Fixed' },
  ];
  const outcome = (result: ReturnType<typeof replayIncident>) =>
    plain(
      result.ok
        ? { ok: true, status: result.state.status, effects: result.effects }
        : {
            ok: false,
            index: result.index,
            status: result.state?.status ?? null,
            code: result.error.code,
            message: result.error.message,
            details: result.error.details,
            issues: result.error.issues,
          },
    );
  return {
    array: outcome(replayIncident(declaration, events)),
    set: outcome(replayIncident(declaration, new Set(events))),
    generator: outcome(
      replayIncident(
        declaration,
        (function* () {
          yield* events;
        })(),
      ),
    ),
    'an iteration that throws': outcome(
      replayIncident(declaration, {
        [Symbol.iterator]: () => ({
          next: () => {
            throw new Error('disk gone');
          },
        }),
      }),
    ),
    'a string': outcome(replayIncident(declaration, 'events' as never)),
    null: outcome(replayIncident(declaration, null as never)),
    'a refused event': outcome(
      replayIncident(declaration, [
        events[0] as IncidentEventInput,
        events[0] as IncidentEventInput,
        { type: 'close', at: at(3) },
      ]),
    ),
    'a refused declaration': outcome(replayIncident({ ...declaration, severity: 'SEV9' as never }, events)),
  };
};

describe('applyEvent, step by step, against the reviewed golden file', () => {
  const actual = () => ({
    runs: Object.fromEntries(
      Object.entries(runs).map(([name, [declaration, events]]) => [name, record(declaration, events)]),
    ),
    'a state that is not one': plain(
      (() => {
        const result = applyEvent({ status: 'detected' } as never, { type: 'acknowledge', at: at(1) });
        return result.ok
          ? 'accepted'
          : { code: result.error.code, message: result.error.message.split('\n')[0] };
      })(),
    ),
    replays: replays(),
  });

  it('matches, and every refusal left the state as it was', () => {
    const value = actual();
    if (process.env.UPDATE_GOLDEN === '1') writeFileSync(GOLDEN, `${JSON.stringify(value, null, 2)}\n`);
    expect(value).toEqual(JSON.parse(readFileSync(GOLDEN, 'utf8')));
  });
});
