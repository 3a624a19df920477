import fc from 'fast-check';
import { getAllowedEvents, IncidentAlertSchema, IncidentKitError } from 'incident-kit';
import {
  alertSeverityFromLabel,
  parseAlertmanagerWebhook,
  routeAlertIntake,
} from 'incident-kit/integrations';
import { describe, expect, it } from 'vitest';
import { alertmanagerPayloadArb, anyBodyArb } from '../arbitraries/integrations';
import { propertyRuns } from '../support/property-runs';
import { apply, declare, fixtureBytes, fixtureJson, fixtureText, invalidInput } from './helpers';

const FIRING = 'alertmanager-webhook-v4-firing.captured.json';
const MIXED = 'alertmanager-webhook-v4-mixed-firing-resolved.captured.json';
const RESOLVED = 'alertmanager-webhook-v4-resolved.captured.json';
const TRUNCATED = 'alertmanager-webhook-v4-truncated.captured.json';
const RECEIVED = '2026-11-27T17:48:37Z';

function parsed(name: string) {
  const result = parseAlertmanagerWebhook(fixtureText(name));
  if (!result.ok) throw result.error;
  return result.value;
}

describe('parseAlertmanagerWebhook', () => {
  it('reads a captured firing group: two alerts, zero-time endsAt, 9-digit fractions, escaped &', () => {
    const intake = parsed(FIRING);
    expect(intake.status).toBe('firing');
    expect(intake.groupKey).toBe('{}:{alertname="InstanceDown"}');
    expect(intake.truncatedAlerts).toBe(0);
    expect(intake.signals.map((signal) => [signal.change, signal.key, signal.at])).toEqual([
      ['firing', '829fa4ab5206a00d', '2026-11-27T17:48:36.738Z'],
      ['firing', 'a77c7c381b47cd32', '2026-11-27T17:48:36.738Z'],
    ]);
    expect(intake.alert).toMatchObject({
      name: 'InstanceDown',
      severity: 'critical',
      summary: 'InstanceDown: 2 alerts firing',
      source: 'alertmanager',
      groupKey: '{}:{alertname="InstanceDown"}',
      dedupKey: intake.dedupKey,
      startsAt: '2026-11-27T17:48:36.738Z',
    });
    expect(intake.alert.links?.[0]?.href).toBe(
      'http://prometheus.local:9090/graph?g0.expr=up+%3D%3D+0&g0.tab=1',
    );
    expect(intake.signals[0]?.alert.description).toBe(
      'host-a:9100 of job node has been down for more than 5 minutes.',
    );
    // Every alert it builds is one the lifecycle's (agreed) alert schema accepts.
    for (const alert of [intake.alert, ...intake.signals.map((signal) => signal.alert)]) {
      expect(IncidentAlertSchema.safeParse(alert).success).toBe(true);
    }
  });

  it('reads a mixed group: one alert firing, one resolved with its real endsAt', () => {
    const intake = parsed(MIXED);
    expect(intake.status).toBe('firing');
    expect(intake.signals.map((signal) => [signal.change, signal.at])).toEqual([
      ['firing', '2026-11-27T17:48:36.738Z'],
      ['resolved', '2026-11-27T17:48:39.949Z'],
    ]);
    expect(intake.alert.summary).toBe('Instance host-a:9100 down');
    expect(intake.alert.fingerprint).toBe('829fa4ab5206a00d');
  });

  it('reads a resolved group and a truncated one', () => {
    const resolved = parsed(RESOLVED);
    expect([resolved.status, resolved.signals.length, resolved.signals[0]?.at]).toEqual([
      'resolved',
      1,
      '2026-11-27T17:48:45.141Z',
    ]);
    const truncated = parsed(TRUNCATED);
    expect([truncated.truncatedAlerts, truncated.signals.length, truncated.alert.severity]).toEqual([
      1,
      2,
      'warning',
    ]);
    expect(truncated.groupKey).toBe('{}/{alertname="DiskFull"}:{alertname="DiskFull"}');
  });

  it('gives every delivery about the same group the same dedup key, and each alert change its own event id', () => {
    const keys = [FIRING, MIXED, RESOLVED].map((name) => parsed(name).dedupKey);
    expect(new Set(keys).size).toBe(1);
    expect(parsed(TRUNCATED).dedupKey).not.toBe(keys[0]);
    const ids = [FIRING, MIXED, RESOLVED].flatMap((name) =>
      parsed(name).signals.map((signal) => signal.eventId),
    );
    // host-a firing appears in the firing and the mixed delivery: the same id both times.
    expect(ids.filter((id) => id === ids[0])).toHaveLength(2);
    expect(new Set(ids).size).toBe(4);
    for (const id of ids) expect(id.length).toBeLessThanOrEqual(200);
  });

  it('takes the body as a string, as bytes, as an ArrayBuffer or already parsed, with the same result', () => {
    const bytes = fixtureBytes(FIRING);
    const results = [
      parseAlertmanagerWebhook(fixtureText(FIRING)),
      parseAlertmanagerWebhook(bytes),
      parseAlertmanagerWebhook(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength)),
      parseAlertmanagerWebhook(fixtureJson(FIRING)),
    ];
    for (const result of results) expect(result).toEqual(results[0]);
  });

  it('tolerates fields newer releases send (notification_reason, routeLabels)', () => {
    const body = {
      ...fixtureJson<object>(FIRING),
      notification_reason: 'initial',
      routeLabels: { team: 'a' },
    };
    expect(parseAlertmanagerWebhook(body).ok).toBe(true);
  });

  it.each([
    [
      'a wrong version',
      { ...fixtureJson<object>(FIRING), version: '3' },
      'wrong_version',
      'version "3" (expected "4")',
    ],
    ['no version', { alerts: [] }, 'wrong_version', 'no version'],
    ['a missing groupKey', withoutKey(fixtureJson(FIRING), 'groupKey'), 'wrong_shape', 'groupKey'],
    [
      'a bad alert status',
      patchAlert(fixtureJson(FIRING), { status: 'pending' }),
      'wrong_shape',
      'alerts[0].status',
    ],
    [
      'a bad startsAt',
      patchAlert(fixtureJson(FIRING), { startsAt: 'yesterday' }),
      'wrong_shape',
      'alerts[0].startsAt',
    ],
    ['not JSON', '{"version":"4",', 'not_json', 'not JSON'],
    ['JSON that is no object', '[1,2]', 'wrong_version', 'no version'],
  ])('refuses %s, naming it', (_, body, reason, words) => {
    const result = parseAlertmanagerWebhook(body);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(invalidInput(result.error).details.reason).toBe(reason);
    expect(result.error.message).toContain(words);
  });

  it('refuses a 5 MB body before parsing it, and honours a smaller limit', () => {
    const huge = `{"version":"4","pad":"${'x'.repeat(5 * 1024 * 1024)}"}`;
    const result = parseAlertmanagerWebhook(huge);
    expect(result.ok || result.error.details).toEqual({ reason: 'too_large', limit: 1_048_576 });
    const bytes = new Uint8Array(5 * 1024 * 1024).fill(0x7b);
    const fromBytes = parseAlertmanagerWebhook(bytes);
    expect(fromBytes.ok || fromBytes.error.message).toBe(
      `The Alertmanager notification is ${bytes.byteLength} bytes, over the limit of 1048576`,
    );
    const small = parseAlertmanagerWebhook(fixtureText(FIRING), { maxBytes: 1000 });
    expect(small.ok || small.error.details.reason).toBe('too_large');
    // Multi-byte text is measured in bytes, not characters: 400 × 3 bytes is over a 1000-byte limit.
    const wide = parseAlertmanagerWebhook(`"${'漢'.repeat(400)}"`, { maxBytes: 1000 });
    expect(wide.ok || wide.error.details.reason).toBe('too_large');
  });

  it('refuses bytes that are not UTF-8', () => {
    const result = parseAlertmanagerWebhook(new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]));
    expect(result.ok || result.error.details.reason).toBe('not_utf8');
  });

  it('never throws, and refuses with an invalid_input IncidentKitError, whatever it is given', () => {
    fc.assert(
      fc.property(anyBodyArb, (body) => {
        const result = parseAlertmanagerWebhook(body);
        if (!result.ok) {
          expect(result.error).toBeInstanceOf(IncidentKitError);
          expect(result.error.code).toBe('invalid_input');
        }
      }),
      { numRuns: propertyRuns(500) },
    );
  });

  it('parses every well-formed notification, hostile labels included, into alerts the lifecycle accepts', () => {
    fc.assert(
      fc.property(alertmanagerPayloadArb, (payload) => {
        const result = parseAlertmanagerWebhook(JSON.stringify(payload));
        expect(result.ok).toBe(true);
        if (!result.ok) return;
        expect(result.value.signals).toHaveLength(payload.alerts.length);
        expect(IncidentAlertSchema.safeParse(result.value.alert).success).toBe(true);
        for (const signal of result.value.signals) {
          expect(IncidentAlertSchema.safeParse(signal.alert).success).toBe(true);
          expect(signal.eventId.length).toBeLessThanOrEqual(200);
        }
        // Redelivery: the same body gives the same keys.
        const again = parseAlertmanagerWebhook(payload);
        expect(again.ok && again.value.signals.map((signal) => signal.eventId)).toEqual(
          result.value.signals.map((signal) => signal.eventId),
        );
      }),
      { numRuns: propertyRuns(200) },
    );
  });
});

describe('alertSeverityFromLabel', () => {
  it.each([
    ['critical', 'critical'],
    ['CRIT', 'critical'],
    ['P2', 'error'],
    [' warning ', 'warning'],
    ['low', 'info'],
    ['toString', 'warning'],
    ['banana', 'warning'],
  ] as const)('maps %j to %s', (value, severity) => {
    expect(alertSeverityFromLabel(value, 'warning')).toBe(severity);
  });
});

describe('routeAlertIntake', () => {
  it('declares an incident from a firing group, and notes each alert so redeliveries are duplicates', () => {
    const route = routeAlertIntake(parsed(FIRING), null, { at: RECEIVED });
    if (!route.ok || route.value.action !== 'declare') throw new Error('expected a declaration');
    const { declaration, events } = route.value;
    expect(declaration).toMatchObject({
      title: 'InstanceDown: 2 alerts firing',
      at: '2026-11-27T17:48:37.000Z',
      alert: { severity: 'critical', groupKey: '{}:{alertname="InstanceDown"}' },
    });
    expect(declaration.id).toMatch(/^alertmanager-[0-9a-f]{16}$/);
    let state = declare(declaration);
    expect(state.severity).toBe('SEV2');
    for (const event of events) state = apply(state, event).state;
    expect(state.timeline.map((entry) => entry.type)).toEqual(['declared', 'add_note', 'add_note']);

    // The same notification again (Alertmanager repeats it): nothing new.
    const again = routeAlertIntake(parsed(FIRING), state, { at: '2026-11-27T17:52:37Z' });
    expect(again.ok && again.value).toEqual({
      action: 'apply',
      incidentId: declaration.id,
      events: [],
      duplicates: events.map((event) => event.id),
    });
    // Routing twice builds the same declaration.
    expect(routeAlertIntake(parsed(FIRING), null, { at: RECEIVED })).toEqual(route);
  });

  it('notes a resolved alert of a mixed group, and a resolved group, on the open incident', () => {
    const declared = routeAlertIntake(parsed(FIRING), null, { at: RECEIVED });
    if (!declared.ok || declared.value.action !== 'declare') throw new Error('expected a declaration');
    let state = declare(declared.value.declaration);
    for (const event of declared.value.events) state = apply(state, event).state;

    const mixed = routeAlertIntake(parsed(MIXED), state, { at: '2026-11-27T17:48:40Z' });
    if (!mixed.ok || mixed.value.action !== 'apply') throw new Error('expected events');
    expect(mixed.value.duplicates).toHaveLength(1);
    expect(mixed.value.events).toEqual([
      expect.objectContaining({
        type: 'add_note',
        text: 'Alert InstanceDown resolved: Instance host-b:9100 down',
      }),
    ]);
    for (const event of mixed.value.events) state = apply(state, event).state;

    const resolved = routeAlertIntake(parsed(RESOLVED), state, { at: '2026-11-27T17:48:46Z' });
    expect(
      resolved.ok && resolved.value.action === 'apply' && resolved.value.events.map((event) => event.type),
    ).toEqual(['add_note']);
  });

  it('suggests resolving at the source when asked and the lifecycle allows it, else notes it', () => {
    const declared = routeAlertIntake(parsed(FIRING), null, { at: RECEIVED });
    if (!declared.ok || declared.value.action !== 'declare') throw new Error('expected a declaration');
    const state = declare(declared.value.declaration);
    const acknowledged = apply(state, { type: 'acknowledge', at: '2026-11-27T17:48:40Z' }).state;
    const mitigating = apply(acknowledged, {
      type: 'start_mitigation',
      at: '2026-11-27T17:48:41Z',
      kind: 'failover',
      description: 'Fail over to host-b',
    }).state;
    const route = routeAlertIntake(parsed(RESOLVED), mitigating, {
      at: '2026-11-27T17:48:46Z',
      onResolved: 'resolve',
    });
    expect(route.ok && route.value.action === 'apply' && route.value.events).toEqual([
      {
        type: 'resolve',
        kind: 'resolved_at_source',
        summary: 'Resolved at the source: Instance host-a:9100 down',
        id: parsed(RESOLVED).signals[0]?.eventId,
        at: '2026-11-27T17:48:46.000Z',
      },
    ]);
    // From `detected`, it follows what the lifecycle allows (a note where `resolve` is not accepted).
    const early = routeAlertIntake(parsed(RESOLVED), state, {
      at: '2026-11-27T17:48:46Z',
      onResolved: 'resolve',
    });
    const suggested = early.ok && early.value.action === 'apply' ? early.value.events[0]?.type : undefined;
    expect(suggested).toBe(getAllowedEvents(state).includes('resolve') ? 'resolve' : 'add_note');
  });

  it('keeps events in time order, never before the incident’s last event', () => {
    const declared = routeAlertIntake(parsed(FIRING), null, { at: '2026-11-27T18:30:00Z' });
    if (!declared.ok || declared.value.action !== 'declare') throw new Error('expected a declaration');
    const state = declare(declared.value.declaration);
    // No receive time: the alerts' own times (17:48) are earlier than the incident (18:30), so they are moved up.
    const route = routeAlertIntake(parsed(MIXED), state);
    const times =
      route.ok && route.value.action === 'apply' ? route.value.events.map((event) => event.at) : [];
    expect(times.every((time) => time >= state.lastEventAt)).toBe(true);
  });

  it('ignores a resolved group with no open incident, and opens a new one when a closed incident fires again', () => {
    expect(routeAlertIntake(parsed(RESOLVED), null, { at: RECEIVED })).toEqual({
      ok: true,
      value: { action: 'ignore', reason: 'Nothing is firing: no incident to open' },
    });
    const declared = routeAlertIntake(parsed(FIRING), null, { at: RECEIVED });
    if (!declared.ok || declared.value.action !== 'declare') throw new Error('expected a declaration');
    // Over and done: cancelled as a false alarm (closing needs resolve, postmortem and close; any final status does).
    const closed = apply(declare(declared.value.declaration), {
      type: 'cancel',
      at: '2026-11-27T17:50:00Z',
      reason: 'false_alarm',
    }).state;
    const again = routeAlertIntake(parsed(FIRING), closed, { at: '2026-11-28T10:00:00Z' });
    expect(again.ok && again.value.action).toBe('declare');
  });

  it('needs a receive time when no alert says when it started, and refuses a bad one', () => {
    const intake = {
      ...parsed(FIRING),
      signals: parsed(FIRING).signals.map((signal) => ({ ...signal, at: null })),
    };
    const result = routeAlertIntake(intake, null);
    expect(result.ok || result.error.message).toContain('give `at`');
    const bad = routeAlertIntake(parsed(FIRING), null, { at: 'soon' });
    expect(bad.ok || invalidInput(bad.error).details.reason).toBe('bad_option');
  });
});

function withoutKey(value: unknown, key: string): unknown {
  const { [key]: _, ...rest } = value as Record<string, unknown>;
  return rest;
}

function patchAlert(value: unknown, patch: object): unknown {
  const payload = value as { alerts: object[] };
  return { ...payload, alerts: [{ ...payload.alerts[0], ...patch }, ...payload.alerts.slice(1)] };
}
