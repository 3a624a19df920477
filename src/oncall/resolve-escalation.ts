import * as z from 'zod';
import { IncidentKitError, parseInput } from '../errors';
import {
  type EscalationPolicyInput,
  EscalationPolicySchema,
  type EscalationTarget,
} from '../escalation/escalation-policy';
import { expectOptions, invalidArgument, isPlainObjectLike } from '../internal/arguments';
import type { IncidentState } from '../lifecycle/incident-state';
import { type RoleAssignment, RoleAssignmentsSchema } from '../roles/role-assignments';
import { type Timestamp, TimestampSchema } from '../time/timestamp';
import {
  memberKeyOf,
  type OnCallMember,
  type Schedule,
  type ScheduleInput,
  ScheduleSchema,
} from './schedule';
import { shiftAt } from './who-is-on-call';

/**
 * Why a target named nobody: the schedule was not supplied, the schedule has a gap at that moment, or nobody holds
 * the role.
 *
 * @example
 * const problem: EscalationProblem = 'nobody_on_call';
 * problem;
 * //=> 'nobody_on_call'
 */
export type EscalationProblem = 'unknown_schedule' | 'nobody_on_call' | 'role_unassigned';

/**
 * One target of the level and whom it named (`problem` says why when it named nobody).
 *
 * @example
 * const resolved: ResolvedEscalationTarget = { target: { type: 'role', role: 'scribe' }, people: [],
 *   problem: 'role_unassigned' };
 * resolved.problem;
 * //=> 'role_unassigned'
 */
export interface ResolvedEscalationTarget {
  readonly target: EscalationTarget;
  readonly people: readonly OnCallMember[];
  readonly problem?: EscalationProblem;
}

/**
 * Whom to page for one level at one moment: `people` (each once, in target order) and, per target, whom it named.
 * `people` may hold host-resolved references (`{ ref }`) where a schedule lists them.
 *
 * @example
 * const resolution: Pick<EscalationResolution, 'level' | 'people'> = { level: 1, people: [{ id: 'ana', name: 'Ana' }] };
 * resolution.people.length;
 * //=> 1
 */
export interface EscalationResolution {
  readonly policyId: string;
  readonly level: number;
  readonly at: Timestamp;
  readonly people: readonly OnCallMember[];
  readonly targets: readonly ResolvedEscalationTarget[];
}

/**
 * Where `resolveEscalation` looks targets up: the schedules a `schedule` target may name (by `id`), and the
 * incident's role history, for `role` targets (the holders at `at`).
 *
 * @example
 * const options: EscalationContext = { schedules: [], roles: [] };
 * options.roles?.length;
 * //=> 0
 */
export interface EscalationContext {
  readonly schedules?: readonly ScheduleInput[];
  readonly roles?: readonly RoleAssignment[];
}

/**
 * The people one level of an escalation policy pages at `at`: persons as named, whoever is on call in each schedule
 * target, and whoever holds each role target in the incident. A target that names nobody does not stop the others;
 * its `problem` says why, so the host can page the next level or a fallback.
 *
 * @param policy - the escalation policy (validated here)
 * @param level - the level, 1-based (see `getEscalationStep` to turn a page count into a level)
 * @param at - the moment of the page
 * @param context - `schedules` for schedule targets, `roles` (the incident's role assignments) for role targets
 * @returns the people and, per target, what it resolved to
 * @throws {IncidentKitError} `invalid_input` for a bad policy, schedule, role history or timestamp, or a level
 *   the policy does not have
 * @example
 * const policy = { id: 'payments', levels: [{ delayMinutes: 5, targets: [
 *   { type: 'schedule', scheduleId: 'primary' }, { type: 'role', role: 'incident_commander' }] }] };
 * const schedule = { id: 'primary', timeZone: 'UTC', layers: [{ rotationStart: '2024-01-01', handoffTime: '09:00',
 *   turn: { length: 1, unit: 'days' }, members: [{ id: 'ana', name: 'Ana' }, { id: 'ben', name: 'Ben' }] }] };
 * const roles = [{ role: 'incident_commander', person: { id: 'jane', name: 'Jane' }, from: '2024-01-02T10:00:00.000Z' }];
 * resolveEscalation(policy, 1, '2024-01-02T10:30:00Z', { schedules: [schedule], roles })
 *   .people.map((person) => 'id' in person ? person.id : person.ref);
 * //=> ['ben', 'jane']
 */
export function resolveEscalation(
  policy: EscalationPolicyInput,
  level: number,
  at: string,
  context: EscalationContext = {},
): EscalationResolution {
  const parsed = parseInput(EscalationPolicySchema, policy, 'escalation policy');
  const moment = parseInput(TimestampSchema, at, 'at');
  const index = parseInput(z.number().int().min(1), level, 'level');
  const definition = parsed.levels[index - 1];
  if (definition === undefined) {
    throw new IncidentKitError(
      'invalid_input',
      `Invalid level: policy ${parsed.id} has levels 1 to ${parsed.levels.length}, not ${index}`,
      { input: level, issues: [{ path: ['level'], message: `Expected 1 to ${parsed.levels.length}` }] },
    );
  }
  const given = expectOptions(context, 'context');
  const roles = parseInput(RoleAssignmentsSchema, given.roles ?? [], 'role assignments');
  const schedules = scheduleLookup(given.schedules ?? []);

  const seen = new Set<string>();
  const people: OnCallMember[] = [];
  const targets = definition.targets.map((target): ResolvedEscalationTarget => {
    const resolved = resolveTarget(target, moment, schedules, roles);
    for (const person of resolved.people) {
      const key = memberKeyOf(person);
      if (!seen.has(key)) {
        seen.add(key);
        people.push(person);
      }
    }
    return resolved;
  });
  return { policyId: parsed.id, level: index, at: moment, people, targets };
}

/**
 * `resolveEscalation` for an incident: role targets resolve against the incident's own role history (an
 * `IncidentState` has `roles`), so a lifecycle that pages level `level` can name the people in one call.
 *
 * @param incident - anything with the incident's `roles` (its role assignments), e.g. an `IncidentState`
 * @param policy - the escalation policy
 * @param level - the level, 1-based
 * @param at - the moment of the page
 * @param options - `schedules` for schedule targets
 * @returns the people and, per target, what it resolved to
 * @throws {IncidentKitError} `invalid_input` as `resolveEscalation`
 * @example
 * const incident = { roles: [{ role: 'incident_commander', person: { id: 'jane', name: 'Jane' },
 *   from: '2024-01-02T10:00:00.000Z' }] };
 * const policy = { id: 'sev1', levels: [{ delayMinutes: 5, targets: [{ type: 'role', role: 'incident_commander' }] }] };
 * resolveIncidentEscalation(incident, policy, 1, '2024-01-02T10:05:00Z').people;
 * //=> [{ id: 'jane', name: 'Jane' }]
 */
export function resolveIncidentEscalation(
  incident: { readonly roles: readonly RoleAssignment[] },
  policy: EscalationPolicyInput,
  level: number,
  at: string,
  options: { readonly schedules?: readonly ScheduleInput[] } = {},
): EscalationResolution {
  const { schedules } = expectOptions(options);
  if (!isPlainObjectLike(incident))
    throw invalidArgument('incident', "an object with the incident's roles", incident);
  return resolveEscalation(policy, level, at, { schedules: schedules ?? [], roles: incident.roles });
}

/**
 * Who to page now for an incident that runs under an escalation policy (`settings.escalationPolicy`): the people of
 * the level its escalation has reached (or `options.level`, e.g. a `page` effect's `level`), at the time of its last
 * page (or `options.at`), with role targets resolved against the incident's own roles and schedule targets against
 * `options.schedules`. One call for a host acting on a `page` effect. The first page goes out when the incident is
 * declared, also when its acknowledgement deadline counts from an earlier alert start (`ackDeadlineFrom:
 * 'alert_started'`): it names whoever is on call at the declaration, not at the alert's start.
 *
 * @param incident - the incident state (its `settings.escalationPolicy`, `escalation`, `roles` and
 *   `milestones.detectedAt` are read)
 * @param options - `schedules` for schedule targets; `level` and `at` to resolve another page than the last one
 * @returns the people and, per target, what it resolved to
 * @throws {IncidentKitError} `invalid_input` when the incident has no escalation policy, or as `resolveEscalation`
 * @example
 * const policy = { id: 'payments', levels: [{ delayMinutes: 5, targets: [{ type: 'schedule', scheduleId: 'primary' }] }] };
 * const created = createIncident({ id: 'INC-7', title: 'Payments down', at: '2024-01-02T10:30:00Z', severity: 'SEV2',
 *   settings: { escalationPolicy: policy } });
 * const schedule = { id: 'primary', timeZone: 'UTC', layers: [{ rotationStart: '2024-01-01', handoffTime: '09:00',
 *   turn: { length: 1, unit: 'days' }, members: [{ id: 'ana', name: 'Ana' }, { id: 'ben', name: 'Ben' }] }] };
 * created.ok && resolveIncidentPage(created.state, { schedules: [schedule] }).people;
 * //=> [{ id: 'ben', name: 'Ben' }]
 */
export function resolveIncidentPage(
  incident: Pick<IncidentState, 'roles' | 'settings' | 'escalation'> &
    Partial<Pick<IncidentState, 'milestones'>>,
  options: {
    readonly schedules?: readonly ScheduleInput[];
    readonly level?: number;
    readonly at?: string;
  } = {},
): EscalationResolution {
  const { schedules, level, at } = expectOptions(options);
  if (
    !isPlainObjectLike(incident) ||
    !isPlainObjectLike(incident.settings) ||
    !isPlainObjectLike(incident.escalation)
  )
    throw invalidArgument('incident', 'an incident state', incident);
  const policy = incident.settings.escalationPolicy;
  if (!policy) {
    throw new IncidentKitError(
      'invalid_input',
      'The incident has no escalation policy: declare it with settings.escalationPolicy, or call resolveEscalation with one',
      { input: incident, issues: [{ path: ['settings', 'escalationPolicy'], message: 'Required' }] },
    );
  }
  return resolveEscalation(
    policy,
    level ?? Math.max(1, incident.escalation.level),
    at ?? lastPageAt(incident),
    {
      schedules: schedules ?? [],
      roles: incident.roles,
    },
  );
}

/**
 * When the incident's last page went out. `escalation.lastEscalatedAt` is the base of the acknowledgement deadline:
 * the time of the last page, except for the first page of an incident whose deadline counts from the alert's start,
 * which is earlier than the declaration (and its page). No page is earlier than the declaration.
 */
function lastPageAt(
  incident: Pick<IncidentState, 'escalation'> & Partial<Pick<IncidentState, 'milestones'>>,
): string {
  const base = incident.escalation.lastEscalatedAt;
  const detectedAt = isPlainObjectLike(incident.milestones) ? incident.milestones.detectedAt : undefined;
  // Both are normalised timestamps in a state this library made; anything else is left to resolveEscalation's check.
  return typeof base === 'string' && typeof detectedAt === 'string' && detectedAt > base ? detectedAt : base;
}

function scheduleLookup(inputs: readonly ScheduleInput[]): (id: string) => Schedule | undefined {
  if (!Array.isArray(inputs)) throw invalidArgument('schedules', 'an array of schedules', inputs);
  const raw = new Map<string, ScheduleInput>();
  inputs.forEach((input, index) => {
    const id = typeof input === 'object' && input !== null ? input.id : undefined;
    if (typeof id !== 'string') {
      throw parseError(input, index, 'Expected a schedule with an id');
    }
    if (raw.has(id)) throw parseError(input, index, `Two schedules have the id "${id}"`);
    raw.set(id, input);
  });
  const parsed = new Map<string, Schedule>();
  return (id) => {
    const cached = parsed.get(id);
    if (cached !== undefined) return cached;
    const input = raw.get(id);
    if (input === undefined) return undefined;
    const schedule = parseInput(ScheduleSchema, input, `schedule "${id}"`);
    parsed.set(id, schedule);
    return schedule;
  };
}

function parseError(input: unknown, index: number, message: string): IncidentKitError {
  return new IncidentKitError('invalid_input', `Invalid schedules: ${message}`, {
    input,
    issues: [{ path: ['schedules', index], message }],
  });
}

function resolveTarget(
  target: EscalationTarget,
  at: Timestamp,
  schedules: (id: string) => Schedule | undefined,
  roles: readonly RoleAssignment[],
): ResolvedEscalationTarget {
  switch (target.type) {
    case 'person':
      return { target, people: [target.person] };
    case 'schedule': {
      const schedule = schedules(target.scheduleId);
      if (schedule === undefined) return { target, people: [], problem: 'unknown_schedule' };
      const shift = shiftAt(schedule, at);
      return shift === null
        ? { target, people: [], problem: 'nobody_on_call' }
        : { target, people: [shift.member] };
    }
    case 'role': {
      const holders = roles
        .filter(
          (stint) =>
            stint.role === target.role && stint.from <= at && (stint.until === undefined || stint.until > at),
        )
        .map((stint) => stint.person);
      const unique = holders.filter(
        (person, index) => holders.findIndex((other) => other.id === person.id) === index,
      );
      return unique.length === 0
        ? { target, people: [], problem: 'role_unassigned' }
        : { target, people: unique };
    }
  }
}
