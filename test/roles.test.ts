import fc from 'fast-check';
import {
  assignRole,
  checkRoles,
  DEFAULT_ROLE_CATALOG,
  defineRoleCatalog,
  getPersonRoles,
  getRole,
  getRoleHolders,
  getSeverityPolicy,
  handOffRole,
  IncidentKitError,
  type Result,
  type RoleAssignment,
  releaseRole,
} from 'incident-kit';
import { describe, expect, it } from 'vitest';
import { type RoleOperation, roleOperationArb } from './arbitraries/roles';
import { thrown } from './fixtures/assert';
import { jane, ola, sam } from './fixtures/seed';
import { prop } from './support/prop';
import { propertyRuns } from './support/property-runs';

const T0 = '2024-01-15T14:20:00.000Z';
const at = (minutes: number) => new Date(Date.parse(T0) + minutes * 60_000).toISOString();

function value<T>(result: Result<T>): T {
  if (!result.ok) throw result.error;
  return result.value;
}

function errorOf<T>(result: Result<T>): IncidentKitError {
  if (result.ok) throw new Error('expected a failure');
  return result.error;
}

const withCommander = value(assignRole([], { role: 'incident_commander', person: jane, at: T0 }));

describe('DEFAULT_ROLE_CATALOG', () => {
  it('has the six roles of the process, SMEs as the only many-holder role', () => {
    expect(DEFAULT_ROLE_CATALOG.map((role) => [role.id, role.cardinality])).toEqual([
      ['incident_commander', 'one'],
      ['deputy', 'one'],
      ['communications_lead', 'one'],
      ['scribe', 'one'],
      ['subject_matter_expert', 'many'],
      ['reporter', 'one'],
    ]);
  });
});

describe('defineRoleCatalog', () => {
  it('adds custom roles and lets them replace a built-in', () => {
    const catalog = defineRoleCatalog([
      { id: 'customer_liaison', name: 'Customer Liaison', cardinality: 'one' },
      { id: 'scribe', name: 'Scribes', cardinality: 'many' },
    ]);
    expect(getRole('customer_liaison', catalog).name).toBe('Customer Liaison');
    expect(getRole('scribe', catalog).cardinality).toBe('many');
    expect(catalog).toHaveLength(7);
    // Checked once and remembered, so frozen; the built-in roles it copied are not frozen in place.
    expect(() => (catalog as unknown as unknown[]).push({ id: 'x' })).toThrow(TypeError);
    expect(Object.isFrozen(catalog[0]) && !Object.isFrozen(DEFAULT_ROLE_CATALOG[0])).toBe(true);
  });

  it('rejects a bad id and duplicates, naming the field', () => {
    expect(() => defineRoleCatalog([{ id: 'Bad Id', name: 'x', cardinality: 'one' }])).toThrow(
      /→ at \[0\]\.id/,
    );
    expect(() =>
      defineRoleCatalog([
        { id: 'a', name: 'x', cardinality: 'one' },
        { id: 'a', name: 'y', cardinality: 'many' },
      ]),
    ).toThrow(/Duplicate role id "a"/);
  });
});

describe('assignRole', () => {
  it('records who holds the role from when', () => {
    expect(withCommander).toEqual([{ role: 'incident_commander', person: jane, from: T0 }]);
    expect(getRoleHolders(withCommander, 'incident_commander')).toEqual([jane]);
  });

  it('keeps who assigned it', () => {
    const result = value(assignRole(withCommander, { role: 'scribe', person: sam, at: at(1), by: 'jane' }));
    expect(result[1]).toEqual({ role: 'scribe', person: sam, from: at(1), assignedBy: 'jane' });
  });

  it('refuses a second holder of a single-holder role', () => {
    const error = errorOf(assignRole(withCommander, { role: 'incident_commander', person: sam, at: at(1) }));
    expect(error.code).toBe('role_taken');
    expect(error.message).toBe(
      'Incident Commander is held by Jane Smith; hand it off with handOffRole instead',
    );
  });

  it('allows many Subject Matter Experts but not the same one twice', () => {
    const one = value(assignRole([], { role: 'subject_matter_expert', person: sam, at: T0 }));
    const two = value(assignRole(one, { role: 'subject_matter_expert', person: ola, at: at(1) }));
    expect(getRoleHolders(two, 'subject_matter_expert')).toEqual([sam, ola]);
    expect(errorOf(assignRole(two, { role: 'subject_matter_expert', person: ola, at: at(2) })).code).toBe(
      'already_role_holder',
    );
  });

  it('rejects an unknown role, bad people and malformed timestamps with clear errors', () => {
    const unknown = errorOf(assignRole([], { role: 'wizard', person: jane, at: T0 }));
    expect(unknown.code).toBe('unknown_role');
    expect(unknown.message).toContain('Unknown role "wizard"');
    expect(unknown.input).toEqual({ role: 'wizard', person: jane, at: T0 });
    const invalid = errorOf(assignRole([], { role: 'scribe', person: { id: '', name: 'x' }, at: 'soon' }));
    expect(invalid.code).toBe('invalid_input');
    expect(invalid.issues.map((issue) => issue.path.join('.'))).toEqual(['person.id', 'at']);
  });

  it('rejects a time earlier than the last change to the role', () => {
    const released = value(
      releaseRole(withCommander, { role: 'incident_commander', personId: 'jane', at: at(10) }),
    );
    expect(errorOf(assignRole(released, { role: 'incident_commander', person: sam, at: at(5) })).code).toBe(
      'out_of_order',
    );
  });
});

describe('releaseRole', () => {
  it('closes the stint and frees the role', () => {
    const released = value(
      releaseRole(withCommander, { role: 'incident_commander', personId: 'jane', at: at(30) }),
    );
    expect(released).toEqual([
      { role: 'incident_commander', person: jane, from: T0, until: at(30), ended: 'released' },
    ]);
    expect(getRoleHolders(released, 'incident_commander')).toEqual([]);
  });

  it('refuses to release a role the person does not hold', () => {
    expect(
      errorOf(releaseRole(withCommander, { role: 'incident_commander', personId: 'sam', at: at(1) })).code,
    ).toBe('not_role_holder');
  });
});

describe('handOffRole', () => {
  it('ends the outgoing stint and starts the incoming one at the same instant, keeping the brief', () => {
    const handed = value(
      handOffRole(withCommander, {
        role: 'incident_commander',
        to: sam,
        at: at(60),
        by: 'jane',
        note: 'Handing over command to Sam',
      }),
    );
    expect(handed).toEqual([
      {
        role: 'incident_commander',
        person: jane,
        from: T0,
        until: at(60),
        ended: 'handed_off',
        handedOffTo: 'sam',
        note: 'Handing over command to Sam',
      },
      { role: 'incident_commander', person: sam, from: at(60), assignedBy: 'jane' },
    ]);
    expect(getPersonRoles(handed, 'sam')).toEqual(['incident_commander']);
    expect(getPersonRoles(handed, 'jane')).toEqual([]);
  });

  it('needs a holder, and for many-holder roles needs to be told which one', () => {
    expect(errorOf(handOffRole([], { role: 'scribe', to: sam, at: T0 })).message).toBe(
      'Cannot hand off Scribe: nobody holds it',
    );
    const experts = value(assignRole([], { role: 'subject_matter_expert', person: sam, at: T0 }));
    expect(errorOf(handOffRole(experts, { role: 'subject_matter_expert', to: ola, at: at(1) })).code).toBe(
      'not_role_holder',
    );
    const handed = value(
      handOffRole(experts, { role: 'subject_matter_expert', from: 'sam', to: ola, at: at(1) }),
    );
    expect(getRoleHolders(handed, 'subject_matter_expert')).toEqual([ola]);
  });

  it('refuses to hand a role to someone who holds it', () => {
    expect(
      errorOf(handOffRole(withCommander, { role: 'incident_commander', to: jane, at: at(1) })).code,
    ).toBe('already_role_holder');
  });
});

describe('checkRoles', () => {
  it('lists the roles a SEV2 still needs', () => {
    expect(checkRoles(withCommander, getSeverityPolicy('SEV2'))).toEqual({
      ok: false,
      missing: ['communications_lead', 'subject_matter_expert'],
      conflicts: [],
    });
  });

  it('is satisfied when IC, Communications Lead and an SME are held by different people', () => {
    let roles = value(assignRole(withCommander, { role: 'communications_lead', person: sam, at: at(1) }));
    roles = value(assignRole(roles, { role: 'subject_matter_expert', person: ola, at: at(2) }));
    expect(checkRoles(roles, getSeverityPolicy('SEV1'))).toEqual({ ok: true, missing: [], conflicts: [] });
  });

  it('flags an IC acting as SME in a SEV1/SEV2 but not in a SEV3', () => {
    const roles = value(
      assignRole(withCommander, { role: 'subject_matter_expert', person: jane, at: at(1) }),
    );
    expect(checkRoles(roles, getSeverityPolicy('SEV2')).conflicts).toEqual([
      { code: 'commander_is_sme', personId: 'jane' },
    ]);
    expect(checkRoles(roles, getSeverityPolicy('SEV3'))).toEqual({ ok: true, missing: [], conflicts: [] });
  });

  it('flags two holders of a single-holder role and roles outside the catalog in hand-built histories', () => {
    const handBuilt: RoleAssignment[] = [
      { role: 'incident_commander', person: jane, from: T0 },
      { role: 'incident_commander', person: sam, from: T0 },
      { role: 'wizard', person: ola, from: T0 },
    ];
    expect(checkRoles(handBuilt, getSeverityPolicy('SEV4')).conflicts).toEqual([
      { code: 'multiple_holders', role: 'incident_commander', personIds: ['jane', 'sam'] },
      { code: 'unknown_role', role: 'wizard' },
    ]);
  });

  it('throws when a policy requires a role the catalog lacks', () => {
    expect(() => checkRoles([], { requiredRoles: ['wizard'], commanderMayActAsSme: true })).toThrow(
      IncidentKitError,
    );
  });
});

function apply(
  assignments: readonly RoleAssignment[],
  op: RoleOperation,
  when: string,
): Result<RoleAssignment[]> {
  switch (op.kind) {
    case 'assign':
      return assignRole(assignments, { role: op.role, person: op.person, at: when });
    case 'release':
      return releaseRole(assignments, { role: op.role, personId: op.personId, at: when });
    case 'handoff':
      return handOffRole(assignments, { role: op.role, from: op.from, to: op.to, at: when });
  }
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}

describe('role operations', () => {
  prop([fc.array(roleOperationArb, { maxLength: 60 })], { numRuns: propertyRuns(1000) })(
    'never leave two holders of a single-holder role, keep history append-only and never mutate their input',
    (operations) => {
      let assignments: readonly RoleAssignment[] = deepFreeze([]);
      let minutes = 0;
      for (const op of operations) {
        minutes += op.stepMinutes;
        const before = structuredClone(assignments);
        const result = apply(assignments, op, at(minutes));
        expect(assignments).toEqual(before);
        if (!result.ok) {
          expect(result.error).toBeInstanceOf(IncidentKitError);
          continue;
        }
        const next = result.value;
        // Append-only: every earlier stint is still there, in place, with the same holder, role and start;
        // only an open stint may have been closed.
        expect(next.length).toBeGreaterThanOrEqual(before.length);
        before.forEach((old, index) => {
          const now = next[index];
          expect(now).toMatchObject({ role: old.role, person: old.person, from: old.from });
          if (old.until !== undefined) expect(now).toEqual(old);
        });
        for (const stint of next) if (stint.until !== undefined) expect(stint.until >= stint.from).toBe(true);
        expect(checkRoles(next, { requiredRoles: [], commanderMayActAsSme: true }).conflicts).toEqual([]);
        assignments = deepFreeze(next);
      }
    },
  );
});

// What a chat bot shows the responder who typed the command: each refusal says what is wrong, in words.
describe('role refusals, word for word', () => {
  const said = <T>(result: Result<T>) => {
    const error = errorOf(result);
    return [error.code, error.message];
  };
  const experts = value(
    assignRole(value(assignRole([], { role: 'subject_matter_expert', person: jane, at: at(1) })), {
      role: 'subject_matter_expert',
      person: sam,
      at: at(2),
    }),
  );

  it('names the person and the role they already hold', () => {
    expect(said(assignRole(withCommander, { role: 'incident_commander', person: jane, at: at(1) }))).toEqual([
      'already_role_holder',
      'Jane Smith already holds Incident Commander',
    ]);
    expect(
      said(handOffRole(experts, { role: 'subject_matter_expert', to: sam, from: 'jane', at: at(3) })),
    ).toEqual(['already_role_holder', 'Sam Lee already holds Subject Matter Expert']);
  });

  it('says why a handoff has nobody to take the role from', () => {
    expect(said(handOffRole([], { role: 'incident_commander', to: sam, at: at(1) }))).toEqual([
      'not_role_holder',
      'Cannot hand off Incident Commander: nobody holds it',
    ]);
    expect(said(handOffRole(experts, { role: 'subject_matter_expert', to: ola, at: at(3) }))).toEqual([
      'not_role_holder',
      'Cannot hand off Subject Matter Expert: it has several holders; say which one in `from`',
    ]);
    expect(
      said(releaseRole(withCommander, { role: 'incident_commander', personId: 'sam', at: at(1) })),
    ).toEqual(['not_role_holder', 'sam does not hold Incident Commander']);
  });

  it('names the last change a late event comes before: the end of a closed stint, else its start', () => {
    const released = value(
      releaseRole(withCommander, { role: 'incident_commander', personId: 'jane', at: at(10) }),
    );
    expect(said(assignRole(released, { role: 'incident_commander', person: sam, at: at(5) }))).toEqual([
      'out_of_order',
      `${at(5)} is earlier than the last change to incident_commander at ${at(10)}`,
    ]);
    expect(said(assignRole(withCommander, { role: 'incident_commander', person: sam, at: at(-5) }))).toEqual([
      'out_of_order',
      `${at(-5)} is earlier than the last change to incident_commander at ${T0}`,
    ]);
    // A stint that ended as it began (until = from) is dated by either: the same instant.
    const instant = value(
      releaseRole(withCommander, { role: 'incident_commander', personId: 'jane', at: T0 }),
    );
    expect(value(assignRole(instant, { role: 'incident_commander', person: sam, at: T0 }))).toHaveLength(2);
  });

  it('names the command whose input is invalid, and the field', () => {
    expect(errorOf(assignRole([], { role: 'incident_commander', at: T0 } as never)).message).toMatch(
      /^Invalid role assignment/,
    );
    expect(errorOf(releaseRole([], { role: 'incident_commander', at: T0 } as never)).message).toMatch(
      /^Invalid role release/,
    );
    expect(errorOf(handOffRole([], { role: 'incident_commander', at: T0 } as never)).message).toMatch(
      /^Invalid role handoff/,
    );
    expect(() => getRoleHolders([], 7 as never)).toThrow(/^Invalid role: expected a string/);
    expect(() => getPersonRoles([], 7 as never)).toThrow(/^Invalid personId: expected a string/);
    expect(() => getRoleHolders(7 as never, 'scribe')).toThrow(/^Invalid assignments:/);
    expect(() => checkRoles([], { requiredRoles: 'incident_commander' } as never)).toThrow(
      /^Invalid policy: expected an object with requiredRoles \(role ids\) and commanderMayActAsSme/,
    );
    expect(
      errorOf(assignRole([], { role: 'incident_commander', person: jane, at: T0 }, { catalog: 7 as never }))
        .message,
    ).toMatch(/^Invalid options\.catalog:/);
  });
});

describe('role histories and catalogs, exactly', () => {
  it('leaves out assignedBy and note when nobody gave them (no undefined keys in stored histories)', () => {
    const [entry] = withCommander;
    expect(Object.keys(entry as object)).toEqual(['role', 'person', 'from']);
    const handed = value(handOffRole(withCommander, { role: 'incident_commander', to: sam, at: at(1) }));
    expect(Object.keys(handed[0] as object)).toEqual([
      'role',
      'person',
      'from',
      'until',
      'ended',
      'handedOffTo',
    ]);
    expect(Object.keys(handed[1] as object)).toEqual(['role', 'person', 'from']);
  });

  it('orders changes per role: a later change to one role does not hold back another', () => {
    const later = value(assignRole([], { role: 'incident_commander', person: jane, at: at(10) }));
    expect(value(assignRole(later, { role: 'scribe', person: sam, at: at(5) }))).toHaveLength(2);
  });

  it('refuses a policy with a role that is not an id, or without commanderMayActAsSme', () => {
    expect(() => checkRoles([], { requiredRoles: [7], commanderMayActAsSme: true } as never)).toThrow(
      /^Invalid policy/,
    );
    expect(() => checkRoles([], { requiredRoles: [] } as never)).toThrow(/^Invalid policy/);
    expect(checkRoles([], { requiredRoles: ['incident_commander'], commanderMayActAsSme: true }).ok).toBe(
      false,
    );
    expect(
      checkRoles(withCommander, { requiredRoles: ['incident_commander'], commanderMayActAsSme: true }).ok,
    ).toBe(true);
  });

  it('builds catalogs as asked: the built-ins kept whole, or replaced; duplicates named', () => {
    const scribe = {
      id: 'scribe',
      name: 'Scribe',
      cardinality: 'one',
      description: 'Keeps the timeline',
    } as const;
    const merged = defineRoleCatalog([{ ...scribe, name: 'Note Taker' }]);
    expect(merged.find((role) => role.id === 'incident_commander')).toEqual(
      DEFAULT_ROLE_CATALOG.find((role) => role.id === 'incident_commander'),
    );
    expect(merged.find((role) => role.id === 'scribe')?.name).toBe('Note Taker');
    expect(defineRoleCatalog([scribe], { replace: true }).map((role) => role.id)).toEqual(['scribe']);
    expect(() => defineRoleCatalog([scribe, scribe])).toThrow(
      /^Invalid role catalog:[\s\S]*Duplicate role id "scribe"/,
    );
  });

  it('says which catalog is wrong and which roles it has', () => {
    expect(() => getRole('incident_commander', 7 as never)).toThrow(/^Invalid catalog:/);
    const unknown = thrown(() => getRole('captain'));
    expect([unknown.code, unknown.input]).toEqual(['unknown_role', 'captain']);
    expect(unknown.message).toMatch(/^Unknown role "captain": expected one of incident_commander, /);
    const notText = thrown(() => getRole(7 as never));
    expect([notText.code, notText.input]).toEqual(['invalid_input', 7]);
  });
});
