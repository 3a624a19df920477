import { applyEvent, type IncidentEventInput, type IncidentState } from 'incident-kit';
import { fillOutboundCall, type OutboundConfig, planOutbound } from 'incident-kit/integrations';
import { escapeText } from 'incident-kit/text';
import { describe, expect, it } from 'vitest';
import { jane } from '../fixtures/seed';
import { alertIncident } from './outbound-fixtures';

const config: OutboundConfig = {
  pagerduty: { routingKey: 'e93facc04764012d7bfb002500d5d1a6' },
  opsgenie: { responders: [{ type: 'team', name: 'NOC' }] },
  statuspage: {
    pageId: 'kctbh9vrtdwd',
    components: { login: '0frwxtbsbr91' },
    componentIds: ['xnkj99tp4jzc'],
  },
  slack: { channel: 'C0123456789' },
  teams: { webhookUrl: 'https://example.webhook.office.com/webhookb2/x' },
};

function step(state: IncidentState, event: IncidentEventInput) {
  const result = applyEvent(state, event);
  if (!result.ok) throw result.error;
  return { state: { ...result.state, alert: state.alert ?? null }, effects: result.effects };
}

describe('planOutbound', () => {
  it('pages PagerDuty and Opsgenie for a new incident, with stable idempotency keys', () => {
    const state = alertIncident();
    const effects = [
      { type: 'page', level: 1, urgency: 'high_urgency', reason: 'declared', loop: 0 } as const,
    ];
    const plan = planOutbound(effects, state, config);
    expect(plan.calls.map((call) => [call.operation, call.url])).toEqual([
      ['pagerduty.enqueue', 'https://events.pagerduty.com/v2/enqueue'],
      ['opsgenie.create', 'https://api.opsgenie.com/v2/alerts'],
    ]);
    expect(planOutbound(effects, state, config)).toEqual(plan);
    expect(new Set(plan.calls.map((call) => call.idempotencyKey)).size).toBe(2);
  });

  it('runs the whole loop: page, acknowledge, thread and status page, resolve, and never leaves a page open', () => {
    let state = alertIncident();
    let refs: NonNullable<OutboundConfig['refs']> = {};
    const operations: string[] = [];
    const keys = new Set<string>();
    const perform = (effects: readonly unknown[], current: IncidentState) => {
      const plan = planOutbound(effects as never, current, { ...config, refs });
      for (const planned of plan.calls) {
        const call = fillOutboundCall(planned, refs);
        expect(call.needs).toBeUndefined();
        expect(keys.has(call.idempotencyKey)).toBe(false);
        keys.add(call.idempotencyKey);
        operations.push(
          call.operation + (call.body && 'event_action' in call.body ? `:${call.body.event_action}` : ''),
        );
        // What the vendors answer: Slack gives the message ts, Statuspage the incident id.
        if (call.remember === 'slack_thread')
          refs = { ...refs, slackThread: { channel: 'C0123456789', ts: '1705328400.000100' } };
        if (call.remember === 'statuspage_incident') refs = { ...refs, statuspageIncidentId: 'p31zjtct2jer' };
      }
      return plan;
    };
    perform([{ type: 'page', level: 1, urgency: 'high_urgency', reason: 'declared', loop: 0 }], state);
    const events: IncidentEventInput[] = [
      { type: 'acknowledge', at: '2026-11-27T17:50:00Z', by: jane },
      { type: 'start_triage', at: '2026-11-27T17:51:00Z' },
      {
        type: 'assess_impact',
        at: '2026-11-27T17:52:00Z',
        impact: {
          usersAffectedPercent: 30,
          degradation: 'partial_outage',
          coreFeatureAffected: true,
          affectedFeatures: ['login'],
        },
      },
      {
        type: 'start_mitigation',
        at: '2026-11-27T17:55:00Z',
        kind: 'rollback',
        description: 'Roll back 1.42',
      },
      {
        type: 'post_update',
        at: '2026-11-27T17:56:00Z',
        audience: 'external',
        publicStatus: 'identified',
        message: 'We found the cause.',
      },
      { type: 'resolve', at: '2026-11-27T18:10:00Z', summary: 'Rolled back', dataLoss: 'none' },
    ];
    for (const event of events) {
      const next = step(state, event);
      state = next.state;
      const extra = event.type === 'post_update' ? [event] : [];
      perform([...next.effects, ...extra], state);
    }
    expect(operations).toContain('pagerduty.enqueue:trigger');
    expect(operations).toContain('pagerduty.enqueue:acknowledge');
    expect(operations.at(-1)).not.toBe('pagerduty.enqueue:trigger');
    expect(operations.filter((operation) => operation === 'pagerduty.enqueue:resolve')).toHaveLength(1);
    expect(operations).toContain('opsgenie.close');
    expect(operations.filter((operation) => operation === 'statuspage.create')).toHaveLength(1);
    expect(operations).toContain('statuspage.update');
    expect(operations.filter((operation) => operation === 'slack.chat.postMessage').length).toBeGreaterThan(
      2,
    );
    expect(operations).toContain('slack.chat.update');
    expect(operations).toContain('teams.webhook');
    expect(refs).toEqual({
      slackThread: { channel: 'C0123456789', ts: '1705328400.000100' },
      statuspageIncidentId: 'p31zjtct2jer',
    });
  });

  it('threads later posts of the same step under the root post, through `needs`', () => {
    const state = step(alertIncident(), { type: 'acknowledge', at: '2026-11-27T17:50:00Z', by: jane }).state;
    const plan = planOutbound(
      [
        { type: 'post_initial_status', publicPostRequired: false, audiences: ['internal'], dueAt: null },
        { type: 'request_roles', roles: ['incident_commander'] },
      ],
      state,
      { slack: config.slack },
    );
    expect(plan.calls.map((call) => [call.operation, call.remember, call.needs])).toEqual([
      ['slack.chat.postMessage', 'slack_thread', undefined],
      ['slack.chat.postMessage', undefined, 'slack_thread'],
    ]);
    expect(() => fillOutboundCall(plan.calls[1] as never, {})).toThrow(
      expect.objectContaining({ code: 'invalid_input' }),
    );
    const filled = fillOutboundCall(plan.calls[1] as never, { slackThread: { channel: 'C9', ts: '1.2' } });
    expect(filled.body).toMatchObject({ channel: 'C9', thread_ts: '1.2', reply_broadcast: false });
  });

  it('titles a notice as the message renderers title theirs: plain_text as typed, the fallback escaped once', () => {
    const state = { ...alertIncident(), title: 'DB <primary> & replica\nsecond line' };
    const plan = planOutbound(
      [{ type: 'announce_severity_change', from: 'SEV2', to: 'SEV1', reason: 'worse' }],
      state,
      { ...config, refs: { slackThread: { channel: 'C0123456789', ts: '1705328400.000100' } } },
    );
    const bodyOf = (operation: string) =>
      plan.calls.find((call) => call.operation === operation)?.body as unknown as {
        text: string;
        blocks: { text: { text: string } }[];
      };
    const notice = bodyOf('slack.chat.postMessage');
    const root = bodyOf('slack.chat.update'); // the thread's root: a rendered internal update
    expect(notice.blocks[0]?.text.text).toBe('Incident: DB <primary> & replica second line');
    expect(notice.blocks[0]?.text.text).toBe(root.blocks[0]?.text.text);
    expect(notice.text.split('\n')[0]).toBe(
      escapeText('Incident: DB <primary> & replica second line', 'slack'),
    );
    expect(notice.text.split('\n')[0]).toBe(root.text.split('\n')[0]);
  });

  it('says why an effect led to no call', () => {
    const plan = planOutbound(
      [
        { type: 'open_channel', name: 'incident-x' },
        { type: 'stop_paging', reason: 'acknowledged' },
      ],
      alertIncident(),
      {},
    );
    expect(plan.calls).toEqual([]);
    expect(plan.skipped).toEqual([
      {
        effect: 'open_channel',
        reason: 'The host opens the channel (suggested name #incident-x); then give it as slack.channel',
      },
      { effect: 'stop_paging', reason: 'No vendor configured for it' },
    ]);
  });

  it('refuses a bad config or effect', () => {
    expect(() => planOutbound([], alertIncident(), { slack: { channel: '' } })).toThrow(
      expect.objectContaining({ code: 'invalid_input' }),
    );
    expect(() => planOutbound([{ type: 'explode' } as never], alertIncident(), {})).toThrow(
      expect.objectContaining({ code: 'invalid_input' }),
    );
  });
});
