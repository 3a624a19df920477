// Custom rule sets use every kind of condition the schema allows (Stryker found `not`, `atMost` and boundary cases
// no test reached), and every refusal names its field in words a caller can act on.
import { tz } from '@date-fns/tz';
import { addBusinessDays } from 'date-fns';
import fc from 'fast-check';
import {
  classifySeverity,
  DEFAULT_SEVERITY_POLICIES,
  defineSeverityPolicies,
  defineSeverityRules,
  getExternalUpdateInterval,
  getPostmortemDue,
  getSeverityPolicy,
  type ImpactAssessmentInput,
  raiseSeverity,
  type SeverityPolicy,
  type SeverityRules,
} from 'incident-kit';
import { describe, expect, it } from 'vitest';
import { thrown } from './fixtures/assert';
import { prop } from './support/prop';
import { propertyRuns } from './support/property-runs';

const base: ImpactAssessmentInput = { usersAffectedPercent: 30, degradation: 'degraded' };
const fallback = { severity: 'SEV5', summary: 'Nothing matched' } as const;

function rulesWith(when: unknown, severity = 'SEV2'): SeverityRules {
  return defineSeverityRules({
    rules: [{ id: 'the-rule', severity, summary: 'The rule', when }] as never,
    fallback,
  });
}

describe('conditions of custom rules', () => {
  it('`not` holds exactly when its condition does not, and says so in words', () => {
    const rules = rulesWith({ not: { fact: 'dataLoss', is: true } });
    expect(classifySeverity({ ...base, dataLoss: true }, rules).ruleId).toBeNull();
    const held = classifySeverity(base, rules);
    expect(held.ruleId).toBe('the-rule');
    expect(held.reasons).toEqual(['The rule', 'not (customer data was lost)']);
  });

  it('describes a negated `all` / `any` of ranges and flags', () => {
    const rules = rulesWith({
      not: {
        any: [
          {
            all: [
              { fact: 'usersAffectedPercent', atLeast: 50 },
              { fact: 'customerFacing', is: true },
            ],
          },
          { fact: 'degradation', atLeast: 'degraded', atMost: 'full_outage' },
          { fact: 'usersAffectedPercent', atMost: 5 },
          { fact: 'slaBreached', is: false },
        ],
      },
    });
    const result = classifySeverity(
      { usersAffectedPercent: 20, degradation: 'cosmetic', slaBreached: true },
      rules,
    );
    expect(result.reasons).toEqual([
      'The rule',
      'not (users affected at least 50% and customer-facing or degradation between degraded and full outage or ' +
        'users affected at most 5% or no SLA is breached)',
    ]);
  });

  it('a share of users holds from atLeast to atMost, both included', () => {
    const rules = rulesWith({ fact: 'usersAffectedPercent', atLeast: 10, atMost: 40 });
    const at = (usersAffectedPercent: number) =>
      classifySeverity({ ...base, usersAffectedPercent }, rules).ruleId;
    expect([9.99, 10, 25, 40, 40.01].map(at)).toEqual([null, 'the-rule', 'the-rule', 'the-rule', null]);
    expect(classifySeverity({ ...base, usersAffectedPercent: 10 }, rules).reasons).toEqual([
      'The rule',
      '10% of users affected (between 10% and 40%)',
    ]);
    const atMost = rulesWith({ fact: 'usersAffectedPercent', atMost: 5 });
    expect(classifySeverity({ ...base, usersAffectedPercent: 5 }, atMost).reasons).toEqual([
      'The rule',
      '5% of users affected (at most 5%)',
    ]);
    expect(classifySeverity({ ...base, usersAffectedPercent: 6 }, atMost).ruleId).toBeNull();
  });

  it('a degradation holds from atLeast to atMost, both included, and either bound alone', () => {
    const between = rulesWith({ fact: 'degradation', atLeast: 'degraded', atMost: 'partial_outage' });
    const ruleFor = (rules: SeverityRules, degradation: ImpactAssessmentInput['degradation']) =>
      classifySeverity({ ...base, degradation }, rules).ruleId;
    const all = ['none', 'cosmetic', 'degraded', 'partial_outage', 'full_outage'] as const;
    expect(all.map((d) => ruleFor(between, d))).toEqual([null, null, 'the-rule', 'the-rule', null]);
    const atMost = rulesWith({ fact: 'degradation', atMost: 'cosmetic' });
    expect(all.map((d) => ruleFor(atMost, d))).toEqual(['the-rule', 'the-rule', null, null, null]);
    const atLeast = rulesWith({ fact: 'degradation', atLeast: 'full_outage' });
    expect(all.map((d) => ruleFor(atLeast, d))).toEqual([null, null, null, null, 'the-rule']);
    expect(classifySeverity({ ...base, degradation: 'none' }, atMost).reasons).toEqual([
      'The rule',
      'degradation is none (at most cosmetic)',
    ]);
  });

  it('refuses a range condition without bounds, a duplicate id and a condition nested deeper than 32 levels', () => {
    for (const fact of ['usersAffectedPercent', 'degradation']) {
      const error = thrown(() => rulesWith({ fact }));
      expect(error.code).toBe('invalid_input');
      expect(error.message).toContain('Give atLeast, atMost or both');
    }
    const duplicate = thrown(() =>
      defineSeverityRules({
        rules: [{ id: 'twice', severity: 'SEV2', summary: 'A', when: { fact: 'dataLoss', is: true } }],
        fallback,
        adjustments: [{ id: 'twice', raiseBy: 1, summary: 'B', when: { fact: 'gettingWorse', is: true } }],
      }),
    );
    expect(duplicate.issues).toEqual([
      { path: ['adjustments', 0, 'id'], message: 'Duplicate rule id "twice"' },
    ]);
    const nested = (levels: number): unknown =>
      levels === 0 ? { fact: 'dataLoss', is: true } : { not: nested(levels - 1) };
    expect(rulesWith(nested(32)).rules[0]?.id).toBe('the-rule');
    const deep = thrown(() => rulesWith(nested(33)));
    expect(deep.issues).toEqual([
      { path: ['rules', 0, 'when'], message: 'The condition nests deeper than 32 levels' },
    ]);
    const duplicateRule = thrown(() =>
      defineSeverityRules({
        rules: [
          { id: 'same', severity: 'SEV2', summary: 'A', when: { fact: 'dataLoss', is: true } },
          { id: 'same', severity: 'SEV3', summary: 'B', when: { fact: 'dataExposed', is: true } },
        ],
        fallback,
      }),
    );
    expect(duplicateRule.issues).toEqual([{ path: ['rules', 1, 'id'], message: 'Duplicate rule id "same"' }]);
  });

  it('names the rule set in its refusal', () => {
    expect(thrown(() => defineSeverityRules(null as never)).message).toMatch(/^Invalid severity rules/);
  });
});

describe('severity levels', () => {
  it('says what is wrong with a level', () => {
    expect(thrown(() => raiseSeverity(undefined as never)).message).toContain('Severity is required');
    expect(thrown(() => raiseSeverity('SEV9' as never)).message).toContain(
      'Unknown severity "SEV9": expected SEV1..SEV5',
    );
    expect(thrown(() => raiseSeverity('SEV9' as never)).issues[0]?.path).toEqual([]);
  });
});

describe('severity policies', () => {
  it('name what they refuse', () => {
    expect(thrown(() => defineSeverityPolicies({}, null as never)).message).toMatch(
      /^Invalid base severity policies/,
    );
    expect(thrown(() => defineSeverityPolicies(null as never)).message).toMatch(
      /^Invalid severity policy overrides/,
    );
    expect(thrown(() => defineSeverityPolicies({ SEV2: { ackWithinMinutes: -1 } })).message).toMatch(
      /^Invalid severity policies/,
    );
    expect(thrown(() => getSeverityPolicy('SEV2', null as never)).message).toBe(
      'Invalid policies: expected a severity policy table, got null',
    );
    const { SEV2: _, ...withoutSev2 } = DEFAULT_SEVERITY_POLICIES;
    expect(thrown(() => getSeverityPolicy('SEV2', withoutSev2 as never)).message).toBe(
      'Invalid policies.SEV2: expected the severity policy for SEV2, got undefined',
    );
  });

  it('refuses a policy whose external cadence is missing or not numbers', () => {
    const sev1 = getSeverityPolicy('SEV1');
    for (const externalUpdates of [
      undefined,
      { ...sev1.externalUpdates, forFirstMinutes: '120' },
      { ...sev1.externalUpdates, everyMinutes: null },
      { ...sev1.externalUpdates, thenEveryMinutes: undefined },
    ]) {
      const error = thrown(() =>
        getExternalUpdateInterval({ ...sev1, externalUpdates } as unknown as SeverityPolicy, 10),
      );
      expect(error.message).toMatch(
        /^Invalid policy\.externalUpdates: expected a severity policy with its external update cadence, got /,
      );
    }
  });

  it('merges overrides of the nested parts without dropping the rest', () => {
    const table = defineSeverityPolicies({
      SEV2: { externalUpdates: { everyMinutes: 15 } },
    });
    expect(table.SEV2.externalUpdates).toEqual({
      ...DEFAULT_SEVERITY_POLICIES.SEV2.externalUpdates,
      everyMinutes: 15,
    });
    expect(table.SEV2.postmortem).toEqual(DEFAULT_SEVERITY_POLICIES.SEV2.postmortem);
    expect(table.SEV2.updateReminders).toEqual(DEFAULT_SEVERITY_POLICIES.SEV2.updateReminders);
    expect(table.SEV3).toEqual(DEFAULT_SEVERITY_POLICIES.SEV3);
  });
});

describe('getPostmortemDue', () => {
  const dueIn = (amount: number, unit: string) =>
    ({
      ...getSeverityPolicy('SEV2'),
      postmortem: { required: true, due: { amount, unit } },
    }) as SeverityPolicy;

  // A hand-built policy may count back (a negative amount): the UTC path must still agree with date-fns, from
  // weekdays and weekends alike.
  prop(
    [
      fc.date({
        min: new Date('1990-01-01T00:00:00Z'),
        max: new Date('2100-01-01T00:00:00Z'),
        noInvalidDate: true,
      }),
      fc.integer({ min: -40, max: 40 }),
    ],
    { numRuns: propertyRuns(3000) },
  )('counts business days back and forth as date-fns does in UTC', (date, amount) => {
    const expected = addBusinessDays(date, amount, { in: tz('UTC') }).getTime();
    expect(getPostmortemDue(dueIn(amount, 'business_days'), date.toISOString())).toBe(
      new Date(expected).toISOString(),
    );
  });

  it('counts back over a weekend it started on', () => {
    // Saturday 2024-01-20 and Sunday 2024-01-21, one and six business days back.
    expect(getPostmortemDue(dueIn(-1, 'business_days'), '2024-01-20T10:00:00Z')).toBe(
      '2024-01-19T10:00:00.000Z',
    );
    expect(getPostmortemDue(dueIn(-1, 'business_days'), '2024-01-21T10:00:00Z')).toBe(
      '2024-01-19T10:00:00.000Z',
    );
    expect(getPostmortemDue(dueIn(-6, 'business_days'), '2024-01-21T10:00:00Z')).toBe(
      '2024-01-12T10:00:00.000Z',
    );
    expect(getPostmortemDue(dueIn(1, 'business_days'), '2024-01-21T10:00:00Z')).toBe(
      '2024-01-22T10:00:00.000Z',
    );
    // Zero business days from a weekend is that same moment, as date-fns has it.
    expect(getPostmortemDue(dueIn(0, 'business_days'), '2024-01-20T10:00:00Z')).toBe(
      '2024-01-20T10:00:00.000Z',
    );
    expect(getPostmortemDue(dueIn(0, 'business_days'), '2024-01-21T10:00:00Z')).toBe(
      '2024-01-21T10:00:00.000Z',
    );
  });

  it('refuses a due rule it cannot count, naming it', () => {
    for (const due of [
      { amount: 3, unit: 'weeks' },
      { amount: Number.NaN, unit: 'calendar_days' },
      { amount: Number.POSITIVE_INFINITY, unit: 'business_days' },
      { amount: '3', unit: 'calendar_days' },
      undefined,
    ]) {
      const policy = { ...getSeverityPolicy('SEV2'), postmortem: { required: true, due } } as SeverityPolicy;
      expect(thrown(() => getPostmortemDue(policy, '2024-01-19T15:00:00Z')).message).toMatch(
        /^Invalid policy\.postmortem\.due: expected null or \{ amount, unit \} of a severity policy, got /,
      );
    }
    expect(thrown(() => getPostmortemDue(getSeverityPolicy('SEV2'), 'Friday')).message).toMatch(
      /^Invalid resolvedAt/,
    );
    expect(
      thrown(() =>
        getPostmortemDue(getSeverityPolicy('SEV2'), '2024-01-19T15:00:00Z', { timeZone: 'Mars/Base' }),
      ).message,
    ).toMatch(/^Invalid options\.timeZone/);
  });

  it('counts a fractional amount of days as date-fns does', () => {
    expect(getPostmortemDue(dueIn(1.5, 'calendar_days'), '2024-01-19T15:00:00Z')).toBe(
      '2024-01-20T15:00:00.000Z',
    );
  });
});
