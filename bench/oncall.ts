// On-call benchmark (issue 13): the final schedule of one year for a schedule of 5 layers (four zones, daily, weekly
// and 12-hour turns, restrictions) and 100 overrides; target 20 ms. Reports min / median / max over BENCH_ROUNDS
// runs (at least 5, default 15), after 5 warm-up runs (the first runs are still being compiled by V8).
// Run: npm run bench:oncall
import { getFinalSchedule, type ScheduleInput, whoIsOnCall } from 'incident-kit/oncall';
import { type BenchResult, isMain, median, printResults, time } from './harness';

const ROUNDS = Math.max(5, Number(process.env.BENCH_ROUNDS ?? 15));
const WARM_UP = 5;
const TARGET_MS = 20;
const YEAR = { from: '2024-01-01T00:00:00Z', to: '2025-01-01T00:00:00Z' };

const people = Array.from({ length: 12 }, (_, index) => ({ id: `p${index}`, name: `Person ${index}` }));
const pick = (...indices: number[]) => indices.map((index) => people[index] as (typeof people)[number]);

/** Deterministic pseudo-random numbers, so every run measures the same schedule. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (Math.imul(state, 1_103_515_245) + 12_345) >>> 0;
    return state / 2 ** 32;
  };
}

export function benchSchedule(): ScheduleInput {
  const next = random(13);
  const overrides = Array.from({ length: 100 }, () => {
    const from = Date.parse(YEAR.from) + Math.floor(next() * 365 * 24) * 3_600_000;
    const hours = 2 + Math.floor(next() * 70);
    return {
      member: people[Math.floor(next() * people.length)] as (typeof people)[number],
      from: new Date(from).toISOString(),
      until: new Date(from + hours * 3_600_000).toISOString(),
    };
  });
  return {
    id: 'bench',
    timeZone: 'Europe/Berlin',
    layers: [
      {
        name: 'Primary, weekly',
        rotationStart: '2023-12-25',
        handoffTime: '09:00',
        turn: { length: 1, unit: 'weeks' },
        members: pick(0, 1, 2, 3, 4),
      },
      {
        name: 'Business hours, daily',
        timeZone: 'America/Los_Angeles',
        rotationStart: '2024-01-01',
        handoffTime: '08:00',
        turn: { length: 1, unit: 'days' },
        members: pick(5, 6, 7, 8),
        restrictions: [
          { type: 'daily', start: '09:00', end: '17:00', days: ['mon', 'tue', 'wed', 'thu', 'fri'] },
        ],
      },
      {
        name: 'APAC',
        timeZone: 'Asia/Kolkata',
        rotationStart: '2024-01-01',
        handoffTime: '09:30',
        turn: { length: 1, unit: 'weeks' },
        members: pick(9, 10),
        restrictions: [{ type: 'daily', start: '09:30', end: '17:30' }],
      },
      {
        name: 'Twelve-hour shifts',
        timeZone: 'Europe/London',
        rotationStart: '2024-01-01',
        handoffTime: '07:00',
        turn: { length: 12, unit: 'hours' },
        members: pick(1, 3, 11),
        restrictions: [{ type: 'weekly', startDay: 'sat', start: '07:00', endDay: 'mon', end: '07:00' }],
      },
      {
        name: 'Weekend nights',
        timeZone: 'Australia/Sydney',
        rotationStart: '2024-01-05',
        handoffTime: '18:00',
        turn: { length: 2, unit: 'weeks' },
        members: pick(2, 6, 10),
        restrictions: [{ type: 'daily', start: '22:00', end: '06:00', days: ['fri', 'sat'] }],
      },
    ],
    overrides,
  };
}

/** Times the one-year final schedule; also how long one `whoIsOnCall` takes. */
export function benchOncall(): BenchResult {
  const schedule = benchSchedule();
  let entries = 0;
  for (let run = 0; run < WARM_UP; run++) entries = getFinalSchedule(schedule, YEAR).length;
  const samples: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    samples.push(
      time(() => {
        entries = getFinalSchedule(schedule, YEAR).length;
      }),
    );
  }
  const lookups = 200;
  const lookupMs = median(
    Array.from({ length: 5 }, () =>
      time(() => {
        for (let i = 0; i < lookups; i++) {
          whoIsOnCall(schedule, new Date(Date.parse(YEAR.from) + i * 43_200_000).toISOString());
        }
      }),
    ),
  );
  const sorted = [...samples].sort((a, b) => a - b);
  const ms = (value: number) => `${value.toFixed(1)} ms`;
  const middle = median(samples);
  return {
    title: 'On-call schedules (bench/oncall.ts)',
    figures: [
      {
        key: 'oncall.final-schedule',
        label: 'getFinalSchedule, 1 year, 5 layers, 100 overrides',
        value: middle,
        unit: 'ms',
        target: { op: '<=', value: TARGET_MS },
      },
    ],
    absolute: [
      `getFinalSchedule, 1 year, 5 layers, 100 overrides (${entries} entries), ${ROUNDS} runs after ${WARM_UP} warm-up runs: min ${ms(sorted[0] ?? 0)}, median ${ms(middle)}, max ${ms(sorted.at(-1) ?? 0)} (target ${TARGET_MS} ms)`,
      `whoIsOnCall on the same schedule: ${((lookupMs / lookups) * 1000).toFixed(0)} µs a call (median of 5 × ${lookups})`,
    ],
  };
}

if (isMain(import.meta.url)) printResults([benchOncall()]);
