// The outbound payload builders in detail: what each refusal names, tags and details within Opsgenie's limits, the
// PagerDuty source and optional fields, titles on one line, Statuspage's data-loss line, and a Teams message whose
// title alone is over the webhook's limit. (Mutation testing showed these were read by no test.)
import type { IncidentState } from 'incident-kit';
import { renderInternalUpdate } from 'incident-kit';
import {
  TEAMS_WEBHOOK_MAX_BYTES,
  toOpsgenieAction,
  toOpsgenieAlert,
  toPagerDutyEvent,
  toSlackPostMessage,
  toSlackUpdate,
  toStatuspageIncident,
  toTeamsWebhookMessage,
} from 'incident-kit/integrations';
import { describe, expect, it } from 'vitest';
import { thrown } from '../fixtures/assert';
import { exampleIncident } from './outbound-fixtures';

const routingKey = 'e93facc04764012d7bfb002500d5d1a6';

/** A trigger event, as the fields these tests read. */
interface Trigger {
  payload: { source: string; summary: string; group?: string; class?: string };
  client_url?: string;
}

const trigger = (...args: Parameters<typeof toPagerDutyEvent>) =>
  toPagerDutyEvent(...args) as unknown as Trigger;

describe('refusals name what is wrong', () => {
  it('a bad state, options or action, for every builder', () => {
    const state = exampleIncident(3);
    const payload = renderInternalUpdate(
      { title: 'T', severity: 'SEV2', status: 'Investigating', nextUpdateInMinutes: null },
      { format: 'slack', payload: true },
    );
    const messages = [
      thrown(() => toOpsgenieAlert({} as never)).message,
      thrown(() => toOpsgenieAlert(state, { source: 5 } as never)).message,
      thrown(() => toOpsgenieAction({} as never, 'close')).message,
      thrown(() => toOpsgenieAction(state, 'open' as never)).message,
      thrown(() => toOpsgenieAction(state, 'close', { user: 5 } as never)).message,
      thrown(() => toPagerDutyEvent({} as never, 'trigger', { routingKey })).message,
      thrown(() => toPagerDutyEvent(state, 'page' as never, { routingKey })).message,
      thrown(() => toPagerDutyEvent(state, 'trigger', {} as never)).message,
      thrown(() => toStatuspageIncident({} as never, { mode: 'create' } as never)).message,
      thrown(() => toStatuspageIncident(state, { mode: 'draft' } as never)).message,
      thrown(() => toSlackPostMessage({} as never, { channel: 'C1' })).message,
      thrown(() => toSlackPostMessage(payload, {} as never)).message,
      thrown(() => toSlackUpdate({} as never, { channel: 'C1', ts: '1.2' })).message,
      thrown(() => toSlackUpdate(payload, { channel: 'C1' } as never)).message,
      thrown(() => toTeamsWebhookMessage({} as never)).message,
    ].map((message) => message.split('\n')[0]);
    expect(messages).toEqual([
      'Invalid state:',
      'Invalid Opsgenie alert options:',
      'Invalid state:',
      `Invalid action: expected 'acknowledge' or 'close', got "open"`,
      'Invalid Opsgenie action options:',
      'Invalid state:',
      `Invalid action: expected 'trigger', 'acknowledge' or 'resolve', got "page"`,
      'Invalid PagerDuty event options:',
      'Invalid state:',
      'Invalid Statuspage options:',
      expect.stringMatching(/^Invalid Slack payload/),
      'Invalid Slack message options:',
      expect.stringMatching(/^Invalid Slack payload/),
      'Invalid Slack update options:',
      expect.stringMatching(/^Invalid Teams payload/),
    ]);
  });
});

describe('toOpsgenieAlert', () => {
  it('keeps tags unique and at most 20, the title on one line, the alert’s description first', () => {
    const state = { ...exampleIncident(3), title: ' Auth\n\tService   down ' } as IncidentState;
    const tags = ['incident-kit', 'sev2', 'auth', 'auth', ...Array.from({ length: 30 }, (_, i) => `t${i}`)];
    const alert = toOpsgenieAlert(state, { tags, source: 'bot', entity: 'auth-service' });
    expect(alert.tags).toHaveLength(20);
    expect(alert.tags?.slice(0, 4)).toEqual(['incident-kit', state.severity.toLowerCase(), 'auth', 't0']);
    expect(new Set(alert.tags).size).toBe(20);
    expect(alert.message).toBe(`[${state.severity}] Auth Service down`);
    expect([alert.source, alert.entity]).toEqual(['bot', 'auth-service']);
    const line = `Incident INC-1, channel #${state.channel}`;
    expect(alert.description).toBe(line);
    const withAlert = (extra: object) =>
      toOpsgenieAlert({
        ...state,
        alert: { ...(state.alert as NonNullable<IncidentState['alert']>), ...extra },
      } as IncidentState).description;
    expect(withAlert({ summary: 'Logins fail' })).toBe(`Logins fail\n\n${line}`);
    expect(withAlert({ summary: 'Logins fail', description: 'Error rate 30%' })).toBe(
      `Error rate 30%\n\n${line}`,
    );
    expect(toOpsgenieAlert(state).source).toBe('incident-kit');
    expect(toOpsgenieAlert(state)).not.toHaveProperty('entity');
  });

  it('adds details in order while they fit in 8,000 characters, each key once', () => {
    const base = exampleIncident(3);
    const labels = { instance: 'db-1', big: 'x'.repeat(7900), small: 'y', incident: 'not this one' };
    const state = {
      ...base,
      alert: { ...(base.alert as NonNullable<IncidentState['alert']>), labels },
    } as IncidentState;
    const details = toOpsgenieAlert(state).details ?? {};
    expect(Object.keys(details)).toEqual([
      'incident',
      'severity',
      'status',
      'channel',
      'alert',
      'instance',
      'small',
    ]);
    expect(details.incident).toBe('INC-1');
    const used = Object.entries(details).reduce((sum, [key, value]) => sum + key.length + value.length, 0);
    expect(used).toBeLessThanOrEqual(8000);
  });
});

describe('toPagerDutyEvent', () => {
  it('takes its source from the options, else the alert’s instance label, else the alert’s source', () => {
    const base = exampleIncident(3);
    const alert = base.alert as NonNullable<IncidentState['alert']>;
    const source = (state: IncidentState, options = {}) => {
      return trigger(state, 'trigger', { routingKey, ...options }).payload.source;
    };
    const labelled = { ...base, alert: { ...alert, labels: { instance: ' db-1\n' }, source: 'prom' } };
    expect(source(labelled as IncidentState, { source: 'mine' })).toBe('mine');
    expect(source(labelled as IncidentState)).toBe('db-1');
    expect(source({ ...base, alert: { ...alert, source: 'prom' } } as IncidentState)).toBe('prom');
    expect(source({ ...base, alert: null } as IncidentState)).toBe('incident-kit');
  });

  it('passes group, class and client URL when given, and the title on one line', () => {
    const state = { ...exampleIncident(3), title: 'Auth\n  down' } as IncidentState;
    const event = trigger(state, 'trigger', {
      routingKey,
      group: 'prod',
      class: 'auth',
      clientUrl: 'https://bot.example.com',
    });
    expect([event.payload.group, event.payload.class, event.client_url]).toEqual([
      'prod',
      'auth',
      'https://bot.example.com',
    ]);
    expect(event.payload.summary).toBe(`[${state.severity}] Auth down`);
    const plain = trigger(state, 'trigger', { routingKey });
    expect(plain).not.toHaveProperty('client_url');
    expect(Object.keys(plain.payload)).not.toContain('group');
  });
});

describe('toStatuspageIncident', () => {
  it('says no data was lost only in a resolved post of an incident that lost none', () => {
    const resolved = exampleIncident();
    const body = (state: IncidentState, mode: 'create' | 'update') =>
      toStatuspageIncident(state, { mode, name: 'Login problems' }).incident.body ?? '';
    expect(resolved.resolution?.dataLoss).toBe('none');
    expect(body(resolved, 'update')).toContain('\n\nNo data was lost.\n\n');
    const lost = { ...resolved, resolution: { ...resolved.resolution, dataLoss: 'some' } } as IncidentState;
    expect(body(lost, 'update')).not.toContain('No data was lost.');
    expect(body(exampleIncident(9), 'update')).not.toContain('No data was lost.');
  });
});

describe('toTeamsWebhookMessage', () => {
  it('cuts a title that alone is over the limit until the message fits, and says it was shortened', () => {
    const payload = renderInternalUpdate(
      { title: 'T', severity: 'SEV2', status: 'Investigating', nextUpdateInMinutes: null },
      { format: 'teams', payload: true },
    );
    const content = payload.attachments[0]?.content;
    if (!content) throw new Error('expected a card');
    const huge = 'é'.repeat(20_000); // 40,000 bytes in UTF-8
    const oversized = {
      ...payload,
      attachments: [
        { ...payload.attachments[0], content: { ...content, body: [{ ...content.body[0], text: huge }] } },
      ],
    } as typeof payload;
    const message = toTeamsWebhookMessage(oversized);
    const body = message.attachments[0]?.content.body ?? [];
    expect(new TextEncoder().encode(JSON.stringify(message)).length).toBeLessThanOrEqual(
      TEAMS_WEBHOOK_MAX_BYTES,
    );
    expect(body).toHaveLength(2);
    expect(body[0]?.text.endsWith('é…')).toBe(true);
    expect(body[0]?.text.length).toBeGreaterThan(10_000);
    expect(body[1]).toEqual({ type: 'TextBlock', text: '… (message shortened)', wrap: true });
  });
});
