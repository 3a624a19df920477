import { assignRole, checkRoles, classifySeverity, getSeverityPolicy } from 'incident-kit';

// Triage: login failures for ~30% of users, API returning 503s.
const { severity, reasons } = classifySeverity({
  usersAffectedPercent: 30,
  degradation: 'partial_outage',
  coreFeatureAffected: true,
});
console.log(severity); // 'SEV2'
console.log(reasons); // ['A core feature is unavailable or badly degraded for many customers', 'customer-facing', ...]

// What SEV2 obliges: ack in 5 min, internal updates every 30 min, status page, postmortem in 5 business days.
const policy = getSeverityPolicy(severity);
console.log(policy.ackWithinMinutes, policy.internalUpdateEveryMinutes); // 5 30

// Roles: assign an Incident Commander and see what is still missing.
const result = assignRole([], {
  role: 'incident_commander',
  person: { id: 'jane', name: 'Jane Smith', handle: '@jane-smith' },
  at: '2024-01-15T14:24:00Z',
});
if (!result.ok) throw result.error;
console.log(checkRoles(result.value, policy).missing); // ['communications_lead', 'subject_matter_expert']
