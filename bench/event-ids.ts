// Event-id (idempotency) cost as the log grows: an incident with N events that carry ids, then (a) redeliveries of
// an applied event (the duplicate check alone) and (b) a run of new events with ids against the same run without
// ids (what the id check adds to a step). Before, each step scanned an array of every applied id (`includes`); the
// last column shows what that scan costs at each size, for comparison. Past about 10,000 entries every step slows
// down whatever the ids: copying the timeline array (immutable state) gets much dearer on Node 20.
//   npx tsx bench/event-ids.ts
import { applyEvent, createIncident, type IncidentEventInput, type IncidentState } from 'incident-kit';
import { type BenchResult, isMain, median, printResults, rounds } from './harness';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const SIZES = [100, 1_000, 10_000];
const RUN = 200;

const minute = (base: string, minutes: number) => new Date(Date.parse(base) + minutes * 60_000).toISOString();

function incidentWith(count: number): IncidentState {
  const created = createIncident({
    id: 'INC-B',
    title: 'Long log',
    at: '2024-01-15T14:20:00Z',
    severity: 'SEV4',
  });
  if (!created.ok) throw created.error;
  let state = created.state;
  for (let index = 0; index < count; index++) {
    const step = applyEvent(state, {
      type: 'add_note',
      at: minute('2024-01-15T14:20:00Z', index / 60),
      text: `note ${index}`,
      id: `slack-${index}`,
    });
    if (!step.ok) throw step.error;
    state = step.state;
  }
  return state;
}

let counter = 0;

/** Applies RUN more notes to `state` (with or without ids) and returns the new state, as a host's log grows. */
function run(state: IncidentState, withIds: boolean): IncidentState {
  let current = state;
  for (let index = 0; index < RUN; index++) {
    counter += 1;
    const event: IncidentEventInput = {
      type: 'add_note',
      at: current.lastEventAt,
      text: `more ${counter}`,
      ...(withIds ? { id: `more-${counter}` } : {}),
    };
    const step = applyEvent(current, event);
    if (!step.ok) throw step.error;
    current = step.state;
  }
  return current;
}

export function benchEventIds(): BenchResult {
  const absolute: string[] = [];
  for (const size of SIZES) {
    // Two logs of `size` events with ids, each growing by RUN events a round (as a host applies them to its newest
    // state): one with ids, one without. The ids index follows the newest state.
    let withIds = incidentWith(size);
    let withoutIds = structuredClone(withIds);
    const redelivery: IncidentEventInput = {
      type: 'add_note',
      at: withIds.lastEventAt,
      text: `note ${size >> 1}`,
      id: `slack-${size >> 1}`,
    };
    const ids = withIds.timeline.flatMap((entry) => (entry.eventId ? [entry.eventId] : []));
    const samples = rounds(
      {
        duplicate: () => {
          for (let index = 0; index < RUN; index++) {
            const step = applyEvent(withIds, { ...redelivery, at: withIds.lastEventAt });
            if (!step.ok || !step.duplicate) throw new Error('expected a duplicate');
          }
        },
        withIds: () => {
          withIds = run(withIds, true);
        },
        withoutIds: () => {
          withoutIds = run(withoutIds, false);
        },
        scan: () => {
          for (let index = 0; index < RUN; index++)
            if (ids.includes(`absent-${index}`)) throw new Error('found');
        },
      },
      { rounds: ROUNDS, warmUp: 1 },
    );
    const ms = {
      duplicate: median(samples.duplicate),
      withIds: median(samples.withIds),
      withoutIds: median(samples.withoutIds),
      scan: median(samples.scan),
    };
    const us = (total: number) => ((total / RUN) * 1000).toFixed(1).padStart(7);
    absolute.push(
      `${String(size).padStart(6)} events: duplicate check ${us(ms.duplicate)} µs; new event with id ${us(ms.withIds)} µs, without ${us(ms.withoutIds)} µs; old includes() scan ${us(ms.scan)} µs`,
    );
  }
  return {
    title: `event ids: per event, median of ${ROUNDS} rounds of ${RUN}`,
    figures: [],
    absolute,
  };
}

if (isMain(import.meta.url)) printResults([benchEventIds()]);
