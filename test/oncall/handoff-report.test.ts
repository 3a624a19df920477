import { applyEvent, createIncident, type IncidentEventInput, type IncidentState } from 'incident-kit';
import { getShiftHandoffReport } from 'incident-kit/oncall';
import { describe, expect, it } from 'vitest';
import { refusalOf } from '../fixtures/assert';
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

// Built inside each test (not while tests are collected), so mutation testing sees which tests reach the report.
const incidents = () => [
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
  const report = () => getShiftHandoffReport(incidents(), schedule, range);

  it('lists the incidents open at some time in the shift, oldest first, and the ones it hands over', () => {
    expect(report().incidents.map((summary) => summary.id)).toEqual(['INC-1', 'INC-2', 'INC-3']);
    expect(report().open).toEqual(['INC-3']);
    expect(report().totals).toMatchObject({ incidents: 3, open: 1 });
  });

  it('names who was on call when each incident was detected', () => {
    expect(report().incidents.map((summary) => summary.onCallAtDetection)).toEqual([ben, ana, ana]);
    expect(report().shifts.map((shift) => [shift.from, shift.member])).toEqual([
      ['2024-01-09T08:00:00.000Z', ana],
    ]);
  });

  it('counts out-of-hours pages and out-of-hours incident time in the schedule zone', () => {
    const [queue, checkout, night] = report().incidents;
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
    expect(report().totals).toMatchObject({ detectedOutOfHours: 2, outOfHoursMinutes: 390 });
  });

  it('flags an alert that raised several incidents in the shift as noisy', () => {
    expect(report().noisyAlerts).toEqual([
      { key: 'Checkout latency', count: 2, incidentIds: ['INC-2', 'INC-3'] },
    ]);
    const strict = getShiftHandoffReport(incidents(), schedule, range, { noisyAfter: 3 });
    expect(strict.noisyAlerts).toEqual([]);
    const bySeverity = getShiftHandoffReport(incidents(), schedule, range, {
      groupBy: (item) => item.severity,
    });
    expect(bySeverity.noisyAlerts).toEqual([{ key: 'SEV3', count: 2, incidentIds: ['INC-2', 'INC-3'] }]);
  });

  it('takes business hours and their zone from the options', () => {
    const allDay = getShiftHandoffReport(incidents(), schedule, range, {
      businessHours: { days: ['mon', 'tue', 'wed', 'thu', 'fri'], start: '00:00', end: '24:00' },
    });
    expect(allDay.totals).toMatchObject({ detectedOutOfHours: 0, outOfHoursMinutes: 0 });
    const newYork = getShiftHandoffReport(incidents(), schedule, range, {
      businessHours: { timeZone: 'America/New_York' },
    });
    // 10:00 UTC is 05:00 in New York.
    expect(newYork.incidents[1]?.detectedOutOfHours).toBe(true);
  });

  it('rejects incidents without the fields it reads, naming the field', () => {
    const broken = [
      { ...incidents()[1], milestones: { detectedAt: 'tuesday' } },
    ] as unknown as IncidentState[];
    expect(() => getShiftHandoffReport(broken, schedule, range)).toThrow(
      expect.objectContaining({
        code: 'invalid_input',
        issues: [expect.objectContaining({ path: [0, 'milestones', 'detectedAt'] })],
      }),
    );
  });
});

describe('getShiftHandoffReport at the edges of the shift', () => {
  // Tuesday 9 January 2024; office hours 09:00–17:00 Berlin are 08:00–16:00 UTC.
  const shift = { from: '2024-01-09T08:00:00Z', to: '2024-01-09T16:00:00Z' };
  const ids = (list: readonly { id: string }[]) => list.map((item) => item.id);

  it('takes an incident that ends exactly at the start or starts exactly at the end as outside the shift', () => {
    const endsAtStart = incident('E', 'Ends at start', '2024-01-09T07:00:00Z', [
      { type: 'cancel', at: '2024-01-09T08:00:00Z', reason: 'false_alarm' },
    ]);
    const endsJustAfter = incident('F', 'Ends just after start', '2024-01-09T07:00:00Z', [
      { type: 'cancel', at: '2024-01-09T08:00:00.001Z', reason: 'false_alarm' },
    ]);
    const startsAtEnd = incident('S', 'Starts at end', '2024-01-09T16:00:00Z');
    const startsJustBefore = incident('T', 'Starts just before end', '2024-01-09T15:59:59.999Z');
    const report = getShiftHandoffReport(
      [startsJustBefore, endsAtStart, startsAtEnd, endsJustAfter],
      schedule,
      shift,
    );
    expect(ids(report.incidents)).toEqual(['F', 'T']);
    expect(report.open).toEqual(['T']);
    // F was detected at 08:00 Berlin (out of hours) but was open in the shift only in office hours.
    expect(report.totals).toEqual({ incidents: 2, open: 1, detectedOutOfHours: 1, outOfHoursMinutes: 0 });
  });

  it('reads what happened up to the end of the shift only', () => {
    const late = incident('L', 'Acknowledged after the shift', '2024-01-09T15:00:00Z', [
      { type: 'add_note', at: '2024-01-09T15:30:00Z', text: 'Before the handoff' },
      { type: 'add_note', at: '2024-01-09T16:00:00Z', text: 'At the handoff' },
      ...worked(ana, '2024-01-09T16:00:00.001Z', '2024-01-09T17:00:00Z'),
    ]);
    const [summary] = getShiftHandoffReport([late], schedule, shift).incidents;
    expect(summary).toMatchObject({
      minutesToAcknowledge: null,
      endedAt: null,
      open: true,
      latest: { at: '2024-01-09T16:00:00.000Z', summary: expect.stringContaining('At the handoff') },
    });
    const atEnd = incident('M', 'Resolved at the handoff', '2024-01-09T15:00:00Z', [
      ...worked(ana, '2024-01-09T16:00:00Z', '2024-01-09T16:00:00Z'),
    ]);
    expect(getShiftHandoffReport([atEnd], schedule, shift).incidents[0]).toMatchObject({
      minutesToAcknowledge: 60,
      endedAt: '2024-01-09T16:00:00.000Z',
      open: false,
    });
    const quiet = incident('Q', 'Nothing yet', '2024-01-09T17:00:00Z');
    const later = { ...shift, to: '2024-01-09T18:00:00Z' };
    expect(getShiftHandoffReport([quiet], schedule, later).incidents[0]?.latest).toMatchObject({
      at: '2024-01-09T17:00:00.000Z',
    });
    const noTimeline = { ...quiet, timeline: [] };
    expect(getShiftHandoffReport([noTimeline], schedule, later).incidents[0]?.latest).toBeNull();
  });

  it('counts office hours from their first minute up to, not including, their last', () => {
    const atNine = incident('A', 'At nine', '2024-01-09T08:00:00Z');
    const atFive = incident('B', 'At five', '2024-01-09T16:00:00Z');
    const day = { from: '2024-01-09T00:00:00Z', to: '2024-01-09T20:00:00Z' };
    const report = getShiftHandoffReport([atNine, atFive], schedule, day);
    expect(report.incidents.map((summary) => summary.detectedOutOfHours)).toEqual([false, true]);
    // A: 08:00–20:00 UTC open, 8 hours of it in office hours; B: 16:00–20:00, all out of hours.
    expect(report.incidents.map((summary) => summary.outOfHoursMinutes)).toEqual([240, 240]);
    expect(report.totals.outOfHoursMinutes).toBe(480);
  });

  it('ranks noisy alerts by count, then by key, counting only incidents detected in the shift', () => {
    const at = (minute: number) =>
      `2024-01-09T${String(8 + Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}:00Z`;
    const list = [
      incident('b1', 'Beta', at(10)),
      incident('a1', 'Alpha', at(20)),
      incident('c1', 'Gamma', at(30)),
      incident('b2', 'Beta', at(40)),
      incident('c2', 'Gamma', at(50)),
      incident('c3', 'Gamma', at(60)),
      incident('a2', 'Alpha', at(70)),
      incident('a0', 'Alpha', '2024-01-09T07:00:00Z'),
    ];
    expect(getShiftHandoffReport(list, schedule, shift).noisyAlerts).toEqual([
      { key: 'Gamma', count: 3, incidentIds: ['c1', 'c2', 'c3'] },
      { key: 'Alpha', count: 2, incidentIds: ['a1', 'a2'] },
      { key: 'Beta', count: 2, incidentIds: ['b1', 'b2'] },
    ]);
  });

  it('keeps incidents detected at the same instant in the order given, and counts one detected as the shift starts', () => {
    const first = incident('Y', 'Same alert', '2024-01-09T08:00:00Z');
    const second = incident('X', 'Same alert', '2024-01-09T08:00:00Z');
    const report = getShiftHandoffReport([first, second], schedule, shift);
    expect(ids(report.incidents)).toEqual(['Y', 'X']);
    expect(report.noisyAlerts).toEqual([{ key: 'Same alert', count: 2, incidentIds: ['Y', 'X'] }]);
    expect(ids(getShiftHandoffReport([second, first], schedule, shift).incidents)).toEqual(['X', 'Y']);
  });

  it('reads office hours on every day of a long shift, and nobody on call as null', () => {
    const twoDays = { from: '2024-01-09T00:00:00Z', to: '2024-01-11T00:00:00Z' };
    const onWednesday = incident('W', 'Wednesday noon', '2024-01-10T11:00:00Z');
    expect(getShiftHandoffReport([onWednesday], schedule, twoDays).incidents[0]?.detectedOutOfHours).toBe(
      false,
    );
    const later = scheduleOf('later', 'Europe/Berlin', [
      layer([ana], { turn: { length: 1, unit: 'days' }, from: '2024-01-10T00:00:00Z' }),
    ]);
    expect(getShiftHandoffReport([onWednesday], later, twoDays).incidents[0]?.onCallAtDetection).toEqual(ana);
    const early = incident('E', 'Before the layer', '2024-01-09T11:00:00Z');
    expect(getShiftHandoffReport([early], later, twoDays).incidents[0]?.onCallAtDetection).toBeNull();
  });

  it('takes the earlier of resolution and cancellation as the end', () => {
    const base = incident('R', 'Ended twice', '2024-01-09T09:00:00Z');
    const both = {
      ...base,
      milestones: {
        ...base.milestones,
        resolvedAt: '2024-01-09T12:00:00.000Z',
        cancelledAt: '2024-01-09T11:00:00.000Z',
      },
    };
    expect(getShiftHandoffReport([both], schedule, shift).incidents[0]?.endedAt).toBe(
      '2024-01-09T11:00:00.000Z',
    );
    const flipped = {
      ...base,
      milestones: {
        ...base.milestones,
        resolvedAt: '2024-01-09T10:00:00.000Z',
        cancelledAt: '2024-01-09T11:00:00.000Z',
      },
    };
    expect(getShiftHandoffReport([flipped], schedule, shift).incidents[0]?.endedAt).toBe(
      '2024-01-09T10:00:00.000Z',
    );
  });

  it('names each argument it refuses', () => {
    const list = [incident('X', 'X', '2024-01-09T09:00:00Z')];
    expect(refusalOf(() => getShiftHandoffReport(list, schedule, shift, { groupBy: 'title' as never }))).toBe(
      'Invalid settings.groupBy',
    );
    expect(
      refusalOf(() => getShiftHandoffReport(list, { ...schedule, layers: 'none' } as never, shift)),
    ).toBe('Invalid schedule');
    expect(refusalOf(() => getShiftHandoffReport(list, schedule, { from: shift.to, to: shift.from }))).toBe(
      'Invalid range',
    );
    expect(refusalOf(() => getShiftHandoffReport([{}] as never, schedule, shift))).toBe('Invalid incidents');
    expect(
      refusalOf(() => getShiftHandoffReport(list, schedule, shift, { businessHours: { days: [] } })),
    ).toBe('Invalid business hours');
    expect(refusalOf(() => getShiftHandoffReport(list, schedule, shift, { noisyAfter: 0 }))).toBe(
      'Invalid noisyAfter',
    );
  });
});
