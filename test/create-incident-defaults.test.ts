// createIncident checks that the roles a declaration's settings need are in its catalog only when it brings settings
// of its own: the defaults are consistent, and this test holds them so.
import { createIncident, DEFAULT_ROLE_CATALOG, DEFAULT_SEVERITY_POLICIES, SEVERITIES } from 'incident-kit';
import { describe, expect, it } from 'vitest';
import { at } from './fixtures/incident';
import { jane } from './fixtures/seed';

describe('the default settings', () => {
  it('need only roles of the default catalog, the reporter included', () => {
    const known = new Set(DEFAULT_ROLE_CATALOG.map((role) => role.id));
    const needed = SEVERITIES.flatMap((level) => DEFAULT_SEVERITY_POLICIES[level].requiredRoles);
    for (const role of [...needed, 'reporter']) expect(known.has(role), role).toBe(true);
  });

  it('give the same incident whether spelled out or left to default', () => {
    const declaration = { id: 'INC-1', title: 'Auth down', at: at(0), severity: 'SEV2', by: jane } as const;
    const implicit = createIncident(declaration);
    const explicit = createIncident({
      ...declaration,
      settings: { policies: DEFAULT_SEVERITY_POLICIES, roleCatalog: [...DEFAULT_ROLE_CATALOG] },
    });
    expect(implicit.ok && explicit.ok).toBe(true);
    if (implicit.ok && explicit.ok)
      expect(JSON.stringify(implicit.state)).toBe(JSON.stringify(explicit.state));
  });

  it('are still checked when a declaration brings its own catalog', () => {
    const result = createIncident({
      id: 'INC-2',
      title: 'Auth down',
      at: at(0),
      severity: 'SEV1',
      settings: { roleCatalog: DEFAULT_ROLE_CATALOG.filter((role) => role.id !== 'incident_commander') },
    });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.code).toBe('unknown_role');
  });
});
