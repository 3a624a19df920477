import { z } from 'zod';
import { IncidentKitError, parseInput } from '../errors';

/**
 * A role identifier: lowercase letters, digits and `_`, starting with a letter (`incident_commander`).
 *
 * @example
 * RoleIdSchema.parse('incident_commander');
 * //=> 'incident_commander'
 */
export const RoleIdSchema = z
  .string()
  .regex(/^[a-z][a-z0-9_]{0,63}$/, 'Role ids are lowercase letters, digits and _, starting with a letter');

/**
 * A role identifier.
 *
 * @example
 * const role: RoleId = 'scribe';
 * role;
 * //=> 'scribe'
 */
export type RoleId = z.infer<typeof RoleIdSchema>;

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
 * The built-in roles, after the PagerDuty incident-response guide (Incident Commander, Deputy, Scribe, Subject Matter
 * Expert, liaisons) and the Incident Command System it borrows from.
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
  const custom = parseInput(RoleCatalogSchema, roles, 'role catalog');
  if (options.replace) return custom;
  const customIds = new Set(custom.map((role) => role.id));
  return [...DEFAULT_ROLE_CATALOG.filter((role) => !customIds.has(role.id)), ...custom];
}

/**
 * Looks a role up in a catalog.
 *
 * @param role - the role id
 * @param catalog - the catalog to search (default: the built-ins)
 * @returns the role definition
 * @throws {IncidentKitError} `unknown_role` when the catalog has no such role
 * @example
 * getRole('incident_commander').name;
 * //=> 'Incident Commander'
 */
export function getRole(role: RoleId, catalog: RoleCatalog = DEFAULT_ROLE_CATALOG): Role {
  const found = catalog.find((entry) => entry.id === role);
  if (!found) {
    throw new IncidentKitError(
      'unknown_role',
      `Unknown role ${JSON.stringify(role)}: expected one of ${catalog.map((entry) => entry.id).join(', ')}`,
      { input: role },
    );
  }
  return found;
}
