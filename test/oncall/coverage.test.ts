import { getScheduleCoverage, type ScheduleInput } from 'incident-kit/oncall';
import { describe, expect, it } from 'vitest';
import { ana, ben, cy } from '../fixtures/oncall';

/** Kolkata 09:30-17:30, London 12:00-20:00, Los Angeles 12:00-20:00: 24 hours of UTC in winter. */
const followTheSun: ScheduleInput = {
  id: 'follow-the-sun',
  timeZone: 'UTC',
  layers: [
    ['Asia/Kolkata', '09:30', '17:30', ana],
    ['Europe/London', '12:00', '20:00', ben],
    ['America/Los_Angeles', '12:00', '20:00', cy],
  ].map(([timeZone, start, end, member]) => ({
    timeZone: timeZone as string,
    rotationStart: '2024-01-01',
    handoffTime: '00:00',
    turn: { length: 1, unit: 'weeks' as const },
    members: [member as typeof ana],
    restrictions: [{ type: 'daily' as const, start: start as string, end: end as string }],
  })),
};

describe('getScheduleCoverage', () => {
  it('finds full coverage and no overlap for follow-the-sun in winter', () => {
    const coverage = getScheduleCoverage(followTheSun, {
      from: '2024-01-08T04:00:00Z',
      to: '2024-01-15T04:00:00Z',
    });
    expect(coverage).toMatchObject({ totalMinutes: 10_080, coveredMinutes: 10_080, coveragePercent: 100 });
    expect(coverage.gaps).toEqual([]);
    expect(coverage.overlaps).toEqual([]);
    expect(coverage.members.map(({ member, minutes, shifts }) => [member.name, minutes, shifts])).toEqual([
      ['Ana', 3360, 7],
      ['Ben', 3360, 7],
      ['Cy', 3360, 7],
    ]);
  });

  it('reports the hour DST opens and the hour it doubles in summer, and who is hidden', () => {
    const coverage = getScheduleCoverage(followTheSun, {
      from: '2024-07-09T00:00:00Z',
      to: '2024-07-10T00:00:00Z',
    });
    expect(coverage.gaps).toEqual([
      { from: '2024-07-09T03:00:00.000Z', until: '2024-07-09T04:00:00.000Z', minutes: 60 },
    ]);
    expect(coverage.overlaps).toEqual([
      {
        from: '2024-07-09T11:00:00.000Z',
        until: '2024-07-09T12:00:00.000Z',
        covering: [
          { member: ben, source: { type: 'layer', layerIndex: 1, turn: 27 } },
          { member: ana, source: { type: 'layer', layerIndex: 0, turn: 27 } },
        ],
      },
    ]);
    expect(coverage.coveragePercent).toBe(95.83);
  });

  it('counts an override over a layer as an overlap with the override on top', () => {
    const coverage = getScheduleCoverage(
      {
        id: 'o',
        timeZone: 'UTC',
        layers: [
          {
            rotationStart: '2024-01-01',
            handoffTime: '00:00',
            turn: { length: 1, unit: 'weeks' },
            members: [ana],
          },
        ],
        overrides: [{ member: ben, from: '2024-01-02T00:00:00Z', until: '2024-01-03T00:00:00Z' }],
      },
      { from: '2024-01-01T00:00:00Z', to: '2024-01-04T00:00:00Z' },
    );
    expect(coverage.overlaps).toEqual([
      {
        from: '2024-01-02T00:00:00.000Z',
        until: '2024-01-03T00:00:00.000Z',
        covering: [
          { member: ben, source: { type: 'override', overrideIndex: 0 } },
          { member: ana, source: { type: 'layer', layerIndex: 0, turn: 0 } },
        ],
      },
    ]);
    // Ana's turn is cut in two by the override: two shifts.
    expect(coverage.members.map(({ member, minutes, shifts }) => [member.name, minutes, shifts])).toEqual([
      ['Ana', 2880, 2],
      ['Ben', 1440, 1],
    ]);
  });
});

describe('getScheduleCoverage: gaps, shifts and ranking', () => {
  const daily = (member: typeof ana, start: string, end: string, days?: string[]) => ({
    rotationStart: '2024-01-01',
    handoffTime: '00:00',
    turn: { length: 1, unit: 'weeks' as const },
    members: [member],
    restrictions: [{ type: 'daily' as const, start, end, ...(days ? { days } : {}) }],
  });

  it('joins gaps that touch into one, and counts a shift per run of the same source', () => {
    // Ana 08:00–12:00 and Ben 12:00–16:00 every day: two shifts a day each, a 16-hour gap between the days.
    const schedule = {
      id: 'day',
      timeZone: 'UTC',
      layers: [daily(ana, '08:00', '12:00'), daily(ben, '12:00', '16:00')],
    } as ScheduleInput;
    const coverage = getScheduleCoverage(schedule, {
      from: '2024-01-02T00:00:00Z',
      to: '2024-01-04T00:00:00Z',
    });
    expect(coverage.gaps).toEqual([
      { from: '2024-01-02T00:00:00.000Z', until: '2024-01-02T08:00:00.000Z', minutes: 480 },
      { from: '2024-01-02T16:00:00.000Z', until: '2024-01-03T08:00:00.000Z', minutes: 960 },
      { from: '2024-01-03T16:00:00.000Z', until: '2024-01-04T00:00:00.000Z', minutes: 480 },
    ]);
    expect(coverage.members).toEqual([
      { member: ana, minutes: 480, shifts: 2 },
      { member: ben, minutes: 480, shifts: 2 },
    ]);
    expect(coverage).toMatchObject({ totalMinutes: 2880, coveredMinutes: 960, coveragePercent: 33.33 });
  });

  it('ranks members by time on call, then by key', () => {
    const schedule = {
      id: 'day',
      timeZone: 'UTC',
      layers: [daily(cy, '08:00', '10:00'), daily(ben, '10:00', '14:00'), daily(ana, '14:00', '16:00')],
    } as ScheduleInput;
    const coverage = getScheduleCoverage(schedule, {
      from: '2024-01-02T00:00:00Z',
      to: '2024-01-03T00:00:00Z',
    });
    expect(coverage.members.map((entry) => [entry.member, entry.minutes])).toEqual([
      [ben, 240],
      [ana, 120],
      [cy, 120],
    ]);
  });

  it('names the argument it refuses', () => {
    expect(() =>
      getScheduleCoverage(null as never, { from: '2024-01-02T00:00:00Z', to: '2024-01-03T00:00:00Z' }),
    ).toThrow(expect.objectContaining({ message: expect.stringMatching(/^Invalid schedule:/) }));
    expect(() =>
      getScheduleCoverage(followTheSun, { from: '2024-01-03T00:00:00Z', to: '2024-01-02T00:00:00Z' }),
    ).toThrow(expect.objectContaining({ message: expect.stringMatching(/^Invalid range:/) }));
  });
});
