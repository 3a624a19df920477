// Every built-in message for Slack and Teams, from one incident's state: text for chat.postMessage's `text`,
// Block Kit `blocks`, and a Teams Adaptive Card message, all within the platforms' limits.
import {
  applyEvent,
  createIncident,
  deriveExecutiveSummary,
  deriveHandoffBrief,
  deriveInternalUpdate,
  derivePostmortem,
  deriveResolutionUpdate,
  deriveStatusPageUpdate,
  deriveTacticalUpdate,
  type IncidentEventInput,
  renderInternalUpdate,
  renderPostmortem,
  renderResolutionUpdate,
  type SlackPayload,
  type TeamsPayload,
} from 'incident-kit';
import { createRenderer } from 'incident-kit/templates';

const jane = { id: 'jane', name: 'Jane Smith', handle: '@jane-smith', slackUserId: 'U024BE7LH' };
const sam = { id: 'sam', name: 'Sam Lee', handle: '@sam-lee' };
const created = createIncident({
  id: 'INC-9',
  title: 'Payments <failing> for EU cards',
  at: '2024-01-15T14:20:00Z',
  severity: 'SEV1',
});
if (!created.ok) throw created.error;
let state = created.state;
const events: IncidentEventInput[] = [
  { type: 'acknowledge', at: '2024-01-15T14:21:00Z', by: jane },
  { type: 'assign_role', at: '2024-01-15T14:22:00Z', role: 'incident_commander', person: jane },
  { type: 'start_triage', at: '2024-01-15T14:22:00Z' },
  {
    type: 'start_mitigation',
    at: '2024-01-15T14:30:00Z',
    kind: 'failover',
    description: 'Fail over to the backup PSP',
  },
];
for (const event of events) {
  const step = applyEvent(state, event);
  if (!step.ok) throw step.error;
  state = step.state;
}
const now = '2024-01-15T14:40:00Z';
const renderer = createRenderer();
const messages = {
  internal_update: deriveInternalUpdate(state, { now }),
  tactical_update: deriveTacticalUpdate(state),
  executive_summary: deriveExecutiveSummary(state, { now }),
  status_page_update: deriveStatusPageUpdate(state, { now }),
  handoff_brief: deriveHandoffBrief(state, { to: sam, now }),
};

for (const [kind, data] of Object.entries(messages)) {
  const slack = renderer.render(kind, data, { format: 'slack', payload: true }) as SlackPayload;
  const teams = renderer.render(kind, data, { format: 'teams', payload: true }) as TeamsPayload;
  console.log(
    `${kind}: Slack ${slack.blocks.length} blocks, Teams ${teams.attachments[0]?.content.body.length} text blocks`,
  );
}
console.log(
  `\nSlack text of the internal update (note the escaped <failing> and the real mention):\n${renderInternalUpdate(messages.internal_update, { format: 'slack' })}`,
);

const resolved = applyEvent(state, {
  type: 'resolve',
  at: '2024-01-15T15:10:00Z',
  summary: 'Payments recovered',
  dataLoss: 'none',
});
if (!resolved.ok) throw resolved.error;
console.log(`\n${renderResolutionUpdate(deriveResolutionUpdate(resolved.state), { format: 'teams' })}`);
console.log(
  `\npostmortem draft: ${renderPostmortem(derivePostmortem(resolved.state), { format: 'markdown' }).split('\n').length} lines`,
);
