import * as z from 'zod';

/**
 * How badly the affected functionality is impaired, from `none` to `full_outage`, in increasing order.
 *
 * @example
 * DegradationSchema.parse('partial_outage');
 * //=> 'partial_outage'
 */
export const DegradationSchema = z.enum(['none', 'cosmetic', 'degraded', 'partial_outage', 'full_outage']);

/**
 * A degradation level: `'none' | 'cosmetic' | 'degraded' | 'partial_outage' | 'full_outage'`.
 *
 * @example
 * const degradation: Degradation = 'degraded';
 * degradation;
 * //=> 'degraded'
 */
export type Degradation = z.infer<typeof DegradationSchema>;

/**
 * Every degradation level, least impaired first.
 *
 * @example
 * DEGRADATIONS.indexOf('full_outage');
 * //=> 4
 */
export const DEGRADATIONS = DegradationSchema.options;

/**
 * What triage found out: how many users, how badly, which features, whether it is getting worse, and the facts
 * that make an incident critical by themselves (data lost or exposed, SLA breached). Booleans default to `false`
 * and `customerFacing` to `true`, so a minimal assessment is `{ usersAffectedPercent, degradation }`.
 *
 * @example
 * ImpactAssessmentSchema.parse({ usersAffectedPercent: 30, degradation: 'partial_outage', coreFeatureAffected: true })
 *   .customerFacing;
 * //=> true
 */
export const ImpactAssessmentSchema = z.strictObject({
  /** Share of users affected, 0 to 100. */
  usersAffectedPercent: z.number().min(0).max(100),
  /** How badly the affected functionality is impaired. */
  degradation: DegradationSchema,
  /** Whether a core feature (login, checkout, notifications, the main app) is affected. */
  coreFeatureAffected: z.boolean().default(false),
  /** `true` when customers see it; `false` when only internal users or systems are affected. */
  customerFacing: z.boolean().default(true),
  /** Whether the impact is growing. */
  gettingWorse: z.boolean().default(false),
  /** Whether customer data was lost. */
  dataLoss: z.boolean().default(false),
  /** Whether customer data was exposed to someone who should not see it. */
  dataExposed: z.boolean().default(false),
  /** Whether a contractual SLA is already breached. */
  slaBreached: z.boolean().default(false),
  /** The features that are broken, in plain words, e.g. `['login', 'public API']`. */
  affectedFeatures: z.array(z.string().min(1)).default([]),
  /** Free-text impact lines as they will appear in updates, e.g. `'Login failures for ~30% of users'`. */
  notes: z.array(z.string().min(1)).default([]),
});

/**
 * A validated impact assessment (defaults filled in).
 *
 * @example
 * const impact: ImpactAssessment = ImpactAssessmentSchema.parse({ usersAffectedPercent: 0, degradation: 'cosmetic' });
 * impact.dataLoss;
 * //=> false
 */
export type ImpactAssessment = z.output<typeof ImpactAssessmentSchema>;

/**
 * What callers may pass as an impact assessment (fields with defaults are optional).
 *
 * @example
 * const input: ImpactAssessmentInput = { usersAffectedPercent: 30, degradation: 'partial_outage' };
 * input.degradation;
 * //=> 'partial_outage'
 */
export type ImpactAssessmentInput = z.input<typeof ImpactAssessmentSchema>;

/**
 * The yes/no facts of an impact assessment, each of which can only make an incident worse when it turns `true`.
 *
 * @example
 * IMPACT_FLAGS.includes('dataLoss');
 * //=> true
 */
export const IMPACT_FLAGS = [
  'coreFeatureAffected',
  'customerFacing',
  'gettingWorse',
  'dataLoss',
  'dataExposed',
  'slaBreached',
] as const satisfies readonly (keyof ImpactAssessment)[];

/**
 * One of {@link IMPACT_FLAGS}.
 *
 * @example
 * const flag: ImpactFlag = 'slaBreached';
 * flag;
 * //=> 'slaBreached'
 */
export type ImpactFlag = (typeof IMPACT_FLAGS)[number];
