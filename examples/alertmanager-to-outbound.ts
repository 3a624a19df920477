// The whole loop of docs/integrations.md: an Alertmanager webhook opens an incident, and each step's effects become
// the PagerDuty, Slack and Statuspage calls a host makes. Runs on the captured Alertmanager notification in
// test/fixtures/integrations and prints the planned calls (it sends nothing).
import { readFileSync } from 'node:fs';
import { applyEvent, createIncident, type IncidentDeclaration, type IncidentEventInput } from 'incident-kit';
import {
  type ContractDeclaration,
  type ContractIncidentState,
  fillOutboundCall,
  type OutboundConfig,
  type OutboundEffect,
  type OutboundRefs,
  parseAlertmanagerWebhook,
  planOutbound,
  routeAlertIntake,
} from 'incident-kit/integrations';

const body = readFileSync(
  new URL('../test/fixtures/integrations/alertmanager-webhook-v4-firing.captured.json', import.meta.url),
);
const config: OutboundConfig = {
  pagerduty: { routingKey: 'e93facc04764012d7bfb002500d5d1a6' },
  statuspage: { pageId: 'kctbh9vrtdwd', components: { login: '0frwxtbsbr91' } },
  slack: { channel: 'C0123456789' },
};
let refs: OutboundRefs = {};

// 1. The webhook: parse the raw body, then decide what it means for the incident stored under its dedup key.
const intake = parseAlertmanagerWebhook(body);
if (!intake.ok) throw intake.error;
const route = routeAlertIntake(intake.value, null, { at: '2026-11-27T17:48:37Z' });
if (!route.ok || route.value.action !== 'declare') throw new Error('expected a new incident');
console.log(`dedup key ${intake.value.dedupKey} → declare ${route.value.declaration.id}`);

// 2. Open the incident and plan its first calls.
const opened = createIncident(lifecycleDeclaration(route.value.declaration));
if (!opened.ok) throw opened.error;
let state: ContractIncidentState = { ...opened.state, alert: intake.value.alert };
// A declaration's events are notes (no `resolve` of a new kind), which the lifecycle accepts today.
for (const event of route.value.events) state = apply(state, event as IncidentEventInput).state;
perform('declared', opened.effects, state);

// 3. The on-call acknowledges, triages and goes public; then it is resolved.
const events: IncidentEventInput[] = [
  { type: 'acknowledge', at: '2026-11-27T17:50:00Z', by: { id: 'jane', name: 'Jane Smith' } },
  { type: 'start_triage', at: '2026-11-27T17:51:00Z' },
  {
    type: 'assess_impact',
    at: '2026-11-27T17:52:00Z',
    impact: { usersAffectedPercent: 30, degradation: 'partial_outage', affectedFeatures: ['login'] },
  },
  {
    type: 'post_update',
    at: '2026-11-27T17:53:00Z',
    audience: 'external',
    publicStatus: 'investigating',
    message: 'Some users cannot log in.',
  },
  { type: 'start_mitigation', at: '2026-11-27T17:55:00Z', kind: 'failover', description: 'Fail over host-a' },
  { type: 'resolve', at: '2026-11-27T18:10:00Z', summary: 'Failed over; hosts back', dataLoss: 'none' },
];
for (const event of events) {
  const next = apply(state, event);
  state = next.state;
  // A posted update has no effect of its own: hand it to the planner with the step's effects.
  perform(event.type, [...next.effects, ...(event.type === 'post_update' ? [event] : [])], state);
}

function perform(label: string, effects: readonly unknown[], current: ContractIncidentState): void {
  const plan = planOutbound(effects as OutboundEffect[], current, { ...config, refs });
  for (const planned of plan.calls) {
    const call = fillOutboundCall(planned, refs);
    const detail = 'event_action' in call.body ? ` ${call.body.event_action} ${call.body.dedup_key}` : '';
    console.log(`${label.padEnd(14)} ${call.method} ${call.url}${detail}`);
    // A real host sends the call here and keeps what the response says:
    if (call.remember === 'slack_thread')
      refs = { ...refs, slackThread: { channel: 'C0123456789', ts: '1800000000.000100' } };
    if (call.remember === 'statuspage_incident') refs = { ...refs, statuspageIncidentId: 'p31zjtct2jer' };
  }
  for (const skipped of plan.skipped)
    console.log(`${label.padEnd(14)} (no call for ${skipped.effect}: ${skipped.reason})`);
}

function apply(current: ContractIncidentState, event: IncidentEventInput) {
  const step = applyEvent(current, event);
  if (!step.ok) throw step.error;
  return { state: { ...step.state, alert: current.alert ?? null }, effects: step.effects };
}

// CONTRACT(issue-10): until the lifecycle keeps the extended alert, pass it the fields it knows today.
function lifecycleDeclaration(declaration: ContractDeclaration): IncidentDeclaration {
  const { alert, ackDeadlineFrom: _, ...rest } = declaration;
  if (!alert) return rest;
  const { name, severity, summary, source, labels } = alert;
  return {
    ...rest,
    alert: {
      name,
      severity,
      ...(summary ? { summary } : {}),
      ...(source ? { source } : {}),
      ...(labels ? { labels } : {}),
    },
  };
}
