import * as z from 'zod';
import { parseInput, safeParseInput } from '../errors';
import { deepFreeze } from '../internal/deep-freeze';
import { knownValues } from '../internal/known-values';
import {
  DEGRADATIONS,
  type Degradation,
  DegradationSchema,
  IMPACT_FLAGS,
  type ImpactAssessment,
  type ImpactAssessmentInput,
  ImpactAssessmentSchema,
  type ImpactFlag,
} from './impact-assessment';
import { raiseSeverity, type Severity, SeveritySchema } from './severity';

const FACT_WORDS: Record<ImpactFlag, readonly [whenTrue: string, whenFalse: string]> = {
  coreFeatureAffected: ['a core feature is affected', 'no core feature is affected'],
  customerFacing: ['customer-facing', 'internal only'],
  gettingWorse: ['the impact is getting worse', 'the impact is not getting worse'],
  dataLoss: ['customer data was lost', 'no customer data was lost'],
  dataExposed: ['customer data was exposed', 'no customer data was exposed'],
  slaBreached: ['an SLA is breached', 'no SLA is breached'],
};

const boundsMessage = { message: 'Give atLeast, atMost or both' };

/**
 * A test on one impact fact: a flag is or is not set, or the share of users or the degradation is in a range.
 *
 * @example
 * SeverityFactConditionSchema.parse({ fact: 'degradation', atLeast: 'degraded' });
 * //=> { fact: 'degradation', atLeast: 'degraded' }
 */
export const SeverityFactConditionSchema = z.union([
  z.strictObject({ fact: z.enum(IMPACT_FLAGS), is: z.boolean() }),
  z
    .strictObject({
      fact: z.literal('usersAffectedPercent'),
      atLeast: z.number().min(0).max(100).optional(),
      atMost: z.number().min(0).max(100).optional(),
    })
    .refine((c) => c.atLeast !== undefined || c.atMost !== undefined, boundsMessage),
  z
    .strictObject({
      fact: z.literal('degradation'),
      atLeast: DegradationSchema.optional(),
      atMost: DegradationSchema.optional(),
    })
    .refine((c) => c.atLeast !== undefined || c.atMost !== undefined, boundsMessage),
]);

/**
 * A condition on an impact assessment: a test on one fact, or `all` / `any` / `not` of other conditions.
 *
 * @example
 * const condition: SeverityCondition = { all: [{ fact: 'dataLoss', is: true }] };
 * 'all' in condition;
 * //=> true
 */
// The recursive part is written out, as zod's docs do for recursive schemas: an inferred recursive type is expanded
// in full into every declaration that contains it (it made index.d.ts several hundred kilobytes larger).
export type SeverityCondition =
  | z.infer<typeof SeverityFactConditionSchema>
  | { all: SeverityCondition[] }
  | { any: SeverityCondition[] }
  | { not: SeverityCondition };

/**
 * A test on one impact fact, or a combination of tests (`all`, `any`, `not`). Rules are data, so they can live in
 * a config file and be validated like any other input.
 *
 * @example
 * SeverityConditionSchema.parse({ fact: 'usersAffectedPercent', atLeast: 50 });
 * //=> { fact: 'usersAffectedPercent', atLeast: 50 }
 */
export const SeverityConditionSchema: z.ZodType<SeverityCondition> = z.union([
  SeverityFactConditionSchema,
  z.strictObject({ all: z.array(z.lazy(() => SeverityConditionSchema)).min(1) }),
  z.strictObject({ any: z.array(z.lazy(() => SeverityConditionSchema)).min(1) }),
  z.strictObject({ not: z.lazy(() => SeverityConditionSchema) }),
]);

/**
 * One classification rule: when `when` holds, the incident is `severity`. `summary` is the reason in plain words.
 *
 * @example
 * SeverityRuleSchema.parse({ id: 'data-loss', severity: 'SEV1', summary: 'Customer data was lost',
 *   when: { fact: 'dataLoss', is: true } }).severity;
 * //=> 'SEV1'
 */
export const SeverityRuleSchema = z.strictObject({
  id: z.string().min(1),
  severity: SeveritySchema,
  summary: z.string().min(1),
  when: SeverityConditionSchema,
});

/**
 * A classification rule.
 *
 * @example
 * const rule: SeverityRule = { id: 'x', severity: 'SEV5', summary: 'Cosmetic', when: { fact: 'degradation', atLeast: 'cosmetic' } };
 * rule.severity;
 * //=> 'SEV5'
 */
export type SeverityRule = z.infer<typeof SeverityRuleSchema>;

/**
 * A rule that raises the severity found by the rules, e.g. "getting worse raises one level".
 *
 * @example
 * SeverityAdjustmentSchema.parse({ id: 'worse', raiseBy: 1, summary: 'Getting worse', when: { fact: 'gettingWorse', is: true } }).raiseBy;
 * //=> 1
 */
export const SeverityAdjustmentSchema = z.strictObject({
  id: z.string().min(1),
  raiseBy: z.number().int().min(1).max(4),
  summary: z.string().min(1),
  when: SeverityConditionSchema,
});

/**
 * A severity adjustment.
 *
 * @example
 * const adjustment: SeverityAdjustment = { id: 'w', raiseBy: 1, summary: 'Getting worse', when: { fact: 'gettingWorse', is: true } };
 * adjustment.raiseBy;
 * //=> 1
 */
export type SeverityAdjustment = z.infer<typeof SeverityAdjustmentSchema>;

/** The deepest nesting of `all` / `any` / `not` in one condition (real rules use two or three levels). */
const MAX_CONDITION_DEPTH = 32;

/** How many `all` / `any` / `not` levels a condition nests (a fact alone: 0), counted up to `limit`. */
function conditionDepth(condition: SeverityCondition, limit: number): number {
  const parts =
    'all' in condition
      ? condition.all
      : 'any' in condition
        ? condition.any
        : 'not' in condition
          ? [condition.not]
          : null;
  if (parts === null) return 0;
  if (limit <= 0) return 1;
  let deepest = 0;
  for (const part of parts) deepest = Math.max(deepest, conditionDepth(part, limit - 1));
  return 1 + deepest;
}

/**
 * A complete rule set: ordered `rules` (first match wins), the `fallback` when none matches, and `adjustments` that
 * are all applied after the match, each raising the level. A condition may nest `all`, `any` and `not` 32 levels
 * deep.
 *
 * @example
 * SeverityRulesSchema.parse({ rules: [], fallback: { severity: 'SEV5', summary: 'Default' } }).adjustments;
 * //=> []
 */
export const SeverityRulesSchema = z
  .strictObject({
    rules: z.array(SeverityRuleSchema),
    fallback: z.strictObject({ severity: SeveritySchema, summary: z.string().min(1) }),
    adjustments: z.array(SeverityAdjustmentSchema).default([]),
  })
  .superRefine((value, ctx) => {
    const seen = new Set<string>();
    for (const [list, entries] of [
      ['rules', value.rules],
      ['adjustments', value.adjustments],
    ] as const) {
      entries.forEach((entry, index) => {
        if (seen.has(entry.id)) {
          ctx.addIssue({
            code: 'custom',
            path: [list, index, 'id'],
            message: `Duplicate rule id "${entry.id}"`,
          });
        }
        seen.add(entry.id);
        if (conditionDepth(entry.when, MAX_CONDITION_DEPTH + 1) > MAX_CONDITION_DEPTH) {
          ctx.addIssue({
            code: 'custom',
            path: [list, index, 'when'],
            message: `The condition nests deeper than ${MAX_CONDITION_DEPTH} levels`,
          });
        }
      });
    }
  });

/**
 * A validated rule set.
 *
 * @example
 * const rules: SeverityRules = DEFAULT_SEVERITY_RULES;
 * rules.fallback.severity;
 * //=> 'SEV5'
 */
export type SeverityRules = z.output<typeof SeverityRulesSchema>;

const customerFacing = { fact: 'customerFacing', is: true } as const;
const coreFeature = { fact: 'coreFeatureAffected', is: true } as const;

/**
 * The default rules, after the severity definitions of the PagerDuty incident-response guide: data lost or exposed is
 * SEV1; a core customer-facing feature degraded for at least 10% of users (login failures for ~30%, say) is SEV2;
 * any other customer-facing degradation is SEV3; internal-only degradation is SEV4; cosmetic is SEV5; getting
 * worse raises one level. Every condition only grows with impact and rules run most severe first, so more impact
 * never lowers the result.
 *
 * @example
 * DEFAULT_SEVERITY_RULES.rules[0]?.id;
 * //=> 'data-loss'
 */
export const DEFAULT_SEVERITY_RULES: SeverityRules = {
  rules: [
    {
      id: 'data-loss',
      severity: 'SEV1',
      summary: 'Customer data was lost',
      when: { fact: 'dataLoss', is: true },
    },
    {
      id: 'data-exposed',
      severity: 'SEV1',
      summary: 'Customer data was exposed',
      when: { fact: 'dataExposed', is: true },
    },
    {
      id: 'sla-breached',
      severity: 'SEV1',
      summary: 'A customer-facing SLA is breached',
      when: {
        all: [
          customerFacing,
          { fact: 'slaBreached', is: true },
          { fact: 'degradation', atLeast: 'degraded' },
        ],
      },
    },
    {
      id: 'core-feature-down-for-most',
      severity: 'SEV1',
      summary: 'A core feature is out for a large share of customers',
      when: {
        all: [
          customerFacing,
          coreFeature,
          { fact: 'degradation', atLeast: 'partial_outage' },
          { fact: 'usersAffectedPercent', atLeast: 50 },
        ],
      },
    },
    {
      id: 'core-feature-impaired',
      severity: 'SEV2',
      summary: 'A core feature is unavailable or badly degraded for many customers',
      when: {
        all: [
          customerFacing,
          coreFeature,
          { fact: 'degradation', atLeast: 'degraded' },
          { fact: 'usersAffectedPercent', atLeast: 10 },
        ],
      },
    },
    {
      id: 'outage-for-most',
      severity: 'SEV2',
      summary: 'An outage affects most customers',
      when: {
        all: [
          customerFacing,
          { fact: 'degradation', atLeast: 'partial_outage' },
          { fact: 'usersAffectedPercent', atLeast: 50 },
        ],
      },
    },
    {
      id: 'customer-facing-degradation',
      severity: 'SEV3',
      summary: 'A customer-facing degradation that needs immediate attention',
      when: { all: [customerFacing, { fact: 'degradation', atLeast: 'degraded' }] },
    },
    {
      id: 'internal-core-outage',
      severity: 'SEV3',
      summary: 'An internal core system is out',
      when: { all: [coreFeature, { fact: 'degradation', atLeast: 'partial_outage' }] },
    },
    {
      id: 'minor-degradation',
      severity: 'SEV4',
      summary: 'A minor issue that does not stop customers using the product',
      when: { fact: 'degradation', atLeast: 'degraded' },
    },
    {
      id: 'cosmetic',
      severity: 'SEV5',
      summary: 'A cosmetic issue',
      when: { fact: 'degradation', atLeast: 'cosmetic' },
    },
  ],
  fallback: { severity: 'SEV5', summary: 'No user-visible impact recorded' },
  adjustments: [
    {
      id: 'getting-worse',
      raiseBy: 1,
      summary: 'Raised one level because the impact is getting worse',
      when: { fact: 'gettingWorse', is: true },
    },
  ],
};

/**
 * Validates a rule set (from code or a config file). Use the result with {@link classifySeverity}: it is checked
 * once, not on every classification, and frozen so that it stays as checked (copy it to change it).
 *
 * @param rules - the rule set
 * @returns the validated rule set
 * @throws {IncidentKitError} `invalid_input` naming the bad field, e.g. `rules[2].severity`
 * @example
 * defineSeverityRules({ rules: [], fallback: { severity: 'SEV3', summary: 'Everything is SEV3 here' } }).fallback.severity;
 * //=> 'SEV3'
 */
export function defineSeverityRules(rules: z.input<typeof SeverityRulesSchema>): SeverityRules {
  // Always parsed (not looked up among known rule sets): the parsed copy is the library's own to freeze, whereas a
  // known rule set may be one the caller still holds, such as DEFAULT_SEVERITY_RULES that an incident carries.
  const checked = safeParseInput(SeverityRulesSchema, rules, 'severity rules');
  if (!checked.ok) throw checked.error;
  // Checked once, so it must stay what was checked.
  return knownRules.remember(deepFreeze(checked.value));
}

// Rule sets this library made or checked (defineSeverityRules' results, an incident's settings) are checked once:
// classifying with the rules a restored incident carries costs what classifying with the defaults costs.
const knownRules = knownValues(SeverityRulesSchema, 'severity rules');

/** A rule set argument, checked unless the library made or checked it before (it is not copied or frozen). */
function checkedRules(rules: unknown): SeverityRules {
  const checked = knownRules.check(rules, 'severity rules');
  if (!checked.ok) throw checked.error;
  return checked.value;
}

/**
 * Remembers a rule set the library checked (an incident's settings), so classifying with it skips the check.
 * Internal.
 *
 * @param rules - a checked rule set
 * @returns the same rule set
 */
export function rememberSeverityRules(rules: SeverityRules): SeverityRules {
  return knownRules.remember(rules);
}

/**
 * A severity with the facts that decided it.
 *
 * @example
 * const result: SeverityClassification = classifySeverity({ usersAffectedPercent: 0, degradation: 'cosmetic' });
 * result.severity;
 * //=> 'SEV5'
 */
export interface SeverityClassification {
  /** The level after adjustments. */
  readonly severity: Severity;
  /** In plain words: the matched rule's summary, the facts that satisfied it, then each adjustment applied. */
  readonly reasons: readonly string[];
  /** The level the first matching rule (or the fallback) gave, before adjustments. */
  readonly baseSeverity: Severity;
  /** The id of the rule that matched, or `null` for the fallback. */
  readonly ruleId: string | null;
  /** The ids of the adjustments applied. */
  readonly adjustmentIds: readonly string[];
}

/**
 * Classifies an impact assessment: the first rule whose condition holds sets the level, then every matching
 * adjustment raises it. The reasons say which facts decided it.
 *
 * @param impact - the triage findings (validated here)
 * @param rules - a rule set (default {@link DEFAULT_SEVERITY_RULES}): validated here, once for a rule set that
 *   {@link defineSeverityRules} returned or an incident carries (`state.settings.rules`), so pass your own rules
 *   through `defineSeverityRules` once rather than on every call
 * @returns the severity and its reasons
 * @throws {IncidentKitError} `invalid_input` naming the bad field, e.g. a percent outside 0–100
 * @example
 * classifySeverity({
 *   usersAffectedPercent: 30,
 *   degradation: 'partial_outage',
 *   coreFeatureAffected: true,
 *   affectedFeatures: ['login', 'API'],
 * }).severity;
 * //=> 'SEV2'
 */
export function classifySeverity(
  impact: ImpactAssessmentInput,
  rules: z.input<typeof SeverityRulesSchema> = DEFAULT_SEVERITY_RULES,
): SeverityClassification {
  const facts = parseInput(ImpactAssessmentSchema, impact, 'impact assessment');
  // Known rule sets (an incident's, defineSeverityRules' results) are not checked again; others are, every time.
  const ruleSet = rules === DEFAULT_SEVERITY_RULES ? DEFAULT_SEVERITY_RULES : checkedRules(rules);
  const rule = ruleSet.rules.find((candidate) => holds(candidate.when, facts));
  const baseSeverity = rule ? rule.severity : ruleSet.fallback.severity;
  // A one-fact rule's summary often says the fact already ("Customer data was lost"): say it once.
  const reasons = rule
    ? [
        rule.summary,
        ...explain(rule.when, facts).filter((fact) => fact.toLowerCase() !== rule.summary.toLowerCase()),
      ]
    : [ruleSet.fallback.summary];
  let severity = baseSeverity;
  const adjustmentIds: string[] = [];
  for (const adjustment of ruleSet.adjustments) {
    if (!holds(adjustment.when, facts)) continue;
    const raised = raiseSeverity(severity, adjustment.raiseBy);
    if (raised === severity) continue;
    severity = raised;
    adjustmentIds.push(adjustment.id);
    reasons.push(adjustment.summary);
  }
  return { severity, reasons, baseSeverity, ruleId: rule ? rule.id : null, adjustmentIds };
}

function degradationRank(degradation: Degradation): number {
  return DEGRADATIONS.indexOf(degradation);
}

function holds(condition: SeverityCondition, facts: ImpactAssessment): boolean {
  if ('all' in condition) return condition.all.every((part) => holds(part, facts));
  if ('any' in condition) return condition.any.some((part) => holds(part, facts));
  if ('not' in condition) return !holds(condition.not, facts);
  if (condition.fact === 'usersAffectedPercent') {
    const value = facts.usersAffectedPercent;
    return (condition.atLeast ?? 0) <= value && value <= (condition.atMost ?? 100);
  }
  if (condition.fact === 'degradation') {
    const value = degradationRank(facts.degradation);
    const low = condition.atLeast === undefined ? 0 : degradationRank(condition.atLeast);
    const high = condition.atMost === undefined ? DEGRADATIONS.length - 1 : degradationRank(condition.atMost);
    return low <= value && value <= high;
  }
  return facts[condition.fact] === condition.is;
}

type RangeCondition = Extract<SeverityCondition, { fact: 'usersAffectedPercent' | 'degradation' }>;

/** The range a condition asks for, e.g. `at least 10%` or `between degraded and partial outage`. */
function rangeText(condition: RangeCondition): string {
  const show = (bound: number | Degradation | undefined) =>
    bound === undefined ? undefined : typeof bound === 'number' ? `${bound}%` : bound.replace('_', ' ');
  const atLeast = show(condition.atLeast);
  const atMost = show(condition.atMost);
  if (atLeast !== undefined && atMost !== undefined) return `between ${atLeast} and ${atMost}`;
  return atLeast !== undefined ? `at least ${atLeast}` : `at most ${atMost}`;
}

/** The facts that made a condition hold, in plain words (only the part that held, for `any`). */
function explain(condition: SeverityCondition, facts: ImpactAssessment): string[] {
  if ('all' in condition) return condition.all.flatMap((part) => explain(part, facts));
  if ('any' in condition) {
    const part = condition.any.find((candidate) => holds(candidate, facts));
    return part ? explain(part, facts) : [];
  }
  if ('not' in condition) return [`not (${describe(condition.not)})`];
  if (condition.fact === 'usersAffectedPercent') {
    return [`${facts.usersAffectedPercent}% of users affected (${rangeText(condition)})`];
  }
  if (condition.fact === 'degradation') {
    return [`degradation is ${facts.degradation.replace('_', ' ')} (${rangeText(condition)})`];
  }
  const [whenTrue, whenFalse] = FACT_WORDS[condition.fact];
  return [facts[condition.fact] ? whenTrue : whenFalse];
}

/** A condition in plain words, without facts (used under `not`). */
function describe(condition: SeverityCondition): string {
  if ('all' in condition) return condition.all.map(describe).join(' and ');
  if ('any' in condition) return condition.any.map(describe).join(' or ');
  if ('not' in condition) return `not (${describe(condition.not)})`;
  if (condition.fact === 'usersAffectedPercent') return `users affected ${rangeText(condition)}`;
  if (condition.fact === 'degradation') return `degradation ${rangeText(condition)}`;
  const [whenTrue, whenFalse] = FACT_WORDS[condition.fact];
  return condition.is ? whenTrue : whenFalse;
}
