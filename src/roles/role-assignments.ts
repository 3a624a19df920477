import * as z from 'zod';
import { IncidentKitError, type Result, safeParseInput } from '../errors';
import { expectOptions, expectString, invalidArgument, isPlainObjectLike } from '../internal/arguments';
import { knownValues } from '../internal/known-values';
import { type Timestamp, TimestampSchema } from '../time/timestamp';
import { type Person, PersonSchema } from './person';
import {
  DEFAULT_ROLE_CATALOG,
  getRole,
  type RoleCatalog,
  type RoleId,
  RoleIdSchema,
  requireRoleCatalog,
} from './role-catalog';

const PersonIdSchema = z.string().trim().min(1, 'Person id must not be empty');

/**
 * One stint of one person in one role: from when, until when (absent while still held), and how it ended. The
 * list of these is the role history; entries are only ever appended, and an open entry only ever gets closed.
 *
 * @example
 * RoleAssignmentSchema.parse({ role: 'incident_commander', person: { id: 'jane', name: 'Jane Smith' },
 *   from: '2024-01-15T14:20:00Z' }).from;
 * //=> '2024-01-15T14:20:00.000Z'
 */
export const RoleAssignmentSchema = z.strictObject({
  role: RoleIdSchema,
  person: PersonSchema,
  from: TimestampSchema,
  until: TimestampSchema.optional(),
  /** Id of the person who made the assignment. */
  assignedBy: PersonIdSchema.optional(),
  /** How the stint ended: released, or handed off to `handedOffTo`. */
  ended: z.enum(['released', 'handed_off']).optional(),
  handedOffTo: PersonIdSchema.optional(),
  /** For handoffs: the brief or announcement. */
  note: z.string().optional(),
});

/**
 * A role assignment.
 *
 * @example
 * const stint: RoleAssignment = { role: 'scribe', person: { id: 'li', name: 'Li' }, from: '2024-01-15T14:20:00.000Z' };
 * stint.until;
 * //=> undefined
 */
export type RoleAssignment = z.output<typeof RoleAssignmentSchema>;

/**
 * The role history of one incident, oldest first.
 *
 * @example
 * RoleAssignmentsSchema.parse([]);
 * //=> []
 */
export const RoleAssignmentsSchema = z.array(RoleAssignmentSchema);

/**
 * Input to {@link assignRole}: who takes which role, when, and (optionally) who assigned them.
 *
 * @example
 * AssignRoleInputSchema.parse({ role: 'scribe', person: { id: 'li', name: 'Li' }, at: '2024-01-15T14:20:00Z' }).role;
 * //=> 'scribe'
 */
export const AssignRoleInputSchema = z.strictObject({
  role: RoleIdSchema,
  person: PersonSchema,
  at: TimestampSchema,
  by: PersonIdSchema.optional(),
});

/**
 * Input to {@link releaseRole}: who gives up which role, and when.
 *
 * @example
 * ReleaseRoleInputSchema.parse({ role: 'scribe', personId: 'li', at: '2024-01-15T15:00:00Z' }).personId;
 * //=> 'li'
 */
export const ReleaseRoleInputSchema = z.strictObject({
  role: RoleIdSchema,
  personId: PersonIdSchema,
  at: TimestampSchema,
  by: PersonIdSchema.optional(),
});

/**
 * Input to {@link handOffRole}: the role, the incoming holder, when, and optionally the outgoing holder (required
 * only for roles with many holders) and the brief.
 *
 * @example
 * HandOffRoleInputSchema.parse({ role: 'incident_commander', to: { id: 'sam', name: 'Sam' }, at: '2024-01-15T15:00:00Z' }).to.id;
 * //=> 'sam'
 */
export const HandOffRoleInputSchema = z.strictObject({
  role: RoleIdSchema,
  from: PersonIdSchema.optional(),
  to: PersonSchema,
  at: TimestampSchema,
  by: PersonIdSchema.optional(),
  note: z.string().optional(),
});

/**
 * Options for the role functions.
 *
 * @example
 * const options: RoleOptions = { catalog: DEFAULT_ROLE_CATALOG };
 * options.catalog?.length;
 * //=> 6
 */
export interface RoleOptions {
  /** The role catalog (default: the built-in roles). */
  readonly catalog?: RoleCatalog;
}

/**
 * The people who hold a role now.
 *
 * @param assignments - the role history
 * @param role - the role id
 * @returns current holders, in the order they took the role
 * @example
 * getRoleHolders([{ role: 'scribe', person: { id: 'li', name: 'Li' }, from: '2024-01-15T14:20:00.000Z' }], 'scribe')
 *   .map((person) => person.id);
 * //=> ['li']
 */
export function getRoleHolders(assignments: readonly RoleAssignment[], role: RoleId): Person[] {
  expectString(role, 'role');
  return requireHistory(assignments)
    .filter((entry) => entry.role === role && entry.until === undefined)
    .map((entry) => entry.person);
}

/**
 * The roles a person holds now.
 *
 * @param assignments - the role history
 * @param personId - the person's id
 * @returns role ids, in the order they were taken
 * @example
 * getPersonRoles([{ role: 'scribe', person: { id: 'li', name: 'Li' }, from: '2024-01-15T14:20:00.000Z' }], 'li');
 * //=> ['scribe']
 */
export function getPersonRoles(assignments: readonly RoleAssignment[], personId: string): RoleId[] {
  expectString(personId, 'personId');
  return requireHistory(assignments)
    .filter((entry) => entry.person.id === personId && entry.until === undefined)
    .map((e) => e.role);
}

/**
 * Gives a person a role. A single-holder role that someone else holds is not taken over: hand it off instead.
 *
 * @param history - the role history (not modified)
 * @param input - role, person, `at` and optionally `by`
 * @param options - the role catalog
 * @returns the new history, or `invalid_input`, `unknown_role`, `role_taken`, `already_role_holder`, `out_of_order`
 * @example
 * const result = assignRole([], { role: 'incident_commander', person: { id: 'jane', name: 'Jane Smith' }, at: '2024-01-15T14:20:00Z' });
 * result.ok && result.value.length;
 * //=> 1
 */
export function assignRole(
  history: readonly RoleAssignment[],
  input: z.input<typeof AssignRoleInputSchema>,
  options: RoleOptions = {},
): Result<RoleAssignment[]> {
  const parsed = safeParseInput(AssignRoleInputSchema, input, 'role assignment');
  if (!parsed.ok) return parsed;
  const { role, person, at, by } = parsed.value;
  return guard(input, () => {
    const assignments = requireHistory(history);
    const definition = getRole(role, catalogOf(options));
    checkOrder(assignments, role, at, input);
    const holders = getRoleHolders(assignments, role);
    if (holders.some((holder) => holder.id === person.id)) {
      throw new IncidentKitError('already_role_holder', `${person.name} already holds ${definition.name}`, {
        input,
      });
    }
    const [current] = holders;
    if (definition.cardinality === 'one' && current) {
      throw new IncidentKitError(
        'role_taken',
        `${definition.name} is held by ${current.name}; hand it off with handOffRole instead`,
        { input },
      );
    }
    return [...assignments, { role, person, from: at, ...(by === undefined ? {} : { assignedBy: by }) }];
  });
}

/**
 * Ends a person's hold on a role.
 *
 * @param history - the role history (not modified)
 * @param input - role, person id, `at` and optionally `by`
 * @param options - the role catalog
 * @returns the new history, or `invalid_input`, `unknown_role`, `not_role_holder`, `out_of_order`
 * @example
 * const held = [{ role: 'scribe', person: { id: 'li', name: 'Li' }, from: '2024-01-15T14:20:00.000Z' }];
 * const result = releaseRole(held, { role: 'scribe', personId: 'li', at: '2024-01-15T15:00:00Z' });
 * result.ok && result.value[0]?.until;
 * //=> '2024-01-15T15:00:00.000Z'
 */
export function releaseRole(
  history: readonly RoleAssignment[],
  input: z.input<typeof ReleaseRoleInputSchema>,
  options: RoleOptions = {},
): Result<RoleAssignment[]> {
  const parsed = safeParseInput(ReleaseRoleInputSchema, input, 'role release');
  if (!parsed.ok) return parsed;
  const { role, personId, at } = parsed.value;
  return guard(input, () => {
    const assignments = requireHistory(history);
    const definition = getRole(role, catalogOf(options));
    checkOrder(assignments, role, at, input);
    const index = findOpen(assignments, role, personId, definition.name, input);
    return closeAt(assignments, index, { until: at, ended: 'released' });
  });
}

/**
 * Hands a role over: the outgoing holder's stint ends and the incoming one's begins at the same instant, with the
 * brief kept on the closed stint. For single-holder roles the outgoing holder is the current one.
 *
 * @param history - the role history (not modified)
 * @param input - role, incoming person, `at`, and optionally the outgoing person id, `by` and `note`
 * @param options - the role catalog
 * @returns the new history, or `invalid_input`, `unknown_role`, `not_role_holder`, `already_role_holder`,
 *   `out_of_order`
 * @example
 * const held = [{ role: 'incident_commander', person: { id: 'jane', name: 'Jane' }, from: '2024-01-15T14:20:00.000Z' }];
 * const result = handOffRole(held, { role: 'incident_commander', to: { id: 'sam', name: 'Sam' }, at: '2024-01-15T16:00:00Z' });
 * result.ok && getRoleHolders(result.value, 'incident_commander').map((person) => person.id);
 * //=> ['sam']
 */
export function handOffRole(
  history: readonly RoleAssignment[],
  input: z.input<typeof HandOffRoleInputSchema>,
  options: RoleOptions = {},
): Result<RoleAssignment[]> {
  const parsed = safeParseInput(HandOffRoleInputSchema, input, 'role handoff');
  if (!parsed.ok) return parsed;
  const { role, to, at, by, note } = parsed.value;
  return guard(input, () => {
    const assignments = requireHistory(history);
    const definition = getRole(role, catalogOf(options));
    checkOrder(assignments, role, at, input);
    const holders = getRoleHolders(assignments, role);
    const fromId = parsed.value.from ?? (definition.cardinality === 'one' ? holders[0]?.id : undefined);
    if (fromId === undefined) {
      const reason =
        holders.length === 0 ? 'nobody holds it' : 'it has several holders; say which one in `from`';
      throw new IncidentKitError('not_role_holder', `Cannot hand off ${definition.name}: ${reason}`, {
        input,
      });
    }
    if (holders.some((holder) => holder.id === to.id)) {
      throw new IncidentKitError('already_role_holder', `${to.name} already holds ${definition.name}`, {
        input,
      });
    }
    const index = findOpen(assignments, role, fromId, definition.name, input);
    const closed = closeAt(assignments, index, {
      until: at,
      ended: 'handed_off',
      handedOffTo: to.id,
      ...(note === undefined ? {} : { note }),
    });
    return [...closed, { role, person: to, from: at, ...(by === undefined ? {} : { assignedBy: by }) }];
  });
}

/**
 * A problem with who holds which role.
 *
 * @example
 * const conflict: RoleConflict = { code: 'commander_is_sme', personId: 'jane' };
 * conflict.code;
 * //=> 'commander_is_sme'
 */
export type RoleConflict =
  | { readonly code: 'multiple_holders'; readonly role: RoleId; readonly personIds: readonly string[] }
  | { readonly code: 'commander_is_sme'; readonly personId: string }
  | { readonly code: 'unknown_role'; readonly role: RoleId };

/**
 * The outcome of {@link checkRoles}.
 *
 * @example
 * const check: RoleCheck = { ok: false, missing: ['incident_commander'], conflicts: [] };
 * check.missing;
 * //=> ['incident_commander']
 */
export interface RoleCheck {
  /** `true` when nothing is missing and nothing conflicts. */
  readonly ok: boolean;
  /** Required roles that nobody holds, in the policy's order. */
  readonly missing: readonly RoleId[];
  readonly conflicts: readonly RoleConflict[];
}

/**
 * Checks the current holders against what a severity requires: required roles nobody holds, single-holder roles
 * with several holders, roles not in the catalog, and an Incident Commander who is also a Subject Matter Expert
 * where the policy forbids it (SEV1/SEV2 by default).
 *
 * @param history - the role history
 * @param policy - the severity policy (`requiredRoles`, `commanderMayActAsSme`), e.g. from `getSeverityPolicy`
 * @param options - the role catalog
 * @returns what is missing and what conflicts
 * @throws {IncidentKitError} `unknown_role` when the policy requires a role the catalog does not have
 * @example
 * checkRoles([], { requiredRoles: ['incident_commander'], commanderMayActAsSme: false }).missing;
 * //=> ['incident_commander']
 */
export function checkRoles(
  history: readonly RoleAssignment[],
  policy: { readonly requiredRoles: readonly RoleId[]; readonly commanderMayActAsSme: boolean },
  options: RoleOptions = {},
): RoleCheck {
  const assignments = requireHistory(history);
  const catalog = catalogOf(options);
  if (
    !isPlainObjectLike(policy) ||
    !Array.isArray(policy.requiredRoles) ||
    !policy.requiredRoles.every((role) => typeof role === 'string') ||
    typeof policy.commanderMayActAsSme !== 'boolean'
  )
    throw invalidArgument(
      'policy',
      'an object with requiredRoles (role ids) and commanderMayActAsSme',
      policy,
    );
  const missing = policy.requiredRoles.filter((role) => {
    getRole(role, catalog);
    return getRoleHolders(assignments, role).length === 0;
  });
  const conflicts: RoleConflict[] = [];
  const active = [
    ...new Set(assignments.filter((entry) => entry.until === undefined).map((entry) => entry.role)),
  ];
  for (const role of active) {
    const definition = catalog.find((entry) => entry.id === role);
    if (!definition) {
      conflicts.push({ code: 'unknown_role', role });
      continue;
    }
    const holders = getRoleHolders(assignments, role);
    if (definition.cardinality === 'one' && holders.length > 1) {
      conflicts.push({ code: 'multiple_holders', role, personIds: holders.map((holder) => holder.id) });
    }
  }
  if (!policy.commanderMayActAsSme) {
    const experts = new Set(getRoleHolders(assignments, 'subject_matter_expert').map((person) => person.id));
    for (const commander of getRoleHolders(assignments, 'incident_commander')) {
      if (experts.has(commander.id)) conflicts.push({ code: 'commander_is_sme', personId: commander.id });
    }
  }
  return { ok: missing.length === 0 && conflicts.length === 0, missing, conflicts };
}

const knownHistories = knownValues(RoleAssignmentsSchema, 'role history');

/** A role history argument, checked unless this library made or checked it already. */
function requireHistory(assignments: unknown): RoleAssignment[] {
  const checked = knownHistories.check(assignments, 'assignments');
  if (!checked.ok) throw checked.error;
  return checked.value;
}

/**
 * Remembers a role history the library checked (an incident's own), so role functions skip its schema check.
 * Internal.
 *
 * @param assignments - a checked role history
 * @returns the same history
 */
export function rememberRoleHistory(assignments: readonly RoleAssignment[]): readonly RoleAssignment[] {
  return knownHistories.remember(assignments as RoleAssignment[]);
}

function catalogOf(options: unknown): RoleCatalog {
  const { catalog } = expectOptions(options as RoleOptions | undefined);
  return catalog === undefined ? DEFAULT_ROLE_CATALOG : requireRoleCatalog(catalog, 'options.catalog');
}

function guard<T>(input: unknown, build: () => T): Result<T> {
  try {
    const value = build();
    if (Array.isArray(value)) knownHistories.remember(value as RoleAssignment[]);
    return { ok: true, value };
  } catch (error) {
    if (error instanceof IncidentKitError) {
      // Keep the caller's whole input on the error, not just the field that failed a lookup.
      return {
        ok: false,
        error: new IncidentKitError(error.code, error.message, { input, issues: error.issues }),
      };
    }
    throw error;
  }
}

function checkOrder(
  assignments: readonly RoleAssignment[],
  role: RoleId,
  at: Timestamp,
  input: unknown,
): void {
  for (const entry of assignments) {
    if (entry.role !== role) continue;
    const latest = entry.until !== undefined && entry.until > entry.from ? entry.until : entry.from;
    if (at < latest) {
      throw new IncidentKitError(
        'out_of_order',
        `${at} is earlier than the last change to ${role} at ${latest}`,
        {
          input,
        },
      );
    }
  }
}

function findOpen(
  assignments: readonly RoleAssignment[],
  role: RoleId,
  personId: string,
  roleName: string,
  input: unknown,
): number {
  const index = assignments.findIndex(
    (entry) => entry.role === role && entry.person.id === personId && entry.until === undefined,
  );
  if (index === -1) {
    throw new IncidentKitError('not_role_holder', `${personId} does not hold ${roleName}`, { input });
  }
  return index;
}

function closeAt(
  assignments: readonly RoleAssignment[],
  index: number,
  end: Partial<RoleAssignment>,
): RoleAssignment[] {
  return assignments.map((entry, position) => (position === index ? { ...entry, ...end } : entry));
}
