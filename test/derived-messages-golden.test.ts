// Every derive function on an incident that exercises what each one reads (impact without notes, affected features,
// a worsening impact, mitigations pending, failed and succeeded, the same person in two roles, a role handed off,
// internal, executive and public posts with and without messages, ticks, a resolution with and without root cause,
// fix and data-loss statement, a postmortem with action items), at several points of its life, compared with
// test/fixtures/golden/derived-messages.json. Written after the mutation run of derive-messages.ts (54.8%): the
// other tests read the seed incident's messages, not every field of them.
// After an intended change: UPDATE_GOLDEN=1 npx vitest run test/derived-messages-golden.test.ts, then
// npm run format, then read the diff of the JSON file.
import { readFileSync, writeFileSync } from 'node:fs';
import type { IncidentEventInput, IncidentState } from 'incident-kit';
import * as kit from 'incident-kit';
import { describe, expect, it } from 'vitest';
import { thrown } from './fixtures/assert';
import { at, declare, seedAfter, seedEvents, step } from './fixtures/incident';
import { jane, ola, sam } from './fixtures/seed';

const GOLDEN = 'test/fixtures/golden/derived-messages.json';

const events: IncidentEventInput[] = [
  { type: 'acknowledge', at: at(2), by: jane },
  {
    type: 'assess_impact',
    at: at(4),
    by: jane,
    impact: {
      usersAffectedPercent: 12,
      degradation: 'partial_outage',
      affectedFeatures: ['checkout', 'search'],
      gettingWorse: true,
    },
  },
  { type: 'assign_role', at: at(5), by: jane, role: 'incident_commander', person: jane },
  { type: 'assign_role', at: at(5), by: jane, role: 'communications_lead', person: jane },
  { type: 'assign_role', at: at(6), by: jane, role: 'subject_matter_expert', person: ola },
  { type: 'post_update', at: at(7), by: jane, audience: 'internal', message: 'Checkout\n  errors at 12%' },
  { type: 'post_update', at: at(8), by: jane, audience: 'external', publicStatus: 'investigating' },
  {
    type: 'post_update',
    at: at(9),
    by: jane,
    audience: 'external',
    publicStatus: 'investigating',
    message: 'We are looking into checkout errors.',
  },
  { type: 'start_mitigation', at: at(10), by: ola, kind: 'rollback', description: 'Roll back release 42' },
  { type: 'start_mitigation', at: at(11), by: ola, kind: 'scale_up', description: 'Add two workers' },
  {
    type: 'start_mitigation',
    at: at(12),
    by: ola,
    kind: 'feature_flag_off',
    description: 'Turn off recommendations',
  },
  { type: 'record_mitigation_outcome', at: at(20), by: ola, mitigationId: 'm1', outcome: 'failed' },
  { type: 'record_mitigation_outcome', at: at(21), by: ola, mitigationId: 'm2', outcome: 'succeeded' },
  { type: 'tick', at: at(40) },
  { type: 'post_update', at: at(41), by: jane, audience: 'executive', message: 'Revenue impact small' },
  { type: 'hand_off_role', at: at(50), by: jane, role: 'communications_lead', to: sam, note: 'Shift change' },
  { type: 'mark_mitigated', at: at(55), by: jane, summary: 'Errors back to baseline' },
  {
    type: 'post_update',
    at: at(56),
    by: sam,
    audience: 'external',
    publicStatus: 'monitoring',
    message: 'A fix is in place.',
  },
  {
    type: 'resolve',
    at: at(70),
    by: jane,
    summary: 'Checkout works again.',
    fix: 'Rolled back and scaled up',
  },
  {
    type: 'post_update',
    at: at(71),
    by: sam,
    audience: 'external',
    publicStatus: 'resolved',
    message: 'Resolved.',
  },
  { type: 'start_postmortem', at: at(24 * 60), by: jane, owner: ola },
  {
    type: 'complete_postmortem',
    at: at(2 * 24 * 60),
    by: ola,
    link: 'https://wiki.example.com/postmortems/inc-7',
    actionItems: [
      { title: 'Canary releases for checkout', owner: ola, due: at(14 * 24 * 60) },
      { title: 'Alert on worker saturation' },
    ],
  },
];

/** The incident after its first `count` events. */
const stateAfter = (count: number): IncidentState =>
  events
    .slice(0, count)
    .reduce(
      (state, event) => step(state, event).state,
      declare({ id: 'INC-7', title: 'Checkout errors', at: at(0), severity: 'SEV2' }),
    );

const POINTS = { declared: 0, posted: 8, mitigating: 14, handedOff: 16, resolved: 20, reviewed: 23 } as const;

function derivedAt(state: IncidentState, minutes: number) {
  const now = at(minutes);
  const safely = <T>(derive: () => T): T | { refused: string } => {
    try {
      return derive();
    } catch (error) {
      return { refused: (error as Error).message };
    }
  };
  return {
    internal: safely(() => kit.deriveInternalUpdate(state, { now })),
    tactical: safely(() => kit.deriveTacticalUpdate(state)),
    executive: safely(() => kit.deriveExecutiveSummary(state, { now })),
    statusPage: safely(() => kit.deriveStatusPageUpdate(state, { now })),
    statusPageResolved: safely(() => kit.deriveStatusPageUpdate(state, { now, status: 'resolved' })),
    resolution: safely(() => kit.deriveResolutionUpdate(state)),
    handoff: safely(() => kit.deriveHandoffBrief(state, { to: sam, now })),
    handoffComms: safely(() => kit.deriveHandoffBrief(state, { to: ola, now, role: 'communications_lead' })),
    postmortem: safely(() => kit.derivePostmortem(state)),
  };
}

function derivedMessages() {
  return {
    ...Object.fromEntries(
      Object.entries(POINTS).map(([name, count]) => [
        name,
        derivedAt(stateAfter(count), Math.max(1, count * 5)),
      ]),
    ),
    // The seed incident, closed: a resolution with a root cause and a data-loss statement.
    seedClosed: derivedAt(seedAfter(seedEvents.length), 5 * 24 * 60),
  };
}

describe('the derive functions, in full', () => {
  it('derive what test/fixtures/golden/derived-messages.json says at each point of the incident', () => {
    const actual = JSON.parse(JSON.stringify(derivedMessages()));
    if (process.env.UPDATE_GOLDEN === '1') writeFileSync(GOLDEN, `${JSON.stringify(actual, null, 2)}\n`);
    const expected = JSON.parse(readFileSync(GOLDEN, 'utf8'));
    expect(Object.keys(actual)).toEqual(Object.keys(expected));
    for (const point of Object.keys(expected)) {
      for (const kind of Object.keys(expected[point]))
        expect(actual[point][kind], `${point} ${kind}`).toEqual(expected[point][kind]);
    }
  });

  it('name the argument they cannot read', () => {
    const state = stateAfter(POINTS.resolved);
    const cases: [() => unknown, RegExp][] = [
      [() => kit.deriveInternalUpdate({} as never, { now: at(1) }), /\bstate\b/],
      [() => kit.deriveTacticalUpdate({} as never), /\bstate\b/],
      [() => kit.deriveExecutiveSummary({} as never, { now: at(1) }), /\bstate\b/],
      [() => kit.deriveStatusPageUpdate({} as never, { now: at(1) }), /\bstate\b/],
      [() => kit.deriveResolutionUpdate({} as never), /\bstate\b/],
      [() => kit.deriveHandoffBrief({} as never, { to: sam, now: at(1) }), /\bstate\b/],
      [() => kit.derivePostmortem({} as never), /\bstate\b/],
      [() => kit.deriveInternalUpdate(state, { now: 'soon' } as never), /\boptions\b/],
      [() => kit.derivePostmortem(state, { overview: 5 } as never), /\bsections\b/],
    ];
    for (const [call, words] of cases) expect(thrown(call).message).toMatch(words);
    const open = thrown(() => kit.deriveResolutionUpdate(stateAfter(POINTS.mitigating)));
    expect(open.code).toBe('invalid_input');
    expect(open.message).toBe('Incident INC-7 is mitigating, not resolved');
  });
});
