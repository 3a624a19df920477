/**
 * Metrics case by case, from the mutation run of `src/lifecycle/metrics.ts`: the errors' wording, time in severity
 * up to `now`, each update count, an acknowledgement deadline past year 9999, escalations, stored states checked
 * field by field (each field wrong in turn, each accepted variant read as its normal form), and groups larger than
 * the summary's first allocation.
 */
import {
  defineSeverityPolicies,
  getIncidentMetrics,
  type IncidentEventInput,
  type IncidentState,
  type Severity,
  summarizeIncidents,
} from 'incident-kit';
import { describe, expect, it } from 'vitest';
import { thrown } from './fixtures/assert';
import { at, declare, seedAfter, step, T0 } from './fixtures/incident';

const MINUTE = 60_000;

/** A state as a store gives it back: a plain object. */
type Stored = Record<string, unknown>;

function incident(severity: Severity, events: readonly IncidentEventInput[], id = 'INC-M'): IncidentState {
  let state = declare({ id, title: 'Metrics', at: at(0), severity });
  for (const event of events) state = step(state, event).state;
  return state;
}

/** Acknowledged after `ackMinutes`, resolved after `resolveMinutes` (mitigated on the way). */
function resolved(
  severity: Severity,
  ackMinutes: number,
  resolveMinutes: number,
  id = 'INC-M',
): IncidentState {
  return incident(
    severity,
    [
      { type: 'acknowledge', at: at(ackMinutes) },
      { type: 'start_triage', at: at(ackMinutes) },
      { type: 'start_mitigation', at: at(ackMinutes), kind: 'rollback', description: 'Roll back' },
      { type: 'resolve', at: at(resolveMinutes), summary: 'Rolled back' },
    ],
    id,
  );
}

describe('getIncidentMetrics', () => {
  it('names the argument that is wrong', () => {
    expect(thrown(() => getIncidentMetrics({ status: 'resolved' } as never)).message).toMatch(
      /^Invalid state:/,
    );
    expect(thrown(() => getIncidentMetrics(seedAfter(2), { now: 'soon' })).message).toMatch(
      /^Invalid options\.now:/,
    );
  });

  it('counts no time in a severity set after `now`, and none past it in the one before', () => {
    const state = incident('SEV3', [
      { type: 'acknowledge', at: at(10) },
      { type: 'set_severity', at: at(20), severity: 'SEV1' },
    ]);
    expect(getIncidentMetrics(state, { now: at(15) }).timeInSeverityMs).toEqual({
      SEV1: 0,
      SEV2: 0,
      SEV3: 15 * MINUTE,
      SEV4: 0,
      SEV5: 0,
    });
  });

  it('counts updates by audience: on time, late, and unscheduled (no deadline in force)', () => {
    // SEV4 has no internal cadence: its internal updates answer no deadline.
    const sev4 = incident('SEV4', [
      { type: 'acknowledge', at: at(1) },
      { type: 'post_update', at: at(2), audience: 'internal' },
    ]);
    expect(getIncidentMetrics(sev4).updates.internal).toEqual({ onTime: 0, late: 0, unscheduled: 1 });
    // SEV2: an executive summary every 30 minutes from acknowledgement.
    const sev2 = incident('SEV2', [
      { type: 'acknowledge', at: at(1) },
      { type: 'post_update', at: at(20), audience: 'executive' },
      { type: 'post_update', at: at(60), audience: 'executive' },
    ]);
    expect(getIncidentMetrics(sev2).updates.executive).toEqual({ onTime: 1, late: 1, unscheduled: 0 });
  });

  it('counts an acknowledgement deadline past year 9999 as met (it cannot be missed)', () => {
    const detected = '9999-12-31T23:00:00.000Z';
    const policies = defineSeverityPolicies({ SEV2: { ackWithinMinutes: 120 } });
    let state = declare({
      id: 'INC-Y',
      title: 'Late',
      at: detected,
      severity: 'SEV2',
      settings: { policies },
    });
    state = step(state, { type: 'acknowledge', at: '9999-12-31T23:30:00.000Z' }).state;
    expect(getIncidentMetrics(state).ackDeadlineMet).toBe(true);
    expect(summarizeIncidents([state]).overall.ackDeadlineMetRate).toBe(1);
  });

  it('counts escalations past the first page', () => {
    const state = incident('SEV2', [
      { type: 'tick', at: at(5) },
      { type: 'tick', at: at(10) },
    ]);
    expect(state.escalation.level).toBe(3);
    expect(getIncidentMetrics(state).escalations).toBe(2);
  });
});

describe('summarizeIncidents reads stored states field by field', () => {
  /** A stored copy: a plain object, not a state the library made. */
  const stored = (state: IncidentState) => JSON.parse(JSON.stringify(state)) as Stored;
  const summarize = (states: Stored[]) => summarizeIncidents(states as unknown as IncidentState[]);
  const base = stored(resolved('SEV3', 2, 30));
  const withField = (path: string, value: unknown) => {
    const copy = structuredClone(base);
    const keys = path.split('.');
    let target = copy as Record<string, unknown>;
    for (const key of keys.slice(0, -1)) target = target[key] as Record<string, unknown>;
    const last = keys.at(-1) as string;
    if (value === undefined) delete target[last];
    else target[last] = value;
    return copy;
  };

  it('refuses a string, naming the argument', () => {
    const error = thrown(() => summarizeIncidents('INC-1' as never));
    expect(error.code).toBe('invalid_input');
    expect(error.message).toMatch(/^Invalid states: expected an array \(or iterable\) of incident states/);
  });

  it.each([
    ['status', 'bogus'],
    ['severity', 'SEV9'],
    ['cancellation', 'merged'],
    ['cancellation', { reason: 'bogus' }],
    ['milestones', null],
    ['milestones.detectedAt', 'yesterday'],
    ['milestones.detectedAt', undefined],
    ['milestones.acknowledgedAt', 'soon'],
    ['milestones.reviewedAt', T0],
    ['severityHistory', []],
    ['severityHistory', 'SEV3'],
    ['severityHistory', [{ severity: 'SEV9' }]],
    ['alert', 'HighErrorRate'],
    ['alert', { startsAt: 'soon' }],
    ['settings', null],
    ['settings.policies', null],
    ['settings.ackDeadlineFrom', 'bogus'],
    ['settings.policies.SEV3', undefined],
    ['settings.policies.SEV3.ackWithinMinutes', 0],
    ['settings.policies.SEV3.ackWithinMinutes', -5],
    ['settings.policies.SEV3.ackWithinMinutes', Number.POSITIVE_INFINITY],
    ['settings.policies.SEV3.ackWithinMinutes', '5'],
  ] as const)('refuses %s = %j, naming the state and the field', (path, value) => {
    const error = thrown(() => summarize([base, withField(path, value)]));
    expect(error.code).toBe('invalid_input');
    expect(error.message).toMatch(/^Invalid states\[1\]:/);
    const field = path.split('.')[0] as string;
    expect(error.issues?.some((issue) => issue.path[0] === field)).toBe(true);
  });

  const summaryOf = (state: Stored) => summarize([state]);
  const shift = (timestamp: string) =>
    `${new Date(Date.parse(timestamp) + 2 * 3_600_000).toISOString().slice(0, 19)}+02:00`;

  // Acknowledged 2 minutes after declaration; SEV3 allows 5. Each copy is read as is (its fields are in normal
  // form) and again with its detection time written with an offset, which sends it through the schema: both
  // readings must give the rate the settings call for.
  const fromAlert = (alert: unknown) => {
    const copy = withField('alert', alert);
    (copy.settings as Record<string, unknown>).ackDeadlineFrom = 'alert_started';
    return copy;
  };
  it.each([
    ['no alert, the deadline from the declaration', withField('alert', null), 1],
    [
      'an alert 10 minutes earlier, the deadline from the declaration',
      withField('alert', { name: 'HighErrorRate', startsAt: at(-10) }),
      1,
    ],
    [
      'an alert 10 minutes earlier, the deadline from the alert',
      fromAlert({ name: 'HighErrorRate', startsAt: at(-10) }),
      0,
    ],
    [
      'an alert 2 minutes earlier, the deadline from the alert',
      fromAlert({ name: 'HighErrorRate', startsAt: at(-2) }),
      1,
    ],
    ['an alert without a start, the deadline from the alert', fromAlert({ name: 'HighErrorRate' }), 1],
    ['no acknowledgement deadline', withField('settings.policies.SEV3.ackWithinMinutes', null), null],
  ] as const)('reads a copy with %s, in normal form or not', (_label, given, rate) => {
    const offset = structuredClone(given);
    const milestones = offset.milestones as Record<string, string>;
    milestones.detectedAt = shift(milestones.detectedAt as string);
    for (const copy of [given, offset]) {
      const summary = summaryOf(copy);
      expect(summary.overall.ackDeadlineMetRate).toBe(rate);
      expect(summary.overall.timeToAcknowledge?.meanMs).toBe(2 * MINUTE);
      expect(summary.overall.timeToResolve?.meanMs).toBe(30 * MINUTE);
    }
  });

  it('counts a stored cancelled state without a cancellation record as cancelled, not merged', () => {
    const cancelled = { ...withField('status', 'cancelled'), cancellation: null };
    expect(summarize([cancelled, base]).excluded).toEqual({
      cancelled: 1,
      merged: 0,
    });
  });
});

describe('summarizeIncidents over many incidents', () => {
  it('keeps every duration when a group and the whole outgrow the first allocation (64 a list)', () => {
    const states = [
      ...Array.from({ length: 100 }, (_, index) =>
        resolved('SEV3', 1 + (index % 7), 40 + index, `A-${index}`),
      ),
      ...Array.from({ length: 40 }, (_, index) => resolved('SEV1', 2, 20 + index, `B-${index}`)),
      ...Array.from({ length: 40 }, (_, index) => resolved('SEV2', 3, 10 + index, `C-${index}`)),
    ];
    const summary = summarizeIncidents(states);
    expect(summary.counted).toBe(180);
    expect(summary.bySeverity.SEV3.timeToResolve).toEqual({
      count: 100,
      meanMs: 89.5 * MINUTE,
      medianMs: 89.5 * MINUTE,
      p90Ms: 129 * MINUTE,
    });
    const all = states
      .map((state) => getIncidentMetrics(state).timeToResolveMs as number)
      .sort((a, b) => a - b);
    expect(summary.overall.timeToResolve).toEqual({
      count: 180,
      meanMs: all.reduce((sum, value) => sum + value, 0) / 180,
      medianMs: ((all[89] as number) + (all[90] as number)) / 2,
      p90Ms: all[161],
    });
  });
});
