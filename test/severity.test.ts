import fc from 'fast-check';
import {
  classifySeverity,
  compareSeverity,
  createIncident,
  DEFAULT_SEVERITY_RULES,
  DEGRADATIONS,
  defineSeverityRules,
  IMPACT_FLAGS,
  type ImpactAssessment,
  isMajorSeverity,
  isMoreSevere,
  raiseSeverity,
  SEVERITIES,
  type Severity,
} from 'incident-kit';
import { describe, expect, it } from 'vitest';
import { mostSevere } from '../src/severity/severity';
import { impactArb, severityArb, worseningArb } from './arbitraries/impact';
import { thrown } from './fixtures/assert';
import { seedDeclaration } from './fixtures/incident';
import { seedImpact } from './fixtures/seed';
import { prop } from './support/prop';
import { propertyRuns } from './support/property-runs';

describe('SEVERITIES', () => {
  it('lists the default scale most severe first', () => {
    expect(SEVERITIES).toEqual(['SEV1', 'SEV2', 'SEV3', 'SEV4', 'SEV5']);
  });
});

describe('compareSeverity', () => {
  it('is positive when the first is more severe', () => {
    expect(compareSeverity('SEV1', 'SEV2')).toBe(1);
    expect(compareSeverity('SEV4', 'SEV2')).toBe(-1);
    expect(compareSeverity('SEV3', 'SEV3')).toBe(0);
  });

  it('sorts least severe first', () => {
    expect((['SEV2', 'SEV5', 'SEV1', 'SEV3'] as Severity[]).sort(compareSeverity)).toEqual([
      'SEV5',
      'SEV3',
      'SEV2',
      'SEV1',
    ]);
  });

  it('rejects an unknown level with a clear error', () => {
    const error = thrown(() => compareSeverity('SEV9' as Severity, 'SEV1'));
    expect(error.code).toBe('invalid_input');
    expect(error.message).toContain('Unknown severity "SEV9"');
  });

  prop([severityArb, severityArb])('is antisymmetric', (a, b) => {
    expect(compareSeverity(a, b)).toBe(-compareSeverity(b, a) || 0);
  });

  prop([severityArb, severityArb, severityArb])('is transitive', (a, b, c) => {
    if (compareSeverity(a, b) >= 0 && compareSeverity(b, c) >= 0)
      expect(compareSeverity(a, c)).toBeGreaterThanOrEqual(0);
  });

  prop([severityArb, severityArb])('is total and agrees with isMoreSevere and equality', (a, b) => {
    const order = compareSeverity(a, b);
    expect([-1, 0, 1]).toContain(order);
    expect(order === 0).toBe(a === b);
    expect(isMoreSevere(a, b)).toBe(order > 0);
  });
});

describe('raiseSeverity', () => {
  it('moves towards SEV1 and stops at the ends', () => {
    expect(raiseSeverity('SEV3')).toBe('SEV2');
    expect(raiseSeverity('SEV1', 2)).toBe('SEV1');
    expect(raiseSeverity('SEV4', -3)).toBe('SEV5');
  });

  prop([severityArb, fc.integer({ min: 0, max: 6 })])(
    'never lowers the level for non-negative steps',
    (s, n) => {
      expect(compareSeverity(raiseSeverity(s, n), s)).toBeGreaterThanOrEqual(0);
    },
  );
});

describe('mostSevere and isMajorSeverity', () => {
  it('picks the most severe and knows the major levels', () => {
    expect(mostSevere(['SEV3', 'SEV2', 'SEV4'])).toBe('SEV2');
    expect(SEVERITIES.filter(isMajorSeverity)).toEqual(['SEV1', 'SEV2']);
  });
});

describe('defineSeverityRules', () => {
  it('returns a frozen rule set, so the one check it passed stays true', () => {
    const rules = defineSeverityRules(structuredClone(DEFAULT_SEVERITY_RULES));
    expect(() => {
      (rules.fallback as { severity: string }).severity = 'SEV9';
    }).toThrow(TypeError);
    expect(() => {
      (rules as { adjustments: unknown }).adjustments = null;
    }).toThrow(TypeError);
    expect(classifySeverity(seedImpact, rules).severity).toBe('SEV2');
    expect(Object.isFrozen(DEFAULT_SEVERITY_RULES)).toBe(false);
  });

  it('freezes its own copy, never a rule set the caller still holds (even one an incident already carries)', () => {
    const created = createIncident(seedDeclaration);
    if (!created.ok) throw created.error;
    const carried = created.state;
    expect(carried.settings.rules).toBe(DEFAULT_SEVERITY_RULES);
    const defined = defineSeverityRules(carried.settings.rules);
    expect(defined).not.toBe(DEFAULT_SEVERITY_RULES);
    expect(Object.isFrozen(defined)).toBe(true);
    expect(Object.isFrozen(DEFAULT_SEVERITY_RULES)).toBe(false);
    expect(Object.isFrozen(DEFAULT_SEVERITY_RULES.rules[0])).toBe(false);
    expect(defineSeverityRules(defined)).toEqual(defined);
  });
});

describe('classifySeverity', () => {
  it('returns SEV2 for the seed example with the facts that decided it', () => {
    const result = classifySeverity(seedImpact);
    expect(result.severity).toBe('SEV2');
    expect(result.ruleId).toBe('core-feature-impaired');
    expect(result.reasons).toEqual([
      'A core feature is unavailable or badly degraded for many customers',
      'customer-facing',
      'a core feature is affected',
      'degradation is partial outage (at least degraded)',
      '30% of users affected (at least 10%)',
    ]);
  });

  it('returns SEV2 for the seed example whether it is called degraded or a partial outage', () => {
    expect(classifySeverity({ ...seedImpact, degradation: 'degraded' }).severity).toBe('SEV2');
  });

  it('returns SEV1 for data loss or exposure, whatever else is true', () => {
    const minor = { usersAffectedPercent: 0, degradation: 'none' } as const;
    expect(classifySeverity({ ...minor, dataLoss: true })).toMatchObject({
      severity: 'SEV1',
      reasons: ['Customer data was lost'],
    });
    expect(classifySeverity({ ...minor, dataExposed: true, customerFacing: false }).severity).toBe('SEV1');
  });

  it('returns SEV1 when a core feature is out for most customers or an SLA is breached', () => {
    expect(classifySeverity({ ...seedImpact, usersAffectedPercent: 60 }).severity).toBe('SEV1');
    expect(classifySeverity({ ...seedImpact, usersAffectedPercent: 5, slaBreached: true }).severity).toBe(
      'SEV1',
    );
  });

  it('raises one level when the impact is getting worse', () => {
    const result = classifySeverity({ ...seedImpact, gettingWorse: true });
    expect(result).toMatchObject({
      severity: 'SEV1',
      baseSeverity: 'SEV2',
      adjustmentIds: ['getting-worse'],
    });
    expect(result.reasons.at(-1)).toBe('Raised one level because the impact is getting worse');
  });

  it('does not report a raise that changes nothing at SEV1', () => {
    const result = classifySeverity({
      usersAffectedPercent: 1,
      degradation: 'none',
      dataLoss: true,
      gettingWorse: true,
    });
    expect(result).toMatchObject({ severity: 'SEV1', adjustmentIds: [] });
  });

  it('returns SEV3 for a customer-facing degradation of a few users', () => {
    expect(classifySeverity({ usersAffectedPercent: 3, degradation: 'degraded' }).severity).toBe('SEV3');
  });

  it('returns SEV4 for an internal-only minor issue', () => {
    expect(
      classifySeverity({ usersAffectedPercent: 40, degradation: 'degraded', customerFacing: false }).severity,
    ).toBe('SEV4');
  });

  it('returns SEV3 for an internal core system outage', () => {
    const result = classifySeverity({
      usersAffectedPercent: 0,
      degradation: 'full_outage',
      customerFacing: false,
      coreFeatureAffected: true,
    });
    expect(result.severity).toBe('SEV3');
    expect(result.reasons).toContain('a core feature is affected');
  });

  it('returns SEV5 for a cosmetic issue, even one every user sees', () => {
    expect(
      classifySeverity({ usersAffectedPercent: 100, degradation: 'cosmetic', coreFeatureAffected: true }),
    ).toMatchObject({ severity: 'SEV5', ruleId: 'cosmetic' });
  });

  it('falls back when no rule matches', () => {
    expect(classifySeverity({ usersAffectedPercent: 0, degradation: 'none' })).toMatchObject({
      severity: 'SEV5',
      ruleId: null,
      reasons: ['No user-visible impact recorded'],
    });
  });

  it('uses replacement rules, with any/not conditions explained in words', () => {
    const rules = defineSeverityRules({
      rules: [
        {
          id: 'checkout',
          severity: 'SEV1',
          summary: 'Checkout is broken',
          when: {
            all: [
              {
                any: [
                  { fact: 'dataLoss', is: true },
                  { fact: 'degradation', atLeast: 'partial_outage', atMost: 'full_outage' },
                ],
              },
              { not: { fact: 'usersAffectedPercent', atMost: 1 } },
            ],
          },
        },
      ],
      fallback: { severity: 'SEV4', summary: 'Not checkout' },
    });
    expect(classifySeverity({ usersAffectedPercent: 20, degradation: 'full_outage' }, rules)).toMatchObject({
      severity: 'SEV1',
      reasons: [
        'Checkout is broken',
        'degradation is full outage (between partial outage and full outage)',
        'not (users affected at most 1%)',
      ],
    });
    expect(classifySeverity({ usersAffectedPercent: 1, degradation: 'full_outage' }, rules).severity).toBe(
      'SEV4',
    );
  });

  it('rejects bad input naming every wrong field', () => {
    const error = thrown(() =>
      classifySeverity({ usersAffectedPercent: 130, degradation: 'meh', dataLoss: 'yes' } as never),
    );
    expect(error.code).toBe('invalid_input');
    expect(error.issues.map((issue) => issue.path.join('.'))).toEqual([
      'usersAffectedPercent',
      'degradation',
      'dataLoss',
    ]);
    expect(error.message).toMatch(/^Invalid impact assessment:\n/);
    expect(error.message).toContain('→ at usersAffectedPercent');
    expect(error.input).toEqual({ usersAffectedPercent: 130, degradation: 'meh', dataLoss: 'yes' });
  });

  it('rejects unknown fields instead of ignoring a typo', () => {
    const error = thrown(() =>
      classifySeverity({ usersAffectedPercent: 1, degradation: 'none', datalos: true } as never),
    );
    expect(error.message).toContain('datalos');
  });

  it('rejects a rule set with an unknown severity or duplicate ids', () => {
    const badLevel = thrown(() =>
      defineSeverityRules({
        rules: [
          { id: 'a', severity: 'SEV0' as Severity, summary: 'x', when: { fact: 'dataLoss', is: true } },
        ],
        fallback: { severity: 'SEV5', summary: 'y' },
      }),
    );
    expect(badLevel.issues[0]?.path).toEqual(['rules', 0, 'severity']);
    const duplicate = thrown(() =>
      defineSeverityRules({
        rules: [
          { id: 'a', severity: 'SEV1', summary: 'x', when: { fact: 'dataLoss', is: true } },
          { id: 'a', severity: 'SEV2', summary: 'x', when: { fact: 'dataExposed', is: true } },
        ],
        fallback: { severity: 'SEV5', summary: 'y' },
      }),
    );
    expect(duplicate.message).toContain('Duplicate rule id "a"');
    const noBounds = thrown(() =>
      defineSeverityRules({
        rules: [{ id: 'a', severity: 'SEV1', summary: 'x', when: { fact: 'usersAffectedPercent' } }],
        fallback: { severity: 'SEV5', summary: 'y' },
      }),
    );
    expect(noBounds.message).toContain('Give atLeast, atMost or both');
  });

  it('keeps the default rules valid under their own schema', () => {
    expect(defineSeverityRules(DEFAULT_SEVERITY_RULES)).toEqual(DEFAULT_SEVERITY_RULES);
  });

  it('never lowers the severity over a grid of every fact combination and threshold neighbour', () => {
    const users = [0, 1, 5, 9.9, 10, 10.1, 25, 49.9, 50, 50.1, 75, 89.9, 90, 90.1, 99, 100];
    const flags = IMPACT_FLAGS;
    const grid: ImpactAssessment[] = [];
    for (let mask = 0; mask < 2 ** flags.length; mask++) {
      for (const degradation of DEGRADATIONS) {
        for (const usersAffectedPercent of users) {
          const impact = { usersAffectedPercent, degradation, affectedFeatures: [], notes: [] } as Record<
            string,
            unknown
          >;
          flags.forEach((flag, bit) => {
            impact[flag] = (mask & (1 << bit)) !== 0;
          });
          grid.push(impact as ImpactAssessment);
        }
      }
    }
    const rank = (impact: ImpactAssessment) =>
      SEVERITIES.length - SEVERITIES.indexOf(classifySeverity(impact).severity);
    const lowered: string[] = [];
    for (const impact of grid) {
      const base = rank(impact);
      const worse: ImpactAssessment[] = [
        ...users
          .filter((u) => u > impact.usersAffectedPercent)
          .map((u) => ({ ...impact, usersAffectedPercent: u })),
        ...DEGRADATIONS.slice(DEGRADATIONS.indexOf(impact.degradation) + 1).map((degradation) => ({
          ...impact,
          degradation,
        })),
        ...flags.filter((flag) => !impact[flag]).map((flag) => ({ ...impact, [flag]: true })),
      ];
      for (const next of worse) if (rank(next) < base) lowered.push(JSON.stringify([impact, next]));
    }
    expect(grid).toHaveLength(64 * 5 * users.length);
    expect(lowered.slice(0, 3)).toEqual([]);
  });

  prop([worseningArb], { numRuns: propertyRuns(2000) })(
    'never lowers the severity when the impact grows',
    ([before, after]) => {
      expect(
        compareSeverity(classifySeverity(after).severity, classifySeverity(before).severity),
      ).toBeGreaterThanOrEqual(0);
    },
  );

  prop([impactArb], { numRuns: propertyRuns(2000) })(
    'gives a non-empty reason for every result',
    (impact) => {
      const result = classifySeverity(impact);
      expect(SEVERITIES).toContain(result.severity);
      expect(result.reasons.length).toBeGreaterThan(0);
      expect(result.reasons.every((reason) => reason.length > 0)).toBe(true);
    },
  );

  prop([impactArb])('gives SEV1 whenever data is lost', (impact) => {
    expect(classifySeverity({ ...impact, dataLoss: true }).severity).toBe('SEV1');
  });
});
