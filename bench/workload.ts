// Shared workload for the benchmarks: incidents with realistic event logs, built once before timing.
import type { IncidentDeclaration, IncidentEventInput } from 'incident-kit';

const people = [
  { id: 'jane', name: 'Jane Smith', handle: '@jane-smith' },
  { id: 'sam', name: 'Sam Lee' },
  { id: 'ola', name: 'Ola Nordmann' },
];

function iso(base: number, minutes: number): string {
  return new Date(base + minutes * 60_000).toISOString();
}

/** One incident of exactly `size` events (at least 20): the seed's lifecycle with notes and updates in between. */
export function incidentWorkload(
  index: number,
  size = 50,
): { declaration: IncidentDeclaration; events: IncidentEventInput[] } {
  const base = Date.parse('2024-01-15T14:20:00Z') + index * 86_400_000;
  const [jane, sam, ola] = people as [(typeof people)[0], (typeof people)[0], (typeof people)[0]];
  const core: IncidentEventInput[] = [
    { type: 'acknowledge', at: iso(base, 2), by: jane },
    { type: 'start_triage', at: iso(base, 3), by: jane },
    {
      type: 'assess_impact',
      at: iso(base, 5),
      by: jane,
      impact: { usersAffectedPercent: 30, degradation: 'partial_outage', coreFeatureAffected: true },
    },
    { type: 'assign_role', at: iso(base, 5), role: 'incident_commander', person: jane },
    { type: 'assign_role', at: iso(base, 6), role: 'communications_lead', person: sam },
    { type: 'assign_role', at: iso(base, 6), role: 'subject_matter_expert', person: ola },
    { type: 'post_update', at: iso(base, 7), audience: 'external', publicStatus: 'investigating' },
    { type: 'start_mitigation', at: iso(base, 8), kind: 'scale_up', description: 'Raise pool limits' },
  ];
  const middle: IncidentEventInput[] = [];
  const fill = size - core.length - 10;
  for (let i = 0; i < fill; i++) {
    const at = iso(base, 9 + i * 0.5);
    const kind = i % 4;
    if (kind === 0) middle.push({ type: 'add_note', at, by: ola, text: `Observation ${i}` });
    else if (kind === 1)
      middle.push({ type: 'post_update', at, by: sam, audience: 'internal', nextUpdateInMinutes: 15 });
    else if (kind === 2) middle.push({ type: 'tick', at });
    else middle.push({ type: 'post_update', at, by: sam, audience: 'external', publicStatus: 'identified' });
  }
  const end = 9 + fill;
  const tail: IncidentEventInput[] = [
    { type: 'record_mitigation_outcome', at: iso(base, end), mitigationId: 'm1', outcome: 'succeeded' },
    { type: 'mark_mitigated', at: iso(base, end + 1) },
    { type: 'post_update', at: iso(base, end + 2), audience: 'external', publicStatus: 'monitoring' },
    { type: 'resolve', at: iso(base, end + 10), summary: 'Resolved', dataLoss: 'none' },
    { type: 'post_update', at: iso(base, end + 11), audience: 'external', publicStatus: 'resolved' },
    { type: 'start_postmortem', at: iso(base, end + 60), owner: jane },
    { type: 'add_note', at: iso(base, end + 61), text: 'Timeline drafted' },
    {
      type: 'complete_postmortem',
      at: iso(base, end + 120),
      link: 'https://wiki.example.com/pm',
      actionItems: [{ title: 'Alert on pool saturation' }],
    },
    { type: 'add_note', at: iso(base, end + 121), text: 'Review held' },
    { type: 'close', at: iso(base, end + 122) },
  ];
  return {
    declaration: {
      id: `INC-${index}`,
      title: `Auth Service Degraded ${index}`,
      at: iso(base, 0),
      alert: { name: 'AuthErrors', severity: 'critical' },
    },
    events: [...core, ...middle, ...tail],
  };
}
