import { isMainThread } from 'node:worker_threads';
import fc from 'fast-check';
import {
  type FinalScheduleEntry,
  getFinalSchedule,
  getMemberKey,
  getScheduleCoverage,
  type ScheduleInput,
  ScheduleSchema,
  whoIsOnCall,
} from 'incident-kit/oncall';
import { describe, expect, it } from 'vitest';
import { dstLayerArb, instantNear, layerArb, rangeArb, scenarioArb, zoneArb } from '../arbitraries/oncall';
import { propertyRuns } from '../support/property-runs';

const ms = Date.parse;

function sourceKey(entry: FinalScheduleEntry): string {
  const source = entry.source;
  if (source.type === 'gap') return 'gap';
  return source.type === 'override' ? `o${source.overrideIndex}` : `l${source.layerIndex}:${source.turn}`;
}

function entryAt(entries: readonly FinalScheduleEntry[], instant: string) {
  return entries.find((entry) => ms(entry.from) <= ms(instant) && ms(instant) < ms(entry.until));
}

/** Instants worth probing in a range: its ends, and every entry's start, middle and last millisecond. */
function probes(entries: readonly FinalScheduleEntry[]): string[] {
  return entries.flatMap((entry) => {
    const from = ms(entry.from);
    const until = ms(entry.until);
    return [from, Math.floor((from + until) / 2), until - 1].map((instant) =>
      new Date(instant).toISOString(),
    );
  });
}

describe('getFinalSchedule', () => {
  it('tiles the range: contiguous, no overlap, no hole, every entry maximal', () => {
    fc.assert(
      fc.property(scenarioArb, ({ schedule, range }) => {
        const entries = getFinalSchedule(schedule, range);
        expect(entries[0]?.from).toBe(new Date(range.from).toISOString());
        expect(entries.at(-1)?.until).toBe(new Date(range.to).toISOString());
        entries.forEach((entry, index) => {
          expect(ms(entry.from)).toBeLessThan(ms(entry.until));
          const next = entries[index + 1];
          if (next === undefined) return;
          expect(next.from).toBe(entry.until);
          const same =
            sourceKey(entry) === sourceKey(next) &&
            (entry.member === null ? 'none' : getMemberKey(entry.member)) ===
              (next.member === null ? 'none' : getMemberKey(next.member));
          expect(same).toBe(false);
        });
      }),
      { numRuns: propertyRuns(400) },
    );
  });

  it('gives an unrestricted layer exactly one person at every instant it is in force', () => {
    fc.assert(
      fc.property(
        rangeArb.chain((range) =>
          fc.record({ range: fc.constant(range), layer: layerArb({ within: range }), zone: zoneArb }),
        ),
        ({ range, layer, zone }) => {
          const schedule: ScheduleInput = { id: 'one', timeZone: zone, layers: [layer] };
          const { from: layerFrom, until: layerUntil } = ScheduleSchema.parse(schedule).layers[0] ?? {};
          const entries = getFinalSchedule(schedule, range);
          // Shape: [gap before the layer is in force] shifts… [gap after it ends], nothing else.
          const first = entries[0];
          const leading = first?.member === null ? first : undefined;
          const last = entries.at(-1);
          const trailing = last?.member === null && last !== leading ? last : undefined;
          const shifts = entries.filter((entry) => entry !== leading && entry !== trailing);
          for (const shift of shifts) {
            expect(shift.member).not.toBeNull();
            expect(shift.source).toMatchObject({ type: 'layer', layerIndex: 0 });
          }
          const firstShift = shifts[0];
          if (leading !== undefined && firstShift !== undefined) {
            // The layer starts at its `from`, or (without one) at the first handoff: turn 0.
            if (layerFrom !== undefined) expect(leading.until).toBe(layerFrom);
            else expect(firstShift.source).toMatchObject({ turn: 0 });
          }
          if (leading !== undefined && firstShift === undefined) {
            expect(
              (layerFrom !== undefined && layerFrom >= leading.until) ||
                (layerUntil !== undefined && layerUntil <= leading.from) ||
                layerFrom === undefined,
            ).toBe(true);
          }
          if (trailing !== undefined) expect(trailing.from).toBe(layerUntil);
        },
      ),
      { numRuns: propertyRuns(300) },
    );
  });

  it('lets the latest override covering an instant win over every layer', () => {
    fc.assert(
      fc.property(scenarioArb, ({ schedule, range }) => {
        const entries = getFinalSchedule(schedule, range);
        const overrides = ScheduleSchema.parse(schedule).overrides;
        for (const instant of probes(entries)) {
          const covering = overrides
            .map((override, index) => ({ override, index }))
            .filter(({ override }) => override.from <= instant && instant < override.until);
          const entry = entryAt(entries, instant);
          const top = covering.at(-1);
          if (top === undefined) {
            expect(entry?.source.type).not.toBe('override');
          } else {
            expect(entry?.source).toEqual({ type: 'override', overrideIndex: top.index });
            expect(entry?.member).toEqual(top.override.member);
          }
        }
      }),
      { numRuns: propertyRuns(300) },
    );
  });

  it('keeps the rotation order and never gives a member two turns in a row unless alone', () => {
    // Turns of at least two hours: a one-hour turn can vanish into a DST gap (see the example test).
    fc.assert(
      fc.property(
        fc.record({ range: rangeArb, layer: layerArb({ minHours: 2 }), zone: zoneArb }),
        ({ range, layer, zone }) => {
          const schedule: ScheduleInput = { id: 'order', timeZone: zone, layers: [layer] };
          const shifts = getFinalSchedule(schedule, range).filter((entry) => entry.member !== null);
          const members = layer.members;
          const alone = new Set(members.map(getMemberKey)).size === 1;
          shifts.forEach((shift, index) => {
            if (shift.source.type !== 'layer' || shift.member === null)
              throw new Error('expected a layer shift');
            const turn = shift.source.turn;
            const expected = members[((turn % members.length) + members.length) % members.length];
            expect(getMemberKey(shift.member)).toBe(getMemberKey(expected ?? shift.member));
            const next = shifts[index + 1];
            if (next === undefined || next.source.type !== 'layer' || next.member === null) return;
            expect(next.source.turn).toBe(turn + 1);
            if (!alone) expect(getMemberKey(next.member)).not.toBe(getMemberKey(shift.member));
          });
        },
      ),
      { numRuns: propertyRuns(300) },
    );
  });

  it('hands over at the handoff time on the wall clock of the layer zone, or when a DST gap ends', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.record({
            range: rangeArb,
            layer: layerArb().filter((layer) => layer.turn.unit !== 'hours'),
            zone: zoneArb,
          }),
          dstLayerArb,
        ),
        ({ range, layer, zone }) => {
          const timeZone = ('timeZone' in layer ? layer.timeZone : undefined) ?? zone;
          const format = new Intl.DateTimeFormat('en-GB', {
            timeZone,
            hour: '2-digit',
            minute: '2-digit',
            hourCycle: 'h23',
          });
          const offset = (instant: number) =>
            new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' }).format(
              new Date(instant),
            );
          const entries = getFinalSchedule({ id: 'wall', timeZone: zone, layers: [layer] }, range);
          for (const entry of entries.slice(1)) {
            const at = ms(entry.from);
            const reading = format.format(new Date(at));
            // The first such instant: when clocks go back, the earlier of the two readings.
            for (const before of [30, 60, 90]) {
              expect(format.format(new Date(at - before * 60_000))).not.toBe(layer.handoffTime);
            }
            if (reading !== layer.handoffTime) {
              // Only where the handoff time did not exist that day: the offset changes at this very instant.
              expect(offset(at - 1)).not.toBe(offset(at));
              expect(reading > layer.handoffTime).toBe(true);
            }
          }
        },
      ),
      { numRuns: propertyRuns(300) },
    );
  });

  // Node ignores a change of process.env.TZ inside a worker thread, where Stryker's vitest runner runs the tests
  // (npm run test:mutation); npm test runs test files in child processes, where the change takes effect.
  it.skipIf(!isMainThread)('returns the same schedule whatever the host time zone is', () => {
    const original = process.env.TZ;
    try {
      fc.assert(
        fc.property(scenarioArb, ({ schedule, range }) => {
          const results = ['UTC', 'America/Los_Angeles', 'Asia/Kolkata', 'Pacific/Chatham'].map((host) => {
            process.env.TZ = host;
            expect(new Date(Date.UTC(2024, 0, 1)).getTimezoneOffset()).toBe(
              { UTC: 0, 'America/Los_Angeles': 480, 'Asia/Kolkata': -330, 'Pacific/Chatham': -825 }[host],
            );
            return JSON.stringify(getFinalSchedule(schedule, range));
          });
          expect(new Set(results).size).toBe(1);
        }),
        { numRuns: propertyRuns(100) },
      );
    } finally {
      if (original === undefined) delete process.env.TZ;
      else process.env.TZ = original;
    }
  });
});

describe('whoIsOnCall', () => {
  it('names the entry of the final schedule that contains the instant, with its whole extent', () => {
    fc.assert(
      fc.property(
        scenarioArb.chain((scenario) =>
          fc.record({ scenario: fc.constant(scenario), at: instantNear(scenario.range) }),
        ),
        ({ scenario, at }) => {
          const { schedule } = scenario;
          // A window wide enough that the shift holding `at` is not cut by the window's ends.
          const range = {
            from: new Date(ms(at) - 120 * 86_400_000).toISOString(),
            to: new Date(ms(at) + 120 * 86_400_000).toISOString(),
          };
          const entry = entryAt(getFinalSchedule(schedule, range), at);
          const shift = whoIsOnCall(schedule, at);
          if (entry?.member === null || entry === undefined) expect(shift).toBeNull();
          else expect(shift).toEqual(entry);
        },
      ),
      { numRuns: propertyRuns(200) },
    );
  });
});

describe('getScheduleCoverage', () => {
  it('adds up: covered plus gaps is the range, members share the covered time, gaps match the final schedule', () => {
    fc.assert(
      fc.property(scenarioArb, ({ schedule, range }) => {
        const coverage = getScheduleCoverage(schedule, range);
        const entries = getFinalSchedule(schedule, range);
        const gapMinutes = coverage.gaps.reduce((sum, gap) => sum + gap.minutes, 0);
        expect(coverage.coveredMinutes + gapMinutes).toBeCloseTo(coverage.totalMinutes, 6);
        expect(coverage.members.reduce((sum, member) => sum + member.minutes, 0)).toBeCloseTo(
          coverage.coveredMinutes,
          6,
        );
        expect(coverage.gaps.map((gap) => [gap.from, gap.until])).toEqual(
          entries.filter((entry) => entry.member === null).map((entry) => [entry.from, entry.until]),
        );
        for (const overlap of coverage.overlaps) {
          expect(overlap.covering.length).toBeGreaterThan(1);
          const entry = entryAt(entries, overlap.from);
          expect(overlap.covering[0]?.source).toEqual(entry?.source);
        }
      }),
      { numRuns: propertyRuns(200) },
    );
  });
});
