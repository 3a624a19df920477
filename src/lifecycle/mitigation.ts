import * as z from 'zod';

/**
 * The kinds of mitigation of the usual incident process ("mitigate first, root cause later"): roll back the recent deploy,
 * scale up, fail over to backup, turn a feature flag off, rate-limit or shed load, or something else.
 *
 * @example
 * MitigationKindSchema.parse('rollback');
 * //=> 'rollback'
 */
export const MitigationKindSchema = z.enum([
  'rollback',
  'scale_up',
  'failover',
  'feature_flag_off',
  'rate_limit',
  'other',
]);

/**
 * A mitigation kind.
 *
 * @example
 * const kind: MitigationKind = 'failover';
 * kind;
 * //=> 'failover'
 */
export type MitigationKind = z.infer<typeof MitigationKindSchema>;

/**
 * Every mitigation kind.
 *
 * @example
 * MITIGATION_KINDS.length;
 * //=> 6
 */
export const MITIGATION_KINDS = MitigationKindSchema.options;
