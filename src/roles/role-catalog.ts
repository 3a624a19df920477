import * as z from 'zod';
import { describeValue, IncidentKitError, parseInput } from '../errors';
import { expectOptions } from '../internal/arguments';
import { deepFreeze } from '../internal/deep-freeze';
import { knownValues } from '../internal/known-values';
import { type RoleId, RoleIdSchema } from './role-id';

export { type RoleId, RoleIdSchema } from './role-id';

/**
 * The ids of the built-in roles.
 *
 * @example
 * BUILT_IN_ROLE_IDS[0];
 * //=> 'incident_commander'
 */
export const BUILT_IN_ROLE_IDS = [
  'incident_commander',
  'deputy',
  'communications_lead',
  'scribe',
  'subject_matter_expert',
  'reporter',
] as const;

/**
 * A role in the catalog: its id, a display name, whether one person or many may hold it, and what it does.
 *
 * @example
 * RoleSchema.parse({ id: 'customer_liaison', name: 'Customer Liaison', cardinality: 'one' }).cardinality;
 * //=> 'one'
 */
export const RoleSchema = z.strictObject({
  id: RoleIdSchema,
  name: z.string().trim().min(1),
  /** `one`: a single holder at a time (hand it off to change); `many`: any number of holders. */
  cardinality: z.enum(['one', 'many']),
  description: z.string().default(''),
});

/**
 * A role definition.
 *
 * @example
 * const role: Role = { id: 'scribe', name: 'Scribe', cardinality: 'one', description: 'Keeps the timeline' };
 * role.cardinality;
 * //=> 'one'
 */
export type Role = z.output<typeof RoleSchema>;

/**
 * A set of roles with unique ids.
 *
 * @example
 * RoleCatalogSchema.parse([{ id: 'scribe', name: 'Scribe', cardinality: 'one' }]).length;
 * //=> 1
 */
export const RoleCatalogSchema = z
  .array(RoleSchema)
  .min(1)
  .superRefine((roles, ctx) => {
    const seen = new Set<string>();
    roles.forEach((role, index) => {
      if (seen.has(role.id)) {
        ctx.addIssue({ code: 'custom', path: [index, 'id'], message: `Duplicate role id "${role.id}"` });
      }
      seen.add(role.id);
    });
  });

/**
 * A validated role catalog.
 *
 * @example
 * const catalog: RoleCatalog = DEFAULT_ROLE_CATALOG;
 * catalog.length;
 * //=> 6
 */
export type RoleCatalog = readonly Role[];

/**
 * The built-in roles, after the PagerDuty incident-response guide (Incident Commander, Deputy, Communications
 * Lead, Scribe, Subject Matter Expert) and the Reporter who declared the incident.
 *
 * @example
 * DEFAULT_ROLE_CATALOG.find((role) => role.id === 'subject_matter_expert')?.cardinality;
 * //=> 'many'
 */
export const DEFAULT_ROLE_CATALOG: RoleCatalog = [
  {
    id: 'incident_commander',
    name: 'Incident Commander',
    cardinality: 'one',
    description:
      'Single source of truth: coordinates, delegates and decides; approves external comms; does not debug.',
  },
  {
    id: 'deputy',
    name: 'Deputy',
    cardinality: 'one',
    description: 'Watches the clock and timers; hot standby for the Incident Commander.',
  },
  {
    id: 'communications_lead',
    name: 'Communications Lead',
    cardinality: 'one',
    description: 'Updates stakeholders; drafts internal and external updates.',
  },
  {
    id: 'scribe',
    name: 'Scribe',
    cardinality: 'one',
    description: 'Keeps the timeline: key actions, decisions and status reports.',
  },
  {
    id: 'subject_matter_expert',
    name: 'Subject Matter Expert',
    cardinality: 'many',
    description: 'Diagnoses and fixes; reports in CAN form (Conditions, Actions, Needs).',
  },
  {
    id: 'reporter',
    name: 'Reporter',
    cardinality: 'one',
    description: 'Declared the incident.',
  },
];

/**
 * Builds a role catalog: the built-in roles plus (or, with `{ replace: true }`, instead of) your own. A custom role
 * with a built-in id replaces that built-in.
 *
 * @param roles - extra or replacement roles
 * @param options - `replace: true` to drop the built-ins
 * @returns the validated catalog
 * @throws {IncidentKitError} `invalid_input` naming the bad field
 * @example
 * defineRoleCatalog([{ id: 'customer_liaison', name: 'Customer Liaison', cardinality: 'one' }]).length;
 * //=> 7
 */
export function defineRoleCatalog(
  roles: readonly z.input<typeof RoleSchema>[],
  options: { replace?: boolean } = {},
): RoleCatalog {
  const { replace } = expectOptions(options);
  const custom = parseInput(RoleCatalogSchema, roles, 'role catalog');
  if (replace === true) return custom;
  const customIds = new Set(custom.map((role) => role.id));
  // Remembered as checked, so frozen to stay as checked (the built-in roles copied, not frozen in place).
  return knownCatalogs.remember(
    deepFreeze([
      ...DEFAULT_ROLE_CATALOG.filter((role) => !customIds.has(role.id)).map((role) => ({ ...role })),
      ...custom,
    ]),
  );
}

const knownCatalogs = knownValues(RoleCatalogSchema, 'role catalog');

/**
 * A role catalog argument, checked unless this library made or checked it already. Internal.
 *
 * @param catalog - what a caller passed
 * @param field - its name for messages
 * @returns the catalog
 * @throws {IncidentKitError} `invalid_input`
 */
export function requireRoleCatalog(catalog: unknown, field = 'catalog'): RoleCatalog {
  if (catalog === DEFAULT_ROLE_CATALOG) return DEFAULT_ROLE_CATALOG;
  const checked = knownCatalogs.check(catalog, field);
  if (!checked.ok) throw checked.error;
  return checked.value;
}

/**
 * Remembers a catalog the library checked (an incident's own), so role functions skip its schema check. Internal.
 *
 * @param catalog - a checked catalog
 * @returns the same catalog
 */
export function rememberRoleCatalog(catalog: RoleCatalog): RoleCatalog {
  return knownCatalogs.remember(catalog);
}

/**
 * Looks a role up in a catalog.
 *
 * @param role - the role id
 * @param catalog - the catalog to search (default: the built-ins)
 * @returns the role definition
 * @throws {IncidentKitError} `unknown_role` when the catalog has no such role; `invalid_input` for a role that is
 *   not a string or a catalog that is not one
 * @example
 * getRole('incident_commander').name;
 * //=> 'Incident Commander'
 */
export function getRole(role: RoleId, catalog: RoleCatalog = DEFAULT_ROLE_CATALOG): Role {
  const roles = requireRoleCatalog(catalog);
  const found = typeof role === 'string' ? roles.find((entry) => entry.id === role) : undefined;
  if (!found) {
    throw new IncidentKitError(
      typeof role === 'string' ? 'unknown_role' : 'invalid_input',
      `Unknown role ${describeValue(role)}: expected one of ${roles.map((entry) => entry.id).join(', ')}`,
      { input: role },
    );
  }
  return found;
}
