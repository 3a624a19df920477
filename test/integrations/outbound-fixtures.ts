import fc from 'fast-check';
import { applyEvent, type IncidentEventInput, type IncidentState } from 'incident-kit';
import { parseAlertmanagerWebhook, routeAlertIntake } from 'incident-kit/integrations';
import { hostileTextArb } from '../arbitraries/integrations';
import { seedEvents } from '../fixtures/incident';
import { declare, fixtureText } from './helpers';

/** The incident opened from the captured Alertmanager notification, keeping its alert. */
export function alertIncident(): IncidentState {
  const intake = parseAlertmanagerWebhook(fixtureText('alertmanager-webhook-v4-firing.captured.json'));
  if (!intake.ok) throw intake.error;
  const route = routeAlertIntake(intake.value, null, { at: '2026-11-27T17:48:37Z' });
  if (!route.ok || route.value.action !== 'declare') throw new Error('expected a declaration');
  return declare(route.value.declaration);
}

/** The example incident after its first `count` events (impact: login and public API, partial outage). */
export function exampleIncident(count = seedEvents.length): IncidentState {
  let state: IncidentState = declare({
    id: 'INC-1',
    title: 'Auth Service Degraded',
    at: '2024-01-15T14:20:00Z',
    alert: { name: 'AuthLoginErrorRate', severity: 'critical' },
  });
  for (const event of seedEvents.slice(0, count)) state = must(state, event);
  return state;
}

function must(state: IncidentState, event: IncidentEventInput): IncidentState {
  const step = applyEvent(state, event);
  if (!step.ok) throw step.error;
  return { ...step.state, alert: state.alert ?? null };
}

/** An incident whose text fields are hostile: long, multi-byte, with mentions and control characters. */
export const hostileIncidentArb: fc.Arbitrary<IncidentState> = fc
  .record({
    title: hostileTextArb.filter((text) => text.trim().length > 0),
    id: fc
      .oneof(fc.string({ minLength: 1, maxLength: 20 }), fc.constant('i'.repeat(5000)))
      .filter((id) => id.trim().length > 0),
    labels: fc.dictionary(fc.string({ maxLength: 30 }), hostileTextArb, { maxKeys: 30 }),
    description: hostileTextArb,
    count: fc.nat({ max: seedEvents.length }),
  })
  .map(({ title, id, labels, description, count }) => {
    const base = exampleIncident(count);
    return {
      ...base,
      id,
      title,
      alert: {
        name: 'Hostile',
        severity: 'critical',
        labels,
        ...(description.trim() ? { description } : {}),
        // An incident keeps at most 255 characters of an alert's dedup key (IncidentAlertSchema).
        dedupKey: `k${description}`.slice(0, 255),
      },
    } as IncidentState;
  });
