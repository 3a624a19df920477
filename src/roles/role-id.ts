import * as z from 'zod';

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
