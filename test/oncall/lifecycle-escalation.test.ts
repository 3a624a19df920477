// The lifecycle under an escalation policy: pages follow the policy's levels, delays, loops and afterLastLoop,
// name the level's targets, stop on acknowledgement, and resolve to people in one call.
import fc from 'fast-check';
import {
  applyEvent,
  createIncident,
  getPendingDeadlines,
  type IncidentDeclaration,
  type IncidentEffect,
  type IncidentState,
  restoreIncident,
  serializeIncident,
  validateIncidentState,
} from 'incident-kit';
import {
  type EscalationPolicyInput,
  type EscalationTarget,
  getEscalationStep,
  resolveIncidentPage,
  type ScheduleInput,
} from 'incident-kit/oncall';
import { describe, expect, it } from 'vitest';
import { propertyRuns } from '../support/property-runs';

const ana = { id: 'ana', name: 'Ana' };
const ben = { id: 'ben', name: 'Ben' };
const jane = { id: 'jane', name: 'Jane Smith' };

const primary: ScheduleInput = {
  id: 'primary',
  timeZone: 'UTC',
  layers: [
    {
      rotationStart: '2024-01-01',
      handoffTime: '09:00',
      turn: { length: 1, unit: 'days' },
      members: [ana, ben],
    },
  ],
};

const policy: EscalationPolicyInput = {
  id: 'auth',
  levels: [
    { delayMinutes: 5, targets: [{ type: 'schedule', scheduleId: 'primary' }] },
    { delayMinutes: 10, targets: [{ type: 'person', person: jane }] },
  ],
  loops: 1,
};

function declare(
  escalationPolicy: EscalationPolicyInput,
  extra: Partial<IncidentDeclaration> = {},
): IncidentState {
  const created = createIncident({
    id: 'INC-1',
    title: 'Auth down',
    at: '2024-01-02T10:00:00Z',
    severity: 'SEV2',
    settings: { escalationPolicy },
    ...extra,
  } as IncidentDeclaration);
  if (!created.ok) throw created.error;
  return created.state;
}

type Page = Extract<IncidentEffect, { type: 'page' }>;
const pages = (effects: readonly IncidentEffect[]) => effects.filter((e): e is Page => e.type === 'page');

/** Ticks at each acknowledge deadline until none is left (or `limit` pages), collecting the pages. */
function runUnacknowledged(state: IncidentState, limit = 50): { pages: Page[]; state: IncidentState } {
  const seen: Page[] = [];
  let current = state;
  for (let count = 0; count < limit; count++) {
    const due = getPendingDeadlines(current).find((deadline) => deadline.deadline === 'acknowledge');
    if (!due) break;
    const step = applyEvent(current, { type: 'tick', at: due.tickAt });
    if (!step.ok) throw step.error;
    seen.push(...pages(step.effects));
    current = step.state;
  }
  return { pages: seen, state: current };
}

describe('createIncident with settings.escalationPolicy', () => {
  it('pages level 1 with its targets and the policy id at declaration', () => {
    const created = createIncident({
      id: 'INC-1',
      title: 'Auth down',
      at: '2024-01-02T10:00:00Z',
      severity: 'SEV2',
      settings: { escalationPolicy: policy },
    });
    if (!created.ok) throw created.error;
    expect(pages(created.effects)).toEqual([
      {
        type: 'page',
        level: 1,
        urgency: 'high_urgency',
        reason: 'declared',
        loop: 0,
        policyId: 'auth',
        targets: [{ type: 'schedule', scheduleId: 'primary' }],
      },
    ]);
    expect(getPendingDeadlines(created.state)[0]).toMatchObject({
      deadline: 'acknowledge',
      dueAt: '2024-01-02T10:05:00.000Z',
    });
  });

  it('refuses a role target that is not in the role catalog', () => {
    const result = createIncident({
      id: 'INC-1',
      title: 'Auth down',
      at: '2024-01-02T10:00:00Z',
      severity: 'SEV2',
      settings: {
        escalationPolicy: {
          id: 'p',
          levels: [{ delayMinutes: 5, targets: [{ type: 'role', role: 'night_owl' }] }],
        },
      },
    });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.code).toBe('unknown_role');
  });
});

describe('escalation under a policy', () => {
  it('follows the levels, their own delays and the loops, then stops', () => {
    const run = runUnacknowledged(declare(policy));
    expect(run.pages.map((page) => [page.level, page.loop, page.reason])).toEqual([
      [2, 0, 'ack_timeout'],
      [1, 1, 'renotify'],
      [2, 1, 'renotify'],
    ]);
    // The delays are the levels' own: level 1 waits 5 minutes, level 2 waits 10.
    expect(run.state.escalation.lastEscalatedAt).toBe('2024-01-02T10:20:00.000Z'); // 10:00, +5, +10, +5
    expect(run.state.escalation.paging).toBe(true);
    expect(getPendingDeadlines(run.state).some((deadline) => deadline.deadline === 'acknowledge')).toBe(
      false,
    );
  });

  it('repeats the last level every delay with afterLastLoop repeat_last_level', () => {
    const run = runUnacknowledged(declare({ ...policy, loops: 0, afterLastLoop: 'repeat_last_level' }), 5);
    expect(run.pages.map((page) => [page.level, page.loop, page.reason])).toEqual([
      [2, 0, 'ack_timeout'],
      [2, 1, 'renotify'],
      [2, 2, 'renotify'],
      [2, 3, 'renotify'],
      [2, 4, 'renotify'],
    ]);
  });

  it('stops on acknowledgement, and a person escalating by hand pages the next level', () => {
    const paged = applyEvent(declare(policy), { type: 'tick', at: '2024-01-02T10:05:00Z' });
    if (!paged.ok) throw paged.error;
    const acked = applyEvent(paged.state, { type: 'acknowledge', at: '2024-01-02T10:06:00Z', by: jane });
    if (!acked.ok) throw acked.error;
    expect(acked.effects[0]).toEqual({ type: 'stop_paging', reason: 'acknowledged' });
    expect(getPendingDeadlines(acked.state).some((deadline) => deadline.deadline === 'acknowledge')).toBe(
      false,
    );
    const manual = applyEvent(acked.state, {
      type: 'escalate',
      at: '2024-01-02T10:07:00Z',
      reason: 'manual',
    });
    if (!manual.ok) throw manual.error;
    expect(pages(manual.effects)).toMatchObject([{ level: 1, loop: 1, reason: 'manual', policyId: 'auth' }]);
  });

  it('restarts from level 1 when a resolved incident is reopened', () => {
    let state = runUnacknowledged(declare(policy)).state;
    for (const event of [
      { type: 'acknowledge', at: '2024-01-02T11:00:00Z' },
      { type: 'resolve', at: '2024-01-02T11:10:00Z', summary: 'Fixed' },
      { type: 'reopen', at: '2024-01-02T11:20:00Z', reason: 'Errors are back' },
    ] as const) {
      const step = applyEvent(state, event);
      if (!step.ok) throw step.error;
      state = step.state;
      if (event.type === 'reopen')
        expect(pages(step.effects)).toMatchObject([{ level: 1, loop: 0, reason: 'reopened' }]);
    }
  });

  it('pages exactly the steps getEscalationStep describes, for any policy', () => {
    const levelArb = fc.record({
      delayMinutes: fc.integer({ min: 1, max: 60 }),
      targets: fc.constant<EscalationTarget[]>([{ type: 'person', person: jane }]),
    });
    const policyArb = fc.record({
      id: fc.constant('p'),
      levels: fc.array(levelArb, { minLength: 1, maxLength: 4 }),
      loops: fc.integer({ min: 0, max: 3 }),
      afterLastLoop: fc.constantFrom('stop' as const, 'repeat_last_level' as const),
    });
    fc.assert(
      fc.property(policyArb, (escalationPolicy) => {
        const run = runUnacknowledged(declare(escalationPolicy), 30);
        const expected: [number, number][] = [];
        for (let page = 2; expected.length < run.pages.length || page <= 31; page++) {
          const step = getEscalationStep(escalationPolicy, page);
          if (!step || expected.length === 30) break;
          expected.push([step.level, step.loop]);
        }
        expect(run.pages.map((page) => [page.level, page.loop])).toEqual(expected.slice(0, run.pages.length));
        // It stops exactly when the policy does (or at the run's limit for a repeating policy).
        if (run.pages.length < 30)
          expect(getEscalationStep(escalationPolicy, run.pages.length + 2)).toBeNull();
      }),
      { numRuns: propertyRuns(150) },
    );
  });
});

describe('restoring an incident under an escalation policy', () => {
  const five: EscalationPolicyInput = {
    id: 'five',
    levels: Array.from({ length: 5 }, () => ({
      delayMinutes: 5,
      targets: [{ type: 'person' as const, person: jane }],
    })),
  };

  it('restores an incident escalated past maxEscalationLevel to the last level of its policy', () => {
    const run = runUnacknowledged(declare(five));
    expect(run.state.escalation.level).toBe(5);
    const restored = restoreIncident(JSON.stringify(serializeIncident(run.state)));
    expect(restored.ok).toBe(true);
  });

  it('refuses a state escalated beyond the levels of its policy', () => {
    const state = runUnacknowledged(declare(five)).state;
    const forged = { ...state, escalation: { ...state.escalation, level: 6 } };
    const result = validateIncidentState(JSON.parse(JSON.stringify(forged)));
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe('inconsistent_state');
      expect(result.error.message).toContain('beyond the 5 levels of escalation policy five');
    }
  });
});

describe('resolveIncidentPage', () => {
  it('names whoever is on call at the time of the page, and the level a page effect names', () => {
    const state = declare(policy);
    expect(resolveIncidentPage(state, { schedules: [primary] }).people).toEqual([ben]);
    expect(resolveIncidentPage(state, { schedules: [primary], level: 2 }).people).toEqual([jane]);
    // The day before, Ana held the rotation.
    expect(resolveIncidentPage(state, { schedules: [primary], at: '2024-01-01T10:00:00Z' }).people).toEqual([
      ana,
    ]);
  });

  it('names whoever is on call at the declaration when the ack deadline counts from an earlier alert start', () => {
    // The alert started at 08:50 in Ana's turn; the incident was declared (and level 1 paged) at 09:10, in Ben's.
    const state = declare(policy, {
      at: '2024-01-02T09:10:00Z',
      alert: { name: 'AuthErrorRate', severity: 'critical', startsAt: '2024-01-02T08:50:00Z' },
      ackDeadlineFrom: 'alert_started',
    });
    expect(getPendingDeadlines(state)[0]?.dueAt).toBe('2024-01-02T08:55:00.000Z');
    const resolution = resolveIncidentPage(state, { schedules: [primary] });
    expect([resolution.at, resolution.people]).toEqual(['2024-01-02T09:10:00.000Z', [ben]]);
    // The next page (the deadline passed before the declaration: the first tick escalates) is at the tick.
    const tick = applyEvent(state, { type: 'tick', at: '2024-01-02T09:11:00Z' });
    if (!tick.ok) throw tick.error;
    expect(pages(tick.effects).map((page) => page.level)).toEqual([2]);
    expect(resolveIncidentPage(tick.state, { schedules: [primary] }).at).toBe('2024-01-02T09:11:00.000Z');
  });

  it('says which target named nobody instead of failing the page', () => {
    const resolution = resolveIncidentPage(declare(policy), { schedules: [] });
    expect(resolution.people).toEqual([]);
    expect(resolution.targets[0]?.problem).toBe('unknown_schedule');
  });

  it('refuses an incident without an escalation policy with our error', () => {
    const created = createIncident({ id: 'INC-2', title: 'x', at: '2024-01-02T10:00:00Z', severity: 'SEV2' });
    if (!created.ok) throw created.error;
    expect(() => resolveIncidentPage(created.state)).toThrow(/no escalation policy/);
  });
});
