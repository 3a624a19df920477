import fc from 'fast-check';
import { applyEvent, createIncident } from 'incident-kit';
import {
  type EscalationPolicyInput,
  EscalationPolicySchema,
  type EscalationTarget,
  getEscalationStep,
  getMemberKey,
  resolveEscalation,
  resolveIncidentEscalation,
  resolveIncidentPage,
  whoIsOnCall,
} from 'incident-kit/oncall';
import { describe, expect, it } from 'vitest';
import { memberPool, scenarioArb } from '../arbitraries/oncall';
import { refusalOf } from '../fixtures/assert';
import { ana, ben, layer, schedule, stateOf } from '../fixtures/oncall';
import { propertyRuns } from '../support/property-runs';

const jane = { id: 'jane', name: 'Jane Smith' };
const sam = { id: 'sam', name: 'Sam Lee' };

const primary = schedule('primary', 'Europe/Berlin', [layer([ana, ben])]);
const daytime = schedule('daytime', 'Europe/Berlin', [
  layer([sam], { restrictions: [{ type: 'daily', start: '09:00', end: '17:00' }] }),
]);

const policy: EscalationPolicyInput = {
  id: 'payments',
  name: 'Payments',
  levels: [
    { delayMinutes: 5, targets: [{ type: 'schedule', scheduleId: 'primary' }] },
    {
      delayMinutes: 10,
      targets: [
        { type: 'role', role: 'incident_commander' },
        { type: 'schedule', scheduleId: 'daytime' },
        { type: 'person', person: ana },
      ],
    },
    { delayMinutes: 15, targets: [{ type: 'schedule', scheduleId: 'secondary' }] },
  ],
  loops: 1,
};

describe('resolveEscalation', () => {
  it("pages the schedule's on-call person at level 1", () => {
    const resolution = resolveEscalation(policy, 1, '2024-01-10T02:00:00Z', {
      schedules: [primary, daytime],
    });
    expect(resolution.people).toEqual([ben]);
    expect(resolution).toMatchObject({ policyId: 'payments', level: 1, at: '2024-01-10T02:00:00.000Z' });
  });

  it('resolves role, schedule and person targets at the moment of the page, each person once', () => {
    const roles = [
      {
        role: 'incident_commander',
        person: jane,
        from: '2024-01-10T02:00:00.000Z',
        until: '2024-01-10T03:00:00.000Z',
      },
      { role: 'incident_commander', person: ana, from: '2024-01-10T03:00:00.000Z' },
    ];
    const night = resolveEscalation(policy, 2, '2024-01-10T02:30:00Z', {
      schedules: [primary, daytime],
      roles,
    });
    expect(night.people).toEqual([jane, ana]);
    expect(night.targets.map((target) => target.problem)).toEqual([undefined, 'nobody_on_call', undefined]);
    const day = resolveEscalation(policy, 2, '2024-01-10T10:00:00Z', {
      schedules: [primary, daytime],
      roles,
    });
    // Ana is the commander now and a person target: paged once.
    expect(day.people).toEqual([ana, sam]);
  });

  it('reports targets that name nobody instead of failing the page', () => {
    const resolution = resolveEscalation(policy, 3, '2024-01-10T02:00:00Z', { schedules: [primary] });
    expect(resolution.people).toEqual([]);
    expect(resolution.targets).toEqual([
      { target: { type: 'schedule', scheduleId: 'secondary' }, people: [], problem: 'unknown_schedule' },
    ]);
    const noCommander = resolveEscalation(policy, 2, '2024-01-10T02:00:00Z', { schedules: [] });
    expect(noCommander.targets[0]?.problem).toBe('role_unassigned');
    expect(noCommander.people).toEqual([ana]);
  });

  it('refuses a level the policy does not have, and bad input, with invalid_input', () => {
    expect(() => resolveEscalation(policy, 4, '2024-01-10T02:00:00Z')).toThrow(
      expect.objectContaining({
        code: 'invalid_input',
        message: expect.stringContaining('levels 1 to 3, not 4'),
      }),
    );
    expect(() => resolveEscalation(policy, 0, '2024-01-10T02:00:00Z')).toThrow(
      expect.objectContaining({ code: 'invalid_input' }),
    );
    expect(() => resolveEscalation(policy, 1, 'soon')).toThrow(
      expect.objectContaining({ code: 'invalid_input' }),
    );
    expect(() =>
      resolveEscalation(policy, 1, '2024-01-10T02:00:00Z', { schedules: [primary, primary] }),
    ).toThrow(
      expect.objectContaining({ code: 'invalid_input', message: expect.stringContaining('Two schedules') }),
    );
    expect(() =>
      resolveEscalation(policy, 1, '2024-01-10T02:00:00Z', {
        schedules: [{ ...primary, timeZone: 'Nowhere/Else' }],
      }),
    ).toThrow(
      expect.objectContaining({
        code: 'invalid_input',
        message: expect.stringContaining('schedule "primary"'),
      }),
    );
  });

  it('pages the union of what its targets name, persons always included', () => {
    fc.assert(
      fc.property(
        scenarioArb,
        fc.constantFrom(...memberPool.filter((member) => 'id' in member)),
        fc.integer({ min: 0, max: 30 * 1440 }),
        ({ schedule }, person, minutes) => {
          if (!('id' in person)) throw new Error('expected a person');
          const at = new Date(Date.parse('2024-06-01T00:00:00Z') + minutes * 60_000).toISOString();
          const arbPolicy = {
            id: 'p',
            levels: [
              {
                delayMinutes: 5,
                targets: [
                  { type: 'schedule' as const, scheduleId: 'arb' },
                  { type: 'person' as const, person },
                ],
              },
            ],
          };
          const resolution = resolveEscalation(arbPolicy, 1, at, { schedules: [schedule] });
          const onCall = whoIsOnCall(schedule, at);
          const expected = [...(onCall === null ? [] : [onCall.member]), person];
          const unique = expected.filter(
            (member, index) =>
              expected.findIndex((other) => getMemberKey(other) === getMemberKey(member)) === index,
          );
          expect(resolution.people).toEqual(unique);
          expect(resolution.targets[0]?.problem).toBe(onCall === null ? 'nobody_on_call' : undefined);
        },
      ),
      { numRuns: propertyRuns(150) },
    );
  });
});

describe('resolveIncidentEscalation', () => {
  it("pages the incident's current Incident Commander for a role target", () => {
    let state = stateOf(
      createIncident({
        id: 'INC-1',
        title: 'Auth Service Degraded',
        at: '2024-01-15T14:20:00Z',
        severity: 'SEV2',
      }),
    );
    state = stateOf(applyEvent(state, { type: 'acknowledge', at: '2024-01-15T14:22:00Z', by: jane }));
    state = stateOf(
      applyEvent(state, {
        type: 'assign_role',
        at: '2024-01-15T14:25:00Z',
        role: 'incident_commander',
        person: jane,
      }),
    );
    expect(
      resolveIncidentEscalation(state, policy, 2, '2024-01-15T14:30:00Z', { schedules: [daytime] }).people,
    ).toEqual([jane, sam, ana]);
    state = stateOf(
      applyEvent(state, {
        type: 'hand_off_role',
        at: '2024-01-15T16:00:00Z',
        role: 'incident_commander',
        to: ben,
      }),
    );
    expect(resolveIncidentEscalation(state, policy, 2, '2024-01-15T18:00:00Z').people).toEqual([ben, ana]);
  });
});

describe('getEscalationStep', () => {
  it('names the argument that is wrong', () => {
    expect(() => getEscalationStep({ id: 'p', levels: [] }, 1)).toThrow(/^Invalid escalation policy:/);
    expect(() => getEscalationStep(policy, 0)).toThrow(/^Invalid page:/);
  });

  it('walks the levels, loops once more, then stops', () => {
    const steps = [1, 2, 3, 4, 5, 6, 7].map((page) => getEscalationStep(policy, page));
    expect(steps.map((step) => step && [step.level, step.loop, step.escalateAfterMinutes])).toEqual([
      [1, 0, 5],
      [2, 0, 10],
      [3, 0, 15],
      [1, 1, 5],
      [2, 1, 10],
      [3, 1, null],
      null,
    ]);
  });

  it('repeats the last level every delayMinutes after the last loop when asked to', () => {
    const repeating = { ...policy, loops: 0, afterLastLoop: 'repeat_last_level' as const };
    expect([3, 4, 5].map((page) => getEscalationStep(repeating, page))).toEqual([
      { page: 3, level: 3, loop: 0, repeat: false, escalateAfterMinutes: 15 },
      { page: 4, level: 3, loop: 1, repeat: true, escalateAfterMinutes: 15 },
      { page: 5, level: 3, loop: 2, repeat: true, escalateAfterMinutes: 15 },
    ]);
  });

  it('pages every level of every loop exactly once, in order, and stops only when told to', () => {
    const levelArb = fc.record({
      delayMinutes: fc.integer({ min: 1, max: 60 }),
      targets: fc.constant<EscalationTarget[]>([{ type: 'schedule', scheduleId: 's' }]),
    });
    fc.assert(
      fc.property(
        fc.array(levelArb, { minLength: 1, maxLength: 6 }),
        fc.integer({ min: 0, max: 4 }),
        fc.constantFrom('stop' as const, 'repeat_last_level' as const),
        (levels, loops, afterLastLoop) => {
          const arbPolicy = { id: 'p', levels, loops, afterLastLoop };
          const pages = levels.length * (loops + 1);
          for (let page = 1; page <= pages + 3; page++) {
            const step = getEscalationStep(arbPolicy, page);
            if (page <= pages) {
              expect(step?.level).toBe(((page - 1) % levels.length) + 1);
              expect(step?.loop).toBe(Math.floor((page - 1) / levels.length));
              const last = page === pages && afterLastLoop === 'stop';
              expect(step?.escalateAfterMinutes).toBe(
                last ? null : levels[(step?.level ?? 1) - 1]?.delayMinutes,
              );
            } else if (afterLastLoop === 'stop') {
              expect(step).toBeNull();
            } else {
              expect(step).toMatchObject({ level: levels.length, repeat: true, loop: loops + page - pages });
            }
          }
        },
      ),
      { numRuns: propertyRuns(300) },
    );
  });
});

describe('EscalationPolicySchema', () => {
  it('defaults to one pass that stops, and rejects a repeating last level without a delay', () => {
    expect(EscalationPolicySchema.parse({ id: 'p', levels: policy.levels })).toMatchObject({
      loops: 0,
      afterLastLoop: 'stop',
    });
    const result = EscalationPolicySchema.safeParse({
      id: 'p',
      levels: [{ delayMinutes: 0, targets: [{ type: 'person', person: ana }] }],
      afterLastLoop: 'repeat_last_level',
    });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(['levels', 0, 'delayMinutes']);
    expect(result.error?.issues[0]?.code).toBe('custom');
    expect(result.error?.issues[0]?.message).toMatch(/repeats every delayMinutes: it must be >= 1/);
    // A last level without a delay is fine when the policy stops after it: nothing repeats.
    const stopping = { id: 'p', levels: [{ delayMinutes: 0, targets: [{ type: 'person', person: ana }] }] };
    expect(EscalationPolicySchema.safeParse({ ...stopping, afterLastLoop: 'stop' }).success).toBe(true);
  });

  it('rejects unknown target types and empty levels', () => {
    expect(EscalationPolicySchema.safeParse({ id: 'p', levels: [] }).success).toBe(false);
    // zod still runs the repeat-last-level rule on a policy without levels: it must not crash on the missing level.
    expect(
      EscalationPolicySchema.safeParse({ id: 'p', levels: [], afterLastLoop: 'repeat_last_level' }).error
        ?.issues,
    ).toMatchObject([{ path: ['levels'] }]);
    expect(
      EscalationPolicySchema.safeParse({
        id: 'p',
        levels: [{ delayMinutes: 5, targets: [{ type: 'team', team: 'x' }] }],
      }).success,
    ).toBe(false);
    expect(
      EscalationPolicySchema.safeParse({
        id: 'p',
        levels: [{ delayMinutes: 5, targets: [{ type: 'role', role: 'IC!' }] }],
      }).success,
    ).toBe(false);
  });
});

describe('resolveEscalation: boundaries and refusals', () => {
  it('names each argument it refuses', () => {
    const at = '2024-01-10T02:00:00Z';
    expect(refusalOf(() => resolveEscalation({ id: 'x' } as never, 1, at))).toBe('Invalid escalation policy');
    expect(refusalOf(() => resolveEscalation(policy, 1, 'soon'))).toBe('Invalid at');
    expect(refusalOf(() => resolveEscalation(policy, 1.5, at))).toBe('Invalid level');
    expect(refusalOf(() => resolveEscalation(policy, 1, at, null as never))).toBe('Invalid context');
    expect(refusalOf(() => resolveEscalation(policy, 1, at, { roles: [{ role: 'x' }] as never }))).toBe(
      'Invalid role assignments',
    );
    expect(refusalOf(() => resolveEscalation(policy, 1, at, { schedules: primary as never }))).toBe(
      'Invalid schedules',
    );
    expect(() => resolveEscalation(policy, 4, at)).toThrow(
      expect.objectContaining({ issues: [{ path: ['level'], message: 'Expected 1 to 3' }] }),
    );
    for (const bad of [null, 'primary', { ...primary, id: undefined }]) {
      expect(() => resolveEscalation(policy, 1, at, { schedules: [primary, bad] as never })).toThrow(
        expect.objectContaining({
          message: 'Invalid schedules: Expected a schedule with an id',
          issues: [{ path: ['schedules', 1], message: 'Expected a schedule with an id' }],
        }),
      );
    }
  });

  it('takes a role holder from the first instant of their stint up to, not including, its end', () => {
    const roles = [
      {
        role: 'incident_commander',
        person: jane,
        from: '2024-01-10T02:00:00.000Z',
        until: '2024-01-10T03:00:00.000Z',
      },
      { role: 'communications_lead', person: sam, from: '2024-01-10T01:00:00.000Z' },
    ];
    const commanderAt = (at: string) =>
      resolveEscalation(policy, 2, at, { schedules: [primary, daytime], roles }).targets[0]?.people;
    expect(commanderAt('2024-01-10T01:59:59.999Z')).toEqual([]);
    expect(commanderAt('2024-01-10T02:00:00.000Z')).toEqual([jane]);
    expect(commanderAt('2024-01-10T02:59:59.999Z')).toEqual([jane]);
    expect(commanderAt('2024-01-10T03:00:00.000Z')).toEqual([]);
    // Two stints of the same person at once are one page.
    const twice = [...roles, { role: 'incident_commander', person: jane, from: '2024-01-10T02:30:00.000Z' }];
    expect(
      resolveEscalation(policy, 2, '2024-01-10T02:45:00Z', { schedules: [primary, daytime], roles: twice })
        .targets[0]?.people,
    ).toEqual([jane]);
  });
});

describe('resolveIncidentEscalation and resolveIncidentPage', () => {
  const declared = () =>
    stateOf(
      createIncident({
        id: 'INC-P',
        title: 'Payments down',
        at: '2024-01-10T02:00:00Z',
        severity: 'SEV2',
        settings: { escalationPolicy: policy },
      }),
    );

  it('refuses what is not an incident, naming it', () => {
    expect(() => resolveIncidentEscalation(null as never, policy, 1, '2024-01-10T02:00:00Z')).toThrow(
      expect.objectContaining({
        message: expect.stringMatching(/^Invalid incident: expected an object with the incident's roles/),
      }),
    );
    const state = declared();
    for (const bad of [null, { ...state, settings: null }, { ...state, escalation: 'high' }]) {
      expect(() => resolveIncidentPage(bad as never)).toThrow(
        expect.objectContaining({
          message: expect.stringMatching(/^Invalid incident: expected an incident state/),
        }),
      );
    }
    const withoutPolicy = { ...state, settings: { ...state.settings, escalationPolicy: undefined } };
    expect(() => resolveIncidentPage(withoutPolicy as never)).toThrow(
      expect.objectContaining({
        code: 'invalid_input',
        issues: [{ path: ['settings', 'escalationPolicy'], message: 'Required' }],
      }),
    );
  });

  it('pages the current level (at least 1) at the later of detection and the last escalation', () => {
    const state = declared();
    const page = resolveIncidentPage(state, { schedules: [primary, daytime] });
    expect(page).toMatchObject({
      level: Math.max(1, state.escalation.level),
      at: '2024-01-10T02:00:00.000Z',
    });
    const notYet = { ...state, escalation: { ...state.escalation, level: 0 } };
    expect(resolveIncidentPage(notYet as never, { schedules: [primary] })).toMatchObject({
      level: 1,
      at: '2024-01-10T02:00:00.000Z',
    });
    const escalated = {
      ...state,
      escalation: { ...state.escalation, level: 2, lastEscalatedAt: '2024-01-10T02:10:00.000Z' },
    };
    expect(resolveIncidentPage(escalated as never, { schedules: [primary, daytime] })).toMatchObject({
      level: 2,
      at: '2024-01-10T02:10:00.000Z',
    });
    const redetected = {
      ...escalated,
      milestones: { ...state.milestones, detectedAt: '2024-01-10T02:20:00.000Z' },
    };
    expect(resolveIncidentPage(redetected as never, { schedules: [primary, daytime] }).at).toBe(
      '2024-01-10T02:20:00.000Z',
    );
    expect(resolveIncidentPage(escalated as never, { level: 3, at: '2024-01-10T05:00:00Z' })).toMatchObject({
      level: 3,
      at: '2024-01-10T05:00:00.000Z',
    });
  });
});
