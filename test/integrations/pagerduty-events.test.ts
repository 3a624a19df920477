import fc from 'fast-check';
import {
  incidentDedupKey,
  PAGERDUTY_EVENT_LIMITS,
  PagerDutyEventSchema,
  parseAlertmanagerWebhook,
  parsePagerDutyWebhook,
  routeAlertIntake,
  toPagerDutyEvent,
} from 'incident-kit/integrations';
import { describe, expect, it } from 'vitest';
import { alertmanagerPayloadArb } from '../arbitraries/integrations';
import { propertyRuns } from '../support/property-runs';
import { declare, fixtureJson, invalidInput } from './helpers';
import { alertIncident, exampleIncident, hostileIncidentArb } from './outbound-fixtures';

const routingKey = 'e93facc04764012d7bfb002500d5d1a6';
const bytes = (value: unknown) => Buffer.byteLength(JSON.stringify(value), 'utf8');

describe('PagerDutyEventSchema', () => {
  it.each([
    'pagerduty-events-v2-trigger.doc.json',
    'pagerduty-events-v2-trigger.openapi-example.json',
    'pagerduty-events-v2-acknowledge.doc.json',
    'pagerduty-events-v2-resolve.doc.json',
  ])('accepts PagerDuty’s own example %s', (name) => {
    expect(PagerDutyEventSchema.safeParse(fixtureJson(name)).success).toBe(true);
  });

  it('refuses the change event, which goes to another endpoint and has no event_action', () => {
    expect(
      PagerDutyEventSchema.safeParse(fixtureJson('pagerduty-events-v2-change-event.openapi-example.json'))
        .success,
    ).toBe(false);
  });
});

describe('toPagerDutyEvent', () => {
  it('triggers with the alert’s dedup key, a severity from the incident and the alert’s links', () => {
    const state = alertIncident();
    const event = toPagerDutyEvent(state, 'trigger', { routingKey, component: 'node' });
    expect(PagerDutyEventSchema.parse(event)).toEqual(event);
    expect(event).toMatchObject({
      routing_key: routingKey,
      dedup_key: state.alert?.dedupKey,
      event_action: 'trigger',
      payload: {
        summary: '[SEV2] InstanceDown: 2 alerts firing',
        source: 'alertmanager',
        severity: 'critical',
        timestamp: '2026-11-27T17:48:37.000Z',
        component: 'node',
        custom_details: { incident: state.id, status: 'detected', alert: 'InstanceDown' },
      },
      client: 'incident-kit',
      links: [
        { href: 'http://prometheus.local:9090/graph?g0.expr=up+%3D%3D+0&g0.tab=1', text: 'Source' },
        { href: 'http://127.0.0.1:19093', text: 'Alertmanager' },
      ],
    });
    // Every key we send is one PagerDuty's documented trigger example has.
    const documented = fixtureJson<Record<string, unknown>>('pagerduty-events-v2-trigger.doc.json');
    for (const key of Object.keys(event)) expect(Object.keys(documented)).toContain(key);
  });

  it('acknowledges and resolves with exactly the documented keys and the same dedup key', () => {
    const state = exampleIncident(3);
    for (const action of ['acknowledge', 'resolve'] as const) {
      const event = toPagerDutyEvent(state, action, { routingKey });
      expect(Object.keys(event).sort()).toEqual(
        Object.keys(fixtureJson(`pagerduty-events-v2-${action}.doc.json`)).sort(),
      );
      expect(event.dedup_key).toBe('incident-kit:INC-1');
    }
  });

  it('refuses bad options with invalid_input', () => {
    expect(() => toPagerDutyEvent(exampleIncident(0), 'trigger', { routingKey: ' ' })).toThrow(
      expect.objectContaining({ code: 'invalid_input' }),
    );
    let refused: unknown;
    try {
      toPagerDutyEvent(exampleIncident(0), 'trigger', { routingKey, clientUrl: 'not a url' });
    } catch (error) {
      refused = error;
    }
    expect(invalidInput(refused).issues[0]?.path).toEqual(['clientUrl']);
  });

  it('carries the alert’s dedup key from intake to trigger and resolve, so PagerDuty finds the incident again', () => {
    fc.assert(
      fc.property(alertmanagerPayloadArb, (payload) => {
        const intake = parseAlertmanagerWebhook({
          ...payload,
          status: 'firing',
          alerts: payload.alerts.map((a) => ({ ...a, status: 'firing' })),
        });
        if (!intake.ok) throw intake.error;
        const route = routeAlertIntake(intake.value, null, { at: '2026-11-27T17:48:37Z' });
        if (!route.ok || route.value.action !== 'declare') throw new Error('expected a declaration');
        const state = declare(route.value.declaration);
        const trigger = toPagerDutyEvent(state, 'trigger', { routingKey });
        const resolve = toPagerDutyEvent(state, 'resolve', { routingKey });
        expect(trigger.dedup_key).toBe(intake.value.dedupKey);
        expect(resolve.dedup_key).toBe(trigger.dedup_key);
      }),
      { numRuns: propertyRuns(100) },
    );
  });

  it('finds the incident from a PagerDuty webhook about it: the incident key is the dedup key it was triggered with', () => {
    const state = alertIncident();
    const trigger = toPagerDutyEvent(state, 'trigger', { routingKey });
    const webhook = fixtureJson<{ event: { data: Record<string, unknown> } }>(
      'pagerduty-webhook-v3-incident.acknowledged.assembled.json',
    );
    webhook.event.data.incident_key = trigger.dedup_key;
    const parsed = parsePagerDutyWebhook(webhook);
    expect(parsed.ok && parsed.value.dedupKey).toBe(incidentDedupKey(state));
  });

  it('keeps PagerDuty’s limits for long and hostile incidents: summary 1024, dedup key 255, 512 KB', () => {
    fc.assert(
      fc.property(hostileIncidentArb, (state) => {
        const trigger = toPagerDutyEvent(state, 'trigger', { routingKey });
        expect(PagerDutyEventSchema.safeParse(trigger).success).toBe(true);
        expect(bytes(trigger)).toBeLessThanOrEqual(PAGERDUTY_EVENT_LIMITS.bytes);
        expect(trigger.event_action === 'trigger' && trigger.payload.summary.length).toBeLessThanOrEqual(
          1024,
        );
        const resolve = toPagerDutyEvent(state, 'resolve', { routingKey });
        expect(resolve.dedup_key?.length).toBeLessThanOrEqual(255);
        expect(resolve.dedup_key).toBe(trigger.dedup_key);
      }),
      { numRuns: propertyRuns(100) },
    );
  });

  it('leaves the details out rather than pass 512 KB', () => {
    const state = {
      ...alertIncident(),
      alert: { name: 'Big', severity: 'critical' as const, labels: { blob: '漢'.repeat(200_000) } },
    };
    const event = toPagerDutyEvent(state, 'trigger', { routingKey });
    expect(event.event_action === 'trigger' && event.payload.custom_details).toEqual({
      note: 'Details left out: the event would exceed 512 KB',
    });
    expect(bytes(event)).toBeLessThanOrEqual(512 * 1024);
  });
});
