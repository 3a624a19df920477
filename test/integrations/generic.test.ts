import fc from 'fast-check';
import { createIncident, IncidentKitError } from 'incident-kit';
import { parseGenericAlert, routeAlertIntake } from 'incident-kit/integrations';
import { describe, expect, it } from 'vitest';
import { anyBodyArb } from '../arbitraries/integrations';
import { propertyRuns } from '../support/property-runs';
import { invalidInput } from './helpers';

const firing = {
  version: '1',
  status: 'firing',
  dedupKey: 'billing-db-disk',
  at: '2024-01-15T14:20:00Z',
  alert: { name: 'DiskFull', severity: 'warning', summary: 'Disk on billing-db over 95%' },
} as const;

describe('parseGenericAlert', () => {
  it('reads the documented shape into one signal keyed by its dedup key', () => {
    const result = parseGenericAlert(JSON.stringify(firing));
    if (!result.ok) throw result.error;
    expect(result.value).toMatchObject({
      source: 'generic',
      dedupKey: 'billing-db-disk',
      status: 'firing',
      alert: { name: 'DiskFull', dedupKey: 'billing-db-disk', source: 'generic' },
      signals: [
        {
          change: 'firing',
          at: '2024-01-15T14:20:00.000Z',
          text: 'Alert DiskFull firing: Disk on billing-db over 95%',
        },
      ],
    });
  });

  it('gives a resolution its own event id, stable across deliveries', () => {
    const resolved = { ...firing, status: 'resolved', at: '2024-01-15T15:00:00Z' };
    const ids = [firing, resolved, resolved].map((body) => {
      const result = parseGenericAlert(body);
      return result.ok ? result.value.signals[0]?.eventId : undefined;
    });
    expect(ids[0]).not.toBe(ids[1]);
    expect(ids[1]).toBe(ids[2]);
  });

  it('opens an incident that keeps the dedup key on its alert', () => {
    const result = parseGenericAlert(firing);
    const route = result.ok ? routeAlertIntake(result.value, null) : undefined;
    expect(route?.ok && route.value.action === 'declare' && route.value.declaration.alert?.dedupKey).toBe(
      'billing-db-disk',
    );
  });

  it('titles the incident by the alert’s name when its summary is blank (found by fuzzing)', () => {
    const result = parseGenericAlert({ ...firing, alert: { ...firing.alert, summary: '  ' } });
    const route = result.ok ? routeAlertIntake(result.value, null) : undefined;
    if (!route?.ok || route.value.action !== 'declare') throw new Error('expected a declaration');
    expect(route.value.declaration.title).toBe('DiskFull');
    expect(createIncident(route.value.declaration).ok).toBe(true);
  });

  it.each([
    ['another version', { ...firing, version: '2' }, 'wrong_version'],
    ['an unknown field', { ...firing, extra: 1 }, 'wrong_shape'],
    ['an empty dedup key', { ...firing, dedupKey: ' ' }, 'wrong_shape'],
    ['an unknown severity', { ...firing, alert: { name: 'x', severity: 'fatal' } }, 'wrong_shape'],
    [
      'a too long body',
      { ...firing, alert: { ...firing.alert, description: 'x'.repeat(2_000_000) } },
      'too_large',
    ],
  ])('refuses %s', (_, body, reason) => {
    const result = parseGenericAlert(body);
    expect(result.ok || invalidInput(result.error).details.reason).toBe(reason);
  });

  it('never throws, and refuses with an invalid_input IncidentKitError, whatever it is given', () => {
    fc.assert(
      fc.property(anyBodyArb, (body) => {
        const result = parseGenericAlert(body);
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
