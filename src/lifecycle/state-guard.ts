import type * as z from 'zod';
import { IncidentKitError, parseInput, type Result, safeParseInput } from '../errors';
import { invalidArgument, isPlainObjectLike } from '../internal/arguments';
import { objectMark } from '../internal/object-mark';
import { rememberRoleHistory } from '../roles/role-assignments';
import { rememberRoleCatalog } from '../roles/role-catalog';
import { rememberSeverityRules } from '../severity/classify-severity';
import { type IncidentState, IncidentStateSchema } from './incident-state';
import { INCIDENT_STATUSES, type IncidentStatus } from './incident-status';
import { checkIncidentInvariants } from './invariants';

/**
 * States the library made (`createIncident`, `applyEvent`) or already checked (`restoreIncident`,
 * `validateIncidentState`, any function given a foreign state). States are never modified, by the library or, as
 * documented, by callers, so checking such a state again would give the same answer: this mark only makes that
 * answer cheap (one check instead of a schema check of ~0.5 ms), the way the event index caches id look-ups. A mark,
 * not a WeakSet: see `internal/object-mark`.
 */
const sound = objectMark();

/**
 * Marks a state a step just made as sound, so functions given it later skip the schema check. Internal. (Its role
 * history and catalog are known already: a step keeps the old ones by reference or made them with the role
 * functions, which remember what they return.)
 *
 * @param state - a state built by `applyEvent`
 * @returns the same state
 */
export function trustState<S extends IncidentState>(state: S): S {
  sound.add(state);
  return state;
}

/**
 * Whether a value is a state the library made or checked (see `trustState`). Internal.
 *
 * @param value - anything
 * @returns `true` for a sound state
 */
export function isSoundState(value: unknown): value is IncidentState {
  return sound.has(value);
}

/**
 * Marks a new or newly checked state as sound, with its role history and role catalog, so the role functions every
 * later step calls skip their schema checks too. Internal.
 *
 * @param state - a state made by `createIncident`, or checked against the schema and invariants
 * @returns the same state
 */
export function trustNewState<S extends IncidentState>(state: S): S {
  rememberRoleHistory(state.roles);
  rememberRoleCatalog(state.settings.roleCatalog);
  rememberSeverityRules(state.settings.rules);
  return trustState(state);
}

/**
 * Checks an incident state argument: a state the library made or checked before passes at once; anything else is
 * checked against `IncidentStateSchema` (`invalid_input`, naming the field) and the incident's invariants
 * (`inconsistent_state`, listing each contradiction). Internal: `validateIncidentState` is its public form.
 *
 * @param data - what a caller passed as a state
 * @param what - the argument's name for messages, e.g. `'incident state'`
 * @returns the (normalised) state, or the error
 */
export function checkIncidentState(data: unknown, what = 'incident state'): Result<IncidentState> {
  if (sound.has(data)) return { ok: true, value: data as IncidentState };
  const parsed = safeParseInput(IncidentStateSchema, data, what);
  if (!parsed.ok) return parsed;
  const problems = checkIncidentInvariants(parsed.value);
  if (problems.length > 0) {
    return {
      ok: false,
      error: new IncidentKitError(
        'inconsistent_state',
        `The ${what} contradicts itself: ${problems.slice(0, 10).join('; ')}${problems.length > 10 ? `; and ${problems.length - 10} more` : ''}`,
        { input: data, details: { problems } },
      ),
    };
  }
  return { ok: true, value: trustNewState(parsed.value) };
}

/**
 * Like {@link checkIncidentState}, for functions without a failure mode of their own: throws the error.
 *
 * @param data - what a caller passed as a state
 * @param what - the argument's name for messages
 * @returns the state
 * @throws {IncidentKitError} `invalid_input` or `inconsistent_state`
 */
export function requireIncidentState(data: unknown, what = 'incident state'): IncidentState {
  const checked = checkIncidentState(data, what);
  if (!checked.ok) throw checked.error;
  return checked.value;
}

/**
 * The status of a `Pick<IncidentState, 'status'>` argument; throws `invalid_input` unless it is one.
 *
 * @param state - what a caller passed
 * @returns its status
 * @throws {IncidentKitError} `invalid_input`
 */
export function requireStatus(state: unknown): IncidentStatus {
  const status = isPlainObjectLike(state) ? state.status : undefined;
  if (typeof status === 'string' && (INCIDENT_STATUSES as readonly string[]).includes(status))
    return status as IncidentStatus;
  throw invalidArgument('state.status', `one of ${INCIDENT_STATUSES.join(', ')}`, status);
}

const pickSchemas = new Map<string, z.ZodType>();

/**
 * Some fields of a state argument (`Pick<IncidentState, …>`), checked like a state's: a state the library made
 * passes at once; anything else has those fields checked against `IncidentStateSchema`.
 *
 * @param state - what a caller passed
 * @param keys - the fields the function reads
 * @returns the (normalised) fields
 * @throws {IncidentKitError} `invalid_input`
 */
export function requireStateFields<K extends keyof IncidentState>(
  state: unknown,
  keys: readonly K[],
): Pick<IncidentState, K> {
  if (sound.has(state)) return state as IncidentState;
  if (!isPlainObjectLike(state)) throw invalidArgument('state', 'an incident state', state);
  const id = keys.join();
  let schema = pickSchemas.get(id);
  if (!schema) {
    schema = IncidentStateSchema.pick(Object.fromEntries(keys.map((key) => [key, true])) as never);
    pickSchemas.set(id, schema);
  }
  return parseInput(schema, Object.fromEntries(keys.map((key) => [key, state[key]])), 'state') as Pick<
    IncidentState,
    K
  >;
}
