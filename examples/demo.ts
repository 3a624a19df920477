/**
 * The main job: triage the seed's auth-service incident and print what its severity obliges the responders to do.
 * Run with `npm run demo`.
 */
import {
  assignRole,
  checkRoles,
  classifySeverity,
  getPostmortemDue,
  getSeverityPolicy,
  type RoleAssignment,
} from 'incident-kit';

const detectedAt = '2024-01-15T14:20:00Z';
const resolvedAt = '2024-01-15T15:05:00Z';

const triage = classifySeverity({
  usersAffectedPercent: 30,
  degradation: 'partial_outage',
  coreFeatureAffected: true,
  customerFacing: true,
  affectedFeatures: ['login', 'public API'],
  notes: ['Login failures for ~30% of users', 'API returning 503 errors'],
});

const policy = getSeverityPolicy(triage.severity);

const commander = assignRole([], {
  role: 'incident_commander',
  person: { id: 'jane', name: 'Jane Smith', handle: '@jane-smith' },
  at: '2024-01-15T14:24:00Z',
});
const roles: RoleAssignment[] = commander.ok ? commander.value : [];
const roleCheck = checkRoles(roles, policy);

const minutes = (value: number | null) => (value === null ? 'not required' : `every ${value} minutes`);
const lines = [
  'Incident: Auth Service Degraded (login failures for ~30% of users, API returning 503 errors)',
  '',
  `Severity: ${triage.severity}`,
  'Because:',
  ...triage.reasons.map((reason) => `  - ${reason}`),
  '',
  'Obligations:',
  `  - page: ${policy.page.replace('_', ' ')}${policy.pageAdditionalResponders ? ', plus additional responders' : ''}`,
  `  - acknowledge within: ${policy.ackWithinMinutes === null ? 'no deadline' : `${policy.ackWithinMinutes} minutes`}`,
  `  - internal updates: ${minutes(policy.internalUpdateEveryMinutes)}`,
  `  - public status page: ${
    policy.publicCommunicationRequired
      ? `required; first post within ${policy.externalUpdates.firstPostWithinMinutes} minutes, then every ${policy.externalUpdates.everyMinutes} minutes for ${policy.externalUpdates.forFirstMinutes / 60} hours, then every ${policy.externalUpdates.thenEveryMinutes} minutes`
      : 'not required'
  }`,
  `  - executive summary: ${minutes(policy.executiveSummaryEveryMinutes)}`,
  `  - required roles: ${policy.requiredRoles.join(', ') || 'none'}`,
  `  - postmortem: ${
    policy.postmortem.required
      ? `required, review due ${getPostmortemDue(policy, resolvedAt)} if resolved at ${resolvedAt}`
      : 'optional'
  }`,
  '',
  `Roles now (detected ${detectedAt}; Jane Smith took command): ${
    roleCheck.ok ? 'complete' : `still missing ${roleCheck.missing.join(', ')}`
  }`,
];

console.log(lines.join('\n'));
