import fc from 'fast-check';
import type { OnCallMember, Restriction, ScheduleInput, Weekday } from 'incident-kit/oncall';

/** Zones with every kind of rule: none, DST north and south, half-hour and 45-minute offsets, a 30-minute DST. */
export const ZONES = [
  'UTC',
  'Europe/Berlin',
  'Europe/London',
  'America/Los_Angeles',
  'America/St_Johns',
  'America/Sao_Paulo',
  'Asia/Kolkata',
  'Asia/Kathmandu',
  'Australia/Lord_Howe',
  'Pacific/Auckland',
  'Pacific/Chatham',
] as const;

export const zoneArb = fc.constantFrom(...ZONES);

export const memberPool: readonly OnCallMember[] = [
  { id: 'ana', name: 'Ana Lima' },
  { id: 'ben', name: 'Ben Okafor' },
  { id: 'cy', name: 'Cy Tanaka' },
  { ref: 'pd-user:PDAN', name: 'Dan' },
  { ref: 'team:dba' },
];

/** Rotation members: 1 to 5 entries, a member never directly after themselves (also not last-to-first). */
export const membersArb: fc.Arbitrary<OnCallMember[]> = fc
  .tuple(fc.nat({ max: 4 }), fc.array(fc.integer({ min: 1, max: 4 }), { maxLength: 4 }))
  .map(([first, steps]) => {
    const indices = [first];
    for (const step of steps) indices.push(((indices[indices.length - 1] as number) + step) % 5);
    return indices.map((index) => memberPool[index] as OnCallMember);
  })
  .filter((members) => members.length === 1 || members[0] !== members[members.length - 1]);

const DAY_MS = 86_400_000;
const BASE = Date.parse('2024-01-01T00:00:00Z');

/** A date from 2023-07 to 2025-12, as `YYYY-MM-DD`. */
export const localDateArb = fc
  .integer({ min: -180, max: 730 })
  .map((days) => new Date(BASE + days * DAY_MS).toISOString().slice(0, 10));

/** A time of day: any minute, often between 00:00 and 04:00 where DST gaps and repeats happen. */
export const localTimeArb = fc
  .oneof(fc.integer({ min: 0, max: 1439 }), fc.integer({ min: 0, max: 239 }))
  .map((minutes) => `${pad(Math.floor(minutes / 60))}:${pad(minutes % 60)}`);

const endTimeArb = fc.oneof(localTimeArb, fc.constant('24:00'));
const weekdayArb = fc.constantFrom<Weekday>('mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun');

export const restrictionArb: fc.Arbitrary<Restriction> = fc.oneof(
  fc.record(
    {
      type: fc.constant('daily' as const),
      start: localTimeArb,
      end: endTimeArb,
      days: fc.uniqueArray(weekdayArb, { minLength: 1, maxLength: 7 }),
    },
    { requiredKeys: ['type', 'start', 'end'] },
  ),
  fc.record({
    type: fc.constant('weekly' as const),
    startDay: weekdayArb,
    start: localTimeArb,
    endDay: weekdayArb,
    end: endTimeArb,
  }),
);

/** Turn lengths; `minHours` leaves out turns short enough to vanish into a DST gap (see the docs). */
export function turnArb(minHours = 1) {
  return fc.oneof(
    fc.record({ length: fc.integer({ min: minHours, max: 48 }), unit: fc.constant('hours' as const) }),
    fc.record({ length: fc.integer({ min: 1, max: 14 }), unit: fc.constant('days' as const) }),
    fc.record({ length: fc.integer({ min: 1, max: 4 }), unit: fc.constant('weeks' as const) }),
  );
}

/** An instant from mid-2023 to 2025, whole minutes. */
export const instantArb = fc
  .integer({ min: -180 * 1440, max: 730 * 1440 })
  .map((minutes) => new Date(BASE + minutes * 60_000).toISOString());

export interface LayerOptions {
  readonly restricted?: boolean;
  /** Give the layer a `from`/`until` near this range. */
  readonly within?: { readonly from: string; readonly to: string };
  readonly minHours?: number;
}

/** An instant from two days before `range.from` to two days after `range.to`, whole minutes. */
export function instantNear(range: { readonly from: string; readonly to: string }) {
  const from = Date.parse(range.from) - 2 * DAY_MS;
  const minutes = (Date.parse(range.to) + 2 * DAY_MS - from) / 60_000;
  return fc
    .integer({ min: 0, max: Math.floor(minutes) })
    .map((offset) => new Date(from + offset * 60_000).toISOString());
}

export function layerArb(options: LayerOptions = {}) {
  const near = options.within;
  return fc
    .record({
      timeZone: fc.option(zoneArb, { nil: undefined }),
      rotationStart: localDateArb,
      handoffTime: localTimeArb,
      turn: turnArb(options.minHours),
      members: membersArb,
      restrictions: options.restricted
        ? fc.array(restrictionArb, { minLength: 1, maxLength: 3 })
        : fc.constant<Restriction[]>([]),
      bounds:
        near === undefined
          ? fc.constant(undefined)
          : fc.option(fc.tuple(instantNear(near), instantNear(near)), { nil: undefined }),
    })
    .map(({ bounds, timeZone, ...layer }) => {
      const [a, b] = bounds === undefined ? [] : [bounds[0], bounds[1]].sort();
      return {
        ...layer,
        ...(timeZone === undefined ? {} : { timeZone }),
        ...(a === undefined || b === undefined || a === b ? {} : { from: a, until: b }),
      };
    });
}

/** An override near a range, one minute to two weeks long. */
export function overrideNear(range: { readonly from: string; readonly to: string }) {
  return fc
    .record({
      member: fc.constantFrom(...memberPool),
      from: instantNear(range),
      minutes: fc.integer({ min: 1, max: 14 * 1440 }),
    })
    .map(({ member, from, minutes }) => ({
      member,
      from,
      until: new Date(Date.parse(from) + minutes * 60_000).toISOString(),
    }));
}

/** DST changes of 2024 in the zones above (Europe, North America, New Zealand, Lord Howe). */
const DST_DAYS = [
  '2024-03-10',
  '2024-03-31',
  '2024-04-07',
  '2024-09-29',
  '2024-10-06',
  '2024-10-27',
  '2024-11-03',
];

/** A range of one hour to 45 days: anywhere, or starting within three days before a DST change. */
export const rangeArb = fc
  .tuple(
    fc.oneof(
      instantArb,
      fc
        .tuple(fc.constantFrom(...DST_DAYS), fc.integer({ min: -3 * 1440, max: 0 }))
        .map(([day, minutes]) => new Date(Date.parse(`${day}T00:00:00Z`) + minutes * 60_000).toISOString()),
    ),
    fc.integer({ min: 60, max: 45 * 1440 }),
  )
  .map(([from, minutes]) => ({ from, to: new Date(Date.parse(from) + minutes * 60_000).toISOString() }));

/** Zones with the day of a 2024 DST change in each (spring and autumn). */
const DST_CHANGES: readonly (readonly [string, string])[] = [
  ['Europe/Berlin', '2024-03-31'],
  ['Europe/Berlin', '2024-10-27'],
  ['Europe/London', '2024-03-31'],
  ['Europe/London', '2024-10-27'],
  ['America/Los_Angeles', '2024-03-10'],
  ['America/Los_Angeles', '2024-11-03'],
  ['America/St_Johns', '2024-03-10'],
  ['America/St_Johns', '2024-11-03'],
  ['Pacific/Auckland', '2024-04-07'],
  ['Pacific/Auckland', '2024-09-29'],
  ['Australia/Lord_Howe', '2024-04-07'],
  ['Australia/Lord_Howe', '2024-10-06'],
  ['Pacific/Chatham', '2024-04-07'],
  ['Pacific/Chatham', '2024-09-29'],
];

/**
 * A daily or two-daily layer in a zone, handing over in the small hours, and a week around one of that zone's DST
 * changes: the cases where a handoff time is skipped or occurs twice.
 */
export const dstLayerArb = fc
  .record({
    change: fc.constantFrom(...DST_CHANGES),
    minutes: fc.integer({ min: 0, max: 299 }),
    length: fc.integer({ min: 1, max: 2 }),
    members: membersArb,
    rotationStart: fc.integer({ min: -20, max: -4 }),
  })
  .map(({ change: [zone, day], minutes, length, members, rotationStart }) => ({
    zone,
    range: {
      from: new Date(Date.parse(`${day}T00:00:00Z`) - 3 * DAY_MS).toISOString(),
      to: new Date(Date.parse(`${day}T00:00:00Z`) + 4 * DAY_MS).toISOString(),
    },
    layer: {
      rotationStart: new Date(Date.parse(`${day}T00:00:00Z`) + rotationStart * DAY_MS)
        .toISOString()
        .slice(0, 10),
      handoffTime: `${pad(Math.floor(minutes / 60))}:${pad(minutes % 60)}`,
      turn: { length, unit: 'days' as const },
      members,
    },
  }));

/** A range and any valid schedule around it: 1 to 4 layers, some restricted or bounded, and up to 5 overrides. */
export const scenarioArb: fc.Arbitrary<{ schedule: ScheduleInput; range: { from: string; to: string } }> =
  rangeArb.chain((range) =>
    fc
      .record({
        timeZone: zoneArb,
        layers: fc.array(
          fc.oneof(
            layerArb(),
            layerArb({ restricted: true }),
            layerArb({ restricted: true, within: range }),
            layerArb({ within: range }),
          ),
          { minLength: 1, maxLength: 4 },
        ),
        overrides: fc.array(overrideNear(range), { maxLength: 5 }),
      })
      .map((parts) => ({ schedule: { id: 'arb', ...parts }, range })),
  );

function pad(value: number): string {
  return String(value).padStart(2, '0');
}
