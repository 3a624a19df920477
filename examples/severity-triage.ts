// Severity triage: classify impact assessments with the default rules, then with your own rules and policies.
import {
  classifySeverity,
  defineSeverityPolicies,
  defineSeverityRules,
  getPostmortemDue,
  getSeverityPolicy,
  type ImpactAssessmentInput,
} from 'incident-kit';

const reports: Record<string, ImpactAssessmentInput> = {
  'login failures for ~30% of users': {
    usersAffectedPercent: 30,
    degradation: 'partial_outage',
    coreFeatureAffected: true,
  },
  'same, and getting worse': {
    usersAffectedPercent: 30,
    degradation: 'partial_outage',
    coreFeatureAffected: true,
    gettingWorse: true,
  },
  'nightly export job slow (internal)': {
    usersAffectedPercent: 0,
    degradation: 'degraded',
    customerFacing: false,
  },
  'typo on the pricing page': { usersAffectedPercent: 100, degradation: 'cosmetic' },
  'one customer sees another customer data': {
    usersAffectedPercent: 0.1,
    degradation: 'none',
    dataExposed: true,
  },
};

for (const [name, impact] of Object.entries(reports)) {
  const { severity, reasons } = classifySeverity(impact);
  const policy = getSeverityPolicy(severity);
  console.log(`${severity}  ${name}`);
  console.log(`      because: ${reasons.join('; ')}`);
  console.log(
    `      ack within ${policy.ackWithinMinutes ?? '-'} min, internal updates every ${policy.internalUpdateEveryMinutes ?? '-'} min, public: ${policy.publicCommunicationRequired}`,
  );
}

// Your own rules: checkout problems are always SEV1.
const rules = defineSeverityRules({
  rules: [
    {
      id: 'checkout',
      severity: 'SEV1',
      summary: 'Checkout is affected',
      when: {
        all: [
          { fact: 'coreFeatureAffected', is: true },
          { fact: 'degradation', atLeast: 'degraded' },
        ],
      },
    },
  ],
  fallback: { severity: 'SEV3', summary: 'Everything else starts at SEV3' },
});
console.log(
  '\ncustom rules:',
  classifySeverity({ usersAffectedPercent: 2, degradation: 'degraded', coreFeatureAffected: true }, rules),
);

// Your own policies: a team in Oslo, SEV2 updates every 20 minutes.
const policies = defineSeverityPolicies({ SEV2: { internalUpdateEveryMinutes: 20 } });
const sev2 = getSeverityPolicy('SEV2', policies);
console.log('SEV2 internal updates every', sev2.internalUpdateEveryMinutes, 'minutes');
console.log(
  'postmortem due (5 business days, Oslo):',
  getPostmortemDue(sev2, '2024-01-19T15:05:00Z', { timeZone: 'Europe/Oslo' }),
);
