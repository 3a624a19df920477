import fc from 'fast-check';
import {
  OPSGENIE_LIMITS,
  OpsgenieCreateAlertSchema,
  toOpsgenieAction,
  toOpsgenieAlert,
} from 'incident-kit/integrations';
import { describe, expect, it } from 'vitest';
import { propertyRuns } from '../support/property-runs';
import { declare, fixtureJson } from './helpers';
import { alertIncident, exampleIncident, hostileIncidentArb } from './outbound-fixtures';

const sample = fixtureJson<Record<string, unknown>>('opsgenie-create-alert.doc-sample.transcribed.json');

describe('toOpsgenieAlert', () => {
  it('accepts Opsgenie’s sample request in its schema, and sends only keys the sample has', () => {
    expect(OpsgenieCreateAlertSchema.safeParse(sample).success).toBe(true);
    const alert = toOpsgenieAlert(alertIncident(), {
      responders: [{ type: 'team', name: 'NOC' }],
      tags: ['node'],
    });
    // `source` is a documented create-alert field the sample leaves out.
    for (const key of Object.keys(alert)) expect([...Object.keys(sample), 'source']).toContain(key);
    expect(alert).toMatchObject({
      message: '[SEV2] InstanceDown: 2 alerts firing',
      priority: 'P2',
      tags: ['incident-kit', 'sev2', 'node'],
      responders: [{ type: 'team', name: 'NOC' }],
      details: { severity: 'SEV2', alert: 'InstanceDown', job: 'node' },
    });
    expect(alert.alias).toMatch(/^alertmanager:[0-9a-f]{16}$/);
  });

  it('maps SEV1–SEV5 to P1–P5', () => {
    expect(
      (['SEV1', 'SEV2', 'SEV3', 'SEV4', 'SEV5'] as const).map(
        (severity) =>
          toOpsgenieAlert(declare({ id: 'INC-1', title: 'x', at: '2024-01-15T14:20:00Z', severity }))
            .priority,
      ),
    ).toEqual(['P1', 'P2', 'P3', 'P4', 'P5']);
  });

  it('keeps Opsgenie’s limits for long and hostile incidents', () => {
    fc.assert(
      fc.property(
        hostileIncidentArb,
        fc.array(fc.string({ maxLength: 200 }), { maxLength: 40 }),
        (state, tags) => {
          const alert = toOpsgenieAlert(state, { tags: tags.filter((tag) => tag.trim()) });
          expect(OpsgenieCreateAlertSchema.safeParse(alert).success).toBe(true);
          expect(alert.message.length).toBeLessThanOrEqual(OPSGENIE_LIMITS.message);
          expect(alert.alias?.length).toBeLessThanOrEqual(OPSGENIE_LIMITS.alias);
          expect(alert.tags?.length).toBeLessThanOrEqual(20);
          const details = Object.entries(alert.details ?? {}).reduce(
            (sum, [key, value]) => sum + key.length + value.length,
            0,
          );
          expect(details).toBeLessThanOrEqual(OPSGENIE_LIMITS.details);
        },
      ),
      { numRuns: propertyRuns(100) },
    );
  });
});

describe('toOpsgenieAction', () => {
  it('acknowledges and closes the alert by its alias, escaped for the path', () => {
    const state = exampleIncident(0);
    expect(toOpsgenieAction(state, 'close', { note: 'Resolved', user: 'jane' })).toEqual({
      path: '/v2/alerts/incident-kit%3AINC-1/close?identifierType=alias',
      body: { source: 'incident-kit', user: 'jane', note: 'Resolved' },
    });
    expect(toOpsgenieAction(state, 'acknowledge').path).toBe(
      '/v2/alerts/incident-kit%3AINC-1/acknowledge?identifierType=alias',
    );
    expect(() => toOpsgenieAction(state, 'close', { user: 5 as unknown as string })).toThrow(
      expect.objectContaining({ code: 'invalid_input' }),
    );
  });
});
