export {
  classifySeverity,
  DEFAULT_SEVERITY_RULES,
  defineSeverityRules,
  type SeverityAdjustment,
  type SeverityClassification,
  type SeverityCondition,
  type SeverityRule,
  type SeverityRules,
  SeverityRulesSchema,
} from './classify-severity';
export {
  DEGRADATIONS,
  type Degradation,
  IMPACT_FLAGS,
  type ImpactAssessment,
  type ImpactAssessmentInput,
  ImpactAssessmentSchema,
  type ImpactFlag,
} from './impact-assessment';
export { getPostmortemDue } from './postmortem-due';
export {
  compareSeverity,
  isMajorSeverity,
  isMoreSevere,
  raiseSeverity,
  SEVERITIES,
  type Severity,
  SeveritySchema,
} from './severity';
export {
  DEFAULT_SEVERITY_POLICIES,
  defineSeverityPolicies,
  getExternalUpdateInterval,
  getSeverityPolicy,
  type SeverityPolicies,
  type SeverityPolicy,
  type SeverityPolicyOverrides,
  SeverityPolicySchema,
} from './severity-policy';
