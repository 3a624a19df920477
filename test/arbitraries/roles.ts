import fc from 'fast-check';
import { BUILT_IN_ROLE_IDS, type Person } from 'incident-kit';

export const people: readonly Person[] = [
  { id: 'jane', name: 'Jane Smith', handle: '@jane-smith' },
  { id: 'sam', name: 'Sam Lee' },
  { id: 'ola', name: 'Ola Nordmann' },
  { id: 'kim', name: 'Kim Park', slackUserId: 'U024BE7LH' },
];

export const personArb = fc.constantFrom(...people);
export const roleArb = fc.constantFrom(...BUILT_IN_ROLE_IDS);

/** One role operation, `stepMinutes` after the previous one (possibly negative, to exercise ordering). */
export type RoleOperation =
  | { kind: 'assign'; role: string; person: Person; stepMinutes: number }
  | { kind: 'release'; role: string; personId: string; stepMinutes: number }
  | { kind: 'handoff'; role: string; from: string | undefined; to: Person; stepMinutes: number };

const step = fc.integer({ min: -5, max: 30 });

export const roleOperationArb: fc.Arbitrary<RoleOperation> = fc.oneof(
  fc.record({ kind: fc.constant('assign' as const), role: roleArb, person: personArb, stepMinutes: step }),
  fc.record({
    kind: fc.constant('release' as const),
    role: roleArb,
    personId: personArb.map((person) => person.id),
    stepMinutes: step,
  }),
  fc.record({
    kind: fc.constant('handoff' as const),
    role: roleArb,
    from: fc.option(
      personArb.map((person) => person.id),
      { nil: undefined },
    ),
    to: personArb,
    stepMinutes: step,
  }),
);
