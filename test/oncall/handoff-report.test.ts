import { applyEvent, createIncident, type IncidentEventInput, type IncidentState } from 'incident-kit';
import { getShiftHandoffReport } from 'incident-kit/oncall';
import { describe, expect, it } from 'vitest';
import { ana, ben, layer, schedule as scheduleOf, stateOf } from '../fixtures/oncall';

const schedule = scheduleOf('primary', 'Europe/Berlin', [
  layer([ana, ben], { turn: { length: 1, unit: 'days' } }),
]);

function incident(id: string, title: string, at: string, events: IncidentEventInput[] = []): IncidentState {
  let state = stateOf(createIncident({ id, title, at, severity: 'SEV3' }));
  for (const event of events) state = stateOf(applyEvent(state, event));
  return state;
}

/** Acknowledged by `by` at `ackAt`, mitigated and resolved at `resolvedAt` (every lifecycle version accepts these). */
function worked(by: typeof ana, ackAt: string, resolvedAt: string): IncidentEventInput[] {
  return [
    { type: 'acknowledge', at: ackAt, by },
    { type: 'start_triage', at: ackAt, by },
    { type: 'start_mitigation', at: ackAt, by, kind: 'scale_up', description: 'Scale up' },
    { type: 'resolve', at: resolvedAt, summary: 'Fixed', dataLoss: 'none' },
  ];
}

// The shift: Tuesday 9 January 2024, 09:00 to Wednesday 09:00 Berlin time (08:00 to 08:00 UTC).
const range = { from: '2024-01-09T08:00:00Z', to: '2024-01-10T08:00:00Z' };

const incidents = [
  // Before the shift and resolved before it: not in the report.
  incident(
    'INC-0',
    'Disk full on db-2',
    '2024-01-08T10:00:00Z',
    worked(ana, '2024-01-08T10:05:00Z', '2024-01-08T11:00:00Z'),
  ),
  // Before the shift and still open when it starts: in the report.
  incident(
    'INC-1',
    'Queue backlog',
    '2024-01-09T06:00:00Z',
    worked(ana, '2024-01-09T06:10:00Z', '2024-01-09T09:00:00Z'),
  ),
  // In office hours, resolved in the shift.
  incident(
    'INC-2',
    'Checkout latency',
    '2024-01-09T10:00:00Z',
    worked(ben, '2024-01-09T10:03:00Z', '2024-01-09T11:00:00Z'),
  ),
  // At night (02:30 Berlin), never acknowledged, escalated once, still open at the handoff.
  incident('INC-3', 'Checkout latency', '2024-01-10T01:30:00Z', [
    { type: 'escalate', at: '2024-01-10T01:40:00Z', reason: 'ack_timeout' },
    { type: 'add_note', at: '2024-01-10T02:00:00Z', text: 'Looking at the load balancer' },
  ]),
  // After the shift: not in the report.
  incident('INC-4', 'Checkout latency', '2024-01-10T09:00:00Z'),
];

describe('getShiftHandoffReport', () => {
  const report = getShiftHandoffReport(incidents, schedule, range);

  it('lists the incidents open at some time in the shift, oldest first, and the ones it hands over', () => {
    expect(report.incidents.map((summary) => summary.id)).toEqual(['INC-1', 'INC-2', 'INC-3']);
    expect(report.open).toEqual(['INC-3']);
    expect(report.totals).toMatchObject({ incidents: 3, open: 1 });
  });

  it('names who was on call when each incident was detected', () => {
    expect(report.incidents.map((summary) => summary.onCallAtDetection)).toEqual([ben, ana, ana]);
    expect(report.shifts.map((shift) => [shift.from, shift.member])).toEqual([
      ['2024-01-09T08:00:00.000Z', ana],
    ]);
  });

  it('counts out-of-hours pages and out-of-hours incident time in the schedule zone', () => {
    const [queue, checkout, night] = report.incidents;
    // INC-1: 07:00 Berlin, before office hours; in the shift from 09:00 to 10:00 Berlin, all office hours.
    expect(queue).toMatchObject({ detectedOutOfHours: true, outOfHoursMinutes: 0, minutesToAcknowledge: 10 });
    expect(checkout).toMatchObject({
      detectedOutOfHours: false,
      outOfHoursMinutes: 0,
      minutesToAcknowledge: 3,
    });
    // INC-3: from 02:30 to the handoff at 09:00 Berlin, all out of hours, not acknowledged.
    expect(night).toMatchObject({
      detectedOutOfHours: true,
      outOfHoursMinutes: 390,
      minutesToAcknowledge: null,
      escalationLevel: 2,
      endedAt: null,
      latest: { at: '2024-01-10T02:00:00.000Z', summary: expect.stringContaining('load balancer') },
    });
    expect(report.totals).toMatchObject({ detectedOutOfHours: 2, outOfHoursMinutes: 390 });
  });

  it('flags an alert that raised several incidents in the shift as noisy', () => {
    expect(report.noisyAlerts).toEqual([
      { key: 'Checkout latency', count: 2, incidentIds: ['INC-2', 'INC-3'] },
    ]);
    const strict = getShiftHandoffReport(incidents, schedule, range, { noisyAfter: 3 });
    expect(strict.noisyAlerts).toEqual([]);
    const bySeverity = getShiftHandoffReport(incidents, schedule, range, {
      groupBy: (item) => item.severity,
    });
    expect(bySeverity.noisyAlerts).toEqual([{ key: 'SEV3', count: 2, incidentIds: ['INC-2', 'INC-3'] }]);
  });

  it('takes business hours and their zone from the options', () => {
    const allDay = getShiftHandoffReport(incidents, schedule, range, {
      businessHours: { days: ['mon', 'tue', 'wed', 'thu', 'fri'], start: '00:00', end: '24:00' },
    });
    expect(allDay.totals).toMatchObject({ detectedOutOfHours: 0, outOfHoursMinutes: 0 });
    const newYork = getShiftHandoffReport(incidents, schedule, range, {
      businessHours: { timeZone: 'America/New_York' },
    });
    // 10:00 UTC is 05:00 in New York.
    expect(newYork.incidents[1]?.detectedOutOfHours).toBe(true);
  });

  it('rejects incidents without the fields it reads, naming the field', () => {
    const broken = [{ ...incidents[1], milestones: { detectedAt: 'tuesday' } }] as unknown as IncidentState[];
    expect(() => getShiftHandoffReport(broken, schedule, range)).toThrow(
      expect.objectContaining({
        code: 'invalid_input',
        issues: [expect.objectContaining({ path: [0, 'milestones', 'detectedAt'] })],
      }),
    );
  });
});
