export { type Person, PersonSchema } from './person';
export {
  assignRole,
  checkRoles,
  getPersonRoles,
  getRoleHolders,
  handOffRole,
  type RoleAssignment,
  RoleAssignmentsSchema,
  type RoleCheck,
  type RoleConflict,
  type RoleOptions,
  releaseRole,
} from './role-assignments';
export {
  BUILT_IN_ROLE_IDS,
  DEFAULT_ROLE_CATALOG,
  defineRoleCatalog,
  getRole,
  type Role,
  type RoleCatalog,
  type RoleId,
} from './role-catalog';
