// Restriction windows (across midnight, past Sunday, a moment to itself, overlapping or touching) and turns counted
// before a rotation start, read through getFinalSchedule (Stryker survivors in src/oncall/layer-turns.ts).
import { getFinalSchedule, type Restriction } from 'incident-kit/oncall';
import { describe, expect, it } from 'vitest';
import { ana, ben, layer, schedule } from '../fixtures/oncall';

const rows = (entries: readonly { from: string; until: string; member: { name?: string } | null }[]) =>
  entries.map(
    (entry) => `${entry.from.slice(5, 16)}–${entry.until.slice(5, 16)} ${entry.member?.name ?? '-'}`,
  );

function restricted(restrictions: Restriction[], range: { from: string; to: string }) {
  return rows(
    getFinalSchedule(
      schedule('r', 'UTC', [
        layer([ana], { handoffTime: '00:00', turn: { length: 1, unit: 'weeks' }, restrictions }),
      ]),
      range,
    ),
  );
}

describe('layer turns and restrictions', () => {
  // Monday to Monday: one weekly turn (handoff Monday 00:00), so only restrictions split it.
  const week = { from: '2024-01-01T00:00:00Z', to: '2024-01-08T00:00:00Z' };

  it('a daily window across midnight runs into the next day; one from a time to itself is the whole day', () => {
    expect(restricted([{ type: 'daily', start: '22:00', end: '06:00', days: ['tue'] }], week)).toEqual([
      '01-01T00:00–01-02T22:00 -',
      '01-02T22:00–01-03T06:00 Ana',
      '01-03T06:00–01-08T00:00 -',
    ]);
    expect(restricted([{ type: 'daily', start: '09:00', end: '09:00', days: ['wed'] }], week)).toEqual([
      '01-01T00:00–01-03T09:00 -',
      '01-03T09:00–01-04T09:00 Ana',
      '01-04T09:00–01-08T00:00 -',
    ]);
  });

  it('a weekly window may wrap past Sunday; one from a moment to itself is the whole week', () => {
    expect(
      restricted([{ type: 'weekly', startDay: 'fri', start: '18:00', endDay: 'mon', end: '08:00' }], week),
    ).toEqual(['01-01T00:00–01-01T08:00 Ana', '01-01T08:00–01-05T18:00 -', '01-05T18:00–01-08T00:00 Ana']);
    expect(
      restricted([{ type: 'weekly', startDay: 'wed', start: '12:00', endDay: 'wed', end: '12:00' }], week),
    ).toEqual(['01-01T00:00–01-08T00:00 Ana']);
    expect(
      restricted([{ type: 'weekly', startDay: 'tue', start: '09:00', endDay: 'thu', end: '17:00' }], week),
    ).toEqual(['01-01T00:00–01-02T09:00 -', '01-02T09:00–01-04T17:00 Ana', '01-04T17:00–01-08T00:00 -']);
  });

  it('joins windows that overlap or touch into one shift', () => {
    const day = { from: '2024-01-02T00:00:00Z', to: '2024-01-03T00:00:00Z' };
    expect(
      restricted(
        [
          { type: 'daily', start: '12:00', end: '17:00' },
          { type: 'daily', start: '09:00', end: '13:00' },
          { type: 'daily', start: '10:00', end: '11:00' },
          { type: 'daily', start: '17:00', end: '18:00' },
          { type: 'daily', start: '20:00', end: '21:00' },
        ],
        day,
      ),
    ).toEqual([
      '01-02T00:00–01-02T09:00 -',
      '01-02T09:00–01-02T18:00 Ana',
      '01-02T18:00–01-02T20:00 -',
      '01-02T20:00–01-02T21:00 Ana',
      '01-02T21:00–01-03T00:00 -',
    ]);
  });

  it('counts turns back before the rotation start (a layer in force earlier) and forward far after it', () => {
    const daily = schedule('d', 'UTC', [
      layer([ana, ben], {
        rotationStart: '2024-01-10',
        handoffTime: '00:00',
        turn: { length: 1, unit: 'days' },
        from: '2024-01-01T00:00:00Z',
      }),
    ]);
    expect(
      rows(getFinalSchedule(daily, { from: '2024-01-07T12:00:00Z', to: '2024-01-09T12:00:00Z' })),
    ).toEqual(['01-07T12:00–01-08T00:00 Ben', '01-08T00:00–01-09T00:00 Ana', '01-09T00:00–01-09T12:00 Ben']);
    expect(
      rows(getFinalSchedule(daily, { from: '2024-03-01T00:00:00Z', to: '2024-03-02T00:00:00Z' })),
    ).toEqual(['03-01T00:00–03-02T00:00 Ben']);
  });
});
