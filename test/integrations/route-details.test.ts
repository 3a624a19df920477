// What routeAlertIntake decides, in detail: titles and notes clipped to one line, the derived incident id, the
// declaration's time, which resolution becomes the `resolve`, the reasons it ignores, and its option refusals.
// (Mutation testing showed these were read by no test.)
import { parseAlertmanagerWebhook, routeAlertIntake } from 'incident-kit/integrations';
import { describe, expect, it } from 'vitest';
import { alertGroup, apply, declare, invalidInput } from './helpers';

type Raw = Record<string, unknown>;

const T0 = '2026-11-27T17:40:00Z';
const T1 = '2026-11-27T17:45:00Z';

function raw(fingerprint: string, overrides: Raw = {}): Raw {
  return {
    status: 'firing',
    labels: { alertname: 'DiskFull', severity: 'warning', fp: fingerprint },
    annotations: {},
    startsAt: T1,
    endsAt: '0001-01-01T00:00:00Z',
    fingerprint,
    ...overrides,
  };
}

function intakeOf(alerts: Raw[], overrides: Raw = {}) {
  const result = parseAlertmanagerWebhook(alertGroup(alerts, overrides));
  if (!result.ok) throw result.error;
  return result.value;
}

function routed(...args: Parameters<typeof routeAlertIntake>) {
  const result = routeAlertIntake(...args);
  if (!result.ok) throw result.error;
  return result.value;
}

function declared(alerts: Raw[]) {
  const route = routed(intakeOf(alerts), null);
  if (route.action !== 'declare') throw new Error('expected a declaration');
  let state = declare(route.declaration);
  for (const event of route.events) state = apply(state, event).state;
  return state;
}

describe('routeAlertIntake, declaring', () => {
  it('titles the incident with its summary on one line, clipped at 200 characters', () => {
    const title = (summary: string) => {
      const route = routed(intakeOf([raw('a', { annotations: { summary } })]), null);
      return route.action === 'declare' ? route.declaration.title : route.action;
    };
    expect(title(' Disk\n\tfull  on   db-1 ')).toBe('Disk full on db-1');
    expect(title('x'.repeat(200))).toBe('x'.repeat(200));
    expect(title('x'.repeat(201))).toBe(`${'x'.repeat(199)}…`);
  });

  it('clips each note at 1,000 characters', () => {
    const route = routed(intakeOf([raw('a', { annotations: { summary: 's'.repeat(2000) } })]), null);
    if (route.action !== 'declare') throw new Error('expected a declaration');
    const text = route.events[0]?.type === 'add_note' ? route.events[0].text : '';
    expect(text.length).toBe(1000);
    expect(text.endsWith('s…')).toBe(true);
  });

  it('derives one incident id from the group and its firing alerts, in any order', () => {
    const id = (alerts: Raw[]) => {
      const route = routed(intakeOf(alerts), null);
      return route.action === 'declare' ? route.declaration.id : route.action;
    };
    const both = id([raw('a'), raw('b')]);
    expect(both).toMatch(/^alertmanager-[0-9a-f]{16}$/);
    expect(id([raw('b'), raw('a')])).toBe(both);
    expect(id([raw('a')])).not.toBe(both);
    const named = routed(intakeOf([raw('a')]), null, { incidentId: 'INC-9' });
    expect(named.action === 'declare' && named.declaration.id).toBe('INC-9');
  });

  it('dates the declaration at the earliest firing start, or at the receive time when given', () => {
    const at = (alerts: Raw[], options = {}) => {
      const route = routed(intakeOf(alerts), null, options);
      return route.action === 'declare' ? route.declaration.at : route.action;
    };
    expect(at([raw('a', { startsAt: T1 }), raw('b', { startsAt: T0 }), raw('c', { startsAt: T1 })])).toBe(
      '2026-11-27T17:40:00.000Z',
    );
    expect(at([raw('a', { startsAt: T0 }), raw('b', { startsAt: T1 })])).toBe('2026-11-27T17:40:00.000Z');
    expect(at([raw('a')], { at: '2026-11-27T18:00:00Z' })).toBe('2026-11-27T18:00:00.000Z');
  });

  it('ignores what it cannot open an incident for, saying why', () => {
    const resolved = intakeOf([raw('a', { status: 'resolved', endsAt: T1 })]);
    expect(routed(resolved, null)).toEqual({
      action: 'ignore',
      reason: 'Nothing is firing: no incident to open',
    });
    expect(routed(intakeOf([]), null)).toEqual({
      action: 'ignore',
      reason: 'The notification has no alerts',
    });
    const open = declared([raw('a')]);
    const cancelled = apply(open, {
      type: 'cancel',
      at: '2026-11-27T18:00:00Z',
      reason: 'false_alarm',
    }).state;
    expect(routed(resolved, cancelled)).toEqual({
      action: 'ignore',
      reason: `Incident ${open.id} is cancelled and nothing is firing`,
    });
    // A stored incident that contradicts itself is refused, not routed.
    const forged = routeAlertIntake(resolved, { ...open, status: 'cancelled' } as never);
    expect(forged.ok || forged.error.code).toBe('inconsistent_state');
  });
});

describe('routeAlertIntake, on an open incident', () => {
  it('resolves with the last resolution not applied yet, and notes the others', () => {
    const state = declared([raw('a'), raw('b'), raw('c')]);
    const resolution = intakeOf([
      raw('a', { status: 'resolved', endsAt: T1 }),
      raw('b', { status: 'resolved', endsAt: T1 }),
      raw('c', { status: 'resolved', endsAt: T1 }),
    ]);
    const route = routed(resolution, state, { onResolved: 'resolve' });
    if (route.action !== 'apply') throw new Error('expected events');
    expect(route.events.map((event) => event.type)).toEqual(['add_note', 'add_note', 'resolve']);
    expect(route.events[2]).toMatchObject({
      kind: 'resolved_at_source',
      summary: 'Resolved at the source: DiskFull',
      id: resolution.signals[2]?.eventId,
    });
    // Once the last one is applied (here as a note), the one before it resolves.
    const noted = apply(state, {
      ...(route.events[1] as object),
      id: resolution.signals[2]?.eventId,
    } as never);
    const again = routed(resolution, noted.state, { onResolved: 'resolve' });
    if (again.action !== 'apply') throw new Error('expected events');
    expect(again.duplicates).toEqual([resolution.signals[2]?.eventId]);
    expect(again.events.map((event) => [event.type, event.id])).toEqual([
      ['add_note', resolution.signals[0]?.eventId],
      ['resolve', resolution.signals[1]?.eventId],
    ]);
  });

  it('notes a resolution by default', () => {
    const state = declared([raw('a')]);
    const route = routed(intakeOf([raw('a', { status: 'resolved', endsAt: T1 })]), state);
    expect(route.action === 'apply' && route.events.map((event) => event.type)).toEqual(['add_note']);
  });
});

describe('routeAlertIntake, options', () => {
  it('refuses bad options, naming the option', () => {
    const refusal = (options: unknown) => {
      const result = routeAlertIntake(intakeOf([raw('a')]), null, options as never);
      return result.ok ? 'accepted' : [invalidInput(result.error).details.reason, result.error.message];
    };
    expect(refusal(undefined)).toBe('accepted');
    expect(refusal(null)).toEqual(['bad_option', 'options must be an object, got null']);
    expect(refusal({ incidentId: 5 })).toEqual([
      'bad_option',
      'Invalid `incidentId`: expected a string, got 5',
    ]);
    expect(refusal({ onResolved: 'close' })).toEqual([
      'bad_option',
      `Invalid \`onResolved\`: expected 'note' or 'resolve', got "close"`,
    ]);
    expect(refusal({ onResolved: 'note' })).toBe('accepted');
    expect(refusal({ declaration: 'x' })).toEqual([
      'bad_option',
      'Invalid `declaration`: expected an object, got "x"',
    ]);
    expect(refusal({ at: 'soon' })?.[1]).toMatch(/^Invalid `at`: ./);
  });
});
