/**
 * Deadlines case by case, from the mutation run of `src/lifecycle/deadlines.ts`: the errors' wording, each policy
 * figure a deadline reads, reminders matched by deadline and due time in short and long lists, whether an incident
 * is public, and the tracker the actor re-arms with following every field a step can change.
 */
import {
  defineSeverityPolicies,
  getDeadlines,
  getIncidentPolicy,
  getPendingDeadlines,
  type IncidentEventInput,
  type IncidentState,
  type OverdueDeadline,
  type Severity,
} from 'incident-kit';
import { describe, expect, it } from 'vitest';
import { deadlineTracker } from '../src/lifecycle/deadlines';
import { thrown } from './fixtures/assert';
import { at, declare, seedAfter, seedAt, seedEvents, step } from './fixtures/incident';
import { jane } from './fixtures/seed';

const MINUTE = 60_000;
const plus = (timestamp: string, minutes: number) =>
  new Date(Date.parse(timestamp) + minutes * MINUTE).toISOString();

/** A run of events from a fresh incident of `severity`, declared at `at(0)`. */
function run(severity: Severity, events: readonly IncidentEventInput[]): IncidentState[] {
  const states = [declare({ id: 'INC-D', title: 'Deadlines', at: at(0), severity })];
  for (const event of events) states.push(step(states.at(-1) as IncidentState, event).state);
  return states;
}

const working: IncidentEventInput[] = [
  { type: 'acknowledge', at: at(2) },
  { type: 'start_triage', at: at(3) },
  { type: 'start_mitigation', at: at(3), kind: 'rollback', description: 'Roll back' },
];

describe('getDeadlines and getPendingDeadlines refuse what is not a state', () => {
  it.each([
    ['getDeadlines', getDeadlines],
    ['getPendingDeadlines', getPendingDeadlines],
  ] as const)('%s names the argument', (_name, read) => {
    const error = thrown(() => read({ status: 'acknowledged' } as never));
    expect(error.code).toBe('invalid_input');
    expect(error.message).toMatch(/^Invalid state:/);
  });
});

describe('each deadline reads its own figure of the policy', () => {
  it('times the executive summary by its own cadence, not the internal one (SEV1: 15 and 30 minutes)', () => {
    const state = run('SEV1', working).at(-1) as IncidentState;
    expect(getDeadlines(state)).toMatchObject({ internalUpdate: at(17), executiveSummary: at(32) });
  });

  it('keeps the postmortem due while the postmortem is under way, and drops it once complete', () => {
    const started = seedAt('start_postmortem');
    expect(started.status).toBe('postmortem');
    expect(getDeadlines(started).postmortem).toBe('2024-01-22T15:05:00.000Z');
    expect(getDeadlines(seedAt('complete_postmortem')).postmortem).toBeNull();
  });
});

describe('the public deadline', () => {
  it('counts the first post from when the incident became public, not from acknowledgement', () => {
    // SEV3 needs no public post; raised to SEV2 at +10, eight minutes after acknowledgement: first post due +15.
    const states = run('SEV3', [
      { type: 'acknowledge', at: at(2) },
      { type: 'set_severity', at: at(10), severity: 'SEV2', reason: 'Customers notice' },
    ]);
    expect(getDeadlines(states[1] as IncidentState).externalUpdate).toBeNull();
    expect(getDeadlines(states[2] as IncidentState).externalUpdate).toBe(at(15));
  });

  it('asks again for a public post once the incident is reopened after the page said resolved', () => {
    const said = run('SEV2', [
      ...working,
      { type: 'post_update', at: at(4), audience: 'external', publicStatus: 'resolved' },
      { type: 'resolve', at: at(5), summary: 'Fixed' },
    ]).at(-1) as IncidentState;
    expect(getDeadlines(said).externalUpdate).toBeNull();
    const reopened = step(said, { type: 'reopen', at: at(30), reason: 'Errors are back' }).state;
    expect(getDeadlines(reopened).externalUpdate).toBe(at(35));
    // A page that said resolved before the reopening does not answer it; nor does an earlier reopening.
    const posted = step(reopened, {
      type: 'post_update',
      at: at(31),
      audience: 'external',
      publicStatus: 'identified',
    });
    expect(getDeadlines(posted.state).externalUpdate).toBe(at(51));
    const again = step(posted.state, {
      type: 'post_update',
      at: at(32),
      audience: 'external',
      publicStatus: 'resolved',
    });
    expect(getDeadlines(again.state).externalUpdate).toBeNull();
    const resolved = step(again.state, { type: 'resolve', at: at(40), summary: 'Fixed again' });
    expect(resolved.effects.map((effect) => effect.type)).not.toContain('post_resolved_status');
    expect(getDeadlines(resolved.state).externalUpdate).toBeNull();
  });

  it('counts a reopening at the instant of the resolved post, and asks nothing once resolved again', () => {
    const said = run('SEV2', [
      ...working,
      { type: 'resolve', at: at(5), summary: 'Fixed' },
      { type: 'post_update', at: at(6), audience: 'external', publicStatus: 'resolved' },
      { type: 'reopen', at: at(6), reason: 'Errors are back' },
    ]).at(-1) as IncidentState;
    expect(getDeadlines(said).externalUpdate).toBe(at(11));
    // Resolved again with nothing posted since: the page says resolved, which is true again.
    const resolved = step(said, { type: 'resolve', at: at(8), summary: 'Fixed again' });
    expect(getDeadlines(resolved.state).externalUpdate).toBeNull();
    expect(resolved.effects.map((effect) => effect.type)).not.toContain('post_resolved_status');
  });

  it('asks for no public post before acknowledgement or once the postmortem has started, whatever was posted', () => {
    const posted = run('SEV2', [
      { type: 'post_update', at: at(1), audience: 'external', publicStatus: 'investigating' },
    ]);
    expect(getDeadlines(posted.at(-1) as IncidentState).externalUpdate).toBeNull();
    const resolved = step(posted.at(-1) as IncidentState, {
      type: 'resolve',
      at: at(2),
      summary: 'Fixed',
    }).state;
    expect(getDeadlines(resolved).externalUpdate).toBe(at(21)); // still owes the post that says resolved
    const started = step(resolved, { type: 'start_postmortem', at: at(3), owner: jane }).state;
    expect(getDeadlines(started).externalUpdate).toBeNull();
  });
});

describe('reminders are matched by deadline and due time', () => {
  it('reminding one update leaves the others due at their own time', () => {
    // SEV2 from the seed: internal due +25, public +30, executive +32; a tick at +26 reminds the internal one only.
    const reminded = step(seedAfter(8), { type: 'tick', at: at(26) }).state;
    expect(reminded.reminders.map((reminder) => reminder.deadline)).toEqual(['internal_update']);
    expect(getPendingDeadlines(reminded)).toEqual([
      { deadline: 'external_update', dueAt: at(30), tickAt: at(30) },
      { deadline: 'executive_summary', dueAt: at(32), tickAt: at(32) },
      { deadline: 'internal_update', dueAt: at(25), tickAt: at(36) },
    ]);
  });

  it('a reminder of an earlier due time does not count against a new one', () => {
    let state = step(seedAfter(8), { type: 'tick', at: at(26) }).state;
    state = step(state, { type: 'tick', at: at(36) }).state;
    state = step(state, { type: 'post_update', at: at(37), audience: 'internal' }).state;
    // Due again 30 minutes later, at +67: reminded from scratch then.
    expect(getPendingDeadlines(state).find((pending) => pending.deadline === 'internal_update')).toEqual({
      deadline: 'internal_update',
      dueAt: at(67),
      tickAt: at(67),
    });
  });

  it('a reminder of another deadline at the same due time does not count', () => {
    // SEV1 acknowledged at +2: executive summary due +32, reminded at +32. Lowered to SEV2 at +33, the internal
    // update (every 30 minutes now) falls due at +32 too: it was never reminded at that due time.
    const states = run('SEV1', [
      { type: 'acknowledge', at: at(2) },
      { type: 'tick', at: at(32) },
      { type: 'set_severity', at: at(33), severity: 'SEV2', reason: 'Half recovered' },
    ]);
    const lowered = states.at(-1) as IncidentState;
    expect(lowered.reminders).toContainEqual({
      deadline: 'executive_summary',
      dueAt: at(32),
      at: at(32),
      count: 1,
    });
    expect(getPendingDeadlines(lowered)).toContainEqual({
      deadline: 'internal_update',
      dueAt: at(32),
      tickAt: at(32),
    });
  });

  /** What `getPendingDeadlines` must say, from the deadlines, a scan of the reminders and the policy. */
  function expectedPending(state: IncidentState): OverdueDeadline[] {
    const deadlines = getDeadlines(state);
    const { everyMinutes, max } = getIncidentPolicy(state).updateReminders;
    const kinds = [
      ['acknowledge', deadlines.acknowledge],
      ['internal_update', deadlines.internalUpdate],
      ['external_update', deadlines.externalUpdate],
      ['executive_summary', deadlines.executiveSummary],
      ['postmortem', deadlines.postmortem],
    ] as const;
    const pending: OverdueDeadline[] = [];
    for (const [deadline, dueAt] of kinds) {
      if (dueAt === null) continue;
      const last = state.reminders
        .filter((reminder) => reminder.deadline === deadline && reminder.dueAt === dueAt)
        .at(-1);
      if (deadline === 'acknowledge' || !last) pending.push({ deadline, dueAt, tickAt: dueAt });
      else if (deadline !== 'postmortem' && everyMinutes !== null && last.count < max)
        pending.push({ deadline, dueAt, tickAt: plus(last.at, everyMinutes) });
    }
    return pending.sort((a, b) => (a.tickAt < b.tickAt ? -1 : a.tickAt > b.tickAt ? 1 : 0));
  }

  it('in a long incident (reminders and updates past the length where they are indexed), as in a short one', () => {
    let state = run('SEV1', [
      ...working,
      { type: 'post_update', at: at(3), audience: 'external', publicStatus: 'investigating' },
    ]).at(-1) as IncidentState;
    const audiences = ['internal', 'external', 'executive'] as const;
    for (let round = 0; state.reminders.length < 80 || state.updates.length < 40; round++) {
      const next = getPendingDeadlines(state)[0] as OverdueDeadline;
      state = step(state, { type: 'tick', at: next.tickAt }).state;
      expect(getPendingDeadlines(state)).toEqual(expectedPending(state));
      // Every other round, one audience is answered (so due times move and old reminders stop counting).
      if (round % 2 === 1) {
        const audience = audiences[(round >> 1) % 3] as (typeof audiences)[number];
        state = step(state, {
          type: 'post_update',
          at: plus(state.lastEventAt, 1),
          audience,
          ...(audience === 'external' ? { publicStatus: 'identified' as const } : {}),
        }).state;
        expect(getPendingDeadlines(state)).toEqual(expectedPending(state));
      }
    }
    expect(state.reminders.length).toBeGreaterThanOrEqual(80);
    expect(new Set(state.reminders.map((reminder) => reminder.deadline)).size).toBe(3);
  });
});

describe('whether an incident is public (a resolution then owes a resolved post)', () => {
  // SEV3 does not require public communication: only a post to the status page makes it public.
  const owesResolvedPost = (updates: readonly IncidentEventInput[]) => {
    const before = run('SEV3', [...working, ...updates]).at(-1) as IncidentState;
    const resolved = step(before, { type: 'resolve', at: at(90), summary: 'Fixed' });
    return resolved.effects.some((effect) => effect.type === 'post_resolved_status');
  };
  const posts = (count: number, externalAt?: number): IncidentEventInput[] =>
    Array.from({ length: count }, (_, index) =>
      index === externalAt
        ? { type: 'post_update', at: at(4 + index), audience: 'external', publicStatus: 'identified' }
        : { type: 'post_update', at: at(4 + index), audience: 'internal' },
    );

  it.each([
    ['internal updates only, a short list', posts(3), false],
    ['internal updates only, a long list', posts(40), false],
    ['a public post after an internal one, a short list', posts(3, 1), true],
    ['a public post late in a long list', posts(40, 35), true],
  ] as const)('%s', (_label, updates, owes) => {
    expect(owesResolvedPost(updates)).toBe(owes);
  });
});

describe('deadlineTracker follows every field a step can change', () => {
  // Each run below is built so that the step changing one input moves the earliest pending deadline: a tracker
  // that missed the change would still name the old one.
  const runs: Record<string, [Severity, IncidentEventInput[]]> = {
    'severity, reminders, resolution, reopening, postmortem': [
      'SEV2',
      [
        { type: 'acknowledge', at: at(2) },
        { type: 'start_triage', at: at(3) },
        { type: 'post_update', at: at(3), audience: 'external', publicStatus: 'investigating' },
        { type: 'set_severity', at: at(4), severity: 'SEV1' }, // internal due +17, before the public +23
        { type: 'tick', at: at(17) }, // internal reminded: next at +22
        { type: 'start_mitigation', at: at(18), kind: 'rollback', description: 'Roll back' },
        { type: 'mark_mitigated', at: at(19), summary: 'Error rate at baseline' },
        { type: 'resolve', at: at(20), summary: 'Rolled back' }, // internal no longer due
        { type: 'reopen', at: at(21), reason: 'Errors are back' }, // due again
        { type: 'resolve', at: at(22), summary: 'Rolled back again' },
        { type: 'post_update', at: at(23), audience: 'external', publicStatus: 'resolved' },
        { type: 'start_postmortem', at: at(30), owner: jane },
        { type: 'complete_postmortem', at: at(40), link: 'https://wiki.example.com/pm/1', actionItems: [] },
      ],
    ],
    'paging: escalation and acknowledgement': [
      'SEV2',
      [
        { type: 'tick', at: at(5) }, // paged level 2: ack due +10
        { type: 'tick', at: at(10) },
        { type: 'escalate', at: at(11), reason: 'manual' },
        { type: 'acknowledge', at: at(12) },
      ],
    ],
    'severity while paging (SEV4 waits 30 minutes for an acknowledgement, SEV2 five)': [
      'SEV4',
      [
        { type: 'set_severity', at: at(1), severity: 'SEV2' },
        { type: 'tick', at: at(5) },
        { type: 'set_severity', at: at(6), severity: 'SEV4', reason: 'Only internal tools affected' },
      ],
    ],
    'the seed incident': ['SEV2', seedEvents],
  };

  it.each(Object.entries(runs))('%s', (_label, [severity, events]) => {
    const states = severity === 'SEV2' && events === seedEvents ? seedStates() : run(severity, events);
    const next = deadlineTracker();
    const answers = states.map((state) => {
      const first = getPendingDeadlines(state)[0];
      expect(next(state)).toEqual(first);
      return first ? `${first.deadline}@${first.tickAt}` : 'none';
    });
    // The earliest deadline moves along the run (so each step above is one the tracker has to follow).
    expect(new Set(answers).size).toBeGreaterThan(events.length / 3);
  });

  function seedStates(): IncidentState[] {
    const states = [declare()];
    for (const event of seedEvents) states.push(step(states.at(-1) as IncidentState, event).state);
    return states;
  }

  it('follows a policy whose reminders differ by severity', () => {
    const policies = defineSeverityPolicies({ SEV1: { updateReminders: { everyMinutes: 2, max: 5 } } });
    const states = [
      declare({ id: 'INC-P', title: 'Policies', at: at(0), severity: 'SEV2', settings: { policies } }),
    ];
    for (const event of [
      { type: 'acknowledge', at: at(1) },
      { type: 'tick', at: at(31) }, // SEV2: reminded, next in 10 minutes
      { type: 'set_severity', at: at(32), severity: 'SEV1' }, // SEV1: due +16, reminded every 2 minutes
      { type: 'tick', at: at(33) },
    ] satisfies IncidentEventInput[])
      states.push(step(states.at(-1) as IncidentState, event).state);
    const next = deadlineTracker();
    for (const state of states) expect(next(state)).toEqual(getPendingDeadlines(state)[0]);
    expect(next(states.at(-1) as IncidentState)?.tickAt).toBe(at(35));
  });
});
