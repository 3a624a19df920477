import {
  type FinalScheduleEntry,
  getFinalSchedule,
  getMemberName,
  type ScheduleInput,
} from 'incident-kit/oncall';
import { describe, expect, it } from 'vitest';
import { ana, ben, cy, dan, layer, schedule as scheduleOf } from '../fixtures/oncall';

/** Local wall-clock reading of an instant, read by Intl (not by the library). */
function wallClock(at: string, timeZone: string): string {
  return new Intl.DateTimeFormat('en-GB', {
    timeZone,
    weekday: 'short',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(new Date(at));
}

function rows(entries: readonly FinalScheduleEntry[]): string[] {
  return entries.map(
    (entry) => `${entry.from} ${entry.until} ${entry.member === null ? '-' : getMemberName(entry.member)}`,
  );
}

/** The person id (or reference) on call in an entry, `null` for a gap. */
const idOf = (entry: FinalScheduleEntry) =>
  entry.member === null ? null : 'id' in entry.member ? entry.member.id : entry.member.ref;

const hours = (entry: FinalScheduleEntry) => (Date.parse(entry.until) - Date.parse(entry.from)) / 3_600_000;

describe('getFinalSchedule', () => {
  const berlinWeekly: ScheduleInput = {
    id: 'berlin',
    timeZone: 'Europe/Berlin',
    layers: [
      {
        rotationStart: '2024-03-18',
        handoffTime: '09:00',
        turn: { length: 1, unit: 'weeks' },
        members: [ana, ben, cy],
      },
    ],
  };

  it('keeps a weekly 09:00 handoff at 09:00 Berlin time across both DST changes of 2024', () => {
    const entries = getFinalSchedule(berlinWeekly, {
      from: '2024-03-18T08:00:00Z',
      to: '2024-11-04T08:00:00Z',
    });
    expect(entries).toHaveLength(33);
    for (const entry of entries) expect(wallClock(entry.from, 'Europe/Berlin')).toBe('Mon 09:00');
    expect(wallClock(entries.at(-1)?.until ?? '', 'Europe/Berlin')).toBe('Mon 09:00');
    // The week clocks go forward (31 March) is 167 hours, the week they go back (27 October) 169.
    const spring = entries.find((entry) => entry.from === '2024-03-25T08:00:00.000Z');
    expect(spring?.until).toBe('2024-04-01T07:00:00.000Z');
    expect(spring && hours(spring)).toBe(167);
    const autumn = entries.find((entry) => entry.from === '2024-10-21T07:00:00.000Z');
    expect(autumn?.until).toBe('2024-10-28T08:00:00.000Z');
    expect(autumn && hours(autumn)).toBe(169);
    expect(entries.slice(0, 4).map(idOf)).toEqual(['ana', 'ben', 'cy', 'ana']);
  });

  it('lets an override spanning a handoff win, then resumes the rotation where it stands', () => {
    // Sunday 18:00 to Tuesday 09:00 Berlin time, across Monday's 09:00 handoff from Ana to Ben.
    const swap = {
      id: 'swap',
      member: dan,
      from: '2024-01-07T18:00:00+01:00',
      until: '2024-01-09T09:00:00+01:00',
    };
    const schedule = scheduleOf('primary', 'Europe/Berlin', [layer([ana, ben, cy])], [swap]);
    const entries = getFinalSchedule(schedule, { from: '2024-01-01T08:00:00Z', to: '2024-01-22T08:00:00Z' });
    expect(rows(entries)).toEqual([
      '2024-01-01T08:00:00.000Z 2024-01-07T17:00:00.000Z Ana',
      '2024-01-07T17:00:00.000Z 2024-01-09T08:00:00.000Z Dan',
      '2024-01-09T08:00:00.000Z 2024-01-15T08:00:00.000Z Ben',
      '2024-01-15T08:00:00.000Z 2024-01-22T08:00:00.000Z Cy',
    ]);
    expect(entries[1]?.source).toEqual({ type: 'override', overrideIndex: 0 });
    expect(entries[2]?.source).toEqual({ type: 'layer', layerIndex: 0, turn: 1 });
  });

  const followTheSun: ScheduleInput = {
    id: 'follow-the-sun',
    timeZone: 'UTC',
    layers: [
      {
        name: 'APAC',
        timeZone: 'Asia/Kolkata',
        rotationStart: '2024-01-01',
        handoffTime: '09:30',
        turn: { length: 1, unit: 'weeks' },
        members: [
          { id: 'priya', name: 'Priya' },
          { id: 'arjun', name: 'Arjun' },
        ],
        restrictions: [{ type: 'daily', start: '09:30', end: '17:30' }],
      },
      {
        name: 'EMEA',
        timeZone: 'Europe/London',
        rotationStart: '2024-01-01',
        handoffTime: '12:00',
        turn: { length: 1, unit: 'weeks' },
        members: [ana, ben],
        restrictions: [{ type: 'daily', start: '12:00', end: '20:00' }],
      },
      {
        name: 'AMER',
        timeZone: 'America/Los_Angeles',
        rotationStart: '2024-01-01',
        handoffTime: '12:00',
        turn: { length: 1, unit: 'weeks' },
        members: [cy, dan],
        restrictions: [{ type: 'daily', start: '12:00', end: '20:00' }],
      },
    ],
  };

  it('hands a follow-the-sun schedule across three zones without a gap in winter', () => {
    const entries = getFinalSchedule(followTheSun, {
      from: '2024-01-09T04:00:00Z',
      to: '2024-01-10T04:00:00Z',
    });
    expect(rows(entries)).toEqual([
      '2024-01-09T04:00:00.000Z 2024-01-09T12:00:00.000Z Arjun',
      '2024-01-09T12:00:00.000Z 2024-01-09T20:00:00.000Z Ben',
      '2024-01-09T20:00:00.000Z 2024-01-10T04:00:00.000Z Dan',
    ]);
    expect(entries.map((entry) => entry.source.type === 'layer' && entry.source.layerIndex)).toEqual([
      0, 1, 2,
    ]);
  });

  it('shows the follow-the-sun gap DST opens in summer as a gap entry', () => {
    // London (BST) and Los Angeles (PDT) shift an hour earlier in UTC; Kolkata does not.
    const entries = getFinalSchedule(followTheSun, {
      from: '2024-07-09T03:00:00Z',
      to: '2024-07-10T03:00:00Z',
    });
    expect(rows(entries)).toEqual([
      '2024-07-09T03:00:00.000Z 2024-07-09T04:00:00.000Z -',
      '2024-07-09T04:00:00.000Z 2024-07-09T11:00:00.000Z Arjun',
      '2024-07-09T11:00:00.000Z 2024-07-09T19:00:00.000Z Ben',
      '2024-07-09T19:00:00.000Z 2024-07-10T03:00:00.000Z Dan',
    ]);
  });

  it('splits at every handoff, even when a lone member takes the next turn', () => {
    const schedule = scheduleOf('solo', 'UTC', [
      layer([ana], { handoffTime: '00:00', turn: { length: 1, unit: 'days' } }),
    ]);
    const entries = getFinalSchedule(schedule, { from: '2024-01-01T12:00:00Z', to: '2024-01-03T12:00:00Z' });
    expect(entries.map((entry) => entry.source.type === 'layer' && entry.source.turn)).toEqual([0, 1, 2]);
    expect(entries.every((entry) => idOf(entry) === 'ana')).toBe(true);
  });

  it('lets the later layer win where both cover, and the lower one show through elsewhere', () => {
    const schedule = scheduleOf('layers', 'UTC', [
      layer([ana], { handoffTime: '00:00' }),
      layer([ben], {
        handoffTime: '00:00',
        restrictions: [{ type: 'weekly', startDay: 'sat', start: '00:00', endDay: 'mon', end: '00:00' }],
      }),
    ]);
    const entries = getFinalSchedule(schedule, { from: '2024-01-01T00:00:00Z', to: '2024-01-08T00:00:00Z' });
    expect(rows(entries)).toEqual([
      '2024-01-01T00:00:00.000Z 2024-01-06T00:00:00.000Z Ana',
      '2024-01-06T00:00:00.000Z 2024-01-08T00:00:00.000Z Ben',
    ]);
  });

  it('reports time before a layer starts and after it ends as gaps', () => {
    const schedule = scheduleOf('bounded', 'UTC', [
      layer([ana, ben], { turn: { length: 1, unit: 'days' }, until: '2024-01-03T09:00:00Z' }),
    ]);
    const entries = getFinalSchedule(schedule, { from: '2024-01-01T00:00:00Z', to: '2024-01-04T00:00:00Z' });
    expect(rows(entries)).toEqual([
      '2024-01-01T00:00:00.000Z 2024-01-01T09:00:00.000Z -',
      '2024-01-01T09:00:00.000Z 2024-01-02T09:00:00.000Z Ana',
      '2024-01-02T09:00:00.000Z 2024-01-03T09:00:00.000Z Ben',
      '2024-01-03T09:00:00.000Z 2024-01-04T00:00:00.000Z -',
    ]);
  });

  it('starts a handoff that falls into a DST gap when the gap ends', () => {
    // Clocks in Berlin jump from 02:00 to 03:00 on 31 March 2024: the 02:30 handoff happens at 03:00 CEST.
    const schedule = scheduleOf('gap', 'Europe/Berlin', [
      layer([ana, ben], {
        rotationStart: '2024-03-29',
        handoffTime: '02:30',
        turn: { length: 1, unit: 'days' },
      }),
    ]);
    const entries = getFinalSchedule(schedule, { from: '2024-03-30T01:30:00Z', to: '2024-04-01T00:30:00Z' });
    expect(rows(entries)).toEqual([
      '2024-03-30T01:30:00.000Z 2024-03-31T01:00:00.000Z Ben',
      '2024-03-31T01:00:00.000Z 2024-04-01T00:30:00.000Z Ana',
    ]);
  });

  it('takes the first of the two 02:30s when clocks go back', () => {
    const schedule = scheduleOf('overlap', 'Europe/Berlin', [
      layer([ana, ben], {
        rotationStart: '2024-10-26',
        handoffTime: '02:30',
        turn: { length: 1, unit: 'days' },
      }),
    ]);
    const entries = getFinalSchedule(schedule, { from: '2024-10-26T00:30:00Z', to: '2024-10-28T01:30:00Z' });
    // 02:30 CEST (00:30 UTC) on the 27th, then 02:30 CET (01:30 UTC) on the 28th: a 25-hour day.
    expect(rows(entries)).toEqual([
      '2024-10-26T00:30:00.000Z 2024-10-27T00:30:00.000Z Ana',
      '2024-10-27T00:30:00.000Z 2024-10-28T01:30:00.000Z Ben',
    ]);
  });

  it('skips a one-hour turn that falls wholly into a DST gap (the wall clock never shows that hour)', () => {
    const schedule = scheduleOf('hourly', 'Europe/Berlin', [
      layer([ana, ben], {
        rotationStart: '2024-03-31',
        handoffTime: '00:00',
        turn: { length: 1, unit: 'hours' },
      }),
    ]);
    const entries = getFinalSchedule(schedule, { from: '2024-03-30T23:00:00Z', to: '2024-03-31T02:00:00Z' });
    // Turn 2 (02:00-03:00 local) does not exist that night, so Ben's turn 1 is followed by Ben's turn 3.
    expect(entries.map((entry) => [entry.source.type === 'layer' && entry.source.turn, idOf(entry)])).toEqual(
      [
        [0, 'ana'],
        [1, 'ben'],
        [3, 'ben'],
      ],
    );
  });

  it('keeps daily handoffs on the wall clock when a zone changes its offset twice in a week', () => {
    // Recife started DST on 8 October 2000 and dropped it again on 15 October: the closest pair of changes in
    // the IANA database since 1970.
    const schedule = scheduleOf('recife', 'America/Recife', [
      layer([ana, ben], { rotationStart: '2000-10-01', turn: { length: 1, unit: 'days' } }),
    ]);
    const entries = getFinalSchedule(schedule, { from: '2000-10-05T12:00:00Z', to: '2000-10-18T12:00:00Z' });
    expect(entries).toHaveLength(13);
    for (const entry of entries) expect(wallClock(entry.from, 'America/Recife')).toMatch(/ 09:00$/);
    // One 23-hour day when DST started, one 25-hour day when it was dropped.
    expect(entries.map(hours).sort()).toEqual([23, 24, 24, 24, 24, 24, 24, 24, 24, 24, 24, 24, 25]);
  });

  it('counts custom turn lengths in calendar days of the layer zone', () => {
    const schedule = scheduleOf('three-days', 'America/Los_Angeles', [
      layer([ana, ben], {
        rotationStart: '2024-03-08',
        handoffTime: '08:00',
        turn: { length: 3, unit: 'days' },
      }),
    ]);
    const entries = getFinalSchedule(schedule, { from: '2024-03-08T16:00:00Z', to: '2024-03-14T15:00:00Z' });
    // US DST began on 10 March: the first turn is 71 hours long, both end at 08:00 Pacific time.
    expect(entries.map((entry) => [wallClock(entry.from, 'America/Los_Angeles'), hours(entry)])).toEqual([
      ['Fri 08:00', 71],
      ['Mon 08:00', 72],
    ]);
  });

  it('rejects a bad schedule with the field and the reason', () => {
    const bad = { id: 'x', timeZone: 'Mars/Olympus', layers: [] };
    expect(() =>
      getFinalSchedule(bad as unknown as ScheduleInput, {
        from: '2024-01-01T00:00:00Z',
        to: '2024-01-02T00:00:00Z',
      }),
    ).toThrow(
      expect.objectContaining({
        code: 'invalid_input',
        issues: expect.arrayContaining([
          expect.objectContaining({
            path: ['timeZone'],
            message: expect.stringContaining('Unknown time zone "Mars/Olympus"'),
          }),
          expect.objectContaining({ path: ['layers'] }),
        ]),
      }),
    );
  });

  it('rejects a range that ends before it starts, or spans more than ten years', () => {
    for (const range of [
      { from: '2024-01-02T00:00:00Z', to: '2024-01-01T00:00:00Z' },
      { from: '2000-01-01T00:00:00Z', to: '2024-01-01T00:00:00Z' },
      { from: 'yesterday', to: '2024-01-01T00:00:00Z' },
    ]) {
      expect(() => getFinalSchedule(berlinWeekly, range)).toThrow(
        expect.objectContaining({ code: 'invalid_input' }),
      );
    }
  });

  it('rejects a member who would follow themselves in the rotation', () => {
    const schedule = scheduleOf('x', 'UTC', [layer([ana, ben, ana], { turn: { length: 1, unit: 'days' } })]);
    expect(() =>
      getFinalSchedule(schedule, { from: '2024-01-01T00:00:00Z', to: '2024-01-02T00:00:00Z' }),
    ).toThrow(/follows themselves in the rotation/);
  });
});

describe('getFinalSchedule with overrides that start together', () => {
  it('lets the override listed later win while both cover the instant', () => {
    const base = scheduleOf(
      'o',
      'UTC',
      [layer([ana], { handoffTime: '00:00' })],
      [
        { member: ben, from: '2024-01-02T10:00:00Z', until: '2024-01-02T14:00:00Z' },
        { member: cy, from: '2024-01-02T10:00:00Z', until: '2024-01-02T12:00:00Z' },
        { member: dan, from: '2024-01-02T10:00:00Z', until: '2024-01-02T11:00:00Z' },
      ],
    );
    const entries = getFinalSchedule(base, { from: '2024-01-02T09:00:00Z', to: '2024-01-02T15:00:00Z' });
    expect(entries.map((entry) => [entry.from.slice(11, 16), entry.member?.name, entry.source])).toEqual([
      ['09:00', ana.name, { type: 'layer', layerIndex: 0, turn: 0 }],
      ['10:00', dan.name, { type: 'override', overrideIndex: 2 }],
      ['11:00', cy.name, { type: 'override', overrideIndex: 1 }],
      ['12:00', ben.name, { type: 'override', overrideIndex: 0 }],
      ['14:00', ana.name, { type: 'layer', layerIndex: 0, turn: 0 }],
    ]);
  });
});
