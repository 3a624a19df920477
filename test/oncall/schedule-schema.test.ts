// The schedule's own rules, checked through its exported schemas and getMemberKey/getMemberName: calendar dates
// (leap years included), layers and overrides that end after they start, ids used once, one member never following
// themselves, and ranges of at most ten years.
import {
  getMemberKey,
  getMemberName,
  LocalDateSchema,
  RestrictionSchema,
  ScheduleLayerSchema,
  ScheduleOverrideSchema,
  ScheduleSchema,
  TimeRangeSchema,
} from 'incident-kit/oncall';
import { describe, expect, it } from 'vitest';
import { thrown } from '../fixtures/assert';
import { ana, ben, layer, schedule } from '../fixtures/oncall';

const issuesOf = (result: {
  success: boolean;
  error?: { issues: { path: PropertyKey[]; message: string }[] };
}) => (result.success ? [] : (result.error?.issues ?? []).map(({ path, message }) => ({ path, message })));

describe('LocalDateSchema', () => {
  it('accepts exactly the days of the calendar, leap days included', () => {
    const accepted = (text: string) => LocalDateSchema.safeParse(text).success;
    expect(
      ['2024-02-29', '2000-02-29', '2023-02-28', '2024-01-31', '2024-12-31', '1000-01-01'].map(accepted),
    ).toEqual([true, true, true, true, true, true]);
    expect(
      [
        '2023-02-29',
        '1900-02-29',
        '2100-02-29',
        '2024-04-31',
        '2024-01-00',
        '2024-13-01',
        '2024-00-10',
        '0999-12-31',
      ].map(accepted),
    ).toEqual([false, false, false, false, false, false, false, false]);
    expect(issuesOf(LocalDateSchema.safeParse('2023-02-29'))).toEqual([
      { path: [], message: 'Not a calendar date: "2023-02-29"' },
    ]);
  });
});

describe('ScheduleLayerSchema', () => {
  it('refuses a layer that ends when or before it starts, naming `until`', () => {
    const at = (from: string, until: string) => ScheduleLayerSchema.safeParse(layer([ana], { from, until }));
    expect(issuesOf(at('2024-01-02T00:00:00Z', '2024-01-02T00:00:00Z'))).toEqual([
      { path: ['until'], message: 'A layer must end after it starts' },
    ]);
    expect(issuesOf(at('2024-01-02T00:00:00Z', '2024-01-01T00:00:00Z'))).toHaveLength(1);
    expect(at('2024-01-02T00:00:00Z', '2024-01-02T00:00:00.001Z').success).toBe(true);
    expect(ScheduleLayerSchema.safeParse(layer([ana], { until: '2020-01-01T00:00:00Z' })).success).toBe(true);
    expect(ScheduleLayerSchema.safeParse(layer([ana], { from: '2030-01-01T00:00:00Z' })).success).toBe(true);
  });

  it('refuses a member who follows themselves, at the second of the two turns', () => {
    expect(issuesOf(ScheduleLayerSchema.safeParse(layer([ana, ben, ben])))).toEqual([
      {
        path: ['members', 2],
        message: 'person:ben follows themselves in the rotation and would get two turns in a row',
      },
    ]);
    // The rotation wraps around: the last member is followed by the first.
    expect(issuesOf(ScheduleLayerSchema.safeParse(layer([ana, ben, ana])))).toEqual([
      {
        path: ['members', 0],
        message: 'person:ana follows themselves in the rotation and would get two turns in a row',
      },
    ]);
    expect(ScheduleLayerSchema.safeParse(layer([ana, ana])).success).toBe(true); // one person: every turn is theirs
    expect(ScheduleLayerSchema.safeParse(layer([ana, ben])).success).toBe(true);
  });
});

describe('RestrictionSchema', () => {
  it('takes each day once', () => {
    const daily = (days: string[]) =>
      RestrictionSchema.safeParse({ type: 'daily', start: '09:00', end: '17:00', days });
    expect(daily(['mon', 'tue']).success).toBe(true);
    expect(issuesOf(daily(['mon', 'mon'])).map((issue) => issue.message)).toEqual([
      'Each day may appear once',
    ]);
  });
});

describe('ScheduleOverrideSchema and ScheduleSchema', () => {
  const override = (from: string, until: string, id?: string) => ({ id, member: ben, from, until });

  it('refuses an override that ends when it starts', () => {
    expect(
      issuesOf(ScheduleOverrideSchema.safeParse(override('2024-01-02T00:00:00Z', '2024-01-02T00:00:00Z'))),
    ).toEqual([{ path: ['until'], message: 'An override must end after it starts' }]);
    expect(
      ScheduleOverrideSchema.safeParse(override('2024-01-02T00:00:00Z', '2024-01-02T00:00:01Z')).success,
    ).toBe(true);
  });

  it('refuses an id used twice among the layers or among the overrides, at the second use', () => {
    const twice = schedule('s', 'UTC', [
      { ...layer([ana]), id: 'day' },
      { ...layer([ben]), id: 'night' },
      { ...layer([ben]), id: 'day' },
    ]);
    expect(issuesOf(ScheduleSchema.safeParse(twice))).toEqual([
      { path: ['layers', 2, 'id'], message: 'Duplicate id "day"' },
    ]);
    const overridden = schedule(
      's',
      'UTC',
      [layer([ana])],
      [
        override('2024-01-02T00:00:00Z', '2024-01-03T00:00:00Z', 'swap'),
        override('2024-01-04T00:00:00Z', '2024-01-05T00:00:00Z'),
        override('2024-01-06T00:00:00Z', '2024-01-07T00:00:00Z'),
        override('2024-01-08T00:00:00Z', '2024-01-09T00:00:00Z', 'swap'),
      ],
    );
    expect(issuesOf(ScheduleSchema.safeParse(overridden))).toEqual([
      { path: ['overrides', 3, 'id'], message: 'Duplicate id "swap"' },
    ]);
    // A layer and an override may share an id: they are different lists.
    const shared = schedule(
      's',
      'UTC',
      [{ ...layer([ana]), id: 'x' }],
      [override('2024-01-02T00:00:00Z', '2024-01-03T00:00:00Z', 'x')],
    );
    expect(ScheduleSchema.safeParse(shared).success).toBe(true);
  });
});

describe('TimeRangeSchema', () => {
  it('spans at most 3660 days, the last millisecond included', () => {
    const from = '2024-01-01T00:00:00.000Z';
    const plus = (ms: number) => new Date(Date.parse(from) + ms).toISOString();
    const limit = 3660 * 86_400_000;
    expect(TimeRangeSchema.safeParse({ from, to: plus(limit) }).success).toBe(true);
    expect(issuesOf(TimeRangeSchema.safeParse({ from, to: plus(limit + 1) }))).toEqual([
      { path: ['to'], message: 'A range may span at most 10 years (3660 days)' },
    ]);
  });
});

describe('getMemberKey and getMemberName', () => {
  it('name the member argument they refuse', () => {
    expect(thrown(() => getMemberKey(null as never)).message).toMatch(/^Invalid member:/);
    expect(thrown(() => getMemberName(42 as never)).message).toMatch(/^Invalid member:/);
  });
});
