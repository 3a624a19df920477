import type { IncidentDeclaration, IncidentEventInput, Person } from '../index';

/** The people of the example auth-service incident. */
export const PEOPLE = {
  jane: { id: 'jane', name: 'Jane Smith', handle: '@jane-smith', slackUserId: 'U024BE7LH' },
  sam: { id: 'sam', name: 'Sam Lee', handle: '@sam-lee' },
  ola: { id: 'ola', name: 'Ola Nordmann', handle: '@ola-dba' },
} as const satisfies Record<string, Person>;

const { jane, sam, ola } = PEOPLE;

/** The example incident, opened from an alert at 14:20 UTC on 2024-01-15. */
export const EXAMPLE_DECLARATION: IncidentDeclaration = {
  id: 'INC-2024-01-15-auth',
  title: 'Auth Service Degraded',
  at: '2024-01-15T14:20:00Z',
  alert: {
    name: 'AuthLoginErrorRate',
    severity: 'error',
    summary: 'Login error rate above 20%',
    source: 'alertmanager',
  },
};

/** Its events, alert to close: status page at 14:30, resolved 45 minutes after the alert. */
export const EXAMPLE_EVENTS: IncidentEventInput[] = [
  { type: 'acknowledge', at: '2024-01-15T14:22:00Z', by: jane, id: 'ack-1' },
  { type: 'start_triage', at: '2024-01-15T14:23:00Z', by: jane },
  {
    type: 'assess_impact',
    at: '2024-01-15T14:25:00Z',
    by: jane,
    impact: {
      usersAffectedPercent: 30,
      degradation: 'partial_outage',
      coreFeatureAffected: true,
      affectedFeatures: ['login', 'public API'],
      notes: ['Login failures for ~30% of users', 'API returning 503 errors'],
    },
  },
  { type: 'assign_role', at: '2024-01-15T14:25:00Z', by: jane, role: 'incident_commander', person: jane },
  { type: 'assign_role', at: '2024-01-15T14:26:00Z', by: jane, role: 'communications_lead', person: sam },
  { type: 'assign_role', at: '2024-01-15T14:26:00Z', by: jane, role: 'subject_matter_expert', person: ola },
  {
    type: 'post_update',
    at: '2024-01-15T14:30:00Z',
    by: sam,
    audience: 'external',
    publicStatus: 'investigating',
    message:
      'We are currently investigating reports of login failures.\nSome users may experience difficulty signing in.',
    nextUpdateInMinutes: 20,
  },
  {
    type: 'post_update',
    at: '2024-01-15T14:30:00Z',
    by: sam,
    audience: 'internal',
    message: 'Investigating database connection pool exhaustion',
    nextUpdateInMinutes: 15,
    id: 'internal-update-1430',
  },
  {
    type: 'start_mitigation',
    at: '2024-01-15T14:33:00Z',
    by: ola,
    kind: 'scale_up',
    description: 'DBA scaling up connection limits',
  },
  { type: 'post_update', at: '2024-01-15T14:45:00Z', by: sam, audience: 'internal', nextUpdateInMinutes: 15 },
  {
    type: 'record_mitigation_outcome',
    at: '2024-01-15T14:48:00Z',
    by: ola,
    mitigationId: 'm1',
    outcome: 'succeeded',
  },
  {
    type: 'post_update',
    at: '2024-01-15T14:50:00Z',
    by: sam,
    audience: 'external',
    publicStatus: 'monitoring',
    message: 'A fix has been applied and login success rates are recovering.',
    nextUpdateInMinutes: 20,
  },
  {
    type: 'mark_mitigated',
    at: '2024-01-15T14:52:00Z',
    by: jane,
    summary: 'Login error rate back to baseline',
  },
  {
    type: 'resolve',
    at: '2024-01-15T15:05:00Z',
    by: jane,
    summary: 'The authentication issues have been resolved.',
    rootCause: 'database connection exhaustion due to\nincreased traffic.',
    fix: "We've increased connection pool limits\nand added additional caching.",
    dataLoss: 'none',
  },
  {
    type: 'post_update',
    at: '2024-01-15T15:06:00Z',
    by: sam,
    audience: 'external',
    publicStatus: 'resolved',
    message: 'The authentication issues have been resolved.',
  },
  { type: 'start_postmortem', at: '2024-01-16T09:00:00Z', by: jane, owner: jane },
  {
    type: 'complete_postmortem',
    at: '2024-01-17T11:00:00Z',
    by: jane,
    link: 'https://wiki.example.com/postmortems/INC-2024-01-15-auth',
    actionItems: [
      { title: 'Alert on connection pool saturation', owner: ola, due: '2024-01-22T17:00:00Z' },
      { title: 'Load-test auth at 2x peak traffic', owner: jane, due: '2024-01-29T17:00:00Z' },
    ],
  },
  { type: 'close', at: '2024-01-17T11:05:00Z', by: jane },
];

/** What the 14:30 internal update lists as current actions: the investigation, and the DBA's planned fix. */
export const ANNOUNCED_ACTIONS: Readonly<Record<string, readonly string[]>> = {
  'internal-update-1430': [
    'Investigating database connection pool exhaustion',
    'DBA scaling up connection limits',
  ],
};
