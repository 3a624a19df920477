// Every effect, planned with every vendor configured, with and without what earlier calls told us (the Slack thread,
// the Statuspage incident), and with nothing configured: the whole plan (targets, operations, methods, URLs, bodies,
// idempotency keys, what a call needs and what it remembers, why an effect was skipped) compared with
// test/fixtures/golden/outbound-plans.json. The vendors' own schemas and samples are checked by the tests beside
// this one; this file holds every detail of the plan still, so a change to any of them is seen and reviewed.
// After an intended change: UPDATE_GOLDEN=1 npx vitest run test/integrations/outbound-golden.test.ts, then
// npm run format (the linter checks the file's layout), then read the diff of the JSON file.
import { readFileSync, writeFileSync } from 'node:fs';
import type { IncidentEffect, IncidentState } from 'incident-kit';
import { fillOutboundCall, type OutboundConfig, planOutbound } from 'incident-kit/integrations';
import { describe, expect, it } from 'vitest';
import { jane, sam } from '../fixtures/seed';
import { exampleIncident } from './outbound-fixtures';

const GOLDEN = 'test/fixtures/golden/outbound-plans.json';

const full: OutboundConfig = {
  pagerduty: {
    routingKey: 'e93facc04764012d7bfb002500d5d1a6',
    additionalRespondersRoutingKey: 'f00facc04764012d7bfb002500d5d1a6',
    source: 'incident-kit-test',
  },
  opsgenie: {
    responders: [{ type: 'team', name: 'NOC' }],
    additionalResponders: [{ type: 'team', name: 'DBA' }],
    source: 'incident-kit-test',
  },
  statuspage: {
    pageId: 'kctbh9vrtdwd',
    name: 'Login problems',
    components: { login: '0frwxtbsbr91' },
    componentIds: ['xnkj99tp4jzc'],
  },
  slack: { channel: 'C0123456789' },
  teams: { webhookUrl: 'https://example.webhook.office.com/webhookb2/x' },
};

const known: OutboundConfig = {
  ...full,
  refs: {
    slackThread: { channel: 'C0123456789', ts: '1705328400.000100' },
    statuspageIncidentId: 'p31zjtct2jer',
  },
};

const T = '2024-01-15T15:00:00.000Z';

/** What `planOutbound` takes: effects, and `post_update` events (the update itself is what gets posted). */
type Planned = Parameters<typeof planOutbound>[0][number];

const EFFECTS: Record<string, IncidentEffect> = {
  page: { type: 'page', level: 1, urgency: 'high_urgency', reason: 'declared', loop: 0 },
  'page again': { type: 'page', level: 2, urgency: 'low_urgency', reason: 'ack_timeout', loop: 1 },
  'page additional responders': { type: 'page_additional_responders', severity: 'SEV1' },
  'stop paging (acknowledged)': { type: 'stop_paging', reason: 'acknowledged' },
  'stop paging (resolved)': { type: 'stop_paging', reason: 'resolved' },
  'open channel': { type: 'open_channel', name: 'incident-inc-1-auth' },
  'initial status (public)': {
    type: 'post_initial_status',
    publicPostRequired: true,
    audiences: ['internal', 'external'],
    dueAt: T,
  },
  'initial status (internal)': {
    type: 'post_initial_status',
    publicPostRequired: false,
    audiences: ['internal'],
    dueAt: null,
  },
  'request roles': { type: 'request_roles', roles: ['incident_commander', 'communications_lead'] },
  'remind update': { type: 'remind_update', deadline: 'internal_update', dueAt: T, count: 2 },
  'severity raised': { type: 'announce_severity_change', from: 'SEV3', to: 'SEV1', reason: 'Logins down' },
  'severity lowered': { type: 'announce_severity_change', from: 'SEV1', to: 'SEV2', reason: 'Partly back' },
  handoff: { type: 'announce_handoff', role: 'incident_commander', from: jane, to: sam },
  'postmortem (due)': { type: 'schedule_postmortem', dueAt: T },
  'postmortem (no date)': { type: 'schedule_postmortem', dueAt: null },
  'resolved status': { type: 'post_resolved_status', dueAt: T },
  'status to monitoring': { type: 'announce_status', from: 'mitigating', to: 'monitoring' },
  'status to resolved': { type: 'announce_status', from: 'monitoring', to: 'resolved' },
};

const UPDATES = {
  'internal update': {
    type: 'post_update',
    at: T,
    audience: 'internal',
    message: 'Scaling the pool',
    nextUpdateInMinutes: 30,
  },
  'external update': {
    type: 'post_update',
    at: T,
    audience: 'external',
    publicStatus: 'identified',
    message: 'We found the cause.',
  },
  'external update without a message': {
    type: 'post_update',
    at: T,
    audience: 'external',
    publicStatus: 'monitoring',
  },
} as const;

function plans(): Record<string, unknown> {
  const mitigating = exampleIncident(9);
  const resolved = exampleIncident();
  const long: IncidentState = { ...mitigating, id: 'I'.repeat(300) };
  const configs: Record<string, OutboundConfig> = { full, known, none: {} };
  const result: Record<string, unknown> = {};
  const effects: Record<string, Planned> = { ...EFFECTS, ...UPDATES };
  for (const [effectName, effect] of Object.entries(effects)) {
    for (const [configName, config] of Object.entries(configs)) {
      const state = effectName.includes('resolved') ? resolved : mitigating;
      result[`${effectName} / ${configName}`] = planOutbound([effect], state, config);
    }
  }
  result['page, a 300-character incident id / full'] = planOutbound(
    [EFFECTS.page as IncidentEffect],
    long,
    full,
  );
  result['additional responders, no second service / full'] = planOutbound(
    [EFFECTS['page additional responders'] as IncidentEffect],
    mitigating,
    {
      ...full,
      pagerduty: { routingKey: 'e93facc04764012d7bfb002500d5d1a6' },
      opsgenie: { responders: [] },
    },
  );
  const threaded = planOutbound(
    [EFFECTS['initial status (internal)'] as IncidentEffect, EFFECTS['request roles'] as IncidentEffect],
    mitigating,
    { ...full, statuspage: undefined },
  );
  result['threaded, filled'] = threaded.calls.map((call) =>
    fillOutboundCall(call, known.refs as NonNullable<OutboundConfig['refs']>),
  );
  // One step that opens the thread and the Statuspage incident and then posts to both: the later calls need what
  // the earlier ones return, filled in afterwards.
  const oneStep = planOutbound(
    [
      EFFECTS['initial status (public)'] as Planned,
      EFFECTS['severity raised'] as Planned,
      EFFECTS['status to monitoring'] as Planned,
      UPDATES['external update'],
    ],
    mitigating,
    full,
  );
  result['one step / full'] = oneStep;
  result['one step, filled'] = oneStep.calls.map((call) =>
    fillOutboundCall(call, known.refs as NonNullable<OutboundConfig['refs']>),
  );
  return JSON.parse(JSON.stringify(result));
}

describe('fillOutboundCall', () => {
  it('says what a call still needs, and refuses what is not a planned call', () => {
    const plan = planOutbound(
      [EFFECTS['initial status (public)'] as Planned, UPDATES['external update']],
      exampleIncident(9),
      full,
    );
    const needing = (needs: string) => plan.calls.find((call) => call.needs === needs);
    const thread = needing('slack_thread');
    const incident = plan.calls.find((call) => call.operation === 'statuspage.update' && call.needs);
    if (!thread || !incident)
      throw new Error('expected calls that need the thread and the Statuspage incident');
    expect(() => fillOutboundCall(thread, {})).toThrow(
      `The call ${thread.operation} needs the Slack thread (channel and ts of the incident root message): perform the earlier calls first`,
    );
    expect(() => fillOutboundCall(incident, {})).toThrow(
      'The call statuspage.update needs the Statuspage incident id: perform the earlier calls first',
    );
    for (const bad of [
      null,
      {},
      { ...thread, needs: 'nothing' },
      { ...thread, body: null },
      { ...thread, url: 1 },
    ])
      expect(() => fillOutboundCall(bad as never, {})).toThrow(
        /^Invalid call: expected an outbound call from planOutbound, got /,
      );
    // A root update is planned only once the thread is known; one marked as needing it is filled like a reply.
    const update = planOutbound(
      [EFFECTS['severity raised'] as Planned],
      exampleIncident(9),
      known,
    ).calls.find((call) => call.operation === 'slack.chat.update');
    if (!update) throw new Error('expected a root update');
    const refs = { slackThread: { channel: 'C9', ts: '1.2' } };
    expect(fillOutboundCall({ ...update, needs: 'slack_thread' }, refs).body).toMatchObject({
      channel: 'C9',
      ts: '1.2',
    });
    const done = plan.calls.find((call) => call.needs === undefined);
    if (!done) throw new Error('expected a call that needs nothing');
    expect(fillOutboundCall(done, {})).toBe(done);
  });
});

describe('planOutbound, in full', () => {
  it('plans every effect as test/fixtures/golden/outbound-plans.json says', () => {
    const actual = plans();
    if (process.env.UPDATE_GOLDEN === '1') writeFileSync(GOLDEN, `${JSON.stringify(actual, null, 2)}\n`);
    const expected = JSON.parse(readFileSync(GOLDEN, 'utf8'));
    expect(Object.keys(actual)).toEqual(Object.keys(expected));
    for (const key of Object.keys(expected)) expect(actual[key], key).toEqual(expected[key]);
  });
});
