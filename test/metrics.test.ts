import { getIncidentMetrics, type IncidentState, summarizeIncidents } from 'incident-kit';
import { describe, expect, it } from 'vitest';
import { at, declare, seedAfter, seedEvents, step } from './fixtures/incident';

const MINUTE = 60_000;

function resolvedAfter(id: string, ackMinutes: number, resolveMinutes: number): IncidentState {
  let state = declare({ id, title: id, at: at(0), severity: 'SEV3' });
  for (const event of [
    { type: 'acknowledge', at: at(ackMinutes) },
    { type: 'start_triage', at: at(ackMinutes) },
    { type: 'start_mitigation', at: at(ackMinutes), kind: 'rollback', description: 'Roll back' },
    { type: 'resolve', at: at(resolveMinutes), summary: 'Rolled back' },
  ] as const) {
    state = step(state, event).state;
  }
  return state;
}

describe('getIncidentMetrics', () => {
  it('measures the seed incident: 2 minutes to acknowledge, 30 to mitigate, 45 to resolve, all SEV2', () => {
    const metrics = getIncidentMetrics(seedAfter(seedEvents.length));
    expect(metrics).toEqual({
      timeToAcknowledgeMs: 2 * MINUTE,
      timeToMitigateMs: 30 * MINUTE,
      timeToResolveMs: 45 * MINUTE,
      timeInSeverityMs: { SEV1: 0, SEV2: 45 * MINUTE, SEV3: 0, SEV4: 0, SEV5: 0 },
      updates: {
        internal: { onTime: 2, late: 0, unscheduled: 0 },
        // The first public post (14:30) came 8 minutes after acknowledgement; the policy asks for 5.
        external: { onTime: 2, late: 1, unscheduled: 0 },
        executive: { onTime: 0, late: 0, unscheduled: 0 },
      },
      ackDeadlineMet: true,
      escalations: 0,
      reopenCount: 0,
    });
  });

  it('splits time between severities and counts an open incident up to now', () => {
    let state = declare({ id: 'INC-9', title: 'Search slow', at: at(0), severity: 'SEV3' });
    state = step(state, { type: 'acknowledge', at: at(10) }).state;
    state = step(state, { type: 'set_severity', at: at(20), severity: 'SEV1' }).state;
    const metrics = getIncidentMetrics(state, { now: at(50) });
    expect(metrics.timeInSeverityMs).toMatchObject({ SEV3: 20 * MINUTE, SEV1: 30 * MINUTE });
    expect(metrics.ackDeadlineMet).toBe(false);
    expect(metrics.timeToResolveMs).toBeNull();
  });
});

describe('summarizeIncidents', () => {
  it('gives mean, median and p90 by severity and leaves cancelled and merged incidents out', () => {
    const resolved = [10, 20, 30, 40, 100].map((minutes, index) =>
      resolvedAfter(`INC-${index}`, 2 + index, minutes),
    );
    const cancelled = step(declare(), { type: 'cancel', at: at(1), reason: 'false_alarm' }).state;
    const merged = step(declare(), { type: 'merge', at: at(1), into: 'INC-0' }).state;
    const summary = summarizeIncidents([...resolved, cancelled, merged]);
    expect(summary).toMatchObject({ total: 7, counted: 5, excluded: { cancelled: 1, merged: 1 } });
    expect(summary.bySeverity.SEV3.timeToResolve).toEqual({
      count: 5,
      meanMs: 40 * MINUTE,
      medianMs: 30 * MINUTE,
      p90Ms: 100 * MINUTE,
    });
    expect(summary.bySeverity.SEV3.timeToAcknowledge?.medianMs).toBe(4 * MINUTE);
    expect(summary.bySeverity.SEV3.ackDeadlineMetRate).toBe(4 / 5); // acked after 2, 3, 4, 5 and 6 minutes
    expect(summary.bySeverity.SEV2).toEqual({
      count: 0,
      timeToAcknowledge: null,
      timeToMitigate: null,
      timeToResolve: null,
      ackDeadlineMetRate: null,
    });
    expect(summary.overall.count).toBe(5);
  });

  it('counts a self-healed incident in time to resolve but not in time to mitigate', () => {
    const acked = step(declare({ id: 'INC-H', title: 'Flapping', at: at(0), severity: 'SEV3' }), {
      type: 'acknowledge',
      at: at(3),
    }).state;
    const healed = step(acked, { type: 'resolve', at: at(12), kind: 'self_healed' }).state;
    const summary = summarizeIncidents([resolvedAfter('INC-F', 2, 30), healed]);
    expect(summary.overall.timeToResolve?.count).toBe(2);
    expect(summary.overall.timeToMitigate?.count).toBe(1);
    expect(getIncidentMetrics(healed)).toMatchObject({
      timeToMitigateMs: null,
      timeToResolveMs: 12 * MINUTE,
    });
  });

  it('averages the middle two for an even count', () => {
    const summary = summarizeIncidents([resolvedAfter('a', 1, 10), resolvedAfter('b', 1, 20)]);
    expect(summary.overall.timeToResolve?.medianMs).toBe(15 * MINUTE);
  });
});
