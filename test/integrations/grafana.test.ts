import fc from 'fast-check';
import { IncidentAlertSchema, IncidentKitError } from 'incident-kit';
import { parseGrafanaWebhook, routeAlertIntake } from 'incident-kit/integrations';
import { describe, expect, it } from 'vitest';
import { anyBodyArb } from '../arbitraries/integrations';
import { propertyRuns } from '../support/property-runs';
import { fixtureJson, fixtureText, invalidInput } from './helpers';

const DOC = 'grafana-webhook-v1-firing.doc.json';
const TEST = 'grafana-webhook-v1-firing.alerting-test.json';

describe('parseGrafanaWebhook', () => {
  it('reads the documented notification: +02:00 offsets, runbook and silence links, empty dashboard URLs', () => {
    const result = parseGrafanaWebhook(fixtureText(DOC));
    if (!result.ok) throw result.error;
    const intake = result.value;
    expect(intake.signals.map((signal) => [signal.change, signal.alert.name, signal.at])).toEqual([
      ['firing', 'High memory usage', '2021-10-12T07:51:03.157Z'],
      ['firing', 'High CPU usage', '2021-10-12T07:56:03.157Z'],
    ]);
    expect(intake.alert).toMatchObject({
      name: 'High memory usage',
      summary: 'High memory usage, High CPU usage: 2 alerts firing',
      severity: 'warning',
      startsAt: '2021-10-12T07:51:03.157Z',
      labels: { team: 'blue' },
    });
    expect(intake.signals[0]?.alert.links?.map((link) => link.text)).toEqual([
      'Source',
      'Runbook',
      'Silence',
    ]);
    for (const alert of [intake.alert, ...intake.signals.map((signal) => signal.alert)]) {
      expect(IncidentAlertSchema.safeParse(alert).success).toBe(true);
    }
  });

  it('reads the alerting library’s payload, whose zero-time startsAt means the start is unknown', () => {
    const result = parseGrafanaWebhook(fixtureJson(TEST));
    if (!result.ok) throw result.error;
    expect(result.value.signals[0]).toMatchObject({ change: 'firing', at: null, key: 'fac0861a85de433a' });
    expect(result.value.alert.startsAt).toBeUndefined();
    // So routing it needs the receive time, and says so.
    const without = routeAlertIntake(result.value, null);
    expect(without.ok || without.error.message).toContain('give `at`');
    const routed = routeAlertIntake(result.value, null, { at: '2024-01-15T14:20:00Z' });
    expect(routed.ok && routed.value.action).toBe('declare');
  });

  it('scopes the dedup key by organisation', () => {
    const one = parseGrafanaWebhook(fixtureJson(DOC));
    const other = parseGrafanaWebhook({ ...fixtureJson<object>(DOC), orgId: 2 });
    expect(one.ok && other.ok && one.value.dedupKey !== other.value.dedupKey).toBe(true);
  });

  it('refuses an Alertmanager notification (version 4) as the wrong version', () => {
    const result = parseGrafanaWebhook(fixtureText('alertmanager-webhook-v4-firing.captured.json'));
    expect(result.ok || [invalidInput(result.error).details.reason, result.error.message]).toEqual([
      'wrong_version',
      'Unsupported Grafana notification: version "4" (expected "1")',
    ]);
  });

  it('refuses a mistyped value, naming its path', () => {
    const body = fixtureJson<{ alerts: object[] }>(DOC);
    const result = parseGrafanaWebhook({ ...body, alerts: [{ ...body.alerts[0], values: { B: 'high' } }] });
    expect(result.ok || result.error.issues[0]?.path).toEqual(['alerts', 0, 'values', 'B']);
  });

  it('never throws, and refuses with an invalid_input IncidentKitError, whatever it is given', () => {
    fc.assert(
      fc.property(anyBodyArb, (body) => {
        const result = parseGrafanaWebhook(body);
        if (!result.ok)
          expect([result.error instanceof IncidentKitError, result.error.code]).toEqual([
            true,
            'invalid_input',
          ]);
      }),
      { numRuns: propertyRuns(300) },
    );
  });
});
