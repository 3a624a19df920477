import fc from 'fast-check';
import { DEGRADATIONS, IMPACT_FLAGS, type ImpactAssessment, SEVERITIES } from 'incident-kit';

export const severityArb = fc.constantFrom(...SEVERITIES);
export const degradationArb = fc.constantFrom(...DEGRADATIONS);

// Percentages near the default rules' thresholds come up often, so boundary bugs are found.
export const percentArb = fc.oneof(
  fc.constantFrom(0, 1, 9.99, 10, 25, 49.99, 50, 90, 100),
  fc.double({ min: 0, max: 100, noNaN: true }),
);

export const impactArb: fc.Arbitrary<ImpactAssessment> = fc.record({
  usersAffectedPercent: percentArb,
  degradation: degradationArb,
  coreFeatureAffected: fc.boolean(),
  customerFacing: fc.boolean(),
  gettingWorse: fc.boolean(),
  dataLoss: fc.boolean(),
  dataExposed: fc.boolean(),
  slaBreached: fc.boolean(),
  affectedFeatures: fc.array(fc.string({ minLength: 1 }), { maxLength: 3 }),
  notes: fc.array(fc.string({ minLength: 1 }), { maxLength: 3 }),
});

/**
 * An impact and a second one that is worse in exactly one way: more users, a worse degradation, or one more bad fact
 * turned on. Monotonicity over single steps implies it over any chain of them, and single steps find the boundary
 * cases far more often than changing everything at once.
 */
export const worseningArb = fc
  .tuple(
    impactArb,
    fc.oneof(
      fc.record({ kind: fc.constant('users' as const), to: percentArb }),
      fc.record({ kind: fc.constant('degradation' as const), steps: fc.integer({ min: 1, max: 4 }) }),
      fc.record({ kind: fc.constant('fact' as const), fact: fc.constantFrom(...IMPACT_FLAGS) }),
    ),
  )
  .map(([impact, change]) => {
    const worse: ImpactAssessment = { ...impact };
    if (change.kind === 'users')
      worse.usersAffectedPercent = Math.max(impact.usersAffectedPercent, change.to);
    if (change.kind === 'degradation') {
      const index = Math.min(
        DEGRADATIONS.length - 1,
        DEGRADATIONS.indexOf(impact.degradation) + change.steps,
      );
      worse.degradation = DEGRADATIONS[index] ?? impact.degradation;
    }
    if (change.kind === 'fact') worse[change.fact] = true;
    return [impact, worse] as const;
  });
